"""A personal report to take to a clinician: one HTML file (or Markdown) that works offline.

Warning signs come first, then the person's answers, the likely causes with their reasons,
the plan, the medicines recognised, a diary summary with a small chart, the references, the
disclaimer and the date. The HTML has no scripts and loads nothing (no fonts, images or
style sheets from elsewhere); the chart is an inline SVG drawn here, and the page prints
cleanly on A4 or Letter paper.

>>> a = {"urgency": "routine_self_care", "red_flags": [], "causes": [], "medications": [],
...      "unrecognised_medications": [], "conditions": [], "unrecognised_conditions": [],
...      "plan": [], "disclaimer": "For learning only."}
>>> page = render_html(a, today="2025-11-03")
>>> page.startswith("<!DOCTYPE html>"), "<script" in page, "3 November 2025" in page
(True, False, True)
"""
from __future__ import annotations

import html
import math
import os
from datetime import date, datetime
from pathlib import Path

from crampkit.red_flags import URGENCY_ORDER  # one order for the whole package
from crampkit.checks import CrampkitInputError


class _Headlines(dict):
    """``URGENCY_HEADLINES[urgency]``: the words from ``data/answer_labels.csv``."""

    def __missing__(self, urgency):
        return urgency_label(urgency)


URGENCY_HEADLINES = _Headlines()
URGENCY_COLOURS = {  # same colours as crampkit.plots.style.URGENCY_COLOURS, without plotly
    "emergency": "#A50026",
    "urgent": "#C23B00",
    "see_clinician_soon": "#B35C00",
    "routine_self_care": "#007A5A",
}
BAR_COLOUR = "#0072B2"
REPORT_WEEKS = 26  # the chart and table show at most the last half year, to stay readable
PROFILE_LABELS = {
    "age": "Age (years)",
    "sex": "Sex",
    "pregnant": "Pregnant",
    "conditions": "Health conditions",
    "medications": "Medicines",
    "timing": "When cramps happen",
    "typical_duration_minutes": "Typical cramp length (minutes)",
    "episodes_per_week": "Cramps per week",
    "relieved_by": "What helps",
    "exercise_minutes_per_week": "Exercise (minutes per week)",
    "recent_training_increase": "More or harder exercise lately",
    "hours_standing_per_day": "Standing (hours per day)",
    "hours_sitting_per_day": "Sitting (hours per day)",
    "fluids_litres_per_day": "Drinks (litres per day)",
    "hot_weather_or_heavy_sweating": "Hot weather or heavy sweating",
    "symptoms": "Other signs",
}
DIARY_ONLY_NOTE = ("The questionnaire was not part of this report, so only the diary was "
                   "checked for warning signs.")
SYNTHETIC_NOTE = ("This diary is crampkit's made-up demo month, not a real person's "
                  "cramps.")
CONTRACT_KEYS = ("urgency", "red_flags", "causes", "medications", "unrecognised_medications",
                 "conditions", "unrecognised_conditions", "plan", "disclaimer")


class ReportError(CrampkitInputError):
    """The report cannot be made from what was given; the message names the argument."""


def urgency_label(urgency: str, detail: bool = False) -> str:
    """The words for an urgency level, from ``data/answer_labels.csv`` (rows ``urgency``,
    or ``urgency_detail`` with ``detail=True``), so an educator edits them in one place.

    A level the table does not name yet is shown by its id in plain words, never an error.

    >>> urgency_label("urgent")
    'URGENT: get medical help today'
    """
    if not isinstance(urgency, str):
        raise ReportError(f"urgency: {_shown(urgency)} is not allowed; choose from "
                          f"{', '.join(URGENCY_ORDER)}")
    if not isinstance(detail, bool):
        raise ReportError(f"detail: {_shown(detail)} is not allowed; give True or False")
    rows = _table_rows("answer_labels.csv")
    wanted = "urgency_detail" if detail else "urgency"
    for row in rows:
        if row.get("field") == wanted and row.get("id") == urgency:
            return row.get("label", "")
    if detail:
        return ""
    return _words(urgency).capitalize()


# --------------------------------------------------------------------------- inputs

