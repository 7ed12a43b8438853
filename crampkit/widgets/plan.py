"""The plan app (notebook 08 and the Voila app): the whole profile in, a personal plan out.

Order on screen, below the form (its sections fold away) and the "Show my plan" button: the
urgency banner first, then the warning signs, a download of the personal report (made on
this computer, no network), the plan steps with their sources, the chart of possible causes
(in words: how much your answers point to each) with their reasons and evidence, the medicines and
conditions recognised (or not), and the numbered sources. The plan also updates whenever an
answer changes. Sources are cited by short name ("NHS"), linking to the numbered list.
"""
from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.causes import categories
from crampkit.assessment.conditions import conditions as known_conditions
from crampkit.assessment.medications import medication_classes
from crampkit.assessment.profile import Profile
from crampkit.pictures import STRETCH_PICTURES, step_picture_ids
from crampkit.plots.assessment import EVIDENCE_WORDS, causes_chart, causes_svg
from crampkit.plots.style import summary_of
from crampkit.presentation import how_to_read
from crampkit.report import render_html, render_markdown
from crampkit.widgets.banners import banner_html, flags_html, understanding_html
from crampkit.widgets.citations import cite, references_html
from crampkit.widgets.common import Component, box_html, checked_profile, log, message, safe, say, show_figure
from crampkit.widgets.pictures import picture_html
from crampkit.widgets.profile_form import ProfileForm
from crampkit.wording import held_back_words, label, point_words, understanding_text

REPORT_NAME = "crampkit-report"


PLAN_REF_PREFIX = "crampkit-plan-ref-"  # anchors of the plan's own numbered source list


def _evidence(level: str) -> str:
    return EVIDENCE_WORDS.get(level, level.replace("_", " "))


def _refs(ids) -> str:
    """Short names ("NHS; Allen 2012") linking to the plan's numbered source list."""
    return cite(ids, prefix=PLAN_REF_PREFIX, brackets=False)


def reasons_html(assessment: Assessment) -> str:
    """Each cause your answers point to, how much in words ("some"), how sure the science
    is, and its reasons; the reasons fold away ("details"), the top cause's open."""
    cats = categories()
    parts = ["<h4>Why these causes</h4>"]
    shown = 0
    for cause in assessment.causes:
        if cause.score <= 0:
            continue
        cat = cats[cause.category]
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in cause.reasons)
        sources = _refs(cause.reference_ids)
        parts.append(
            f"<details{' open' if shown == 0 else ''} style='margin:4px 0'><summary><b>{html.escape(cat.title)}</b>: "
            f"may contribute. Your answers point here: {point_words(cause.score)}. "
            f"How sure the science is: {html.escape(_evidence(cat.evidence_level))}.</summary>"
            f"<p style='margin:2px 0'>{html.escape(cat.summary)}</p>"  # the title in plain words
            f"<ul>{reasons}</ul>" + (f"<p><small>Sources: {sources}</small></p>" if sources else "")
            + "</details>")
        shown += 1
    empty = [cats[c.category].title for c in assessment.causes if c.score <= 0]
    if empty:
        parts.append(f"<p>No answer points to: {html.escape('; '.join(empty))}.</p>")
    if not shown:
        parts.insert(1, "<p>None of your answers points to a particular cause.</p>")
    return "".join(parts)


def stretch_pictures_html(pictures=STRETCH_PICTURES) -> str:
    """The calf and hamstring stretches (or ``pictures``), drawn, side by side (they wrap on
    a narrow screen)."""
    figures = "".join(f'<div style="flex:1 1 260px;max-width:360px">{picture_html(p)}</div>'
                      for p in pictures)
    return f'<div class="crampkit-plan-pictures" style="display:flex;flex-wrap:wrap;gap:12px">{figures}</div>'


