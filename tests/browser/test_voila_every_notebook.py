"""App mode: every notebook of the series renders in Voila (code hidden) with working widgets.

For each ``notebooks/NN_*.ipynb``: Voila executes it, the page finishes ("Executing ..."
disappears), no cell error or "Error displaying widget" shows, its widgets are on the page,
and, where ``metadata.crampkit.browser.charts`` is true, at least one plotly chart is drawn.
The interactive checks of the two main apps are in ``test_voila_apps.py``.
"""
from __future__ import annotations

import pytest

from . import pagejs
from .helpers import browser_expectations, open_page, screenshot_both_widths, series_notebooks

pytestmark = pytest.mark.browser
NOTEBOOKS = series_notebooks()
DONE = """() => !document.body.innerText.includes('Executing ')
             && document.querySelectorAll('.jupyter-widgets').length > 0"""


def _render(page, server, notebook, expectations) -> list[str]:
    """Open ``notebook`` as an app, wait until it has run, and list what looks broken."""
    open_page(page, f"{server.base_url}/voila/render/{notebook.name}", server,
              timeout_ms=90_000, wait_until="domcontentloaded")
    page.wait_for_function(DONE, timeout=90_000)
    if expectations.get("charts"):
        page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=30_000)
    problems = page.evaluate(pagejs.PAGE_PROBLEMS, "body")
    if "There was an error when executing cell" in page.locator("body").inner_text():
        problems.append("Voila: there was an error when executing a cell")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_works_as_a_voila_app(notebook, voila_server, page, output_dir):
    expectations = browser_expectations(notebook)
    try:
        problems = _render(page, voila_server, notebook, expectations)
        assert not problems, f"{notebook.name} in Voila shows errors:\n" + "\n---\n".join(problems)
        assert page.locator(".jupyter-widgets").count() > 0
        assert "NBVAL_CHECK_OUTPUT" not in page.locator("body").inner_text(), "code is showing"
    finally:
        screenshot_both_widths(page, output_dir / f"voila_{notebook.stem}")
