"""Reading a cause rule from its row in ``data/cause_rules.csv``: the small evaluator.

A row says when its rule fires in five columns, so an educator can read (and change) a rule
without reading Python:

- ``fact``: what the rule looks at: a name in :class:`~crampkit.assessment.facts.Facts`
  (``conditions``, ``water_pills``, ...), ``profile.<field>`` for one of the person's answers,
  ``red_flags`` (the ids of the warning signs that fired) or ``emergency_categories`` (the
  causes the fired emergency warning signs concern, their ``plan_category`` in red_flags.csv);
- ``test``: how it looks (one of :data:`TESTS`):

  * ``true``: the fact is true (or a list with something in it);
  * ``in_list``: the fact, or one of its items, is one of ``value`` (ids separated by ``;``);
  * ``at_least`` / ``below``: the fact is a number at least / below ``threshold``;
  * ``below_share_of``: the fact is a number below ``threshold`` x the fact named in ``value``
    (a target, such as ``drinks_compared_litres``);
  * ``class_in``: a medicine of one of the classes in ``value`` (medication_classes.csv);
  * ``evidence_level``: a medicine whose link with cramps has the evidence level ``value``;
  * ``code``: a rule a table row cannot say: a function in
    :data:`crampkit.assessment.causes.RULES_IN_CODE`, with a comment on why;

- ``also``: facts or other rules (``;``) that must all hold as well;
- ``unless``: facts or other rules (``;``) any one of which switches the rule off.

A reason's ``{placeholders}`` are the words of :data:`WORDS`; a placeholder written with a
capital first letter (``{Condition_names}``) gives the same words starting with a capital.

>>> from crampkit.assessment.facts import gather_facts
>>> from crampkit.assessment.profile import Profile
>>> row = {"rule_id": "r", "fact": "profile.hours_sitting_per_day", "test": "at_least", "threshold": "8",
...        "value": "", "also": "", "unless": "", "reason": "You sit for about {hours_sitting} hours a day."}
>>> book = RuleBook({"r": row}, gather_facts(Profile(age=40, hours_sitting_per_day=9.5)))
>>> book.reason("r")
'You sit for about 9.5 hours a day.'
"""
from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from functools import cache
from operator import attrgetter

from crampkit.assessment.condition_table import conditions
from crampkit.assessment.facts import Facts
from crampkit.assessment.medications import MedicationMatch, medication_classes
from crampkit.content import split_ids
from crampkit.wording import label

TESTS = ("true", "in_list", "at_least", "below", "below_share_of", "class_in", "evidence_level", "code")
PROFILE = "profile."
FLAGS = "red_flags"
EMERGENCIES = "emergency_categories"
REASON_WORDS = "cause_reason_words"  # the rows of data/answer_labels.csv a reason's words come from


def reason_words(key: str) -> str:
    """Words a cause's reason is built from: the row ``cause_reason_words,<key>`` of
    ``data/answer_labels.csv`` (its id in plain words when the table lacks it).

    >>> reason_words("listed")
    'You listed'
    """
    return label(REASON_WORDS, key) or key.replace("_", " ")


class _ReasonWords(Mapping):
    """Two rows of :func:`reason_words` by a yes/no (read from the table on use)."""

    def __init__(self, yes: str, no: str):
        self.keys_ = {True: yes, False: no}

    def __getitem__(self, answer: bool) -> str:
        return reason_words(self.keys_[bool(answer)])

    def __iter__(self):
        return iter(self.keys_)

    def __len__(self) -> int:
        return 2


# How a reason names a condition: typed, or implied by medicines (contract v3: a suggestion).
LISTED_WORDS: Mapping[bool, str] = _ReasonWords("listed", "implied")
# How the low-fluids reasons name the amount they compare with (contract v3: with the
# hyponatraemia guard it is the usual amount, and the pharmacist says what suits the person).
SUGGESTED_WORDS: Mapping[bool, str] = _ReasonWords("suggested_guard", "suggested")
# How the alcohol reason opens: alcohol typed as a condition, or implied by the drinks a week.
ALCOHOL_WORDS: Mapping[bool, str] = _ReasonWords("alcohol_typed", "alcohol_implied")

#: A rule in code: the facts and the fired flags in, None (it does not fire) or the reason's
#: values out.
CodeRule = Callable[[Facts, tuple], "dict | None"]


class RuleTableError(ValueError):
    """A row of cause_rules.csv the evaluator cannot read; the message names the rule and column."""


def number(value: float) -> str:
    """A number as a reason shows it: ``9.5``, ``300``."""
    return f"{value:g}"


def names(items) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@cache
def _ids(text: str) -> tuple[str, ...]:
    """``split_ids`` of a cell, worked out once per distinct cell."""
    return split_ids(text)


def _typed(item) -> str:
    return item.input if isinstance(item, MedicationMatch) else str(item)