def _diary_only() -> dict:
    """What stands in for an assessment when only the diary goes into the report."""
    from crampkit.content import read_text

    try:
        disclaimer = read_text("disclaimer.md").strip()
    except OSError:
        disclaimer = "crampkit is for learning, not a diagnosis."
    return {"urgency": "routine_self_care", "red_flags": [], "causes": [], "medications": [],
            "unrecognised_medications": [], "conditions": [], "unrecognised_conditions": [],
            "plan": [], "disclaimer": disclaimer, "diary_only": True}


def _assessment_dict(assessment) -> dict:
    if assessment is None:
        return _diary_only()
    if hasattr(assessment, "to_dict"):
        assessment = assessment.to_dict()
    if not isinstance(assessment, dict):
        raise ReportError(f"assessment: {type(assessment).__name__} is not an assessment; "
                          "give crampkit.assess(profile) or its to_dict()")
    missing = [key for key in CONTRACT_KEYS if key not in assessment]
    if missing:
        raise ReportError(f"assessment: the key {missing[0]!r} is missing; an assessment "
                          f"has {', '.join(CONTRACT_KEYS)}")
    _check_assessment_values(assessment)
    if not isinstance(assessment["urgency"], str) or assessment["urgency"] not in URGENCY_ORDER:
        raise ReportError(f"assessment: urgency {_shown(assessment['urgency'])} is not allowed; "
                          f"choose from {', '.join(URGENCY_ORDER)}")
    for number, flag in enumerate(assessment["red_flags"]):
        if flag.get("urgency") not in URGENCY_ORDER:
            raise ReportError(f"assessment: red_flags[{number}] urgency "
                              f"{_shown(flag.get('urgency'))} is not allowed; choose from "
                              f"{', '.join(URGENCY_ORDER)}")
    for number, cause in enumerate(assessment["causes"]):
        score = cause.get("score", 0)
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                                  or not math.isfinite(score)):
            raise ReportError(f"assessment: causes[{number}] score {_shown(score)} is not a "
                              "number; a score is a number from 0 to 1")
    return assessment


def _profile_dict(profile) -> dict:
    if profile is None:
        return {}
    if hasattr(profile, "to_dict"):
        profile = profile.to_dict()
    if not isinstance(profile, dict):
        raise ReportError(f"profile: {type(profile).__name__} is not a profile; "
                          "give a crampkit.Profile or a dict of answers")
    for name, value in profile.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        if not isinstance(name, str) or not all(_plain_value(v) for v in items) \
                or not all(_valid_unicode(t) for t in [name, *items] if isinstance(t, str)):
            raise ReportError(f"profile: the answer {_shown(name)} = {_shown(value)} is not "
                              "allowed; give a crampkit.Profile or a dict of plain answers")
    return profile


def _shown(value) -> str:
    from crampkit.safe_files import one_line

    return one_line(repr(value), 60)


def _plain_value(value) -> bool:
    """Text, yes/no, nothing or a finite number of sensible size: what answers hold."""
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, (int, float)):
        return math.isfinite(value) and abs(value) < 1e15 if isinstance(value, float) \
            else abs(value) < 10**15
    return False


_ASSESSMENT_LISTS = ("red_flags", "causes", "medications", "plan")
_ASSESSMENT_TEXTS = ("unrecognised_medications", "conditions", "unrecognised_conditions")


def _check_assessment_values(assessment: dict) -> None:
    """Every value has the shape crampkit.assess gives (lists of dicts of plain values)."""
    def bad(where, value):
        raise ReportError(f"assessment: {where} = {_shown(value)} is not what crampkit.assess "
                          "gives; give crampkit.assess(profile) or its to_dict()")

    for key in _ASSESSMENT_LISTS:
        items = assessment[key]
        if not isinstance(items, list):
            bad(key, items)
        for number, item in enumerate(items):
            if not isinstance(item, dict):
                bad(f"{key}[{number}]", item)
            for name, value in item.items():
                values = value if isinstance(value, (list, tuple)) else [value]
                if not isinstance(name, str) or not all(_plain_value(v) for v in values):
                    bad(f"{key}[{number}][{_shown(name)}]", value)
                for text in [name, *values]:
                    if isinstance(text, str) and not _valid_unicode(text):
                        bad(f"{key}[{number}][{_shown(name)}]", text)
    for key in _ASSESSMENT_TEXTS:
        items = assessment[key]
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            bad(key, items)
        for value in items:
            if not _valid_unicode(value):
                bad(key, value)
    if not isinstance(assessment.get("disclaimer", ""), str) \
            or not _valid_unicode(assessment.get("disclaimer", "")):
        bad("disclaimer", assessment["disclaimer"])


