"""Loading crampkit's data tables: references, causes, tips, conditions, quizzes.

The tables are plain CSV files an educator can edit in a spreadsheet (``data/`` in the
repository, ``crampkit/data`` once installed). This module reads them with the standard
library only, so the rule engine stays light and fast to import.

>>> ref = reference("hallegraeff2012_stretching")
>>> ref.id, ref.short_name, "J Physiother" in ref.citation
('hallegraeff2012_stretching', 'Hallegraeff 2012', True)
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from crampkit.errors import CrampkitInputError

DATA_PACKAGE = "crampkit.data"
_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def data_root():
    """Where the data tables are: ``data/`` beside this package in a checkout, else the
    installed ``crampkit/data``.

    Python started in the repository root imports the source folder ``crampkit/`` even when
    a wheel is installed; the tables are then read from the checkout's ``data/`` (the wheel's
    copy is not reachable as ``crampkit.data`` from there).
    """
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data" / "datapackage.json").is_file():
        return _CHECKOUT / "data"
    return resources.files(DATA_PACKAGE)


def data_file(name: str):
    """The shipped data file ``name`` (a ``Traversable`` path), whether installed or not."""
    return data_root().joinpath(name)


def read_text(name: str) -> str:
    """The text of a shipped data file."""
    return data_file(name).read_text(encoding="utf-8")


@cache
def read_table(name: str) -> tuple[dict, ...]:
    """Rows of a shipped CSV table as dicts of strings (cached; treat as read-only)."""
    reader = csv.DictReader(io.StringIO(read_text(name)))
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


def read_json(name: str):
    """A shipped JSON file, parsed afresh each call (the text is cached), so a caller that
    changes what it got can never change what the next caller reads."""
    return json.loads(_cached_text(name))


@cache
def _cached_text(name: str) -> str:
    return read_text(name)


class ContentError(CrampkitInputError):
    """A value the content helpers cannot use; the message names the argument."""


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, /, escape_with=None, **values) -> str:
    """``template`` with each ``{name}`` replaced by its value: the one sentence filler every
    table's words go through. Other braces are left alone, so an educator's text can never
    break it, and every placeholder is filled in one pass, so a value that itself holds
    ``{name}`` (typed words) is shown as typed, never filled in turn.

    >>> fill("crampkit did not understand: {items}.", items="'the dropsy'")
    "crampkit did not understand: 'the dropsy'."
    >>> fill("{typed} ({why})", typed="mum has diabetes {why}", why="someone else's")
    "mum has diabetes {why} (someone else's)"
    >>> fill("a {b} {c}", b="{c}")
    'a {c} {c}'

    ``escape_with`` (such as ``crampkit.markup.Html.escape``) escapes the template's words
    and each value, so a value that is already markup (a linked source name) is put in as it is.

    >>> from html import escape
    >>> fill("<{who}> & {missing}", escape_with=escape, who="Tom's")
    '&lt;Tom&#x27;s&gt; &amp; {missing}'
    """
    if escape_with is None:
        return _PLACEHOLDER.sub(lambda found: str(values[found[1]]) if found[1] in values else found[0],
                                template)
    pieces = _PLACEHOLDER.split(template)  # words, name, words, name, ..., words
    return "".join(escape_with(values[piece] if odd and piece in values else
                               ("{" + piece + "}" if odd else piece))
                   for odd, piece in ((n % 2 == 1, p) for n, p in enumerate(pieces)))


@cache
def _table_words(table: str) -> dict[str, str]:
    return {row["id"]: row["text"] for row in read_table(table)}


def _table_text(table: str, text_id: str, values: dict) -> str:
    """Row ``text_id`` of ``table`` filled from ``values``; a value left empty takes its
    placeholder and the space before it along, and an empty last part leaves no ``;``."""
    try:
        text = _table_words(table)[text_id]
    except (KeyError, TypeError):
        raise ContentError(f"text_id: {text_id!r} is not a row of {table}") from None
    if not values:
        return text
    empty = tuple(key for key, value in values.items() if value is None or value == "")
    return fill(_without(text, empty), **values)


def _messages() -> dict[str, str]:
    return _table_words("messages.csv")


def message(message_id: str, **values) -> str:
    """The sentence ``message_id`` of ``data/messages.csv`` (what is wrong with what a person
    typed, gave or opened) with its ``{placeholders}`` filled from ``values``; a placeholder
    left empty takes the space before it along, and an empty last part leaves no ``;`` behind.

    >>> message("number_out_of_range", field="Weight", typed="'900'",
    ...         allowed=message("allowed_typed", low=8, high=350, unit="kg"))
    "Weight: '900' is out of range; type a number from 8 to 350 kg"
    >>> message("number_out_of_range", field="severity", typed="'60'",
    ...         allowed=message("allowed_given", low=0, high=10, unit=""))
    "severity: '60' is out of range; give a number from 0 to 10"
    """
    try:
        text = _messages()[message_id]
    except (KeyError, TypeError):
        raise ContentError(f"message_id: {message_id!r} is not a row of messages.csv") from None
    empty = tuple(key for key, value in values.items() if value is None or value == "")
    return fill(_without(text, empty), **values)


def widget_text(text_id: str, **values) -> str:
    """The words ``text_id`` of ``data/widget_texts.csv`` (what the widget tools show: titles,
    buttons, hints, messages) with its ``{placeholders}`` filled from ``values``, as
    :func:`message` fills them.

    >>> widget_text("profile_loaded", path="/home/me/crampkit/profile.json")
    'Loaded your saved details from /home/me/crampkit/profile.json.'
    >>> widget_text("profile_save")
    'Save my details'
    """
    return _table_text("widget_texts.csv", text_id, values)


def plot_text(text_id: str, **values) -> str:
    """The words ``text_id`` of ``data/plot_texts.csv`` (chart titles, axis names, hover
    words and the alt text that describes a chart), filled as :func:`message` fills them."""
    return _table_text("plot_texts.csv", text_id, values)


def topic_text(text_id: str, **values) -> str:
    """The words ``text_id`` of ``data/topic_texts.csv`` (what a topic's calculator or check
    tells a learner in a notebook), filled as :func:`message` fills them."""
    return _table_text("topic_texts.csv", text_id, values)


def view_words(text_id: str, **values) -> str:
    """The words ``text_id`` of ``data/view_texts.csv`` (what a person reads about an
    assessment or a diary), filled as :func:`message` fills them; for the core, below
    :func:`crampkit.presentation.view_text`."""
    return _table_text("view_texts.csv", text_id, values)


def command_text(text_id: str, **values) -> str:
    """The words ``text_id`` of ``data/command_texts.csv`` (what crampkit's command lines
    print and their help), filled as :func:`message` fills them."""
    return _table_text("command_texts.csv", text_id, values)


@lru_cache(maxsize=512)
def _without(text: str, empty: tuple[str, ...]) -> str:
    """``text`` without the placeholders named in ``empty`` (nor the space before them)."""
    for key in empty:
        text = re.sub(r"\s*\{" + re.escape(key) + r"\}", "", text)
    return text.strip().removesuffix(";").strip()


def split_ids(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell into its non-empty, stripped parts."""
    if cell is not None and not isinstance(cell, str):
        raise ContentError(f"cell: {type(cell).__name__} is not allowed; give text such as 'a;b'")
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


