"""The plan app (notebook 08 and the Voila app): the whole profile in, a personal plan out.

Order on screen, below the form (its sections fold away) and the "Show my plan" button: the
urgency banner first, then the warning signs, a download of the personal report (made on
this computer, no network), the plan steps with their sources, the chart of possible causes
(in words: how much your answers point to each) with their reasons and evidence, the medicines and
conditions recognised (or not), and the numbered sources. The plan also updates whenever an
answer changes. Sources are cited by short name ("NHS"), linking to the numbered list.

What the page says, in what order and colour, is worked out once by
:func:`crampkit.presentation.present` (words from ``data/view_texts.csv``); this module only
lays it out as HTML, escaped by ``markupsafe``.
"""
from __future__ import annotations

import base64

import ipywidgets as widgets

from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.profile import Profile
from crampkit.markup import Html, crampkit_html, html_fill
from crampkit.pictures import STRETCH_PICTURES, step_picture_ids
from crampkit.plots.assessment import causes_chart, causes_svg
from crampkit.plots.style import summary_of
from crampkit.presentation import (
    PALETTE,
    SECTIONS,
    Presentation,
    how_to_read,
    plan_reference_ids,
    present,
    view_text,
)
from crampkit.report import build_context, render_html, render_markdown
from crampkit.widgets.banners import banner_html, flags_html, understanding_html
from crampkit.widgets.citations import cite, references_html
from crampkit.widgets.common import (
    Component,
    box_html,
    checked_profile,
    log,
    message,
    message_box,
    safe,
    say,
    show_figure,
)
from crampkit.widgets.pictures import picture_html
from crampkit.widgets.profile_form import ProfileForm
from crampkit.wording import (
    point_words,  # noqa: F401  (kept: crampkit.widgets.plan.point_words)
    understanding_text,
)

REPORT_NAME = "crampkit-report"


PLAN_REF_PREFIX = "crampkit-plan-ref-"  # anchors of the plan's own numbered source list


def _refs(ids) -> Html:
    """Short names ("NHS; Allen 2012") linking to the plan's numbered source list."""
    return crampkit_html(cite(ids, prefix=PLAN_REF_PREFIX, brackets=False))


def _shown(assessment, **options) -> Presentation:
    """The presentation of ``assessment`` (made here unless it is one already)."""
    return assessment if isinstance(assessment, Presentation) else present(assessment, **options)


def _with_markup(key: str, **markup: Html) -> Html:
    """The sentence ``key`` of ``data/view_texts.csv``, escaped, with markup the package made
    (such as linked source names) put in for its ``{names}``."""
    return html_fill(view_text(key), **markup)


def reasons_html(assessment: Assessment | Presentation) -> str:
    """Each cause your answers point to, how much in words ("some"), how sure the science
    is, and its reasons; the reasons fold away ("details"), the top cause's open."""
    shown = _shown(assessment)
    parts = [Html("<h4>{}</h4>").format(view_text("causes_heading"))]
    for number, cause in enumerate(shown.causes):
        reasons = Html("").join(Html("<li>{}</li>").format(r) for r in cause.reasons)
        sources = _refs(cause.reference_ids)
        summary = Html("<b>{}</b>: {} {} {}").format(
            cause.title, view_text("cause_may_contribute"), view_text("cause_points", points=cause.points),
            view_text("cause_evidence", evidence=cause.evidence))
        parts.append(Html("<details{} style='margin:4px 0'><summary>{}</summary>"
                            "<p style='margin:2px 0'>{}</p><ul>{}</ul>{}</details>").format(
            Html(" open") if number == 0 else "", summary, cause.summary, reasons,
            Html("<p><small>{}</small></p>").format(_with_markup("sources_label", sources=sources))
            if sources else ""))
    if shown.causes_not_pointed:
        parts.append(Html("<p>{}</p>").format(
            view_text("causes_no_answer_points", items="; ".join(shown.causes_not_pointed))))
    if not shown.causes:
        parts.insert(1, Html("<p>{}</p>").format(view_text("causes_none_point")))
    return str(Html("").join(parts))


