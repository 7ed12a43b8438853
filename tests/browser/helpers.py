"""Paths and notebook metadata shared by the browser tests (no fixtures here)."""
from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("CRAMPKIT_BROWSER_NOTEBOOKS") or REPO / "notebooks")
OUTPUT_DIR = REPO / "test-output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")

# The two sizes every page is looked at (and screenshotted) in: a laptop and a narrow window.
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 800, "height": 900}


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
