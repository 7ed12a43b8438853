"""What each field a person fills in may hold, read from where it is declared, and the hostile
values (and the valid boundary values) generated from it for the hostile-input tests.

Where the constraints are declared:

* The profile: the assessment contract's "Profile fields" table (``CONTRACT_PROFILE_TABLE``
  below, copied verbatim from ``shared/spec/assessment-contract.md``; when the spec folder is
  present a test checks the copy is still exact) and the public constants of
  :mod:`crampkit.assessment.profile` (``NUMBER_RANGES``, ``VOCABULARIES``, ``SEXES``,
  ``BOOLEANS``, ``FREE_TEXT_LISTS``, ``MAX_TEXT_LENGTH``, ``MAX_LIST_LENGTH``), which a test
  checks against the contract. ``age`` has no public constant: its range comes from the
  contract table.
* A diary episode: the public constants of :mod:`crampkit.diary.model` (``LEGS``, ``MUSCLES``,
  ``BEFORE``, ``RELIEVED_BY``, ``MAX_DURATION_MINUTES``, ``MAX_NOTES_CHARS``). ``severity``
  (0 to 10, whole) and ``id`` (1 to 2**62, whole) have no public constant: ``TEST_SIDE``
  below declares them, read from ``Episode.__post_init__``.
* A class survey answer: the public constants of :mod:`crampkit.classroom.survey`
  (``AGE_BANDS``, ``SEXES``, ``EXERCISE_BANDS``, ``DRINKS_CHOICES``, ``FREQUENCIES``,
  ``TIMINGS``).

There is no single machine-readable declaration in the package; :func:`declared_fields` is
the closest one, built from the pieces above.

Each generated :class:`Case` says whether the value must be refused (a crampkit error naming
the field) or accepted; a hostile value that is accepted on purpose names the lenient rule
that allows it (:data:`LENIENT`), so no exemption is hand-picked.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from crampkit.assessment import profile as profile_module
from crampkit.classroom import survey as survey_module
from crampkit.diary import model as diary_module

# The "Profile fields" table of the assessment contract (v3), rows copied verbatim.
CONTRACT_PROFILE_TABLE = """\
| `age` | int, 5–110 | years |
| `sex` | `female`, `male`, `unspecified` [`unspecified`] | for intake targets |
| `pregnant` | bool [false] | `true` with `sex="male"` is an error |
| `conditions` | list of str [] | condition ids below, or common names as a person types them ("type 2 diabetes", "liver cirrhosis", "kidney failure on haemodialysis"); names that match nothing are kept and reported, not an error |
| `medications` | list of str [] | as a person types them: generic or brand name, with or without dose ("Lipitor 20mg", "hydrochlorothiazide 25 mg", "Hyzaar 100/25"); unmatched names are kept and reported |
| `timing` | list of str, or one str [] | `night`, `rest`, `during_activity`, `after_activity`, `anytime` |
| `typical_duration_minutes` | number, 0–1440 | how long a cramp usually lasts |
| `episodes_per_week` | number, 0–100 | |
| `relieved_by` | list of str [] | `stretching`, `walking`, `rest` (stopping, standing still), `sitting_or_bending_forward`, `massage`, `heat`, `fluids`, `nothing` |
| `exercise_minutes_per_week` | number, 0–5000 | |
| `recent_training_increase` | bool [false] | new sport, or much more or harder activity in the last weeks |
| `hours_standing_per_day` | number, 0–24 | |
| `hours_sitting_per_day` | number, 0–24 | standing + sitting ≤ 24 |
| `fluids_litres_per_day` | number, 0–15 | drinks, not food water |
| `hot_weather_or_heavy_sweating` | bool [false] | |
| `symptoms` | list of str [] | symptom ids below |
| `clot_risks` **(v3)** | list of str [] | major: `surgery_or_bed_rest` (an operation, a stay in bed or a leg in plaster in the last 12 weeks), `previous_clot`, `cancer_treatment` (cancer treated now or in the last 6 months, or palliative care), `recently_gave_birth` (in the last 6 weeks); minor: `long_journey` (a journey of 4 hours or more in the last 4 weeks), `family_history_of_clots` (a parent, brother or sister had a clot) |
| `alcohol_drinks_per_week` **(v3)** | number, 0–300 [0] | drinks a week, each a small glass of wine, a bottle of beer or a single measure of spirits (about 1 to 2 UK units) |
"""


def spec_file() -> Path | None:
    """The contract in the shared spec folder beside the checkout, when it is there."""
    root = Path(__file__).resolve().parents[1]
    for folder in (root.parent / "shared", root.parent.parent / "shared"):
        path = folder / "spec" / "assessment-contract.md"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class ContractField:
    """One row of the contract's profile table, read: kind, range and choices."""

    name: str
    kind: str  # number, whole, choice, choices, flag, text_list
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


