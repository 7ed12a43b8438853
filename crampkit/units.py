"""Amounts typed with the units people use: weight in kg, lb or stones and pounds; drinks in
litres, mL, fluid ounces, cups or glasses; time in minutes or hours.

A box names its own unit ("kg", "litres", "minutes"); a typed amount may carry any unit of
the same kind, which is converted, and the conversion is said back ("154 lb = 69.9 kg"). A
unit of another kind ("154 lb" in a litres box) or a word that is no unit is refused with one
line naming the box; nothing is dropped silently. "1,200" could be 1200 or 1.2, so it is
asked about, never guessed; "1,5" (one or two digits after the comma) is 1.5. The unit words
and factors are in ``data/units.csv``, each with its source.

>>> read_amount("154 lb", "Weight", "kg").conversion
'154 lb = 69.9 kg'
>>> read_amount("11 st 2 lb", "Weight", "kg").conversion
'11 st 2 lb = 70.8 kg'
>>> read_amount("2 cups", "Drinks", "litres").value
0.48
>>> read_amount("2 hours", "Session length", "minutes").value
120.0
>>> read_amount("154 lb", "Drinks", "litres")
Traceback (most recent call last):
...
crampkit.units.UnitProblem: Drinks: 'lb' is a weight unit; this box takes a drink amount in L, mL, fl oz, cup, glass
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from crampkit.checks import CrampkitInputError, finite_number, shown
from crampkit.content import message, read_table, split_ids

#: The longest text read as an amount ("11 stone 13 pounds" is 18 characters).
MAX_AMOUNT_TEXT = 60

#: The names boxes give their own unit, mapped to a unit id of ``data/units.csv``.
BOX_UNITS = {"kg": "kg", "litres": "l", "liters": "l", "l": "l", "minutes": "min", "min": "min",
             "hours": "h", "h": "h"}

_PART = re.compile(r"\s*([+-]?(?:\d[\d,.]*|[.,]\d+)(?:[eE][+-]?\d+)?)\s*([^\d\s+-][^\d]*?)?\s*(?=$|\d|[+-])")
AMBIGUOUS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


class UnitProblem(CrampkitInputError):
    """A typed amount that cannot be read; ``field`` names the box and ``kind`` the problem
    (``empty``, ``not_a_number``, ``unknown_unit``, ``wrong_unit``, ``ambiguous_comma``,
    ``too_long``, ``too_big``: a number that becomes infinite once converted, "1e308 st")."""

    def __init__(self, field: str, kind: str, message: str):
        self.field, self.kind, self.detail = field, kind, message
        super().__init__(f"{field}: {message}")


def _problem(field: str, kind: str, message_id: str, **values) -> UnitProblem:
    """The problem ``kind`` said with the row ``message_id`` of ``data/messages.csv``."""
    return UnitProblem(field, kind, message(message_id, field=field, **values).removeprefix(f"{field}: "))


@dataclass(frozen=True)
class Unit:
    """One row of ``data/units.csv``: a unit, its words and its factor to its kind's base."""

    id: str
    quantity: str
    symbol: str
    words: tuple[str, ...]
    to_base: float
    system: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class Amount:
    """An amount read from a box: ``value`` in the box's unit, ``typed_units`` the unit ids
    read (the box's own for a plain number); ``conversion`` says what was converted
    ("154 lb = 69.9 kg"), empty when everything was typed in the box's unit."""

    value: float
    typed_units: tuple[str, ...] = ()
    conversion: str = ""


@cache
def units() -> dict[str, Unit]:
    """Every unit crampkit reads, by id (from ``data/units.csv``)."""
    return {row["unit_id"]: Unit(row["unit_id"], row["quantity"], row["symbol"], split_ids(row["words"]),
                                 float(row["to_box_base"]), row["system"], split_ids(row["reference_ids"]))
            for row in read_table("units.csv")}


@cache
def _by_word() -> dict[str, Unit]:
    return {word: unit for unit in units().values() for word in unit.words}


def units_of(quantity: str) -> tuple[Unit, ...]:
    """The units of one kind ("weight", "drink", "time"), in table order."""
    return tuple(u for u in units().values() if u.quantity == quantity)


