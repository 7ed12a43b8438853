"""crampkit's benchmarks (``python benchmarks/run.py``).

Some benchmarks reuse the browser tests' servers (``tests.browser``). textstat's wheel (a
test tool) installs a top-level ``tests`` package that would win over the repository's
``tests/`` folder (a namespace package), so ``tests`` is pointed at the repository's folder.
"""
import sys
import types
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1] / "tests"
if getattr(sys.modules.get("tests"), "__path__", None) != [str(_TESTS)]:
    _package = types.ModuleType("tests")
    _package.__path__ = [str(_TESTS)]
    sys.modules["tests"] = _package
