"""Charts of a cramp diary: per week, time of day, leg and muscle, how bad over time.

Each function takes a diary table (``Diary().list()`` or ``crampkit.diary.demo_frame()``)
and returns a finished plotly figure with units and a one-sentence text summary
(``crampkit.plots.summary_of(fig)``). An empty diary gives an empty frame that says so.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from crampkit import diary
from crampkit.content import message, plot_text, view_words
from crampkit.plots.style import PALETTE, SEQUENCE, count_axis, finish

EMPTY_MESSAGE = plot_text("diary_empty")
_NO_HOVER_BOX = "<extra></extra>"  # plotly: no second box beside the hover words


def _cramps(count: int) -> str:
    """ "1 cramp", "3 cramps": a count in words a reader expects."""
    return f"{count} cramp{'' if count == 1 else 's'}"

def _check(df) -> pd.DataFrame:
    needed = ("when", "leg", "muscle", "duration_minutes", "severity")
    if not isinstance(df, pd.DataFrame) or any(c not in df.columns for c in needed):
        raise diary.DiaryError(message("diary_chart_not_a_table", columns=", ".join(needed)))
    # every cell checked as the summaries check it: a bad date names its column, no traceback
    return diary.checked_frame(df, "df").sort_values("when")


def _empty(title: str) -> go.Figure:
    fig = go.Figure(layout={
        "annotations": [{"text": EMPTY_MESSAGE, "showarrow": False, "x": 0.5, "y": 0.5,
                         "xref": "paper", "yref": "paper", "font": {"size": 15}}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}})
    return finish(fig, title=title, x_title="", y_title="", summary=EMPTY_MESSAGE)


def _day(moment) -> str:
    return f"{moment.day} {moment:%b}"


def per_week_chart(df) -> go.Figure:
    """Bar chart: cramps in each calendar week (weeks start on Monday)."""
    df = _check(df)
    title = plot_text("diary_week_title")
    if df.empty:
        return _empty(title)
    weeks = diary.weekly_counts(df)
    fig = go.Figure(go.Bar(
        x=[f"{_day(m)} {m.year}" for m in weeks.index], y=list(weeks.values),
        marker_color=PALETTE["blue"], text=list(weeks.values), textposition="outside",
        hovertemplate=plot_text("diary_week_hover") + _NO_HOVER_BOX, cliponaxis=False,
    ))
    fig.update_yaxes(count_axis(weeks.max(), room=1.2))
    busiest = weeks.idxmax()
    text = plot_text("diary_week_summary", cramps=_cramps(int(weeks.sum())),
                     weeks=f"{len(weeks)} week{'s' if len(weeks) != 1 else ''}",
                     per_week=f"{weeks.mean():.1f}", busiest=_day(busiest), most=int(weeks.max()))
    return finish(fig, title=title, x_title=plot_text("diary_week_axis"),
                  y_title=plot_text("diary_count_axis"), summary=text)


def time_of_day_chart(df) -> go.Figure:
    """Bar chart: cramps by the hour they started, night hours (22:00 to 06:00) coloured."""
    df = _check(df)
    title = plot_text("diary_hour_title")
    if df.empty:
        return _empty(title)
    counts = df["when"].dt.hour.value_counts().reindex(range(24), fill_value=0)
    night = [diary.is_night(h) for h in range(24)]
    fig = go.Figure(go.Bar(
        x=[f"{h:02d}:00" for h in range(24)], y=list(counts.values),
        marker_color=[PALETTE["purple"] if n else PALETTE["orange"] for n in night],
        customdata=[plot_text("diary_hour_night" if n else "diary_hour_day") for n in night],
        hovertemplate=plot_text("diary_hour_hover") + _NO_HOVER_BOX,
    ))
    fig.update_yaxes(count_axis(counts.max()))
    at_night = int(sum(c for c, n in zip(counts.values, night, strict=False) if n))
    top = int(counts.idxmax())
    text = plot_text("diary_hour_summary", night=at_night, cramps=_cramps(len(df)), hour=f"{top:02d}:00")
    return finish(fig, title=title, x_title=plot_text("diary_hour_axis"),
                  y_title=plot_text("diary_count_axis"), summary=text)


def leg_muscle_chart(df) -> go.Figure:
    """Grouped bars: cramps in each muscle, one bar per leg (left, right, both)."""
    df = _check(df)
    title = plot_text("diary_muscle_title")
    if df.empty:
        return _empty(title)
    pairs = Counter(zip(df["muscle"], df["leg"], strict=False))
    names = {leg: plot_text(f"diary_leg_{leg}") for leg in diary.LEGS}
    muscles_shown = list(diary.MUSCLES)
    fig = go.Figure([
        go.Bar(name=names[leg], x=muscles_shown, y=[pairs[(m, leg)] for m in muscles_shown],
               marker_color=SEQUENCE[i],
               hovertemplate=plot_text("diary_muscle_hover", leg=names[leg]) + _NO_HOVER_BOX)
        for i, leg in enumerate(diary.LEGS)
    ], layout={"barmode": "group", "legend": {"title": {"text": plot_text("diary_muscle_legend")}},
               "yaxis": count_axis(max(pairs.values()))})
    muscles = Counter(df["muscle"]).most_common()
    legs = Counter(df["leg"]).most_common()
    text = plot_text("diary_muscle_summary", muscle=muscles[0][0], count=muscles[0][1], total=len(df),
                     legs=", ".join(f"{names[k].lower()} {v}" for k, v in legs))
    return finish(fig, title=title, x_title=plot_text("diary_muscle_axis"),
                  y_title=plot_text("diary_count_axis"), summary=text)


def _day_axis(moments) -> dict:
    """A date axis labelled by day; with cramps on one or two days only, a day either side,
    so the labels are days and not fractions of a second."""
    first, last = moments.min(), moments.max()
    axis = {"tickformat": "%d %b"}
    if last - first < pd.Timedelta(days=2):
        start = (first - pd.Timedelta(days=1)).normalize()
        end = (last + pd.Timedelta(days=2)).normalize()
        axis.update(range=[start, end], dtick=24 * 60 * 60 * 1000)
    return axis


def severity_chart(df, summary_lines=None) -> go.Figure:
    """Dots: how bad each cramp felt (0 to 10) over time, with a 7-cramp moving average.

    ``summary_lines`` may pass in ``diary.summary(df)`` when the caller has it already.
    """
    df = _check(df)
    title = plot_text("diary_severity_title")
    if df.empty:
        return _empty(title)
    rolling = df["severity"].rolling(7, min_periods=1).mean()
    fig = go.Figure([
        go.Scatter(x=df["when"], y=df["severity"], mode="markers", name=plot_text("diary_severity_each"),
                   marker=dict(color=PALETTE["blue"], size=9),
                   hovertemplate=plot_text("diary_severity_each_hover") + _NO_HOVER_BOX),
        go.Scatter(x=df["when"], y=rolling.round(1), mode="lines",
                   name=plot_text("diary_severity_average"),
                   line=dict(color=PALETTE["vermillion"], width=3),
                   hovertemplate=plot_text("diary_severity_average_hover") + _NO_HOVER_BOX),
    ], layout={"yaxis": {"range": [-0.5, 10.5], "dtick": 2}, "xaxis": _day_axis(df["when"])})
    lines = diary.summary(df) if summary_lines is None else summary_lines
    trend = next((s for s in lines if _SEVERITY_SENTENCE.fullmatch(s)), "")
    if trend:
        text = plot_text("diary_severity_summary_trend", cramps=_cramps(len(df)),
                         trend=trend[0].lower() + trend[1:])
    else:
        text = plot_text("diary_severity_summary", cramps=_cramps(len(df)))
    return finish(fig, title=title, x_title=plot_text("diary_severity_axis_x"),
                  y_title=plot_text("diary_severity_axis_y"), summary=text)


def _sentence_pattern(*texts: str) -> re.Pattern:
    """A pattern matching any sentence made from ``texts`` (their placeholders filled)."""
    return re.compile("|".join(".*".join(re.escape(part) for part in re.split(r"\{\w+\}", text))
                               for text in texts), re.S)


# The diary summary's sentence on how bad the cramps felt (its words are view_texts.csv's).
_SEVERITY_SENTENCE = _sentence_pattern(view_words("diary_summary_trend"), view_words("diary_summary_severity"))


def all_charts(df, summary_lines=None) -> list[go.Figure]:
    """The four diary charts, in the order the notebook and widget show them.

    ``summary_lines`` may pass in ``diary.summary(df)`` when the caller has it already.
    """
    df = _check(df)  # once, not once per chart
    return [per_week_chart(df), time_of_day_chart(df), leg_muscle_chart(df),
            severity_chart(df, summary_lines)]
