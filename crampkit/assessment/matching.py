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

from crampkit.checks import CrampkitInputError
from crampkit.content import message

_UNITS = (
    "mg", "mcg", "µg", "ug", "g", "ml", "iu", "units", "unit", "tab", "tabs", "tablet",
    "tablets", "cap", "caps", "capsule", "capsules", "daily", "once", "twice", "bd", "od",
    "bid", "tid", "qd", "a", "day", "per", "puff", "puffs", "x", "mg/ml", "er", "sr", "xr",
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DOSE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:/\s*\d+(?:[.,]\d+)?)*\s*(?:%|[a-zµ]+(?:/[a-z]+)?)?")
_NON_WORD = re.compile(r"[^a-z0-9/ ]+")


class MatchingError(CrampkitInputError):
    """Something that is not text where a typed name (or a list of them) belongs."""


def shown(value, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_text(value, field: str) -> str:
    """``value`` when it is text, else :class:`MatchingError` naming ``field``.

    >>> check_text(None, "medication")
    Traceback (most recent call last):
    ...
    crampkit.assessment.matching.MatchingError: medication: None is not allowed; type the name as text
    """
    if not isinstance(value, str):
        raise MatchingError(message("matching_not_text", field=field, value=shown(value)))
    return value


#: The longest typed phrase read (a profile keeps each entry under 200 characters).
MAX_PHRASE_LENGTH = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_phrase(value, field: str) -> str:
    """``value`` as one typed phrase: text of at most :data:`MAX_PHRASE_LENGTH` characters,
    with control characters read as spaces; else :class:`MatchingError` naming ``field``.

    >>> check_phrase("type 2\\x00diabetes", "conditions")
    'type 2 diabetes'
    >>> check_phrase("x" * 10_000, "conditions")
    Traceback (most recent call last):
    ...
    crampkit.assessment.matching.MatchingError: conditions: an entry of 10000 characters is too long (500 at most)
    """
    text = check_text(value, field)
    if len(text) > MAX_PHRASE_LENGTH:
        raise MatchingError(message("matching_too_long", field=field, length=len(text), most=MAX_PHRASE_LENGTH))
    return _CONTROL.sub(" ", text)


def check_text_list(values, field: str) -> list[str]:
    """``values`` as a list of texts; one text alone, a number, None... raise :class:`MatchingError`."""
    if isinstance(values, (str, bytes)) or values is None:
        raise MatchingError(message("matching_not_a_list", field=field, value=shown(values)))
    try:
        items = list(values)
    except TypeError:
        raise MatchingError(message("matching_not_a_list", field=field, value=shown(values))) from None
    for item in items:
        check_text(item, field)
    return items


def normalise(text: str) -> str:
    """Lower-case ``text`` and drop doses, units, brackets and punctuation."""
    text = _PARENTHESES.sub(" ", check_text(text, "text").lower())
    text = text.replace("+", "/").replace("&", "/").replace(" with ", "/").replace(" and ", "/")
    text = _DOSE.sub(lambda m: " " if re.match(r"\d", m.group()) else m.group(), text)
    text = _NON_WORD.sub(" ", text.replace("-", " "))
    words = [w for w in text.split() if w not in _UNITS]
    text = " ".join(words)
    text = re.sub(r"\s*/\s*", "/", text).strip("/ ")
    return re.sub(r"/+", "/", text)


def allowed_slips(word: str) -> int:
    """How many typing slips a word of this length may have and still match."""
    check_text(word, "word")
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
    slips = allowed_slips(check_text(query, "query"))
    if slips == 0:
        return None
    choices = check_text_list(choices, "choices")
    found = process.extractOne(
        query, choices, scorer=Levenshtein.distance, score_cutoff=slips
    )
    return found[0] if found else None
