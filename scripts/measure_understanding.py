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
#: Written after the matcher, run once before any change, then used as more dev phrases
#: (docs/understanding.md gives the first-run figures).
FRESH = ROOT / "tests" / "understanding" / "fresh_phrases.csv"


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


def measure(variant: str = "full", show: bool = False, path: Path = DEV) -> dict[str, dict[str, int]]:
    """Counts of understood, missed and misread phrases of the set at ``path``, per field."""
    counts = {f: {"phrases": 0, "understood": 0, "missed": 0, "misread": 0} for f in ("condition", "medication")}
    with path.open(encoding="utf-8") as handle:
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
    parser.add_argument("--set", default="dev", choices=("dev", "fresh"), help="which phrase set")
    parser.add_argument("--show", action="store_true", help="print each phrase not understood")
    parser.add_argument("--typos", action="store_true", help="also read one-slip typos of every known word")
    args = parser.parse_args(argv)
    if args.typos:
        for field, c in typo_stress().items():
            print(f"typos     {field:10} {c['phrases']:5} typos: {c['understood']} understood "
                  f"({100 * c['understood'] / c['phrases']:.0f}%), {c['missed']} missed, {c['misread']} misread")
    for field, c in measure(args.variant, args.show, DEV if args.set == "dev" else FRESH).items():
        print(f"{args.variant:9} {field:10} {c['phrases']:4} phrases: {c['understood']} understood "
              f"({100 * c['understood'] / c['phrases']:.0f}%), {c['missed']} missed, {c['misread']} misread")
    return 0



def _slips(word: str):
    """Every one-letter deletion and swap of neighbouring letters of ``word``."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]
    for i in range(len(word) - 1):
        yield word[:i] + word[i + 1] + word[i] + word[i + 2:]


def typo_stress() -> dict[str, dict[str, int]]:
    """Read one-slip typos of every known one-word name of 5 letters or more: a typo is
    *misread* when it is read as a name with another meaning (classes and groups for
    medicines, the reading for conditions)."""
    from crampkit.assessment.medications import _names
    from crampkit.assessment.understanding import _Concept, _lexicon

    counts = {f: {"phrases": 0, "understood": 0, "missed": 0, "misread": 0} for f in ("condition", "medication")}
    for name in sorted(n for n in _names() if n.isalpha() and len(n) >= 5):
        want = medication_meaning(name)
        for typo in sorted(set(_slips(name)) - {name}):
            got = medication_meaning(typo)
            verdict = "understood" if got == want else "missed" if got == "not_understood" else "misread"
            counts["medication"]["phrases"] += 1
            counts["medication"][verdict] += 1
    words = sorted(k[0] for k, v in _lexicon().items() if isinstance(v, _Concept) and len(k) == 1
                   and k[0].isalpha() and len(k[0]) >= 5)
    for word in words:
        want = condition_meaning(word, "full")
        for typo in sorted(set(_slips(word)) - {word}):
            got = condition_meaning(typo, "full")
            verdict = "understood" if got == want else "missed" if got == "not_understood" else "misread"
            counts["condition"]["phrases"] += 1
            counts["condition"][verdict] += 1
    return counts


if __name__ == "__main__":
    raise SystemExit(main())