def stretch_pictures_html(pictures=STRETCH_PICTURES) -> str:
    """The calf and hamstring stretches (or ``pictures``), drawn, side by side (they wrap on
    a narrow screen)."""
    figures = Html("").join(Html('<div style="flex:1 1 260px;max-width:360px">{}</div>').format(
        crampkit_html(picture_html(p))) for p in pictures)
    return str(Html('<div class="crampkit-plan-pictures" style="display:flex;flex-wrap:wrap;gap:12px">'
                      "{}</div>").format(figures))


def step_pictures_html(step) -> str:
    """The drawings that show a plan step: the stretches, pulling the toes up during a
    cramp, ankle circles for a break from sitting; empty for other steps."""
    pictures = getattr(step, "picture_ids", None)
    if pictures is None:
        pictures = step_picture_ids(step.text, step.reference_ids)
    return stretch_pictures_html(pictures) if pictures else ""


def plan_html(assessment: Assessment | Presentation, demo: bool = False) -> str:
    """The plan steps in order, each with its sources by short name (``demo``: the plan of
    the made-up example, said so above the steps)."""
    shown = _shown(assessment, demo=demo)
    label = message_box(understanding_text("demo_label"), "warning") if shown.demo else Html("")
    if shown.held_back:  # the advice the plan leaves out while something typed was not understood (v3)
        label += Html('<div class="crampkit-plan-held-back">{}</div>').format(
            message_box(shown.held_back, "warning"))
    items = Html("").join(
        Html("<li style='margin-bottom:4px'>{}{}{}</li>").format(
            step.text, Html(" <small>({})</small>").format(_refs(step.reference_ids))
            if _refs(step.reference_ids) else "", crampkit_html(step_pictures_html(step)))
        for step in shown.steps)
    return str(Html("<h4>{}</h4>{}<ol>{}</ol><p style='overflow-wrap:break-word'><small>{}</small></p>").format(
        shown.plan_heading, label, items, shown.disclaimer))


NEXT_STEPS_ID = "crampkit-plan-start"  # "Show my plan" brings the focus here (Voila page)
HOW_TO_READ = how_to_read()  # (term, meaning) pairs from data/view_texts.csv


def how_to_read_html() -> str:
    """A short key to the plan's words: "may contribute", how much the answers point to a
    cause, how sure the science is, and the sources in brackets."""
    items = Html("").join(Html("<li><b>{}</b>: {}</li>").format(term, meaning) for term, meaning in HOW_TO_READ)
    return str(Html('<div class="crampkit-how-to-read"><h4>{}</h4><ul>{}</ul></div>').format(
        view_text("how_to_read_heading"), items))


def next_steps_html(assessment: Assessment | Presentation, report: bool = True) -> str:
    """"Your next steps": what to do first, in order, under any warning (which stays first).
    Under an emergency, only the call: the rest of the page can wait."""
    shown = _shown(assessment, report=report)
    items = Html("").join(Html("<li>{}</li>").format(step) for step in shown.next_steps)
    return str(Html('<div class="crampkit-next-steps" style="padding:6px 12px;margin:6px 0;border:2px solid {};'
                      'background:{};color:{}"><h3 id="{}" tabindex="-1" style="margin:4px 0">'
                      "{}</h3><ol>{}</ol></div>").format(
        PALETTE["blue"], PALETTE["blue_light"], PALETTE["text"], NEXT_STEPS_ID,
        view_text("next_steps_heading"), items))


