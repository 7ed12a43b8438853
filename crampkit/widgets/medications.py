"""The medicine checker and the conditions view (notebook 06).

``medication_checker()`` takes medicines typed as people know them (brand names, doses,
typos, combination pills) and shows for each: the recognised classes, how strong the
evidence is, a plain explanation with the published numbers, and always the prescriber
message (never stop or change a medicine on your own). Names it does not know are listed
back, never dropped. ``conditions_view()`` does the same for health conditions. Both are
views over :mod:`crampkit.topics.medicine_check`; warning signs come from ``crampkit.assess``.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.assessment.assess import assess
from crampkit.assessment.profile import MAX_LIST_LENGTH, MAX_TEXT_LENGTH, Profile
from crampkit.content import widget_text
from crampkit.plots.assessment import EVIDENCE_WORDS
from crampkit.plots.medications import association_chart
from crampkit.plots.style import summary_of
from crampkit.topics.medicine_check import (
    ENTRY_SEPARATORS,
    ConditionCheck,
    MedicineCheck,
    check_conditions,
    check_medicines,
    checker_texts,
)
from crampkit.widgets.banners import banner_html, flags_html
from crampkit.widgets.citations import evidence_words, sources_html
from crampkit.widgets.common import (
    Component,
    Html,
    crampkit_html,
    given_or_saved,
    html_join,
    html_of,
    message,
    message_box,
    safe,
    say,
    show_figure,
)
from crampkit.widgets.fields import source_text

_WIDE = {"description_width": "initial"}
BANNER_CLASS = "crampkit-urgency-banner"


def _evidence(level: str) -> str:
    """"moderate evidence", "expert opinion only": the words already say "evidence"."""
    return EVIDENCE_WORDS.get(level, evidence_words(level))


NUMBERS_HELP = html_of("{} <b>{}</b> {} <b>{}</b> {} <b>{}</b> {}", *(
    widget_text(f"medications_help_{part}") for part in ("start", "ratio", "ratio_means", "ci", "ci_means", "rr",
                                                         "rr_means")))


def _numbers_html(association: str) -> Html:
    """The published numbers behind a "details" toggle, with what they mean in plain words."""
    explained = any(word in association for word in ("ratio", "CI", "RR"))
    return html_of("<details><summary>{}</summary>{}.{}</details>", widget_text("medications_published_numbers"),
                   association,
                   html_of("<br>{}", NUMBERS_HELP) if explained else "")


def medicines_html(check: MedicineCheck) -> str:
    """Each typed medicine with its classes, evidence, numbers and messages; unknowns listed."""
    if not check.entries:
        return str(message_box(widget_text("medications_type_medicines"), "info"))
    cards = []
    for entry in check.entries:
        if not entry.recognised:
            continue
        classes = html_join(
            html_of("<li><b>{}</b> ({}). {}<br><small>{} {}</small>{}</li>", c.name,
                    _evidence(c.evidence_level), c.explanation, widget_text("medications_sources"),
                    crampkit_html(sources_html(c.reference_ids)),
                    _numbers_html(c.association)) for c in entry.classes)
        notes = html_join(message_box(m.text, "warning" if m.key != "prescriber" else "info")
                          for m in entry.messages)
        cards.append(html_of("<div class='crampkit-medicine'><h4>{}</h4>{}{}</div>", entry.typed,
                             html_of("<ul>{}</ul>", classes) if classes else "", notes))
    if check.unrecognised:
        names = html_join((html_of("<b>{}</b>", n) for n in check.unrecognised), ", ")
        cards.append(message_box(html_of("{}: {}", names, checker_texts()["unrecognised"].text), "warning"))
    return str(html_join(cards))


def conditions_html(check: ConditionCheck) -> str:
    """Each recognised condition with what the evidence says; unknowns listed back."""
    parts = []
    for item in check.found:
        parts.append(html_of(
            "<div class='crampkit-condition'><h4>{}</h4><p>{}<br><small>{} {}</small></p></div>",
            item.name, item.text or widget_text("medications_no_evidence"),
            widget_text("medications_how_sure", level=_evidence(item.evidence_level)),
            crampkit_html(sources_html(item.reference_ids))))
    if check.unrecognised:
        names = html_join((html_of("<b>{}</b>", n) for n in check.unrecognised), ", ")
        parts.append(message_box(html_of("{}: {}", names, widget_text("medications_unknown_condition")), "warning"))
    if not parts:
        return str(message_box(widget_text("medications_type_conditions"), "info"))
    return str(html_join(parts))


def _show_flags(banner: widgets.HTML, flags_box: widgets.HTML, assessment) -> None:
    if assessment.red_flags:
        banner.value = banner_html(assessment.urgency, len(assessment.red_flags))
        banner.add_class(BANNER_CLASS)
        flags_box.value = flags_html(assessment.red_flags)
    else:
        banner.value = ""
        banner.remove_class(BANNER_CLASS)
        flags_box.value = ""


def _with(profile: Profile, **changes) -> Profile:
    data = profile.to_dict()
    data.update(changes)
    return Profile.from_dict(data)


def usable_entries(text: str) -> list[str]:
    """The typed entries a profile accepts, never raising: too-long entries and any beyond
    the limit are left out, so warning signs still come from the rest while a message
    names the bad part.

    >>> usable_entries("atorvastatin, " + "x" * 300)
    ['atorvastatin']
    """
    items = [" ".join(part.split()) for part in ENTRY_SEPARATORS.split(text or "")]
    kept = [item for item in items if item and len(item) <= MAX_TEXT_LENGTH]
    return list(dict.fromkeys(kept))[:MAX_LIST_LENGTH]


def long_entry_note(text: str, field: str) -> str:
    """A message naming ``field`` when an entry is too long to keep (else "").

    >>> long_entry_note("x" * 250, "medications")
    'medications: an entry of 250 characters is too long; keep each under 200 (it was left out)'
    """
    longest = max((len(" ".join(p.split())) for p in ENTRY_SEPARATORS.split(text or "")), default=0)
    if longest <= MAX_TEXT_LENGTH:
        return ""
    return widget_text("medications_too_long", field=field, length=longest, most=MAX_TEXT_LENGTH)


class MedicationChecker(Component):
    """A text box of medicines in; per-medicine explanations, warning signs and a chart out."""

    def __init__(self, profile: Profile | None = None):
        profile, source = given_or_saved(profile)
        self.profile = profile
        self.text = widgets.Text(
            value=", ".join(profile.medications), description=widget_text("medications_medicines"),
            placeholder=widget_text("medications_medicines_hint"), style=_WIDE,
            continuous_update=False, layout=widgets.Layout(width="auto", min_width="520px"))
        self.text.add_class("crampkit-medicines-input")
        self.button = widgets.Button(description=widget_text("medications_check_medicines"), button_style="primary",
                                     tooltip=widget_text("medications_check_medicines_tip"),
                                     layout=widgets.Layout(width="auto", min_width="fit-content"))
        self.button.add_class("crampkit-medicines-check")
        self.message = message()
        self.banner = widgets.HTML()
        self.flags = widgets.HTML()
        self.results = widgets.HTML()
        self.chart = widgets.Output()
        self.chart.add_class("crampkit-medications-chart")
        self.check: MedicineCheck | None = None
        self.last_figure = None
        self.source_note = widgets.HTML(html_of("<p><small>{}</small></p>", source_text(source)))
        self.button.on_click(lambda _b: self.update())
        self.text.observe(lambda _c: self.update(), names="value")
        output = widgets.VBox([self.banner, self.flags, self.results, self.chart])
        output.add_class("crampkit-output")
        self.view = widgets.VBox([self.source_note, widgets.HBox([self.text, self.button]),
                                  self.message, output])
        self.view.add_class("crampkit-medication-checker")
        self.update()

    def update(self) -> None:
        """Check the typed medicines again and redraw everything (errors shown, not lost)."""
        safe(self.message)(self._update)()

    def _update(self) -> None:
        # Warning signs first, from every usable entry: a bad entry elsewhere in the box
        # must not hide them (e.g. the statin warning).
        self.message.value = ""
        assessment = assess(_with(self.profile, medications=usable_entries(self.text.value)))
        _show_flags(self.banner, self.flags, assessment)
        check = check_medicines(self.text.value)
        self.check = check
        self.results.value = medicines_html(check)
        say(self.message, long_entry_note(self.text.value, "medications"), "error")
        fig = association_chart(highlight_class_ids=check.class_ids)
        self.last_figure = fig
        show_figure(self.chart, fig, summary_of(fig))


class ConditionsView(Component):
    """A text box of conditions (and a pregnancy tick) in; what the evidence says out."""

    def __init__(self, profile: Profile | None = None):
        profile, source = given_or_saved(profile)
        self.profile = profile
        self.text = widgets.Text(
            value=", ".join(profile.conditions),
            description=widget_text("medications_conditions"),
            placeholder=widget_text("medications_conditions_hint"), style=_WIDE,
            continuous_update=False, layout=widgets.Layout(width="auto", min_width="520px"))
        self.pregnant = widgets.Checkbox(value=profile.pregnant, description=widget_text("medications_pregnant"),
                                         indent=False)
        self.pregnant.disabled = profile.sex == "male"
        self.button = widgets.Button(description=widget_text("medications_check_conditions"), button_style="primary")
        self.message = message()
        self.banner = widgets.HTML()
        self.flags = widgets.HTML()
        self.results = widgets.HTML()
        self.results.add_class("crampkit-output")
        self.check: ConditionCheck | None = None
        self.source_note = widgets.HTML(html_of("<p><small>{}</small></p>", source_text(source)))
        self.button.on_click(lambda _b: self.update())
        self.text.observe(lambda _c: self.update(), names="value")
        self.pregnant.observe(lambda _c: self.update(), names="value")
        self.view = widgets.VBox([self.source_note, widgets.HBox([self.text, self.button]),
                                  self.pregnant, self.message, self.banner, self.flags, self.results])
        self.view.add_class("crampkit-conditions-view")
        self.update()

    def update(self) -> None:
        """Recognise the typed conditions again and redraw (errors shown, not lost)."""
        safe(self.message)(self._update)()

    def _update(self) -> None:
        self.message.value = ""
        pregnant = self.pregnant.value and self.profile.sex != "male"
        assessment = assess(_with(self.profile, conditions=usable_entries(self.text.value),
                                  pregnant=pregnant))
        _show_flags(self.banner, self.flags, assessment)
        check = check_conditions(self.text.value, pregnant=self.pregnant.value)
        self.check = check
        self.results.value = conditions_html(check)
        say(self.message, long_entry_note(self.text.value, "conditions"), "error")


def medication_checker(profile: Profile | None = None) -> MedicationChecker:
    """The medicine checker, prefilled from ``profile`` (default: the saved or demo person)."""
    return MedicationChecker(profile)


def conditions_view(profile: Profile | None = None) -> ConditionsView:
    """The conditions view, prefilled from ``profile`` (default: the saved or demo person)."""
    return ConditionsView(profile)
