"""The red-flag checklist (notebook 07): tick what applies, see how soon to get help.

The urgency banner sits above everything else in the component and is recomputed on every
change, from ``crampkit.assess`` (the engine decides; this view only shows). Below it: each
warning sign that fired, with its message and sources, and "what to tell the clinician", a
checklist made from the answers.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from crampkit.assess import Assessment, assess
from crampkit.content import references
from crampkit.profile import Profile
from crampkit.widgets.common import Component, box_html, given_or_saved, message, safe, say
from crampkit.widgets.profile_form import (
    answer_labels, check_answers, checkbox_group, number_box, read_number, source_text, split_list,
    text_list_box,
)

BANNER_STYLE = {
    "urgent": "color:#ffffff;background:#C23B00;border:3px solid #7a2500",
    "see_clinician_soon": "color:#1a1a1a;background:#fff5e6;border:3px solid #B35C00",
    "routine_self_care": "color:#0b3d2c;background:#eaf7f2;border:3px solid #007A5A",
}
URGENCY_WORDS = {"urgent": "URGENT", "see_clinician_soon": "SOON", "routine_self_care": "OK"}
CHECKLIST_NUMBERS = ("typical_duration_minutes", "episodes_per_week")
CHECKLIST_TEXTS = ("conditions", "medications")
CHECKLIST_GROUPS = ("symptoms", "timing", "relieved_by")


def banner_html(urgency: str, flag_count: int = 0, note: str = "") -> str:
    """The urgency banner: an icon, a headline in words and what to do (not colour alone)."""
    headline = answer_labels("urgency")[urgency]
    icon = answer_labels("urgency_icon")[urgency]
    detail = answer_labels("urgency_detail")[urgency]
    count = (f" ({flag_count} warning sign{'s' if flag_count != 1 else ''} below)"
             if flag_count else "")
    extra = f'<div style="margin-top:4px">{html.escape(note)}</div>' if note else ""
    return (f'<div role="alert" aria-live="polite" style="padding:10px 14px;margin:6px 0;'
            f'font-size:1.1em;{BANNER_STYLE[urgency]}">'
            f'<div style="font-size:1.25em;font-weight:bold"><span aria-hidden="true">{icon}</span> '
            f"{html.escape(headline)}{html.escape(count)}</div>"
            f"<div>{html.escape(detail)}</div>{extra}</div>")


def _sources(ids) -> str:
    known = references()
    return "; ".join(f"{html.escape(known[i].citation)} (<code>{html.escape(i)}</code>)" for i in ids if i in known)


def flags_html(flags) -> str:
    """Each fired warning sign: urgency in words, title, message and sources."""
    if not flags:
        return box_html("No warning signs fired from these answers.", "ok")
    items = []
    for flag in flags:
        kind = "Urgent, today" if flag.urgency == "urgent" else "Soon, within days"
        items.append(
            f"<li><b>[{kind}] {html.escape(flag.title)}</b>: {html.escape(flag.message)}"
            f'<br><small>Sources: {_sources(flag.reference_ids)}</small></li>')
    return "<h4>Warning signs in your answers</h4><ul>" + "".join(items) + "</ul>"


def _chosen(field: str, ids) -> str:
    labels = answer_labels(field)
    return "; ".join(labels.get(i, i) for i in ids)


def clinician_checklist(profile: Profile, assessment: Assessment | None = None) -> list[str]:
    """What to tell the clinician, one line per point, from the answers.

    >>> lines = clinician_checklist(Profile(age=58, timing=["night"], episodes_per_week=2))
    >>> lines[0], lines[2]
    ('When the cramps happen: At night in bed', 'How often: about 2 a week')
    """
    def number(value, unit):
        return f"about {value:g} {unit}" if value is not None else "not answered yet"

    lines = [
        f"When the cramps happen: {_chosen('timing', profile.timing) or 'not answered yet'}",
        f"How long a cramp lasts: {number(profile.typical_duration_minutes, 'minutes')}",
        f"How often: {number(profile.episodes_per_week, 'a week')}",
        f"What helps: {_chosen('relieved_by', profile.relieved_by) or 'not answered yet'}",
        "Medicines (bring the boxes or a list, with doses): "
        + (", ".join(profile.medications) or "none listed"),
        f"Health conditions: {', '.join(profile.conditions) or 'none listed'}",
        f"Other signs: {_chosen('symptoms', profile.symptoms) or 'none ticked'}",
    ]
    if assessment is not None and assessment.red_flags:
        lines.append("Warning signs crampkit found: " + "; ".join(f.title for f in assessment.red_flags))
    lines.append("When the cramps started, and whether they began after a new medicine or a change of dose")
    return lines


def checklist_html(lines) -> str:
    items = "".join(f"<li>&#9744; {html.escape(line)}</li>" for line in lines)
    return ("<h4>What to tell the doctor or nurse</h4><p>Write these down or print them and take "
            f'them with you:</p><ul style="list-style:none;padding-left:0.5em">{items}</ul>')


class RedFlagChecklist(Component):
    """The symptom checklist with duration, frequency, conditions and medicines.

    Model: ``assessment``, ``urgency``, ``flags``, ``tell`` (the clinician checklist lines),
    ``problems`` (field -> message). ``update()`` recomputes everything (called on change).
    """

    def __init__(self, profile: Profile | None = None):
        profile, source = given_or_saved(profile)
        self.base = profile
        self.source_note = widgets.HTML(f"<p><small>{html.escape(source_text(source))}</small></p>")
        self.banner = widgets.HTML()
        self.banner.add_class("crampkit-urgency-banner")
        self.checkboxes = {name: checkbox_group(name, getattr(profile, name)) for name in CHECKLIST_GROUPS}
        self.inputs = {name: number_box(name, getattr(profile, name)) for name in CHECKLIST_NUMBERS}
        self.inputs.update({name: text_list_box(name, getattr(profile, name)) for name in CHECKLIST_TEXTS})
        self.field_messages = {name: widgets.HTML() for name in (*self.inputs, *self.checkboxes)}
        self.flags_view = widgets.HTML()
        self.flags_view.add_class("crampkit-output")
        self.tell_view = widgets.HTML()
        self.tell_view.add_class("crampkit-clinician-checklist")
        self.assessment: Assessment | None = None
        self.urgency = "routine_self_care"
        self.flags: tuple = ()
        self.tell: list[str] = []
        self.problems: dict[str, str] = {}
        self.message = message()
        on_change = safe(self.message)(self.update)
        for widget in self.inputs.values():
            widget.observe(on_change, names="value")
        for group in self.checkboxes.values():
            for box in group.values():
                box.observe(on_change, names="value")

        def group(name, title):
            return widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>"),
                                 *self.checkboxes[name].values(), self.field_messages[name]])

        def row(name):
            return widgets.VBox([self.inputs[name], self.field_messages[name]])

        self.view = widgets.VBox([
            self.banner, self.source_note,
            group("symptoms", "Tick every sign that applies to you"),
            row("typical_duration_minutes"), row("episodes_per_week"),
            row("conditions"), row("medications"),
            widgets.Accordion(children=[widgets.VBox([
                group("timing", "When do your cramps happen?"),
                group("relieved_by", "What makes a cramp ease?")])],
                titles=("When cramps happen and what helps (for the checklist below)",)),
            self.message,
            self.flags_view,
            self.tell_view,
        ])
        self.view.add_class("crampkit-red-flags")
        self.update()

    def answers(self) -> dict:
        """The base profile with this checklist's answers in place of its own."""
        data = self.base.to_dict()
        for name in CHECKLIST_NUMBERS:
            data[name] = read_number(self.inputs[name].value)
        for name in CHECKLIST_TEXTS:
            data[name] = split_list(self.inputs[name].value)
        for name, group in self.checkboxes.items():
            data[name] = [key for key, box in group.items() if box.value]
        return data

    def update(self, change=None) -> str:
        """Recompute the banner, the warning signs and the checklist; return the urgency.

        A bad number shows a message next to its box, and the banner is still worked out
        from every other answer, so a typing slip never hides a warning sign.
        """
        _, self.problems, profile = check_answers(self.answers(), fields=set(self.field_messages))
        for name, box in self.field_messages.items():
            say(box, self.problems.get(name, ""), "error")
        if profile is None:  # cannot happen with the base profile's own answers; be safe
            profile = self.base
        self.assessment = assess(profile)
        self.urgency, self.flags = self.assessment.urgency, self.assessment.red_flags
        self.banner.value = banner_html(self.urgency, len(self.flags))
        self.flags_view.value = flags_html(self.flags)
        self.tell = clinician_checklist(profile, self.assessment)
        self.tell_view.value = checklist_html(self.tell)
        return self.urgency

    def bench_changes(self) -> list:
        return [(self.checkboxes["symptoms"]["swelling"], True), (self.inputs["episodes_per_week"], "5")]


def red_flag_checklist(profile: Profile | None = None) -> RedFlagChecklist:
    """The red-flag checklist, prefilled from ``profile`` or ``store.current_profile()``."""
    return RedFlagChecklist(profile)
