"""The plan, the diary and the class survey as apps: only what the app needs, most important first.

An app page (``notebooks/apps/*.ipynb``, opened with ``make app`` or Voila) shows one widget:

* plan: the warning banner and signs, then the answer (plan steps and the chart of possible
  causes), then the answers to change, then the details (why, medicines, sources) and
  the report download;
* diary: the warning signs found in the diary, then the form to log a cramp, then the
  patterns and charts, then the episodes, downloads and changes;
* class survey: the student's anonymous form.

The same widgets as in the lessons, arranged for an app; they look the same in JupyterLab
and in Voila. No lesson prose and no quiz.

Opening fast (``show_app``): before the live widgets, the app's first output is a "first
look", plain HTML made from the very same answer (the warnings, the answer and the chart as
an inline SVG). Voila puts it into the page itself, so a person sees it before any
JavaScript has run; a style rule in it hides it, and shows the live app in its place, as
soon as the live app has drawn its chart, so there is never a second copy on screen.
Voila keeps one kernel per app warm (voila.json): ``warm_up()`` loads what the app needs
before anyone asks, and ``wait_for_visitor()`` holds the kernel there until a person opens
the page, so saved details are read then and never stale.
"""
from __future__ import annotations

import contextlib
import os
from html import escape
from pathlib import Path

import ipywidgets as widgets
from markupsafe import Markup

from crampkit import classroom
from crampkit.presentation import APP_DETAILS, APP_SECTIONS, view_text
from crampkit.widgets.common import app_style
from crampkit.widgets.plan import LIVE_CHART_IDS, PlanApp

FIRST_LOOK = "crampkit-first-look"
# While the first look is on the page, the live app is laid out (so its chart gets the right
# width) but invisible and out of the keyboard's way; once the live app's chart is drawn the
# first look goes and the live app shows. Plain CSS (:has), so this works in Voila and in
# JupyterLab alike, with no script.
# The first look is for the first paint only: once a person has changed an answer
# (``crampkit-changed``), or while an answer needs fixing (``crampkit-plan-waiting``), it is
# gone for good and the live app shows, with its notes beside the fields; it never comes
# back in place of the person's own answer while a chart is being redrawn.
# The live app's chart: an inline SVG in the apps (``svg_charts``), plotly's in a lesson.
LIVE_CHART = ".crampkit-app :is(.js-plotly-plot, .crampkit-causes-chart svg, .crampkit-diary-chart svg)"
FIRST_LOOK_STYLE = f"""<style>
body:has(.{FIRST_LOOK}) .jp-OutputArea-output:has(.crampkit-app) {{ position: relative; }}
body:has(.{FIRST_LOOK}):not(:has({LIVE_CHART})):not(:has(.crampkit-changed))\
:not(:has(.crampkit-plan-waiting)) .crampkit-app {{
  visibility: hidden; position: absolute; top: 0; left: 0; right: 0; }}
body:has({LIVE_CHART}) .{FIRST_LOOK}, body:has(.crampkit-app.crampkit-changed) .{FIRST_LOOK},
body:has(.crampkit-app.crampkit-plan-waiting) .{FIRST_LOOK} {{ display: none; }}
</style>"""
FIRST_LOOK_NOTE = str(Markup("<p style='margin:4px 0;font-size:90%;color:#404040'><i>{}</i></p>").format(
    view_text("app_getting_ready")))



def _details(sections: list[tuple[str | None, widgets.Widget]]) -> widgets.VBox:
    """The details, each under its heading, after the answer. (Not an ipywidgets Accordion:
    its titles cannot be reached with the keyboard and fail axe's contrast check.)"""
    children = [widgets.HTML(str(Markup("<h3>{}</h3>").format(view_text("app_details_heading"))))]
    for title, widget in sections:  # no title: the section's HTML has its own heading
        children += ([widgets.HTML(str(Markup("<h4>{}</h4>").format(title)))] if title else []) + [widget]
    box = widgets.VBox(children)
    box.add_class("crampkit-app-details")
    return box


_OPEN = widgets.Widget.open  # ipywidgets' own: sends a widget to the browser


@contextlib.contextmanager
def _sent_later():
    """Widgets made inside are not sent to the browser yet (no comm, no messages): each is
    sent when :func:`send_tree` reaches it, with its state as it is then."""
    widgets.Widget.open = lambda self: None
    try:
        yield
    finally:
        widgets.Widget.open = _OPEN


