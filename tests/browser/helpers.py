"""Paths and notebook metadata shared by the browser tests (no fixtures here)."""
from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("CRAMPKIT_BROWSER_NOTEBOOKS") or REPO / "notebooks")
OUTPUT_DIR = REPO / "test-output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")


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
