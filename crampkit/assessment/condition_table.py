"""The known health conditions and their named forms, read from ``data/conditions.csv`` and
``data/condition_details.csv``: the words people use for each, matched whole or with one slip.

Both :mod:`crampkit.assessment.conditions` (which recognises what a person typed) and
:mod:`crampkit.assessment.understanding` (which reads negations, the past and other people
first) read these tables through this module, so neither imports the other back.

>>> condition_ids_for("on dialysis")
('dialysis', 'kidney_disease')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from crampkit.assessment.matching import check_text, check_text_list, closest
from crampkit.assessment.profile import CONDITION_IDS
from crampkit.content import read_table, split_ids

IMPLIED = {"dialysis": ("kidney_disease",)}


@dataclass(frozen=True)
class Condition:
    """A condition id, its everyday name and the words people use for it."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    reference_ids: tuple[str, ...]


def _clean(text: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", ""))
    return " ".join(text.split())


@cache
def conditions() -> dict[str, Condition]:
    """Every known condition by id."""
    return {
        row["condition_id"]: Condition(
            row["condition_id"], row["name"],
            tuple(_clean(s) for s in split_ids(row["synonyms"])) + (_clean(row["condition_id"]),
                                                                   row["condition_id"]),
            split_ids(row["reference_ids"]),
        )
        for row in read_table("conditions.csv")
    }


@cache
def _synonyms() -> dict[str, str]:
    return {syn: c.id for c in conditions().values() for syn in c.synonyms}


@dataclass(frozen=True)
class ConditionDetail:
    """One form of a condition that some facts need to know about (cirrhosis of the liver)."""

    id: str
    condition_id: str
    name: str
    synonyms: tuple[str, ...]
    reference_ids: tuple[str, ...]


@cache
def details() -> dict[str, ConditionDetail]:
    """Every condition detail (a named form of a condition) by id."""
    return {
        row["detail_id"]: ConditionDetail(
            row["detail_id"], row["condition_id"], row["name"],
            tuple(_clean(s) for s in split_ids(row["synonyms"])), split_ids(row["reference_ids"]))
        for row in read_table("condition_details.csv")
    }


def _words_match(text: str, synonyms: dict[str, str]) -> list[str]:
    """Ids whose synonym is in ``text`` as whole words; else, allowing one typo per word."""
    padded = f" {text} "
    hits = [syn for syn in synonyms if f" {syn} " in padded]
    # a synonym inside a longer one found is not read on its own ("alcoholic liver disease")
    found = [synonyms[syn] for syn in hits if not any(syn != h and f" {syn} " in f" {h} " for h in hits)]
    if not found:
        for word in text.split():
            near = closest(word, tuple(s for s in synonyms if " " not in s))
            if near:
                found.append(synonyms[near])
    if not found and " " in text:
        near = closest(text, tuple(s for s in synonyms if " " in s))
        if near:
            found.append(synonyms[near])
    return found


def condition_details(typed_names) -> list[str]:
    """The condition details (sorted ids) that the typed names name, such as ``cirrhosis``.

    >>> condition_details(["hepatitis C", "diabetes"])
    []
    """
    synonyms = {syn: d.id for d in details().values() for syn in d.synonyms}
    named = set()
    for typed in check_text_list(typed_names, "conditions"):
        if not check_text(typed, "condition").strip():
            continue
        for detail_id in _words_match(_clean(typed), synonyms):
            if details()[detail_id].condition_id in condition_ids_for(typed):
                named.add(detail_id)
    return sorted(named)


def condition_ids_for(typed: str) -> tuple[str, ...]:
    """The condition ids one typed entry names (several when it names several).

    >>> condition_ids_for("CKD stage 3")
    ('kidney_disease',)
    >>> condition_ids_for("hypothyriodism")
    ('thyroid_disease',)
    """
    if check_text(typed, "condition").strip() in CONDITION_IDS:
        found = [typed.strip()]
    else:
        found = _words_match(_clean(typed), _synonyms())
    for cid in list(found):
        found.extend(IMPLIED.get(cid, ()))
    return tuple(dict.fromkeys(found))
