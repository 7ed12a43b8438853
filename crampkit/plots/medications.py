"""Chart for notebook 06: published strengths of the links between medicines and cramps.

A forest plot of Garrison 2012's adjusted sequence ratios with 95% confidence intervals
(``data/associations.csv``). 1 means no link; a bar reaching 1 means the link may be chance.

>>> fig = association_chart(highlight_class_ids=["thiazide_diuretic"])
>>> [t.name for t in fig.data]
['Published estimate', 'A class you take']
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.plots.style import PALETTE, finish
from crampkit.topics.medicine_check import published_associations


def association_summary(associations, highlight_class_ids=()) -> str:
    """One sentence describing the forest plot (strongest, weakest, chance, yours)."""
    strongest = max(associations, key=lambda a: a.estimate)
    chance = [a.label for a in associations if a.includes_no_link]
    above = sum(a.estimate > 1 for a in associations)
    text = (f"{above} of {len(associations)} estimates are above 1 (a link); the strongest is "
            f"{strongest.label} at {strongest.estimate:g} "
            f"(95% CI {strongest.ci_low:g} to {strongest.ci_high:g})")
    if chance:
        text += f", and the interval for {', '.join(chance)} reaches 1, so that link may be chance"
    mine = [a.label for a in associations if a.class_id and a.class_id in set(highlight_class_ids)]
    if mine:
        text += f"; highlighted because you take them: {', '.join(mine)}"
    return text + "."


def association_chart(highlight_class_ids=()) -> go.Figure:
    """Forest plot with 95% CIs, a line at 1 (no link) and the person's classes highlighted."""
    rows = published_associations()
    mine = set(highlight_class_ids or ())
    fig = go.Figure()
    for name, group, colour, symbol in (
            ("Published estimate", [a for a in rows if a.class_id not in mine or not a.class_id],
             PALETTE["blue"], "square"),
            ("A class you take", [a for a in rows if a.class_id and a.class_id in mine],
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
            hovertemplate="%{y}: %{x} (95% CI %{customdata[0]} to %{customdata[1]})<extra></extra>"))
    fig.add_vline(x=1, line_dash="dash", line_color=PALETTE["grey"],
                  annotation_text="1 = no link", annotation_position="top")
    fig.update_xaxes(type="log", range=[-0.15, 0.55], tickvals=[0.8, 1, 1.5, 2, 3],
                     ticktext=["0.8", "1", "1.5", "2", "3"])
    fig.update_yaxes(categoryorder="array", categoryarray=[a.label for a in rows][::-1])
    fig.update_layout(height=420, legend=dict(orientation="h", y=-0.25), margin=dict(l=260))
    finish(fig, title="Medicines followed by more cramp treatment (Garrison 2012, adults 50+)",
           x_title="Adjusted sequence ratio (1 = no link)", y_title="Medicine group",
           summary=association_summary(rows, mine))
    fig.update_layout(margin=dict(l=260, r=20, t=60, b=60))
    return fig