def _referred(widget) -> list:
    """The widgets ``widget``'s state names (its layout, style, children, ...)."""
    found = []
    for name in widget.keys:
        value = getattr(widget, name, None)
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, widgets.Widget):
                found.append(item)
    return found


class _SharedLook(widgets.Layout):
    """A layout several text and tick-box widgets of a page share (one model, not one each);
    it cannot be changed, since the change would reach every one of them."""

    _looks = frozenset(widgets.Layout.class_trait_names(sync=True))

    def __setattr__(self, name, value):
        if self.__dict__.get("_shared") and name in self._looks:
            raise AttributeError(f"this layout is shared by several widgets; give the widget its own "
                                 f"widgets.Layout() to change {name}")
        super().__setattr__(name, value)


# Widgets whose layout and style crampkit never changes once made: they may share them.
_SHAREABLE = (widgets.HTML, widgets.Checkbox)


def _share_looks(item, shared: dict) -> None:
    """Give an unsent text or tick box the page's shared layout and style equal to its own."""
    if not isinstance(item, _SHAREABLE) or item.comm is not None:
        return
    for name in ("layout", "style"):
        look = getattr(item, name)
        if look.comm is not None:
            continue
        state = look.get_state()
        key = (name, type(look).__name__, repr(sorted(state.items())))
        if key not in shared:
            twin = _SharedLook(**{k: v for k, v in state.items() if not k.startswith("_")}) \
                if name == "layout" else type(look)(**{k: v for k, v in state.items() if not k.startswith("_")})
            twin._shared = True
            shared[key] = twin
        setattr(item, name, shared[key])


def send_tree(widget, *, keep: frozenset = frozenset(), shared: dict | None = None) -> None:
    """Send ``widget`` to the browser after every widget it names (a box after its
    children), except the widgets in ``keep`` and what only they hold. Text and tick boxes
    with the same layout and style share one of each (``shared``: the page's)."""
    seen: set[int] = set()
    shared = {} if shared is None else shared
    stack = [(widget, False)]
    with _sent_later():  # a layout or style made now (a default) is sent only if used
        while stack:
            item, ready = stack.pop()
            if ready:
                if item.comm is None:
                    _OPEN(item)
                continue
            if id(item) in seen or id(item) in keep:
                continue
            seen.add(id(item))
            _share_looks(item, shared)
            stack.append((item, True))
            stack.extend((child, False) for child in reversed(_referred(item)))


def draw_when_opened(sections) -> None:
    """Have the browser get and draw a folded section of ``sections`` (an Accordion, or
    the form's keyboard sections) only when it is first opened: until then it holds an
    empty box. Its answers are all there in the kernel (the form reads them as before); the
    page has far fewer widgets to load and draw when it opens. Once opened, a section keeps
    its boxes."""
    if getattr(sections, "bodies", None):
        _draw_sections_when_opened(sections)
        return
    if not isinstance(sections, widgets.Accordion) or not sections.children:
        return
    folded = widgets.Box()  # what every folded section holds until opened
    real = tuple(sections.children)
    shown = sections.selected_index

    def fill(change=None) -> None:
        index = sections.selected_index
        if index is not None and sections.children[index] is not real[index]:
            send_tree(real[index])
            children = list(sections.children)
            children[index] = real[index]
            sections.children = tuple(children)

    sections.children = tuple(child if i == shown else folded for i, child in enumerate(real))
    sections.observe(fill, names="selected_index")


def _draw_sections_when_opened(sections) -> None:
    """:func:`draw_when_opened` for sections under header buttons (``fields.accordion``:
    children are header, body, header, body, ...): a closed body waits outside the page, in
    its place an empty box that receives it when its header opens it (so nothing after it on
    the page is drawn again, and the keyboard's place is kept)."""
    bodies = list(sections.bodies)
    places = {}
    children = list(sections.children)
    for index in range(len(bodies)):
        if not sections.is_open(index):
            places[index] = children[2 * index + 1] = widgets.Box()
    sections.children = tuple(children)
    open_section = sections.set_open

    def set_open(index: int, is_open: bool) -> None:
        open_section(index, is_open)
        place = places.pop(index, None) if is_open else None
        if place is not None:
            send_tree(bodies[index])
            place.children = (bodies[index],)

    sections.set_open = set_open


