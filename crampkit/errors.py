"""What every error a person can act on is: :class:`CrampkitInputError` (a ``ValueError``)
whose message is one printable line of at most 300 characters, and the helpers that make a
text fit to show (:func:`one_line`, :func:`bounded`, :func:`printable`).

It imports nothing of crampkit, so both the table reader (``crampkit.content``) and the parser
(``crampkit.checks``, which re-exports every name here) build on it.

>>> str(CrampkitInputError("leg: 'x\\x1b' is not allowed"))
"leg: 'x\\\\x1b' is not allowed"
"""
from __future__ import annotations

import re

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


class CrampkitInputError(ValueError):
    """Something a person gave crampkit that it cannot use; the message names the field.

    Its text is always :func:`bounded`: one line, at most 300 characters, control
    characters escaped, whatever value it quotes.
    """

    def __str__(self) -> str:
        return bounded(super().__str__())