_RANGE = re.compile(r"(\d+)–(\d+)")


def read_contract_table(table: str = CONTRACT_PROFILE_TABLE) -> dict[str, ContractField]:
    """The contract's profile table as field name -> :class:`ContractField`."""
    result = {}
    for line in table.strip().splitlines():
        name_cell, type_cell, meaning = (cell.strip() for cell in line.strip("|").split("|")[:3])
        name = re.match(r"`(\w+)`", name_cell).group(1)
        words = type_cell.split("[")[0]  # the default in brackets is not a choice
        span = _RANGE.search(type_cell)
        if span and type_cell.startswith("int"):
            row = ContractField(name, "whole", float(span.group(1)), float(span.group(2)))
        elif span:
            row = ContractField(name, "number", float(span.group(1)), float(span.group(2)))
        elif type_cell.startswith("bool"):
            row = ContractField(name, "flag")
        elif type_cell.startswith("list of str"):
            ids = tuple(re.findall(r"`(\w+)`", meaning))
            kind = "choices" if ids else ("text_list" if "as a person types" in meaning
                                          or "common names" in meaning else "choices")
            row = ContractField(name, kind, choices=ids)
        else:
            row = ContractField(name, "choice", choices=tuple(re.findall(r"`(\w+)`", words)))
        result[name] = row
    return result


# --------------------------------------------------------------------------- the declaration

NUMBER, CHOICE, CHOICES, FLAG, TEXT_LIST, NOTES, WHEN, NUMBER_CHOICE = (
    "number", "choice", "choices", "flag", "text_list", "notes", "when", "number_choice")


@dataclass(frozen=True)
class Field:
    """What one field may hold, as declared (see the module docstring for where)."""

    record: str  # profile, episode or survey
    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    whole: bool = False
    choices: tuple = ()
    required: bool = False  # None (or leaving it out) is refused, not "not answered"
    reads_text: bool = False  # typed text is read as a number (" 7 ", "70,5")
    ignores_case: bool = False  # choice words: case, spaces and hyphens do not matter
    one_word: bool = False  # a list field also takes one word on its own (or ';'-separated)
    flag_words: bool = False  # a yes/no field also takes yes/no words and 0/1
    max_chars: int | None = None
    max_items: int | None = None
    source: str = ""

    @property
    def id(self) -> str:
        return f"{self.record}.{self.name}"


# Constraints the package enforces but declares in no public constant (the lead should add
# them: see the report of issue 27 item 5). Read from Episode.__post_init__.
TEST_SIDE = {
    "episode.severity": (0, 10),
    "episode.id": (1, 2**62),
}


def _profile_fields() -> list[Field]:
    p = profile_module
    contract = read_contract_table()
    source = "crampkit.assessment.profile"
    age = contract["age"]
    fields = [Field("profile", "age", NUMBER, age.low, age.high, whole=True, required=True,
                    source="contract table (no public constant)"),
              Field("profile", "sex", CHOICE, choices=p.SEXES, ignores_case=True,
                    source=f"{source}.SEXES")]
    fields += [Field("profile", name, FLAG, source=f"{source}.BOOLEANS") for name in p.BOOLEANS]
    fields += [Field("profile", name, NUMBER, low, high, source=f"{source}.NUMBER_RANGES")
               for name, (low, high, _unit) in p.NUMBER_RANGES.items()]
    fields += [Field("profile", name, CHOICES, choices=allowed, ignores_case=True,
                     one_word=name == "timing", max_items=p.MAX_LIST_LENGTH,
                     source=f"{source}.VOCABULARIES")
               for name, allowed in p.VOCABULARIES.items()]
    fields += [Field("profile", name, TEXT_LIST, max_chars=p.MAX_TEXT_LENGTH,
                     max_items=p.MAX_LIST_LENGTH, source=f"{source}.FREE_TEXT_LISTS")
               for name in p.FREE_TEXT_LISTS]
    return fields


