"""The red-flag checklist (notebook 07): tick what applies, see how soon to get help.

The urgency banner sits above everything else in the component and is recomputed on every
change, from ``crampkit.assess`` (the engine decides; this view only shows). Below it: each
warning sign that fired, with its message and sources, and "what to tell the clinician", a
checklist made from the answers.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from crampkit.assessment import red_flags as rules
from crampkit.assessment.assess import Assessment, assess
from crampkit.assessment.profile import Profile
from crampkit.assessment.red_flags import URGENCY_ORDER
from crampkit.widgets.citations import ANCHOR_PREFIX, cite
from crampkit.widgets.common import Component, box_html, given_or_saved, message, safe, say
from crampkit.widgets.profile_form import (
    accordion,
    answer_labels,
    check_answers,
    checkbox_group,
    checkbox_label,
    number_box,
    read_number,
    signs_by_urgency,
    source_text,
    split_list,
    text_list_box,
    wrap_style,
)
from crampkit.wording import flag_kind, urgency_badge

EMERGENCY_NUMBERS = "999, 911 or 112"
CHECKLIST_NUMBERS = ("typical_duration_minutes", "episodes_per_week")
CHECKLIST_TEXTS = ("conditions", "medications")
CHECKLIST_GROUPS = ("symptoms", "timing", "relieved_by")
# Headings for the signs, grouped by how urgent each one is on its own (ticking more can only
# make it more urgent, never less).
SIGN_GROUP_TITLES = {
    "emergency": "Call for help now if you have any of these",
    "urgent": "Get medical help today if you have any of these",
    "see_clinician_soon": "See a doctor or nurse soon if you have any of these",
    "routine_self_care": "Also tick these if they apply (they matter together with other signs)",
}
BANNER_STYLE = {
    "emergency": "color:#ffffff;background:#5c0011;border:4px solid #000000;"
                 "box-shadow:0 0 0 3px #ffd400 inset",
    "urgent": "color:#ffffff;background:#C23B00;border:3px solid #7a2500",
    "see_clinician_soon": "color:#1a1a1a;background:#fff5e6;border:3px solid #B35C00",
    "routine_self_care": "color:#0b3d2c;background:#eaf7f2;border:3px solid #007A5A",
}
# Short words for each urgency and the words that lead each warning sign in the list (with
# the colour, never colour alone), from data/answer_labels.csv via crampkit.wording.
URGENCY_WORDS = {urgency: urgency_badge(urgency) for urgency in URGENCY_ORDER}
FLAG_KIND = {urgency: flag_kind(urgency) for urgency in URGENCY_ORDER}
# Shown only if data/answer_labels.csv has no row for an urgency (the table is the source).
FALLBACK_HEADLINE = {"emergency": f"EMERGENCY: call {EMERGENCY_NUMBERS} now"}
FALLBACK_DETAIL = {"emergency": f"Call your local emergency number now ({EMERGENCY_NUMBERS}), or ask "
                                "someone to call for you. Do not wait, and do not drive yourself."}
_SVG = ('<svg width="{s}" height="{s}" viewBox="0 0 24 24" aria-hidden="true" focusable="false" '
        'style="vertical-align:-0.2em;flex:none">{body}</svg>')
# Drawn icons, so they show on computers without an emoji font.
ICONS = {
    "emergency": '<polygon points="7,1 17,1 23,7 23,17 17,23 7,23 1,17 1,7" fill="#ffffff"/>'
                 '<rect x="10.5" y="4.5" width="3" height="10" fill="#5c0011"/>'
                 '<rect x="10.5" y="16.5" width="3" height="3" fill="#5c0011"/>',
    "urgent": '<polygon points="12,1.5 23,22 1,22" fill="#ffffff"/>'
              '<rect x="10.8" y="8" width="2.4" height="8" fill="#C23B00"/>'
              '<rect x="10.8" y="17.5" width="2.4" height="2.4" fill="#C23B00"/>',
    "see_clinician_soon": '<rect x="2" y="4" width="20" height="18" rx="2" fill="none" stroke="#7a3d00" '
                          'stroke-width="2"/><line x1="2" y1="9" x2="22" y2="9" stroke="#7a3d00" '
                          'stroke-width="2"/><line x1="7" y1="1.5" x2="7" y2="6" stroke="#7a3d00" '
                          'stroke-width="2"/><line x1="17" y1="1.5" x2="17" y2="6" stroke="#7a3d00" '
                          'stroke-width="2"/>',
    "routine_self_care": '<polyline points="3,13 9,19 21,5" fill="none" stroke="#007A5A" stroke-width="3.5"/>',
}


# The same shapes drawn in colour, for a white background (headings, lists).
LIGHT_ICONS = {
    "emergency": '<polygon points="7,1 17,1 23,7 23,17 17,23 7,23 1,17 1,7" fill="#5c0011"/>'
                 '<rect x="10.5" y="4.5" width="3" height="10" fill="#ffffff"/>'
                 '<rect x="10.5" y="16.5" width="3" height="3" fill="#ffffff"/>',
    "urgent": '<polygon points="12,1.5 23,22 1,22" fill="#C23B00"/>'
              '<rect x="10.8" y="8" width="2.4" height="8" fill="#ffffff"/>'
              '<rect x="10.8" y="17.5" width="2.4" height="2.4" fill="#ffffff"/>',
}


def icon_svg(urgency: str, size: int = 28, on_light: bool = False) -> str:
    """An inline SVG icon for ``urgency`` (hidden from screen readers; the words carry it).

    ``on_light`` draws the emergency and urgent shapes in colour for a white background.
    """
    key = urgency if urgency in ICONS else ("emergency" if _rank(urgency) > _rank("urgent") else "urgent")
    body = (LIGHT_ICONS.get(key) if on_light else None) or ICONS[key]
    return _SVG.format(s=size, body=body)


def _rank(urgency: str) -> int:
    order = rules.URGENCY_ORDER
    return order.index(urgency) if urgency in order else len(order)


def urgency_headline(urgency: str) -> str:
    """The banner's headline in words ("URGENT: get medical help today"), from the data table."""
    return answer_labels("urgency").get(urgency) or FALLBACK_HEADLINE.get(urgency) or urgency.replace("_", " ")


