"""Recognising the health conditions a person types ("type 2 diabetes", "CKD stage 3").

Names and synonyms live in ``data/conditions.csv`` so an educator can add the words their
class uses. Dialysis implies kidney disease.

>>> recognise_conditions(["type 2 diabetes", "end stage renal disease on dialysis"])
(['diabetes', 'dialysis', 'kidney_disease'], [])
>>> recognise_conditions(["12-hour flight 2 days ago"])
([], ['12-hour flight 2 days ago'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crampkit.content import read_table, split_ids
from crampkit.matching import check_text, check_text_list, closest
from crampkit.profile import CONDITION_IDS

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


@lru_cache(maxsize=None)
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


@lru_cache(maxsize=None)
def _synonyms() -> dict[str, str]:
    return {syn: c.id for c in conditions().values() for syn in c.synonyms}


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
        text = _clean(typed)
        padded = f" {text} "
        found = [cid for syn, cid in _synonyms().items() if f" {syn} " in padded]
        if not found:
            for word in text.split():
                near = closest(word, tuple(s for s in _synonyms() if " " not in s))
                if near:
                    found.append(_synonyms()[near])
        if not found and " " in text:
            near = closest(text, tuple(s for s in _synonyms() if " " in s))
            if near:
                found.append(_synonyms()[near])
    for cid in list(found):
        found.extend(IMPLIED.get(cid, ()))
    return tuple(dict.fromkeys(found))


def recognise_conditions(typed_names) -> tuple[list[str], list[str]]:
    """Recognised condition ids (sorted) and the typed names that matched nothing."""
    recognised, unrecognised = set(), []
    for typed in check_text_list(typed_names, "conditions"):
        ids = condition_ids_for(typed)
        if ids:
            recognised.update(ids)
        else:
            unrecognised.append(typed)
    return sorted(recognised), unrecognised
