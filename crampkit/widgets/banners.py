"""The urgency banner and the list of warning signs, shared by every widget that shows them.

One look everywhere: a drawn icon, the headline in words from ``data/answer_labels.csv``
(via :mod:`crampkit.wording`) and what to do, never colour alone.
"""
from __future__ import annotations

from crampkit.assessment import red_flags as rules
from crampkit.assessment.red_flags import URGENCY_ORDER
from crampkit.content import widget_text
from crampkit.markup import Html, crampkit_html
from crampkit.presentation import PALETTE
from crampkit.widgets.citations import ANCHOR_PREFIX, cite
from crampkit.widgets.common import box_html, message_box
from crampkit.widgets.fields import answer_labels
from crampkit.wording import (
    flag_kind,
    no_flag_words,
    not_understood,
    quoted,
    understanding_lines,
    understanding_text,
    urgency_badge,
)

EMERGENCY_NUMBERS = "999, 911 or 112"
BANNER_STYLE = {  # colours from the one palette (crampkit.presentation.PALETTE)
    "emergency": f"color:{PALETTE['white']};background:{PALETTE['emergency_dark']};border:4px solid "
                 f"{PALETTE['black']};box-shadow:0 0 0 3px {PALETTE['yellow']} inset",
    "urgent": f"color:{PALETTE['white']};background:{PALETTE['urgent']};border:3px solid {PALETTE['urgent_dark']}",
    "see_clinician_soon": f"color:{PALETTE['text']};background:{PALETTE['soon_light']};border:3px solid "
                          f"{PALETTE['see_clinician_soon']}",
    "routine_self_care": f"color:{PALETTE['routine_dark']};background:{PALETTE['routine_light']};border:3px solid "
                         f"{PALETTE['routine_self_care']}",
    # No warning sign among the answers understood, but something typed was not understood:
    # not the green all-clear (contract v3).
    "not_understood": f"color:{PALETTE['text']};background:{PALETTE['info_light']};border:3px solid {PALETTE['blue']}",
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
ICONS = {  # colours from the one palette (crampkit.presentation.PALETTE)
    "emergency": '<polygon points="7,1 17,1 23,7 23,17 17,23 7,23 1,17 1,7" fill="{white}"/>'
                 '<rect x="10.5" y="4.5" width="3" height="10" fill="{emergency_dark}"/>'
                 '<rect x="10.5" y="16.5" width="3" height="3" fill="{emergency_dark}"/>',
    "urgent": '<polygon points="12,1.5 23,22 1,22" fill="{white}"/>'
              '<rect x="10.8" y="8" width="2.4" height="8" fill="{urgent}"/>'
              '<rect x="10.8" y="17.5" width="2.4" height="2.4" fill="{urgent}"/>',
    "see_clinician_soon": '<rect x="2" y="4" width="20" height="18" rx="2" fill="none" stroke="{soon_dark}" '
                          'stroke-width="2"/><line x1="2" y1="9" x2="22" y2="9" stroke="{soon_dark}" '
                          'stroke-width="2"/><line x1="7" y1="1.5" x2="7" y2="6" stroke="{soon_dark}" '
                          'stroke-width="2"/><line x1="17" y1="1.5" x2="17" y2="6" stroke="{soon_dark}" '
                          'stroke-width="2"/>',
    "routine_self_care": '<polyline points="3,13 9,19 21,5" fill="none" stroke="{routine_self_care}" '
                         'stroke-width="3.5"/>',
    "not_understood": '<circle cx="12" cy="12" r="10.5" fill="none" stroke="{info_icon}" stroke-width="2.5"/>'
                      '<rect x="10.8" y="10" width="2.4" height="8" fill="{info_icon}"/>'
                      '<rect x="10.8" y="5.6" width="2.4" height="2.4" fill="{info_icon}"/>',
}


# The same shapes drawn in colour, for a white background (headings, lists).
LIGHT_ICONS = {
    "emergency": '<polygon points="7,1 17,1 23,7 23,17 17,23 7,23 1,17 1,7" fill="{emergency_dark}"/>'
                 '<rect x="10.5" y="4.5" width="3" height="10" fill="{white}"/>'
                 '<rect x="10.5" y="16.5" width="3" height="3" fill="{white}"/>',
    "urgent": '<polygon points="12,1.5 23,22 1,22" fill="{urgent}"/>'
              '<rect x="10.8" y="8" width="2.4" height="8" fill="{white}"/>'
              '<rect x="10.8" y="17.5" width="2.4" height="2.4" fill="{white}"/>',
}


ICONS = {key: shape.format(**PALETTE) for key, shape in ICONS.items()}
LIGHT_ICONS = {key: shape.format(**PALETTE) for key, shape in LIGHT_ICONS.items()}


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


def banner_html(urgency: str, flag_count: int = 0, note: str = "", compact: bool = False,
                assessment=None) -> str:
    """The urgency banner: a drawn icon, a headline in words and what to do (not colour alone).

    ``compact`` gives one line (icon, headline, count) for a repeat of the banner lower down
    a long form, so the answer to the box just ticked is always in sight. Given the
    ``assessment``, a banner with no warning sign never says "none of your answers is a
    warning sign" while something typed was not understood: it names what was not (v3).
    """
    words = no_flag_words(assessment) if assessment is not None and not flag_count else None
    if words is not None and urgency == "routine_self_care":
        return _not_understood_banner(*words, note=note, compact=compact)
    headline = urgency_headline(urgency)
    number = "one" if flag_count == 1 else "many"
    count = (" · " + widget_text(f"banners_count_{number}_{'listed' if compact else 'below'}", count=flag_count)
             if flag_count else "")
    call = Html("")
    said = headline + " " + urgency_detail(urgency)
    if not compact and (urgency == "emergency" or _rank(urgency) > _rank("urgent")) and "112" not in said:
        call = Html('<div style="margin-top:6px;font-size:1.15em;font-weight:bold;background:{};'
                      'color:{};padding:4px 10px;display:inline-block;border-radius:4px">{}</div>').format(
            PALETTE["white"], PALETTE["emergency_dark"], widget_text("banners_call_now", numbers=EMERGENCY_NUMBERS))
    head = Html('<div style="display:flex;gap:8px;align-items:center;font-size:1.25em;font-weight:bold">'
                  "{}<span>{}{}</span></div>").format(crampkit_html(icon_svg(urgency)), headline, count)
    if compact:
        return str(Html('<div role="status" class="crampkit-banner-{}" style="padding:6px 12px;margin:6px 0;'
                          '{}">{}{}</div>').format(urgency, _style(urgency), head, call))
    extra = Html('<div style="margin-top:4px">{}</div>').format(note) if note else ""
    return str(Html('<div role="alert" aria-live="polite" class="crampkit-banner-{}" '
                      'style="padding:10px 14px;margin:6px 0;font-size:1.1em;{}">'
                      "{}<div>{}</div>{}{}</div>").format(urgency, _style(urgency), head,
                                                         urgency_detail(urgency), call, extra))


def _not_understood_banner(headline: str, detail: str, note: str = "", compact: bool = False) -> str:
    head = Html('<div style="display:flex;gap:8px;align-items:center;font-size:1.25em;font-weight:bold">'
                  "{}<span>{}</span></div>").format(crampkit_html(icon_svg("not_understood")),
                                                     headline)
    style = BANNER_STYLE["not_understood"]
    if compact:
        return str(Html('<div role="status" class="crampkit-banner-not-understood" style="padding:6px 12px;'
                          'margin:6px 0;{}">{}</div>').format(style, head))
    extra = Html('<div style="margin-top:4px">{}</div>').format(note) if note else ""
    return str(Html('<div role="alert" aria-live="polite" class="crampkit-banner-not-understood" '
                      'style="padding:10px 14px;margin:6px 0;font-size:1.1em;{}">'
                      "{}<div>{}</div>{}</div>").format(style, head, detail, extra))


def flags_html(flags, prefix: str = ANCHOR_PREFIX, assessment=None) -> str:
    """Each fired warning sign: urgency in words, title, message and sources (short names).

    With none, and something typed not understood (``assessment``), it says there is no
    warning sign *among the answers crampkit understood* and names the rest (contract v3).
    """
    if not flags:
        if assessment is not None and no_flag_words(assessment) is not None:
            return box_html(understanding_text("no_flag_list", items=quoted(not_understood(assessment))),
                            "info")
        return box_html(widget_text("banners_no_flags"), "ok")
    items = []
    for flag in flags:
        kind = FLAG_KIND.get(flag.urgency) or urgency_headline(flag.urgency)
        sources = crampkit_html(cite(flag.reference_ids, prefix=prefix, brackets=False))
        items.append(Html("<li style='margin-bottom:4px'><b>[{}] {}</b>: {}{}</li>").format(
            kind, flag.title, flag.message,
            Html("<br><small>{} {}</small>").format(widget_text("banners_sources"), sources) if sources else ""))
    return str(Html("<h4>{}</h4><ul>{}</ul>").format(widget_text("banners_flags_title"), Html("").join(items)))


def understanding_html(assessment, heading: bool = True, prefix: str = ANCHOR_PREFIX) -> str:
    """What crampkit made of the typed conditions and medicines (contract v3): what it did
    not understand first (a warning box: it changes the advice), then the conditions the
    medicines suggest, clot risks, phrases not counted and everyday conditions, then the
    look-alikes (restless legs, claudication). Empty when there is nothing to say."""
    if assessment is None:
        return ""
    lines = understanding_lines(assessment)
    parts = []
    for kind, text in lines:
        if kind == "not_understood":
            parts.append(message_box(text, "warning"))
    others = [text for kind, text in lines if kind != "not_understood"]
    if others:
        parts.append(Html("<ul style='margin:4px 0'>{}</ul>").format(
            Html("").join(Html("<li>{}</li>").format(t) for t in others)))
    looks = getattr(assessment, "look_alikes", ())
    if looks:
        items = Html("").join(
            Html("<li>{}{}</li>").format(
                x.text, Html(" <small>({})</small>").format(crampkit_html(cite(x.reference_ids, prefix=prefix,
                                                                            brackets=False)))
                if x.reference_ids else "") for x in looks)
        parts.append(Html("<p style='margin:6px 0 2px'><b>{}</b></p><ul style='margin:4px 0'>{}</ul>").format(
            understanding_text("look_alikes"), items))
    if not parts:
        return ""
    title = (Html("<h4 style='margin:6px 0 2px'>{}</h4>").format(understanding_text("heading"))
             if heading and lines else "")
    return str(Html('<div class="crampkit-understanding">{}{}</div>').format(title, Html("").join(parts)))
