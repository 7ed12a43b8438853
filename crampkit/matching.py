"""Turning what a person types into known names: clean-up and forgiving (fuzzy) lookup.

Shared by medicine and condition matching. Fuzzy matching uses rapidfuzz, a well-kept
library, and allows one typing slip in a short word and two in a long one.

>>> normalise("Lipitor 20mg (at night)")
'lipitor'
>>> normalise("HCTZ 12.5 mg")
'hctz'
>>> normalise("Hyzaar 100/25")
'hyzaar'
"""
from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_UNITS = (
    "mg", "mcg", "µg", "ug", "g", "ml", "iu", "units", "unit", "tab", "tabs", "tablet",
    "tablets", "cap", "caps", "capsule", "capsules", "daily", "once", "twice", "bd", "od",
    "bid", "tid", "qd", "a", "day", "per", "puff", "puffs", "x", "mg/ml", "er", "sr", "xr",
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DOSE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:/\s*\d+(?:[.,]\d+)?)*\s*(?:%|[a-zµ]+(?:/[a-z]+)?)?")
_NON_WORD = re.compile(r"[^a-z0-9/ ]+")


def normalise(text: str) -> str:
    """Lower-case ``text`` and drop doses, units, brackets and punctuation."""
    text = _PARENTHESES.sub(" ", text.lower())
    text = text.replace("+", "/").replace("&", "/").replace(" with ", "/").replace(" and ", "/")
    text = _DOSE.sub(lambda m: " " if re.match(r"\d", m.group()) else m.group(), text)
    text = _NON_WORD.sub(" ", text.replace("-", " "))
    words = [w for w in text.split() if w not in _UNITS]
    text = " ".join(words)
    text = re.sub(r"\s*/\s*", "/", text).strip("/ ")
    return re.sub(r"/+", "/", text)


def allowed_slips(word: str) -> int:
    """How many typing slips a word of this length may have and still match."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 9 else 2


def closest(query: str, choices) -> str | None:
    """The choice within :func:`allowed_slips` edits of ``query``, or ``None``.

    >>> closest("atorvastatine", ["atorvastatin", "simvastatin"])
    'atorvastatin'
    >>> closest("asprin", ["atorvastatin"]) is None
    True
    """
    slips = allowed_slips(query)
    if slips == 0:
        return None
    found = process.extractOne(
        query, choices, scorer=Levenshtein.distance, score_cutoff=slips
    )
    return found[0] if found else None
