// crampkit: what ipywidgets cannot say by itself (crampkit.widgets.fields.accordion, PlanApp).
// A section header (a <button> with class crampkit-section-toggle) gets aria-expanded from
// its crampkit-open class, so a screen reader says "expanded" or "collapsed"; and "Show my
// plan" (crampkit-plan-submit), pressed by mouse, Enter or Space, takes the focus to "Your
// next steps" (#crampkit-plan-start), with the warning above it in view, once the plan says
// it is ready, unless an answer needs
// fixing (the notes beside the answers come first then).
(() => {
  function sync() {
    for (const el of document.querySelectorAll('.crampkit-section-toggle')) {
      const value = el.classList.contains('crampkit-open') ? 'true' : 'false';
      if (el.getAttribute('aria-expanded') !== value) el.setAttribute('aria-expanded', value);
    }
  }
  let queued = false;
  function later() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; sync(); });
  }
  function toPlan(button) {
    const started = Date.now();
    const move = () => {
      const app = button.closest('.crampkit-plan');
      if (!app || app.classList.contains('crampkit-plan-waiting')) return;
      const target = document.getElementById('crampkit-plan-start');
      if (target && app.innerText.includes('Your plan is ready')) {
        // The warning stays first: scroll to it (the banner), then focus the next steps.
        (app.querySelector('.crampkit-urgency-banner') || target).scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      } else if (Date.now() - started < 10000) {
        setTimeout(move, 200);
      }
    };
    setTimeout(move, 400);
  }
  function start() {
    new MutationObserver(later).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    sync();
    document.addEventListener('click', (event) => {
      const button = event.target.closest && event.target.closest('.crampkit-plan-submit');
      if (button) toPlan(button);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