def step_pictures_html(step) -> str:
    """The drawings that show a plan step: the stretches, pulling the toes up during a
    cramp, ankle circles for a break from sitting; empty for other steps."""
    pictures = step_picture_ids(step.text, step.reference_ids)
    return stretch_pictures_html(pictures) if pictures else ""


def plan_html(assessment: Assessment, demo: bool = False) -> str:
    """The plan steps in order, each with its sources by short name (``demo``: the plan of
    the made-up example, said so above the steps)."""
    label = (box_html(understanding_text("demo_label"), "warning") if demo else "")
    held = held_back_words(assessment)
    if held:  # the advice the plan leaves out while something typed was not understood (v3)
        label += f'<div class="crampkit-plan-held-back">{box_html(held, "warning")}</div>'
    items = []
    for step in assessment.plan:
        sources = _refs(step.reference_ids)
        items.append(f"<li style='margin-bottom:4px'>{html.escape(step.text)}"
                     + (f" <small>({sources})</small>" if sources else "")
                     + step_pictures_html(step) + "</li>")
    return (f"<h4>{'The example plan' if demo else 'Your plan'}</h4>{label}<ol>{''.join(items)}</ol>"
            f"<p style='overflow-wrap:break-word'><small>{html.escape(assessment.disclaimer)}</small></p>")


NEXT_STEPS_ID = "crampkit-plan-start"  # "Show my plan" brings the focus here (Voila page)
HOW_TO_READ = how_to_read()  # (term, meaning) pairs from data/view_texts.csv


def how_to_read_html() -> str:
    """A short key to the plan's words: "may contribute", how much the answers point to a
    cause, how sure the science is, and the sources in brackets."""
    items = "".join(f"<li><b>{html.escape(term)}</b>: {html.escape(meaning)}</li>" for term, meaning in HOW_TO_READ)
    return f'<div class="crampkit-how-to-read"><h4>How to read your plan</h4><ul>{items}</ul></div>'


def next_steps_html(assessment: Assessment, report: bool = True) -> str:
    """"Your next steps": what to do first, in order, under any warning (which stays first).
    Under an emergency, only the call: the rest of the page can wait."""
    urgency = assessment.urgency
    steps = []
    if urgency != "routine_self_care" and assessment.red_flags:
        steps.append(f"{label('urgency', urgency) or urgency}: see the warning at the top of the page.")
    if urgency == "emergency":
        steps.append("Do that first. Reading the rest of this page can wait.")
    else:
        count = len(assessment.plan)
        steps.append(f"Read your plan below ({count} step{'s' if count != 1 else ''}) and start the first "
                     "one today.")
        if report:
            who = "the doctor or nurse you see" if assessment.red_flags else "a doctor, nurse or pharmacist"
            steps.append(f"Download your report (under your plan) and show it to {who}.")
        steps.append("Change an answer under Your answers and the plan changes at once.")
    items = "".join(f"<li>{html.escape(step)}</li>" for step in steps)
    return (f'<div class="crampkit-next-steps" style="padding:6px 12px;margin:6px 0;border:2px solid #0072B2;'
            f'background:#f4f9fd;color:#1a1a1a"><h3 id="{NEXT_STEPS_ID}" tabindex="-1" style="margin:4px 0">'
            f"Your next steps</h3><ol>{items}</ol></div>")


