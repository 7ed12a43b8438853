"""Speed a person feels, in a real browser: the apps in Voila against a one-widget notebook.

Voila serves a throw-away copy of the notebooks (as ``voila notebooks/`` beside voila.json,
with crampkit's page template) and Debian's Chromium opens:

* the floor: a notebook that only shows one widget, from the request until the widget is on
  the page (Voila starts a kernel, runs it, the page loads and connects);
* the plan and diary apps, from the request until their chart is drawn. Target: at most half
  the floor;
* a changed answer in the plan app (a new age, then Tab), until the banner names the new age
  and the chart is drawn again. Target: 150 ms median (300 ms worst, in the note).

Each page load is a fresh browser context and a fresh kernel. Measurements, not tests.
Skipped (no rows) when Chromium or playwright is missing.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import Case

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
FLOOR_NOTEBOOK = "bench_one_widget.ipynb"
CHART = ".js-plotly-plot"
RESULTS: dict[str, float] = {}
_state: dict = {}


def _start():
    import nbformat
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, _copy_notebooks, _jupyter, _server_env
    from tests.browser.servers import Server, free_port

    root = Path(tempfile.mkdtemp(prefix="crampkit-bench-browser-"))
    notebooks = _copy_notebooks(root)
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    floor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets\nipywidgets.Button(description='One widget')")])
    floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    nbformat.write(floor, notebooks / FLOOR_NOTEBOOK)
    port = free_port()
    server = Server("Voila", [_jupyter("voila"), "notebooks", "--no-browser",
                              "--Voila.ip=127.0.0.1", f"--Voila.port={port}",
                              "--Voila.port_retries=0"],
                    env=_server_env(root), cwd=root, base_url=f"http://127.0.0.1:{port}",
                    probe_path="/voila/static/voila.js", log_path=root / "voila.log")
    server.start()
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    _state.update(server=server, playwright=playwright, browser=browser, root=root)
    atexit.register(_stop)


def _stop():
    if "browser" in _state:
        _state.pop("browser").close()
        _state.pop("playwright").stop()
        _state.pop("server").stop()
        shutil.rmtree(_state.pop("root"), ignore_errors=True)


def _open(name: str, ready: str):
    """Open ``name`` in a fresh context; return (context, page) once ``ready`` is visible."""
    context = _state["browser"].new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{_state['server'].base_url}/voila/render/{name}", wait_until="commit",
              timeout=120_000)
    page.locator(ready).first.wait_for(state="visible", timeout=120_000)
    return context, page


def _load(name: str, ready: str):
    def run(_):
        context, _page = _open(name, ready)
        context.close()
    return run


def _plan_page():
    if "plan" not in _state:
        _state["plan"] = _open("apps/plan.ipynb", f".crampkit-causes-chart {CHART}")
        _state["age"] = 40
    return _state["plan"][1]


def _change_age(page):
    _state["age"] = 41 if _state["age"] >= 80 else _state["age"] + 1
    age = str(_state["age"])
    box = page.locator(".crampkit-plan-age input").first
    box.fill(age)
    box.press("Tab")
    page.wait_for_function(
        "(age) => (document.querySelector('.crampkit-urgency-banner') || {innerText: ''})"
        ".innerText.includes('age ' + age)", arg=age, timeout=30_000, polling="raf")
    page.locator(f".crampkit-causes-chart {CHART}").first.wait_for(state="visible")


def cases():
    try:
        import playwright  # noqa: F401
    except ImportError:
        return []
    if not CHROMIUM.exists():
        return []
    _start()
    return [
        Case("floor: one-widget notebook, request to widget shown",
             _load(FLOOR_NOTEBOOK, "button.jupyter-button"), target_ms=float("inf"),
             repeat=5, note="Voila starts a kernel and shows one widget"),
        Case("plan app: request to chart shown", _load("apps/plan.ipynb",
             f".crampkit-causes-chart {CHART}"), target_ms=float("inf"), repeat=5,
             note="target: half the floor"),
        Case("diary app: request to chart shown", _load("apps/diary.ipynb",
             f".crampkit-diary-chart {CHART}"), target_ms=float("inf"), repeat=5,
             note="target: half the floor"),
        Case("plan app: changed age redrawn in the browser", _change_age, target_ms=150,
             setup=_plan_page, repeat=20, note="target 150 ms median, 300 ms worst"),
    ]


def finalise(rows: list[dict]) -> None:
    """Set the apps' targets to half the floor measured in the same run; stop the servers."""
    floor = next((r for r in rows if r["name"].startswith("floor")), None)
    for row in rows:
        if floor and row["name"].endswith("request to chart shown"):
            row["target_ms"] = round(floor["median_ms"] / 2, 1)
            row["met"] = row["median_ms"] <= row["target_ms"]
            row["note"] = f"{row['median_ms'] / floor['median_ms']:.2f} x the floor"
        if row["name"].startswith("floor"):
            row["target_ms"] = 0
            row["met"] = True
        if "redrawn" in row["name"]:
            row["met"] = row["median_ms"] <= 150 and row["worst_ms"] <= 300
    if "plan" in _state:
        _state.pop("plan")[0].close()
    _stop()
