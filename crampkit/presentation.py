"""What a person reads about an assessment, worked out once: plain values, no HTML, no Jupyter.

Every view of an assessment (the plan app, its first look, the command line and the report)
renders a :class:`Presentation` and decides no words, order, colours, evidence wording or
source names of its own. The words come from the data tables (``data/view_texts.csv`` for the
views' own sentences, ``data/answer_labels.csv`` through :mod:`crampkit.wording` for labels
and urgency words); the colours from :data:`PALETTE`.

>>> import crampkit
>>> shown = present(crampkit.assess(crampkit.Profile(age=40, timing=["night"])))
>>> shown.sections[:3]
('banner', 'signs', 'understood')
>>> shown.plan_heading, evidence_words("expert_opinion")
('Your plan', 'expert opinion only')
>>> view_text("step_count_many", count=3)
'3 steps'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from crampkit import palette
from crampkit.assessment.causes import categories
from crampkit.assessment.conditions import conditions as known_conditions
from crampkit.assessment.medications import medication_classes
from crampkit.assessment.red_flags import URGENCY_ORDER, headline_level
from crampkit.content import read_table, references
from crampkit.pictures import step_picture_ids
from crampkit.wording import (
    fill,
    flag_kind,
    held_back_words,
    label,
    not_understood,
    plain,
    point_words,
    understanding_lines,
    urgency_badge,
    urgency_words,
)

VIEW_TEXTS = "view_texts.csv"

# The colours the views of an assessment use, by the role they play there; each is a name
# of crampkit/palette.py (the one palette, checked for contrast), and each is shown with
# words, never alone.
PALETTE = {
    "emergency": palette.URGENCY["emergency"],  # the report's headline and signs
    "emergency_dark": palette.EMERGENCY_DARK,  # the emergency banner; charts' emergency bar
    "urgent": palette.URGENCY["urgent"],
    "urgent_dark": palette.URGENT_DARK,
    "see_clinician_soon": palette.URGENCY["see_clinician_soon"],
    "soon_dark": palette.SOON_DARK,
    "soon_light": palette.MESSAGE_BOXES["warning"]["background"],
    "routine_self_care": palette.URGENCY["routine_self_care"],
    "routine_dark": palette.MESSAGE_BOXES["ok"]["text"],
    "routine_light": palette.MESSAGE_BOXES["ok"]["background"],
    "blue": palette.CHART["blue"],
    "blue_light": palette.NEXT_STEPS_PANEL,
    "info_light": palette.MESSAGE_BOXES["info"]["background"],
    "info_icon": palette.FOCUS,
    "link": palette.LINK,
    "link_dark": palette.STRONG_LINK,
    "grey": palette.GREY,
    "text": palette.INK,
    "white": palette.WHITE,
    "black": palette.BLACK,
    "yellow": palette.EMERGENCY_RING,
}
URGENCY_COLOURS = {urgency: PALETTE[urgency] for urgency in
                   ("emergency", "urgent", "see_clinician_soon", "routine_self_care")}
EVIDENCE_LEVELS = ("strong", "moderate", "mixed", "weak", "expert_opinion", "reported", "none")
# The order of what a person reads about an assessment, warning signs first: in a lesson
# (SECTIONS) and on the plan app's page (APP_SECTIONS: the answer before the answers to
# change, the details last, folded under APP_DETAILS).
SECTIONS = ("banner", "signs", "understood", "next_steps", "download", "plan", "how_to_read",
            "chart", "chart_summary", "reasons", "medicines", "sources")
APP_SECTIONS = ("banner", "signs", "understood", "next_steps", "plan", "how_to_read", "chart",
                "chart_summary", "answers", "download", "details")
APP_DETAILS = ("reasons", "medicines", "sources")


# --------------------------------------------------------------------------- words

def view_texts() -> dict[str, str]:
    """Every sentence of ``data/view_texts.csv`` by id (empty when the table is missing)."""
    try:
        return {row["id"]: row["text"] for row in read_table(VIEW_TEXTS)}
    except OSError:
        return {}


def view_text(key: str, **values) -> str:
    """The sentence ``key`` of ``data/view_texts.csv``, its ``{names}`` filled in; a key the
    table does not have yet is shown in plain words, never an error.

    >>> view_text("note_yours", age=40)
    'Based on your answers (age 40).'
    """
    return fill(view_texts().get(key) or plain(key).capitalize(), **values)


def evidence_words(level: str) -> str:
    """How sure the science is, in the one wording every view uses ("moderate evidence",
    "expert opinion only"); a level the table does not name, in plain words.

    >>> evidence_words("moderate"), evidence_words("something_new")
    ('moderate evidence', 'something new')
    """
    return view_texts().get(f"evidence_{level}") or plain(level or "not rated")


def evidence_level_name(level: str) -> str:
    """The name of an evidence level alone, for text that already says "evidence:".

    >>> evidence_level_name("expert_opinion"), evidence_level_name("")
    ('expert opinion', 'not rated')
    """
    return plain(level or "not rated")


EVIDENCE_WORDS = {level: evidence_words(level) for level in EVIDENCE_LEVELS}
# Why a condition the person typed is not counted as their own now (contract v3), in words.
NOT_COUNTED_WORDS = {reason: view_text(f"not_counted_{reason}") for reason in ("absent", "past", "other_person")}


def short_name(ref_id: str) -> str:
    """The name a person sees for a source ("NHS"), else its id."""
    ref = references().get(ref_id)
    return (ref.short_name if ref is not None and ref.short_name else "") or ref_id


def _name_in(lookup, key: str) -> str:
    """The title or name of ``key`` in a table's records; its id in plain words when the
    table lacks it (or cannot be read), never an error."""
    try:
        record = lookup().get(key)
    except (OSError, KeyError):
        record = None
    return (getattr(record, "title", None) or getattr(record, "name", None) or plain(key)) if record \
        else plain(key)


def cause_title(category: str) -> str:
    """The title of a cause category ("Staying in one position too long (...)")."""
    return _name_in(categories, category)


def class_name(class_id: str) -> str:
    """The name of a medicine group ("Loop water pills")."""
    return _name_in(medication_classes, class_id)


def condition_name(condition_id: str) -> str:
    """The name of a condition crampkit knows."""
    return _name_in(known_conditions, condition_id)


def cause_evidence_level(category: str) -> str:
    """How sure the science is about a cause category, as its level id ("" when the
    category is not one crampkit knows)."""
    return getattr(categories().get(category), "evidence_level", "") or ""


def cause_meaning(category: str) -> str:
    """The first sentence of a cause's summary (``data/causes.csv``): what its title means.

    >>> cause_meaning("no_such_cause")
    ''
    """
    summary = getattr(categories().get(category), "summary", "") or ""
    return summary.split(". ")[0].rstrip(".") + "." if summary else ""


def urgency_colour(urgency: str) -> str:
    """The colour of an urgency level (the emergency colour for a level not known)."""
    return URGENCY_COLOURS.get(urgency, URGENCY_COLOURS["emergency"])


def urgency_headline(urgency: str, red_flags, missing: bool) -> tuple[str, str, str]:
    """(level, headline, detail): the key of the first line's words, the line and what to do
    (``data/answer_labels.csv``). ``red_flags``: records or their ``to_dict()`` forms;
    ``missing``: something typed was not understood (never "no warning sign" then).

    >>> urgency_headline("urgent", [], False)[:2]
    ('urgent', 'URGENT: get medical help today')
    """
    level = headline_level(urgency, red_flags, missing)
    return level, urgency_words(level), urgency_words(level, detail=True)


def sign_words(urgency: str) -> str:
    """The words that lead a warning sign of this urgency ("Urgent, today")."""
    return flag_kind(urgency) or urgency_words(urgency)


def first_cited(groups) -> tuple[str, ...]:
    """Source ids in the order they are first cited: ``groups`` is a sequence of groups
    (signs, causes, plan, ...), each a sequence of id lists.

    >>> first_cited([[["a", "b"]], [["b", "c"], None]])
    ('a', 'b', 'c')
    """
    return tuple(dict.fromkeys(ref for group in groups for ids in group for ref in ids or ()))


def how_to_read() -> tuple[tuple[str, str], ...]:
    """The key to the plan's words: (term, meaning) pairs, rows ``how_to_read_N_*``."""
    texts, pairs, number = view_texts(), [], 1
    while f"how_to_read_{number}_term" in texts:
        pairs.append((texts[f"how_to_read_{number}_term"], texts.get(f"how_to_read_{number}_meaning", "")))
        number += 1
    return tuple(pairs)


