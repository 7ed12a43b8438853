"""The report's content, worked out once: a :class:`ReportContext` of plain values.

Everything a report says comes from here (checked inputs, the headline, labels looked up in
the data tables, the diary summary); the HTML and Markdown templates only lay it out.
"""
from __future__ import annotations

import math
from dataclasses import astuple, dataclass, field
from datetime import date, datetime

from crampkit import diary
from crampkit.assessment.red_flags import URGENCY_ORDER  # one order for the whole package
from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_table, read_text, references
from crampkit.pictures import picture, step_picture_ids
from crampkit.presentation import NOT_COUNTED_WORDS as presentation_not_counted
from crampkit.presentation import URGENCY_COLOURS as PRESENTED_COLOURS
from crampkit.presentation import (
    CauseLine,
    MedicineLine,
    Sign,
    cause_line,
    condition_name,
    first_cited,
    highest_urgency,
    medicine_groups,
    medicine_link,
    sign_line,
    urgency_colour,
    urgency_headline,
    view_text,
)
from crampkit.safe_files import one_line
from crampkit.wording import answer_labels, label, urgency_words


class _Headlines(dict):
    """``URGENCY_HEADLINES[urgency]``: the words from ``data/answer_labels.csv``."""

    def __missing__(self, urgency):
        return urgency_label(urgency)


URGENCY_HEADLINES = _Headlines()
URGENCY_COLOURS = PRESENTED_COLOURS  # the one palette (crampkit.presentation), without plotly
REPORT_WEEKS = 26  # the chart and table show at most the last half year, to stay readable
PROFILE_LABELS = answer_labels()  # short names of the answers, from data/answer_labels.csv
DIARY_ONLY_NOTE = view_text("report_diary_only_note")  # data/view_texts.csv
SYNTHETIC_NOTE = view_text("report_synthetic_note")
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
        raise ReportError(message("report_not_a_choice", field="urgency", typed=shown_value(urgency),
                                  choices=", ".join(URGENCY_ORDER)))
    if not isinstance(detail, bool):
        raise ReportError(message("report_not_true_false", field="detail", typed=shown_value(detail)))
    return urgency_words(urgency, detail)


# --------------------------------------------------------------------------- inputs

def _diary_only() -> dict:
    """What stands in for an assessment when only the diary goes into the report."""
    try:
        disclaimer = read_text("disclaimer.md").strip()
    except OSError:
        disclaimer = view_text("report_disclaimer_short")
    return {"urgency": "routine_self_care", "red_flags": [], "causes": [], "medications": [],
            "unrecognised_medications": [], "conditions": [], "unrecognised_conditions": [],
            "plan": [], "disclaimer": disclaimer, "diary_only": True}


def _assessment_dict(assessment) -> dict:
    if assessment is None:
        return _diary_only()
    if hasattr(assessment, "to_dict"):
        assessment = assessment.to_dict()
    if not isinstance(assessment, dict):
        raise ReportError(message("report_not_an_assessment", kind=type(assessment).__name__))
    missing = [key for key in CONTRACT_KEYS if key not in assessment]
    if missing:
        raise ReportError(message("report_key_missing", key=repr(missing[0]), keys=", ".join(CONTRACT_KEYS)))
    _check_assessment_values(assessment)
    if not isinstance(assessment["urgency"], str) or assessment["urgency"] not in URGENCY_ORDER:
        raise ReportError(message("report_not_a_choice", field="assessment: urgency",
                                  typed=shown_value(assessment["urgency"]), choices=", ".join(URGENCY_ORDER)))
    for number, flag in enumerate(assessment["red_flags"]):
        if flag.get("urgency") not in URGENCY_ORDER:
            raise ReportError(message("report_not_a_choice", field=f"assessment: red_flags[{number}] urgency",
                                      typed=shown_value(flag.get("urgency")), choices=", ".join(URGENCY_ORDER)))
    for number, cause in enumerate(assessment["causes"]):
        score = cause.get("score", 0)
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                                  or not math.isfinite(score)):
            raise ReportError(message("report_score_not_a_number", field=f"assessment: causes[{number}] score",
                                      typed=shown_value(score)))
    return assessment


