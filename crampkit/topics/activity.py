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
from crampkit.entries import EntryError, read_number

JUMP_THRESHOLD_PERCENT = 10
JUMP_RULE = {
    "text": ("Rule of thumb: raise your weekly activity by no more than about 10% a week. "
             "A bigger jump is marked on the chart."),
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
GUIDELINE_NOTE = ("The guideline is for general health (evidence: strong). That being fitter "
                  "prevents cramps is expert opinion: no trial has tested it.")


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
        raise ActivityError(f"{field}: {shown} is not allowed; give the list {maker} returns")


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
        raise ActivityError(f"count: {count!r} is not allowed; give a whole number of weeks from 0 to 52")
    names = {0: "This week", 1: "Last week"}
    return [names.get(back, f"{back} weeks ago") for back in range(count - 1, -1, -1)]


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
        raise ActivityError(f"minutes_by_week: {minutes_by_week!r} is not a list of weekly minutes")
    try:
        values = list(minutes_by_week)
    except TypeError:
        raise ActivityError(
            f"minutes_by_week: {minutes_by_week!r} is not a list of weekly minutes") from None
    if not 2 <= len(values) <= 52:
        raise ActivityError(
            f"minutes_by_week: {len(values)} weeks given; give from 2 to 52 weeks, oldest first")
    threshold = _minutes("threshold_percent", threshold_percent, high=1000)
    labels = week_labels(len(values))
    minutes = [_minutes(f"minutes in {labels[i].lower()}", value) for i, value in enumerate(values)]
    changes = []
    for index, (label, now) in enumerate(zip(labels, minutes, strict=False)):
        before = minutes[index - 1] if index else None
        if before is None:
            percent, jump = None, False
            text = "The first week: nothing to compare with yet."
        elif before == 0:
            percent, jump = None, now > 0
            text = ("Started from no activity the week before: that is a sudden jump, so build "
                    "up gradually." if jump else "No activity this week or the week before.")
        else:
            percent = round(100 * (now - before) / before, 1)
            jump = percent > threshold
            if jump:
                text = (f"Up {percent:.0f}% on the week before: more than the {threshold:g}% rule of "
                        "thumb, a sudden jump.")
            elif percent > 0:
                text = f"Up {percent:.0f}% on the week before: a gradual rise."
            elif percent == 0:
                text = "The same as the week before."
            else:
                text = f"Down {-percent:.0f}% on the week before."
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
        return ("No sudden jumps: your activity stayed within about 10% of the week before "
                "(a rule of thumb).")
    parts = [f"{c.label.lower()} "
             + (f"(up {c.change_percent:.0f}% on the week before)" if c.change_percent is not None
                else "(after a week of none)") for c in jumps]
    return ("Sudden jump " + "; ".join(parts)
            + "; rise more slowly, by about 10% a week (a rule of thumb).")


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
        raise ActivityError(f"age: {age!r} is not a number of years; give {MIN_GUIDELINE_AGE} to {MAX_AGE}")
    if not MIN_GUIDELINE_AGE <= age <= MAX_AGE:
        raise ActivityError(
            f"age: {age!r} is out of range; the guideline here covers ages {MIN_GUIDELINE_AGE} to {MAX_AGE}")
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
    who = "adults" if target == ADULT_GUIDELINE_MINUTES else "ages 5 to 17 (60 minutes a day)"
    text = (f"You do about {minutes:g} minutes a week: {percent:.0f}% of the {target} minutes a "
            f"week suggested for {who}.")
    meets = minutes >= target
    if meets:
        text += " You meet the guideline: keep it up, and keep stretching after activity."
    else:
        text += (" Add a little at a time, for example 10 minutes more each day you are active.")
    return GuidelineCheck(minutes, target, percent, meets, text)


# ----------------------------------------------------------------------------- stretching

STRETCHES = {
    "calf": ("Calf stretch",
             "Stand facing a wall, hands on the wall. Step this leg back, keep it straight with "
             "the heel on the floor, and lean forward until you feel a stretch in the calf."),
    "hamstring": ("Hamstring stretch",
                  "Sit on the bed with this leg straight out in front. Keep your back straight "
                  "and lean forward from the hips until you feel a stretch behind the thigh."),
}
LEGS = ("left", "right")
HOLD_OPTIONS = {
    10: ("3 x 10 seconds (the tested bedtime routine)", "mixed", ("hallegraeff2012_stretching",)),
    20: ("3 x 20 seconds (general flexibility advice)", "expert_opinion", ("acsm2021_stretching",)),
    30: ("3 x 30 seconds (general flexibility advice)", "expert_opinion", ("acsm2021_stretching",)),
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
        raise ActivityError(
            f"hold_seconds: {hold_seconds!r} is not offered; choose {', '.join(map(str, HOLD_OPTIONS))}")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or not 1 <= repeats <= 10:
        raise ActivityError(f"repeats: {repeats!r} is not allowed; give a whole number from 1 to 10")
    steps, start = [], 0
    for stretch, (title, instruction) in STRETCHES.items():
        for repeat in range(1, repeats + 1):
            for leg in LEGS:
                steps.append(StretchStep(stretch, title, leg, repeat, start, hold_seconds,
                                         f"{instruction.replace('this leg', f'your {leg} leg')}"))
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
        raise ActivityError(f"elapsed: {elapsed!r} is not allowed; give seconds, 0 or more")
    _check_items("steps", steps, StretchStep, "stretch_routine(...)")
    if not steps:
        raise ActivityError("steps: the routine is empty")
    if elapsed >= total_seconds(steps):
        return TimerState(None, len(steps), 0, True,
                          "Done! Both legs stretched. Now get into bed with the covers loose.")
    for number, step in enumerate(steps, 1):
        if step.start_second <= elapsed < step.start_second + step.seconds:
            left = math.ceil(step.start_second + step.seconds - elapsed)
            other = "right" if step.leg == "left" else "left"
            text = (f"{step.title}, {step.leg} leg (hold {step.repeat} of "
                    f"{max(s.repeat for s in steps)}): {left} seconds left. Your {other} leg rests.")
            return TimerState(step, number, left, False, text)
    raise ActivityError(f"elapsed: {elapsed!r} falls outside the routine")  # pragma: no cover