# --------------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Sign:
    """One warning sign: the words that lead it ("Urgent, today"), title, message, sources."""

    urgency: str
    kind: str
    title: str
    message: str
    reference_ids: tuple[str, ...]

    @property
    def colour(self) -> str:
        return URGENCY_COLOURS.get(self.urgency, PALETTE["grey"])


@dataclass(frozen=True)
class CauseLine:
    """A cause the answers point to: how much in words, how sure the science is, why."""

    category: str
    title: str
    summary: str  # the title in plain words
    score: float
    points: str  # "a lot", "some", "a little"
    evidence: str  # "moderate evidence", "expert opinion only"
    reasons: tuple[str, ...]
    reference_ids: tuple[str, ...]
    meaning: str = ""  # what the title means, in a sentence

    @property
    def percent(self) -> int:
        """The score out of 100 (for the length of a bar, never said as a number)."""
        return round(self.score * 100)

    @property
    def words(self) -> str:
        """How much the answers point here, in words ("a lot"): a score is no chance."""
        return point_words(self.score)

    @property
    def evidence_sentence(self) -> str:
        """"How sure the science is: moderate evidence." ("" when the cause is not rated)."""
        return view_text("cause_evidence", evidence=self.evidence) if self.evidence else ""


def cause_line(category: str, score: float, reasons=(), reference_ids=()) -> CauseLine:
    """One cause as every view says it: its title and meaning, how much the answers point to
    it in words, how sure the science is, the reasons and sources.

    >>> line = cause_line("static_positions", 0.4)
    >>> line.points, line.evidence
    ('some', 'expert opinion only')
    """
    level = cause_evidence_level(category)
    return CauseLine(category, cause_title(category), getattr(categories().get(category), "summary", ""),
                     score, point_words(score) if score > 0 else view_text("points_none"),
                     evidence_words(level) if level else "", tuple(reasons), tuple(reference_ids),
                     cause_meaning(category))