def _profile_dict(profile) -> dict:
    if profile is None:
        return {}
    if hasattr(profile, "to_dict"):
        profile = profile.to_dict()
    if not isinstance(profile, dict):
        raise ReportError(message("report_not_a_profile", kind=type(profile).__name__))
    for name, value in profile.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        if not isinstance(name, str) or not all(_plain_value(v) for v in items) \
                or not all(valid_unicode(t) for t in [name, *items] if isinstance(t, str)):
            raise ReportError(message("report_answer_not_plain", name=shown_value(name), typed=shown_value(value)))
    return profile


def shown_value(value) -> str:
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
        raise ReportError(message("report_value_not_assessed", where=where, typed=shown_value(value)))

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
                    bad(f"{key}[{number}][{shown_value(name)}]", value)
                for text in [name, *values]:
                    if isinstance(text, str) and not valid_unicode(text):
                        bad(f"{key}[{number}][{shown_value(name)}]", text)
    for key in _ASSESSMENT_TEXTS:
        items = assessment[key]
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            bad(key, items)
        for value in items:
            if not valid_unicode(value):
                bad(key, value)
    if not isinstance(assessment.get("disclaimer", ""), str) \
            or not valid_unicode(assessment.get("disclaimer", "")):
        bad("disclaimer", assessment["disclaimer"])


def valid_unicode(text: str) -> bool:
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
    raise ReportError(message("report_not_a_date", typed=repr(today)))


def _check_diary(diary_df):
    if diary_df is None:
        return None
    needed = ("when", "leg", "muscle", "duration_minutes", "severity")
    columns = getattr(diary_df, "columns", None)
    if columns is None or any(c not in columns for c in needed):
        raise ReportError(message("report_diary_columns", columns=", ".join(needed)))
    try:
        return diary.checked_frame(diary_df, "diary_df")
    except diary.DiaryError as problem:
        raise ReportError(str(problem)) from None


def _words(identifier: str) -> str:
    return str(identifier).replace("_", " ")










def _condition_name(condition_id: str) -> str:
    return condition_name(condition_id)


def _flag_title(flag: dict) -> str:
    for row in _table_rows("red_flags.csv"):
        if row.get("flag_id") == flag.get("id") and row.get("urgency") == flag.get("urgency"):
            return row.get("title") or _words(flag.get("id", ""))
    return _words(flag.get("id", "")).capitalize()


def _table_rows(name: str):
    try:
        return read_table(name)
    except OSError:
        return ()


def _answer_text(name: str, value) -> str:
    if isinstance(value, bool):
        return view_text("report_yes" if value else "report_no")
    if isinstance(value, (list, tuple)):
        if name == "conditions":
            return ", ".join(str(v) for v in value)
        return ", ".join(_words(v) for v in value)
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return _words(value) if name == "sex" else str(value)


SHOWN_ELSEWHERE = ("age", "sex", "medications", "conditions")


def _answers(profile: dict) -> list[tuple[str, str]]:
    """(label, value) for each answer given; unanswered and default "no" answers left out."""
    rows = []
    for name, value in profile.items():
        if name in SHOWN_ELSEWHERE:
            continue
        if value is None or value == () or value == [] or value is False or value == "":
            continue
        if name == "sex" and value == "unspecified":
            continue
        rows.append((PROFILE_LABELS.get(name, _words(name).capitalize()),
                     _answer_text(name, value)))
    return rows


def _highest(urgencies) -> str:
    return highest_urgency(urgencies)


def _overall(a: dict, diary_flags) -> str:
    """The report's urgency: never lower than any warning sign listed in it."""
    return _highest([a["urgency"]] + [f.get("urgency") for f in a["red_flags"]]
                    + [f.urgency for f in diary_flags])