def _with_classes(item: MedicationMatch) -> str:
    return f"{item.input} ({', '.join(medication_classes()[c].name for c in item.class_ids)})"


#: The words a reason template can use, each from the facts and the items the rule matched.
WORDS: dict[str, Callable[[Facts, list], str]] = {
    "names": lambda f, found: names(_typed(i) for i in found),
    "names_with_classes": lambda f, found: names(_with_classes(i) for i in found),
    "condition_names": lambda f, found: names(conditions()[c].name.lower() for c in found),
    "listed": lambda f, found: LISTED_WORDS[found[0] in f.typed_conditions],
    "fluids": lambda f, found: f"{f.profile.fluids_litres_per_day:.1f}",
    "target": lambda f, found: f"{f.drinks_compared_litres:.1f}",
    "suggested": lambda f, found: SUGGESTED_WORDS[f.hyponatraemia_guard],
    "alcohol_said": lambda f, found: ALCOHOL_WORDS["heavy_alcohol_use" in f.typed_conditions],
    "minutes": lambda f, found: number(f.profile.exercise_minutes_per_week or 0),
    "guideline": lambda f, found: number(f.activity_guideline_minutes),
    "age": lambda f, found: number(f.profile.age),
    "hours_sitting": lambda f, found: number(f.profile.hours_sitting_per_day or 0),
    "hours_standing": lambda f, found: number(f.profile.hours_standing_per_day or 0),
}


@cache
def placeholders(template: str) -> tuple[str, ...]:
    """The placeholders of a reason template, as written.

    >>> placeholders("{Condition_names} can narrow the leg arteries over time.")
    ('Condition_names',)
    """
    return tuple(field for _, field, _, _ in string.Formatter().parse(template) if field)


def fact_value(name: str, facts: Facts | None, flags=()):
    """The value of the fact ``name`` for ``facts`` and the fired ``flags``."""
    if name == FLAGS:
        return tuple(flag.id for flag in flags)
    if name == EMERGENCIES:
        return tuple(flag.plan_category for flag in flags if flag.urgency == "emergency")
    if name.startswith(PROFILE):
        return getattr(facts.profile, name[len(PROFILE):])
    return getattr(facts, name)


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _number_test(test: str, value, row: dict, book: RuleBook) -> bool:
    if value is None:
        return False
    limit = float(row["threshold"])
    if test == "at_least":
        return value >= limit
    if test == "below":
        return value < limit
    target = fact_value(row["value"], book.facts, book.flags)  # below_share_of
    return bool(target) and value < limit * target


def matched(row: dict, book: RuleBook) -> list | None:
    """The items the row's test found (a list, empty for a number or a yes/no fact), or None
    when the test fails."""
    test, wanted = row["test"], _ids(row["value"])
    if test in ("class_in", "evidence_level"):
        meds = book.facts.medications
        found = ([m for m in meds if set(m.class_ids) & set(wanted)] if test == "class_in"
                 else [m for m in meds if m.evidence_level == row["value"]])
        return found or None
    value = fact_value(row["fact"], book.facts, book.flags)
    if test == "true":
        return (list(value) if isinstance(value, (list, tuple)) else []) if value else None
    if test == "in_list":
        present = set(_items(value))
        return [w for w in wanted if w in present] or None
    if test in ("at_least", "below", "below_share_of"):
        return [] if _number_test(test, value, row, book) else None
    raise RuleTableError(f"cause_rules.csv rule {row['rule_id']}: test {test!r} is not one of {', '.join(TESTS)}")


class _Compiled:
    """A table's rows read once (issue 27's evaluator, made cheap): for each rule its test as a
    function of a :class:`RuleBook` (None for a rule in code) and its ``also`` and ``unless``
    split, and the rules of each category in table order. Derived from the rows alone, never
    from a person's answers."""

    def __init__(self, rows: Mapping[str, dict]):
        self.rows = rows
        self.rules: dict[str, tuple] = {}
        self.by_category: dict[str, list[str]] = {}
        for rule_id, row in rows.items():
            self.rules[rule_id] = (None if row["test"] == "code" else _compile_test(row),
                                   tuple(_compile_name(n, rows) for n in _ids(row["also"])),
                                   tuple(_compile_name(n, rows) for n in _ids(row["unless"])))
            self.by_category.setdefault(row.get("category"), []).append(rule_id)


_COMPILED: dict[int, _Compiled] = {}  # id of the rows read -> those rows compiled


def compiled(rows: Mapping[str, dict]) -> _Compiled:
    """``rows`` read once: a table object is compiled the first time it is seen (as
    :func:`crampkit.wording.label` indexes its table); another table object, such as an edited
    copy, is compiled afresh. So edit a copy of the table, never the cached rows in place: an
    in-place edit would not be seen."""
    kept = _COMPILED.get(id(rows))
    if kept is None or kept.rows is not rows:
        if len(_COMPILED) > 8:  # edited copies (tests) do not pile up
            _COMPILED.clear()
        kept = _COMPILED[id(rows)] = _Compiled(rows)
    return kept