ANSWERS_ID = "crampkit-your-answers"
# The first stop of the Tab key: hidden until it has the focus, then shown at the top.
SKIP_LINK = str(Markup(
    "<style>.crampkit-skip-link {position:absolute; left:-10000px; top:auto; width:1px; height:1px;"
    " overflow:hidden} .crampkit-skip-link:focus {position:static; width:auto; height:auto;"
    " display:inline-block; padding:6px 12px; background:#ffffff; color:#0b3d5c; font-weight:bold;"
    " border:2px solid #0b5fa5}</style>")
    + Markup('<a class="crampkit-skip-link" href="#{}">{}</a>').format(ANSWERS_ID, view_text("app_skip_link")))


def skip_link() -> widgets.HTML:
    """A "Skip to the form" link, the page's first Tab stop, to the answers' heading."""
    link = widgets.HTML(SKIP_LINK, layout=widgets.Layout(margin="0"))
    link.add_class("crampkit-skip")
    return link


def plan_page(profile=None) -> PlanApp:
    """The plan app laid out as a page: warnings, then the answer, then answers and details.

    Made to open fast: the chart is an inline SVG (no plotly.js to start), and a folded
    section's boxes are drawn when the person first opens it (:func:`draw_when_opened`)."""
    with _sent_later():  # nothing goes to the browser before the page is laid out
        app = PlanApp(profile, svg_charts=True)
        draw_when_opened(app.form.sections)
        answers = widgets.VBox([widgets.HTML(str(Markup('<h3 id="{}" tabindex="-1">{}</h3>').format(
            ANSWERS_ID, view_text("app_answers_heading")))), app.form.view, app.submit, app.message])
        answers.add_class("crampkit-app-answers")
        # The page's order is the presentation's (crampkit.presentation.APP_SECTIONS); the
        # details' own HTML has its heading ("Why these causes"), the sources get one here.
        titles = {"sources": view_text("app_sources_heading")}
        views = {**app.section_views, "answers": answers,
                 "details": _details([(titles.get(name), app.section_views[name]) for name in APP_DETAILS])}
        app.view = widgets.VBox([app_style(), skip_link()] + [views[name] for name in APP_SECTIONS])
        app.view.add_class("crampkit-plan")
        app.view.add_class("crampkit-app")
        app._mark(waiting=app.assessment is None)
    send_tree(app.view)  # folded sections wait until opened
    return app


def diary_page(diary=None, profile=None):
    """The diary app laid out as a page: warning signs first, then the log form and charts."""
    from crampkit.widgets.diary import DiaryApp

    with _sent_later():  # one message per widget, with its state as the page shows it
        app = DiaryApp(diary, profile, svg_charts=True)  # charts as inline SVGs: no plotly.js
        children = list(app.children)
        flags_at = children.index(app.flags)
        warnings = children[flags_at - 1:flags_at + 1]  # the heading and the signs
        rest = [child for child in children if not any(child is w for w in warnings)]
        app.children = tuple([app_style()] + warnings + rest)
        # Rows of tick boxes wrap on a narrow screen instead of running off its right edge.
        for row in _boxes(app):
            if isinstance(row, widgets.HBox) and any(isinstance(c, widgets.Checkbox) for c in row.children):
                row.layout.flex_flow = "row wrap"
        # "Make my report and CSV" as wide as its words, like every other button (not the page).
        app.prepare_button.layout.align_self = "flex-start"
        app.duration.add_class("crampkit-diary-duration")
        app.add_class("crampkit-app")
    send_tree(app.view)
    return app


def _boxes(box):
    """Every Box inside ``box``, depth first."""
    for child in getattr(box, "children", ()):
        if isinstance(child, widgets.Box):
            yield child
            yield from _boxes(child)


def _first_look(*parts: str) -> str:
    # The first look is a picture of the answer, not a second live copy: no "alert" role,
    # and the banner's class names stay the live app's own.
    body = "".join(parts).replace('role="alert" aria-live="polite" ', "")
    body = body.replace('class="crampkit-banner-', 'class="crampkit-first-banner-')
    # JupyterLab's own font, also before its styles have loaded (no serif flash).
    font = ("font-family:var(--jp-content-font-family,system-ui,-apple-system,'Segoe UI',"
            "Helvetica,Arial,sans-serif);font-size:var(--jp-content-font-size1,14px)")
    return (f'<div class="{FIRST_LOOK}" style="{font}">{FIRST_LOOK_STYLE}{FIRST_LOOK_NOTE}'
            f"{body}</div>")


