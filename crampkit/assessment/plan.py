"""A practical plan: steps for the person's likely causes, warning signs first.

Step texts live in ``data/plan_steps.csv``; when a step must not be given lives in
``data/plan_step_rules.csv`` (contract v2: safety as data). Each rule names the steps it
withholds, when (conditions, fired red flags, medicine classes, overall urgency: a rule
applies when every column it fills holds, and a column holds when any of its ids does), the
step that replaces them and where that goes. The builder first proposes the steps that fit
the person's causes, then applies those rules; it never removes a step by searching its
wording. :func:`safety_problems` is an independent check of the contract's safety rules on
the finished wording, used by the tests.

>>> import crampkit
>>> a = crampkit.assess(crampkit.Profile(age=52, symptoms=["swelling", "warmth", "one_leg_only"]))
>>> [s.text.split(":")[0] for s in a.plan][:2]
['Warning sign', 'Until a doctor or nurse has checked you, hold off on self-care']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from crampkit.assessment.causes import CauseScore
from crampkit.assessment.conditions import conditions as known_conditions
from crampkit.assessment.facts import Facts
from crampkit.assessment.medications import medication_classes
from crampkit.assessment.red_flags import URGENCY_ORDER, RedFlag, overall_urgency
from crampkit.content import read_table, split_ids

SALT_CAUTION_CONDITIONS = ("high_blood_pressure", "heart_failure", "kidney_disease", "dialysis",
                           "liver_disease")
CRAMP_CONDITIONS = ("diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease")
PLACEMENTS = ("in_place", "after_warnings")


@dataclass(frozen=True)
class PlanStep:
    """One thing to do, the cause category it answers, and its sources."""

    category: str
    text: str
    reference_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"category": self.category, "text": self.text, "reference_ids": list(self.reference_ids)}


@dataclass(frozen=True)
class StepRule:
    """When steps must not be given, and what replaces them (a row of plan_step_rules.csv)."""

    id: str
    steps: tuple[str, ...]
    if_conditions: tuple[str, ...]
    if_flags: tuple[str, ...]          # "flag_id" (any urgency) or "flag_id:urgency"
    if_medicine_classes: tuple[str, ...]
    if_urgency: tuple[str, ...]
    instead: str
    placement: str
    why: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Proposed:
    """A step the builder would give, before the safety rules; ``classes`` are the medicine
    classes of the one medicine a step is about (empty for other steps)."""

    step_id: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
    classes: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


@cache
def step_table() -> dict[str, dict]:
    """Every plan step template by id."""
    return {row["step_id"]: row for row in read_table("plan_steps.csv")}


@cache
def step_rules() -> tuple[StepRule, ...]:
    """The plan safety rules from ``data/plan_step_rules.csv``, in table order."""
    return tuple(
        StepRule(row["rule_id"], split_ids(row["steps"]), split_ids(row["if_conditions"]),
                 split_ids(row["if_flags"]), split_ids(row["if_medicine_classes"]),
                 split_ids(row["if_urgency"]), row["instead"], row["placement"] or "in_place",
                 row["why"], split_ids(row["reference_ids"]))
        for row in read_table("plan_step_rules.csv")
    )


def _step(step_id: str, refs=(), **values) -> PlanStep:
    row = step_table()[step_id]
    ids = split_ids(row["reference_ids"]) + tuple(refs)
    return PlanStep(row["category"], row["text"].format(**values), tuple(dict.fromkeys(ids)))


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _flag_matches(token: str, flags: list[RedFlag]) -> bool:
    flag_id, _, urgency = token.partition(":")
    return any(f.id == flag_id and (not urgency or f.urgency == urgency) for f in flags)


def rule_applies(rule: StepRule, proposed: _Proposed, facts: Facts, flags: list[RedFlag]) -> bool:
    """True when ``rule`` withholds ``proposed`` for this person."""
    if proposed.step_id not in rule.steps:
        return False
    checks = []
    if rule.if_conditions:
        checks.append(bool(set(rule.if_conditions) & set(facts.conditions)))
    if rule.if_flags:
        checks.append(any(_flag_matches(token, flags) for token in rule.if_flags))
    if rule.if_medicine_classes:
        classes = proposed.classes or facts.class_ids
        checks.append(bool(set(rule.if_medicine_classes) & set(classes)))
    if rule.if_urgency:
        checks.append(overall_urgency(flags) in rule.if_urgency)
    return bool(checks) and all(checks)


def apply_step_rules(proposed: list[_Proposed], facts: Facts, flags: list[RedFlag]):
    """The proposed steps with the safety rules applied: (kept in order, after-warnings steps).

    A withheld step is replaced by the ``instead`` step of the first rule that applies (the
    table lists the rules in order of importance; a replacement is checked against the rules
    too), in its place or straight after the warning signs, once.
    """
    kept: list[_Proposed] = []
    first: list[_Proposed] = []
    seen: set[str] = set()

    def place(item: _Proposed, depth: int = 0) -> None:
        applying = [rule for rule in step_rules() if rule_applies(rule, item, facts, flags)]
        if not applying:
            key = item.step_id + repr(sorted(item.values.items()))
            if key not in seen:
                seen.add(key)
                kept.append(item)
            return
        rule = applying[0]
        if not rule.instead or depth > 3:
            return
        replacement = _Proposed(rule.instead, item.values, item.classes)
        if rule.placement == "after_warnings":
            if rule.instead not in seen:
                seen.add(rule.instead)
                first.append(replacement)
        else:
            place(replacement, depth + 1)

    for item in proposed:
        place(item)
    return kept, first


def _render(item: _Proposed) -> PlanStep:
    return _step(item.step_id, item.refs, **item.values)


def _warning_steps(flags: list[RedFlag]) -> list[PlanStep]:
    return [PlanStep(f.plan_category, f"Warning sign: {f.title}. {f.message}", f.reference_ids)
            for f in flags]


def _medical_steps(facts: Facts) -> list[_Proposed]:
    steps, no_link = [], []
    for match in facts.medications:
        if not match.class_ids:
            no_link.append(match.input)
            continue
        classes = [medication_classes()[c] for c in match.class_ids if c in medication_classes()]
        refs = tuple(r for c in classes for r in c.reference_ids)
        steps.append(_Proposed("medication_review",
                               {"input": match.input, "class_name": " and ".join(c.name for c in classes),
                                "evidence": match.evidence_level},
                               tuple(match.class_ids), refs))
    if no_link:
        steps.append(_Proposed("medicines_no_link", {"names": _names(no_link)}))
    if facts.unrecognised_medications:
        steps.append(_Proposed("unrecognised_medications", {"names": _names(facts.unrecognised_medications)}))
    present = [known_conditions()[c] for c in CRAMP_CONDITIONS if c in facts.conditions]
    if present:
        steps.append(_Proposed("condition_checkup", {"names": _names([c.name.lower() for c in present])},
                               refs=tuple(r for c in present for r in c.reference_ids)))
    if facts.profile.pregnant:
        steps.append(_Proposed("pregnancy"))
    return steps


def _hydration_steps(facts: Facts, fired: set) -> list[_Proposed]:
    steps = []
    if {"low_fluids", "low_fluids_night"} & fired and facts.drinks_target_litres:
        steps.append(_Proposed("fluids_target", {"target": f"{facts.drinks_target_litres:.1f}"}))
    else:
        steps.append(_Proposed("fluids_steady"))
    if facts.profile.hot_weather_or_heavy_sweating:
        steps.append(_Proposed("heat_sweat"))
        steps.append(_Proposed("salty_sweat"))
    steps.append(_Proposed("food_first"))
    return steps


def propose_steps(facts: Facts, causes: list[CauseScore]) -> list[_Proposed]:
    """The steps that fit the person's causes, before any safety rule."""
    fired = {rule for cause in causes for rule in cause.fired_rules}
    scores = {c.category: c.score for c in causes}
    p = facts.profile
    steps = _medical_steps(facts)
    if {"claudication_symptom", "activity_relieved_by_rest"} & fired:
        steps.append(_Proposed("claudication"))
    if "spine_pattern" in fired or "spinal_stenosis" in facts.conditions:
        steps.append(_Proposed("spine"))
    if "sciatica" in facts.conditions:
        steps.append(_Proposed("sciatica"))
    if {"numbness", "condition_peripheral_neuropathy", "twitching_wasting"} & fired:
        steps.append(_Proposed("nerve_check"))
    if scores["hydration_electrolytes"] > 0:
        steps += _hydration_steps(facts, fired)
    claudication = "claudication_symptom" in fired or "condition_peripheral_artery_disease" in fired
    if (scores["overuse_fatigue"] > 0 and {"training_increase", "exercise_timing", "high_volume"} & fired
            and not (claudication and "training_increase" not in fired)):
        steps.append(_Proposed("training_gradual"))
    if {"very_low_activity", "low_activity"} & fired:
        steps.append(_Proposed("activity_build", {"guideline": facts.activity_guideline_minutes}))
    if {"long_sitting", "some_sitting", "long_standing", "some_standing"} & fired:
        steps.append(_Proposed("movement_breaks"))
    if (p.hours_standing_per_day or 0) >= 6:
        steps.append(_Proposed("supportive_shoes"))
    if "night" in p.timing or "rest" in p.timing:
        steps.append(_Proposed("bed_covers"))
    steps.append(_Proposed("stretch_routine"))
    steps.append(_Proposed("during_cramp"))
    return steps