def _number(text: str, field: str, whole_text: str) -> float:
    if AMBIGUOUS_COMMA.match(text):
        plain = text.replace(",", "")
        raise _problem(field, "ambiguous_comma", "unit_ambiguous_comma", typed=shown(text), plain=plain,
                       point=f"{float(text.replace(',', '.', 1)):g}")
    if "," in text and "." in text or text.count(",") > 1:
        raise _problem(field, "not_a_number", "unit_separators", typed=shown(whole_text))
    number = finite_number(text.replace(",", "."))
    if number is None:
        raise _problem(field, "not_a_number", "number_not_a_number", typed=shown(whole_text), allowed="")
    return number


def _unit_named(word: str, field: str, box: Unit) -> Unit:
    cleaned = re.sub(r"\s+", " ", word.strip().lower().rstrip("."))
    unit = _by_word().get(cleaned) or _by_word().get(cleaned.replace(" ", ""))
    allowed = ", ".join(u.symbol for u in units_of(box.quantity))
    if unit is None:
        raise _problem(field, "unknown_unit", "unit_unknown", typed=shown(word.strip()), units=allowed)
    if unit.quantity != box.quantity:
        raise _problem(field, "wrong_unit", "unit_wrong_kind", typed=shown(unit.symbol),
                       unit_kind=message(f"unit_kind_{unit.quantity}"),
                       box_kind=message(f"unit_kind_{box.quantity}"), units=allowed)
    return unit


def read_amount(text, field: str, box_unit: str) -> Amount:
    """The amount typed in ``text`` for a box whose own unit is ``box_unit`` ("kg",
    "litres", "minutes", "hours"), converted to that unit.

    A plain number is in the box's unit. Parts may be added up ("11 st 2 lb", "1 h 30 min");
    after stones a bare number is pounds ("11 st 2"). Raises :class:`UnitProblem`.

    >>> read_amount("500 mL", "Drinks", "litres").value
    0.5
    >>> read_amount("1,200", "Minutes", "minutes")
    Traceback (most recent call last):
    ...
    crampkit.units.UnitProblem: Minutes: is '1,200' 1200 or 1.2? type it without the comma (1200) or with a point
    """
    box = units()[BOX_UNITS[box_unit]]
    if not isinstance(text, str):
        raise _problem(field, "not_a_number", "number_not_a_number", typed=shown(text), allowed="")
    whole_text = text.strip()
    if not whole_text:
        raise _problem(field, "empty", "number_empty", allowed="")
    if len(whole_text) > MAX_AMOUNT_TEXT:
        raise _problem(field, "too_long", "unit_too_long", length=len(whole_text))
    parts = _parts(whole_text, field)
    total, typed = 0.0, []
    previous = None
    for number_text, word in parts:
        number = _number(number_text, field, whole_text)
        if word:
            unit = _unit_named(word, field, box)
        elif previous is not None and previous.id == "st":
            unit = units()["lb"]
        elif previous is None and len(parts) == 1:
            unit = box
        else:
            raise _problem(field, "not_a_number", "unit_each_number", typed=shown(whole_text))
        total += number * unit.to_base / box.to_base
        typed.append(unit.id)
        previous = unit
    if not math.isfinite(total):
        raise _problem(field, "too_big", "number_too_big", typed=shown(whole_text),
                       box_kind=message(f"unit_kind_{box.quantity}"),
                       allowed="")
    converted = any(unit_id != box.id for unit_id in typed)
    conversion = f"{whole_text} = {_round(total):g} {box.symbol}" if converted else ""
    return Amount(total, tuple(typed), conversion)


def _parts(text: str, field: str) -> list[tuple[str, str]]:
    parts, position = [], 0
    while position < len(text):
        match = _PART.match(text, position)
        if not match or match.end() == position:
            raise _problem(field, "not_a_number", "number_not_a_number", typed=shown(text), allowed="")
        parts.append((match.group(1), (match.group(2) or "").strip()))
        position = match.end()
    if not parts:
        raise _problem(field, "not_a_number", "number_not_a_number", typed=shown(text), allowed="")
    return parts


def _round(value: float) -> float:
    return round(value, 1) if abs(value) >= 10 else round(value, 2)
