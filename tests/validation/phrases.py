"""The held-out lay-phrase sets, measured: does crampkit read each typed phrase as a clinician does?

``phrases_conditions.csv`` and ``phrases_medications.csv`` (in this folder) hold conditions and
medicines typed the way people type them, each with the meaning a clinician reads from it. They
were written from the assessment contract (v3) and the evidence notes before crampkit was run on
them, and they are kept out of ``data/``: crampkit's matcher never reads them (a phrase list that
is also the synonym table tests nothing).

Each phrase is put to crampkit on its own and its reading compared with the clinician's:

* **understood**: the same meaning (the ``expected`` column, or a reading the ``also`` column
  accepts); a phrase whose meaning is unclear (``expected`` is ``not_understood``) is understood
  when crampkit says it did not understand it.
* **missed**: crampkit says it did not understand a phrase that has a meaning. Safe: the contract
  holds back drinks, salt and potassium advice and names the words.
* **misread**: crampkit gives it a different meaning: a wrong condition, a negation, a past
  condition or a family member's read as the person's own, a medicine read with a wrong class,
  or a medicine no longer taken read as taken. Unsafe: a misread is worse than a miss.

Meanings are sets of tokens. A condition reading (``crampkit.assessment.understanding.
read_condition``) gives its condition ids (``dialysis`` brings ``kidney_disease``), its clot-risk
ids, ``other`` (an everyday condition), or ``not_counted:<reason>``; a reading that holds back
fluids (hold ``no_fluid_push``) stands for ``fluid_restriction`` where the clinician wrote that
(the contract: low blood sodium and high potassium are fluid_restriction-like holds). A medicine
reading (``crampkit.assessment.medications.match_medications``) gives its class ids, plus
``diuretic_unknown_kind`` when that group is named, or ``none`` for a recognised medicine with no
class. ``not_taken`` (no medicine, a medicine stopped, an allergy) has no reading in crampkit's
medicine interface: such a phrase is missed (not recognised, safe) or misread (read as a
medicine the person takes), never understood.

>>> judge({"diabetes"}, [], {"diabetes"}), judge({"diabetes"}, [], None), judge({"diabetes"}, [], {"other"})
('understood', 'missed', 'misread')
>>> judge({"not_understood"}, [], None), judge({"other"}, [{"not_understood"}], None)
('understood', 'understood')
>>> judge({"not_understood"}, [{"heart_failure"}], {"heart_failure"}), judge({"not_understood"}, [], {"diabetes"})
('understood', 'misread')
>>> sorted(tokens("dialysis")), [sorted(a) for a in alternatives("liver_disease|heart_failure")]
(['dialysis', 'kidney_disease'], [['liver_disease'], ['heart_failure']])
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"conditions": HERE / "phrases_conditions.csv", "medicines": HERE / "phrases_medications.csv"}
LABELS = {"conditions": "Typed conditions understood / missed / misread",
          "medicines": "Typed medicines understood / missed / misread"}
OUTCOMES = ("understood", "missed", "misread")
NOT_UNDERSTOOD = "not_understood"


def tokens(text: str) -> set[str]:
    """One meaning written as ids joined by ``+`` (``dialysis`` brings ``kidney_disease``)."""
    found = {t.strip() for t in text.split("+") if t.strip()}
    if "dialysis" in found:
        found.add("kidney_disease")
    return found


def alternatives(text: str) -> list[set[str]]:
    """The ``also`` column: other acceptable meanings, separated by ``|``."""
    return [tokens(part) for part in text.split("|") if part.strip()]


def load(kind: str) -> list[dict]:
    """The rows of one phrase set (``conditions`` or ``medicines``)."""
    with open(FILES[kind], newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def condition_meaning(phrase: str) -> set[str] | None:
    """crampkit's reading of one typed condition as tokens; ``None`` when not understood."""
    from crampkit.assessment.understanding import read_condition
    from crampkit.checks import CrampkitInputError
    try:
        reading = read_condition(phrase)
    except CrampkitInputError:  # refused as input: not understood, and said so
        return None
    if reading.kind == NOT_UNDERSTOOD:
        return None
    if reading.kind == "not_counted":
        meaning = {f"not_counted:{reading.reason}"}
    elif reading.kind == "other":
        meaning = {"other"}
    else:
        meaning = set(reading.condition_ids)
    meaning |= set(reading.clot_risks)
    if "no_fluid_push" in reading.holds and reading.kind == "other":
        # an everyday condition read only as a hold on drinks ("low sodium", "SIADH") stands for
        # fluid_restriction; beside a condition id a hold is extra caution, not another meaning
        meaning.discard("other")
        meaning.add("fluid_restriction")
    if "dialysis" in meaning:
        meaning.add("kidney_disease")
    return meaning


