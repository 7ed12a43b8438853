"""No chart is a way out of the machine (issue 23 item 2).

Every chart crampkit draws gets its plotly.js settings from one place
(``crampkit.plots.style.CHART_CONFIG``): the toolbar keeps zoom, pan, reset and "save a
picture", and loses plotly's "Share chart..." button, whose dialog uploads the chart to
Plotly Cloud. The browser test ``tests/browser/test_privacy_charts.py`` clicks every
toolbar button in a real page; these tests check every path a figure takes to the screen.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import ipywidgets
import plotly
import plotly.graph_objects as go
import pytest

from crampkit import Profile, assess
from crampkit import diary as core
from crampkit.plots import assessment as assessment_plots
from crampkit.plots import diary as diary_plots
from crampkit.plots.style import CHART_CONFIG, CHART_TOOLBAR_CSS, chart, plotly_bundle
from crampkit.widgets.common import APP_STYLE, show_figure

REPO = Path(__file__).resolve().parents[2]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TEMPLATE = REPO / "share" / "jupyter" / "voila" / "templates" / "crampkit" / "index.html.j2"


def _no_way_out(config: dict, *, exported: bool = False) -> None:
    assert config["showSendToCloud"] is False
    # plotly 6's HTML export drops the upload address when sharing is off; plotly 5's writes
    # its default back (and shares the dict with the mimetype beside it). With no share
    # button, link or Chart Studio button (checked below) nothing can use it; everywhere else
    # it is emptied.
    if exported:
        assert config.get("plotlyServerURL", "") in ("", "https://plot.ly")
    else:
        assert config["plotlyServerURL"] == ""
    assert config["displaylogo"] is False  # the logo is a link to plotly.com
    assert {"sendChartToCloud", "sendDataToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
    assert config.get("showLink", False) is False and config.get("showEditInChartStudio", False) is False


def _cloud_buttons_and_switches(source: str) -> tuple[set[str], set[str]]:
    """The toolbar buttons and config switches of a plotly.js bundle that send a chart away."""
    buttons = set(re.findall(r'name:"(\w*(?:Cloud|ChartStudio|Share|share)\w*)"', source))
    switches = set(re.findall(r'(\w*(?:Cloud|ChartStudio|Link|linkText|ServerURL)\w*):\{valType', source))
    return buttons, switches


def test_every_button_and_switch_of_the_installed_plotly_js_that_sends_a_chart_away_is_off():
    """Fails when a new plotly.js adds or renames a cloud button or switch we do not turn off."""
    buttons, switches = _cloud_buttons_and_switches(PLOTLY_JS.read_text(encoding="utf-8"))
    assert buttons, "no cloud button found: has plotly.js changed how it names buttons?"
    assert buttons <= set(CHART_CONFIG["modeBarButtonsToRemove"]), buttons
    for switch in switches:
        assert switch in CHART_CONFIG, f"plotly.js switch {switch} is not set"
        assert CHART_CONFIG[switch] in (False, ""), (switch, CHART_CONFIG[switch])


def test_the_jupyterlab_and_voila_renderer_uses_the_same_plotly_js_rules():
    """JupyterLab and Voila draw with the plotly.js in plotly's JupyterLab extension."""
    extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-plotly"
    if not extension.exists():
        pytest.skip("plotly's JupyterLab extension is not in this environment")
    for path in (extension / "static").glob("*.js"):
        buttons, switches = _cloud_buttons_and_switches(path.read_text(encoding="utf-8", errors="replace"))
        assert buttons <= set(CHART_CONFIG["modeBarButtonsToRemove"]), (path.name, buttons)
        assert switches <= set(CHART_CONFIG), (path.name, switches)


def _figures():
    a = assess(Profile(age=67, episodes_per_week=4))
    frame = core.demo_frame()
    return [assessment_plots.causes_chart(a), *diary_plots.all_charts(frame, core.summary(frame))]


