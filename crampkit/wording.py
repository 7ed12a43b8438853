"""Words a person reads, looked up in one place: ``data/answer_labels.csv``.

The table is the source for urgency headlines, details, badges and the words that lead a
warning sign, for the questions and the short answer labels a report shows, and for the
labels of every answer choice. An educator edits the table, never the Python; a row the
table does not have yet falls back to the id in plain words, never an error.

>>> urgency_words("urgent")
'URGENT: get medical help today'
>>> urgency_badge("see_clinician_soon"), answer_label("fluids_litres_per_day")
('SOON', 'Drinks (litres per day)')
"""
from __future__ import annotations

from crampkit.content import read_table  # cached by content

LABELS_TABLE = "answer_labels.csv"


def _rows():
    try:
        return read_table(LABELS_TABLE)
    except OSError:
        return ()


def plain(identifier) -> str:
    """An id in plain words: ``see_clinician_soon`` -> ``see clinician soon``."""
    return str(identifier).replace("_", " ")


def labels(field: str) -> dict[str, str]:
    """Every label for ``field`` (id -> label, in table order).

    >>> labels("timing")["night"]
    'At night in bed'
    """
    return {row["id"]: row["label"] for row in _rows() if row.get("field") == field}


def label(field: str, identifier: str, default: str | None = None) -> str | None:
    """The label for ``identifier`` in ``field``, else ``default``."""
    for row in _rows():
        if row.get("field") == field and row.get("id") == identifier:
            return row.get("label", "")
    return default


def urgency_words(urgency: str, detail: bool = False) -> str:
    """The headline for an urgency level (or, with ``detail``, what to do, in a sentence
    or two). A level the table does not name is shown by its id in plain words."""
    if detail:
        return label("urgency_detail", urgency, "")
    return label("urgency", urgency) or plain(urgency).capitalize()


def urgency_badge(urgency: str) -> str:
    """One short word for an urgency level ("URGENT", "SOON", "OK")."""
    return label("urgency_badge", urgency) or plain(urgency).upper()


def flag_kind(urgency: str) -> str | None:
    """The words that lead a warning sign of this urgency in a list ("Urgent, today")."""
    return label("urgency_flag_kind", urgency)


def answer_label(field: str) -> str:
    """A short name for a profile field, as a report or a message shows it."""
    return label("answer", field) or plain(field).capitalize()


def answer_labels() -> dict[str, str]:
    """Every short field name (field -> label), in table order."""
    return labels("answer")