def _headline(a: dict, overall: str) -> str:
    if overall == "routine_self_care" and a.get("diary_only"):
        return view_text("report_diary_no_signs_headline")
    return urgency_headline(overall, a["red_flags"], bool(_not_understood(a)))[1]


def _not_understood(a: dict) -> tuple[str, ...]:
    """Every typed condition and medicine crampkit did not understand, as typed (contract v3)."""
    return tuple(a.get("unrecognised_conditions") or ()) + tuple(a.get("unrecognised_medications") or ())


def _level(a: dict, overall: str) -> str:
    """The key of the headline words: "now" for a flag worded as now; while anything typed was
    not understood, never "none of your answers is a warning sign" (contract v3)."""
    return urgency_headline(overall, a["red_flags"], bool(_not_understood(a)))[0]


NOT_COUNTED_WORDS = presentation_not_counted  # one wording: crampkit.presentation


def _implied(a: dict, said_as: dict) -> tuple[str, ...]:
    """Conditions the medicines suggest, in plain words, as a suggestion (contract v3)."""
    lines = []
    for item in a.get("implied_conditions") or ():
        name = said_as.get(item.get("id")) or _condition_name(item.get("id", "")).lower()
        because = ", ".join(str(x) for x in item.get("because") or ())
        lines.append(view_text("report_implied_because", name=name, because=because) if because else name)
    return tuple(lines)


def _diary_parts(diary_df):
    """Summary sentences, pattern flags and weekly counts for a diary table (or Nones); a
    made-up diary (:func:`_is_synthetic`) is said as the made-up example person's, never "you"."""
    if diary_df is None:
        return None, [], None
    made_up = _is_synthetic(diary_df)
    return (diary.summary(diary_df, made_up=made_up), diary.pattern_flags(diary_df, made_up=made_up),
            diary.weekly_counts(diary_df))


def _is_synthetic(diary_df) -> bool:
    return bool(getattr(diary_df, "attrs", {}).get("synthetic"))


def _resolved_references(ids):
    known = references()
    return [(ref_id, known.get(ref_id)) for ref_id in ids]


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"




def _weeks_note(weeks) -> str:
    return " " + view_text("report_weeks_note", weeks=REPORT_WEEKS) if len(weeks) > REPORT_WEEKS else ""


def _count_words(kind: str, count: int) -> str:
    """"1 cramp", "3 weeks": rows ``report_<kind>_one`` and ``report_<kind>_many``."""
    return view_text(f"report_{kind}_{'one' if count == 1 else 'many'}", count=count)


def _weeks_sentence(weeks) -> str:
    busiest = weeks.idxmax()
    return view_text("report_weeks_sentence", cramps=_count_words("cramps", int(weeks.sum())),
                     weeks=_count_words("weeks", len(weeks)), most=int(weeks.max()),
                     week=f"{busiest.day} {busiest:%b}")


# --------------------------------------------------------------------------- who and what next

EPISODE_ROWS = 8  # the episode list shows at most this many cramps (the newest); notes of the rest are kept
LISTED_BELOW = view_text("report_listed_below")  # struck from the urgency's detail in the report


def _is_demo_profile(profile: dict) -> bool:
    """True when the answers are crampkit's made-up example person (``data/demo_profile.json``)."""
    import json

    try:
        demo = json.loads(read_text("demo_profile.json"))
    except (OSError, ValueError):
        return False
    if not profile or not isinstance(demo, dict):
        return False

    def same(a, b):
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return list(a) == list(b)
        return a == b

    return all(same(profile.get(k), v) for k, v in demo.items())


def _who(profile: dict) -> str:
    """"Age 74, male" from the answers; "" when neither was given."""
    parts = []
    age = profile.get("age")
    if isinstance(age, (int, float)) and not isinstance(age, bool) and math.isfinite(age):
        parts.append(view_text("report_who_age", age=int(age)))
    sex = profile.get("sex")
    if isinstance(sex, str) and sex and sex != "unspecified":
        parts.append(_words(sex))
    return ", ".join(parts)