def medicines_html(assessment: Assessment | Presentation) -> str:
    """Medicines and conditions recognised (with class and evidence) and not recognised."""
    shown = _shown(assessment)
    parts = [Html("<h4>{}</h4>").format(view_text("medicines_heading"))]
    if shown.medicines:
        rows = Html("").join(Html("<li><b>{}</b>: {} ({})</li>").format(
            m.typed, m.read_as, m.link) for m in shown.medicines)
        parts.append(Html("<p>{}</p><ul>{}</ul><p>{}</p>").format(
            view_text("medicines_recognised"), rows, view_text("medicines_never_stop")))
    if shown.unrecognised_medications:
        parts.append(Html("<p>{}</p>").format(
            view_text("medicines_not_recognised", items=", ".join(shown.unrecognised_medications))))
    if not shown.medicines and not shown.unrecognised_medications:
        parts.append(Html("<p>{}</p>").format(view_text("medicines_none")))
    if shown.conditions:
        parts.append(Html("<p>{}</p>").format(view_text("conditions_recognised", items=", ".join(shown.conditions))))
    if shown.unrecognised_conditions:
        parts.append(Html("<p>{}</p>").format(
            view_text("conditions_not_recognised", items=", ".join(shown.unrecognised_conditions))))
    return str(Html("").join(parts))


def reference_ids(assessment: Assessment) -> list[str]:
    """Every source the assessment cites, in the order they first appear."""
    return list(plan_reference_ids(assessment))


def sources_html(shown: Presentation) -> str:
    """The plan's numbered sources, folded away, with how many there are."""
    return str(Html("<details><summary>{}</summary>{}</details>").format(
        view_text("sources_heading", count=len(shown.reference_ids)),
        crampkit_html(references_html(shown.reference_ids, prefix=PLAN_REF_PREFIX))))


def data_uri(text: str, mime: str) -> str:
    """``text`` as a ``data:`` URI, so a download needs no server and no network.

    >>> data_uri("hi", "text/plain")
    'data:text/plain;charset=utf-8;base64,aGk='
    """
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


def download_html(report_html: str, report_markdown: str) -> str:
    """Two download links (HTML and Markdown report) and where the report is made."""
    style = (f"display:inline-block;padding:6px 12px;margin:4px 8px 4px 0;border:2px solid {PALETTE['blue']};"
             f"color:{PALETTE['link_dark']}")
    link = Html('<a download="{}" href="{}" style="{}">{}</a>')
    return str(Html("<p style='margin:6px 0 0'><b>{}</b></p>{}{}<p style='margin:0'><small>{}</small></p>").format(
        view_text("download_heading"),
        link.format(f"{REPORT_NAME}.html", data_uri(report_html, "text/html"), style, view_text("download_html")),
        link.format(f"{REPORT_NAME}.md", data_uri(report_markdown, "text/markdown"), style,
                    view_text("download_markdown")),
        view_text("download_note")))


# The ids inside the live app's chart (the first look's copy of it renames them).
LIVE_CHART_IDS = "crampkit-causes-live"


