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

import re

from crampkit.checks import CrampkitInputError, NumberProblem, finite_number, parse_number, shown
from crampkit.units import BOX_UNITS, UnitProblem, read_amount

__all__ = ["EntryError", "conversion_of", "finite_number", "read_number"]


class EntryError(CrampkitInputError):
    """A typed entry crampkit cannot use; ``field`` names the box, the message says why."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


def read_number(text, field: str, low: float, high: float, unit: str, *,
                empty: float | None = None) -> float | None:
    """The number typed in ``text``, in the box's ``unit``, checked to lie from ``low`` to
    ``high``. A comma works as the decimal point ("2,5"); a unit of the same kind is converted
    ("154 lb" in a kg box, "2 cups" in a litres box, "2 hours" in a minutes box; see
    :mod:`crampkit.units`); any other word, or "1,200" (1200 or 1.2?), is a message.

    An empty box gives ``empty`` when that is not None, else an :class:`EntryError`.

    >>> read_number(" 45 min ", "Minutes", 0, 600, "minutes")
    45.0
    >>> read_number("", "Drinks during", 0, 15, "litres", empty=0.0)
    0.0
    >>> read_number("2 lb", "Cups", 0, 15, "litres")
    Traceback (most recent call last):
    ...
    crampkit.entries.EntryError: Cups: 'lb' is a weight unit; this box takes a drink amount in L, mL, fl oz, cup, glass
    """
    allowed = f"type a number from {low:g} to {high:g} {unit}"
    typed = text.strip() if isinstance(text, str) else text
    conversion = ""
    if isinstance(text, str) and text.strip():
        text, conversion = _in_box_unit(text, field, unit, allowed)
    try:
        return parse_number(text, low, high)
    except NumberProblem as problem:
        if problem.kind == "empty":
            if empty is not None:
                return empty
            raise EntryError(field, f"is empty; {allowed}") from None
        if problem.kind == "out_of_range":
            said = shown(typed) if isinstance(typed, str) else f"{problem.number:g}"
            said += f" ({conversion})" if conversion else ""
            raise EntryError(field, f"{said} is out of range; {allowed}") from None
        raise EntryError(field, f"{shown(typed)} is not a number; {allowed}") from None


def conversion_of(text, field: str, unit: str) -> str:
    """What :func:`read_number` converts ``text`` to, said back for the line beside the box
    ("154 lb = 69.9 kg"); empty when nothing was converted or the text cannot be read.

    >>> conversion_of("154 lb", "Weight", "kg"), conversion_of("70", "Weight", "kg")
    ('154 lb = 69.9 kg', '')
    """
    if not isinstance(text, str) or not text.strip() or unit not in BOX_UNITS:
        return ""
    try:
        return read_amount(text, field, unit).conversion
    except UnitProblem:
        return ""


def _in_box_unit(text: str, field: str, unit: str, allowed: str):
    """``text`` read with its unit: (a float in the box's unit, or the plain number text;
    the conversion said back, or "")."""
    if unit in BOX_UNITS:
        try:
            amount = read_amount(text, field, unit)
        except UnitProblem as problem:
            if problem.kind in ("not_a_number", "empty"):
                return text, ""
            detail = str(problem).removeprefix(f"{field}: ")
            raise EntryError(field, f"{detail}; {allowed}" if problem.kind == "too_big" else detail) from None
        return amount.value, amount.conversion
    match = re.fullmatch(r"\s*(\S+)\s*([A-Za-z]+)?\s*", text)
    if match and match.group(2):
        word = match.group(2).lower()
        if word.rstrip("s") != unit.lower().rstrip("s"):
            raise EntryError(field, f"{shown(match.group(2))} is not a unit this box takes; "
                                    f"type a number of {unit}")
        return match.group(1), ""
    return text, ""
