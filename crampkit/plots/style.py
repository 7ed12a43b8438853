"""The shared look of crampkit's charts: palette, titles, units, text summaries, renderers.

The palette is Okabe and Ito's, chosen because people with the common kinds of colour
blindness can tell its colours apart; each colour is checked for contrast on white.

>>> contrast_ratio("#000000", "#ffffff")
21.0
>>> all(contrast_ratio(c, "#ffffff") >= 3 for c in PALETTE.values())
True
"""
from __future__ import annotations

import os

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito colours, darkened where needed to reach 3:1 against white (WCAG 2.1 for
# graphical objects). Names say what they mean in crampkit's charts.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#B35C00",
    "green": "#007A5A",
    "vermillion": "#C23B00",
    "purple": "#9E4F86",
    "sky": "#2A7FB0",
    "grey": "#595959",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "grey")]
URGENCY_COLOURS = {
    "urgent": PALETTE["vermillion"],
    "see_clinician_soon": PALETTE["orange"],
    "routine_self_care": PALETTE["green"],
}
FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#1a1a1a")


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


def _template() -> go.layout.Template:
    """crampkit's plotly template (font, colours, axes), registered once as "crampkit".

    Kept small on purpose (copying plotly's full default template into every figure costs
    several milliseconds per redraw); ``automargin`` makes room for long axis labels.
    """
    if "crampkit" not in pio.templates:
        axis = dict(showline=True, linecolor="#595959", gridcolor="#e6e6e6", automargin=True,
                    zerolinecolor="#bdbdbd")
        pio.templates["crampkit"] = go.layout.Template(layout=dict(
            font=FONT, colorway=SEQUENCE, plot_bgcolor="white", paper_bgcolor="white",
            margin=dict(l=60, r=20, t=60, b=60), xaxis=axis, yaxis=axis,
            hoverlabel=dict(font=dict(family=FONT["family"])),
        ))
    return pio.templates["crampkit"]


def finish(fig: go.Figure, *, title: str, x_title: str, y_title: str, summary: str) -> go.Figure:
    """Give ``fig`` crampkit's look: title, axis titles with units, and a text summary.

    The summary is kept in ``fig.layout.meta["summary"]`` so a widget or notebook can show
    it beside the chart for screen-reader users. One layout update with a registered
    template keeps this cheap, since charts are redrawn on every change of an input.
    """
    _template()
    fig.update_layout({
        "template": "crampkit",
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "meta": {"summary": summary},
    })
    return fig


def summary_of(fig: go.Figure) -> str:
    """The one-sentence text summary stored on a figure by :func:`finish`."""
    meta = fig.layout.meta
    return meta.get("summary", "") if isinstance(meta, dict) else ""


def use_offline_renderers() -> str:
    """Choose plotly renderers on purpose, all of which work without a network.

    ``plotly_mimetype`` draws in JupyterLab, Notebook 7, Voila and VS Code with the plotly.js
    that ships inside those front ends, and costs nothing at start-up. Exported HTML needs
    plotly.js embedded in the page: ``make html`` sets ``PLOTLY_RENDERER`` to
    ``plotly_mimetype+notebook`` for that (it embeds about 4.6 MB once and takes over a
    second per notebook, so it is not the default). ``PLOTLY_RENDERER``, when set, wins.
    """
    chosen = os.environ.get("PLOTLY_RENDERER") or "plotly_mimetype"
    pio.renderers.default = chosen
    return chosen
