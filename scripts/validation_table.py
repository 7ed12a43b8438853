"""Write the README's validation table from a measured run of the validation cases and phrase sets.

    python scripts/validation_table.py          # cases from benchmarks/results/validation.json
    python scripts/validation_table.py --run    # measure the cases now (same as run.py validation), then write
    python scripts/validation_table.py --changes "No rule or table was changed after the first run."

The table goes between ``<!-- validation-table:start -->`` and ``<!-- validation-table:end -->``
in README.md; nothing else in the README changes. Numbers are never typed by hand: the case rows
come from ``benchmarks/bench_validation.py``'s saved result, and the typed-phrase rows from
reading the held-out phrase sets (``tests/validation/phrases.py``) when the table is written.
Under the table comes the caveat: how the cases and phrases were written, whether rules or
tables were changed after the first run against them (``CHANGES_AFTER_FIRST_RUN``, or
``--changes``: the lead records this), and how far the phrase sets overlap crampkit's tables.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START = "<!-- validation-table:start -->"
END = "<!-- validation-table:end -->"

#: What the version 2 cases' first run changed (from the README's earlier caveat).
V2_CHANGES = ("for the version 2 cases, two ranking rules were adjusted after their first run (ankle swelling on "
              "a calcium channel blocker; low activity counting only when clearly under the guideline).")
#: Whether crampkit's rules or tables were changed after the first run against these cases and
#: phrases, and how. Recorded by the lead; ``None`` says plainly that it is not yet recorded.
CHANGES_AFTER_FIRST_RUN: str | None = None

HOW_WRITTEN = (
    "How the set was written: the cases (`tests/validation/cases.json`) and the typed phrases "
    "(`tests/validation/phrases_conditions.csv`, `phrases_medications.csv`) were written as a clinician "
    "would, from the assessment contract and the evidence notes, before crampkit was run on them; each "
    "phrase carries the meaning a clinician reads from it. The phrases are kept with the tests, never in "
    "`data/`, and crampkit's matcher does not read them. Version 2 cases whose expected answer contract v3 "
    "changes were updated to it, each saying so in its `v3_changes`.")
PHRASE_MEANING = (
    "A typed phrase is *understood* when crampkit reads the clinician's meaning (or says it does not "
    "understand a phrase whose meaning is unclear), *missed* when crampkit says it did not understand it "
    "(safe: the plan names it and holds back drinks, salt and potassium advice), and *misread* when it "
    "reads another meaning (a wrong condition or medicine class, a negation, a past condition or a family "
    "member's read as the person's own, a medicine no longer taken read as taken). The contract aims at "
    "95% understood and none misread.")
NOT_HELD_OUT = (
    "Rules and tables may have been changed after a first run against these cases and phrases; where they "
    "were, a full score says crampkit does what the contract asks on these cases and phrases, not how it "
    "would do on people and words it has never seen.")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def measure_phrases() -> dict:
    """Read both held-out phrase sets with crampkit: understood / missed / misread rows."""
    phrases = _load("validation_phrases", ROOT / "tests" / "validation" / "phrases.py")
    rows, word_for_word = [], {}
    for kind in phrases.FILES:
        result = phrases.measure(kind)
        rows.append({**result.row(), "misread_phrases": [list(m) for m in result.misread]})
        word_for_word[kind] = len(phrases.word_for_word(kind))
    from benchmarks.bench_validation import _commit

    return {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), "python": platform.python_version(),
            "rows": rows, "word_for_word": word_for_word}


def _phrase_line(row: dict) -> str:
    value = "n/a" if row["percent"] is None else (
        f"{row['understood']} / {row['missed']} / {row['misread']} ({row['percent']:.1f}% understood)")
    return f"| {row['label']} | {value} | {row['n']} | - |"


def caveat(phrase_report: dict | None = None, changes: str | None = None) -> str:
    """The honest words under the table."""
    changes = changes if changes is not None else CHANGES_AFTER_FIRST_RUN
    parts = [HOW_WRITTEN]
    if phrase_report:
        parts.append(PHRASE_MEANING)
        rows = {r["id"]: r for r in phrase_report["rows"]}
        overlap = phrase_report.get("word_for_word", {})
        if overlap:
            parts.append(
                f"Word for word in crampkit's `data/` tables: {overlap.get('conditions', 0)} of "
                f"{rows['phrases_conditions']['n']} typed conditions and {overlap.get('medicines', 0)} of "
                f"{rows['phrases_medicines']['n']} typed medicines (generic, brand and everyday condition names "
                f"are bound to be there; lay words, typos and negations copied from the set would not be).")
    parts.append(NOT_HELD_OUT)
    parts.append(f"Changed after the first run: {V2_CHANGES} For the v3 cases and the typed phrases: "
                 + (changes or "not yet recorded."))
    return "\n\n".join(parts)


def render(report: dict, phrase_report: dict | None = None, changes: str | None = None) -> str:
    head = (f"Measured {report['when']} at commit `{report['commit']}` on {report['cases']} cases "
            f"(Python {report['python']}).")
    if phrase_report:
        n = sum(r["n"] for r in phrase_report["rows"])
        same = phrase_report["commit"] == report["commit"]
        head += (f" Typed phrases ({n}) read {phrase_report['when']}"
                 + ("." if same else f" at commit `{phrase_report['commit']}`."))
    lines = [head, "",
             "| measure | crampkit | n | published anchor (other vignettes, other definitions) |",
             "| --- | --- | --- | --- |"]
    for r in report["measures"]:
        value = "n/a" if r["percent"] is None else f"{r['percent']:.1f}% ({r['hits']}/{r['n']})"
        lines.append(f"| {r['label']} | {value} | {r['n']} | {r['anchor'] or '-'} |")
    for r in (phrase_report or {}).get("rows", []):
        lines.append(_phrase_line(r))
    if phrase_report is not None or changes is not None:
        lines += ["", caveat(phrase_report, changes)]
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
    parser.add_argument("--changes", help="whether and how rules or tables were changed after the first run")
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
    phrase_report = measure_phrases()
    write(args.readme, render(report, phrase_report, args.changes))
    counts = ", ".join(f"{r['label'].split(' understood')[0].lower()} {r['understood']}/{r['missed']}/{r['misread']}"
                       for r in phrase_report["rows"])
    print(f"wrote the validation table ({report['cases']} cases, commit {report['commit']}; {counts}) "
          f"to {args.readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