def _action(a: dict, overall: str, has_signs: bool) -> str:
    """What to do, from ``data/answer_labels.csv``, without "listed below" when nothing is."""
    if overall == "routine_self_care" and a.get("diary_only"):
        return view_text("report_diary_no_signs_detail")
    detail = urgency_headline(overall, a["red_flags"], bool(_not_understood(a)))[2]
    # the signs follow at once (or there are none): "listed below" only adds words
    return " ".join(detail.replace(LISTED_BELOW, "").split())


@dataclass(frozen=True)
class Episode:
    """One cramp from the diary, as the episode list shows it."""

    when: str  # "3 Oct 2025 02:15"
    where: str  # "left calf"
    minutes: str
    severity: str
    helped: str
    notes: str


def _episode_rows(diary_df) -> tuple[tuple[Episode, ...], int, tuple[tuple[str, str], ...]]:
    """The newest :data:`EPISODE_ROWS` cramps (newest first), how many more there are, and
    the notes of those (date, note), so a person's own words are never dropped."""
    if diary_df is None or len(diary_df) == 0:
        return (), 0, ()
    df = diary_df.sort_values("when", ascending=False)
    rows = []
    previous = None
    for _, row in df.iterrows():
        when = row["when"]
        leg = view_text("report_both_legs") if row["leg"] == "both" else view_text("report_one_leg", leg=row["leg"])
        helped = ", ".join(_words(w) for w in str(row.get("relieved_by") or "").split(";") if w)
        minutes = float(row["duration_minutes"])
        notes = row.get("notes")
        notes = "" if notes is None or notes != notes else " ".join(str(notes).split())
        shown_notes = view_text("report_same_notes") if notes and notes == previous else notes
        previous = notes
        rows.append((Episode(f"{when.day} {when:%b %Y %H:%M}", f"{row['muscle']}, {leg}",
                             f"{minutes:g}", f"{float(row['severity']):g}",
                             helped or view_text("report_nothing_helped"),
                             shown_notes), notes))
    shown, rest = rows[:EPISODE_ROWS], rows[EPISODE_ROWS:]
    grouped: dict[str, list[str]] = {}  # each note once, with the dates it was written
    for episode, notes in rest:
        if notes:
            grouped.setdefault(notes, []).append(episode.when)
    def when(days):
        if len(days) <= 2:
            return "; ".join(days)
        return view_text("report_note_times", count=len(days), first=days[-1].rsplit(" ", 1)[0],
                         last=days[0].rsplit(" ", 1)[0])

    return (tuple(e for e, _ in shown), len(rest),
            tuple((when(days), notes) for notes, days in grouped.items()))


# --------------------------------------------------------------------------- the context

@dataclass(frozen=True)
class Flag(Sign):
    """One warning sign as the report shows it: the presentation's sign, and where it was
    found (the answers or the diary) with what the diary shows for a sign found in both."""

    source: str = "answers"  # or "diary"
    diary_facts: str = ""  # what the diary shows for the same sign, when the answers have it too

    @property
    def urgency_words(self) -> str:
        """"Urgent, today": the words that lead the sign."""
        return self.kind


# A cause as the report shows it: the presentation's line (title, meaning, how much in
# words, how sure the science is), with only the reasons from this person's answers.
Cause = CauseLine


# A medicine as the report shows it: the presentation's line (as typed, read as, its link
# with cramps), so the report and the apps say it in one wording.
Medicine = MedicineLine


@dataclass(frozen=True)
class Reference:
    id: str
    citation: str | None  # None: not in crampkit's reference list
    url: str  # only http(s) addresses, else ""
    short_name: str = ""

    @property
    def needs_url(self) -> bool:
        """False when the citation already names a DOI or PubMed id (the address adds nothing)."""
        return bool(self.url) and not any(k in (self.citation or "") for k in ("doi:", "PMID"))

    @property
    def shown_url(self) -> str:
        """The address without "https://" and "www." (the link keeps the whole address)."""
        text = self.url.split("://", 1)[-1]
        return text[4:] if text.startswith("www.") else text


