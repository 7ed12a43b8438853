"""The book site (``make site``, in ``build/site/``) opened page by page in a real browser.

The site is served from a local HTTP server on 127.0.0.1, as a person would view it after
building it; every request to another host fails the test (the ``page`` fixture). For every
page: no link inside the site is broken (the file exists, and so does the ``#part`` it names),
no output is empty or an error where a chart, a tool's picture or text should be, every chart is drawn by
the site's one local plotly.js, and every picture of a tool has its "Run this on Binder" link
to its own notebook. The index lists the series in order, code is folded away, and the
built-in search finds pages.

Skipped (even in CI) while the site is not built: ``make site`` builds it (a few minutes).
"""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .helpers import OUTPUT_DIR, REPO, screenshot_both_widths

pytestmark = pytest.mark.browser

SITE = REPO / "build" / "site"
SERIES = [f"{n:02d}" for n in range(11)]

# Every page's links, element ids, empty outputs, undrawn charts and tool pictures.
PAGE_FACTS = """() => {
  const text = (e) => (e.innerText || '').trim();
  const drawn = (e) => !!e.querySelector('svg, img, canvas, table, iframe');
  return {
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id)
      .concat(Array.from(document.querySelectorAll('a[name]')).map(e => e.name)),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    emptyOutputs: Array.from(document.querySelectorAll('.cell_output .output'))
      .filter(e => !text(e) && !drawn(e)).map(e => e.outerHTML.slice(0, 200)),
    errors: Array.from(document.querySelectorAll('.cell_output .output.traceback, .cell_output .output.stderr'))
      .map(e => text(e).slice(0, 300)),
    charts: document.querySelectorAll('.crampkit-site-chart').length,
    undrawnCharts: Array.from(document.querySelectorAll('.crampkit-site-chart'))
      .filter(e => !e.querySelector('svg.main-svg')).length,
    widgets: Array.from(document.querySelectorAll('.crampkit-site-widget')).map(e => ({
      binder: (e.querySelector('a.crampkit-site-binder') || {}).href || '',
      text: text(e).length})),
    plotlyScripts: Array.from(document.scripts).filter(s => /plotly[^/]*\\.js/.test(s.src))
      .map(s => s.src),
    openCode: document.querySelectorAll('.cell_input:not(details *)').length
      + document.querySelectorAll('details.hide.above-input[open]').length,
  };
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports problems itself
        pass


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.skip(f"the book site is not built ({SITE} has no index.html): run `make site`")
    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_pages() -> list[str]:
    """Every HTML page of the built site, as a path relative to the site's folder."""
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                  if not p.relative_to(SITE).parts[0].startswith("_"))


def _open(page, url: str) -> None:
    page.goto(url, wait_until="load")


def test_every_page_links_charts_and_tool_pictures(page, site_url):
    pages = site_pages()
    assert {f"notebooks/{p.name[:-6]}.html" for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")} <= set(pages)
    facts, problems = {}, []
    for name in pages:
        _open(page, f"{site_url}/{name}")
        if name.startswith("notebooks/") and page.locator(".crampkit-site-chart").count():
            page.wait_for_function("() => Array.from(document.querySelectorAll('.crampkit-site-chart'))"
                                   ".every(e => e.querySelector('svg.main-svg'))", timeout=15_000)
        facts[name] = found = page.evaluate(PAGE_FACTS)
        problems += [f"{name}: empty output {html}" for html in found["emptyOutputs"]]
        problems += [f"{name}: an error where an output should be: {text}" for text in found["errors"]]
        if found["undrawnCharts"]:
            problems.append(f"{name}: {found['undrawnCharts']} of {found['charts']} charts not drawn")
        if found["charts"] and [urlsplit(s).path for s in found["plotlyScripts"]] != ["/_static/plotly.min.js"]:
            problems.append(f"{name}: plotly.js should come once from _static, got {found['plotlyScripts']}")
        notebook = f"notebooks/{Path(name).stem}.ipynb"
        for number, widget in enumerate(found["widgets"], 1):
            if not widget["binder"].startswith("https://mybinder.org/") or not widget["binder"].endswith(notebook):
                problems.append(f"{name}: tool picture {number} has no Binder link to {notebook}")
            if widget["text"] < 40:
                problems.append(f"{name}: tool picture {number} is (nearly) empty")
        if found["openCode"]:
            problems.append(f"{name}: {found['openCode']} code cells shown unfolded")
    for name, found in facts.items():
        for link in found["links"]:
            parts = urlsplit(link)
            if parts.hostname != "127.0.0.1":
                continue
            target = unquote(parts.path).lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (SITE / target).is_file():
                problems.append(f"{name}: broken link to {target}")
            elif parts.fragment and target in facts and unquote(parts.fragment) not in facts[target]["ids"]:
                problems.append(f"{name}: link to {target}#{parts.fragment}, which has no such part")
    assert not problems, "\n".join(problems)
    # Widgets and charts are where the site must not fall back to an empty Out[n]:
    assert sum(len(f["widgets"]) for f in facts.values()) >= 20
    assert sum(f["charts"] for f in facts.values()) >= 2


def test_index_lists_the_series_in_order_and_code_is_folded(page, site_url, tmp_path):
    _open(page, f"{site_url}/index.html")
    hrefs = page.eval_on_selector_all("article a[href*='notebooks/']", "as => as.map(a => a.getAttribute('href'))")
    numbers = [m.group(1) for h in hrefs if (m := re.search(r"notebooks/(\d\d)_", h))]
    assert list(dict.fromkeys(numbers)) == SERIES
    assert page.locator("a[href='educators.html']").count() >= 1
    _open(page, f"{site_url}/notebooks/08_your_plan.html")
    code = page.locator("details.hide.above-input").first
    assert not code.locator(".cell_input").first.is_visible()
    code.locator("summary").click()
    assert code.locator(".cell_input").first.is_visible()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("index", "notebooks/05_nerves_circulation", "notebooks/08_your_plan"):
        _open(page, f"{site_url}/{name}.html")
        page.wait_for_timeout(500)
        screenshot_both_widths(page, OUTPUT_DIR / f"site-{Path(name).name}")


def test_search_finds_pages_offline(page, site_url):
    _open(page, f"{site_url}/search.html?q=stretch")
    results = page.locator("#search-results li a, ul.search li a")
    results.first.wait_for(timeout=15_000)
    found = results.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any("03_conditioning" in href for href in found), found
