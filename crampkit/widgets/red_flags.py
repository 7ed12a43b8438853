"""The red-flag checklist (notebook 07): tick what applies, see how soon to get help.

The urgency banner sits above everything else in the component and is recomputed on every
change, from ``crampkit.assess`` (the engine decides; this view only shows). Below it: each
warning sign that fired, with its message and sources, and "what to tell the clinician", a
checklist made from the answers.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.profile import Profile
from crampkit.content import read_table, references, split_ids, widget_text
from crampkit.palette import TABLE_RULE
from crampkit.widgets.banners import banner_html, flags_html, icon_svg, understanding_html, urgency_headline
from crampkit.widgets.citations import cite
from crampkit.widgets.common import (
    Component,
    crampkit_html,
    given_or_saved,
    html_join,
    html_of,
    message,
    safe,
    say,
)
from crampkit.widgets.fields import (
    accordion,
    check_answers,
    checkbox_group,
    checkbox_label,
    number_box,
    question_label,
    read_number,
    signs_by_urgency,
    source_text,
    split_list,
    text_list_box,
    wrap_style,
)

CHECKLIST_NUMBERS = ("typical_duration_minutes", "episodes_per_week")
CHECKLIST_TEXTS = ("conditions", "medications")
CHECKLIST_GROUPS = ("symptoms", "clot_risks", "timing", "relieved_by")
# Headings for the signs, grouped by how urgent each one is on its own (ticking more can only
# make it more urgent, never less).
SIGN_GROUP_TITLES = {urgency: widget_text(f"red_flags_group_{urgency}")
                     for urgency in ("emergency", "urgent", "see_clinician_soon", "routine_self_care")}

def _chosen(field: str, ids) -> str:
    return "; ".join(checkbox_label(field, i) for i in ids)


def clinician_checklist(profile: Profile, assessment: Assessment | None = None) -> list[str]:
    """What to tell the clinician, one line per point, from the answers.

    >>> lines = clinician_checklist(Profile(age=58, timing=["night"], episodes_per_week=2))
    >>> lines[0], lines[2]
    ('When the cramps happen: At night in bed', 'How often: about 2 a week')
    """
    not_answered, none_listed = widget_text("red_flags_not_answered"), widget_text("red_flags_none_listed")

    def number(value, unit):
        return (widget_text("red_flags_about", value=f"{value:g}", unit=widget_text(f"red_flags_unit_{unit}"))
                if value is not None else not_answered)

    def tell(line, answer):
        return widget_text(f"red_flags_tell_{line}", answer=answer)

    lines = [
        tell("timing", _chosen("timing", profile.timing) or not_answered),
        tell("duration", number(profile.typical_duration_minutes, "minutes")),
        tell("often", number(profile.episodes_per_week, "week")),
        tell("helps", _chosen("relieved_by", profile.relieved_by) or not_answered),
        tell("medicines", ", ".join(profile.medications) or none_listed),
        tell("conditions", ", ".join(profile.conditions) or none_listed),
        tell("signs", _chosen("symptoms", profile.symptoms) or widget_text("red_flags_none_ticked")),
    ]
    if profile.clot_risks:
        lines.append(tell("clots", _chosen("clot_risks", profile.clot_risks)))
    if assessment is not None and (assessment.unrecognised_conditions or assessment.unrecognised_medications):
        missing = [*assessment.unrecognised_conditions, *assessment.unrecognised_medications]
        lines.append(tell("unknown", ", ".join(missing)))
    if assessment is not None and assessment.red_flags:
        lines.append(tell("found", "; ".join(f.title for f in assessment.red_flags)))
    lines.append(widget_text("red_flags_tell_started"))
    return lines


def checklist_html(lines) -> str:
    items = html_join(html_of("<li>&#9744; {}</li>", line) for line in lines)
    return str(html_of('<h4>{}</h4><p>{}</p><ul style="list-style:none;padding-left:0.5em">{}</ul>',
                       widget_text("red_flags_tell_title"), widget_text("red_flags_tell_intro"), items))


class RedFlagChecklist(Component):
    """The symptom checklist with duration, frequency, conditions and medicines.

    Model: ``assessment``, ``urgency``, ``flags``, ``tell`` (the clinician checklist lines),
    ``problems`` (field -> message). ``update()`` recomputes everything (called on change).
    """

    def __init__(self, profile: Profile | None = None):
        profile, source = given_or_saved(profile)
        self.base = profile
        self.source_note = widgets.HTML(html_of("<p><small>{}</small></p>", source_text(source)))
        self.banner = widgets.HTML()
        self.banner.add_class("crampkit-urgency-banner")
        # The same answer again, right under the list of signs, so ticking a box low on the
        # screen shows its result next to it.
        self.banner_after_signs = widgets.HTML()
        self.banner_after_signs.add_class("crampkit-urgency-banner-repeat")
        self.checkboxes = {name: checkbox_group(name, getattr(profile, name)) for name in CHECKLIST_GROUPS}
        self.inputs = {name: number_box(name, getattr(profile, name)) for name in CHECKLIST_NUMBERS}
        self.inputs.update({name: text_list_box(name, getattr(profile, name)) for name in CHECKLIST_TEXTS})
        self.field_messages = {name: widgets.HTML() for name in (*self.inputs, *self.checkboxes)}
        self.flags_view = widgets.HTML()
        self.flags_view.add_class("crampkit-output")
        self.understood_view = widgets.HTML()
        self.understood_view.add_class("crampkit-checklist-understood")
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
            return widgets.VBox([widgets.HTML(html_of("<b>{}</b>", title)),
                                 *self.checkboxes[name].values(), self.field_messages[name]])

        def row(name):
            return widgets.VBox([self.inputs[name], self.field_messages[name]])

        def signs():
            parts = [widgets.HTML(html_of("<b>{}</b>", widget_text("red_flags_tick_signs")))]
            for urgency, ids in signs_by_urgency(tuple(self.checkboxes["symptoms"])).items():
                title = SIGN_GROUP_TITLES.get(urgency, urgency_headline(urgency))
                grid = widgets.Box([self.checkboxes["symptoms"][i] for i in ids], layout=widgets.Layout(width="100%"))
                grid.add_class("crampkit-grid-2")
                parts += [widgets.HTML(html_of('<div style="margin-top:6px">{} <i>{}</i></div>',
                                               crampkit_html(icon_svg(urgency, 18, on_light=True)), title)), grid]
            return widgets.VBox([*parts, self.field_messages["symptoms"]])

        self.view = widgets.VBox([
            self.banner, wrap_style(), self.source_note,
            signs(), self.banner_after_signs,
            row("typical_duration_minutes"), row("episodes_per_week"),
            row("conditions"), row("medications"), self.understood_view,
            group("clot_risks", question_label("clot_risks")),
            accordion([widgets.VBox([
                group("timing", widget_text("red_flags_when_happen")),
                group("relieved_by", widget_text("red_flags_what_eases"))])],
                (widget_text("red_flags_when_and_helps"),)),
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
        a = self.assessment
        self.banner.value = banner_html(self.urgency, len(self.flags), assessment=a)
        self.banner_after_signs.value = banner_html(self.urgency, len(self.flags), compact=True, assessment=a)
        self.flags_view.value = flags_html(self.flags, assessment=a)
        self.understood_view.value = understanding_html(a)
        self.tell = clinician_checklist(profile, self.assessment)
        self.tell_view.value = checklist_html(self.tell)
        return self.urgency


def red_flag_checklist(profile: Profile | None = None) -> RedFlagChecklist:
    """The red-flag checklist, prefilled from ``profile`` or ``store.current_profile()``."""
    return RedFlagChecklist(profile)


def flag_rows(urgency: str) -> list[dict]:
    """The warning-sign rows of ``data/red_flags.csv`` at ``urgency``, in table order."""
    return [row for row in read_table("red_flags.csv") if row["urgency"] == urgency]


def flag_reference_ids(urgency: str) -> list[str]:
    """Every source the warning signs at ``urgency`` cite (for a notebook's reference list)."""
    known = references()
    return list(dict.fromkeys(i for row in flag_rows(urgency) for i in split_ids(row["reference_ids"])
                              if i in known))


def warning_signs_table(urgency: str = "emergency") -> widgets.HTML:
    """The warning signs at ``urgency`` as a short table (sign, what to do, sources), read from
    the red-flag data, so new signs appear with no change to a notebook."""
    rows = html_join(html_of(
        "<tr style='border-top:1px solid {rule}'>"
        "<th scope='row' style='text-align:left;vertical-align:top;padding:6px'>{title}</th>"
        "<td style='vertical-align:top;padding:6px'>{message}</td>"
        "<td style='vertical-align:top;padding:6px'>{sources}</td></tr>",
        rule=TABLE_RULE, title=row["title"], message=row["message"],
        sources=crampkit_html(cite(split_ids(row["reference_ids"]), brackets=False))) for row in flag_rows(urgency))
    if not rows:
        return widgets.HTML("")
    caption = urgency_headline(urgency)
    view = widgets.HTML(html_of(
        "<table style='border-collapse:collapse;width:100%;table-layout:fixed;overflow-wrap:break-word'>"
        "<caption style='text-align:left;font-weight:bold'>{}</caption>"
        "<thead><tr><th scope='col' style='width:25%;text-align:left;padding:6px'>{}</th>"
        "<th scope='col' style='text-align:left;padding:6px'>{}</th>"
        "<th scope='col' style='width:20%;text-align:left;padding:6px'>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>", caption, widget_text("red_flags_col_sign"), widget_text("red_flags_col_meaning"),
        widget_text("red_flags_col_sources"), rows))
    view.add_class("crampkit-warning-signs-table")
    return view