def build_plan(facts: Facts, causes: list[CauseScore], flags: list[RedFlag]) -> list[PlanStep]:
    """The plan for one person: warning signs first (most urgent first, so with an emergency
    or urgent warning the first step is its action), then what waits, then the steps for their
    likely causes, with the safety rules of ``plan_step_rules.csv`` applied."""
    kept, first = apply_step_rules(propose_steps(facts, causes), facts, flags)
    return _warning_steps(flags) + [_render(s) for s in first] + [_render(s) for s in kept]


# --- an independent check of the finished wording (a test oracle; never used to filter) ---

_STOP_MEDICINE = re.compile(
    r"\b(stop|skip|quit|reduce|lower|change|switch)\w*\b[^.]*\b(medic|tablet|pill|dose|prescri|statin)", re.I)
_DRINK_MORE = re.compile(
    r"\b(drink more|aim for about [\d.]+ l|more fluids?|extra fluids?|increase (your )?(fluid|water)|"
    r"keep drinking|drink during|bit extra)", re.I)
_SUPPLEMENT = re.compile(
    r"\b(magnesium|potassium)\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\b(magnesium|potassium)\b", re.I)
_POTASSIUM_SUPPLEMENT = re.compile(
    r"\bpotassium\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\bpotassium\b|\bpotassium (tablet|pill)s?\b", re.I)
