"""Reading numbers that people type into text boxes ("70.5", "2,5", " 60 min"): crampkit's
one number reader.

Widgets pass the raw text here so that "two", "-3" or an empty box becomes a friendly
message naming the field, never a traceback. The profile, the diary and the topic
calculators read their number values here too, so every tool says what is wrong with a
number in the same sentence, a row of ``data/messages.csv`` (:func:`number_message`).

>>> read_number("70,5", "Weight before", 8, 350, "kg")
70.5
>>> read_number("two", "Minutes in week 1", 0, 5000, "minutes")
Traceback (most recent call last):
...
crampkit.entries.EntryError: Minutes in week 1: 'two' is not a number; type a number from 0 to 5000 minutes
"""
from __future__ import annotations

import re

from crampkit.checks import (
    MAX_SHOWN,
    CrampkitInputError,
    NumberProblem,
    finite_number,
    one_line,
    parse_number,
    shown,
)
from crampkit.content import message
from crampkit.units import BOX_UNITS, UnitProblem, read_amount

__all__ = ["EntryError", "conversion_of", "finite_number", "number_message", "problem_said", "read_number",
           "said"]

# What each problem of :func:`crampkit.checks.parse_number` is called in data/messages.csv.
PROBLEM_ROWS = {"empty": "number_empty", "not_a_number": "number_not_a_number",
                "out_of_range": "number_out_of_range", "not_whole": "number_not_whole",
                "not_allowed": "number_not_allowed", "not_a_choice": "number_not_a_choice"}
# What may be typed or given, as data/messages.csv says it: a box ("type a number from..."),
# a value from a file or a program ("give a number from..."), a profile answer that may be
# left out, a profile's age, a number with a few choices.
ALLOWED_ROWS = {"typed": "allowed_typed", "given": "allowed_given", "optional": "allowed_optional",
                "whole_of": "allowed_whole_of", "choice": "allowed_choice"}


class EntryError(CrampkitInputError):
    """A typed entry crampkit cannot use; ``field`` names the box, the message says why
    (``detail``: the message after the field); ``kind`` is the problem it was said as (a key of
    :data:`PROBLEM_ROWS`, or a :class:`~crampkit.units.UnitProblem` kind, or ``unit``)."""

    def __init__(self, field: str, message: str, kind: str = "unit"):
        self.field, self.detail, self.kind = field, message, kind
        super().__init__(f"{field}: {message}")


def said(value, conversion: str = "") -> str:
    """``value`` as a number message quotes it: text quoted and cut (:func:`~crampkit.checks.shown`),
    anything else as Python writes it (``-3``, ``nan``), with the ``conversion`` after it.

    >>> said(" -5 "), said(-3), said("900 lb", "900 lb = 408.2 kg")
    ("'-5'", '-3', "'900 lb' (900 lb = 408.2 kg)")
    """
    if isinstance(value, str):
        text = shown(value)
    else:
        try:
            text = one_line(repr(value), 2 * MAX_SHOWN)
        except Exception:  # noqa: BLE001 - an int too long to print, an object whose repr fails
            text = message("entry_too_long_to_show", kind=type(value).__name__)
        if len(text) > MAX_SHOWN * 2 - 3:
            text = text[:MAX_SHOWN * 2 - 3] + "..."
    return f"{text} ({conversion})" if conversion else text


def number_message(kind: str, field: str, value, low: float, high: float, unit: str = "", *,
                   allowed: str = "typed", conversion: str = "", choices: str = "") -> str:
    """The one sentence (a row of ``data/messages.csv``) saying what is wrong with the number
    ``value`` given for ``field``, and what may be given instead (``allowed``: a row of
    :data:`ALLOWED_ROWS`). ``kind`` is a :class:`~crampkit.checks.NumberProblem` kind; a
    number too large for a computer is out of range, typed text that is one is not a number.

    >>> number_message("not_a_number", "Minutes", "two", 0, 600, "minutes")
    "Minutes: 'two' is not a number; type a number from 0 to 600 minutes"
    >>> number_message("not_finite", "episodes_per_week", 10**400, 0, 100, "episodes a week", allowed="optional")[:47]
    'episodes_per_week: 1000000000000000000000000000'
    >>> number_message("not_whole", "severity", "2.5", 0, 10, allowed="given")
    "severity: '2.5' is not a whole number; give a whole number from 0 to 10"
    """
    kind = problem_said(kind, value)
    hint = "allowed_whole" if kind == "not_whole" and allowed in ("typed", "given") else ALLOWED_ROWS[allowed]
    return message(PROBLEM_ROWS[kind], field=field, typed=said(value, conversion),
                   allowed=message(hint, low=f"{low:g}", high=f"{high:g}", unit=unit, choices=choices))