def _episode_fields() -> list[Field]:
    d = diary_module
    source = "crampkit.diary.model"
    severity, episode_id = TEST_SIDE["episode.severity"], TEST_SIDE["episode.id"]
    return [
        Field("episode", "when", WHEN, required=True, source=f"{source}.read_when"),
        Field("episode", "leg", CHOICE, choices=d.LEGS, required=True, ignores_case=True,
              source=f"{source}.LEGS"),
        Field("episode", "muscle", CHOICE, choices=d.MUSCLES, required=True, ignores_case=True,
              source=f"{source}.MUSCLES"),
        Field("episode", "duration_minutes", NUMBER, 0, d.MAX_DURATION_MINUTES, required=True,
              reads_text=True, source=f"{source}.MAX_DURATION_MINUTES"),
        Field("episode", "severity", NUMBER, *severity, whole=True, required=True,
              reads_text=True, source="tests/field_constraints.TEST_SIDE"),
        Field("episode", "before", CHOICES, choices=d.BEFORE, ignores_case=True, one_word=True,
              source=f"{source}.BEFORE"),
        Field("episode", "relieved_by", CHOICES, choices=d.RELIEVED_BY, ignores_case=True,
              one_word=True, source=f"{source}.RELIEVED_BY"),
        Field("episode", "swelling", FLAG, flag_words=True, required=True,
              source=f"{source}.read_flag"),
        Field("episode", "notes", NOTES, max_chars=d.MAX_NOTES_CHARS,
              source=f"{source}.MAX_NOTES_CHARS"),
        Field("episode", "id", NUMBER, *episode_id, whole=True, reads_text=True,
              source="tests/field_constraints.TEST_SIDE"),
    ]


def _survey_fields() -> list[Field]:
    s = survey_module
    source = "crampkit.classroom.survey"
    return [
        Field("survey", "age_band", CHOICE, choices=s.AGE_BANDS, required=True,
              source=f"{source}.AGE_BANDS"),
        Field("survey", "exercise_band", CHOICE, choices=s.EXERCISE_BANDS, required=True,
              source=f"{source}.EXERCISE_BANDS"),
        Field("survey", "drinks_litres_per_day", NUMBER_CHOICE, choices=s.DRINKS_CHOICES,
              required=True, source=f"{source}.DRINKS_CHOICES"),
        Field("survey", "cramp_frequency", CHOICE, choices=s.FREQUENCIES, required=True,
              source=f"{source}.FREQUENCIES"),
        Field("survey", "cramp_when", CHOICES, choices=s.TIMINGS, required=True,
              source=f"{source}.TIMINGS"),
        Field("survey", "sex", CHOICE, choices=s.SEXES, required=True, source=f"{source}.SEXES"),
    ]


def declared_fields() -> tuple[Field, ...]:
    """Every field a person fills in (profile, diary episode, class survey answer)."""
    return tuple(_profile_fields() + _episode_fields() + _survey_fields())


# --------------------------------------------------------------------------- generated cases

# Hostile values accepted on purpose: rule -> why. Every accepted hostile case names one.
LENIENT = {
    "valid": "a valid value (a boundary or an allowed choice)",
    "comma_decimal": "a comma works as the decimal point in typed numbers ('70,5' is 70.5)",
    "spaces_around": "spaces around a typed number or a choice word are ignored",
    "case_ignored": "choice words ignore case, spaces and hyphens ('During-Activity')",
    "not_answered": "an optional field left empty (None) is 'not answered'",
    "duplicates_ignored": "the same choice twice counts once",
    "one_word": "this list also takes one word on its own or ';'-separated words",
    "empty_words": "an empty ';'-separated list is nothing ticked",
    "flag_words": "yes/no words, y/n, true/false and 0/1 are read as yes or no",
    "kept_as_typed": "free text (names, notes) keeps any words, unrecognised ones are reported "
                     "(contract: 'names that match nothing are kept and reported')",
    "blank_dropped": "blank entries in a typed list are dropped",
    "close_enough": "a drinks answer within floating-point rounding of a choice is that choice",
    "whole_float": "a float holding a whole number is that whole number",
    "other_digits": "typed digits of other scripts are digits ('٣' and '３' are 3, as float() reads them)",
}


