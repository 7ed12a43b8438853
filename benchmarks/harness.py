"""A tiny timing harness shared by the benchmark modules in this folder.

Each ``bench_*.py`` module defines ``cases()`` returning a list of :class:`Case`. ``run.py``
times each case (median and worst of ``repeat`` runs, after ``setup``) and prints a table.
Benchmarks are measurements, not tests: nothing here asserts.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    """One measured operation: ``func(setup())`` timed ``repeat`` times against a target."""

    name: str
    func: Callable[[Any], Any]
    target_ms: float
    setup: Callable[[], Any] = field(default=lambda: None)
    repeat: int = 20
    note: str = ""


def measure(case: Case) -> dict:
    """Time ``case`` and return a result row (milliseconds)."""
    times = []
    for _ in range(case.repeat):
        arg = case.setup()
        start = time.perf_counter()
        case.func(arg)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    return {
        "name": case.name,
        "median_ms": round(median, 3),
        "worst_ms": round(max(times), 3),
        "target_ms": case.target_ms,
        "met": median <= case.target_ms,
        "runs": case.repeat,
        "note": case.note,
    }
