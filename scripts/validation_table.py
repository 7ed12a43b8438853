"""Write the README's validation table from a measured run of the validation cases.

    python scripts/validation_table.py          # use benchmarks/results/validation.json
    python scripts/validation_table.py --run    # measure now (same as run.py validation), then write

The table goes between ``<!-- validation-table:start -->`` and ``<!-- validation-table:end -->``
in README.md; nothing else in the README changes. Numbers are never typed by hand: they come
from ``benchmarks/bench_validation.py``'s saved result.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START = "<!-- validation-table:start -->"
END = "<!-- validation-table:end -->"


def render(report: dict) -> str:
    lines = [f"Measured {report['when']} at commit `{report['commit']}` on {report['cases']} cases "
             f"(Python {report['python']}).", "",
             "| measure | crampkit | n | published anchor (other vignettes, other definitions) |",
             "| --- | --- | --- | --- |"]
    for r in report["measures"]:
        value = "n/a" if r["percent"] is None else f"{r['percent']:.1f}% ({r['hits']}/{r['n']})"
        lines.append(f"| {r['label']} | {value} | {r['n']} | {r['anchor'] or '-'} |")
    return "\n".join(lines)


def write(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise SystemExit(f"{readme}: needs exactly one {START} ... {END} pair")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    readme.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="measure the cases now and save the result first")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    from benchmarks import bench_validation
    if args.run:
        report = bench_validation.measure_quality()
        bench_validation.save(report)
    elif bench_validation.RESULT_FILE.exists():
        report = json.loads(bench_validation.RESULT_FILE.read_text(encoding="utf-8"))
    else:
        print("no measured run yet: run `python benchmarks/run.py validation` or add --run", file=sys.stderr)
        return 1
    write(args.readme, render(report))
    print(f"wrote the validation table ({report['cases']} cases, commit {report['commit']}) to {args.readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