def sign_line(urgency: str, title: str, message: str, reference_ids=()) -> Sign:
    """One warning sign as every view says it, led by the words of its level."""
    return Sign(urgency, sign_words(urgency), title, message, tuple(reference_ids))


@dataclass(frozen=True)
class StepLine:
    text: str
    reference_ids: tuple[str, ...]
    picture_ids: tuple[str, ...]  # the drawings that show the step (crampkit.pictures)


@dataclass(frozen=True)
class MedicineLine:
    """One recognised medicine: as typed, its groups ("" for none) and its link in words."""

    typed: str
    groups: str
    evidence_level: str
    link: str  # "may contribute to cramps (moderate evidence)", "no known link with cramps"

    @property
    def read_as(self) -> str:
        """What crampkit read it as: its groups, or "recognised" when it is in none."""
        return self.groups or view_text("medicine_recognised")


@dataclass(frozen=True)
class Presentation:
    """What a person reads about one assessment, in the order of :data:`SECTIONS`."""

    urgency: str
    level: str  # the key of the headline words (see headline_level)
    headline: str
    detail: str
    badge: str
    colour: str
    signs: tuple[Sign, ...]
    understood: tuple[tuple[str, str], ...]  # (kind, sentence), "not_understood" first
    look_alikes: tuple[tuple[str, tuple[str, ...]], ...]
    next_steps: tuple[str, ...]
    plan_heading: str
    held_back: str | None
    steps: tuple[StepLine, ...]
    disclaimer: str
    how_to_read: tuple[tuple[str, str], ...]
    every_cause: tuple[CauseLine, ...]  # in the assessment's order (points "not at all" for none)
    medicines: tuple[MedicineLine, ...]
    unrecognised_medications: tuple[str, ...]
    conditions: tuple[str, ...]  # names of the conditions recognised
    unrecognised_conditions: tuple[str, ...]
    reference_ids: tuple[str, ...]  # every source, in the order first cited (numbered 1, 2, ...)
    demo: bool = False
    sections: tuple[str, ...] = field(default=SECTIONS)

    @property
    def causes(self) -> tuple[CauseLine, ...]:
        """The causes the answers point to, in the assessment's order."""
        return tuple(c for c in self.every_cause if c.score > 0)

    @property
    def causes_not_pointed(self) -> tuple[str, ...]:
        """Titles of the causes no answer points to."""
        return tuple(c.title for c in self.every_cause if c.score <= 0)

    def number(self, ref_id: str) -> int:
        """The number of a source in the list (1, 2, ...)."""
        return self.reference_ids.index(ref_id) + 1

    @staticmethod
    def source_names(ids) -> list[str]:
        """Short names of the known ids, in order, without repeats."""
        known = references()
        return [short_name(i) for i in dict.fromkeys(ids or ()) if i in known]


