"""Chart for notebook 06: published strengths of the links between medicines and cramps.

A forest plot of Garrison 2012's adjusted sequence ratios with 95% confidence intervals
(``data/associations.csv``). 1 means no link; a bar reaching 1 means the link may be chance.

>>> fig = association_chart(highlight_class_ids=["thiazide_diuretic"])
>>> [t.name for t in fig.data]
['Published estimate', 'A class you take']
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.content import plot_text
from crampkit.plots.style import PALETTE, finish
from crampkit.topics.medicine_check import published_associations


def association_summary(associations, highlight_class_ids=()) -> str:
    """One sentence describing the forest plot (strongest, weakest, chance, yours)."""
    strongest = max(associations, key=lambda a: a.estimate)
    chance = [a.label for a in associations if a.includes_no_link]
    above = sum(a.estimate > 1 for a in associations)
    mine = [a.label for a in associations if a.class_id and a.class_id in set(highlight_class_ids)]
    return plot_text("checker_chart_summary", above=above, count=len(associations), strongest=strongest.label,
                     estimate=f"{strongest.estimate:g}", low=f"{strongest.ci_low:g}", high=f"{strongest.ci_high:g}",
                     chance=plot_text("checker_chart_chance_clause", labels=", ".join(chance)) if chance else "",
                     yours=plot_text("checker_chart_yours_clause", labels=", ".join(mine)) if mine else "")


def association_chart(highlight_class_ids=()) -> go.Figure:
    """Forest plot with 95% CIs, a line at 1 (no link) and the person's classes highlighted."""
    rows = published_associations()
    mine = set(highlight_class_ids or ())
    fig = go.Figure()
    for name, group, colour, symbol in (
            (plot_text("checker_chart_published"), [a for a in rows if a.class_id not in mine or not a.class_id],
             PALETTE["blue"], "square"),
            (plot_text("checker_chart_yours"), [a for a in rows if a.class_id and a.class_id in mine],
             PALETTE["vermillion"], "diamond")):
        if not group:
            continue
        fig.add_trace(go.Scatter(
            x=[a.estimate for a in group], y=[a.label for a in group], mode="markers", name=name,
            marker=dict(color=colour, size=11, symbol=symbol),
            error_x=dict(type="data", symmetric=False, color=colour, thickness=2,
                         array=[round(a.ci_high - a.estimate, 3) for a in group],
                         arrayminus=[round(a.estimate - a.ci_low, 3) for a in group]),
            customdata=[[a.ci_low, a.ci_high] for a in group],
            hovertemplate=plot_text("checker_chart_hover", label="%{y}", estimate="%{x}", low="%{customdata[0]}",
                                    high="%{customdata[1]}") + "<extra></extra>"))
    fig.add_vline(x=1, line_dash="dash", line_color=PALETTE["grey"],
                  annotation_text=plot_text("checker_chart_no_link"), annotation_position="top")
    fig.update_xaxes(type="log", range=[-0.15, 0.55], tickvals=[0.8, 1, 1.5, 2, 3],
                     ticktext=["0.8", "1", "1.5", "2", "3"])
    fig.update_yaxes(categoryorder="array", categoryarray=[a.label for a in rows][::-1])
    fig.update_layout(height=420, legend=dict(orientation="h", y=-0.25), margin=dict(l=260))
    finish(fig, title=plot_text("checker_chart_title"), x_title=plot_text("checker_chart_x"),
           y_title=plot_text("checker_chart_y"),
           summary=association_summary(rows, mine))
    fig.update_layout(margin=dict(l=260, r=20, t=60, b=60))
    return fig
