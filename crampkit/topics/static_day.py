"""A day of sitting and standing, laid out hour by hour, with and without movement breaks.

Holding one position for a long time can bring on a cramp (mayo_muscle_cramp; evidence:
expert opinion), and WHO 2020 advises limiting time sitting and replacing it with movement
of any kind (who2020_activity). No study fixes how often to get up: a short break every
30 minutes is a **rule of thumb** (evidence: expert opinion), so the interval is a choice.

The day starts at ``start_hour`` with the sitting hours, then the standing hours; the rest
of the 24 hours is "other (moving about, sleep)". With breaks, the last ``break_minutes``
of every ``break_every_minutes`` of sitting or standing are spent moving (the totals stay the
same); the last stretch of each position needs no break because it ends with a change.

>>> plan = day_timeline(9, 2)
>>> plan.breaks, plan.longest_still_minutes, plan.longest_still_without_breaks
(20, 30, 540)
"""
from __future__ import annotations

from dataclasses import dataclass

from crampkit.checks import CrampkitInputError
from crampkit.content import message, topic_text
from crampkit.entries import EntryError, read_number

BREAK_EVERY_OPTIONS = (30, 45, 60)
DEFAULT_BREAK_EVERY = 30
DEFAULT_BREAK_MINUTES = 2
DAY_MINUTES = 24 * 60
BREAK_RULE = {
    "text": topic_text("static_break_rule"),
    "evidence_level": "expert_opinion",
    "reference_ids": ("who2020_activity", "mayo_muscle_cramp"),
}
# What each stretch of the day is, also its name on the chart (rows static_kind_...).
KINDS = tuple(topic_text(f"static_kind_{kind}") for kind in ("sitting", "standing", "break", "other"))
SITTING, STANDING, MOVEMENT_BREAK, OTHER = KINDS


class StaticDayError(CrampkitInputError):
    """A bad day input; the message names the field, the value and what is allowed."""


@dataclass(frozen=True)
class Block:
    """One stretch of the day, in minutes from midnight (may run past 24:00)."""

    start_minute: int
    end_minute: int
    kind: str

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


@dataclass(frozen=True)
class DayPlan:
    """The day with and without movement breaks, and what changes."""

    hours_sitting: float
    hours_standing: float
    break_every_minutes: int
    break_minutes: int
    start_hour: int
    without_breaks: tuple[Block, ...]
    with_breaks: tuple[Block, ...]
    breaks: int
    longest_still_minutes: int
    longest_still_without_breaks: int
    summary: str


def _hours(field: str, value) -> float:
    try:
        return read_number(value, field, 0, 24, "hours", typed=False, allowed="given")
    except EntryError as problem:
        raise StaticDayError(str(problem)) from None


def _still_blocks(start: int, minutes: int, kind: str, every: int, pause: int):
    """Blocks for ``minutes`` of ``kind`` from ``start``: a break ends each ``every`` minutes,
    except the last stretch, which ends with a change of position anyway."""
    blocks, at, end = [], start, start + minutes
    while at < end:
        chunk_end = min(at + every, end)
        if chunk_end < end:
            blocks.append(Block(at, chunk_end - pause, kind))
            blocks.append(Block(chunk_end - pause, chunk_end, MOVEMENT_BREAK))
        else:
            blocks.append(Block(at, chunk_end, kind))
        at = chunk_end
    return blocks


def _merge(blocks):
    merged = []
    for block in blocks:
        if block.minutes <= 0:
            continue
        if merged and merged[-1].kind == block.kind and merged[-1].end_minute == block.start_minute:
            merged[-1] = Block(merged[-1].start_minute, block.end_minute, block.kind)
        else:
            merged.append(block)
    return merged


def day_timeline(hours_sitting, hours_standing, break_every_minutes: int = DEFAULT_BREAK_EVERY,
                 break_minutes: int = DEFAULT_BREAK_MINUTES, start_hour: int = 7) -> DayPlan:
    """Lay out a day from the hours spent sitting and standing, with and without breaks.

    >>> [(b.kind, b.minutes) for b in day_timeline(1, 0).with_breaks][:3]
    [('sitting', 28), ('movement break', 2), ('sitting', 30)]
    """
    sitting = _hours("hours_sitting_per_day", hours_sitting)
    standing = _hours("hours_standing_per_day", hours_standing)
    if sitting + standing > 24:
        raise StaticDayError(message("static_day_too_long", field="hours_sitting_per_day",
                                     sitting=f"{sitting:g}", standing=f"{standing:g}"))
    if isinstance(break_every_minutes, bool) or not isinstance(break_every_minutes, int) \
            or break_every_minutes not in BREAK_EVERY_OPTIONS:
        raise StaticDayError(message("static_not_offered", field="break_every_minutes",
                                     typed=repr(break_every_minutes),
                                     choices=", ".join(map(str, BREAK_EVERY_OPTIONS))))
    if isinstance(break_minutes, bool) or not isinstance(break_minutes, int) or not 1 <= break_minutes <= 10:
        raise StaticDayError(message("static_break_minutes", field="break_minutes", typed=repr(break_minutes),
                                     low=1, high=10))
    if isinstance(start_hour, bool) or not isinstance(start_hour, int) or not 0 <= start_hour <= 23:
        raise StaticDayError(message("static_start_hour", field="start_hour", typed=repr(start_hour),
                                     low=0, high=23))

    start = start_hour * 60
    sit_min, stand_min = round(sitting * 60), round(standing * 60)
    day_end = start + DAY_MINUTES
    plain = _merge([Block(start, start + sit_min, SITTING),
                    Block(start + sit_min, start + sit_min + stand_min, STANDING),
                    Block(start + sit_min + stand_min, day_end, OTHER)])
    broken = _merge(_still_blocks(start, sit_min, SITTING, break_every_minutes, break_minutes)
                    + _still_blocks(start + sit_min, stand_min, STANDING, break_every_minutes,
                                    break_minutes)
                    + [Block(start + sit_min + stand_min, day_end, OTHER)])
    breaks = sum(1 for b in broken if b.kind == MOVEMENT_BREAK)
    still = [b.minutes for b in broken if b.kind in (SITTING, STANDING)]
    still_plain = [b.minutes for b in plain if b.kind in (SITTING, STANDING)]
    longest, longest_plain = max(still, default=0), max(still_plain, default=0)
    if not still_plain:
        text = topic_text("static_nothing_still")
    else:
        text = topic_text("static_summary", sitting=f"{sitting:g}", standing=f"{standing:g}",
                          longest_plain=longest_plain, break_minutes=break_minutes,
                          break_every=break_every_minutes, longest=longest, breaks=breaks)
    return DayPlan(sitting, standing, break_every_minutes, break_minutes, start_hour,
                   tuple(plain), tuple(broken), breaks, longest, longest_plain, text)


def clock(minute: int) -> str:
    """A minute count as a 24-hour clock time (wrapping past midnight).

    >>> clock(7 * 60), clock(25 * 60 + 5)
    ('07:00', '01:05')
    """
    if isinstance(minute, bool) or not isinstance(minute, int):
        raise StaticDayError(message("static_minute", field="minute", typed=repr(minute)))
    minute %= DAY_MINUTES
    return f"{minute // 60:02d}:{minute % 60:02d}"