def medicines_html(assessment: Assessment) -> str:
    """Medicines and conditions recognised (with class and evidence) and not recognised."""
    classes = medication_classes()
    parts = ["<h4>Your medicines and conditions</h4>"]
    if assessment.medications:
        def row(m):
            names = ", ".join(classes[c].name for c in m.class_ids if c in classes)
            if not names or m.evidence_level == "none":
                how = "no known link with cramps" if not names else "see your plan above"
                return f"<li><b>{html.escape(m.input)}</b>: {html.escape(names or 'recognised')} ({how})</li>"
            return (f"<li><b>{html.escape(m.input)}</b>: {html.escape(names)} "
                    f"(how sure a link with cramps is: {html.escape(_evidence(m.evidence_level))})</li>")

        rows = "".join(row(m) for m in assessment.medications)
        parts.append(f"<p>Recognised medicines:</p><ul>{rows}</ul>"
                     "<p>Never stop or change a prescribed medicine on your own: talk to the "
                     "prescriber or a pharmacist.</p>")
    if assessment.unrecognised_medications:
        parts.append("<p>Not recognised (check the spelling, or ask a pharmacist): "
                     f"{html.escape(', '.join(assessment.unrecognised_medications))}</p>")
    if not assessment.medications and not assessment.unrecognised_medications:
        parts.append("<p>No medicines listed.</p>")
    names = known_conditions()
    if assessment.conditions:
        parts.append("<p>Recognised conditions: "
                     f"{html.escape(', '.join(names[c].name for c in assessment.conditions))}</p>")
    if assessment.unrecognised_conditions:
        parts.append("<p>Conditions not recognised: "
                     f"{html.escape(', '.join(assessment.unrecognised_conditions))}</p>")
    return "".join(parts)


def reference_ids(assessment: Assessment) -> list[str]:
    """Every source the assessment cites, in the order they first appear."""
    ids = [i for f in assessment.red_flags for i in f.reference_ids]
    ids += [i for c in assessment.causes if c.score > 0 for i in c.reference_ids]
    ids += [i for s in assessment.plan for i in s.reference_ids]
    classes = medication_classes()
    ids += [i for m in assessment.medications for c in m.class_ids for i in classes[c].reference_ids]
    return list(dict.fromkeys(ids))


def data_uri(text: str, mime: str) -> str:
    """``text`` as a ``data:`` URI, so a download needs no server and no network.

    >>> data_uri("hi", "text/plain")
    'data:text/plain;charset=utf-8;base64,aGk='
    """
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


def download_html(report_html: str, report_markdown: str) -> str:
    """Two download links (HTML and Markdown report) and where the report is made."""
    style = "display:inline-block;padding:6px 12px;margin:4px 8px 4px 0;border:2px solid #0072B2;color:#0b3d5c"
    return (
        "<p style='margin:6px 0 0'><b>Your report for a doctor or nurse:</b></p>"
        f'<a download="{REPORT_NAME}.html" href="{data_uri(report_html, "text/html")}" style="{style}">'
        "Download my report (web page, prints well)</a>"
        f'<a download="{REPORT_NAME}.md" href="{data_uri(report_markdown, "text/markdown")}" style="{style}">'
        "Download my report (Markdown text)</a>"
        "<p style='margin:0'><small>Made on this computer from your answers; nothing is sent "
        "anywhere. It is saved only where your browser puts downloads.</small></p>")


