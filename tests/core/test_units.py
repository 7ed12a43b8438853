"""Amounts typed with the units people use (issue 24 item 2): converted and said back, a unit
of another kind refused, "1,200" asked about, never a trailing word silently dropped."""
import pytest

from crampkit.content import references
from crampkit.entries import EntryError, read_number
from crampkit.units import UnitProblem, read_amount, units


@pytest.mark.parametrize("typed, box, expected", [
    ("154 lb", "kg", 69.85), ("154lbs", "kg", 69.85), ("11 st 2 lb", "kg", 70.76), ("11st 2", "kg", 70.76),
    ("70,5 kg", "kg", 70.5), ("2 cups", "litres", 0.48), ("16 fl oz", "litres", 0.47),
    ("500 mL", "litres", 0.5), ("2 glasses", "litres", 0.5), ("1.5 L", "litres", 1.5),
    ("2 hours", "minutes", 120), ("1 h 30 min", "minutes", 90), ("90 min", "hours", 1.5),
])
def test_units_of_the_same_kind_are_converted(typed, box, expected):
    assert read_amount(typed, "Box", box).value == pytest.approx(expected, abs=0.01)


def test_the_conversion_is_said_back_and_a_plain_number_needs_none():
    assert read_amount("120 lb", "Weight before", "kg").conversion == "120 lb = 54.4 kg"
    assert read_amount("2 cups", "Drinks", "litres").conversion == "2 cups = 0.48 L"
    assert read_amount("72", "Weight before", "kg").conversion == ""
    assert read_amount("72 kg", "Weight before", "kg").conversion == ""


@pytest.mark.parametrize("typed, box, kind", [
    ("154 lb", "litres", "wrong_unit"), ("2 cups", "kg", "wrong_unit"), ("2 hours", "litres", "wrong_unit"),
    ("2 gallons", "litres", "unknown_unit"), ("3 bananas", "kg", "unknown_unit"),
    ("1,200", "minutes", "ambiguous_comma"), ("12,000", "litres", "ambiguous_comma"),
    ("5 2", "kg", "not_a_number"), ("x" * 10_000, "kg", "too_long"), ("", "kg", "empty"),
])
def test_what_cannot_be_read_is_one_line_naming_the_box(typed, box, kind):
    with pytest.raises(UnitProblem) as caught:
        read_amount(typed, "Drinks during", box)
    assert caught.value.kind == kind
    message = str(caught.value)
    assert message.startswith("Drinks during: ") and "\n" not in message and len(message) <= 300


def test_a_decimal_comma_with_one_or_two_digits_is_a_decimal_point():
    assert read_amount("1,5", "Drinks", "litres").value == 1.5
    assert read_amount("0,25", "Drinks", "litres").value == 0.25


def test_the_sweat_calculator_boxes_read_pounds_cups_and_hours():
    # The case seen in review: 120 lb -> 118 lb, 2 cups drunk in 60 minutes is about 1.4 L an hour.
    before = read_number("120 lb", "Weight before", 8, 350, "kg")
    after = read_number("118 lb", "Weight after", 8, 350, "kg")
    drunk = read_number("2 cups", "Drinks during", 0, 15, "litres")
    minutes = read_number("1 hour", "Session length", 1, 600, "minutes")
    litres_an_hour = (before - after + drunk) / (minutes / 60)
    assert litres_an_hour == pytest.approx(1.39, abs=0.02)


@pytest.mark.parametrize("typed", ["154 lb", "2 hours", "2 apples", "1,200"])
def test_a_wrong_word_in_a_litres_box_is_never_dropped(typed):
    with pytest.raises(EntryError) as caught:
        read_number(typed, "Drinks during", 0, 15, "litres")
    assert caught.value.field == "Drinks during"


def test_boxes_without_units_refuse_other_words_but_take_their_own():
    assert read_number("58 years", "Age", 5, 110, "years") == 58
    assert read_number("2 portions", "How many portions", 0.25, 20, "portions") == 2
    with pytest.raises(EntryError, match="Age: 'kg' is not a unit this box takes"):
        read_number("58 kg", "Age", 5, 110, "years")


def test_every_unit_names_a_known_source():
    known = references()
    for unit in units().values():
        assert unit.reference_ids and set(unit.reference_ids) <= set(known), unit.id


def test_a_number_too_big_once_converted_shows_what_was_typed_not_inf():
    # Issue 24: read_number('1e308 st', ...) said "'inf' is not a number".


    with pytest.raises(EntryError) as caught:
        read_number("1e308 st", "Weight", 8, 350, "kg")
    assert "'1e308 st' is too big" in str(caught.value) and "inf" not in str(caught.value)
    assert "8 to 350 kg" in str(caught.value)


def test_out_of_range_after_conversion_says_what_was_typed_and_the_conversion():


    with pytest.raises(EntryError) as caught:
        read_number("900 lb", "Weight", 8, 350, "kg")
    assert str(caught.value) == ("Weight: '900 lb' (900 lb = 408.2 kg) is out of range; "
                                 "type a number from 8 to 350 kg")
