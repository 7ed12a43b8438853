// Draws each chart the notebooks made (a div and its figure as JSON) with the site's one
// local copy of plotly.js. Nothing is fetched from the internet.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".crampkit-site-chart").forEach(function (div) {
    var data = div.nextElementSibling;
    if (!data || !data.classList.contains("crampkit-site-figure") || !window.Plotly) { return; }
    var figure = JSON.parse(data.textContent);
    var config = Object.assign({displaylogo: false, responsive: true}, figure.config || {});
    window.Plotly.newPlot(div, figure.data || [], figure.layout || {}, config);
  });
});
