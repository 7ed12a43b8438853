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

# Digits with an optional decimal point or comma, an optional sign and exponent.
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_UNIT_WORD = re.compile(r"\s*[a-z%]+\.?$")
MAX_SHOWN = 30


MAX_MESSAGE_CHARS = 300  # every message a person sees: one line, at most this long
MAX_FIELD_CHARS = 60  # a field name is short; a longer one is someone's value, cut
# Characters that would move or hide text on a terminal or in a page: bidirectional
# overrides and isolates (a "right-to-left override" makes "exe.txt" read "txt.exe").
_BIDI = frozenset((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Every character escaped_char changes, to find them at C speed (a message is built for each
# bad cell of a CSV, so this runs hundreds of thousands of times on a bad file).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\u2028\u2029\ud800-\udfff]")


def _escape_match(match: re.Match) -> str:
    return escaped_char(match.group())


def escaped_char(ch: str) -> str:
    """``ch`` itself when it is safe to print, else its escape (``\\x1b``, ``\\u202e``).

    >>> escaped_char("a"), escaped_char("\\x1b"), escaped_char("\\u202e"), escaped_char("\\n")
    ('a', '\\\\x1b', '\\\\u202e', '\\\\n')
    """
    code = ord(ch)
    if code >= 0x20 and code != 0x7F and not 0x80 <= code < 0xA0 and code not in _BIDI \
            and not 0xD800 <= code <= 0xDFFF and code not in (0x2028, 0x2029):
        return ch
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return " "
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` as one printable line of at most ``limit`` characters.

    Line breaks, control characters (terminal escapes, the bell), bidirectional overrides
    and text that is not valid Unicode are escaped (``\\n``, ``\\x1b``, ``\\u202e``,
    ``\\ud800``); anything longer is cut and ends with "...". Only the first ``limit``
    characters are looked at, so a 10 MB value costs no more than a short one.

    >>> one_line("two\\nlines\\x07")
    'two\\\\nlines\\\\x07'
    >>> len(one_line("x" * 10_000_000))
    300
    """
    text = text if isinstance(text, str) else str(text)
    head = text[: limit + 1]
    result = _UNSAFE.sub(_escape_match, head) if _UNSAFE.search(head) else head
    if len(result) > limit or len(text) > limit + 1:
        result = result[: limit - 3] + "..."
    return result


def printable(text: str) -> str:
    """``text`` fit for a terminal: every line kept, but control characters (terminal
    escapes, the bell), bidirectional overrides and invalid Unicode shown escaped, so a
    medicine name cannot recolour, hide or reorder what is printed. Any length.

    >>> printable("ibu\\x1b[31mprofen\\x07\\nnext \\u202eline")
    'ibu\\\\x1b[31mprofen\\\\x07\\nnext \\\\u202eline'
    """
    return "\n".join(_UNSAFE.sub(_escape_match, line) for line in str(text).split("\n"))


def bounded(message, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message fit to show: one line, at most ``limit`` characters, and the problem never
    pushed out by a long value. Messages start with the field ("leg: ... is not allowed");
    when what comes before the first ": " is longer than a field name can be (a 900 KB key
    in a profile), it is cut to :data:`MAX_FIELD_CHARS` so the problem after it still shows.

    >>> bounded("k" * 900_000 + ": is not a profile field")[-28:]
    'k...: is not a profile field'
    """
    text = message if isinstance(message, str) else str(message)
    head, colon, rest = text.partition(": ")
    if colon and len(head) > MAX_FIELD_CHARS and len(text) > limit:
        text = one_line(head, MAX_FIELD_CHARS) + ": " + rest[: limit * 2]
    return one_line(text, limit)


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


class CrampkitInputError(ValueError):
    """Something a person gave crampkit that it cannot use; the message names the field.

    Its text is always :func:`bounded`: one line, at most 300 characters, control
    characters escaped, whatever value it quotes.
    """

    def __str__(self) -> str:
        return bounded(super().__str__())


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
        words = {"empty": "is empty", "not_a_number": "is not a number",
                 "not_finite": "is not a number", "out_of_range": "is out of range",
                 "not_whole": "is not a whole number"}[kind]
        super().__init__(f"{shown(value)} {words}" if kind != "empty" else words)


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
    raise error(f"{field}: {text} is not allowed; give yes or no")


def parse_choice(value, field: str, allowed: tuple[str, ...],
                 error: type[ValueError] = CrampkitInputError) -> str:
    """One word from ``allowed`` (case and surrounding spaces ignored).

    >>> parse_choice(" Left ", "leg", ("left", "right"))
    'left'
    """
    word = value.strip().lower() if isinstance(value, str) else None
    if word not in allowed:
        raise error(f"{field}: {_quoted_any(value)} is not allowed; choose one of "
                    f"{', '.join(allowed)}")
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
                raise error(f"{field}: {_quoted_any(item)} is not allowed; choose from "
                            f"{', '.join(allowed)}")
            parts.append(item.strip())
    else:
        raise error(f"{field}: {_quoted_any(value)} is not allowed; give a list or "
                    f"';'-separated words from {', '.join(allowed)}")
    chosen: list[str] = []
    for part in parts:
        word = part.lower().replace(" ", "_").replace("-", "_")
        if not word:
            continue
        if word not in allowed:
            raise error(f"{field}: {quoted(part)} is not allowed; choose from "
                        f"{', '.join(allowed)}")
        if word not in chosen:
            chosen.append(word)
    return tuple(chosen)