@dataclass(frozen=True)
class DiaryPart:
    sentences: tuple[str, ...]
    synthetic: bool
    chart_weeks: object = None  # the last REPORT_WEEKS weekly counts (a pandas Series) or None
    weeks_note: str = ""
    weeks_sentence: str = ""
    episodes: tuple[Episode, ...] = ()
    more: int = 0  # cramps not in the list (the oldest)
    more_notes: tuple[tuple[str, str], ...] = ()  # (date, note) of those

    @property
    def week_rows(self) -> list[tuple[str, int]]:
        if self.chart_weeks is None:
            return []
        return [(f"{m.day} {m:%b %Y}", int(v)) for m, v in self.chart_weeks.items()]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report says, in the order it says it (warning signs first)."""

    day: str  # "3 November 2025"
    overall: str
    headline: str
    colour: str
    detail: str
    diary_only: bool
    red_flags: tuple[Flag, ...]
    diary_flags: tuple[Flag, ...]
    answers: tuple[tuple[str, str], ...]
    conditions: tuple[str, ...]  # names of the conditions recognised
    unrecognised_conditions: tuple[str, ...]
    causes: tuple[Cause, ...]
    plan: tuple[tuple[str, tuple[str, ...]], ...]  # (text, reference ids)
    medications: tuple[Medicine, ...]
    unrecognised_medications: tuple[str, ...]
    diary: DiaryPart | None
    references: tuple[Reference, ...]
    disclaimer: str
    # contract v3: what crampkit made of the typed words, and look-alikes
    not_understood: tuple[str, ...] = ()
    implied_conditions: tuple[str, ...] = ()  # "kidney disease treated with dialysis (because of ...)"
    not_counted: tuple[tuple[str, str], ...] = ()  # (as typed, why not counted, in words)
    other_conditions: tuple[str, ...] = ()
    look_alikes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (text, reference ids)
    notes: dict = field(default_factory=lambda: {"diary_only": DIARY_ONLY_NOTE,
                                                 "synthetic": SYNTHETIC_NOTE})
    who: str = ""  # "Age 74, male"
    made_up: bool = False  # the answers are crampkit's made-up example person
    medicines_typed: tuple[str, ...] = ()  # every medicine as the person typed it
    plan_pictures: tuple = ()  # crampkit.pictures.Picture of what the plan's steps ask, in order

    @property
    def medicines_not_checked(self) -> tuple[str, ...]:
        """Medicines in the answers that the assessment does not mention (never dropped)."""
        known = {m.typed for m in self.medications} | set(self.unrecognised_medications)
        return tuple(m for m in self.medicines_typed if m not in known)

    @property
    def signs(self) -> tuple[Flag, ...]:
        """Every warning sign, most urgent first (answers before the diary at one level)."""
        everything = list(self.red_flags) + list(self.diary_flags)
        rank = {u: i for i, u in enumerate(URGENCY_ORDER)}
        return tuple(sorted(everything, key=lambda f: -rank.get(f.urgency, len(URGENCY_ORDER))))

    @property
    def acting_now(self) -> bool:
        """True when the action (emergency or urgent help) comes before any self-care."""
        return self.overall in ("emergency", "urgent")

    def number(self, ref_id: str) -> int:
        """The number of a source in the reference list (1, 2, ...)."""
        return [r.id for r in self.references].index(ref_id) + 1

    def cite(self, ids) -> str:
        """"[1, 3]" for reference ids, in the list's numbering; "" for none."""
        known = [r.id for r in self.references]
        numbers = sorted({known.index(i) + 1 for i in ids or () if i in known})
        return f"[{', '.join(str(n) for n in numbers)}]" if numbers else ""


def _ids(values) -> tuple[str, ...]:
    return tuple(values or ())


# The reason that is the same for everyone (how sure the science is) starts with the words of
# its row in data/answer_labels.csv before "{evidence}"; the report shows it once, beside the score.
SCIENCE_LEAD = label("cause_reason_words", "how_sure").split("{evidence}")[0].strip()


