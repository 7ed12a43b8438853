"""The medicine and condition checker behind notebook 06: typed lists to plain explanations.

A person types medicines as they know them ("Hyzaar 100/25, atorvastatine, vit D"). Each
entry comes back with its recognised classes (from :mod:`crampkit.assessment.medications`), their
evidence and published numbers, and the prescriber message; an everyday medicine with no
known cramp link (metformin, vitamin D...) says so plainly; quinine or tonic water gets the
FDA warning; entries crampkit does not know are listed back, never dropped. Conditions are recognised by
:mod:`crampkit.assessment.conditions` and explained from ``data/condition_evidence.csv``. The texts
live in ``data/checker_texts.csv`` so an educator can edit them.

>>> check = check_medicines("Hyzaar 100/25, atorvastatine, vit D, zorblax")
>>> [[c.id for c in e.classes] for e in check.entries]
[['arb', 'thiazide_diuretic'], ['statin'], [], []]
>>> [e.messages[0].key for e in check.entries]
['prescriber', 'prescriber', 'no_link', 'unrecognised']
>>> check.unrecognised
('zorblax',)
>>> split_entries("metformin 1,000 mg; Lipitor 20mg")
['metformin 1,000 mg', 'Lipitor 20mg']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from crampkit.assessment.conditions import conditions, recognise_conditions
from crampkit.assessment.matching import normalise
from crampkit.assessment.medications import (
    MedicationClass,
    lookup,
    medication_classes,
    raises_clot_risk,
    strongest_level,
)
from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_table, split_ids

MAX_ENTRIES = 50
MAX_TEXT = 2000
ENTRY_SEPARATORS = re.compile(r"(?<!\d),|,(?!\d)|[;\n]")
PREGNANCY_WORDS = re.compile(r"\bpregnan", re.IGNORECASE)


class CheckerError(CrampkitInputError):
    """Typed text the checker cannot use; the message names the field and what is allowed."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class CheckerText:
    """A message the checker shows, with its sources."""

    key: str
    text: str
    match_names: tuple[str, ...]
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class MedicineEntry:
    """One typed medicine: its classes, strongest evidence level and messages to show."""

    typed: str
    classes: tuple[MedicationClass, ...]
    evidence_level: str
    messages: tuple[CheckerText, ...]

    @property
    def recognised(self) -> bool:
        """True for every medicine crampkit knows, with or without a link with cramps."""
        return not any(m.key == "unrecognised" for m in self.messages)

    @property
    def no_known_link(self) -> bool:
        """A recognised medicine that none of crampkit's sources links with cramps."""
        return any(m.key == "no_link" for m in self.messages)


@dataclass(frozen=True)
class MedicineCheck:
    """Every typed medicine in order, and the ones not recognised (listed back)."""

    entries: tuple[MedicineEntry, ...]
    unrecognised: tuple[str, ...]

    @property
    def class_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.id for e in self.entries for c in e.classes))


@dataclass(frozen=True)
class ConditionEvidence:
    """What the evidence says about cramps with one condition (with numbers where known)."""

    id: str
    name: str
    evidence_level: str
    text: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class ConditionCheck:
    """Recognised conditions with their evidence, and the typed names not recognised."""

    found: tuple[ConditionEvidence, ...]
    unrecognised: tuple[str, ...]


@dataclass(frozen=True)
class Association:
    """One published association strength with its 95% confidence interval."""

    label: str
    class_id: str
    measure: str
    estimate: float
    ci_low: float
    ci_high: float
    reference_id: str

    @property
    def includes_no_link(self) -> bool:
        """True when the interval reaches down to 1 (the link may be chance)."""
        return self.ci_low <= 1.0 <= self.ci_high


@cache
def checker_texts() -> dict[str, CheckerText]:
    """Every checker message by key."""
    return {row["key"]: CheckerText(row["key"], row["text"], split_ids(row["match_names"]),
                                    split_ids(row["reference_ids"]))
            for row in read_table("checker_texts.csv")}


