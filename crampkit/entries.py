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

from crampkit.checks import CrampkitInputError, NumberProblem, finite_number, parse_number, shown

__all__ = ["EntryError", "finite_number", "read_number"]


class EntryError(CrampkitInputError):
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
    try:
        return parse_number(text, low, high, unit_words=True)
    except NumberProblem as problem:
        if problem.kind == "empty":
            if empty is not None:
                return empty
            raise EntryError(field, f"is empty; {allowed}") from None
        if problem.kind == "out_of_range":
            raise EntryError(field, f"{problem.number:g} is out of range; {allowed}") from None
        raise EntryError(field, f"{shown(text)} is not a number; {allowed}") from None
