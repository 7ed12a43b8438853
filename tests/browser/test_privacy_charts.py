"""No chart is a way out of the machine: every toolbar button clicked, in a real browser
(issue 23 item 2), and the toolbar kept out of the Tab order (issue 24 item 6).

For a chart in the plan app and the diary app (Voila) and in a notebook (JupyterLab): the
chart's live plotly.js settings forbid sharing, no button offers to share, and clicking
every toolbar button in turn sends nothing to any host but this machine, opens no window
and shows no "Share chart" dialog. While the mouse is elsewhere no toolbar button can take
the keyboard focus, so Tab goes from the page's links to the form without passing through
ten buttons per chart.
"""
from __future__ import annotations

import pytest

from . import pagejs
from .conftest import block_the_internet
from .helpers import NOTEBOOKS, WIDE, open_page

pytestmark = pytest.mark.browser

APP_TIMEOUT_MS = 90_000
CLOUD_WORDS = ("share", "cloud", "chart studio", "plotly.com", "edit chart")

# The live settings plotly.js drew the chart with, and what its toolbar offers.
CHART_STATE = """(chart) => {
  const gd = chart.closest('.js-plotly-plot') || chart;
  const context = gd._context || {};
  return {
    showSendToCloud: context.showSendToCloud,
    plotlyServerURL: context.plotlyServerURL,
    displaylogo: context.displaylogo,
    buttons: Array.from(gd.querySelectorAll('.modebar-btn')).map(b =>
      (b.getAttribute('data-title') || '') + ' ' + (b.getAttribute('aria-label') || '') + ' '
      + (b.getAttribute('href') || '')),
    links: Array.from(gd.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  };
}"""

# Can any toolbar button of the chart take the focus (as Tab would give it)?
FOCUSABLE_BUTTONS = """(chart) => {
  const gd = chart.closest('.js-plotly-plot') || chart;
  const focusable = [];
  for (const button of gd.querySelectorAll('.modebar-btn')) {
    button.focus();
    if (document.activeElement === button) focusable.push(button.getAttribute('data-title'));
  }
  if (document.activeElement) document.activeElement.blur();
  return focusable;
}"""

CLOUD_DIALOG = ".plotly-cloud-dialog, .plotly-cloud-dialog-box"


def check_chart(page, chart, where: str, outside: list[str], popups: list) -> int:
    """Every check on one drawn chart; returns how many toolbar buttons were clicked."""
    page.mouse.move(0, 0)
    state = chart.evaluate(CHART_STATE)
    assert state["showSendToCloud"] is False, f"{where}: plotly.js may share this chart ({state})"
    assert state["plotlyServerURL"] in ("", None), f"{where}: an upload address is set ({state})"
    assert state["displaylogo"] is False, f"{where}: the plotly logo (a link to plotly.com) shows"
    offers = [b for b in state["buttons"] if any(word in b.lower() for word in CLOUD_WORDS)]
    assert not offers, f"{where}: toolbar buttons that share: {offers}"
    assert not state["links"], f"{where}: links in the chart: {state['links']}"
    assert chart.evaluate(FOCUSABLE_BUTTONS) == [], f"{where}: toolbar buttons take the keyboard focus"

    chart.hover()
    buttons = chart.locator(".modebar-btn")
    count = buttons.count()
    assert count >= 3, f"{where}: the toolbar shows {count} buttons under the mouse"
    for index in range(count):
        chart.hover()
        button = buttons.nth(index)
        title = button.get_attribute("data-title") or f"button {index}"
        if "download" in title.lower() or "png" in title.lower():
            with page.expect_download(timeout=15_000) as download:
                button.click()
            assert download.value.url.startswith(("data:", "blob:")), (
                f"{where}: '{title}' saved from {download.value.url[:80]}")
        else:
            button.click()
        page.wait_for_timeout(400)
        assert page.locator(CLOUD_DIALOG).count() == 0, f"{where}: '{title}' opened a share dialog"
        assert not popups, f"{where}: '{title}' opened a window: {[p.url for p in popups]}"
        assert not outside, f"{where}: '{title}' sent a request off the machine: {outside}"
    return count


def _context(browser):
    context = browser.new_context(viewport=WIDE, accept_downloads=True)
    context.set_default_timeout(30_000)
    outside = block_the_internet(context)
    popups: list = []
    context.on("page", lambda new_page: popups.append(new_page))
    return context, outside, popups


@pytest.mark.parametrize("app, ready", [("plan", ".crampkit-plan-age input"),
                                        ("diary", ".crampkit-diary-add")])
def test_every_toolbar_button_of_an_app_chart_stays_on_this_machine(app, ready, browser, voila_server):
    name = f"apps/{app}.ipynb"
    if not (NOTEBOOKS / name).exists():
        pytest.skip(f"notebooks/{name} does not exist yet")
    context, outside, popups = _context(browser)
    try:
        page = context.new_page()
        open_page(page, f"{voila_server.base_url}/voila/render/{name}", voila_server,
                  timeout_ms=APP_TIMEOUT_MS, wait_until="domcontentloaded")
        page.locator(ready).first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        if app == "plan":  # the plan app starts empty: an age brings its chart
            page.locator(ready).first.fill("72")
            page.keyboard.press("Tab")
        # The apps draw their charts as inline SVGs: no toolbar, no link, no button at all.
        chart = page.locator(".crampkit-app :is(.crampkit-causes-chart, .crampkit-diary-chart) svg").first
        chart.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        assert chart.locator("a, button, foreignObject").count() == 0, "a way out in an app chart"
        assert not page.locator(".crampkit-app .js-plotly-plot, .crampkit-app .modebar").count()
    finally:
        context.close()
    assert not outside, f"the {app} app asked the internet for {sorted(set(outside))}"


NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


@pytest.mark.parametrize("notebook", ["05_nerves_circulation.ipynb", "09_cramp_diary.ipynb"])
def test_every_toolbar_button_of_a_notebook_chart_stays_on_this_machine(notebook, browser, lab_server):
    """Charts in JupyterLab, shown by ``display(chart(fig))`` and inside widgets."""
    if not (NOTEBOOKS / notebook).exists():
        pytest.skip(f"notebooks/{notebook} does not exist")
    context, outside, popups = _context(browser)
    try:
        page = context.new_page()
        open_page(page, f"{lab_server.base_url}/lab?reset", lab_server, timeout_ms=60_000)
        page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=60_000)
        page.evaluate("async () => { await window.jupyterapp.restored; }")
        page.evaluate(pagejs.LAB_OPEN, notebook)
        page.wait_for_function(pagejs.LAB_KERNEL_READY, arg=notebook, timeout=60_000)
        page.evaluate(pagejs.LAB_AWAIT_KERNEL_INFO)
        page.evaluate(pagejs.LAB_RUN_ALL)
        page.wait_for_function(pagejs.LAB_RUN_FINISHED, timeout=120_000, polling=250)
        charts = page.locator(f"{NOTEBOOK} .js-plotly-plot")
        charts.first.wait_for(state="visible", timeout=30_000)
        popups.clear()
        clicked = 0
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            clicked += check_chart(page, chart, f"{notebook} chart {index + 1}", outside, popups)
        assert clicked
        page.evaluate(pagejs.LAB_CLOSE_NOTEBOOK)
    finally:
        context.close()
    assert not outside, f"{notebook} asked the internet for {sorted(set(outside))}"