_QUININE = re.compile(r"quinine|tonic water|bitter lemon", re.I)
_SALT = re.compile(r"\bsalt\b|\bsalty\b|sports drink", re.I)
_CAUTION = re.compile(r"\b(ask|do not|don't|avoid|not recommended|follow)\b", re.I)
_DRINKS_TARGET = re.compile(r"aim for about [\d.]+ ?l|drink during and after|keep drinking|a bit extra", re.I)
_HARMFUL_SELF_CARE = re.compile(
    r"\brub the\b|\bmassage the\b|stretch your|build up|walk about|warm up before|"
    r"gentle stretching and exercise|leg-strengthening", re.I)
HOLD_SELF_CARE_FLAGS = ("acute_limb_ischaemia", "breathless_or_chest_pain", "dark_urine",
                        "statin_muscle_warning", "heat_illness")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+", text) if s]


def holds_self_care(flags) -> bool:
    """True when the contract says harmful self-care must wait (contract v2)."""
    return any(f.id in HOLD_SELF_CARE_FLAGS or (f.id == "leg_swelling_redness" and f.urgency == "urgent")
               for f in flags)


def _step_problems(step, facts: Facts, conditions: set, hold: bool) -> list[str]:
    """The safety problems of one step's wording (see :func:`safety_problems`)."""
    problems = []
    text = step.text.replace("never change a prescribed medicine on your own", "")
    is_statin_warning = "statin" in text.lower() and "promptly" in text.lower()
    is_warning = text.startswith("Warning sign:")
    if _STOP_MEDICINE.search(text) and not is_statin_warning:
        problems.append(f"medicine change advice: {step.text!r}")
    if _QUININE.search(text) and "not recommended" not in text.lower():
        problems.append(f"quinine or tonic water without the warning: {step.text!r}")
    if facts.follow_care_team_fluids and _DRINK_MORE.search(text) and not is_warning:
        problems.append(f"drink-more advice despite a fluid limit: {step.text!r}")
    if facts.kidney_disease and _SUPPLEMENT.search(text):
        problems.append(f"supplement idea with kidney disease: {step.text!r}")
    if facts.potassium_raising_medicine and _POTASSIUM_SUPPLEMENT.search(text):
        problems.append(f"potassium supplement idea with a potassium-raising medicine: {step.text!r}")
    if conditions & set(SALT_CAUTION_CONDITIONS):
        for sentence in _sentences(text):
            if _SALT.search(sentence) and not _CAUTION.search(sentence):
                problems.append(f"salt or sports-drink idea despite a salt limit: {step.text!r}")
    if hold and not is_warning and (_HARMFUL_SELF_CARE.search(text) or _DRINKS_TARGET.search(text)):
        problems.append(f"self-care that must wait under the warning: {step.text!r}")
    return problems


def safety_problems(steps, facts: Facts, flags=()) -> list[str]:
    """Every way ``steps`` break the contract's safety rules (empty when safe).

    Reads the wording only, independently of the rule table, so a test can check the
    builder with it. ``flags`` (the fired red flags) enables the v2 self-care checks.
    """
    problems = []
    conditions = set(facts.conditions)
    hold = holds_self_care(flags)
    texts = [s.text for s in steps]
    for step in steps:
        problems += _step_problems(step, facts, conditions, hold)
    if hold and not any("until a doctor or nurse has checked you" in t.lower() for t in texts):
        problems.append("no step says self-care waits until a clinician has checked")
    flags = list(flags)
    if flags and URGENCY_ORDER.index(overall_urgency(flags)) >= URGENCY_ORDER.index("urgent"):
        top = max(flags, key=lambda f: URGENCY_ORDER.index(f.urgency))
        if not texts or top.message not in texts[0]:
            problems.append("the first step is not the action for the most urgent warning")
    if any("stretch your calves" in t for t in texts) and any(
            re.search(r"stretch\w* (will|does) not (fix|help)", t, re.I) for t in texts):
        problems.append("a step says stretching will not help beside a stretch routine")
    return problems
