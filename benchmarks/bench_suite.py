"""The whole test suite's wall time, as ``make test`` runs it (browser tests included).

Target: under 3 minutes on the project's 2-core machine. Run once per benchmark run (it is
the slowest measure here); the environment must already be set up (``make test`` once).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Case

ROOT = Path(__file__).resolve().parents[1]


def _suite(_):
    done = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                           "-q", "-n", "2", "--dist", "loadfile"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("the test suite failed:\n" + done.stdout[-3000:])


def cases():
    return [Case("pytest -n 2 --dist loadfile (make test, browser tests included)", _suite,
                 180_000, repeat=1)]
