"""Small building blocks shared by crampkit's widgets: messages, safe handlers, figures, HTML.

Widgets stay thin: they read inputs, call the core and plots, and show results. Handlers
never let an exception vanish: a friendly message appears in the view and the details go
to the log.

HTML is escaped by default: a widget builds it with :func:`html_of` (a template written in
the code, the values put in escaped) and :func:`html_join` (both from :mod:`crampkit.markup`),
so typed text can never become a tag. Only :class:`Html` (markupsafe's ``Markup``) goes in
as it is:

>>> html_of("<li>{}</li>", "<script>alert(1)</script> & 'you'")
Html('<li>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;you&#x27;</li>')
>>> html_of("<ul>{items}</ul>", items=html_join(html_of("<li>{}</li>", t) for t in ("a<b", "c")))
Html('<ul><li>a&lt;b</li><li>c</li></ul>')
"""
from __future__ import annotations

import functools
import logging

import ipywidgets as widgets
from markupsafe import Markup

from crampkit import store
from crampkit.assessment.profile import Profile, ProfileError
from crampkit.content import widget_text
from crampkit.markup import Html, crampkit_html, html_join, html_of  # noqa: F401 - the widgets' HTML tools
from crampkit.palette import FOCUS, MESSAGE_BOXES
from crampkit.plots.style import CHART_TOOLBAR_CSS, plotly_bundle

log = logging.getLogger("crampkit.widgets")

# Message boxes: dark text on a pale panel with a strong line on the left (crampkit.palette).
STYLES = {kind: f"color:{c['text']};background:{c['background']};border-left:4px solid {c['border']}"
          for kind, c in MESSAGE_BOXES.items()}


# plotly.js forgets a chart's height when the window is resized (Plots.resize drops the
# layout's height and sizes the chart to its container, which is as tall as its content:
# zero). Letting the chart's first layer take up room keeps its height; its width still
# follows the window. Shown with every widget chart and in crampkit's Voila page template.
CHART_HEIGHT_CSS = (".js-plotly-plot .plot-container > .svg-container > svg.main-svg:first-of-type "
                    "{ position: relative !important; display: block; }")


# The apps' own look, carried by the apps themselves so JupyterLab shows them as Voila does
# (crampkit's Voila page template holds the same rule for every notebook): keyboard users
# always see where they are, a thick outline on whatever has the focus.
APP_STYLE = """<style>
.crampkit-app :focus-visible, .crampkit-app a:focus-visible {
  outline: 3px solid """ + FOCUS + """ !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 3px """ + FOCUS + """ !important; }
""" + CHART_HEIGHT_CSS + "\n" + CHART_TOOLBAR_CSS + """
</style>"""


def app_style() -> widgets.HTML:
    """An invisible widget holding :data:`APP_STYLE`, to put first in an app."""
    style = widgets.HTML(APP_STYLE, layout=widgets.Layout(height="0px", margin="0"))
    style.add_class("crampkit-app-style")
    return style


def message_box(text, kind: str = "info") -> Html:
    """A coloured message box as :class:`Html` (``text`` escaped unless it is ``Html``;
    high-contrast words, and colour is never the only cue)."""
    return html_of('<div role="status" style="padding:6px 10px;margin:4px 0;{style}">{body}</div>',
                   style=STYLES[kind], body=text)


def box_html(text: str, kind: str = "info", escape: bool = True) -> str:
    """HTML for a coloured message box (high-contrast text; colour is never the only cue).

    ``text`` is escaped unless it is :class:`Html`; crampkit's widgets pass ``Html`` for a
    box holding markup (:func:`message_box`) and never ``escape=False``, which is kept for
    callers outside them (``tests/widgets/test_escaping.py`` fails on a widget module passing it).

    >>> box_html("<b>", "ok")[-17:]
    '">&lt;b&gt;</div>'
    """
    body = text if escape or isinstance(text, Markup) else Html(text)  # the old switch, see above
    return str(message_box(body, kind))


def message(text: str = "", kind: str = "info") -> widgets.HTML:
    """A message widget (empty until there is something to say)."""
    return widgets.HTML(box_html(text, kind) if text else "")


def say(target: widgets.HTML, text: str, kind: str = "info") -> None:
    """Show ``text`` in the message widget ``target`` (empty text clears it)."""
    target.value = box_html(text, kind) if text else ""


def safe(target: widgets.HTML):
    """Decorate a handler so an unexpected error shows a friendly message in ``target``.

    ValueErrors from the core carry messages written for people and are shown as they are.
    Anything else is a bug: the person sees a short apology and the log gets the traceback.
    """
    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except ValueError as problem:
                say(target, str(problem), "error")
            except Exception:  # noqa: BLE001 - shown to the person, logged in full
                log.exception("crampkit widget handler failed")
                say(target, widget_text("common_went_wrong"), "error")
            return None
        return wrapper
    return decorate


def checked_profile(profile):
    """``profile`` when it is ``None`` (use the saved one) or a crampkit.Profile; anything
    else raises :class:`crampkit.ProfileError` naming it, instead of failing later."""
    if profile is not None and not isinstance(profile, Profile):
        shown = repr(profile) if len(repr(profile)) <= 40 else repr(profile)[:37] + "..."
        raise ProfileError("profile", widget_text("common_not_a_profile", shown=shown))
    return profile


def given_or_saved(profile):
    """``(profile, "given")`` for a crampkit.Profile, else the saved details or the demo person
    with a word on which (``crampkit.store.current_profile()``); anything else is a
    :class:`crampkit.ProfileError` naming ``profile``."""
    if checked_profile(profile) is not None:
        return profile, "given"
    return store.current_profile()


def show_figure(out: widgets.Output, fig, summary: str = "") -> None:
    """Show ``fig`` in ``out`` with its one-sentence summary below (for screen readers).

    The figure goes in as plotly's own mimetype, which JupyterLab, Notebook 7 and Voila draw,
    written straight into the widget's outputs: this works the same in a kernel, in Voila and
    in tests (which can read ``out.outputs``), and it avoids the embedded-plotly.js HTML of
    the "notebook" renderer, which stalls Voila when shown inside an Output widget.
    """
    outputs = [{"output_type": "display_data", "metadata": {}, "data": plotly_bundle(fig)}]
    # keeps the chart's height when resized; its toolbar out of the Tab order (plots.style)
    style = html_of("<style>{} {}</style>", crampkit_html(CHART_HEIGHT_CSS), crampkit_html(CHART_TOOLBAR_CSS))
    if summary:
        outputs.append({"output_type": "display_data", "metadata": {},
                        "data": {"text/html": str(html_of('{}<p class="crampkit-summary">{}</p>', style, summary)),
                                 "text/plain": summary}})
    else:
        outputs.append({"output_type": "display_data", "metadata": {},
                        "data": {"text/html": str(style), "text/plain": ""}})
    out.outputs = tuple(outputs)


class Component:
    """Base for crampkit's widget components: a model (attributes) and ``view`` (a widget).

    Displaying a component displays its view, so a notebook cell can end with it; the
    view's ``children`` and ``add_class`` are reachable on the component too, so a page
    can rearrange or style a component as it would a box.
    """

    view: widgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)

    @property
    def children(self) -> tuple:
        return self.view.children

    @children.setter
    def children(self, value) -> None:
        self.view.children = value

    def add_class(self, name: str):
        self.view.add_class(name)
        return self