def split_entries(text, field: str = "medications") -> list[str]:
    """Split typed text into entries at commas, semicolons and new lines.

    A comma between digits ("1,000 mg") stays inside its entry. A list is accepted as is.
    """
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        items = list(text)
        if not all(isinstance(i, str) for i in items):
            raise CheckerError(field, message("checker_entry_not_text"))
    elif isinstance(text, str):
        if len(text) > MAX_TEXT:
            raise CheckerError(field, message("checker_too_long", length=len(text), high=MAX_TEXT))
        items = ENTRY_SEPARATORS.split(text)
    else:
        raise CheckerError(field, message("checker_not_text", typed=type(text).__name__))
    items = [" ".join(i.split()) for i in items if i and i.strip()]
    if len(items) > MAX_ENTRIES:
        raise CheckerError(field, message("checker_too_many", count=len(items), high=MAX_ENTRIES))
    return list(dict.fromkeys(items))


def _is_quinine(typed: str) -> bool:
    words = normalise(typed)
    return any(re.search(rf"\b{re.escape(name)}\b", words) for name in checker_texts()["quinine"].match_names)


def check_medicine(typed: str) -> MedicineEntry:
    """One typed medicine with its classes and messages.

    >>> [m.key for m in check_medicine("Lipitor 20mg").messages]
    ['prescriber', 'statin_warning']
    >>> [m.key for m in check_medicine("tonic water").messages]
    ['quinine']
    >>> e = check_medicine("metformin 500 mg")
    >>> e.recognised, e.evidence_level, [m.key for m in e.messages]
    (True, 'none', ['no_link'])
    >>> [m.key for m in check_medicine("Evista 60mg").messages]
    ['prescriber', 'clot_risk']
    """
    if not isinstance(typed, str):
        raise CheckerError("medications", message("checker_name_not_text", typed=type(typed).__name__))
    texts = checker_texts()
    found = lookup(typed)
    if _is_quinine(typed) and (found is None or "quinine" not in found):
        found = ("quinine",) + (found or ())
    if found is None:
        return MedicineEntry(typed, (), "", (texts["unrecognised"],))
    classes = tuple(medication_classes()[c] for c in found)
    level = strongest_level(found)
    if "quinine" in found:
        return MedicineEntry(typed, classes, level, (texts["quinine"],))
    messages = [texts["no_link"] if not found else texts["prescriber"]]
    if "statin" in found:
        messages.append(texts["statin_warning"])
    if raises_clot_risk(typed):
        messages.append(texts["clot_risk"])
    return MedicineEntry(typed, classes, level, tuple(messages))


def check_medicines(typed) -> MedicineCheck:
    """Check every medicine in ``typed`` (text with commas, or a list of names)."""
    entries = tuple(check_medicine(name) for name in split_entries(typed, "medications"))
    return MedicineCheck(entries, tuple(e.typed for e in entries if not e.recognised))


@cache
def condition_evidence() -> dict[str, ConditionEvidence]:
    """What the evidence says for each condition id (and ``pregnancy``)."""
    return {row["condition_id"]: ConditionEvidence(
        row["condition_id"], row["name"], row["evidence_level"], row["what_the_evidence_says"],
        split_ids(row["reference_ids"])) for row in read_table("condition_evidence.csv")}


def check_conditions(typed, pregnant: bool = False) -> ConditionCheck:
    """Recognise typed conditions and say what the evidence shows for each.

    >>> [c.id for c in check_conditions("cirrhosis, pregnant").found]
    ['liver_disease', 'pregnancy']
    >>> check_conditions("sore toe").unrecognised
    ('sore toe',)
    """
    if not isinstance(pregnant, bool):
        raise CheckerError("pregnant", message("checker_not_true_or_false", typed=repr(pregnant)))
    names = split_entries(typed, "conditions")
    pregnancy = pregnant or any(PREGNANCY_WORDS.search(n) for n in names)
    names = [n for n in names if not PREGNANCY_WORDS.search(n)]
    ids, unknown = recognise_conditions(names)
    evidence = condition_evidence()
    found = [evidence.get(cid) or ConditionEvidence(cid, conditions()[cid].name, "", "", ())
             for cid in ids]
    if pregnancy:
        found.append(evidence["pregnancy"])
    return ConditionCheck(tuple(found), tuple(unknown))


@cache
def published_associations() -> tuple[Association, ...]:
    """The published association strengths (Garrison 2012), from ``data/associations.csv``.

    >>> [a.label for a in published_associations() if a.includes_no_link]
    ['Loop water pills']
    """
    return tuple(Association(row["label"], row["class_id"], row["measure"], float(row["estimate"]),
                             float(row["ci_low"]), float(row["ci_high"]), row["reference_id"])
                 for row in read_table("associations.csv"))
