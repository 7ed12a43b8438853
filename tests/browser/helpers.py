"""Paths and notebook metadata shared by the browser tests (no fixtures here)."""
from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("CRAMPKIT_BROWSER_NOTEBOOKS") or REPO / "notebooks")
OUTPUT_DIR = REPO / "test-output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")

# The two sizes every page is looked at (and screenshotted) in: a laptop and a narrow window.
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 800, "height": 900}




class SlowPage(UserWarning):
    """A page was not loaded within its first wait, its server still answered, and the test
    waited once more for the same page (listed in the run's warnings summary)."""


def open_page(page, url: str, server, *, timeout_ms: int, wait_until: str = "load") -> None:
    """``page.goto(url)``, patient with a busy machine.

    When the page has not reached ``wait_until`` within ``timeout_ms`` but ``server`` still
    runs and answers its probe, wait once more, as long, for the SAME page: it is never asked
    for again (a Voila app asked for twice starts two kernels, and the first one would run
    on). That second wait is reported: a :class:`SlowPage` warning and a line in
    ``test-output/browser/slow-pages.log``. A server that stopped or no longer answers fails
    the test at once, with the end of its log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    arrived = []  # the new page has started to arrive (the main frame moved to it)

    def on_navigated(frame) -> None:
        if frame == page.main_frame:
            arrived.append(frame.url)

    page.on("framenavigated", on_navigated)
    try:
        try:
            page.goto(url, timeout=timeout_ms, wait_until=wait_until)
            return
        except PlaywrightTimeout:
            if not server.answers(timeout=30):
                pytest.fail(f"{url} did not load within {timeout_ms // 1000} s and "
                            f"{server.name} no longer answers; its log ({server.log_path}) "
                            f"ends:\n{server.log_tail(3000)}", pytrace=False)
        note = (f"{url} had not loaded ({wait_until}) after {timeout_ms // 1000} s while "
                f"{server.name} still answered: waited up to {timeout_ms // 1000} s more for "
                f"the same page ({'arriving' if arrived else 'no answer yet'})")
        warnings.warn(note, SlowPage, stacklevel=2)
        _note_slow_page(note)
        deadline = time.monotonic() + timeout_ms / 1000
        if not arrived:
            page.wait_for_event("framenavigated", lambda frame: frame == page.main_frame,
                                timeout=timeout_ms)
        page.wait_for_load_state(wait_until,
                                 timeout=max(1_000, (deadline - time.monotonic()) * 1000))
        _note_slow_page(f"{url} loaded after {time.monotonic() - started:.0f} s in all")
    finally:
        page.remove_listener("framenavigated", on_navigated)


def _note_slow_page(line: str) -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    with open(OUTPUT_DIR / "slow-pages.log", "a", encoding="utf-8") as log:
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {test}: {line}\n")


# Voila scrolls inside an element, so a "full page" shot shows one screen: measure the
# tallest scrolling element and make the window that tall for the shot instead.
CONTENT_HEIGHT = """() => Math.max(document.body.scrollHeight, ...Array.from(
  document.querySelectorAll('body *')).filter(e => e.scrollHeight > e.clientHeight + 5)
  .map(e => e.scrollHeight))"""


def screenshot_both_widths(page, path_stem) -> None:
    """Save ``path_stem``-1366.png and ``path_stem``-800.png (the whole page) for a person
    to look at; the page is laid out again at 800 px, not reloaded."""
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # let widgets and charts lay themselves out again
        height = min(max(size["height"], page.evaluate(CONTENT_HEIGHT) + 40), 15_000)
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(200)
        page.screenshot(path=f"{path_stem}-{size['width']}.png")
    page.set_viewport_size(WIDE)


def series_notebooks() -> list[Path]:
    """Every ``NN_topic.ipynb`` of the series, found when the tests are collected."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def browser_expectations(notebook: Path) -> dict:
    """The notebook's ``metadata.crampkit.browser`` contract (see test_notebooks_lab.py)."""
    metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    expectations = (metadata.get("crampkit") or {}).get("browser") or {}
    if not isinstance(expectations, dict):
        raise ValueError(f"{notebook.name}: metadata.crampkit.browser must be an object, "
                         f"got {expectations!r}")
    return expectations
