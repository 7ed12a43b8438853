"""Each notebook's execution time beside the floor, and the peak memory of its kernel.

The floor is an empty notebook that only imports pandas, plotly and ipywidgets in a fresh
kernel, measured in the same run. Target: every notebook within 1.5 times the floor.
Each run starts a fresh kernel, executes every cell (as nbval does), and reads the kernel's
peak resident memory at the end.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from benchmarks.harness import Case

ROOT = Path(__file__).resolve().parents[1]
FLOOR_SOURCE = "import pandas, plotly.graph_objects, ipywidgets"
PEAK_MEMORY = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
RESULTS: dict[str, float] = {}


def _execute(nb) -> tuple[float, int]:
    """Run ``nb`` in a fresh kernel; (seconds, peak kernel memory in KiB)."""
    nb = nb.copy()
    nb.cells = list(nb.cells) + [nbformat.v4.new_code_cell(PEAK_MEMORY)]
    os.environ.setdefault("CRAMPKIT_HOME", tempfile.mkdtemp(prefix="crampkit-bench-"))
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    seconds = time.perf_counter() - start
    peak = int(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak


def _floor_notebook():
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])


def _measure(name: str, nb_factory):
    def run(_):
        seconds, peak = _execute(nb_factory())
        RESULTS[name] = peak
    return run


def cases():
    floor = Case("floor: empty notebook importing pandas, plotly, ipywidgets",
                 _measure("floor", _floor_notebook), 4000, repeat=3)
    result = [floor]
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        result.append(Case(f"notebook {path.name}", _measure(path.name, lambda p=path: nbformat.read(p, 4)),
                           0, repeat=3, note="target: 1.5 x floor"))
    return result


def peak_memory_kib() -> dict[str, int]:
    """Peak kernel memory per notebook from the last run (KiB)."""
    return dict(RESULTS)


def finalise(rows: list[dict]) -> None:
    """Set each notebook's target to 1.5 x the floor and note its kernel's peak memory."""
    floor = next(r for r in rows if r["name"].startswith("floor"))
    for row in rows:
        name = row["name"].removeprefix("notebook ")
        peak = RESULTS.get("floor" if row is floor else name)
        if peak:
            row["note"] = f"peak kernel memory {peak / 1024:.0f} MiB"
        if row is not floor:
            row["target_ms"] = round(1.5 * floor["median_ms"], 1)
            row["met"] = row["median_ms"] <= row["target_ms"]
