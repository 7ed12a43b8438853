"""Activity: sudden jumps in weekly exercise, the weekly activity guideline, the bedtime
stretch routine.

Plain Python (no pandas). Each rule carries its evidence level and references:

- Build up gradually (jat2022_eamc): a week more than :data:`JUMP_THRESHOLD_PERCENT` above
  the week before is marked as a sudden jump. The 10% figure is a coaches' **rule of thumb**
  (evidence: expert opinion); sports research links fast rises in training load with
  injuries (gabbett2016_paradox), but no study tested it for cramps.
- WHO 2020 (who2020_activity): at least 150 minutes of moderate activity a week for adults;
  an average of 60 minutes a day (420 a week) for ages 5 to 17.
- The tested bedtime stretch (hallegraeff2012_stretching): calf and hamstring, both legs,
  3 holds of 10 seconds with 10 seconds of rest, just before sleep. Holds of 20-30 seconds
  are general flexibility advice (acsm2021_stretching), not tested for cramps.

>>> [w.sudden_jump for w in weekly_load([60, 60, 90, 95])]
[False, False, True, False]
>>> guideline_check(120, age=40).guideline_minutes
150
>>> total_seconds(stretch_routine(10))
120
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from crampkit.checks import CrampkitInputError, finite_number
from crampkit.content import message, topic_text
from crampkit.entries import EntryError, read_number

JUMP_THRESHOLD_PERCENT = 10
JUMP_RULE = {
    "text": topic_text("activity_jump_rule"),
    "evidence_level": "expert_opinion",
    "reference_ids": ("jat2022_eamc", "gabbett2016_paradox"),
}
MAX_WEEK_MINUTES = 5000  # the same ceiling the profile uses for minutes a week
WEEKS_SHOWN = 4
ADULT_GUIDELINE_MINUTES = 150
YOUTH_GUIDELINE_MINUTES = 7 * 60
ADULT_AGE = 18
MIN_GUIDELINE_AGE, MAX_AGE = 5, 110
GUIDELINE_REFERENCES = ("who2020_activity",)
GUIDELINE_NOTE = topic_text("activity_guideline_note")


class ActivityError(CrampkitInputError):
    """A bad activity input; the message names the field, the value and what is allowed."""


def _minutes(field: str, value, high: float = MAX_WEEK_MINUTES) -> float:
    try:
        return read_number(value, field, 0, high, "minutes", typed=False, allowed="given")
    except EntryError as problem:
        raise ActivityError(str(problem)) from None


def _check_items(field: str, items, kind: type, maker: str) -> None:
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, kind) for i in items):
        shown = repr(items)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ActivityError(message("activity_not_the_list", field=field, typed=shown, maker=maker))


# ----------------------------------------------------------------------------- weekly load


@dataclass(frozen=True)
class WeekChange:
    """One week's minutes and how they compare with the week before."""

    week: int
    label: str
    minutes: float
    previous_minutes: float | None
    change_percent: float | None
    sudden_jump: bool
    message: str