def _valid_unicode(text: str) -> bool:
    """False for text holding a lone surrogate (such as "\\ud800"), which no file can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _report_date(today) -> date:
    if today is None:
        return date.today()
    if isinstance(today, (date, datetime)):
        day = today.date() if isinstance(today, datetime) else today
        if isinstance(day, date) and not isinstance(day, datetime) and day.year >= 1:
            return day  # pandas' NaT is a datetime whose .date() is not a date
    if isinstance(today, str):
        try:
            return date.fromisoformat(today.strip()[:10])
        except ValueError:
            pass
    raise ReportError(f"today: {today!r} is not a date; give a date or text like 2025-11-03")


def _check_diary(diary_df):
    if diary_df is None:
        return None
    needed = ("when", "leg", "muscle", "duration_minutes", "severity")
    columns = getattr(diary_df, "columns", None)
    if columns is None or any(c not in columns for c in needed):
        raise ReportError(f"diary_df: give a diary table with the columns {', '.join(needed)} "
                          "(Diary().list() or crampkit.diary.demo_frame())")
    from crampkit import diary

    try:
        return diary.checked_frame(diary_df, "diary_df")
    except diary.DiaryError as problem:
        raise ReportError(str(problem)) from None


def _table(name: str, key: str) -> dict[str, dict]:
    """Rows of a shipped table by id; empty when the table is not there (labels fall back)."""
    from crampkit.content import read_table

    try:
        return {row[key]: row for row in read_table(name)}
    except (OSError, KeyError):
        return {}


def _words(identifier: str) -> str:
    return str(identifier).replace("_", " ")


def _cause_title(category: str) -> str:
    return _table("causes.csv", "category").get(category, {}).get("title") or _words(category)


def _cause_evidence(category: str) -> str:
    return _table("causes.csv", "category").get(category, {}).get("evidence_level", "")


def _class_name(class_id: str) -> str:
    return _table("medication_classes.csv", "class_id").get(class_id, {}).get("name") \
        or _words(class_id)


def _condition_name(condition_id: str) -> str:
    return _table("conditions.csv", "condition_id").get(condition_id, {}).get("name") \
        or _words(condition_id)


def _flag_title(flag: dict) -> str:
    for row in _table_rows("red_flags.csv"):
        if row.get("flag_id") == flag.get("id") and row.get("urgency") == flag.get("urgency"):
            return row.get("title") or _words(flag.get("id", ""))
    return _words(flag.get("id", "")).capitalize()


def _table_rows(name: str):
    from crampkit.content import read_table

    try:
        return read_table(name)
    except OSError:
        return ()


def _answer_text(name: str, value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        if name == "conditions":
            return ", ".join(str(v) for v in value)
        return ", ".join(_words(v) for v in value)
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return _words(value) if name == "sex" else str(value)


def _answers(profile: dict) -> list[tuple[str, str]]:
    """(label, value) for each answer given; unanswered and default "no" answers left out."""
    rows = []
    for name, value in profile.items():
        if value is None or value == () or value == [] or value is False or value == "":
            continue
        if name == "sex" and value == "unspecified":
            continue
        rows.append((PROFILE_LABELS.get(name, _words(name).capitalize()),
                     _answer_text(name, value)))
    return rows


def _highest(urgencies) -> str:
    ranks = [URGENCY_ORDER.index(u) for u in urgencies if u in URGENCY_ORDER]
    return URGENCY_ORDER[max(ranks)] if ranks else "routine_self_care"


def _overall(a: dict, diary_flags) -> str:
    """The report's urgency: never lower than any warning sign listed in it."""
    return _highest([a["urgency"]] + [f.get("urgency") for f in a["red_flags"]]
                    + [f.urgency for f in diary_flags])


def _headline(a: dict, overall: str) -> str:
    if overall == "routine_self_care" and a.get("diary_only"):
        return "No warning signs found in the diary: self-care first"
    return URGENCY_HEADLINES[overall]