class PlanApp(Component):
    """The profile form, a "Show my plan" button and the results, warning signs first.

    Model: ``assessment`` (or None while answers need fixing), ``presentation`` (what the
    page says about it, :func:`crampkit.presentation.present`), ``last_figure``,
    ``report_html``, ``report_markdown``, ``problems``. One changed answer assesses once and
    works out the report once (laid out as HTML and as Markdown).
    """

    def __init__(self, profile: Profile | None = None, svg_charts: bool = False):
        profile = checked_profile(profile)
        self.svg_charts = bool(svg_charts)  # the apps: the chart as an inline SVG (no plotly.js)
        self.form = ProfileForm(profile, "given" if profile is not None else None, collapsible=True)
        self.form.inputs["age"].add_class("crampkit-plan-age")
        self.submit = widgets.Button(description=view_text("plan_submit"), button_style="primary", icon="list",
                                     tooltip=view_text("plan_submit_tip"))
        self.submit.add_class("crampkit-plan-submit")
        self.message = message()
        self.banner = widgets.HTML()
        self.banner.add_class("crampkit-urgency-banner")
        self.flags_view = widgets.HTML()
        # What crampkit did not understand (and what the medicines suggest), with the answer:
        # it changes the advice, so it sits right under the warning signs.
        self.understood_view = widgets.HTML()
        self.understood_view.add_class("crampkit-plan-understood")
        self.chart = widgets.HTML() if self.svg_charts else widgets.Output()
        self.chart.add_class("crampkit-causes-chart")
        self.chart_summary = widgets.HTML()
        self.reasons_view = widgets.HTML()
        self.plan_view = widgets.HTML()
        self.next_steps = widgets.HTML()
        self.next_steps.add_class("crampkit-plan-next-steps")
        self.how_to_read = widgets.HTML()
        self.medicines_view = widgets.HTML()
        self.references_view = widgets.HTML()
        self.download = widgets.HTML()
        self.download.add_class("crampkit-report-download")
        # Each section of the presentation and the widget that shows it, in its order.
        self.section_views = {
            "banner": self.banner, "signs": self.flags_view, "understood": self.understood_view,
            "next_steps": self.next_steps, "download": self.download, "plan": self.plan_view,
            "how_to_read": self.how_to_read, "chart": self.chart, "chart_summary": self.chart_summary,
            "reasons": self.reasons_view, "medicines": self.medicines_view, "sources": self.references_view,
        }
        self.results = widgets.VBox([self.section_views[name] for name in SECTIONS])
        self.results.add_class("crampkit-output")
        self.assessment: Assessment | None = None
        self.presentation: Presentation | None = None  # what the page says, worked out once
        self.last_figure = None
        self.report_html = self.report_markdown = ""
        self.problems: dict[str, str] = {}
        handler = safe(self.message)(self._answer_changed)
        self.submit.on_click(safe(self.message)(self.show_button))
        self.form.on_change(handler)
        self.view = widgets.VBox([self.form.view, self.submit, self.message, self.results])
        self.view.add_class("crampkit-plan")
        self.show_plan()

    def show_plan(self, button=None) -> Assessment | None:
        """Check the answers and redraw everything; returns the assessment (None if not valid).

        While an answer needs fixing, the banner and warning signs still show (worked out
        from the other answers); the rest waits until the answer is fixed, and nothing on the
        page ever shows another person's answer in its place. The made-up example is
        labelled on every part it touches, and makes no report.
        """
        profile, self.problems, rough = self.form.check()
        demo = self.form.is_demo
        waiting_for_age = self.form.inputs["age"].value.strip() == "" and "age" in self.problems
        # One assessment per change: the checked answers, when there are any, are also the
        # rough ones the banner reads (assessed again only when they differ).
        a = assess(profile) if profile is not None else None
        if rough is not None:
            self._show_signs(a if a is not None and rough == profile else assess(rough), rough, profile, demo,
                             waiting_for_age)
        self._mark(waiting=profile is None)
        if profile is None:
            self.assessment = None
            if waiting_for_age and len(self.problems) == 1:
                say(self.message, view_text("message_type_age"), "info")
            else:
                say(self.message, view_text("message_fix"), "error")
            for view in (self.reasons_view, self.plan_view, self.medicines_view, self.references_view,
                         self.download, self.chart_summary, self.next_steps, self.how_to_read):
                view.value = ""
            self._draw_chart(None)
            self.last_figure = None
            return None
        say(self.message, "")
        self.assessment = a
        shown = self.presentation = present(a, demo=demo, report=not demo)
        self.last_figure = causes_chart(a)
        summary = summary_of(self.last_figure)
        self._draw_chart(a)
        made_up = Html("<b>{}</b> ").format(view_text("chart_made_up")) if demo else ""
        self.chart_summary.value = str(Html('<p class="crampkit-summary">{}{}</p>').format(made_up, summary))
        self.reasons_view.value = reasons_html(shown)
        self.plan_view.value = plan_html(shown)
        self.how_to_read.value = how_to_read_html()
        self.next_steps.value = next_steps_html(shown)
        self.medicines_view.value = medicines_html(shown)
        self.references_view.value = sources_html(shown)
        if demo:  # a report is a person's own: never one of the made-up example's answers
            self.report_html = self.report_markdown = ""
            self.download.value = box_html(f"{understanding_text('demo_label')}. {view_text('demo_no_report')}",
                                           "warning")
            return a
        try:  # the report's context worked out once, laid out as HTML and as Markdown
            context = build_context(a, profile=profile)
            self.report_html = render_html(context)
            self.report_markdown = render_markdown(context)
        except ValueError as problem:  # a report that cannot be made never hides the plan above
            log.warning("crampkit report could not be made: %s", problem)
            self.report_html = self.report_markdown = ""
            self.download.value = box_html(view_text("report_failed"), "error")
            return a
        self.download.value = download_html(self.report_html, self.report_markdown)
        return a

    def _show_signs(self, rough_assessment: Assessment, rough: Profile, profile: Profile | None, demo: bool,
                    waiting_for_age: bool) -> None:
        """The banner, warning signs and what was understood, from the answers that can be
        read (shown even while another answer needs fixing)."""
        if profile is not None:
            note = view_text("note_demo" if demo else "note_yours", age=rough.age)
        elif waiting_for_age and len(self.problems) == 1:
            note = view_text("note_type_age")
        else:
            note = view_text("note_fix")
        if profile is None and not rough_assessment.red_flags:
            # Not the green all-clear before the answers can be read: nothing is "fine" yet.
            self.banner.value = box_html(view_text("note_tick", note=note.split(";")[0]), "info")
        else:
            self.banner.value = banner_html(rough_assessment.urgency, len(rough_assessment.red_flags),
                                            note, assessment=rough_assessment)
        # With no warning sign the banner says so; a second green box would only repeat it.
        self.flags_view.value = (flags_html(rough_assessment.red_flags, prefix=PLAN_REF_PREFIX)
                                 if rough_assessment.red_flags else "")
        self.understood_view.value = understanding_html(rough_assessment, prefix=PLAN_REF_PREFIX)

    def _draw_chart(self, assessment: Assessment | None) -> None:
        """The chart of possible causes (``last_figure``), with plotly or as an inline SVG
        drawn from the same scores; nothing while the answers need fixing."""
        if self.svg_charts:
            self.chart.value = ("" if assessment is None else
                                causes_svg(assessment, id_prefix=LIVE_CHART_IDS))
        elif assessment is None:
            self.chart.clear_output()
        else:
            show_figure(self.chart, self.last_figure)

    def _answer_changed(self, button=None) -> Assessment | None:
        """A changed answer (or the button): from now on the page shows only the live app."""
        if "crampkit-changed" not in self.view._dom_classes:
            self.view.add_class("crampkit-changed")
        return self.show_plan()

    def show_button(self, button=None) -> Assessment | None:
        """"Show my plan": redraw, then say where the plan is (a status line screen readers
        read out; crampkit's Voila page also moves the focus to "Your next steps")."""
        a = self._answer_changed()
        if a is not None:
            say(self.message, view_text("plan_ready", count=len(a.plan)), "ok")
        return a

    def _mark(self, waiting: bool) -> None:
        """Class names the page's style rules read: ``crampkit-plan-waiting`` while an answer
        needs fixing (the page's first look, another moment's answer, must not stand in for
        it) and ``crampkit-plan-demo`` while the form holds the made-up example."""
        for name, on in (("crampkit-plan-waiting", waiting), ("crampkit-plan-demo", self.form.is_demo)):
            if on and name not in self.view._dom_classes:
                self.view.add_class(name)
            elif not on and name in self.view._dom_classes:
                self.view.remove_class(name)


def plan_app(profile: Profile | None = None) -> PlanApp:
    """The plan app, prefilled from ``profile`` or ``store.current_profile()``."""
    return PlanApp(profile)