def week_labels(count: int = WEEKS_SHOWN) -> list[str]:
    """Labels for the last ``count`` weeks, oldest first.

    >>> week_labels(3)
    ['2 weeks ago', 'Last week', 'This week']
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 52:
        raise ActivityError(message("number_not_allowed", field="count", typed=repr(count),
                                    allowed=message("allowed_whole_of", unit="weeks", low=0, high=52)))
    names = {0: topic_text("activity_week_this"), 1: topic_text("activity_week_last")}
    return [names.get(back) or topic_text("activity_weeks_ago", weeks=back) for back in range(count - 1, -1, -1)]


def weekly_load(minutes_by_week, threshold_percent: float = JUMP_THRESHOLD_PERCENT) -> list[WeekChange]:
    """Each week's change from the week before (oldest week first); a week more than
    ``threshold_percent`` above the one before, or any activity after a week of none, is a
    sudden jump.

    >>> [round(w.change_percent or 0) for w in weekly_load([100, 120, 120, 60])]
    [0, 20, 0, -50]
    >>> weekly_load([0, 30])[1].message
    'Started from no activity the week before: that is a sudden jump, so build up gradually.'
    """
    if isinstance(minutes_by_week, (str, bytes)):
        raise ActivityError(message("activity_not_a_week_list", field="minutes_by_week",
                                    typed=repr(minutes_by_week)))
    try:
        values = list(minutes_by_week)
    except TypeError:
        raise ActivityError(message("activity_not_a_week_list", field="minutes_by_week",
                                    typed=repr(minutes_by_week))) from None
    if not 2 <= len(values) <= 52:
        raise ActivityError(message("activity_week_count", field="minutes_by_week", count=len(values),
                                    low=2, high=52))
    threshold = _minutes("threshold_percent", threshold_percent, high=1000)
    labels = week_labels(len(values))
    minutes = [_minutes(topic_text("activity_minutes_in_week", week=labels[i].lower()), value)
               for i, value in enumerate(values)]
    changes = []
    for index, (label, now) in enumerate(zip(labels, minutes, strict=False)):
        before = minutes[index - 1] if index else None
        if before is None:
            percent, jump = None, False
            text = topic_text("activity_first_week")
        elif before == 0:
            percent, jump = None, now > 0
            text = topic_text("activity_jump_from_none" if jump else "activity_none_either_week")
        else:
            percent = round(100 * (now - before) / before, 1)
            jump = percent > threshold
            if jump:
                text = topic_text("activity_up_jump", percent=f"{percent:.0f}", threshold=f"{threshold:g}")
            elif percent > 0:
                text = topic_text("activity_up_gradual", percent=f"{percent:.0f}")
            elif percent == 0:
                text = topic_text("activity_same")
            else:
                text = topic_text("activity_down", percent=f"{-percent:.0f}")
        changes.append(WeekChange(index + 1, label, now, before, percent, jump, text))
    return changes


def load_summary(changes: list[WeekChange]) -> str:
    """One sentence about the weeks: which ones jumped, or that the build-up was gradual.

    >>> load_summary(weekly_load([60, 60, 90, 95]))
    'Sudden jump last week (up 50% on the week before); rise more slowly, by about 10% a week (a rule of thumb).'
    """
    _check_items("changes", changes, WeekChange, "weekly_load(...)")
    jumps = [c for c in changes if c.sudden_jump]
    if not jumps:
        return topic_text("activity_no_jumps")
    parts = [topic_text("activity_jump_week_up", week=c.label.lower(), percent=f"{c.change_percent:.0f}")
             if c.change_percent is not None
             else topic_text("activity_jump_week_after_none", week=c.label.lower()) for c in jumps]
    return topic_text("activity_jumps", weeks="; ".join(parts))


# ----------------------------------------------------------------------------- guideline


@dataclass(frozen=True)
class GuidelineCheck:
    """Weekly minutes of activity against the WHO 2020 guideline for the person's age."""

    minutes_per_week: float
    guideline_minutes: int
    percent_of_guideline: float
    meets_guideline: bool
    message: str
    evidence_level: str = "strong"
    reference_ids: tuple[str, ...] = GUIDELINE_REFERENCES


def guideline_minutes(age) -> int:
    """Weekly minutes of at least moderate activity WHO 2020 suggests for ``age``.

    >>> guideline_minutes(17), guideline_minutes(18)
    (420, 150)
    """
    if isinstance(age, bool) or not isinstance(age, Real) or finite_number(age) is None:
        raise ActivityError(message("activity_age_not_years", field="age", typed=repr(age),
                                    low=MIN_GUIDELINE_AGE, high=MAX_AGE))
    if not MIN_GUIDELINE_AGE <= age <= MAX_AGE:
        raise ActivityError(message("activity_age_out_of_range", field="age", typed=repr(age),
                                    low=MIN_GUIDELINE_AGE, high=MAX_AGE))
    return YOUTH_GUIDELINE_MINUTES if age < ADULT_AGE else ADULT_GUIDELINE_MINUTES


def guideline_check(minutes_per_week, age) -> GuidelineCheck:
    """How ``minutes_per_week`` compares with the guideline for ``age``, in plain words.

    >>> guideline_check(60, age=58).message
    'You do about 60 minutes a week: 40% of the 150 minutes a week suggested for adults.
    Add a little at a time, for example 10 minutes more each day you are active.'
    """
    target = guideline_minutes(age)
    minutes = _minutes("minutes_per_week", minutes_per_week)
    percent = round(100 * minutes / target, 1)
    who = topic_text("activity_who_adults" if target == ADULT_GUIDELINE_MINUTES else "activity_who_youth")
    meets = minutes >= target
    text = topic_text("activity_guideline_met" if meets else "activity_guideline_below",
                      minutes=f"{minutes:g}", percent=f"{percent:.0f}", target=target, who=who)
    return GuidelineCheck(minutes, target, percent, meets, text)


# ----------------------------------------------------------------------------- stretching

