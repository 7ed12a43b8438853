"""Reading numbers that people type into text boxes ("70.5", "2,5", " 60 min").

Widgets pass the raw text here so that "two", "-3" or an empty box becomes a friendly
message naming the field, never a traceback.

>>> read_number("70,5", "Weight before", 8, 350, "kg")
70.5
>>> read_number("two", "Minutes in week 1", 0, 5000, "minutes")
Traceback (most recent call last):
...
crampkit.entries.EntryError: Minutes in week 1: 'two' is not a number; type a number from 0 to 5000 minutes
"""
from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def finite_number(value) -> float | None:
    """``float(value)`` when that is a finite number, else ``None`` (never raises).

    Guards range checks against NaN, infinities and integers too large for a float.

    >>> finite_number(2), finite_number(float("nan")), finite_number(10**400)
    (2.0, None, None)
    """
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


class EntryError(ValueError):
    """A typed entry crampkit cannot use; ``field`` names the box, the message says why."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


def read_number(text, field: str, low: float, high: float, unit: str, *,
                empty: float | None = None) -> float | None:
    """The number typed in ``text`` (a comma works as the decimal point and a trailing unit
    word is ignored), checked to lie from ``low`` to ``high``.

    An empty box gives ``empty`` when that is not None, else an :class:`EntryError`.

    >>> read_number(" 45 min ", "Minutes", 0, 600, "minutes")
    45.0
    >>> read_number("", "Drinks during", 0, 15, "litres", empty=0.0)
    0.0
    """
    allowed = f"type a number from {low:g} to {high:g} {unit}"
    if text is None or (isinstance(text, str) and not text.strip()):
        if empty is not None:
            return empty
        raise EntryError(field, f"is empty; {allowed}")
    if isinstance(text, bool):
        raise EntryError(field, f"{text!r} is not a number; {allowed}")
    if isinstance(text, (int, float)):
        number = finite_number(text)
        if number is None:
            raise EntryError(field, f"{str(text)[:30]!r} is not a number; {allowed}")
    else:
        cleaned = str(text).strip().lower()
        cleaned = re.sub(r"\s*[a-z%]+\.?$", "", cleaned).strip()
        if not _NUMBER.match(cleaned):
            shown = str(text).strip()
            shown = shown if len(shown) <= 30 else shown[:27] + "..."
            raise EntryError(field, f"{shown!r} is not a number; {allowed}")
        number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):
        raise EntryError(field, f"{text!r} is not a number; {allowed}")
    if not low <= number <= high:
        raise EntryError(field, f"{number:g} is out of range; {allowed}")
    return number