def problem_said(kind: str, value) -> str:
    """Which sentence a :class:`~crampkit.checks.NumberProblem` ``kind`` is said with: a number
    too large for a computer (``not_finite``) is out of range, but typed text ("1e400") and
    NaN are not a number; every other kind is its own.

    >>> problem_said("not_finite", 10**400), problem_said("not_finite", "1e400"), problem_said("empty", "")
    ('out_of_range', 'not_a_number', 'empty')
    """
    if kind != "not_finite":
        return kind
    return "not_a_number" if isinstance(value, str) or _is_nan(value) else "out_of_range"


def _is_nan(value) -> bool:
    try:
        return bool(value != value)
    except Exception:  # noqa: BLE001 - pandas' NA, arrays: not a plain NaN
        return False


def read_number(text, field: str, low: float, high: float, unit: str | None, *,
                empty: float | None = None, whole: bool = False, typed: bool = True,
                allowed: str = "typed") -> float | None:
    """The number typed in ``text``, in the box's ``unit``, checked to lie from ``low`` to
    ``high``. A comma works as the decimal point ("2,5"); a unit of the same kind is converted
    ("154 lb" in a kg box, "2 cups" in a litres box, "2 hours" in a minutes box; see
    :mod:`crampkit.units`); any other word, or "1,200" (1200 or 1.2?), is a message.

    An empty box gives ``empty`` when that is not None, else an :class:`EntryError`.

    This is crampkit's one number reader: every tool reads its numbers here and says what is
    wrong with one of the sentences of ``data/messages.csv`` (:func:`number_message`).
    ``whole``: no fraction; ``typed=False``: a number value, never text (a profile, a
    calculator's arguments); ``allowed``: which "what may be given" row ends the message;
    ``unit=None``: no unit words are read.

    >>> read_number(" 45 min ", "Minutes", 0, 600, "minutes")
    45.0
    >>> read_number("", "Drinks during", 0, 15, "litres", empty=0.0)
    0.0
    >>> read_number("2 lb", "Cups", 0, 15, "litres")
    Traceback (most recent call last):
    ...
    crampkit.entries.EntryError: Cups: 'lb' is a weight unit; this box takes a drink amount in L, mL, fl oz, cup, glass
    >>> read_number("12", "severity", 0, 10, None, whole=True, allowed="given")
    Traceback (most recent call last):
    ...
    crampkit.entries.EntryError: severity: '12' is out of range; give a number from 0 to 10
    """
    typed_text = text
    conversion = ""
    if typed and unit and isinstance(text, str) and text.strip():
        text, conversion = _in_box_unit(text, field, unit, low, high)
    try:
        return parse_number(text, low, high, whole=whole, text=typed)
    except NumberProblem as problem:
        kind = problem_said(problem.kind, typed_text)
        if kind == "empty" and not typed and isinstance(text, str):
            kind = "not_a_number"  # a value that must be a number: '' is text, not a number left out
        if kind == "empty" and empty is not None:
            return empty
        detail = number_message(kind, field, typed_text, low, high, unit or "", allowed=allowed,
                                conversion=conversion if kind == "out_of_range" else "")
        raise EntryError(field, detail.removeprefix(f"{field}: "), kind) from None


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


def _in_box_unit(text: str, field: str, unit: str, low: float, high: float):
    """``text`` read with its unit: (a float in the box's unit, or the plain number text;
    the conversion said back, or "")."""
    if unit in BOX_UNITS:
        try:
            amount = read_amount(text, field, unit)
        except UnitProblem as problem:
            if problem.kind in ("not_a_number", "empty"):
                return text, ""
            if problem.kind == "too_big":
                allowed = message("allowed_typed", low=f"{low:g}", high=f"{high:g}", unit=unit)
                raise EntryError(field, f"{problem.detail}; {allowed}", problem.kind) from None
            raise EntryError(field, problem.detail, problem.kind) from None
        return amount.value, amount.conversion
    match = re.fullmatch(r"\s*(\S+)\s*([A-Za-z]+)?\s*", text)
    if match and match.group(2):
        word = match.group(2).lower()
        if word.rstrip("s") != unit.lower().rstrip("s"):
            detail = message("unit_not_for_box", field=field, typed=shown(match.group(2)), unit=unit)
            raise EntryError(field, detail.removeprefix(f"{field}: ")) from None
        return match.group(1), ""
    return text, ""