@dataclass(frozen=True)
class Reference:
    """One source in ``references.csv``: a short id, the full citation and a URL.

    ``short_name`` is the label a learner sees in running text, e.g. ``(NHS)`` or
    ``(Allen 2012)``, linking to the numbered list of full citations.
    """

    id: str
    citation: str
    url: str = ""
    accessed: str = ""
    short_name: str = ""


@cache
def references() -> dict[str, Reference]:
    """Every reference by id."""
    return {
        row["id"]: Reference(
            row["id"], row["citation"], row["url"], row.get("accessed", ""),
            row.get("short_name", ""),
        )
        for row in read_table("references.csv")
    }


class UnknownReferenceError(KeyError, ContentError):
    """An id that is not in ``references.csv`` (a KeyError, as before, and a ValueError)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def reference(ref_id: str) -> Reference:
    """The reference with id ``ref_id``; :class:`UnknownReferenceError` (a ``KeyError`` and
    a ``ValueError``) names the id when it is unknown.

    >>> reference("no_such_id")
    Traceback (most recent call last):
    ...
    crampkit.content.UnknownReferenceError: unknown reference id 'no_such_id'
    """
    shown = repr(ref_id) if len(repr(ref_id)) <= 60 else repr(ref_id)[:57] + "..."
    if not isinstance(ref_id, str) or ref_id not in references():
        raise UnknownReferenceError(f"unknown reference id {shown}")
    return references()[ref_id]
