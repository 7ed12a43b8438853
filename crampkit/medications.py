"""Matching the medicines a person types to the medicine classes linked with cramps.

Names come from ``data/medications.csv`` (generic and brand names; a combination product
lists each component's class) and the classes from ``data/medication_classes.csv``.

>>> [m.class_ids for m in match_medications(["Hyzaar 100/25", "atorvastatine"])[0]]
[('arb', 'thiazide_diuretic'), ('statin',)]
>>> match_medications(["prenatal vitamin"])[1]
['prenatal vitamin']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from crampkit.content import read_table, split_ids
from crampkit.matching import MatchingError, check_text, check_text_list, closest, normalise, shown

EVIDENCE_ORDER = ("strong", "moderate", "weak", "reported")


@dataclass(frozen=True)
class MedicationClass:
    """A group of medicines with one evidence level for a link with cramps."""

    id: str
    name: str
    evidence_level: str
    explanation: str
    association: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class MedicationMatch:
    """One typed medicine and the classes it belongs to."""

    input: str
    class_ids: tuple[str, ...]
    evidence_level: str

    def to_dict(self) -> dict:
        return {"input": self.input, "class_ids": list(self.class_ids),
                "evidence_level": self.evidence_level}


@lru_cache(maxsize=None)
def medication_classes() -> dict[str, MedicationClass]:
    """Every medicine class by id."""
    return {
        row["class_id"]: MedicationClass(
            row["class_id"], row["name"], row["evidence_level"], row["explanation"],
            row["association"], split_ids(row["reference_ids"]),
        )
        for row in read_table("medication_classes.csv")
    }


@lru_cache(maxsize=None)
def _names() -> dict[str, tuple[str, ...]]:
    return {normalise(row["name"]): split_ids(row["class_ids"]) for row in read_table("medications.csv")}


@lru_cache(maxsize=None)
def _single_words() -> tuple[str, ...]:
    return tuple(name for name in _names() if " " not in name and "/" not in name)


def strongest_level(class_ids) -> str:
    """The strongest evidence level among ``class_ids``."""
    known = medication_classes()
    ids = check_text_list(class_ids, "class_ids")
    unknown = [c for c in ids if c not in known]
    if unknown or not ids:
        raise MatchingError(f"class_ids: {shown(unknown[0] if unknown else ids)} is not allowed; "
                            f"give medicine class ids such as {', '.join(list(known)[:3])}")
    levels = [known[c].evidence_level for c in ids]
    return min(levels, key=EVIDENCE_ORDER.index)


def _lookup_words(text: str) -> tuple[str, ...]:
    """Classes for the longest known run of words in ``text`` (typos allowed per word)."""
    names = _names()
    if text in names:
        return names[text]
    words = text.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in names:
                return names[phrase]
    for word in words:
        near = closest(word, _single_words())
        if near:
            return names[near]
    near = closest(text, tuple(names)) if len(words) > 1 else None
    return names[near] if near else ()


def classes_for(typed: str) -> tuple[str, ...]:
    """The medicine class ids for one typed name (empty when it is not recognised).

    >>> classes_for("LOSARTAN/HCTZ 50-12.5")
    ('arb', 'thiazide_diuretic')
    """
    text = normalise(check_text(typed, "medication"))
    if not text:
        return ()
    found = _lookup_words(text.replace("/", " / ")) if "/" not in text else _names().get(text, ())
    if not found and "/" in text:
        parts = [_lookup_words(part.strip()) for part in text.split("/") if part.strip()]
        found = tuple(c for part in parts for c in part)
    return tuple(dict.fromkeys(found))


def match_medications(typed_names) -> tuple[list[MedicationMatch], list[str]]:
    """Recognised medicines and the typed names that matched nothing (kept, not dropped)."""
    matched, unrecognised = [], []
    for typed in check_text_list(typed_names, "medications"):
        class_ids = classes_for(typed)
        if class_ids:
            matched.append(MedicationMatch(typed, class_ids, strongest_level(class_ids)))
        else:
            unrecognised.append(typed)
    return matched, unrecognised
