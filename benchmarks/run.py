"""Run every benchmark in this folder and print a table (and write JSON).

    python benchmarks/run.py                 # all bench_*.py modules
    python benchmarks/run.py assess diary    # only some of them
    python benchmarks/run.py validation      # the validation cases' quality table (group `validation`,
                                             # also saved to benchmarks/results/validation.json)

Results go to ``benchmarks/results/latest.json``. These are measurements on this machine,
not tests: nothing fails when a target is missed; the table says so.
"""
from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import measure  # noqa: E402


def main(selected: list[str]) -> int:
    modules = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if m.removeprefix("bench_") in selected]
    rows = []
    for name in modules:
        module = importlib.import_module(f"benchmarks.{name}")
        module_rows = []
        for case in module.cases():
            row = measure(case)
            row["group"] = name.removeprefix("bench_")
            module_rows.append(row)
        if hasattr(module, "finalise"):
            module.finalise(module_rows)
        rows.extend(module_rows)
        for row in module_rows:
            print(f"{row['group']:<10} {row['name']:<52} median {row['median_ms']:>10.3f} ms  "
                  f"worst {row['worst_ms']:>10.3f} ms  target {row['target_ms']:>8g} ms  "
                  f"{'met' if row['met'] else 'MISSED'}  {row['note']}", flush=True)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    report = {"when": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
              "machine": platform.machine(), "rows": rows}
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print("\n| group | measure | median | worst | target | met | note |\n|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['group']} | {r['name']} | {r['median_ms']:.3g} ms | {r['worst_ms']:.3g} ms | "
              f"{r['target_ms']:g} ms | {'yes' if r['met'] else 'no'} | {r['note']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
