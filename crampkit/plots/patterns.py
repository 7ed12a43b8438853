"""Chart for notebook 05: how closely the answers resemble each pattern, side by side.

>>> from crampkit.topics.patterns import compare_patterns, pattern_answers
>>> fig = pattern_chart(compare_patterns(pattern_answers(brought_on_by=["on_walking"],
...                                                       relieved_by=["eased_standing_still"])))
>>> list(fig.data[0].y)[:3], list(fig.data[0].x)[:3]
(['Ordinary muscle cramp', 'Circulation (narrowed leg arteries)',
  'Spine (nerves squeezed in the lower back)'], [0, 67, 17])
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.content import plot_text
from crampkit.plots.style import PALETTE, finish

KIND_COLOURS = {"main": PALETTE["blue"], "warning": PALETTE["vermillion"], "other": PALETTE["grey"]}
KIND_NAMES = {"main": plot_text("pattern_kind_main"), "warning": plot_text("pattern_kind_warning"),
              "other": plot_text("pattern_kind_other")}


def pattern_summary(matches) -> str:
    """One sentence describing the chart for screen-reader users."""
    main = [m for m in matches if m.kind == "main"]
    if not any(m.percent for m in matches):
        return plot_text("pattern_summary_none")
    parts = ", ".join(f"{m.title} {m.percent}%" for m in main)
    others = ", ".join(f"{m.title} {m.percent}%" for m in matches if m.kind != "main")
    return plot_text("pattern_summary", main=parts, others=others)


def pattern_chart(matches) -> go.Figure:
    """Horizontal bars: resemblance (%) to each pattern; warning and non-cramp patterns apart."""
    fig = go.Figure()
    for kind in ("main", "warning", "other"):
        group = [m for m in matches if m.kind == kind]
        if not group:
            continue
        fig.add_trace(go.Bar(
            y=[m.title for m in group], x=[m.percent for m in group], orientation="h",
            name=KIND_NAMES[kind], marker_color=KIND_COLOURS[kind],
            marker_pattern_shape="/" if kind == "warning" else "",
            text=[f"{m.percent}%" for m in group], textposition="outside",
            hovertemplate=plot_text("pattern_hover", pattern="%{y}", percent="%{x}") + "<extra></extra>"))
    finish(fig, title=plot_text("pattern_title"), x_title=plot_text("pattern_x"),
           y_title=plot_text("pattern_y"), summary=pattern_summary(matches))
    # The legend sits above the bars, under the title, clear of the x-axis title.
    fig.update_layout({"height": 400, "bargap": 0.3, "margin": {"t": 100},
                       "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
                       "xaxis": {"range": [0, 110]}, "yaxis": {"autorange": "reversed"}})
    return fig
