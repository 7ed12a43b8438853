"""Plotly figures built from crampkit's core results.

Every figure has a title, units on each axis, a colour-blind-safe palette and a one-sentence
text summary for screen readers (``summary_of(fig)``). plotly is imported here, never by
``import crampkit``.
"""
from crampkit.plots.style import (
    CHART_CONFIG,
    CHART_TOOLBAR_CSS,
    PALETTE,
    Chart,
    chart,
    chart_config,
    finish,
    plotly_bundle,
    summary_of,
    use_offline_renderers,
)

__all__ = ["CHART_CONFIG", "CHART_TOOLBAR_CSS", "PALETTE", "Chart", "chart", "chart_config", "finish", "plotly_bundle",
           "summary_of", "use_offline_renderers"]