class PlanApp(Component):
    """The profile form, a "Show my plan" button and the results, warning signs first.

    Model: ``assessment`` (or None while answers need fixing), ``last_figure``,
    ``report_html``, ``report_markdown``, ``problems``.
    """

    def __init__(self, profile: Profile | None = None, svg_charts: bool = False):
        profile = checked_profile(profile)
        self.svg_charts = bool(svg_charts)  # the apps: the chart as an inline SVG (no plotly.js)
        self.form = ProfileForm(profile, "given" if profile is not None else None, collapsible=True)
        self.form.inputs["age"].add_class("crampkit-plan-age")
        self.submit = widgets.Button(description="Show my plan", button_style="primary", icon="list",
                                     tooltip="Work out your plan from the answers above")
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
        self.results = widgets.VBox([
            self.banner, self.flags_view, self.understood_view, self.next_steps, self.download, self.plan_view,
            self.how_to_read, self.chart, self.chart_summary, self.reasons_view, self.medicines_view,
            self.references_view,
        ])
        self.results.add_class("crampkit-output")
        self.assessment: Assessment | None = None
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
        if rough is not None:
            rough_assessment = assess(rough)
            if profile is not None:
                note = (f"Based on the answers of the MADE-UP EXAMPLE (age {rough.age}), not yours."
                        if demo else f"Based on your answers (age {rough.age}).")
            elif waiting_for_age and len(self.problems) == 1:
                note = "Type your age to see your plan; these warning signs come from your other answers."
            else:
                note = ("Some answers need fixing (see the notes next to them); these warning signs come "
                        "from the other answers.")
            if profile is None and not rough_assessment.red_flags:
                # Not the green all-clear before the answers can be read: nothing is "fine" yet.
                self.banner.value = box_html(
                    f"{note.split(';')[0]}. Any warning sign you tick shows here at once.", "info")
            else:
                self.banner.value = banner_html(rough_assessment.urgency, len(rough_assessment.red_flags),
                                                note, assessment=rough_assessment)
            # With no warning sign the banner says so; a second green box would only repeat it.
            self.flags_view.value = (flags_html(rough_assessment.red_flags, prefix=PLAN_REF_PREFIX)
                                     if rough_assessment.red_flags else "")
            self.understood_view.value = understanding_html(rough_assessment, prefix=PLAN_REF_PREFIX)
        self._mark(waiting=profile is None)
        if profile is None:
            self.assessment = None
            if waiting_for_age and len(self.problems) == 1:
                say(self.message, "Your plan starts when you type your age (in the first section, About you).",
                    "info")
            else:
                say(self.message, "Your plan is waiting: please fix the notes next to your answers.", "error")
            for view in (self.reasons_view, self.plan_view, self.medicines_view, self.references_view,
                         self.download, self.chart_summary, self.next_steps, self.how_to_read):
                view.value = ""
            self._draw_chart(None)
            self.last_figure = None
            return None
        say(self.message, "")
        a = self.assessment = assess(profile)
        self.last_figure = causes_chart(a)
        summary = summary_of(self.last_figure)
        self._draw_chart(a)
        made_up = "<b>MADE-UP EXAMPLE, not yours:</b> " if demo else ""
        self.chart_summary.value = f'<p class="crampkit-summary">{made_up}{html.escape(summary)}</p>'
        self.reasons_view.value = reasons_html(a)
        self.plan_view.value = plan_html(a, demo=demo)
        self.how_to_read.value = how_to_read_html()
        self.next_steps.value = next_steps_html(a, report=not demo)
        self.medicines_view.value = medicines_html(a)
        ids = reference_ids(a)
        self.references_view.value = (
            f"<details><summary>Sources for your plan ({len(ids)}): open to read them</summary>"
            f"{references_html(ids, prefix=PLAN_REF_PREFIX)}</details>")
        if demo:  # a report is a person's own: never one of the made-up example's answers
            self.report_html = self.report_markdown = ""
            self.download.value = box_html(understanding_text("demo_label") + ". The report for a doctor "
                                           "or nurse is made only from your own answers.", "warning")
            return a
        try:
            self.report_html = render_html(a, profile=profile)
            self.report_markdown = render_markdown(a, profile=profile)
        except ValueError as problem:  # a report that cannot be made never hides the plan above
            log.warning("crampkit report could not be made: %s", problem)
            self.report_html = self.report_markdown = ""
            self.download.value = box_html(
                "Sorry, the report for a doctor or nurse could not be made from these answers. "
                "Everything on this page still applies; you can print or copy it instead.", "error")
            return a
        self.download.value = download_html(self.report_html, self.report_markdown)
        return a


    def _draw_chart(self, assessment: Assessment | None) -> None:
        """The chart of possible causes (``last_figure``), with plotly or as an inline SVG
        drawn from the same scores; nothing while the answers need fixing."""
        if self.svg_charts:
            self.chart.value = ("" if assessment is None else
                                causes_svg(assessment, id_prefix="crampkit-causes-live"))
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
            say(self.message, f"Your plan is ready ({len(a.plan)} steps). It starts at the top of the page, "
                              "under Your next steps.", "ok")
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
