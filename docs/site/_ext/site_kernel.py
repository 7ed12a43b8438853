"""Run inside each notebook's kernel while the book site is built (never at run time).

Loaded by the IPython start-up file that ``conf.py`` writes into a temporary IPYTHONDIR, so
the notebooks themselves are unchanged. It does two things:

* charts: a plotly renderer, ``crampkit_site``, that writes a chart as a ``<div>`` and its
  figure as JSON; the site's ``crampkit-charts.js`` draws it with the one local copy of
  plotly.js in ``_static/`` (no CDN, plotly.js not embedded again in each page);
* widgets: every displayed widget also gets ``text/html``, a static picture of what it shows
  (text, tables, charts, the current choices), with a "run this on Binder" link. The site
  drops the widget mimetype, so no widget JavaScript is needed (or fetched).

The link's notebook name is a placeholder that ``conf.py`` fills in per page.
"""
from __future__ import annotations

import html
import json
import os
import uuid

NOTEBOOK_PLACEHOLDER = "CRAMPKIT-SITE-NOTEBOOK"
BINDER = ("https://mybinder.org/v2/gh/crampkit/crampkit/main?urlpath=lab/tree/"
          + NOTEBOOK_PLACEHOLDER)
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_html(figure: dict) -> str:
    """A chart's placeholder ``<div>`` and its figure as JSON (``<`` escaped for ``<script>``)."""
    text = json.dumps(figure, separators=(",", ":")).replace("<", "\\u003c")
    return (f'<div class="crampkit-site-chart" id="chart-{uuid.uuid4().hex[:12]}" role="img" '
            f'aria-label="A chart (its summary is in the text next to it)"></div>'
            f'<script type="application/json" class="crampkit-site-figure">{text}</script>')


def _bundle_html(data: dict) -> str:
    if PLOTLY_MIME in data:
        return figure_html(data[PLOTLY_MIME])
    if "text/html" in data:
        return data["text/html"]
    if "text/markdown" in data:
        return f'<pre class="crampkit-site-text">{html.escape(data["text/markdown"])}</pre>'
    if "image/svg+xml" in data:
        return data["image/svg+xml"]
    if "image/png" in data:
        return f'<img alt="" src="data:image/png;base64,{data["image/png"]}">'
    if "application/vnd.jupyter.widget-view+json" in data:  # a widget inside an Output widget
        from ipywidgets.widgets.widget import _instances
        inner = _instances.get(data["application/vnd.jupyter.widget-view+json"].get("model_id"))
        return widget_html(inner) if inner is not None else ""
    if "text/plain" in data:
        return f'<pre class="crampkit-site-text">{html.escape(data["text/plain"])}</pre>'
    return ""


def _output_html(outputs) -> str:
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            parts.append(f'<pre class="crampkit-site-text">{html.escape(output.get("text", ""))}</pre>')
        elif kind in ("display_data", "execute_result"):
            parts.append(_bundle_html(output.get("data", {})))
    return "".join(parts)


def _label(widget) -> str:
    text = getattr(widget, "description", "") or ""
    return f'<span class="crampkit-site-label">{html.escape(text)}</span> ' if text else ""


def _value_text(widget) -> str:
    """What a control shows as typed or set, as plain text."""
    value = getattr(widget, "value", None)
    if isinstance(value, bool):
        return "ticked" if value else "not ticked"
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)) or "(none)"
    return "" if value is None else str(value)


