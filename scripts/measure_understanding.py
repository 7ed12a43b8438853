"""Measure how crampkit reads the dev phrase set (tests/understanding/dev_phrases.csv).

    python scripts/measure_understanding.py [--variant NAME] [--show]

For each phrase the reading is *understood* (what the set expects), *missed* (read as not
understood while the set expects a meaning: safe, the plan holds back advice) or *misread*
(read as something else: unsafe). Variants (docs/understanding.md): ``v2`` (the version 2
matcher: synonyms plus rapidfuzz typo lookup, no negation), ``tokens`` (whole-word phrase
lookup, no negation, no typo lookup), ``negation`` (tokens plus the trigger pass), ``full``
(negation plus the one-slip typo lookup; what crampkit uses).
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crampkit.assessment import understanding  # noqa: E402
from crampkit.assessment.conditions import condition_ids_for  # noqa: E402
from crampkit.assessment.medications import groups_for, lookup  # noqa: E402

DEV = ROOT / "tests" / "understanding" / "dev_phrases.csv"


def condition_meaning(phrase: str, variant: str) -> str:
    """The reading of one condition phrase in the dev set's notation."""
    if variant == "v2":
        ids = sorted(condition_ids_for(phrase))
        return "condition:" + ";".join(ids) if ids else "not_understood"
    reading = understanding.read_condition(phrase, typos=variant == "full",
                                           negation=variant != "tokens")
    if reading.kind == "condition":
        return "condition:" + ";".join(sorted(reading.condition_ids))
    if reading.kind == "clot_risk":
        return "clot_risk:" + ";".join(sorted(reading.clot_risks))
    if reading.kind == "other":
        return "other" + (":" + ";".join(sorted(reading.holds)) if reading.holds else "")
    if reading.kind == "not_counted":
        return "not_counted:" + reading.reason
    return "not_understood"


def medication_meaning(phrase: str) -> str:
    """The reading of one medicine in the dev set's notation: classes|groups."""
    classes = lookup(phrase)
    if classes is None:
        return "not_understood"
    groups = groups_for(phrase)
    text = ";".join(sorted(classes)) or "none"
    return text + ("|" + ";".join(sorted(groups)) if groups else "")


def _expected_conditions(expected: str) -> str:
    kind, _, ids = expected.partition(":")
    return kind + (":" + ";".join(sorted(ids.split(";"))) if ids else "")


def measure(variant: str = "full", show: bool = False) -> dict[str, dict[str, int]]:
    """Counts of understood, missed and misread phrases per field."""
    counts = {f: {"phrases": 0, "understood": 0, "missed": 0, "misread": 0} for f in ("condition", "medication")}
    with DEV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            field = row["field"]
            if field == "condition":
                got, want = condition_meaning(row["phrase"], variant), _expected_conditions(row["expected"])
            else:
                got = medication_meaning(row["phrase"])
                want = "|".join(";".join(sorted(p.split(";"))) for p in row["expected"].split("|"))
            verdict = "understood" if got == want else "missed" if got == "not_understood" else "misread"
            counts[field]["phrases"] += 1
            counts[field][verdict] += 1
            if show and verdict != "understood":
                print(f"{verdict:8} {field:10} {row['phrase']!r}: got {got}, expected {want}")
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="full", choices=("v2", "tokens", "negation", "full"))
    parser.add_argument("--show", action="store_true", help="print each phrase not understood")
    args = parser.parse_args(argv)
    for field, c in measure(args.variant, args.show).items():
        print(f"{args.variant:9} {field:10} {c['phrases']:4} phrases: {c['understood']} understood "
              f"({100 * c['understood'] / c['phrases']:.0f}%), {c['missed']} missed, {c['misread']} misread")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