@dataclass(frozen=True)
class Case:
    """One generated value for one field: ``refused``, or accepted under ``rule``."""

    field: Field
    label: str
    value: object
    refused: bool
    rule: str = ""  # for accepted values: a key of LENIENT
    kept: object = None  # for accepted values: what the record must then hold, when known

    @property
    def id(self) -> str:
        return f"{self.field.id}-{self.label}"


_BAD_TEXT_NUMBERS = {"nan": "nan", "inf": "inf", "-inf": "-inf", "1e400": "1e400",
                     "abc": "abc", "empty": "", "spaces": "  ", "12abc": "12abc", "half": "½",
                     "two_points": "1..5", "hex": "0x10", "thousands": "1,200,5", "ten_pow": "10**400"}
# Digits of other scripts: Python's float reads them ("٣" is 3), so a field that reads typed
# text takes them; one that takes JSON numbers only refuses them.
_OTHER_DIGITS = {"arabic_digit": "٣", "fullwidth_digit": "３"}
_WRONG_TYPES = {"list": [], "dict": {}, "bool_true": True, "bool_false": False,
                "bytes": b"12", "set": {1}}


def _text(number: float) -> str:
    """The number as a person would type it, every digit kept ("1440.001", "4611686018427387905")."""
    if isinstance(number, int) or number == int(number):
        return str(int(number))
    return f"{number:.3f}".rstrip("0")


def _number_cases(f: Field) -> list[Case]:
    low, high = f.low, f.high
    step = 1 if f.whole else 0.001
    mid = (low + high) // 2 if f.whole else low + (high - low) / 2 + 0.25
    low_v, high_v = (int(low), int(high)) if f.whole else (low, high)
    cases = [Case(f, "low", low_v, False, "valid", low_v),
             Case(f, "high", high_v, False, "valid", high_v),
             Case(f, "middle", mid, False, "valid", mid),
             Case(f, "below_low", low_v - step, True),
             Case(f, "above_high", high_v + step, True),
             Case(f, "far_above", high_v * 10 + 1, True),
             Case(f, "negative", -1 if low > -1 else low - 1, True),
             Case(f, "nan", math.nan, True), Case(f, "inf", math.inf, True),
             Case(f, "minus_inf", -math.inf, True), Case(f, "huge_int", 10**400, True),
             Case(f, "minus_huge_int", -(10**400), True), Case(f, "complex", 3 + 4j, True),
             Case(f, "list_of_number", [mid], True)]
    cases += [Case(f, f"text_{label}", text, True) for label, text in _BAD_TEXT_NUMBERS.items()]
    cases += [Case(f, label, value, True) for label, value in _WRONG_TYPES.items()]
    if f.whole:
        cases += [Case(f, "fraction", low_v + 0.5, True),
                  Case(f, "whole_float", float(mid), False, "whole_float", mid)]
    if f.reads_text:
        cases += [Case(f, "text_middle", _text(mid), False, "valid", mid),
                  Case(f, "text_padded", f"  {_text(mid)} ", False, "spaces_around", mid),
                  Case(f, "text_below_low", _text(low_v - step), True),
                  Case(f, "text_above_high", _text(high_v + step), True)]
        in_range = low <= 3 <= high
        cases += [Case(f, label, text, not in_range, "other_digits" if in_range else "", 3)
                  for label, text in _OTHER_DIGITS.items()]
        if not f.whole:
            cases.append(Case(f, "text_comma", _text(mid).replace(".", ","), False,
                              "comma_decimal", mid))
    else:  # profile numbers are JSON numbers: text where a number belongs is an error
        cases.append(Case(f, "text_middle", _text(mid), True))
        cases += [Case(f, label, text, True) for label, text in _OTHER_DIGITS.items()]
    cases.append(Case(f, "none", None, True) if f.required
                 else Case(f, "none", None, False, "not_answered"))
    return cases