def next_steps(assessment, report: bool = True) -> tuple[str, ...]:
    """"Your next steps": what to do first, in order, under any warning (which stays first).
    Under an emergency, only the call: the rest of the page can wait."""
    urgency, steps = assessment.urgency, []
    if urgency != "routine_self_care" and assessment.red_flags:
        steps.append(view_text("next_step_warning", urgency=label("urgency", urgency) or urgency))
    if urgency == "emergency":
        steps.append(view_text("next_step_emergency"))
        return tuple(steps)
    count = len(assessment.plan)
    steps.append(view_text("next_step_read_plan",
                           count=view_text("step_count_one" if count == 1 else "step_count_many", count=count)))
    if report:
        who = view_text("report_for_signs" if assessment.red_flags else "report_for_anyone")
        steps.append(view_text("next_step_report", who=who))
    steps.append(view_text("next_step_change"))
    return tuple(steps)


def medicine_link(class_ids, evidence_level: str) -> str:
    """A recognised medicine's link with cramps, in the one wording every view uses: "may
    contribute", with how sure the research is; quinine and a medicine recognised only for
    its safety rule (lithium) say why they are listed.

    >>> medicine_link(("thiazide_diuretic",), "moderate")
    'may contribute to cramps (moderate evidence)'
    >>> medicine_link((), "none")
    'no known link with cramps'
    """
    classes = medication_classes()
    if "quinine" in class_ids:
        return view_text("medicine_quinine")
    if not any(c in classes for c in class_ids):
        return view_text("medicine_no_link")
    if evidence_level == "none":  # contract v3: recognised for its safety rule
        return view_text("medicine_safety_rule")
    return view_text("medicine_evidence", evidence=evidence_words(evidence_level or "none"))


def medicine_groups(class_ids) -> str:
    """The groups of a recognised medicine by name ("" for none)."""
    classes = medication_classes()
    return ", ".join(classes[c].name for c in class_ids if c in classes)


def medicine_line(match) -> MedicineLine:
    """A recognised medicine's groups and its link with cramps, in the one wording."""
    class_ids = tuple(match.class_ids)
    return MedicineLine(match.input, medicine_groups(class_ids), match.evidence_level,
                        medicine_link(class_ids, match.evidence_level))


def plan_reference_ids(assessment) -> tuple[str, ...]:
    """Every source the assessment cites, in the order they first appear: signs, causes the
    answers point to, plan steps, medicine groups."""
    classes = medication_classes()
    return first_cited([[f.reference_ids for f in assessment.red_flags],
                        [c.reference_ids for c in assessment.causes if c.score > 0],
                        [s.reference_ids for s in assessment.plan],
                        [classes[c].reference_ids for m in assessment.medications
                         for c in m.class_ids if c in classes]])


def present(assessment, demo: bool = False, report: bool = True) -> Presentation:
    """Everything a person reads about ``assessment`` (a ``crampkit.Assessment``), worked out
    once. ``demo``: the made-up example's answers (said so); ``report``: a report can be
    downloaded (the next steps point to it)."""
    level, headline, detail = urgency_headline(assessment.urgency, assessment.red_flags,
                                               bool(not_understood(assessment)))
    causes = tuple(cause_line(c.category, c.score, c.reasons, c.reference_ids) for c in assessment.causes)
    return Presentation(
        urgency=assessment.urgency, level=level, headline=headline,
        detail=detail, badge=urgency_badge(assessment.urgency),
        colour=urgency_colour(assessment.urgency),
        signs=tuple(sign_line(f.urgency, f.title, f.message, f.reference_ids) for f in assessment.red_flags),
        understood=tuple(understanding_lines(assessment)),
        look_alikes=tuple((x.text, tuple(x.reference_ids)) for x in getattr(assessment, "look_alikes", ())),
        next_steps=next_steps(assessment, report=report),
        plan_heading=view_text("plan_heading_demo" if demo else "plan_heading"),
        held_back=held_back_words(assessment),
        steps=tuple(StepLine(s.text, tuple(s.reference_ids), tuple(step_picture_ids(s.text, s.reference_ids)))
                    for s in assessment.plan),
        disclaimer=assessment.disclaimer,
        how_to_read=how_to_read(),
        every_cause=causes,
        medicines=tuple(medicine_line(m) for m in assessment.medications),
        unrecognised_medications=tuple(assessment.unrecognised_medications),
        conditions=tuple(condition_name(c) for c in assessment.conditions),
        unrecognised_conditions=tuple(assessment.unrecognised_conditions),
        reference_ids=plan_reference_ids(assessment),
        demo=demo,
    )


def highest_urgency(urgencies) -> str:
    """The most urgent of ``urgencies`` (routine self-care for none).

    >>> highest_urgency(["routine_self_care", "urgent", "see_clinician_soon"])
    'urgent'
    """
    ranks = [URGENCY_ORDER.index(u) for u in urgencies if u in URGENCY_ORDER]
    return URGENCY_ORDER[max(ranks)] if ranks else "routine_self_care"