def _getter(name: str) -> Callable[[RuleBook], object]:
    """:func:`fact_value` of ``name`` as a function of a book."""
    if name == FLAGS:
        return lambda book: tuple(flag.id for flag in book.flags)
    if name == EMERGENCIES:
        return lambda book: tuple(flag.plan_category for flag in book.flags if flag.urgency == "emergency")
    if name.startswith(PROFILE):
        return attrgetter("facts.profile." + name[len(PROFILE):])
    return attrgetter("facts." + name)


def _compile_name(name: str, rows: Mapping[str, dict]):
    """An ``also``/``unless`` name: (True, rule id) for another rule, else (False, its getter)."""
    return (True, name) if name in rows else (False, _getter(name))


def _compile_test(row: dict) -> Callable[[RuleBook], list | None]:
    """The row's test as a function giving what :func:`matched` gives; a row the fast forms do
    not cover (an unknown test, a threshold that is not a number) is read by :func:`matched`
    itself, so it fails as before, when it is asked."""
    test, wanted, value = row["test"], _ids(row["value"]), row["value"]
    if test == "class_in":
        classes = set(wanted)
        return lambda book: [m for m in book.facts.medications if set(m.class_ids) & classes] or None
    if test == "evidence_level":
        return lambda book: [m for m in book.facts.medications if m.evidence_level == value] or None
    get = _getter(row["fact"])
    if test == "true":
        def true(book):
            found = get(book)
            return (list(found) if isinstance(found, (list, tuple)) else []) if found else None
        return true
    if test == "in_list":
        fact, wanted_set = row["fact"], frozenset(wanted)

        def in_list(book):
            present = book.sets.get(fact)
            if present is None:  # the fact's items, gathered once per person
                found = get(book)
                present = book.sets[fact] = set(found) if isinstance(found, (list, tuple, set, frozenset)) else {found}
            return None if present.isdisjoint(wanted_set) else [w for w in wanted if w in present]
        return in_list
    try:
        limit = float(row["threshold"]) if test in ("at_least", "below", "below_share_of") else None
    except (TypeError, ValueError):
        limit = None
    if limit is None:
        return lambda book: matched(row, book)
    return _number_compiled(test, limit, get, _getter(value) if test == "below_share_of" else None)


def _number_compiled(test: str, limit: float, get, target_of) -> Callable[[RuleBook], list | None]:
    def number_test(book):
        value = get(book)
        if value is None:
            return None
        if test == "at_least":
            holds = value >= limit
        elif test == "below":
            holds = value < limit
        else:
            target = target_of(book)
            holds = bool(target) and value < limit * target
        return [] if holds else None
    return number_test


class RuleBook:
    """The rules of the table for one person: which fire, and their reasons (each rule is
    worked out once, as other rules' ``also`` and ``unless`` may ask for it)."""

    def __init__(self, rows: Mapping[str, dict], facts: Facts | None, flags=(),
                 in_code: Mapping[str, CodeRule] | None = None):
        self.rows, self.facts, self.flags, self.in_code = rows, facts, tuple(flags), in_code or {}
        self.table = compiled(rows)
        self._found: dict[str, list | dict | None] = {}
        self.sets: dict[str, set] = {}  # a fact's items as a set, for the in_list tests

    def _holds(self, name) -> bool:
        is_rule, what = name
        return self.fires(what) if is_rule else bool(what(self))

    def found(self, rule_id: str) -> list | dict | None:
        """What the rule found (None when it does not fire); a rule in code gives its values."""
        found = self._found
        if rule_id in found:
            return found[rule_id]
        found[rule_id] = None  # a rule asking for itself, round a loop, does not fire
        test, also, unless = self.table.rules[rule_id]
        if test is None:
            result = self.in_code[rule_id](self.facts, self.flags)
        else:
            result = test(self)
            if result is not None and (also or unless) and (
                    not all(self._holds(n) for n in also) or any(self._holds(n) for n in unless)):
                result = None
        found[rule_id] = result
        return result

    def fires(self, rule_id: str) -> bool:
        return self.found(rule_id) is not None

    def values(self, rule_id: str) -> dict | None:
        """The values the rule's reason template needs, or None when the rule does not fire."""
        found = self.found(rule_id)
        if found is None or isinstance(found, dict):
            return found
        values = {}
        for field in placeholders(self.rows[rule_id]["reason"]):
            word = WORDS[field[0].lower() + field[1:]](self.facts, found)
            values[field] = word[0].upper() + word[1:] if field[0].isupper() else word
        return values

    def reason(self, rule_id: str) -> str | None:
        """The rule's reason for this person, or None when it does not fire."""
        values = self.values(rule_id)
        return None if values is None else self.rows[rule_id]["reason"].format(**values)
