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

from crampkit.content import fill, read_table  # read_table is cached by content

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


_INDEX: dict = {}  # id of the rows read -> (those rows, {(field, id): label}), first row wins


def label(field: str, identifier: str, default: str | None = None) -> str | None:
    """The label for ``identifier`` in ``field``, else ``default`` (a dictionary lookup: the
    rules ask for reason words thousands of times a second).

    >>> label("urgency_badge", "urgent"), label("urgency_badge", "no_such_level", "?")
    ('URGENT', '?')
    """
    rows = _rows()
    kept = _INDEX.get(id(rows))
    if kept is None or kept[0] is not rows:  # read afresh when the table object changes
        index: dict = {}
        for row in rows:
            index.setdefault((row.get("field"), row.get("id")), row.get("label", ""))
        kept = _INDEX[id(rows)] = (rows, index)
    return kept[1].get((field, identifier), default)


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


# ---------------------------------------------------------------- what was understood (v3)


def quoted(items) -> str:
    """Typed words as the person typed them, each in quotes: ``'a', 'b'``."""
    return ", ".join(f"'{item}'" for item in items)


def understanding_text(key: str, **values: str) -> str:
    """A sentence from the ``understanding`` rows of the table, its ``{names}`` filled in."""
    return fill(label("understanding", key) or plain(key).capitalize(), **values)


def not_understood(assessment) -> tuple[str, ...]:
    """Every condition and medicine crampkit did not understand, as typed (conditions first)."""
    return (tuple(getattr(assessment, "unrecognised_conditions", ()))
            + tuple(getattr(assessment, "unrecognised_medications", ())))


def no_flag_words(assessment) -> tuple[str, str] | None:
    """For an answer with no warning sign while something typed was not understood: the
    headline and the detail to say instead of "none of your answers is a warning sign"
    (contract v3); ``None`` when everything typed was understood or a sign fired."""
    missing = not_understood(assessment)
    if not missing or getattr(assessment, "red_flags", ()):
        return None
    return (understanding_text("no_flag_headline"),
            understanding_text("no_flag_detail", items=quoted(missing)))


def understanding_lines(assessment) -> list[tuple[str, str]]:
    """What crampkit made of the typed conditions and medicines, as ``(kind, sentence)``
    pairs for a screen to show: ``not_understood`` (first: it changes the advice),
    ``implied``, ``clot_risks``, ``not_counted`` and ``other``. Plain text: escape it for HTML.
    """
    lines: list[tuple[str, str]] = []
    missing = not_understood(assessment)
    if missing:
        lines.append(("not_understood", understanding_text("not_understood", items=quoted(missing))))
    for implied in getattr(assessment, "implied_conditions", ()):
        said = getattr(implied, "said_as", "") or plain(implied.id)
        lines.append(("implied", understanding_text("implied", said_as=said,
                                                    because=", ".join(implied.because))))
    risks = getattr(assessment, "clot_risks", ())
    if risks:
        names = labels("clot_risks")
        lines.append(("clot_risks", understanding_text(
            "clot_risks", items="; ".join(names.get(r, plain(r)) for r in risks))))
    for typed, reason in getattr(assessment, "conditions_not_counted", ()):
        lines.append(("not_counted", understanding_text(f"not_counted_{reason}", input=typed)))
    for typed in getattr(assessment, "other_conditions", ()):
        lines.append(("other", understanding_text("other_condition", input=typed)))
    return lines


def held_back_words(assessment) -> str | None:
    """While something typed was not understood, the sentence that says which advice the
    plan holds back (drinks, salt, potassium; contract v3); ``None`` otherwise."""
    missing = not_understood(assessment)
    if not missing:
        return None
    return understanding_text("held_back", items=quoted(missing))


def evidence_meaning(level: str) -> str:
    """What an evidence level means, in one plain sentence (empty for a level the table lacks).

    >>> evidence_meaning("expert_opinion")
    'Experts think so, but studies have not tested it.'
    """
    return label("evidence_meaning", level, "")


def point_words(score: float) -> str:
    """How much a person's answers point to a cause, in words ("a lot", "some", "a little"):
    a score is no chance, so it is never said as a number that reads like a percentage.
    The words are rows ``point_words`` of the labels table, each id saying the score (out of
    100) its words start from (``from_60``: "a lot" from 0.6 up).

    >>> point_words(0.81), point_words(0.4), point_words(0.1)
    ('a lot', 'some', 'a little')
    """
    steps = sorted(((int(low.removeprefix("from_")) / 100, words)
                    for low, words in labels("point_words").items()), reverse=True)
    return next((words for low, words in steps if score >= low), steps[-1][1] if steps else "some")