def _control_html(widget) -> str:
    import ipywidgets as w

    if isinstance(widget, w.Button):
        return f'<button class="crampkit-site-button" disabled>{html.escape(widget.description)}</button>'
    if isinstance(widget, w.Checkbox) or isinstance(widget, w.ToggleButton):
        mark = "☑" if widget.value else "☐"
        return f'<div class="crampkit-site-control">{mark} {html.escape(widget.description)}</div>'
    if isinstance(widget, w.SelectMultiple):
        chosen = ", ".join(map(str, widget.label)) or "(none chosen)"
        return f'<div class="crampkit-site-control">{_label(widget)}<b>{html.escape(chosen)}</b></div>'
    if hasattr(widget, "options") and hasattr(widget, "label"):
        options = [str(o[0] if isinstance(o, tuple) else o) for o in getattr(widget, "_options_labels", ())]
        items = "".join(f'<li{" class=chosen" if o == widget.label else ""}>'
                        f'{"◉" if o == widget.label else "○"} {html.escape(o)}</li>' for o in options)
        if isinstance(widget, (w.RadioButtons, w.ToggleButtons)) and options:
            return (f'<div class="crampkit-site-control">{_label(widget)}'
                    f'<ul class="crampkit-site-options">{items}</ul></div>')
        chosen = "" if widget.label is None else str(widget.label)
        return (f'<div class="crampkit-site-control">{_label(widget)}'
                f'<span class="crampkit-site-value">{html.escape(chosen) or "(none chosen)"}</span></div>')
    value = _value_text(widget)
    return (f'<div class="crampkit-site-control">{_label(widget)}'
            f'<span class="crampkit-site-value">{html.escape(value) or "&nbsp;"}</span></div>')


def widget_html(widget) -> str:
    """Static HTML of ``widget`` and everything inside it, as it is now."""
    import ipywidgets as w

    layout = getattr(widget, "layout", None)
    if layout is not None and (layout.display == "none" or layout.visibility == "hidden"):
        return ""
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        return widget.value or ""
    if isinstance(widget, w.Label):
        return f"<p>{html.escape(widget.value)}</p>"
    if isinstance(widget, w.Output):
        return _output_html(widget.outputs)
    if isinstance(widget, w.Image):
        import base64
        kind = html.escape(widget.format or "png")
        return f'<img alt="" src="data:image/{kind};base64,{base64.b64encode(widget.value).decode()}">'
    if isinstance(widget, (w.Tab, w.Accordion)):
        titles = list(getattr(widget, "titles", ()) or ())
        return "".join(f"<h4>{html.escape(titles[i] if i < len(titles) and titles[i] else '')}</h4>"
                       f"{widget_html(child)}" for i, child in enumerate(widget.children))
    if isinstance(widget, w.Box):
        inner = "".join(widget_html(child) for child in widget.children)
        flow = "row" if isinstance(widget, w.HBox) else "column"
        return f'<div class="crampkit-site-box crampkit-site-{flow}">{inner}</div>'
    if isinstance(widget, w.DOMWidget):
        return _control_html(widget)
    return ""


def interactive(widget) -> bool:
    """Whether ``widget`` holds anything a person can change or press (not only text)."""
    import ipywidgets as w

    if isinstance(widget, (w.HTML, w.HTMLMath, w.Label, w.Output, w.Image)):
        return False
    if isinstance(widget, w.Box):
        return any(interactive(child) for child in widget.children)
    return isinstance(widget, w.DOMWidget)


def snapshot(widget) -> str:
    """The static picture of a top-level widget, with its note and Binder link (text alone,
    such as a reference list, is shown as it is)."""
    if not interactive(widget):
        return f'<div class="crampkit-site-text-widget">{widget_html(widget)}</div>'
    return ('<div class="crampkit-site-widget">'
            '<p class="crampkit-site-note">A picture of the interactive tool with example '
            'details (nothing here is yours, and it does not react to clicks). '
            f'<a class="crampkit-site-binder" href="{BINDER}">Run this on Binder</a> to use it.</p>'
            f'{widget_html(widget)}</div>')


def install() -> None:
    """Register the site's plotly renderer and the widgets' static HTML in this kernel."""
    import ipywidgets
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer

    class SiteRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(fig_dict)}

    pio.renderers["crampkit_site"] = SiteRenderer()
    # crampkit's Chart and use_offline_renderers hand charts to the renderer this names.
    os.environ["PLOTLY_RENDERER"] = "crampkit_site"

    original = ipywidgets.Widget._repr_mimebundle_

    def with_static_html(self, **kwargs):
        bundle = original(self, **kwargs)
        if bundle is not None:
            bundle = dict(bundle)
            bundle["text/html"] = snapshot(self)
        return bundle

    ipywidgets.Widget._repr_mimebundle_ = with_static_html