def medicine_meaning(phrase: str) -> set[str] | None:
    """crampkit's reading of one typed medicine as tokens; ``None`` when not recognised."""
    from crampkit.assessment.medications import match_medications
    from crampkit.checks import CrampkitInputError
    try:
        matched, _ = match_medications([phrase])
    except CrampkitInputError:
        return None
    if not matched:
        return None
    meaning = set(matched[0].class_ids)
    if "diuretic_unknown_kind" in getattr(matched[0], "groups", ()):
        meaning.add("diuretic_unknown_kind")
    return meaning or {"none"}


def judge(expected: set[str], also: list[set[str]], got: set[str] | None) -> str:
    """``understood``, ``missed`` or ``misread`` (see the module's docstring)."""
    acceptable = [expected, *also]
    if got is None:
        return "understood" if any(a == {NOT_UNDERSTOOD} for a in acceptable) else "missed"
    if "fluid_restriction" in got and "fluid_restriction" in expected and got - {"fluid_restriction"} in also:
        return "understood"  # "high potassium": an accepted condition with the fluid hold on top
    return "understood" if any(got == a for a in acceptable) else "misread"


@dataclass
class PhraseResult:
    """The outcome for one phrase set: counts, and every missed and misread phrase."""

    kind: str
    counts: Counter = field(default_factory=Counter)
    missed: list[tuple[str, str]] = field(default_factory=list)  # (phrase, expected)
    misread: list[tuple[str, str, str]] = field(default_factory=list)  # (phrase, expected, crampkit's reading)

    @property
    def n(self) -> int:
        return sum(self.counts[o] for o in OUTCOMES)

    def row(self) -> dict:
        """A row for the README's validation table (``scripts/validation_table.py``)."""
        n = self.n
        return {"id": f"phrases_{self.kind}", "label": LABELS[self.kind], "n": n,
                "understood": self.counts["understood"], "missed": self.counts["missed"],
                "misread": self.counts["misread"],
                "percent": round(100 * self.counts["understood"] / n, 1) if n else None}


def measure(kind: str) -> PhraseResult:
    """Read every phrase of one set with crampkit and count understood, missed and misread."""
    reader = condition_meaning if kind == "conditions" else medicine_meaning
    result = PhraseResult(kind)
    for row in load(kind):
        expected, also = tokens(row["expected"]), alternatives(row["also"])
        got = reader(row["phrase"])
        outcome = judge(expected, also, got)
        result.counts[outcome] += 1
        if outcome == "missed":
            result.missed.append((row["phrase"], row["expected"]))
        elif outcome == "misread":
            result.misread.append((row["phrase"], row["expected"], "+".join(sorted(got or ()))))
    return result


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def word_for_word(kind: str, data_dir: Path = HERE.parents[1] / "data") -> list[str]:
    """Phrases of one set that appear word for word (case and spacing aside) as a cell, or one
    ``;``-separated part of a cell, of a table in ``data/``. Generic and brand names are bound
    to be there; lay words, typos and negations copied from the set would mean it is no longer
    held out. Reported beside the counts, not used to score."""
    cells: set[str] = set()
    for table in sorted(data_dir.glob("*.csv")):
        with open(table, newline="", encoding="utf-8") as f:
            cells.update(_normal(part) for row in csv.reader(f) for cell in row for part in cell.split(";"))
    return [row["phrase"] for row in load(kind) if _normal(row["phrase"]) in cells]


if __name__ == "__main__":
    for name in FILES:
        r = measure(name)
        print(f"{LABELS[name]}: {r.counts['understood']} / {r.counts['missed']} / {r.counts['misread']} of {r.n}")
        for phrase, want, got in r.misread:
            print(f"  misread {phrase!r}: clinician {want}, crampkit {got}")
