"""The shared chart style: renderers chosen on purpose, titles, units and summaries."""
import os
import subprocess
import sys

import plotly.graph_objects as go
import plotly.io as pio

from crampkit.plots.style import PALETTE, chart, contrast_ratio, finish, summary_of, use_offline_renderers


def test_charts_draw_without_loading_plotlys_renderers(tmp_path):
    """A notebook's charts cost no second of start-up: plotly's renderer machinery (which
    imports nbformat's validator) is never loaded unless an export asks for it."""
    code = (
        "import sys, plotly.graph_objects as go\n"
        "from crampkit.plots import chart, use_offline_renderers\n"
        "from crampkit.widgets.common import show_figure\n"
        "import ipywidgets\n"
        "print(use_offline_renderers())\n"
        "fig = go.Figure(go.Bar(x=[1], y=[2]))\n"
        "bundle = chart(fig)._repr_mimebundle_()\n"
        "show_figure(ipywidgets.Output(), fig, 'one bar')\n"
        "print(sorted(bundle), 'plotly.io._renderers' in sys.modules, 'nbformat' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split("\n")[:2] == [
        "plotly_mimetype", "['application/vnd.plotly.v1+json', 'text/plain'] False False"]


def test_chart_bundle_holds_the_figure_and_its_summary():
    fig = finish(go.Figure(go.Bar(x=[1], y=[2])), title="T", x_title="x (cm)", y_title="y (kg)",
                 summary="One bar of 2 kg.")
    bundle = chart(fig)._repr_mimebundle_()
    figure = bundle["application/vnd.plotly.v1+json"]
    assert figure["data"][0]["y"] == [2] and figure["layout"]["title"]["text"] == "T"
    assert figure["config"]["displaylogo"] is False
    assert bundle["text/plain"] == "One bar of 2 kg."


def test_export_hands_over_to_plotlys_renderers(monkeypatch):
    monkeypatch.setenv("PLOTLY_RENDERER", "plotly_mimetype+notebook")
    try:
        assert use_offline_renderers() == "plotly_mimetype+notebook"
        bundle = chart(go.Figure(go.Bar(x=[1], y=[2])))._repr_mimebundle_()
        assert "text/html" in bundle and "application/vnd.plotly.v1+json" in bundle
    finally:
        pio.renderers.default = "plotly_mimetype"


def test_finish_sets_title_units_and_summary():
    fig = finish(go.Figure(go.Bar(x=[1], y=[2])), title="T", x_title="Days (count)",
                 y_title="Litres (L)", summary="One bar.")
    assert fig.layout.title.text == "T"
    assert fig.layout.xaxis.title.text == "Days (count)" and fig.layout.yaxis.title.text == "Litres (L)"
    assert summary_of(fig) == "One bar."
    assert summary_of(go.Figure()) == ""


def test_palette_is_readable_on_white():
    assert min(contrast_ratio(c, "#ffffff") for c in PALETTE.values()) >= 3


def test_figures_get_crampkits_look_with_or_without_the_notebook_setup():
    before = pio.templates.default
    try:
        pio.templates.default = "plotly"
        fig = finish(go.Figure(), title="T", x_title="x", y_title="y", summary="s")
        assert fig.layout.template.layout.font.family.startswith("Arial")
        use_offline_renderers()
        fig = finish(go.Figure(), title="T", x_title="x", y_title="y", summary="s")
        assert fig.layout.template.layout.font.family.startswith("Arial")
    finally:
        pio.templates.default = before