def _word_choice(choices) -> str:
    """A choice whose upper case differs from it (for the wrong-case cases)."""
    return next((c for c in choices if c.upper() != c), choices[0])


def _choice_cases(f: Field) -> list[Case]:
    word = _word_choice(f.choices)
    cases = [Case(f, f"choice_{c}", c, False, "valid", c) for c in f.choices]
    odd_case = [("upper", word.upper()), ("spaces", f"  {word} "),
                ("hyphens_title", word.replace("_", "-").title())]
    for label, value in odd_case:
        if value != word:
            cases.append(Case(f, label, value, not f.ignores_case,
                              "" if not f.ignores_case else "case_ignored", word))
    cases += [Case(f, "unknown", "zzz_not_a_choice", True), Case(f, "suffix", word + "x", True),
              Case(f, "empty", "", True), Case(f, "blank", "  ", True), Case(f, "number", 1, True),
              Case(f, "float", 1.5, True), Case(f, "list", [word], True), Case(f, "dict", {}, True),
              Case(f, "bool", True, True), Case(f, "surrogate", "\ud800", True),
              Case(f, "html", "<script>alert(1)</script>", True),
              Case(f, "long", "x" * 100_000, True), Case(f, "nan", math.nan, True)]
    cases.append(Case(f, "none", None, True) if f.required
                 else Case(f, "none", None, False, "not_answered"))
    return cases


def _choices_cases(f: Field) -> list[Case]:
    word = _word_choice(f.choices)
    ok = ("valid", None)
    cases = [Case(f, f"choice_{c}", [c], False, *ok) for c in f.choices]
    cases += [Case(f, "all", list(f.choices), False, "valid", tuple(f.choices)),
              Case(f, "empty_list", [], False, "valid", ()),
              Case(f, "twice", [word, word], False, "duplicates_ignored", (word,)),
              Case(f, "unknown", ["zzz_not_a_choice"], True),
              Case(f, "one_unknown", [word, "zzz_not_a_choice"], True),
              Case(f, "number_item", [1], True), Case(f, "none_item", [None], True),
              Case(f, "list_item", [[word]], True), Case(f, "number", 1, True),
              Case(f, "dict", {"a": word}, True), Case(f, "bool", True, True),
              Case(f, "surrogate_item", ["\ud800"], True),
              Case(f, "html_item", ["<script>alert(1)</script>"], True)]
    upper = [word.upper()]
    cases.append(Case(f, "upper", upper, not f.ignores_case,
                      "case_ignored" if f.ignores_case else "", (word,)))
    if f.max_items is not None:
        many = [f"{word}"] * (f.max_items + 1)
        cases.append(Case(f, "too_many", many, True))
    if f.one_word:
        cases.append(Case(f, "one_word", word, False, "one_word", (word,)))
    else:
        cases.append(Case(f, "one_word", word, True))
    if f.one_word and f.record == "episode":
        cases += [Case(f, "empty_text", "", False, "empty_words", ()),
                  Case(f, "semicolons", f"{word};{f.choices[-1]}", False, "one_word",
                       tuple(dict.fromkeys((word, f.choices[-1]))))]
    else:
        cases.append(Case(f, "empty_text", "", True))
    cases.append(Case(f, "none", None, True) if f.required
                 else Case(f, "none", None, False, "not_answered", ()))
    return cases


def _flag_cases(f: Field) -> list[Case]:
    cases = [Case(f, "true", True, False, "valid", True),
             Case(f, "false", False, False, "valid", False)]
    words = {"yes": ("yes", True), "no": ("No", False), "one": (1, True), "zero": (0, False),
             "y": ("y", True), "true_word": ("true", True)}
    for label, (value, kept) in words.items():
        cases.append(Case(f, label, value, not f.flag_words,
                          "flag_words" if f.flag_words else "", kept))
    cases += [Case(f, "maybe", "maybe", True), Case(f, "two", 2, True), Case(f, "minus", -1, True),
              Case(f, "half", 0.5, True), Case(f, "nan", math.nan, True), Case(f, "list", [], True),
              Case(f, "dict", {}, True), Case(f, "text_nan", "nan", True),
              Case(f, "none", None, True), Case(f, "surrogate", "\ud800", True)]
    return cases


