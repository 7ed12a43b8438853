"""Teaching pictures: accessible SVG drawings, each with a title, a description and sources.

The drawings live in ``data/pictures/`` and their words in ``data/pictures.csv`` (an educator
edits the words there; ``scripts/draw_pictures.py`` draws the shapes). Each SVG carries its
title and description for screen readers and reads in greyscale.

>>> p = picture("calf-stretch")
>>> p.title, p.reference_ids[0]
('Calf stretch against a wall', 'hallegraeff2012_stretching')
>>> p.svg.startswith("<svg") and 'role="img"' in p.svg
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.content import ContentError, read_table, read_text, split_ids


@dataclass(frozen=True)
class Picture:
    """One drawing: its id, the words a screen reader reads, what it shows and its sources."""

    id: str
    title: str
    description: str
    shows: str
    reference_ids: tuple[str, ...]
    svg: str


@cache
def pictures() -> dict[str, Picture]:
    """Every teaching picture by id, in the table's order."""
    return {
        row["picture_id"]: Picture(row["picture_id"], row["title"], row["description"], row["shows"],
                                   split_ids(row["reference_ids"]), read_text(row["file"]))
        for row in read_table("pictures.csv")
    }


def picture(picture_id: str) -> Picture:
    """The picture ``picture_id``; an unknown id is a :class:`ContentError` naming the choices.

    >>> picture("elbow")
    Traceback (most recent call last):
    ...
    crampkit.content.ContentError: picture_id: 'elbow' is not a picture; choose from calf-stretch, ...
    """
    known = pictures()
    if not isinstance(picture_id, str) or picture_id not in known:
        shown = repr(picture_id)[:60]
        raise ContentError(f"picture_id: {shown} is not a picture; choose from {', '.join(known)}")
    return known[picture_id]


#: The bedtime stretch step cites the trial whose routine the stretch pictures show.
STRETCH_TRIAL = "hallegraeff2012_stretching"
STRETCH_PICTURES = ("calf-stretch", "hamstring-stretch")
#: Steps shown with the picture of what they ask (by their row in data/plan_steps.csv).
STEP_PICTURES = {"during_cramp": ("toes-up",), "movement_breaks": ("ankle-circles",)}


@cache
def _step_texts() -> dict[str, tuple[str, ...]]:
    """The text of each pictured step, as the plan says it."""
    rows = {row["step_id"]: row["text"] for row in read_table("plan_steps.csv")}
    return {text: ids for step_id, ids in STEP_PICTURES.items() if (text := rows.get(step_id))}


def step_picture_ids(text: str, reference_ids=()) -> tuple[str, ...]:
    """The pictures that show a plan step (its text and sources), for every view of the plan:
    the stretches for the bedtime stretch, pulling the toes up during a cramp, ankle circles
    for a break from sitting; none for other steps.

    >>> step_picture_ids("Drink water.", ("nhs_leg_cramps",))
    ()
    """
    if STRETCH_TRIAL in tuple(reference_ids or ()):
        return STRETCH_PICTURES
    return _step_texts().get(text, ())