FIRST_LOOK_CHART_IDS = "crampkit-causes-svg"  # the first look's copy of the chart


def _first_look_chart(app: PlanApp) -> str:
    """The chart of possible causes as the first look shows it: the very SVG the app drew
    (its ids renamed, so the two copies on one page never share an id); drawn here only for
    an app that shows plotly's chart (in a lesson)."""
    if app.svg_charts and app.chart.value:
        return app.chart.value.replace(f'"{LIVE_CHART_IDS}-', f'"{FIRST_LOOK_CHART_IDS}-') \
            .replace(f" {LIVE_CHART_IDS}-", f" {FIRST_LOOK_CHART_IDS}-")
    from crampkit.plots.assessment import causes_svg

    return causes_svg(app.assessment, id_prefix=FIRST_LOOK_CHART_IDS)


def plan_first_look(app: PlanApp) -> str:
    """The plan's first look, from ``app``'s own assessment: the banner and warning signs,
    the plan steps, then the chart of possible causes as an inline SVG with its summary.
    Empty while an answer needs fixing (the live app shows the notes)."""
    if app.assessment is None:
        return ""
    return _first_look(app.banner.value, app.flags_view.value, app.plan_view.value,
                       f'<div class="{FIRST_LOOK}-chart">{_first_look_chart(app)}</div>',
                       app.chart_summary.value)


def diary_first_look(app) -> str:
    """The diary's first look, from ``app``'s own diary: the warning signs found in it (and
    the demo note while it holds no cramp of the person's), then the cramps per week as an
    inline SVG (the report's chart) and the patterns."""
    from crampkit.diary import weekly_counts
    from crampkit.report import weekly_bar_svg

    if app.frame is None or not len(app.frame):
        return ""
    return _first_look(f"<h3>{escape(view_text('app_diary_signs_heading'))}</h3>", app.flags.value,
                       app.demo_note.value, f'<div class="{FIRST_LOOK}-chart">'
                       f"{weekly_bar_svg(weekly_counts(app.frame))}</div>",
                       f"<h3>{escape(view_text('app_diary_patterns_heading'))}</h3>", app.summary.value)


def show_app(app) -> None:
    """Display ``app``'s first look (plain HTML), then the live app (plan or diary page)."""
    from IPython.display import HTML, display

    look = plan_first_look(app) if isinstance(app, PlanApp) else diary_first_look(app)
    if look:
        display(HTML(look))
    display(app)


def warm_up() -> None:
    """Load what the apps need (modules, data tables, plotly) before anyone opens one: run
    in a kernel Voila keeps warm. Makes no widget, reads no saved details."""
    from crampkit import Profile, assess
    from crampkit import diary as core
    from crampkit.plots import diary as diary_charts
    from crampkit.plots.assessment import causes_chart, causes_svg

    a = assess(Profile(age=40))
    causes_chart(a).to_plotly_json()
    causes_svg(a)
    frame = core.demo_frame()
    for fig in diary_charts.all_charts(frame, core.summary(frame)):
        fig.to_plotly_json()
    import crampkit.widgets.diary  # noqa: F401
    import crampkit.widgets.plan  # noqa: F401


def wait_for_visitor() -> None:
    """In a kernel Voila started ahead of time, wait here until a person opens the page (so
    their saved details are read now, not when the kernel started); elsewhere do nothing."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request

        wait_for_request()


def class_folder() -> Path:
    """Where the class survey app saves answers: ``CRAMPKIT_CLASS_FOLDER`` if set, else a
    ``class_survey`` folder in crampkit's data folder on this computer (the one setting is
    read by :func:`crampkit.classroom.class_folder`)."""
    return classroom.class_folder()


def survey_page(folder=None):
    """The student's anonymous class survey as an app (answers go to ``class_folder()``)."""
    from crampkit.widgets.survey import survey_form

    form = survey_form(folder if folder is not None else class_folder())
    form.children = (app_style(), *form.children)
    form.add_class("crampkit-app")
    return form