def _text_list_cases(f: Field) -> list[Case]:
    longest = "x" * f.max_chars
    kept = {"typed": "Lipitor 20mg", "longest": longest, "control": "a\x1b[31mred\x07",
            "html": "<script>alert(1)</script>", "emoji": "😀 e\u0301 \u202eevil",
            "nul": "a\x00b", "sql": "'; DROP TABLE episodes; --"}
    cases = [Case(f, f"kept_{label}", [text], False, "kept_as_typed" if label != "typed" else "valid",
                  (text,)) for label, text in kept.items()]
    cases += [Case(f, "spaces_collapsed", ["  Lipitor \t 20mg "], False, "spaces_around",
                   ("Lipitor 20mg",)),
              Case(f, "blank_entry", [" "], False, "blank_dropped", ()),
              Case(f, "empty_list", [], False, "valid", ()),
              Case(f, "twice", ["x", "x"], False, "duplicates_ignored", ("x",)),
              Case(f, "none", None, False, "not_answered", ()),
              Case(f, "too_long", [longest + "x"], True),
              Case(f, "very_long", ["x" * 100_000], True),
              Case(f, "surrogate", ["\ud800"], True), Case(f, "surrogate_inside", ["ab\udfffc"], True),
              Case(f, "one_text", "Lipitor", True), Case(f, "number_item", [3], True),
              Case(f, "none_item", [None], True), Case(f, "list_item", [["x"]], True),
              Case(f, "bytes_item", [b"x"], True), Case(f, "dict", {"a": 1}, True),
              Case(f, "number", 3, True), Case(f, "bool", True, True),
              Case(f, "too_many", ["x"] * (f.max_items + 1), True)]
    return cases


def _notes_cases(f: Field) -> list[Case]:
    longest = "x" * f.max_chars
    kept = {"words": "ouch", "longest": longest, "control": "a\x1b[31mred\x07",
            "html": "<script>alert(1)</script>", "emoji": "😀 e\u0301 \u202eevil",
            "formula": "=1+1", "empty": ""}
    cases = [Case(f, f"kept_{label}", text, False, "kept_as_typed" if label != "words" else "valid",
                  text) for label, text in kept.items()]
    cases += [Case(f, "none", None, False, "not_answered", ""),
              Case(f, "too_long", longest + "x", True), Case(f, "very_long", "x" * 100_000, True),
              Case(f, "nul", "a\x00b", True), Case(f, "surrogate", "\ud800", True),
              Case(f, "number", 3, True), Case(f, "list", ["x"], True), Case(f, "bytes", b"x", True),
              Case(f, "bool", True, True)]
    return cases