# Each stretch's title and how to do it, for "this leg" (rows activity_<stretch>_title and _how).
STRETCHES = {
    stretch: (topic_text(f"activity_{stretch}_title"),
              topic_text(f"activity_{stretch}_how", leg=topic_text("activity_this_leg")))
    for stretch in ("calf", "hamstring")
}
LEGS = ("left", "right")
# Each hold time: its label (row activity_hold_<seconds>), evidence level and sources.
HOLD_OPTIONS = {
    10: (topic_text("activity_hold_10"), "mixed", ("hallegraeff2012_stretching",)),
    20: (topic_text("activity_hold_20"), "expert_opinion", ("acsm2021_stretching",)),
    30: (topic_text("activity_hold_30"), "expert_opinion", ("acsm2021_stretching",)),
}
REPEATS = 3


@dataclass(frozen=True)
class StretchStep:
    """One hold in the routine: which stretch, which leg, when it starts and how long."""

    stretch: str
    title: str
    leg: str
    repeat: int
    start_second: int
    seconds: int
    instruction: str


def stretch_routine(hold_seconds: int = 10, repeats: int = REPEATS) -> list[StretchStep]:
    """The bedtime routine: calf then hamstring; the legs take turns, so each leg rests
    while the other stretches (rest = hold, 10 s in the tested routine).

    >>> [(s.stretch, s.leg, s.repeat) for s in stretch_routine()][:3]
    [('calf', 'left', 1), ('calf', 'right', 1), ('calf', 'left', 2)]
    """
    try:
        offered = not isinstance(hold_seconds, bool) and hold_seconds in HOLD_OPTIONS
    except TypeError:  # unhashable, such as a list
        offered = False
    if not offered:
        raise ActivityError(message("activity_not_offered", field="hold_seconds", typed=repr(hold_seconds),
                                    choices=", ".join(map(str, HOLD_OPTIONS))))
    if isinstance(repeats, bool) or not isinstance(repeats, int) or not 1 <= repeats <= 10:
        raise ActivityError(message("number_not_allowed", field="repeats", typed=repr(repeats),
                                    allowed=message("allowed_whole", low=1, high=10, unit="")))
    steps, start = [], 0
    for stretch, (title, _) in STRETCHES.items():
        for repeat in range(1, repeats + 1):
            for leg in LEGS:
                how = topic_text(f"activity_{stretch}_how", leg=topic_text("activity_your_leg", leg=leg))
                steps.append(StretchStep(stretch, title, leg, repeat, start, hold_seconds, how))
                start += hold_seconds
    return steps


def total_seconds(steps: list[StretchStep]) -> int:
    """How long the whole routine takes."""
    _check_items("steps", steps, StretchStep, "stretch_routine(...)")
    return steps[-1].start_second + steps[-1].seconds if steps else 0


@dataclass(frozen=True)
class TimerState:
    """What the timer shows after ``elapsed`` seconds."""

    step: StretchStep | None
    step_number: int
    seconds_left: int
    finished: bool
    text: str


def timer_state(steps: list[StretchStep], elapsed) -> TimerState:
    """The step under way after ``elapsed`` seconds and the seconds left in it.

    >>> timer_state(stretch_routine(10), 13).text
    'Calf stretch, right leg (hold 1 of 3): 7 seconds left. Your left leg rests.'
    >>> timer_state(stretch_routine(10), 120).finished
    True
    """
    if isinstance(elapsed, bool) or not isinstance(elapsed, Real) or elapsed < 0:
        raise ActivityError(message("activity_elapsed_not_allowed", field="elapsed", typed=repr(elapsed)))
    _check_items("steps", steps, StretchStep, "stretch_routine(...)")
    if not steps:
        raise ActivityError(message("activity_routine_empty", field="steps"))
    if elapsed >= total_seconds(steps):
        return TimerState(None, len(steps), 0, True, topic_text("activity_timer_done"))
    for number, step in enumerate(steps, 1):
        if step.start_second <= elapsed < step.start_second + step.seconds:
            left = math.ceil(step.start_second + step.seconds - elapsed)
            other = "right" if step.leg == "left" else "left"
            text = topic_text("activity_timer_step", title=step.title, leg=step.leg, repeat=step.repeat,
                              repeats=max(s.repeat for s in steps), left=left, other=other)
            return TimerState(step, number, left, False, text)
    raise ActivityError(message("activity_outside_routine", field="elapsed",  # pragma: no cover
                                typed=repr(elapsed)))