def _diary_parts(diary_df):
    """Summary sentences, pattern flags and weekly counts for a diary table (or Nones)."""
    if diary_df is None:
        return None, [], None
    from crampkit import diary

    return diary.summary(diary_df), diary.pattern_flags(diary_df), diary.weekly_counts(diary_df)


def _is_synthetic(diary_df) -> bool:
    return bool(getattr(diary_df, "attrs", {}).get("synthetic"))


def _reference_ids(assessment: dict, diary_flags) -> list[str]:
    seen: list[str] = []
    groups = [assessment["red_flags"], assessment["causes"], assessment["plan"]]
    for group in groups:
        for item in group:
            for ref in item.get("reference_ids", ()) or ():
                if ref not in seen:
                    seen.append(ref)
    for flag in diary_flags:
        for ref in flag.reference_ids:
            if ref not in seen:
                seen.append(ref)
    return seen


def _resolved_references(ids):
    from crampkit.content import references

    known = references()
    return [(ref_id, known.get(ref_id)) for ref_id in ids]


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- SVG chart

def weekly_bar_svg(week_counts, *, width: int = 560, height: int = 220) -> str:
    """An inline SVG bar chart of cramps per week (no script, loads nothing).

    ``week_counts`` is ``crampkit.diary.weekly_counts(df)``: counts indexed by Monday.

    >>> import pandas as pd
    >>> svg = weekly_bar_svg(pd.Series([2, 5], index=pd.to_datetime(["2025-10-06",
    ...                                                               "2025-10-13"])))
    >>> svg.count("<rect class=\\"bar\\""), 'role="img"' in svg
    (2, True)
    """
    import pandas as pd

    for name, size in (("width", width), ("height", height)):
        if isinstance(size, bool) or not isinstance(size, int) or not 100 <= size <= 4000:
            raise ReportError(f"{name}: {size!r} is not allowed; give a whole number of pixels "
                              "from 100 to 4000")
    if not isinstance(week_counts, pd.Series) or not isinstance(week_counts.index, pd.DatetimeIndex):
        raise ReportError(f"week_counts: {type(week_counts).__name__} is not allowed; give "
                          "crampkit.diary.weekly_counts(df)")
    numbers = pd.to_numeric(week_counts, errors="coerce")
    if week_counts.index.hasnans or numbers.isna().any() or (numbers < 0).any() \
            or (numbers > 10**6).any() or (numbers % 1 != 0).any():
        raise ReportError("week_counts: every week needs a date and a whole count from 0 "
                          "(give crampkit.diary.weekly_counts(df))")
    labels = [f"{monday.day} {monday:%b}" for monday in week_counts.index]
    values = [int(v) for v in numbers]
    top = max(values + [1])
    left, right, above, below = 44, 12, 16, 48
    plot_w, plot_h = width - left - right, height - above - below
    step = plot_w / max(len(values), 1)
    bar_w = step * 0.7
    description = ", ".join(f"week of {lab}: {val}" for lab, val in zip(labels, values))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title '
        f'chart-desc" style="max-width:100%;height:auto">',
        '<title id="chart-title">Cramps per week</title>',
        f'<desc id="chart-desc">Bar chart of cramps per week (weeks start on Monday): '
        f'{html.escape(description)}.</desc>',
    ]
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    for tick in ticks:
        y = above + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     'stroke="#d9d9d9" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#1a1a1a">{tick}</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        x = left + i * step + (step - bar_w) / 2
        bar_h = plot_h * value / top
        y = above + plot_h - bar_h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="11" '
                     f'text-anchor="middle" fill="#1a1a1a">{value}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{above + plot_h + 16:.1f}" '
                     f'font-size="11" text-anchor="middle" fill="#1a1a1a">'
                     f'{html.escape(label)}</text>')
    parts.append(f'<line x1="{left}" y1="{above + plot_h}" x2="{width - right}" '
                 f'y2="{above + plot_h}" stroke="#595959" stroke-width="1"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" font-size="12" '
                 'text-anchor="middle" fill="#1a1a1a">Week starting (Monday)</text>')
    parts.append(f'<text x="12" y="{above + plot_h / 2:.1f}" font-size="12" '
                 f'text-anchor="middle" fill="#1a1a1a" transform="rotate(-90 12 '
                 f'{above + plot_h / 2:.1f})">Cramps (count)</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- HTML

_CSS = """
@page { size: auto; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #1a1a1a; background: #ffffff; max-width: 190mm; margin: 0 auto;
       padding: 10mm 8mm; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1px solid #595959;
     padding-bottom: 2pt; }
h3 { font-size: 12pt; margin: 10pt 0 4pt; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
li, tr, figure, .flag, .cause { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3pt 6pt;
         border-bottom: 1px solid #d9d9d9; }
th { width: 40%; font-weight: bold; }
.urgency { font-size: 13pt; font-weight: bold; padding: 6pt 10pt; margin: 6pt 0;
           border-left: 8px solid; background: #f7f7f7; }
.flag { border-left: 5px solid; padding: 4pt 10pt; margin: 6pt 0; background: #fafafa; }
.flag p { margin: 2pt 0; }
.meter { display: inline-block; width: 40mm; height: 9pt; border: 1px solid #595959;
         vertical-align: middle; margin-right: 6pt; background: #ffffff; }
.meter span { display: block; height: 100%; background: #0072B2; }
.small { font-size: 9.5pt; color: #404040; }
.refs li { margin-bottom: 3pt; }
figure { margin: 8pt 0; }
figcaption { font-size: 10pt; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: #1a1a1a; }
}
""".strip()


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _refs_inline(ids) -> str:
    ids = list(ids or ())
    return f' <span class="small">[{_e(", ".join(ids))}]</span>' if ids else ""


def _html_flag(title: str, urgency: str, message: str, ref_ids) -> str:
    colour = URGENCY_COLOURS.get(urgency, "#595959")
    return (f'<div class="flag" style="border-left-color:{colour}">'
            f"<p><strong>{_e(title)}</strong> ({_e(_words(urgency))})</p>"
            f"<p>{_e(message)}{_refs_inline(ref_ids)}</p></div>")


def render_html(assessment, profile=None, diary_df=None, today=None) -> str:
    """The whole report as one self-contained HTML page (no scripts, nothing loaded).

    ``assessment`` is a ``crampkit.Assessment`` or its ``to_dict()`` (``None`` for a
    diary-only report); ``profile`` a
    ``crampkit.Profile`` or dict of answers; ``diary_df`` a diary table
    (``Diary().list()``); ``today`` the date printed on the report (default: today).
    """
    a = _assessment_dict(assessment)
    answers = _answers(_profile_dict(profile))
    diary_df = _check_diary(diary_df)
    day = _report_date(today)
    sentences, diary_flags, weeks = _diary_parts(diary_df)
    overall = _overall(a, diary_flags)
    colour = URGENCY_COLOURS.get(overall, URGENCY_COLOURS["emergency"])
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Leg cramp report, {_e(_long_date(day))}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        # Warning signs first, before anything else, so nobody has to read on to find them.
        '<section id="red-flags" aria-labelledby="red-flags-title">',
        '<h1 id="red-flags-title">Leg cramp report: warning signs first</h1>',
        f'<p class="urgency" style="border-left-color:{colour}">{_e(_headline(a, overall))}'
        "</p>",
    ]
    detail = urgency_label(overall, detail=True)
    if detail and not (overall == "routine_self_care" and a.get("diary_only")):
        out.append(f"<p>{_e(detail)}</p>")
    if a["red_flags"]:
        out.append("<h2>Warning signs in the answers</h2>")
        for flag in a["red_flags"]:
            out.append(_html_flag(_flag_title(flag), flag.get("urgency", ""),
                                  flag.get("message", ""), flag.get("reference_ids")))
    elif a.get("diary_only"):
        out.append(f"<p>{_e(DIARY_ONLY_NOTE)}</p>")
    else:
        out.append("<p>No warning signs were found in the answers.</p>")
    if diary_flags:
        out.append("<h2>Warning signs in the cramp diary</h2>")
        for flag in diary_flags:
            out.append(_html_flag(flag.title, flag.urgency, flag.message, flag.reference_ids))
    out.append(f'<p class="small">Report made on {_e(_long_date(day))}. For learning and '
               "for talking with a clinician; it is not a diagnosis.</p>")
    out.append("</section>")

    out.append('<section id="answers"><h2>Your answers</h2>')
    if answers:
        out.append("<table>")
        out += [f"<tr><th scope=\"row\">{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in answers]
        out.append("</table>")
    else:
        out.append("<p>No answers were included in this report.</p>")
    if a["conditions"] or a["unrecognised_conditions"]:
        recognised = ", ".join(_condition_name(c) for c in a["conditions"]) or "none"
        out.append(f"<p>Conditions recognised: {_e(recognised)}.</p>")
        if a["unrecognised_conditions"]:
            out.append(f"<p>Not recognised (please tell the clinician): "
                       f"{_e(', '.join(a['unrecognised_conditions']))}.</p>")
    out.append("</section>")

    out.append('<section id="causes"><h2>What may contribute</h2>')
    out.append('<p class="small">Scores run from 0 (nothing in the answers points to it) to '
               "100. They say what may contribute, not what causes the cramps.</p>")
    for cause in a["causes"]:
        score = max(0.0, min(1.0, float(cause.get("score", 0) or 0)))
        evidence = _cause_evidence(cause.get("category", ""))
        evidence_text = f" Evidence: {_e(_words(evidence))}." if evidence else ""
        out.append('<div class="cause">')
        out.append(f"<h3>{_e(_cause_title(cause.get('category', '')))}</h3>")
        out.append(f'<p><span class="meter" role="img" aria-label="score {round(score * 100)} '
                   f'out of 100"><span style="width:{score * 100:.0f}%"></span></span>'
                   f"{round(score * 100)} out of 100.{evidence_text}"
                   f"{_refs_inline(cause.get('reference_ids'))}</p>")
        reasons = cause.get("reasons") or []
        if reasons:
            out.append("<ul>" + "".join(f"<li>{_e(r)}</li>" for r in reasons) + "</ul>")
        out.append("</div>")
    if not a["causes"]:
        out.append("<p>No causes were scored.</p>")
    out.append("</section>")

    out.append('<section id="plan"><h2>Plan</h2>')
    if a["plan"]:
        out.append("<ol>" + "".join(
            f"<li>{_e(step.get('text', ''))}{_refs_inline(step.get('reference_ids'))}</li>"
            for step in a["plan"]) + "</ol>")
    else:
        out.append("<p>No plan steps.</p>")
    out.append("</section>")

    out.append('<section id="medications"><h2>Medicines recognised</h2>')
    if a["medications"]:
        out.append("<table><tr><th scope=\"col\">Medicine as typed</th><th scope=\"col\">"
                   "Group</th><th scope=\"col\">Evidence of a link with cramps</th></tr>")
        for med in a["medications"]:
            groups = ", ".join(_class_name(c) for c in med.get("class_ids", ()))
            out.append(f"<tr><td>{_e(med.get('input', ''))}</td><td>{_e(groups)}</td>"
                       f"<td>{_e(_words(med.get('evidence_level', '')))}</td></tr>")
        out.append("</table>")
        out.append("<p>Keep taking prescribed medicines as prescribed; ask the prescriber or "
                   "pharmacist whether one could play a part.</p>")
    else:
        out.append("<p>No medicine linked with cramps was recognised.</p>")
    if a["unrecognised_medications"]:
        out.append(f"<p>Not recognised (ask a pharmacist): "
                   f"{_e(', '.join(a['unrecognised_medications']))}.</p>")
    out.append("</section>")

    out.append('<section id="diary"><h2>Cramp diary</h2>')
    if sentences is None:
        out.append("<p>No diary was included in this report.</p>")
    else:
        if _is_synthetic(diary_df):
            out.append(f"<p><strong>{_e(SYNTHETIC_NOTE)}</strong></p>")
        out.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in sentences) + "</ul>")
        if weeks is not None and len(weeks):
            shown = weeks.iloc[-REPORT_WEEKS:]
            out.append("<figure>" + weekly_bar_svg(shown) +
                       f"<figcaption>Cramps per week{_weeks_note(weeks)}. "
                       f"{_e(_weeks_sentence(shown))}</figcaption></figure>")
    out.append("</section>")

    out.append('<section id="references"><h2>References</h2><ol class="refs">')
    for ref_id, ref in _resolved_references(_reference_ids(a, diary_flags)):
        if ref is None:
            out.append(f"<li>[{_e(ref_id)}] (not found in crampkit's reference list)</li>")
            continue
        link = (f' <a href="{_e(ref.url)}">{_e(ref.url)}</a>'
                if ref.url.startswith(("https://", "http://")) else "")
        out.append(f"<li>[{_e(ref_id)}] {_e(ref.citation)}{link}</li>")
    out.append("</ol></section>")

    out.append('<footer id="disclaimer"><h2>Please note</h2>')
    out.append(f"<p>{_e(a['disclaimer'])}</p>")
    out.append(f"<p>Report made with crampkit on {_e(_long_date(day))}.</p></footer>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _weeks_note(weeks) -> str:
    return f" (the last {REPORT_WEEKS} weeks)" if len(weeks) > REPORT_WEEKS else ""


def _weeks_sentence(weeks) -> str:
    busiest = weeks.idxmax()
    total = int(weeks.sum())
    return (f"{total} cramp{'' if total == 1 else 's'} over {len(weeks)} "
            f"week{'s' if len(weeks) != 1 else ''}; the most in one week was "
            f"{int(weeks.max())} (week of {busiest.day} {busiest:%b}).")


# --------------------------------------------------------------------------- Markdown

def _md(text) -> str:
    """Text safe inside Markdown: characters that would start markup are escaped."""
    text = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _md_refs(ids) -> str:
    ids = list(ids or ())
    return f" \\[{_md(', '.join(ids))}\\]" if ids else ""


def render_markdown(assessment, profile=None, diary_df=None, today=None) -> str:
    """The same report as Markdown text, in the same order (warning signs first).

    >>> a = {"urgency": "urgent", "red_flags": [{"id": "dark_urine", "urgency": "urgent",
    ...      "message": "Dark urine with cramps needs care today.", "reference_ids": []}],
    ...      "causes": [], "medications": [], "unrecognised_medications": [],
    ...      "conditions": [], "unrecognised_conditions": [], "plan": [], "disclaimer": "."}
    >>> render_markdown(a, today="2025-11-03").splitlines()[2]
    '**URGENT: get medical help today**'
    """
    a = _assessment_dict(assessment)
    answers = _answers(_profile_dict(profile))
    diary_df = _check_diary(diary_df)
    day = _report_date(today)
    sentences, diary_flags, weeks = _diary_parts(diary_df)
    overall = _overall(a, diary_flags)
    out = ["# Leg cramp report: warning signs first", "", f"**{_md(_headline(a, overall))}**", ""]
    detail = urgency_label(overall, detail=True)
    if detail and not (overall == "routine_self_care" and a.get("diary_only")):
        out += [_md(detail), ""]
    if a["red_flags"]:
        out += ["## Warning signs in the answers", ""]
        for flag in a["red_flags"]:
            out.append(f"- **{_md(_flag_title(flag))}** ({_md(_words(flag.get('urgency', '')))}): "
                       f"{_md(flag.get('message', ''))}{_md_refs(flag.get('reference_ids'))}")
        out.append("")
    elif a.get("diary_only"):
        out += [DIARY_ONLY_NOTE, ""]
    else:
        out += ["No warning signs were found in the answers.", ""]
    if diary_flags:
        out += ["## Warning signs in the cramp diary", ""]
        for flag in diary_flags:
            out.append(f"- **{_md(flag.title)}** "
                       f"({_md(_words(flag.urgency))}): {_md(flag.message)}"
                       f"{_md_refs(flag.reference_ids)}")
        out.append("")
    out += [f"Report made on {_long_date(day)}. For learning and for talking with a "
            "clinician; it is not a diagnosis.", ""]

    out += ["## Your answers", ""]
    if answers:
        out += ["| Question | Answer |", "| --- | --- |"]
        out += [f"| {_md(k)} | {_md(v)} |" for k, v in answers]
    else:
        out.append("No answers were included in this report.")
    if a["conditions"]:
        out += ["", "Conditions recognised: " +
                _md(", ".join(_condition_name(c) for c in a["conditions"])) + "."]
    if a["unrecognised_conditions"]:
        out += ["", "Not recognised (please tell the clinician): " +
                _md(", ".join(a["unrecognised_conditions"])) + "."]
    out.append("")

    out += ["## What may contribute", "",
            "Scores run from 0 to 100. They say what may contribute, not what causes the "
            "cramps.", ""]
    for cause in a["causes"]:
        score = round(max(0.0, min(1.0, float(cause.get("score", 0) or 0))) * 100)
        evidence = _cause_evidence(cause.get("category", ""))
        evidence_text = f" Evidence: {_words(evidence)}." if evidence else ""
        out.append(f"### {_md(_cause_title(cause.get('category', '')))}: {score} out of 100")
        out += ["", f"{evidence_text.strip()}{_md_refs(cause.get('reference_ids'))}".strip(), ""]
        out += [f"- {_md(r)}" for r in cause.get("reasons") or []]
        out.append("")
    out += ["## Plan", ""]
    out += [f"{i}. {_md(step.get('text', ''))}{_md_refs(step.get('reference_ids'))}"
            for i, step in enumerate(a["plan"], start=1)] or ["No plan steps."]
    out += ["", "## Medicines recognised", ""]
    if a["medications"]:
        out += ["| Medicine as typed | Group | Evidence of a link with cramps |",
                "| --- | --- | --- |"]
        for med in a["medications"]:
            groups = ", ".join(_class_name(c) for c in med.get("class_ids", ()))
            out.append(f"| {_md(med.get('input', ''))} | {_md(groups)} | "
                       f"{_md(_words(med.get('evidence_level', '')))} |")
        out += ["", "Keep taking prescribed medicines as prescribed; ask the prescriber or "
                "pharmacist whether one could play a part."]
    else:
        out.append("No medicine linked with cramps was recognised.")
    if a["unrecognised_medications"]:
        out += ["", "Not recognised (ask a pharmacist): " +
                _md(", ".join(a["unrecognised_medications"])) + "."]
    out += ["", "## Cramp diary", ""]
    if sentences is None:
        out.append("No diary was included in this report.")
    else:
        if _is_synthetic(diary_df):
            out += [f"**{_md(SYNTHETIC_NOTE)}**", ""]
        out += [f"- {_md(s)}" for s in sentences]
        if weeks is not None and len(weeks):
            out += ["", "| Week starting (Monday) | Cramps (count) |", "| --- | --- |"]
            out += [f"| {m.day} {m:%b %Y} | {int(v)} |"
                    for m, v in weeks.iloc[-REPORT_WEEKS:].items()]
    out += ["", "## References", ""]
    for i, (ref_id, ref) in enumerate(_resolved_references(_reference_ids(a, diary_flags)), 1):
        if ref is None:
            out.append(f"{i}. \\[{_md(ref_id)}\\] (not found in crampkit's reference list)")
        else:
            url = f" <{ref.url}>" if ref.url.startswith(("https://", "http://")) else ""
            out.append(f"{i}. \\[{_md(ref_id)}\\] {_md(ref.citation)}{url}")
    out += ["", "## Please note", "", _md(a["disclaimer"]), "",
            f"Report made with crampkit on {_long_date(day)}.", ""]
    return "\n".join(out)


def save_report(path: str | os.PathLike, html_text: str) -> Path:
    """Write a rendered report to ``path`` (UTF-8) and return the path.

    The file is written next to its final name and then moved into place, so a crash
    never leaves half a report.
    """
    from crampkit.safe_files import one_line, private_folder, write_private

    if not isinstance(html_text, str):
        raise ReportError(f"html: {type(html_text).__name__} is not text; "
                          "give the string render_html() returned")
    if not _valid_unicode(html_text):
        raise ReportError("html: the text holds a character that is not valid Unicode (a lone "
                          "surrogate), so it cannot be saved; nothing was written")
    try:
        path = Path(path)
        os.fsencode(path)
    except (TypeError, UnicodeError):
        raise ReportError(f"path: {_shown(path)} is not a file path this system can use") \
            from None
    try:
        private_folder(path.parent)
        write_private(path, html_text)  # 0600, written next to it and moved into place
    except OSError as exc:
        raise ReportError(one_line(f"path: cannot write the report to {path} "
                                   f"({exc.strerror or exc})")) from None
    return path
