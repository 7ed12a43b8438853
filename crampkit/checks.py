"""One place for checking what people type or load: numbers, choices and yes/no flags.

Every tool (profile, profile form, fluids, activity, static day, diary, class survey) reads
numbers with :func:`parse_number`, so the same text means the same number everywhere: a
comma works as the decimal point ("70,5", "1,5", "2,5"), spaces around it are ignored, and
NaN, infinities and numbers too large for a float are refused. Each tool keeps its own
message naming its field; the problem kind (:class:`NumberProblem`) tells it which one.

Every error a person can act on derives from :class:`CrampkitInputError` (a ``ValueError``),
so a caller can catch them all in one place.

>>> parse_number("70,5", 8, 350)
70.5
>>> parse_number(" 45 min ", 0, 600, unit_words=True)
45.0
>>> parse_number("two", 0, 10)
Traceback (most recent call last):
...
crampkit.checks.NumberProblem: 'two' is not a number
"""
from __future__ import annotations

import math
import re
from numbers import Real

from crampkit.content import message
from crampkit.errors import (  # noqa: F401 - re-exported: checks' names stay
    MAX_FIELD_CHARS,
    MAX_MESSAGE_CHARS,
    CrampkitInputError,
    bounded,
    escaped_char,
    one_line,
    printable,
)

# Digits with an optional decimal point or comma, an optional sign and exponent.
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_UNIT_WORD = re.compile(r"\s*[a-z%]+\.?$")
MAX_SHOWN = 30


def quoted(value, limit: int = MAX_SHOWN) -> str:
    """``value`` as a message quotes it: cut to ``limit`` characters *before* quoting (a
    10 MB value costs nothing), control characters and overrides escaped.

    >>> quoted("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...'"
    >>> quoted("calf\x1b[31m")
    "'calf\\\\x1b[31m'"
    """
    if not isinstance(value, str):
        try:
            value = str(value)
        except Exception:  # noqa: BLE001 - an object whose str() fails is still named
            value = type(value).__name__
    long_value = len(value) > limit * 4  # never strip or copy megabytes to show 30 characters
    text = value[: limit * 4].lstrip() if long_value else value.strip()
    if len(text) > limit or long_value:
        text = text[: limit - 3] + "..."
    return repr(text)  # repr escapes control characters, overrides and lone surrogates


shown = quoted  # the name older code uses


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


class NumberProblem(CrampkitInputError):
    """Why a value is not a usable number.

    ``kind`` is one of ``empty``, ``not_a_number`` (wrong type or text that is no number),
    ``not_finite`` (NaN, infinity, too large), ``out_of_range`` or ``not_whole``;
    ``number`` is the number read, when there was one.
    """

    KINDS = ("empty", "not_a_number", "not_finite", "out_of_range", "not_whole")

    def __init__(self, kind: str, value, number: float | None = None):
        self.kind, self.value, self.number = kind, value, number
        said = "not_a_number" if kind == "not_finite" else kind
        super().__init__(message(f"check_{said}", typed=shown(value)) if kind != "empty"
                         else message("check_empty"))


def _is_number_like(value) -> bool:
    return isinstance(value, Real) or (not isinstance(value, str) and hasattr(value, "__float__"))


