"""What a diary shows: weekly counts, a plain-language summary, and the patterns worth
taking to a clinician (using the same thresholds as the assessment's red flags).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from crampkit.assessment.red_flags import FREQUENT_EPISODES_PER_WEEK, LONG_CRAMP_MINUTES
from crampkit.content import message, view_words
from crampkit.diary.model import (
    CLINICIAN_NOTEBOOK,
    CSV_COLUMNS,
    LEGS,
    MAX_DURATION_MINUTES,
    MUSCLES,
    NIGHT_END_HOUR,
    NIGHT_START_HOUR,
    DiaryError,
    quoted_value,
    read_flag,
    read_number_field,
)

# --------------------------------------------------------------------------- patterns

def is_night(hour: int) -> bool:
    return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _split(cell) -> list[str]:
    return [p for p in str(cell or "").split(";") if p]


def _day(moment, year: bool = True) -> str:
    """A date the way people write it: "3 Oct 2025" (no leading zero, any platform)."""
    return f"{moment.day} {moment:%b}" + (f" {moment.year}" if year else "")


def _nice(word: str) -> str:
    return word.replace("_", " ")


def _minutes(value: float) -> str:
    if value < 1:
        return f"{round(value * 60)} seconds"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} minute" + ("" if text == "1" else "s")


_BAD = object()  # marks a cell that failed its check


def _each(values, check, errors=(DiaryError,)) -> list:
    """``check(value)`` for every value, with :data:`_BAD` where it raised."""
    checked = []
    for value in values:
        try:
            checked.append(check(value))
        except errors:
            checked.append(_BAD)
    return checked


def _check_columns(df, field: str) -> None:
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    if not isinstance(df, pd.DataFrame):
        raise DiaryError(message("diary_frame_not_a_table", field=field, kind=type(df).__name__))
    if df.columns.duplicated().any():
        raise DiaryError(message("diary_frame_column_twice", field=field,
                                 column=quoted_value(df.columns[df.columns.duplicated()][0])))
    required = ("when", "leg", "muscle", "duration_minutes", "severity")
    missing = [name for name in required if name not in df.columns]
    if missing:
        raise DiaryError(message("diary_frame_column_missing", field=field, column=repr(missing[0]),
                                 columns=", ".join(CSV_COLUMNS)))


def _when_column(df):
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    try:
        when = df["when"]
        if not pd.api.types.is_datetime64_any_dtype(when):
            when = pd.to_datetime(when, errors="coerce", format="mixed")
        if getattr(when.dt, "tz", None) is not None:
            when = when.dt.tz_localize(None)
    except (TypeError, ValueError, OverflowError, AttributeError):
        when = pd.Series([pd.NaT] * len(df), index=df.index)
    return when


def checked_frame(df, field: str = "df"):
    """A copy of the diary table ``df`` with ``when`` as timestamps, after checking every
    cell the summaries use; anything else (not a table, a missing column, a bad cell) raises
    :class:`DiaryError` naming the column and the value. ``None`` stays ``None``.

    >>> from crampkit.diary import demo_frame
    >>> checked_frame(demo_frame())["when"].dtype.kind
    'M'
    """
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    if df is None:
        return None
    _check_columns(df, field)
    df = df.copy()
    if len(df) == 0:
        return df

    def bad(column, ok):
        values = [v for v, good in zip(df[column], ok, strict=False) if not good]
        if values:
            raise DiaryError(message("diary_frame_bad_cell", field=field, column=column,
                                     value=quoted_value(values[0])))

    when = _when_column(df)
    bad("when", when.notna())
    df["when"] = when
    for column, allowed in (("leg", LEGS), ("muscle", MUSCLES)):
        bad(column, [isinstance(v, str) and v in allowed for v in df[column]])
    for column, high in (("duration_minutes", MAX_DURATION_MINUTES), ("severity", 10)):
        numbers = _each(df[column], lambda v, c=column, h=high: read_number_field(v, c, 0, h))
        bad(column, [n is not _BAD for n in numbers])
        df[column] = [float(n) for n in numbers]
    if "swelling" in df.columns:
        flags = _each(df["swelling"], lambda v: read_flag(v, "swelling"), (DiaryError, ValueError))
        bad("swelling", [f is not _BAD for f in flags])
        df["swelling"] = [bool(f) for f in flags]
    if "id" in df.columns:
        ids = _each(df["id"], lambda v: None if pd.isna(v) else read_number_field(v, "id", 1, 2**62, whole=True),
                    (DiaryError, TypeError, ValueError))
        bad("id", [i is not _BAD for i in ids])
        df["id"] = pd.array(ids, dtype="Int64")
    return df


def weekly_counts(df):
    """Episodes per calendar week (weeks start on Monday), gaps filled with 0.

    Returns a pandas Series indexed by each week's Monday (a Timestamp).
    """
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    df = checked_frame(df)
    if df is None or len(df) == 0:
        return pd.Series(dtype=int)
    when = pd.to_datetime(df["when"])
    monday = (when - pd.to_timedelta(when.dt.day_of_week, unit="D")).dt.normalize()
    counts = monday.value_counts().sort_index()
    weeks = pd.date_range(counts.index.min(), counts.index.max(), freq="7D")
    return counts.reindex(weeks, fill_value=0).astype(int).rename("episodes")


def _person(made_up: bool) -> dict[str, str]:
    """Who logged the cramps, in the table's words: "You" and "your", or the made-up example
    person's, so a made-up month never reads as the person's own."""
    kind = "made_up" if made_up else "you"
    return {"who": view_words(f"diary_summary_who_{kind}"), "whose": view_words(f"diary_summary_whose_{kind}")}


def summary(df, made_up: bool = False) -> list[str]:
    """Plain-language sentences about the patterns in a diary DataFrame (``made_up``: the
    made-up example month, said as the example person's, never "you").

    >>> import pandas as pd
    >>> df = pd.DataFrame({"when": pd.to_datetime(["2025-10-01 23:00", "2025-10-02 03:00",
    ...                    "2025-10-04 15:00"]), "leg": ["left", "left", "right"],
    ...                    "muscle": ["calf", "calf", "foot"], "duration_minutes": [2, 3, 1],
    ...                    "severity": [5, 6, 4]})
    >>> summary(df)[1]
    '2 of your 3 cramps were at night (22:00–06:00).'
    >>> summary(df, made_up=True)[0][:38]
    'The made-up example person logged 3 cr'
    """
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    df = checked_frame(df)
    if df is None or len(df) == 0:
        return [view_words("diary_summary_empty")]
    df = df.sort_values("when")
    when = pd.to_datetime(df["when"])
    total = len(df)
    if total == 1:
        return _summary_of_one(df.iloc[0], when.iloc[0], _person(made_up))
    cramps = _plural(total, "cramp")
    sentences = [
        view_words("diary_summary_span", cramps=cramps, first=_day(when.iloc[0]), last=_day(when.iloc[-1]),
                   **_person(made_up)),
        view_words("diary_summary_night", night=int(when.dt.hour.map(is_night).sum()), cramps=cramps,
                   **_person(made_up)),
        _weeks_sentence(weekly_counts(df)),
    ]

    legs = df["leg"].value_counts()
    leg_parts = [f"{view_words(f'diary_summary_leg_{k}')} {int(v)}" for k, v in legs.items()]
    sentences.append(view_words("diary_summary_by_leg", legs=", ".join(leg_parts)))

    muscles = df["muscle"].value_counts()
    top_muscle, top_count = muscles.index[0], int(muscles.iloc[0])
    if len(muscles) == 1:
        sentences.append(view_words("diary_summary_one_muscle", muscle=top_muscle))
    else:
        others = ", ".join(f"{k} {int(v)}" for k, v in muscles.iloc[1:].items())
        sentences.append(view_words("diary_summary_muscles", muscle=top_muscle, count=top_count,
                                    total=total, others=others))

    durations = df["duration_minutes"].astype(float)
    sentences.append(view_words("diary_summary_durations", median=_minutes(durations.median()),
                                longest=_minutes(durations.max())))
    sentences.append(_severity_sentence(df["severity"].astype(float), _person(made_up)))

    for column in ("before", "relieved_by"):
        if column not in df:
            continue
        words = [w for cell in df[column] for w in _split(cell) if w != "nothing"]
        if words:
            common = pd.Series(words).value_counts()
            sentences.append(view_words(f"diary_summary_{column}", thing=_nice(common.index[0]),
                                        times=_plural(int(common.iloc[0]), "time")))
    return sentences


def _weeks_sentence(weeks) -> str:
    """How many cramps a week, and the busiest week (or that all were in one week)."""
    if len(weeks) > 1:
        return view_words("diary_summary_weeks", per_week=round(weeks.mean()), weeks=len(weeks),
                          busiest=_day(weeks.idxmax(), year=False),
                          most=_plural(int(weeks.max()), "cramp"))
    return view_words("diary_summary_one_week", monday=_day(weeks.index[0], year=False))


def _about(number: float) -> int:
    """``number`` to the nearest whole, halves up (Python's ``round`` takes 6.5 and 5.5 both
    to 6, which would say "eased from about 6 to about 6").

    >>> _about(6.5), _about(5.5), _about(5.49)
    (7, 6, 5)
    """
    return math.floor(number + 0.5)


def _severity_sentence(severity, person: dict) -> str:
    """How bad the cramps felt: with 4 or more, whether the later ones got worse or eased."""
    total = len(severity)
    if total < 4:
        return view_words("diary_summary_severity", mean=_about(severity.mean()))
    half = total // 2
    early, late = severity.iloc[:half].mean(), severity.iloc[total - half:].mean()
    if late - early >= 1:
        trend = view_words("diary_summary_trend_worse", early=_about(early), late=_about(late))
    elif early - late >= 1:
        trend = view_words("diary_summary_trend_eased", early=_about(early), late=_about(late))
    else:
        trend = view_words("diary_summary_trend_same", mean=_about(severity.mean()))
    return view_words("diary_summary_trend", trend=trend, **person)


def _summary_of_one(row, when, person: dict) -> list[str]:
    """The summary sentences for a diary with a single cramp (no patterns yet)."""
    leg = view_words("diary_summary_one_both_legs") if row["leg"] == "both" \
        else view_words("diary_summary_one_leg", leg=row["leg"])
    night = view_words("diary_summary_one_night" if is_night(when.hour) else "diary_summary_one_day")
    return [
        view_words("diary_summary_one", day=_day(when), time=f"{when:%H:%M}", when=night, **person),
        view_words("diary_summary_one_where", muscle=row["muscle"], leg=leg,
                   minutes=_minutes(float(row["duration_minutes"])), severity=int(row["severity"])),
        view_words("diary_summary_one_keep"),
    ]


@dataclass(frozen=True)
class PatternFlag:
    """A warning sign seen in the diary, named with the assessment's red-flag ids.

    ``facts`` says what the diary shows; ``advice`` is what to do, in the same words as the
    questionnaire's warning sign (the row of ``data/red_flags.csv`` for the same id and
    urgency), so one sign reads the same in the diary, the notebooks and the report.
    ``message`` is both, then where to read more (for the diary notebook and app).
    """

    id: str
    pattern: str  # "frequent", "long" or "swelling"
    urgency: str
    facts: str
    advice: str
    reference_ids: tuple[str, ...] = ()
    episode_ids: tuple[int, ...] = field(default=())
    title: str = ""

    @property
    def text(self) -> str:
        """What the diary shows and what to do (no pointer to a notebook: the report's words)."""
        return f"{self.facts} {self.advice}".strip()

    @property
    def message(self) -> str:
        """:attr:`text`, then where the warning signs are explained."""
        return f"{self.text} See {CLINICIAN_NOTEBOOK}."


def _row(flag_id: str, urgency: str, variant: str = "") -> dict:
    """The ``data/red_flags.csv`` row for a warning sign (title, message, reference ids)."""
    from crampkit.content import read_table

    for row in read_table("red_flags.csv"):
        if (row["flag_id"], row["urgency"], row.get("variant", "")) == (flag_id, urgency, variant):
            return row
    return {"title": flag_id.replace("_", " ").capitalize(), "message": "", "reference_ids": ""}


def _refs(row: dict) -> tuple[str, ...]:
    return tuple(r for r in str(row.get("reference_ids", "")).split(";") if r)


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def _ids(frame) -> tuple[int, ...]:
    if "id" not in frame:
        return ()
    return tuple(int(i) for i in frame["id"].dropna())


def pattern_flags(df, made_up: bool = False) -> list[PatternFlag]:
    """Red-flag hints from a diary, using the same thresholds and words as the assessment.

    3 or more cramps within 7 days, or a cramp longer than 10 minutes, is
    ``frequent_or_severe``; a leg swollen, warm or red afterwards is ``leg_swelling_redness``.
    As in the questionnaire (contract v3), a cramp over 10 minutes is ``urgent`` when nothing
    eased it, and swelling in one leg (left or right, not both) is ``urgent``, as a clot can
    look like that; otherwise ``see_clinician_soon``. The advice is the red-flag table's.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"when": pd.to_datetime(["2025-10-01 23:00"]), "leg": ["left"],
    ...                    "muscle": ["calf"], "duration_minutes": [15], "severity": [8],
    ...                    "swelling": [False], "relieved_by": ["stretching"]})
    >>> [(f.id, f.pattern, f.urgency) for f in pattern_flags(df)]
    [('frequent_or_severe', 'long', 'see_clinician_soon')]
    """
    df = checked_frame(df)
    if df is None or len(df) == 0:
        return []
    df = df.sort_values("when")
    flags = [_frequent_flag(df, _person(made_up)), _long_flag(df), _swelling_flag(df)]
    return [flag for flag in flags if flag is not None]


def _frequent_flag(df, person: dict) -> PatternFlag | None:
    """3 or more cramps within any 7 days (a moving window: weeks need not start on Monday)."""
    import numpy as np  # lazy, as pandas
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    when = pd.to_datetime(df["when"])
    times = when.to_numpy()
    window_ends = np.searchsorted(times, times + np.timedelta64(7, "D"), side="left")
    in_window = window_ends - np.arange(len(times))
    first = int(in_window.argmax())
    best, best_start = int(in_window[first]), when.iloc[first]
    if best < FREQUENT_EPISODES_PER_WEEK:
        return None
    row = _row("frequent_or_severe", "see_clinician_soon")
    return PatternFlag(
        "frequent_or_severe", "frequent", "see_clinician_soon",
        view_words("diary_summary_frequent", count=best, day=_day(best_start),
                   limit=FREQUENT_EPISODES_PER_WEEK, **person),
        row["message"], _refs(row), title=view_words("diary_summary_frequent_title"))


def _long_flag(df) -> PatternFlag | None:
    """A cramp over 10 minutes: urgent when the diary says nothing eased it (contract v3: over
    10 minutes and not easing with self-care), else see soon, with the urgent rule beside it."""
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    durations = df["duration_minutes"].astype(float)
    long = df[durations > LONG_CRAMP_MINUTES]
    if not len(long):
        return None
    unrelieved = long["relieved_by"].map(lambda c: set(_split(c)) == {"nothing"}) \
        if "relieved_by" in long else pd.Series(False, index=long.index)
    urgent = bool(unrelieved.any())
    longest = float(long["duration_minutes"].max())
    values = {"cramps": _plural(len(long), "cramp"), "limit": LONG_CRAMP_MINUTES,
              "longest": _minutes(longest)}
    urgent_row = _row("frequent_or_severe", "urgent")
    if urgent:
        return PatternFlag("frequent_or_severe", "long", "urgent",
                           view_words("diary_summary_long_unrelieved", **values), urgent_row["message"],
                           _refs(urgent_row), _ids(long), urgent_row["title"])
    soon_row = _row("frequent_or_severe", "see_clinician_soon")
    return PatternFlag("frequent_or_severe", "long", "see_clinician_soon",
                       view_words("diary_summary_long", **values),
                       soon_row["message"] + " " + _first_sentence(urgent_row["message"]),
                       _refs(urgent_row), _ids(long),
                       view_words("diary_summary_long_title", limit=LONG_CRAMP_MINUTES))


def _swelling_flag(df) -> PatternFlag | None:
    """A leg swollen, warm or red after a cramp: urgent in one leg (a clot can look like that)."""
    if "swelling" not in df:
        return None
    swollen = df[df["swelling"].map(lambda v: read_flag(v, "swelling"))]
    if not len(swollen):
        return None
    one_leg = sorted(set(swollen["leg"]) & {"left", "right"})
    if one_leg:
        row = _row("leg_swelling_redness", "urgent")
        which = " and ".join(view_words("diary_summary_one_leg", leg=leg) for leg in one_leg)
        facts = view_words("diary_summary_swelling_one_leg", cramps=_plural(len(swollen), "cramp"),
                           which=which)
        return PatternFlag("leg_swelling_redness", "swelling", "urgent", facts, row["message"],
                           _refs(row), _ids(swollen), view_words("diary_summary_swelling_one_leg_title"))
    row = _row("leg_swelling_redness", "see_clinician_soon", "both_legs")
    facts = view_words("diary_summary_swelling_both", cramps=_plural(len(swollen), "cramp"))
    return PatternFlag("leg_swelling_redness", "swelling", "see_clinician_soon", facts,
                       row["message"], _refs(row), _ids(swollen), view_words("diary_summary_swelling_both_title"))