def urgency_detail(urgency: str) -> str:
    """What to do for ``urgency`` in a sentence or two, from the data table."""
    return answer_labels("urgency_detail").get(urgency) or FALLBACK_DETAIL.get(urgency, "")


def _style(urgency: str) -> str:
    return BANNER_STYLE.get(urgency, BANNER_STYLE["emergency"])


def banner_html(urgency: str, flag_count: int = 0, note: str = "", compact: bool = False) -> str:
    """The urgency banner: a drawn icon, a headline in words and what to do (not colour alone).

    ``compact`` gives one line (icon, headline, count) for a repeat of the banner lower down
    a long form, so the answer to the box just ticked is always in sight.
    """
    headline = urgency_headline(urgency)
    count = (f" · {flag_count} warning sign{'s' if flag_count != 1 else ''}"
             f"{' listed below' if compact else ' below'}" if flag_count else "")
    call = ""
    said = headline + " " + urgency_detail(urgency)
    if not compact and (urgency == "emergency" or _rank(urgency) > _rank("urgent")) and "112" not in said:
        call = (f'<div style="margin-top:6px;font-size:1.15em;font-weight:bold;background:#ffffff;'
                f'color:#5c0011;padding:4px 10px;display:inline-block;border-radius:4px">'
                f"Call {EMERGENCY_NUMBERS} (your local emergency number) now</div>")
    head = (f'<div style="display:flex;gap:8px;align-items:center;font-size:1.25em;font-weight:bold">'
            f"{icon_svg(urgency)}<span>{html.escape(headline)}{html.escape(count)}</span></div>")
    if compact:
        return (f'<div role="status" class="crampkit-banner-{urgency}" style="padding:6px 12px;margin:6px 0;'
                f'{_style(urgency)}">{head}{call}</div>')
    extra = f'<div style="margin-top:4px">{html.escape(note)}</div>' if note else ""
    return (f'<div role="alert" aria-live="polite" class="crampkit-banner-{urgency}" '
            f'style="padding:10px 14px;margin:6px 0;font-size:1.1em;{_style(urgency)}">'
            f"{head}<div>{html.escape(urgency_detail(urgency))}</div>{call}{extra}</div>")