def parse_number(value, low: float = -math.inf, high: float = math.inf, *, whole: bool = False,
                 text: bool = True, unit_words: bool = False) -> float:
    """The number ``value`` holds, from ``low`` to ``high``; else a :class:`NumberProblem`.

    ``text``: accept typed text ("2,5", " 7 "); with ``unit_words`` a trailing unit word
    ("45 min", "2 L") is ignored. ``whole``: the number must have no fraction. Booleans are
    never numbers. Empty text and ``None`` are the ``empty`` problem (callers with a default
    catch it).

    >>> parse_number("1,5", 0, 15), parse_number(3, 0, 10, whole=True)
    (1.5, 3.0)
    >>> [problem_kind(v) for v in ("", "abc", "nan", 10**400, 11, 2.5, True)]
    ['empty', 'not_a_number', 'not_a_number', 'not_finite', 'out_of_range', 'not_whole', 'not_a_number']
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise NumberProblem("empty", value)
    if isinstance(value, bool):
        raise NumberProblem("not_a_number", value)
    if isinstance(value, str):
        if not text:
            raise NumberProblem("not_a_number", value)
        cleaned = value.strip().lower()
        if unit_words:
            cleaned = _UNIT_WORD.sub("", cleaned).strip()
        if not _NUMBER_TEXT.match(cleaned):
            raise NumberProblem("not_a_number", value)
        number = finite_number(cleaned.replace(",", "."))
        if number is None:
            raise NumberProblem("not_finite", value)
    elif _is_number_like(value):
        number = finite_number(value)
        if number is None:
            raise NumberProblem("not_finite", value)
    else:
        raise NumberProblem("not_a_number", value)
    if not low <= number <= high:
        raise NumberProblem("out_of_range", value, number)
    if whole and number != int(number):
        raise NumberProblem("not_whole", value, number)
    return number


def problem_kind(value, low: float = 0, high: float = 10) -> str | None:
    """The kind of problem :func:`parse_number` finds with ``value`` (whole numbers from
    ``low`` to ``high``), or ``None``: a helper for examples and tests."""
    try:
        parse_number(value, low, high, whole=True)
    except NumberProblem as problem:
        return problem.kind
    return None


def parse_flag(value, field: str, error: type[ValueError] = CrampkitInputError) -> bool:
    """Yes or no: a bool, 0 or 1, or the words yes/no, true/false, y/n, 1/0 (empty is no).

    >>> parse_flag("Yes", "swelling"), parse_flag(0, "swelling"), parse_flag("", "swelling")
    (True, False, False)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "true", "1", "y"):
            return True
        if word in ("no", "false", "0", "n", ""):
            return False
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:  # numpy bool
        try:
            return parse_flag(value.item(), field, error)
        except (TypeError, ValueError):
            pass
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    raise error(message("choice_not_yes_no", field=field, typed=text))


def parse_choice(value, field: str, allowed: tuple[str, ...],
                 error: type[ValueError] = CrampkitInputError) -> str:
    """One word from ``allowed`` (case and surrounding spaces ignored).

    >>> parse_choice(" Left ", "leg", ("left", "right"))
    'left'
    """
    word = value.strip().lower() if isinstance(value, str) else None
    if word not in allowed:
        raise error(message("choice_not_one_of", field=field, typed=_quoted_any(value),
                            choices=", ".join(allowed)))
    return word


def _quoted_any(value) -> str:
    """Text quoted and cut (:func:`quoted`); anything else by its repr, cut to one line."""
    if isinstance(value, str):
        return quoted(value)
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - an object whose repr() fails is still named
        text = type(value).__name__
    return one_line(text, MAX_SHOWN)


def parse_choices(value, field: str, allowed: tuple[str, ...],
                  error: type[ValueError] = CrampkitInputError) -> tuple[str, ...]:
    """A list or ``;``-separated string of words from ``allowed``, deduplicated, in order
    (spaces and hyphens inside a word count as underscores).

    >>> parse_choices("Long sitting; heat;heat", "before", ("long_sitting", "heat"))
    ('long_sitting', 'heat')
    """
    if value is None:
        return ()
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(";")]
    elif isinstance(value, (list, tuple, set, frozenset)):
        parts = []
        for item in value:
            if not isinstance(item, str):
                raise error(message("choice_not_from", field=field, typed=_quoted_any(item),
                                    choices=", ".join(allowed)))
            parts.append(item.strip())
    else:
        raise error(message("choice_not_a_list", field=field, typed=_quoted_any(value),
                            choices=", ".join(allowed)))
    chosen: list[str] = []
    for part in parts:
        word = part.lower().replace(" ", "_").replace("-", "_")
        if not word:
            continue
        if word not in allowed:
            raise error(message("choice_not_from", field=field, typed=quoted(part),
                                choices=", ".join(allowed)))
        if word not in chosen:
            chosen.append(word)
    return tuple(chosen)
