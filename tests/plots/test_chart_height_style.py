"""A resized chart keeps its height: the style rule travels with every widget chart and sits in
crampkit's Voila page template (the browser test narrows the window and measures)."""
from pathlib import Path

import ipywidgets
import plotly.graph_objects as go

from crampkit.widgets.common import CHART_HEIGHT_CSS, show_figure

TEMPLATE = Path(__file__).resolve().parents[2] / "share/jupyter/voila/templates/crampkit/index.html.j2"


def _html_of(out) -> str:
    return "".join(o["data"].get("text/html", "") for o in out.outputs)


def test_a_chart_with_or_without_a_summary_carries_the_height_rule():
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    for summary in ("two bars", ""):
        out = ipywidgets.Output()
        show_figure(out, fig, summary)
        assert CHART_HEIGHT_CSS in _html_of(out), f"no height rule with summary {summary!r}"
        assert "application/vnd.plotly.v1+json" in out.outputs[0]["data"]


def test_the_voila_page_template_holds_the_same_rule():
    assert CHART_HEIGHT_CSS in TEMPLATE.read_text(encoding="utf-8")