def _when_cases(f: Field) -> list[Case]:
    valid = dt.datetime(2025, 10, 1, 23, 0)
    cases = [Case(f, "text", "2025-10-01 23:00", False, "valid", valid),
             Case(f, "text_t", "2025-10-01T23:00", False, "valid", valid),
             Case(f, "datetime", valid, False, "valid", valid),
             Case(f, "date", dt.date(2025, 10, 1), False, "valid", dt.datetime(2025, 10, 1)),
             Case(f, "spaces", "  2025-10-01 23:00 ", False, "spaces_around", valid)]
    future = (dt.datetime.now() + dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    bad = {"empty": "", "blank": "  ", "words": "not a date", "month_13": "2025-13-01 10:00",
           "day_32": "2025-10-32 10:00", "before_1900": "1899-12-31 10:00", "future": future,
           "long": "2025-10-01 23:00" + " " * 30 + "x" * 100_000, "surrogate": "\ud800",
           "nan_text": "nan", "html": "<script>alert(1)</script>", "year_0": "0000-01-01 00:00",
           "number": 20251001, "float": 1.5, "list": [], "dict": {}, "bool": True,
           "nan": math.nan, "none": None, "old_date": dt.date(1, 1, 1)}
    cases += [Case(f, label, value, True) for label, value in bad.items()]
    return cases


def _number_choice_cases(f: Field) -> list[Case]:
    lowest, highest = min(f.choices), max(f.choices)
    cases = [Case(f, f"choice_{c:g}", c, False, "valid", c) for c in f.choices]
    cases += [Case(f, "int_choice", int(highest), highest != int(highest), "whole_float", highest),
              Case(f, "close", f.choices[1] + 1e-12, False, "close_enough", f.choices[1]),
              Case(f, "below_lowest", lowest - 0.01, True), Case(f, "above_highest", highest + 0.01, True),
              Case(f, "between", (f.choices[0] + f.choices[1]) / 2, True),
              Case(f, "negative", -1, True), Case(f, "zero", 0, True),
              Case(f, "nan", math.nan, True), Case(f, "inf", math.inf, True),
              Case(f, "huge_int", 10**400, True),
              Case(f, "text_choice", f"{f.choices[1]:g}", True),  # answers are picked, not typed
              Case(f, "list", [f.choices[1]], True), Case(f, "dict", {}, True),
              Case(f, "bool", True, True), Case(f, "none", None, True), Case(f, "words", "two", True)]
    return cases


_GENERATORS = {NUMBER: _number_cases, CHOICE: _choice_cases, CHOICES: _choices_cases,
               FLAG: _flag_cases, TEXT_LIST: _text_list_cases, NOTES: _notes_cases,
               WHEN: _when_cases, NUMBER_CHOICE: _number_choice_cases}


def cases_for(f: Field) -> list[Case]:
    """Every generated case for one field (labels unique within the field)."""
    cases = _GENERATORS[f.kind](f)
    seen = {}
    unique = []
    for case in cases:  # e.g. "negative" and "below_low" are one value when low is 0
        key = (case.label, repr(case.value))
        if case.label in seen or key in seen.values():
            continue
        seen[case.label] = key
        unique.append(case)
    return unique


def generated_cases() -> list[Case]:
    return [case for f in declared_fields() for case in cases_for(f)]


# --------------------------------------------------------------------------- typed into a form


def typed_cases(f: Field) -> list[Case]:
    """What a person can type into the text box of a profile field (a number box, or a box of
    comma-separated names): the field's generated text cases, read as a form reads them.

    A form box reads typed text as a number (a comma is a decimal point), and an empty
    optional box is "not answered"; a names box splits at commas and semicolons.
    """
    if f.kind == NUMBER:
        typed = replace(f, reads_text=True)
        cases = []
        for case in cases_for(typed):
            if not isinstance(case.value, str):
                continue
            if not case.value.strip() and not f.required:
                case = Case(f, case.label, case.value, False, "not_answered")
            cases.append(case)
        cases += [Case(f, "typed_low", _text(f.low), False, "valid", f.low),
                  Case(f, "typed_high", _text(f.high), False, "valid", f.high),
                  Case(f, "nul", "5\x00", True), Case(f, "surrogate", "\ud800", True),
                  Case(f, "very_long", "9" * 100_000, True), Case(f, "rtl_mark", "\u202e12\u202c", True),
                  Case(f, "html", "<b>5</b>", True)]
        return cases
    if f.kind == TEXT_LIST:
        cases = []
        for case in cases_for(f):
            items = case.value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items) \
                    or any(c in "".join(items) for c in ",;\n"):
                continue
            cases.append(Case(f, case.label, ", ".join(items), case.refused, case.rule, case.kept))
        cases.append(Case(f, "two_names", "Lipitor 20mg; ramipril", False, "valid",
                          ("Lipitor 20mg", "ramipril")))
        return cases
    raise ValueError(f"{f.id} is not typed into a text box")


def boundary_numbers() -> list[float]:
    """Every declared number bound, and the values just past it (one whole step and one
    thousandth), for the generic hostile lists: 0, 5, 110, 1440, 1441, 1440.001, -1..."""
    found = set()
    for f in declared_fields():
        if f.kind != NUMBER or f.high >= 2**53:
            continue
        for bound, outward in ((f.low, -1), (f.high, 1)):
            found.update({float(bound), float(bound + outward), round(bound + outward * 0.001, 3)})
    return sorted(found)
