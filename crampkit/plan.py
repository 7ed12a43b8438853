"""A practical plan: steps for the person's likely causes, warning signs first.

Step texts live in ``data/plan_steps.csv``. The contract's safety rules are applied here
and checked again by :func:`safety_problems`: no advice to stop or change a prescribed
medicine, no "drink more" with a care team's fluid limit, no magnesium or potassium
supplement ideas with kidney disease (nor potassium with ACE inhibitors, ARBs or
potassium-sparing water pills), and never quinine or tonic water.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crampkit.causes import CauseScore
from crampkit.conditions import conditions as known_conditions
from crampkit.content import read_table, split_ids
from crampkit.facts import Facts
from crampkit.medications import medication_classes
from crampkit.red_flags import RedFlag

SALT_CAUTION_CONDITIONS = ("high_blood_pressure", "heart_failure", "kidney_disease", "dialysis")
CRAMP_CONDITIONS = ("diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease")


@dataclass(frozen=True)
class PlanStep:
    """One thing to do, the cause category it answers, and its sources."""

    category: str
    text: str
    reference_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"category": self.category, "text": self.text, "reference_ids": list(self.reference_ids)}


@lru_cache(maxsize=None)
def step_table() -> dict[str, dict]:
    """Every plan step template by id."""
    return {row["step_id"]: row for row in read_table("plan_steps.csv")}


def _step(step_id: str, refs=(), **values) -> PlanStep:
    row = step_table()[step_id]
    ids = split_ids(row["reference_ids"]) + tuple(refs)
    return PlanStep(row["category"], row["text"].format(**values), tuple(dict.fromkeys(ids)))


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _warning_steps(flags: list[RedFlag]) -> list[PlanStep]:
    return [PlanStep(f.plan_category, f"Warning sign: {f.title}. {f.message}", f.reference_ids)
            for f in flags]


def _medical_steps(facts: Facts, flags: list[RedFlag]) -> list[PlanStep]:
    steps = []
    statin_warning = any(f.id == "statin_muscle_warning" for f in flags)
    for match in facts.medications:
        if statin_warning and "statin" in match.class_ids:
            steps.append(_step("statin_warning_medicine", input=match.input))
            continue
        classes = [medication_classes()[c] for c in match.class_ids]
        refs = [r for c in classes for r in c.reference_ids]
        steps.append(_step("medication_review", refs, input=match.input,
                           class_name=" and ".join(c.name for c in classes),
                           evidence=match.evidence_level))
    if facts.unrecognised_medications:
        steps.append(_step("unrecognised_medications", names=_names(facts.unrecognised_medications)))
    present = [known_conditions()[c] for c in CRAMP_CONDITIONS if c in facts.conditions]
    if present:
        steps.append(_step("condition_checkup", [r for c in present for r in c.reference_ids],
                           names=_names([c.name.lower() for c in present])))
    if facts.profile.pregnant:
        steps.append(_step("pregnancy"))
    return steps


def _hydration_steps(facts: Facts, fired: set) -> list[PlanStep]:
    if facts.follow_care_team_fluids:
        steps = [_step("fluids_care_team")]
    else:
        steps = []
        if "low_fluids" in fired:
            steps.append(_step("fluids_target", target=f"{facts.drinks_target_litres:.1f}"))
        if facts.profile.hot_weather_or_heavy_sweating:
            steps.append(_step("heat_sweat"))
    if facts.profile.hot_weather_or_heavy_sweating:
        salt_caution = set(facts.conditions) & set(SALT_CAUTION_CONDITIONS)
        steps.append(_step("salt_caution" if salt_caution else "salty_sweat"))
    steps.append(_step("kidney_diet" if facts.kidney_disease else "food_first"))
    return steps


def build_plan(facts: Facts, causes: list[CauseScore], flags: list[RedFlag]) -> list[PlanStep]:
    """The plan for one person: warning signs first, then steps for their likely causes."""
    fired = {rule for cause in causes for rule in cause.fired_rules}
    scores = {c.category: c.score for c in causes}
    p = facts.profile
    steps = _warning_steps(flags)
    steps += _medical_steps(facts, flags)
    if "claudication_symptom" in fired or "activity_relieved_by_rest" in fired:
        steps.append(_step("claudication"))
    if "spine_pattern" in fired or "spinal_stenosis" in facts.conditions:
        steps.append(_step("spine"))
    if {"numbness", "condition_peripheral_neuropathy"} & fired:
        steps.append(_step("nerve_check"))
    if scores["hydration_electrolytes"] > 0 or "low_fluids" in fired:
        steps += _hydration_steps(facts, fired)
    if scores["overuse_fatigue"] > 0 and {"training_increase", "exercise_timing", "high_volume"} & fired:
        steps.append(_step("training_gradual"))
    if {"very_low_activity", "low_activity"} & fired:
        steps.append(_step("activity_build", guideline=facts.activity_guideline_minutes))
    if {"long_sitting", "some_sitting", "long_standing", "some_standing"} & fired:
        steps.append(_step("movement_breaks"))
    if (p.hours_standing_per_day or 0) >= 6:
        steps.append(_step("supportive_shoes"))
    if "night" in p.timing or "rest" in p.timing:
        steps.append(_step("bed_covers"))
    steps.append(_step("stretch_routine"))
    steps.append(_step("during_cramp"))
    # Defence in depth: a step edited into the data tables that breaks a safety rule is
    # left out rather than shown (tests check that no shipped step is ever left out).
    return [step for step in steps if not safety_problems([step], facts)]


_STOP_MEDICINE = re.compile(r"\b(stop|skip|quit|reduce|lower|change|switch)\w*\b[^.]*\b(medic|tablet|pill|dose|prescri|statin)", re.I)
_DRINK_MORE = re.compile(r"\b(drink more|aim for about [\d.]+ l|more fluids?|extra fluids?|increase (your )?(fluid|water))", re.I)
_SUPPLEMENT = re.compile(r"\b(magnesium|potassium)\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\b(magnesium|potassium)\b", re.I)
_POTASSIUM_SUPPLEMENT = re.compile(r"\bpotassium\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\bpotassium\b|\bpotassium (tablet|pill)s?\b", re.I)
_QUININE = re.compile(r"quinine|tonic water", re.I)


def safety_problems(steps, facts: Facts) -> list[str]:
    """Every way ``steps`` break the contract's safety rules (empty when safe)."""
    problems = []
    for step in steps:
        text = step.text.replace("never change a prescribed medicine on your own", "")
        is_statin_warning = "statin" in text.lower() and "promptly" in text.lower()
        if _STOP_MEDICINE.search(text) and not is_statin_warning:
            problems.append(f"medicine change advice: {step.text!r}")
        if _QUININE.search(text):
            problems.append(f"quinine or tonic water: {step.text!r}")
        if facts.follow_care_team_fluids and _DRINK_MORE.search(text):
            problems.append(f"drink-more advice despite a fluid limit: {step.text!r}")
        if facts.kidney_disease and _SUPPLEMENT.search(text):
            problems.append(f"supplement idea with kidney disease: {step.text!r}")
        if facts.potassium_raising_medicine and _POTASSIUM_SUPPLEMENT.search(text):
            problems.append(f"potassium supplement idea with a potassium-raising medicine: {step.text!r}")
    return problems
