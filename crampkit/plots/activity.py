"""Activity charts: weekly minutes with sudden jumps marked, minutes against the guideline,
and a day of sitting and standing with and without movement breaks.

Each chart is drawn from :mod:`crampkit.topics.activity` or :mod:`crampkit.topics.static_day` results, with
units on every axis and a one-sentence summary for screen readers (``summary_of(fig)``).
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.content import plot_text
from crampkit.plots.style import PALETTE, finish
from crampkit.topics.activity import GuidelineCheck, WeekChange, load_summary
from crampkit.topics.static_day import KINDS, MOVEMENT_BREAK, OTHER, SITTING, STANDING, DayPlan, clock

DAY_COLOURS = {
    SITTING: PALETTE["orange"],
    STANDING: PALETTE["purple"],
    MOVEMENT_BREAK: PALETTE["green"],
    OTHER: "#d9d9d9",
}
DAY_ROWS = (plot_text("static_day_row_without"), plot_text("static_day_row_with"))
NO_HOVER_BOX = "<extra></extra>"  # plotly: no trace name box beside the hover words


def weekly_load_chart(changes: list[WeekChange]) -> go.Figure:
    """Bars of minutes per week, oldest first; sudden jumps in vermillion with a "jump" label
    (so colour is never the only cue)."""
    labels = [c.label for c in changes]
    colours = [PALETTE["vermillion"] if c.sudden_jump else PALETTE["blue"] for c in changes]
    texts = [plot_text("activity_weekly_bar_jump" if c.sudden_jump else "activity_weekly_bar",
                       minutes=f"{c.minutes:g}") for c in changes]
    fig = go.Figure(go.Bar(
        x=labels, y=[c.minutes for c in changes], marker_color=colours,
        marker_pattern_shape=["/" if c.sudden_jump else "" for c in changes],
        text=texts, textposition="outside", customdata=[c.message for c in changes],
        hovertemplate=plot_text("activity_weekly_hover") + NO_HOVER_BOX,
    ))
    top = max([c.minutes for c in changes] + [10])
    fig.update_yaxes(range=[0, top * 1.25])
    return finish(fig, title=plot_text("activity_weekly_title"),
                  x_title=plot_text("activity_weekly_x"), y_title=plot_text("activity_weekly_y"),
                  summary=load_summary(changes))


def guideline_chart(check: GuidelineCheck) -> go.Figure:
    """One bar for the person's weekly minutes with a dashed line at the guideline."""
    colour = PALETTE["green"] if check.meets_guideline else PALETTE["orange"]
    fig = go.Figure(go.Bar(
        x=[check.minutes_per_week], y=[plot_text("activity_guideline_bar_name")], orientation="h",
        marker_color=colour,
        text=[plot_text("activity_guideline_bar", minutes=f"{check.minutes_per_week:g}",
                        percent=f"{check.percent_of_guideline:.0f}")],
        textposition="outside", hovertemplate=plot_text("activity_guideline_hover") + NO_HOVER_BOX,
    ))
    fig.add_vline(x=check.guideline_minutes, line_dash="dash", line_color=PALETTE["grey"],
                  annotation_text=plot_text("activity_guideline_line", minutes=check.guideline_minutes),
                  annotation_position="top")
    fig.update_xaxes(range=[0, max(check.minutes_per_week, check.guideline_minutes) * 1.3])
    return finish(fig, title=plot_text("activity_guideline_title"),
                  x_title=plot_text("activity_guideline_x"),
                  y_title=plot_text("activity_guideline_y"), summary=check.message)


def day_timeline_chart(plan: DayPlan) -> go.Figure:
    """Two timelines of the day (without and with movement breaks), hours on the x axis."""
    fig = go.Figure()
    for kind in KINDS:
        xs, bases, rows, hover = [], [], [], []
        for row, blocks in zip(DAY_ROWS, (plan.without_breaks, plan.with_breaks), strict=False):
            for block in blocks:
                if block.kind != kind:
                    continue
                xs.append(block.minutes / 60)
                bases.append(block.start_minute / 60)
                rows.append(row)
                hover.append(plot_text("static_day_hover", kind=kind, start=clock(block.start_minute),
                                       end=clock(block.end_minute), minutes=block.minutes))
        if not xs:
            continue
        fig.add_trace(go.Bar(
            name=kind, x=xs, base=bases, y=rows, orientation="h", marker_color=DAY_COLOURS[kind],
            marker_line_width=0, customdata=hover, hovertemplate="%{customdata}" + NO_HOVER_BOX,
        ))
    start = plan.start_hour
    ticks = list(range(start, start + 25, 3))
    fig.update_xaxes(range=[start, start + 24], tickvals=ticks,
                     ticktext=[clock(t * 60) for t in ticks])
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(DAY_ROWS)))
    # Legend above the plot: below it, it ran into the x axis title at some widths.
    fig.update_layout(barmode="overlay", bargap=0.35, margin={"t": 110},
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0))
    return finish(fig, title=plot_text("static_day_title"), x_title=plot_text("static_day_x"),
                  y_title=plot_text("static_day_y"), summary=plan.summary)
