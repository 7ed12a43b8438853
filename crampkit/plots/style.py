"""The shared look of crampkit's charts: palette, titles, units, text summaries, renderers.

The palette is Okabe and Ito's, chosen because people with the common kinds of colour
blindness can tell its colours apart; each colour is checked for contrast on white.

>>> contrast_ratio("#000000", "#ffffff")
21.0
>>> all(contrast_ratio(c, "#ffffff") >= 3 for c in PALETTE.values())
True
"""
from __future__ import annotations

import json
import os
import warnings

import plotly.graph_objects as go
import plotly.io as pio

from crampkit import palette
from crampkit.content import plot_text
from crampkit.palette import contrast_ratio  # noqa: F401 - its public name here is kept

# Okabe-Ito colours, darkened where needed to reach 3:1 against white (WCAG 2.1 for
# graphical objects). Names say what they mean in crampkit's charts; the values live in
# crampkit.palette (every colour crampkit shows, in one place).
PALETTE = dict(palette.CHART)
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "grey")]
# The charts' urgencies: emergency in the dark red of the emergency banner, so a chart and the
# banner above it agree (the report's lighter emergency red is for text on white).
URGENCY_COLOURS = {"emergency": palette.EMERGENCY_DARK,
                   **{u: palette.URGENCY[u] for u in ("urgent", "see_clinician_soon", "routine_self_care")}}
FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color=palette.INK)  # not shown: a font list


# Every chart's settings (plotly.js "config"), the one place figures get them. The toolbar
# keeps what works on this computer (zoom, pan, reset, save a picture) and loses every way
# out of it: plotly.js 3+ has a "Share chart..." button (``sendChartToCloud``, shown unless
# ``showSendToCloud`` is false) whose dialog uploads the chart to Plotly Cloud at
# ``plotlyServerURL``; older plotly.js (plotly 5) had "sendDataToCloud", "Edit in Chart Studio"
# and an "Edit chart" link (``showLink``). All are switched off and removed by name, the
# upload address is emptied (the button then refuses to send), and the logo, a link to
# plotly.com, is hidden. Names a plotly.js version does not know are ignored by it.
CHART_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "linkText": "",
    "sendData": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
    "displayModeBar": "hover",
}

# The toolbar shows only while the mouse is over a chart and is out of the Tab order (a
# hidden element cannot take the focus): keyboard users reach the form in a few presses
# instead of passing ten toolbar buttons per chart, and lose nothing they could use (the
# toolbar's zoom and pan are mouse gestures; the chart's words are in its summary). Shown
# with every chart crampkit draws in a widget and in crampkit's Voila page template.
CHART_TOOLBAR_CSS = (".js-plotly-plot .modebar-container { visibility: hidden; } "
                     ".js-plotly-plot:hover .modebar-container { visibility: visible; }")


def chart_config() -> dict:
    """A fresh copy of :data:`CHART_CONFIG` (plotly.js's settings for every chart).

    >>> config = chart_config()
    >>> config["showSendToCloud"], config["plotlyServerURL"], config["displaylogo"]
    (False, '', False)
    >>> "sendChartToCloud" in config["modeBarButtonsToRemove"]
    True
    """
    return json.loads(json.dumps(CHART_CONFIG))


def _template() -> go.layout.Template:
    """crampkit's plotly template (font, colours, axes), registered once as "crampkit".

    Kept small on purpose (copying plotly's full default template into every figure costs
    several milliseconds per redraw); ``automargin`` makes room for long axis labels.
    """
    if "crampkit" not in pio.templates:
        axis = dict(showline=True, linecolor=palette.GREY, gridcolor=palette.GRID, automargin=True,
                    zerolinecolor=palette.ZERO_LINE)
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
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "meta": {"summary": summary},
    }
    if pio.templates.default != "crampkit":  # a notebook's setup makes it the default
        layout["template"] = "crampkit"
    fig.update_layout(layout)
    return fig


def count_axis(largest: float, *, room: float = 1.0) -> dict:
    """Axis settings for a count of things (cramps, students): whole numbers only.

    Ticks step by 1, 2, 5, 10, ... so there are at most about 8 of them, never 0.5 or 0.2
    of a cramp; ``room`` above 1 leaves space above the tallest bar for its label.

    >>> count_axis(3)["dtick"], count_axis(40)["dtick"], count_axis(0)["range"]
    (1, 5, [0, 1.0])
    """
    largest = max(float(largest), 1.0)
    step = 1
    while largest / step > 8:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if largest / step <= 8:
                break
    return {"tickmode": "linear", "tick0": 0, "dtick": step, "tickformat": "d",
            "range": [0, largest * room], "rangemode": "tozero"}


def summary_of(fig: go.Figure) -> str:
    """The one-sentence text summary stored on a figure by :func:`finish`."""
    meta = fig.layout.meta
    return meta.get("summary", "") if isinstance(meta, dict) else ""


def plotly_bundle(fig: go.Figure) -> dict:
    """``fig`` as plotly's own mimetype bundle, the data JupyterLab, Notebook 7, Voila and VS
    Code draw with the plotly.js they ship (no network).

    Built directly rather than through ``plotly.io.renderers``, whose first use imports
    nbformat's schema validator and adds about 1.5 s to every notebook.
    """
    figure = json.loads(pio.to_json(fig, validate=False))
    figure["config"] = chart_config()
    return {"application/vnd.plotly.v1+json": figure}


class Chart:
    """A figure that displays as plotly's mimetype with its text summary.

    ``display(Chart(fig))`` (or a cell ending in it) shows the chart; when
    ``PLOTLY_RENDERER`` is set (``make html``), plotly's renderers take over so exported HTML
    embeds plotly.js and shows the chart offline. Both ways carry :data:`CHART_CONFIG`.
    """

    def __init__(self, figure: go.Figure):
        self.figure = figure

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        if os.environ.get("PLOTLY_RENDERER"):
            with warnings.catch_warnings():  # plotly.py warns about the plotly 5 names it dropped
                warnings.simplefilter("ignore", UserWarning)
                return self.figure._repr_mimebundle_(include, exclude, config=chart_config(), **kwargs)
        bundle = plotly_bundle(self.figure)
        bundle["text/plain"] = summary_of(self.figure) or plot_text("style_no_summary")
        return bundle


def chart(figure: go.Figure) -> Chart:
    """Wrap ``figure`` for display in a notebook (see :class:`Chart`)."""
    return Chart(figure)


def use_offline_renderers() -> str:
    """Choose how charts are drawn, on purpose; every choice works without a network.

    By default crampkit's charts are sent as plotly's mimetype (:func:`plotly_bundle`), which
    JupyterLab, Notebook 7, Voila and VS Code draw with the plotly.js they ship, and
    plotly's renderer machinery is never loaded. Exported HTML needs plotly.js embedded in
    the page: ``make html`` sets ``PLOTLY_RENDERER=plotly_mimetype+notebook`` and this
    function then hands that choice to plotly. Returns the choice in force.

    It also makes crampkit's template plotly's default in this kernel, so every new figure
    starts with crampkit's look and charts redraw about twice as fast.
    """
    _template()
    pio.templates.default = "crampkit"
    chosen = os.environ.get("PLOTLY_RENDERER")
    if chosen:
        pio.renderers.default = chosen
        return chosen
    return "plotly_mimetype"