def flags_html(flags, prefix: str = ANCHOR_PREFIX) -> str:
    """Each fired warning sign: urgency in words, title, message and sources (short names)."""
    if not flags:
        return box_html("No warning signs fired from these answers.", "ok")
    items = []
    for flag in flags:
        kind = FLAG_KIND.get(flag.urgency) or urgency_headline(flag.urgency)
        sources = cite(flag.reference_ids, prefix=prefix, brackets=False)
        items.append(
            f"<li style='margin-bottom:4px'><b>[{html.escape(kind)}] {html.escape(flag.title)}</b>: "
            f"{html.escape(flag.message)}"
            + (f"<br><small>Sources: {sources}</small>" if sources else "") + "</li>")
    return "<h4>Warning signs in your answers</h4><ul>" + "".join(items) + "</ul>"


def _chosen(field: str, ids) -> str:
    return "; ".join(checkbox_label(field, i) for i in ids)


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

        def signs():
            parts = [widgets.HTML("<b>Tick every sign that applies to you</b>")]
            for urgency, ids in signs_by_urgency(tuple(self.checkboxes["symptoms"])).items():
                title = SIGN_GROUP_TITLES.get(urgency, urgency_headline(urgency))
                grid = widgets.Box([self.checkboxes["symptoms"][i] for i in ids], layout=widgets.Layout(width="100%"))
                grid.add_class("crampkit-grid-2")
                parts += [widgets.HTML(f'<div style="margin-top:6px">{icon_svg(urgency, 18, on_light=True)} '
                                       f"<i>{html.escape(title)}</i></div>"), grid]
            return widgets.VBox([*parts, self.field_messages["symptoms"]])

        self.view = widgets.VBox([
            self.banner, wrap_style(), self.source_note,
            signs(), self.banner_after_signs,
            row("typical_duration_minutes"), row("episodes_per_week"),
            row("conditions"), row("medications"),
            accordion([widgets.VBox([
                group("timing", "When do your cramps happen?"),
                group("relieved_by", "What makes a cramp ease?")])],
                ("When cramps happen and what helps (for the checklist below)",)),
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
        self.banner_after_signs.value = banner_html(self.urgency, len(self.flags), compact=True)
        self.flags_view.value = flags_html(self.flags)
        self.tell = clinician_checklist(profile, self.assessment)
        self.tell_view.value = checklist_html(self.tell)
        return self.urgency

    def bench_changes(self) -> list:
        return [(self.checkboxes["symptoms"]["swelling"], True), (self.inputs["episodes_per_week"], "5")]


def red_flag_checklist(profile: Profile | None = None) -> RedFlagChecklist:
    """The red-flag checklist, prefilled from ``profile`` or ``store.current_profile()``."""
    return RedFlagChecklist(profile)


def flag_rows(urgency: str) -> list[dict]:
    """The warning-sign rows of ``data/red_flags.csv`` at ``urgency``, in table order."""
    from crampkit.content import read_table

    return [row for row in read_table("red_flags.csv") if row["urgency"] == urgency]


def flag_reference_ids(urgency: str) -> list[str]:
    """Every source the warning signs at ``urgency`` cite (for a notebook's reference list)."""
    from crampkit.content import references, split_ids

    known = references()
    return list(dict.fromkeys(i for row in flag_rows(urgency) for i in split_ids(row["reference_ids"])
                              if i in known))


def warning_signs_table(urgency: str = "emergency") -> widgets.HTML:
    """The warning signs at ``urgency`` as a short table (sign, what to do, sources), read from
    the red-flag data, so new signs appear with no change to a notebook."""
    from crampkit.content import split_ids

    rows = "".join(
        "<tr style='border-top:1px solid #bbb'>"
        f"<th scope='row' style='text-align:left;vertical-align:top;padding:6px'>{html.escape(row['title'])}</th>"
        f"<td style='vertical-align:top;padding:6px'>{html.escape(row['message'])}</td>"
        f"<td style='vertical-align:top;padding:6px'>{cite(split_ids(row['reference_ids']), brackets=False)}</td></tr>"
        for row in flag_rows(urgency))
    if not rows:
        return widgets.HTML("")
    caption = urgency_headline(urgency)
    view = widgets.HTML(
        "<table style='border-collapse:collapse;width:100%;table-layout:fixed;overflow-wrap:break-word'>"
        f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
        "<thead><tr><th scope='col' style='width:25%;text-align:left;padding:6px'>Warning sign</th>"
        "<th scope='col' style='text-align:left;padding:6px'>What it may mean and what to do</th>"
        "<th scope='col' style='width:20%;text-align:left;padding:6px'>Sources</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>")
    view.add_class("crampkit-warning-signs-table")
    return view
