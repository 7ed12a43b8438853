"""Class survey charts, drawn only from :class:`crampkit.classroom.ClassSummary` tables.

The charts never see individual answers: they take the aggregated tables in which groups
of fewer than 5 students are already merged or hidden, so a chart cannot show more than the
tables do. When a summary is not shown (too few answers), each chart is an empty frame
carrying the summary's message.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from crampkit.classroom import TARGET_NOTE, ClassSummary, SurveyError, format_litres
from crampkit.content import message, plot_text
from crampkit.plots.style import PALETTE, count_axis, finish

CHART_HEIGHT = 380  # px: the plot area stays readable (it was squashed to ~60 px)


def wrapped(label: str, width: int = 22) -> str:
    """``label`` broken into lines of about ``width`` characters (plotly's ``<br>``), so long
    answers such as "other/combined: About once a month, Several times a week" stay level
    instead of being tilted into the chart's height.

    >>> wrapped("other/combined: About once a month, Several times a week")
    'other/combined: About<br>once a month, Several<br>times a week'
    """
    lines, line = [], ""
    for word in str(label).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _check(summary) -> ClassSummary:
    if not isinstance(summary, ClassSummary):
        raise SurveyError(message("class_not_a_summary", kind=type(summary).__name__))
    return summary


def _message_figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=220)
    return fig


def frequency_chart(summary: ClassSummary) -> go.Figure:
    """Bar chart: how many students gave each answer to "how often do you get leg cramps?"."""
    summary = _check(summary)
    title = plot_text("class_frequency_title")
    if not summary.shown:
        return finish(_message_figure(summary.message), title=title, x_title="",
                      y_title="", summary=summary.message)
    table = summary.frequency
    if table.empty:  # too few answers: one plain sentence, never one bar covering everything
        why = summary.frequency_message or summary.message
        return finish(_message_figure(why), title=title, x_title="", y_title="", summary=why)
    fig = go.Figure(go.Bar(
        x=[wrapped(g) for g in table["group"]], y=list(table["students"]), marker_color=PALETTE["blue"],
        text=[f"{n} ({p}%)" for n, p in zip(table["students"], table["percent"], strict=False)],
        textposition="outside", hovertemplate="%{x}: %{y} students<extra></extra>",
        cliponaxis=False,
    ))
    # Room above the tallest bar keeps its "n (p%)" label inside the chart.
    fig.update_yaxes(count_axis(max(table["students"]), room=1.25))
    fig.update_xaxes(tickangle=0)
    fig.update_layout(height=CHART_HEIGHT, margin={"t": 70})
    top = table.loc[table["students"].idxmax()]
    text = plot_text("class_frequency_summary" if summary.with_cramps is not None
                     else "class_frequency_summary_answered", with_cramps=summary.with_cramps,
                     students=summary.students, group=top["group"], count=top["students"])
    return finish(fig, title=title, x_title=plot_text("class_frequency_x"),
                  y_title=plot_text("class_frequency_y"), summary=text)


def timing_chart(summary: ClassSummary) -> go.Figure:
    """Bar chart: of the students who get cramps, the percent who get them at each time."""
    summary = _check(summary)
    title = plot_text("class_timing_title")
    if not summary.shown or summary.timing.empty:
        why = summary.message if not summary.shown else summary.timing_message or plot_text(
            "class_timing_too_few" if summary.with_cramps is None or summary.with_cramps
            else "class_timing_none")
        return finish(_message_figure(why), title=title, x_title="", y_title="", summary=why)
    table = summary.timing
    fig = go.Figure(go.Bar(
        x=[wrapped(g) for g in table["group"]], y=list(table["percent"]), marker_color=PALETTE["orange"],
        text=[f"{p}% ({n})" for n, p in zip(table["students"], table["percent"], strict=False)],
        textposition="outside", hovertemplate="%{x}: %{y}%<extra></extra>",
    ))
    fig.update_yaxes(range=[0, 115])
    fig.update_xaxes(tickangle=0)
    fig.update_layout(height=CHART_HEIGHT, margin={"t": 70})
    top = table.loc[table["percent"].idxmax()]
    text = plot_text("class_timing_summary", with_cramps=summary.with_cramps, group=top["group"],
                     percent=top["percent"])
    return finish(fig, title=title, x_title=plot_text("class_timing_x"),
                  y_title=plot_text("class_timing_y"), summary=text)


def drinks_chart(summary: ClassSummary) -> go.Figure:
    """Bars of the median drinks a day in each age group, with the drinks target range."""
    summary = _check(summary)
    title = plot_text("class_drinks_title")
    if not summary.shown:
        return finish(_message_figure(summary.message), title=title, x_title="", y_title="",
                      summary=summary.message)
    table = summary.drinks
    groups = [wrapped(g, 30) for g in table["group"]]
    low, high = list(table["target_low_litres"]), list(table["target_high_litres"])
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=groups, y=list(table["median_drinks_litres"]), name=plot_text("class_drinks_median"),
        marker_color=PALETTE["sky"], hovertemplate="%{x}: median %{y} L/day<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=groups, y=[(a + b) / 2 for a, b in zip(low, high, strict=False)], mode="markers",
        name=plot_text("class_drinks_target"),
        marker=dict(symbol="diamond", size=12, color=PALETTE["vermillion"]),
        error_y=dict(type="data", symmetric=False, array=[(b - a) / 2 for a, b in zip(low, high, strict=False)],
                     arrayminus=[(b - a) / 2 for a, b in zip(low, high, strict=False)], width=14,
                     color=PALETTE["vermillion"]),
        hovertemplate="%{x}: target %{customdata}<extra></extra>",
        customdata=[f"{format_litres(a)} to {format_litres(b)} L/day" if a != b
                    else f"{format_litres(a)} L/day"
                    for a, b in zip(low, high, strict=False)],
    ))
    fig.update_xaxes(tickangle=0)
    fig.update_layout(legend=dict(orientation="h", y=-0.3), height=CHART_HEIGHT + 40)
    last = table.iloc[-1]
    counted = not pd.isna(last["reached_target"])
    text = plot_text("class_drinks_summary" if counted else "class_drinks_summary_no_count",
                     group=last["group"], median=format_litres(last["median_drinks_litres"]),
                     low=format_litres(last["target_low_litres"]),
                     high=format_litres(last["target_high_litres"]),
                     reached=last["reached_target"] if counted else None,
                     students=last["students"], note=TARGET_NOTE)
    return finish(fig, title=title, x_title=plot_text("class_drinks_x"),
                  y_title=plot_text("class_drinks_y"), summary=text)


def class_charts(summary: ClassSummary) -> list[go.Figure]:
    """The three class charts in teaching order: how common, when, drinks."""
    return [frequency_chart(summary), timing_chart(summary), drinks_chart(summary)]
