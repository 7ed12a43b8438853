"""Class tables from the survey answers, with the small-group rule.

The small-group rule (``MIN_GROUP`` = 5): no table ever shows a group of 1 to 4 students,
because a group that small can single someone out ("the only 17-year-old drinks ...").

* A class with fewer than 5 answers shows nothing but a message.
* In a table that splits the class (each student in exactly one row), every row with 1 to 4
  students is merged into one "other/combined" row. If that row still has fewer than 5,
  the smallest other row is merged in too, until it has at least 5. Every shown row then has
  0 or at least 5 students, and so does what is left when you subtract shown rows from the
  total, so a small group cannot be worked out by subtraction.
* A yes/no count inside a group (such as "reached the drinks target") is shown only when
  both the "yes" and the "no" side have 0 or at least 5 students; otherwise it is hidden,
  and any total that would let someone subtract their way to it is hidden too.
* "When cramps happen" is counted among students who have cramps; that number is only shown
  when both it and the number who never have cramps are 0 or at least 5.

``min_group`` may be raised (say, to 10) but never lowered below 5; it is fixed per survey
folder when the survey is created (:func:`crampkit.classroom.survey.create_survey`).
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from crampkit.classroom.survey import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    FREQUENCIES,
    FREQUENCY_LABELS,
    MIN_GROUP,
    SEXES,
    TIMING_LABELS,
    TIMINGS,
    LoadResult,
    SurveyError,
    check_min_group,
    load_responses,
    read_choice,
    read_drinks,
)
from crampkit.content import message, widget_text

# A typical age inside each band, used only to look up the band's drinks target; each sits
# inside a single life-stage group of the intake tables (9-13, 14-18, 19-30, 31-50, 51-70).
REPRESENTATIVE_AGE = {"11-13": 12, "14-16": 15, "17-18": 17, "19-30": 25, "31-50": 40, "51+": 60}

# What the class tables and their notes say, from data/widget_texts.csv (rows survey_class_...).
COMBINED_LABEL = widget_text("survey_class_combined")

PRIVACY_RULE = widget_text("survey_class_privacy_rule", min_group=MIN_GROUP, combined=COMBINED_LABEL)
TOO_FEW_FREQUENCY = widget_text("survey_class_too_few_frequency")
TOO_FEW_TIMING = widget_text("survey_class_too_few_timing")
SOMETIMES_LABEL = widget_text("survey_class_sometimes")
ALL_AGES_LABEL = widget_text("survey_class_all_ages")
TARGET_NOTE = widget_text("survey_class_target_note")


# --- drinks targets ---------------------------------------------------------------------

def target_litres(age_band: str, sex: str = "unspecified") -> float:
    """The everyday drinks target (litres a day) for a typical age in ``age_band``.

    Uses :func:`crampkit.hydration.drinks_target` with the band's representative age, no
    extra for sport or heat; "unspecified" sex gets the higher of the female/male values.
    """
    read_choice("age_band", age_band, AGE_BANDS)
    read_choice("sex", sex, SEXES)
    return _target_cached(age_band, sex)


@cache
def _target_cached(age_band: str, sex: str) -> float:
    from crampkit.topics.hydration import drinks_target

    return float(drinks_target(REPRESENTATIVE_AGE[age_band], sex).litres)


# --- aggregation with small-group suppression --------------------------------------------

@dataclass(frozen=True)
class ClassSummary:
    """Class tables that never show a group of 1 to ``min_group - 1`` students.

    ``frequency``: group, students, percent (of the class).
    ``timing``: group, students, percent (of students who have cramps).
    ``drinks``: group, students, target_low_litres, target_high_litres,
    median_drinks_litres, reached_target, reached_target_percent (missing when hidden).
    ``notes`` say what was merged or hidden, never how many were in a hidden group.
    """

    shown: bool
    message: str
    students: int | None
    with_cramps: int | None
    frequency: Any
    timing: Any
    drinks: Any
    notes: tuple[str, ...] = ()
    min_group: int = MIN_GROUP
    frequency_message: str = ""  # said instead of the "how often" table when it is empty
    timing_message: str = ""  # said instead of the "when" table when it is empty


def round_litres(value: float) -> float:
    """Litres rounded to 2 decimals, halves up (the one rule for every view of a class).

    >>> round_litres(1.25), round_litres(1.125), round_litres(2.0)
    (1.25, 1.13, 2.0)
    """
    number = None
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            number = None
    if number is None or not math.isfinite(number) or abs(number) > 1e9:
        raise SurveyError(message("survey_not_litres", field="value", typed=repr(value)[:60]))
    return float(Decimal(repr(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def format_litres(value: float) -> str:
    """Litres as the table, the chart and its summary all show them: :func:`round_litres`,
    no trailing zeros.

    >>> format_litres(1.25), format_litres(1.5), format_litres(2), format_litres(1.6)
    ('1.25', '1.5', '2', '1.6')
    """
    text = f"{round_litres(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _allowed_count(count: int, base: int, min_group: int) -> bool:
    """True when ``count`` of ``base`` can be shown: both it and the rest are 0 or >= min."""
    rest = base - count
    return (count == 0 or count >= min_group) and (rest == 0 or rest >= min_group)


def _percent(count: int, base: int) -> int:
    return int(math.floor(100 * count / base + 0.5)) if base else 0


def merge_small_groups(counts: dict, min_group: int = MIN_GROUP) -> list[tuple[str, int, tuple]]:
    """Rows (label, count, members) for a split of the class, with small groups merged.

    Groups of 1 to ``min_group - 1`` go into one "other/combined" row (last); while that row
    has fewer than ``min_group``, the smallest remaining non-empty group joins it. Empty
    groups stay as 0.

    >>> merge_small_groups({"a": 10, "b": 3, "c": 0, "d": 6})
    [('a', 10, ('a',)), ('c', 0, ('c',)), ('other/combined: b, d', 9, ('b', 'd'))]
    >>> merge_small_groups({"a": 10, "b": 5})
    [('a', 10, ('a',)), ('b', 5, ('b',))]
    """
    check_min_group(min_group)
    if not isinstance(counts, dict) or not all(
            isinstance(k, str) and not isinstance(v, bool) and isinstance(v, int) and v >= 0
            for k, v in counts.items()):
        raise SurveyError(message("survey_not_counts", field="counts", typed=repr(counts)[:60]))
    order = list(counts)
    merged = [k for k in order if 0 < counts[k] < min_group]
    if merged:
        while sum(counts[k] for k in merged) < min_group:
            candidates = [k for k in order if k not in merged and counts[k] > 0]
            if not candidates:
                break
            smallest = min(counts[k] for k in candidates)
            merged.append([k for k in candidates if counts[k] == smallest][-1])
        merged = [k for k in order if k in merged]
    rows = [(k, int(counts[k]), (k,)) for k in order if k not in merged]
    if merged:
        label = f"{COMBINED_LABEL}: " + ", ".join(merged)
        rows.append((label, int(sum(counts[k] for k in merged)), tuple(merged)))
    return rows


def _check_frame(df) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise SurveyError(message("survey_not_a_frame", field="df", kind=type(df).__name__))
    needed = ["age_band", "sex", "drinks_litres_per_day", "cramp_frequency",
              *(f"when_{t}" for t in TIMINGS)]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise SurveyError(message("survey_frame_missing", field="df", columns=", ".join(missing)))
    for column, allowed in (("age_band", AGE_BANDS), ("sex", SEXES),
                            ("cramp_frequency", FREQUENCIES)):
        bad = sorted({str(v) for v in df[column] if v not in allowed})
        if bad:
            raise SurveyError(message("survey_frame_bad_value", field="df", column=column, typed=repr(bad[0]),
                                      choices=", ".join(allowed)))
    for value in df["drinks_litres_per_day"]:
        read_drinks(value.item() if hasattr(value, "item") else value)


def _labelled(rows, labels: dict) -> list[tuple[str, int]]:
    out = []
    for label, count, members in rows:
        if len(members) == 1 and not label.startswith(COMBINED_LABEL):
            out.append((labels.get(members[0], members[0]), count))
        else:
            out.append((f"{COMBINED_LABEL}: " + ", ".join(labels.get(m, m) for m in members),
                        count))
    return out


def _empty_tables():
    import pandas as pd

    return (
        pd.DataFrame(columns=["group", "students", "percent"]),
        pd.DataFrame(columns=["group", "students", "percent"]),
        pd.DataFrame(columns=["group", "students", "target_low_litres", "target_high_litres",
                              "median_drinks_litres", "reached_target",
                              "reached_target_percent"]),
    )


def aggregate(df, min_group: int = MIN_GROUP) -> ClassSummary:
    """Class tables from loaded answers, applying the small-group rule (module docstring).

    ``df`` is ``load_responses(folder).responses`` (or :func:`responses_frame`).
    """
    check_min_group(min_group)
    _check_frame(df)
    total = int(len(df))
    empty_freq, empty_timing, empty_drinks = _empty_tables()
    if total < min_group:
        return ClassSummary(False, widget_text("survey_class_too_few_answers", min_group=min_group),
                            None, None, empty_freq, empty_timing, empty_drinks,
                            (), min_group)

    notes: list[str] = []
    frequency, with_cramps, shown_with_cramps = _frequency_table(df, total, min_group, notes)
    timing = _timing_table(df, with_cramps, shown_with_cramps, min_group, notes)
    drinks = _drinks_table(df, total, min_group, notes, list(empty_drinks.columns))
    said = widget_text("survey_class_answers", total=total) if shown_with_cramps is None else widget_text(
        "survey_class_answers_with_cramps", total=total, count=shown_with_cramps,
        percent=_percent(shown_with_cramps, total))
    timing_message = ""
    if timing.empty and with_cramps:
        timing_message = TOO_FEW_TIMING
    return ClassSummary(True, said, total, shown_with_cramps, frequency, timing,
                        drinks, tuple(notes), min_group,
                        TOO_FEW_FREQUENCY if frequency.empty else "", timing_message)


def _frequency_table(df, total: int, min_group: int, notes: list[str]):
    """How common: first never / any cramps, then the detail among those with cramps.

    Returns (table, students with cramps, that number when it may be shown else None)."""
    import pandas as pd

    freq_counts = {f: int((df["cramp_frequency"] == f).sum()) for f in FREQUENCIES}
    never = freq_counts["never"]
    with_cramps = total - never
    if _allowed_count(with_cramps, total, min_group):
        detail = merge_small_groups({f: freq_counts[f] for f in FREQUENCIES[1:]}, min_group)
        rows = [("never", never, ("never",))] + detail
        shown_with_cramps: int | None = with_cramps
    else:
        rows = merge_small_groups(freq_counts, min_group)
        shown_with_cramps = None
        notes.append(widget_text("survey_class_cramps_hidden"))
    columns = ["group", "students", "percent"]
    nonzero = [r for r in rows if r[1] > 0]
    if len(nonzero) == 1 and len(nonzero[0][2]) > 1:  # one merged bar: it says nothing
        return pd.DataFrame(columns=columns), with_cramps, shown_with_cramps
    labelled = _labelled(rows, FREQUENCY_LABELS)
    detail = [r for r in rows[1:] if r[1] > 0] if shown_with_cramps is not None else []
    if len(detail) == 1 and len(detail[0][2]) == len(FREQUENCIES) - 1:
        # every "how often" with cramps is merged: say "at least sometimes", not a list
        labelled = [(FREQUENCY_LABELS["never"], never), (SOMETIMES_LABEL, detail[0][1])]
        notes.append(widget_text("survey_class_note_one_group", min_group=min_group))
    elif any(len(members) > 1 for _, _, members in rows):
        notes.append(widget_text("survey_class_note_frequency_merged", combined=COMBINED_LABEL,
                                 min_group=min_group))
    frequency = pd.DataFrame(
        [(label, count, _percent(count, total)) for label, count in labelled], columns=columns)
    return frequency, with_cramps, shown_with_cramps


def _timing_table(df, with_cramps: int, shown_with_cramps: int | None, min_group: int,
                  notes: list[str]):
    """When: among students with cramps, each time a yes/no split of that group."""
    import pandas as pd

    timing_rows: list[tuple] = []
    if shown_with_cramps:
        timing_rows = _timing_rows(df, with_cramps, min_group, notes)
    elif with_cramps:
        notes.append(widget_text("survey_class_note_timing_hidden"))
    return pd.DataFrame(timing_rows, columns=["group", "students", "percent"])


def _timing_rows(df, with_cramps: int, min_group: int, notes: list[str]) -> list[tuple]:
    has = df["cramp_frequency"] != "never"
    counts = {t: int((df[f"when_{t}"].astype(bool) & has).sum()) for t in TIMINGS}
    hidden = [t for t in TIMINGS if not _allowed_count(counts[t], with_cramps, min_group)]
    timing_rows = [(TIMING_LABELS[t], counts[t], _percent(counts[t], with_cramps))
                   for t in TIMINGS if t not in hidden]
    if len(hidden) == len(TIMINGS):  # one merged bar for every time: it says nothing
        return []
    if len(hidden) >= 2:
        either = df[[f"when_{t}" for t in hidden]].astype(bool).any(axis=1) & has
        union = int(either.sum())
        if _allowed_count(union, with_cramps, min_group):
            label = f"{COMBINED_LABEL}: " + ", ".join(TIMING_LABELS[t] for t in hidden)
            timing_rows.append((label, union, _percent(union, with_cramps)))
            hidden = []
    if hidden:
        notes.append(widget_text("survey_class_note_times_hidden", min_group=min_group,
                                 times=", ".join(TIMING_LABELS[t] for t in hidden)))
    elif any(r[0].startswith(COMBINED_LABEL) for r in timing_rows):
        notes.append(widget_text("survey_class_note_times_merged", combined=COMBINED_LABEL))
    return timing_rows


def _drinks_table(df, total: int, min_group: int, notes: list[str], columns: list[str]):
    """Drinks against the target for each age band (bands merged by the same rule)."""
    import pandas as pd

    own_target = [target_litres(band, sex) for band, sex in zip(df["age_band"], df["sex"], strict=True)]
    reached = df["drinks_litres_per_day"].astype(float).to_numpy() >= (
        pd.Series(own_target, index=df.index).to_numpy() - 1e-9)
    band_counts = {b: int((df["age_band"] == b).sum()) for b in AGE_BANDS}
    band_rows = [r for r in merge_small_groups(band_counts, min_group) if r[1] > 0]
    if any(len(members) > 1 for _, _, members in band_rows):
        notes.append(widget_text("survey_class_note_ages_merged", combined=COMBINED_LABEL,
                                 min_group=min_group))
    drink_rows, any_hidden = [], False
    for _, count, members in band_rows:
        row, shown = _band_drinks_row(df, reached, count, members, min_group)
        drink_rows.append(row)
        any_hidden = any_hidden or not shown
    if len(band_rows) == 1 and len(band_rows[0][2]) > 1:  # every age band merged into one
        drink_rows[0] = (ALL_AGES_LABEL, *drink_rows[0][1:])
    if len(drink_rows) > 1:
        n_reached = int(reached.sum())
        show = not any_hidden and _allowed_count(n_reached, total, min_group)
        all_targets = [target_litres(b, s) for b in AGE_BANDS if band_counts[b] for s in SEXES]
        drink_rows.append((widget_text("survey_class_whole_class"), total, min(all_targets), max(all_targets),
                           round_litres(df["drinks_litres_per_day"].astype(float).median()),
                           n_reached if show else None,
                           _percent(n_reached, total) if show else None))
    if any_hidden:
        notes.append(widget_text("survey_class_note_reached_hidden", min_group=min_group))
    drinks = pd.DataFrame(drink_rows, columns=columns)
    drinks["reached_target"] = drinks["reached_target"].astype("Int64")
    drinks["reached_target_percent"] = drinks["reached_target_percent"].astype("Int64")
    return drinks


def _band_drinks_row(df, reached, count: int, members: tuple, min_group: int):
    """(row of the drinks table for one age band or merged bands, whether "reached" is shown)."""
    in_group = df["age_band"].isin(members).to_numpy()
    targets = [target_litres(b, s) for b in members for s in SEXES]
    n_reached = int(reached[in_group].sum())
    show = _allowed_count(n_reached, count, min_group)
    name = AGE_BAND_LABELS[members[0]] if len(members) == 1 else (
        f"{COMBINED_LABEL}: " + ", ".join(AGE_BAND_LABELS[m] for m in members))
    row = (name, count, min(targets), max(targets),
           round_litres(df.loc[in_group, "drinks_litres_per_day"].astype(float).median()),
           n_reached if show else None,
           _percent(n_reached, count) if show else None)
    return row, show


def class_summary(folder, min_group: int | None = None) -> tuple[LoadResult, ClassSummary]:
    """The class results for a survey folder, as the educator's dashboard shows them.

    The threshold is the folder's own (``min_group`` may be given only to check it). While
    the survey is open nothing is shown but a message: close it first (:func:`close_survey`).
    """
    result = load_responses(folder)
    settings = result.settings
    if not settings.stored and settings.answers is not None:
        raise SurveyError(message("survey_folder_not_survey_read", path=repr(str(folder)[:200])))
    if min_group is not None:
        check_min_group(min_group)
        if min_group != settings.min_group:
            raise SurveyError(message("survey_min_group_is_fixed", min_group=settings.min_group))
    if not settings.closed:
        empty_freq, empty_timing, empty_drinks = _empty_tables()
        return result, ClassSummary(
            False, widget_text("survey_class_still_open"), None, None, empty_freq, empty_timing,
            empty_drinks, (), settings.min_group)
    return result, aggregate(result.responses, settings.min_group)