def _own_reasons(reasons) -> tuple[str, ...]:
    """The reasons that come from this person's answers (how sure the research is, the same
    for everyone, is shown once beside the score)."""
    return tuple(r for r in reasons or () if not str(r).startswith(SCIENCE_LEAD))


def _plan_once(steps: list[dict]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(text, reference ids) of each plan step; a sentence said in full in an earlier step
    (such as "Keep taking it as prescribed ...") points back to that step instead.

    >>> _plan_once([{"text": "A: one. Keep it."}, {"text": "B: two. Keep it."}])[1][0]
    'B: two. Keep it (as in step 1).'
    """
    said: dict[str, int] = {}
    shown = []
    for number, step in enumerate(steps, start=1):
        sentences = [x for x in str(step.get("text", "")).split(". ") if x]
        kept = []
        for sentence in sentences:
            key = sentence.rstrip(".")
            if key in said and len(sentences) > 1 and kept:
                kept.append(view_text("report_as_in_step", words=key.split(";")[0].split(" and ")[0],
                                      number=said[key]))
            else:
                said.setdefault(key, number)
                kept.append(key)
        text = ". ".join(kept)
        shown.append((text + ("." if not text.endswith((".", "!", "?")) else ""),
                      _ids(step.get("reference_ids"))))
    return tuple(shown)


def _plan_pictures(steps: list[dict]) -> tuple:
    """The drawings of what the plan's steps ask (the stretches, toes up, ankle circles), each
    once, in the plan's order."""
    ids: list[str] = []
    for step in steps:
        ids += [i for i in step_picture_ids(str(step.get("text", "")), _ids(step.get("reference_ids")))
                if i not in ids]
    return tuple(picture(i) for i in ids)


def _plan_after_signs(a: dict) -> list[dict]:
    """The plan steps, less those that repeat a warning sign already shown at the top."""
    messages = [f.get("message") for f in a["red_flags"] if f.get("message")]
    return [step for step in a["plan"]
            if not any(m in str(step.get("text", "")) for m in messages)]


def _ordered_reference_ids(a: dict, diary_flags, plan=None) -> list[str]:
    """Reference ids in the order the report first cites them: signs, causes, plan (the steps
    after the warning signs, ``_plan_after_signs(a)`` when not given), look-alikes."""
    rank = {u: i for i, u in enumerate(URGENCY_ORDER)}
    signs = sorted([(f.get("urgency"), f.get("reference_ids")) for f in a["red_flags"]]
                   + [(f.urgency, f.reference_ids) for f in diary_flags],
                   key=lambda item: -rank.get(item[0], len(URGENCY_ORDER)))
    plan = _plan_after_signs(a) if plan is None else plan
    return list(first_cited([[ids for _, ids in signs],
                             [c.get("reference_ids") for c in a["causes"]
                              if round(100 * (c.get("score") or 0)) > 0],
                             [step.get("reference_ids") for step in plan],
                             [x.get("reference_ids") for x in a.get("look_alikes") or ()]]))


def build_context(assessment, profile=None, diary_df=None, today=None,
                  made_up: bool | None = None) -> ReportContext:
    """Check the inputs and work out everything the report says, once.

    ``made_up``: the answers are crampkit's made-up example person, said so at the top
    (``None``: worked out by comparing the answers with ``data/demo_profile.json``).

    >>> a = {"urgency": "routine_self_care", "red_flags": [], "causes": [], "medications": [],
    ...      "unrecognised_medications": [], "conditions": [], "unrecognised_conditions": [],
    ...      "plan": [], "disclaimer": "For learning only."}
    >>> build_context(a, today="2025-11-03").day
    '3 November 2025'
    """
    said_as = {i.id: i.said_as for i in getattr(assessment, "implied_conditions", ()) if hasattr(i, "said_as")}
    a = _assessment_dict(assessment)
    answers_dict = _profile_dict(profile)
    if made_up is not None and not isinstance(made_up, bool):
        raise ReportError(message("report_not_true_false", field="made_up", typed=shown_value(made_up)))
    answers = _answers(answers_dict)
    diary_df = _check_diary(diary_df)
    day = _report_date(today)
    sentences, diary_flags, weeks = _diary_parts(diary_df)
    overall = _overall(a, diary_flags)
    has_signs = bool(a["red_flags"] or diary_flags)
    diary = None
    if sentences is not None:
        shown = weeks.iloc[-REPORT_WEEKS:] if weeks is not None and len(weeks) else None
        episodes, more, more_notes = _episode_rows(diary_df)
        diary = DiaryPart(tuple(sentences), _is_synthetic(diary_df), shown,
                          _weeks_note(weeks) if shown is not None else "",
                          _weeks_sentence(shown) if shown is not None else "",
                          episodes, more, more_notes)
    plan = _plan_after_signs(a)  # once: the plan, its drawings and its sources
    typed = answers_dict.get("medications") if isinstance(answers_dict.get("medications"), (list, tuple)) else ()
    return ReportContext(
        day=_long_date(day), overall=overall, headline=_headline(a, overall),
        colour=urgency_colour(overall),
        detail=_action(a, overall, has_signs),
        diary_only=bool(a.get("diary_only")),
        red_flags=tuple(Flag(*astuple(sign_line(f.get("urgency", ""), _flag_title(f), f.get("message", ""),
                                                _ids(f.get("reference_ids")))), "answers",
                             " ".join(d.facts for d in diary_flags
                                      if (d.id, d.urgency) == (f.get("id"), f.get("urgency"))))
                        for f in a["red_flags"]),
        diary_flags=tuple(Flag(*astuple(sign_line(f.urgency, f.title, f.text, _ids(f.reference_ids))), "diary")
                          for f in diary_flags
                          if (f.id, f.urgency) not in {(x.get("id"), x.get("urgency")) for x in a["red_flags"]}),
        answers=tuple(answers),
        conditions=tuple(_condition_name(c) for c in a["conditions"]),
        unrecognised_conditions=tuple(a["unrecognised_conditions"]),
        causes=tuple(cause_line(str(c.get("category", "")), max(0.0, min(1.0, float(c.get("score", 0) or 0))),
                                _own_reasons(c.get("reasons")), _ids(c.get("reference_ids")))
                     for c in a["causes"]),
        plan=_plan_once(plan),
        plan_pictures=_plan_pictures(plan),
        medications=tuple(Medicine(str(m.get("input", "")), medicine_groups(_ids(m.get("class_ids"))),
                                   str(m.get("evidence_level", "")),
                                   medicine_link(_ids(m.get("class_ids")), str(m.get("evidence_level", ""))))
                          for m in a["medications"]),
        unrecognised_medications=tuple(a["unrecognised_medications"]),
        diary=diary,
        references=tuple(Reference(ref_id, None if ref is None else ref.citation,
                                   ref.url if ref is not None and ref.url.startswith(("https://", "http://"))
                                   else "", "" if ref is None else ref.short_name)
                         for ref_id, ref in _resolved_references(_ordered_reference_ids(a, diary_flags, plan))),
        disclaimer=a["disclaimer"],
        not_understood=_not_understood(a),
        implied_conditions=_implied(a, said_as),
        not_counted=tuple((str(x.get("input", "")), NOT_COUNTED_WORDS.get(x.get("reason"), _words(x.get("reason", ""))))
                          for x in a.get("conditions_not_counted") or ()),
        other_conditions=tuple(str(x) for x in a.get("other_conditions") or ()),
        look_alikes=tuple((str(x.get("text", "")), _ids(x.get("reference_ids"))) for x in a.get("look_alikes") or ()),
        who=_who(answers_dict),
        made_up=_is_demo_profile(answers_dict) if made_up is None else made_up,
        medicines_typed=tuple(str(m) for m in typed or ()),
    )