def test_a_chart_shown_in_a_notebook_cannot_be_shared(monkeypatch):
    monkeypatch.delenv("PLOTLY_RENDERER", raising=False)
    for fig in _figures():
        _no_way_out(chart(fig)._repr_mimebundle_()["application/vnd.plotly.v1+json"]["config"])


def test_a_chart_in_a_widget_cannot_be_shared_and_its_toolbar_is_out_of_the_tab_order():
    out = ipywidgets.Output()
    show_figure(out, go.Figure(go.Bar(x=[1], y=[2])), "One bar.")
    figure = out.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    _no_way_out(figure["config"])
    assert CHART_TOOLBAR_CSS in out.outputs[1]["data"]["text/html"]
    assert CHART_TOOLBAR_CSS in APP_STYLE
    assert CHART_TOOLBAR_CSS in TEMPLATE.read_text(encoding="utf-8")


def test_the_diary_charts_cannot_be_shared():
    from crampkit.widgets.diary import _figure_output

    for fig in diary_plots.all_charts(core.demo_frame(), None):
        _no_way_out(_figure_output(fig)["data"]["application/vnd.plotly.v1+json"]["config"])


def test_an_exported_chart_cannot_be_shared(monkeypatch):
    """``make html`` hands charts to plotly's renderers, which embed plotly.js in the page."""
    import plotly.io as pio

    monkeypatch.setenv("PLOTLY_RENDERER", "plotly_mimetype+notebook")
    before = pio.renderers.default
    try:
        pio.renderers.default = "plotly_mimetype+notebook"
        bundle = chart(go.Figure(go.Bar(x=[1], y=[2])))._repr_mimebundle_()
    finally:
        pio.renderers.default = before
    _no_way_out(bundle["application/vnd.plotly.v1+json"]["config"], exported=True)
    html = bundle["text/html"]
    call = html[html.rindex("Plotly.newPlot("):]
    config = json.loads(call[call.index("{\"displaylogo\""):call.index("}", call.index("modeBarButtonsToRemove")) + 1])
    _no_way_out(config, exported=True)


def test_each_call_gets_its_own_config():
    """A widget that changes its chart's settings cannot change every other chart's."""
    first = plotly_bundle(go.Figure())["application/vnd.plotly.v1+json"]["config"]
    first["modeBarButtonsToRemove"].clear()
    _no_way_out(plotly_bundle(go.Figure())["application/vnd.plotly.v1+json"]["config"])


def test_the_first_look_pictures_link_nowhere():
    """The apps' first look draws charts as plain SVG: no toolbar, no link, nothing fetched."""
    from crampkit.report.chart import weekly_bar_svg

    svgs = [assessment_plots.causes_svg(assess(Profile(age=67, episodes_per_week=4))),
            weekly_bar_svg(core.weekly_counts(core.demo_frame()))]
    for svg in svgs:
        assert svg.startswith("<svg")
        without_namespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"href|url\(|https?:|<a[\s>]|<script|<image|<foreignObject", without_namespace), svg[:300]


# Ways to put a figure on screen that would skip CHART_CONFIG.
BYPASSES = re.compile(r"FigureWidget|\.show\(|pio\.show|iplot\(|offline\.plot|write_html|\.to_html\(|"
                      r"application/vnd\.plotly\.v1\+json|display\(fig")


def test_figures_reach_the_screen_only_through_crampkits_config():
    """The one place is plotly_bundle (and Chart for exports): no code or notebook shows a
    figure some other way, which would bring back plotly's default toolbar."""
    found = []
    for path in sorted((REPO / "crampkit").rglob("*.py")):
        if path.name == "style.py" and path.parent.name == "plots":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BYPASSES.search(line) and "shown.to_html" not in line:  # the survey's pandas table
                found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    for path in sorted((REPO / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            found += [f"{path.relative_to(REPO)}: {line.strip()}" for line in source.splitlines() if BYPASSES.search(line)]
    assert not found, "figures shown without crampkit's chart settings:\n" + "\n".join(found)
