"""The shared chart style: renderers chosen on purpose, titles, units and summaries."""
import plotly.graph_objects as go
import plotly.io as pio

from crampkit.plots.style import PALETTE, contrast_ratio, finish, summary_of, use_offline_renderers


def test_default_renderer_draws_in_every_front_end_without_network(monkeypatch):
    monkeypatch.delenv("PLOTLY_RENDERER", raising=False)
    assert use_offline_renderers() == "plotly_mimetype"
    assert pio.renderers.default == "plotly_mimetype"


def test_environment_chooses_the_export_renderer(monkeypatch):
    monkeypatch.setenv("PLOTLY_RENDERER", "plotly_mimetype+notebook")
    try:
        assert use_offline_renderers() == "plotly_mimetype+notebook"
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
