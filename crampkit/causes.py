"""Scoring the six cause categories for one person, with reasons that name their answers.

Each rule in ``data/cause_rules.csv`` has a category, a weight (all weights live in that one
table), a reason template and its sources. A category's score combines the weights of the
rules that fire as ``1 - (1 - w1)(1 - w2)...``: more supporting answers raise it, it never
passes 1, and with no supporting answer it is 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from crampkit.content import read_table, split_ids
from crampkit.facts import DIURETIC_CLASSES, Facts
from crampkit.medications import medication_classes

CATEGORY_IDS = (
    "hydration_electrolytes", "overuse_fatigue", "conditioning", "static_positions",
    "nerve_circulation", "medical_medications",
)


@dataclass(frozen=True)
class CauseCategory:
    """A cause category's plain-language content, from ``data/causes.csv``.

    Practical tips live in ``data/plan_steps.csv``: they reach a person only through the
    plan, which applies the safety rules for that person.
    """

    id: str
    title: str
    summary: str
    evidence_level: str
    evidence_text: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class CauseScore:
    """How strongly a person's answers point to one category, and why."""

    category: str
    title: str
    score: float
    reasons: tuple[str, ...]
    reference_ids: tuple[str, ...]
    evidence_level: str
    fired_rules: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"category": self.category, "score": self.score, "reasons": list(self.reasons),
                "reference_ids": list(self.reference_ids)}


@lru_cache(maxsize=None)
def categories() -> dict[str, CauseCategory]:
    """The six cause categories by id, in the contract's order."""
    rows = {row["category"]: row for row in read_table("causes.csv")}
    return {
        cid: CauseCategory(cid, rows[cid]["title"], rows[cid]["summary"],
                           rows[cid]["evidence_level"], rows[cid]["evidence_text"],
                           split_ids(rows[cid]["reference_ids"]))
        for cid in CATEGORY_IDS
    }


@lru_cache(maxsize=None)
def rule_table() -> dict[str, dict]:
    """Every scoring rule by id: category, weight, reason template, reference ids."""
    return {row["rule_id"]: row for row in read_table("cause_rules.csv")}


def _number(value: float) -> str:
    return f"{value:g}"


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# Each rule returns None when it does not fire, else the values its reason template needs.
Rule = Callable[[Facts], "dict | None"]


def _low_fluids(f: Facts):
    fluids, target = f.profile.fluids_litres_per_day, f.drinks_target_litres
    if f.follow_care_team_fluids or fluids is None or target is None or fluids >= target:
        return None
    return {"fluids": f"{fluids:.1f}", "target": f"{target:.1f}"}


def _diuretic(f: Facts):
    names = [m.input for m in f.medications if set(m.class_ids) & set(DIURETIC_CLASSES)]
    return {"names": _names(names)} if names else None


def _when(condition: bool, **values):
    return values if condition else None


def _minutes(f: Facts):
    return f.profile.exercise_minutes_per_week


def _vascular_risk(f: Facts):
    risks = {"smoker": "Smoking", "diabetes": "Diabetes", "high_blood_pressure": "High blood pressure",
             "high_cholesterol": "High cholesterol"}
    present = [label for cid, label in risks.items() if cid in f.conditions]
    return {"names": _names(present)} if present else None


def _medication_rule(level: str) -> Rule:
    def rule(f: Facts):
        names = [f"{m.input} ({', '.join(medication_classes()[c].name for c in m.class_ids)})"
                 for m in f.medications if m.evidence_level == level]
        return {"names": _names(names)} if names else None
    return rule


def _condition_rule(condition_id: str) -> Rule:
    return lambda f: _when(condition_id in f.conditions)


RULES: dict[str, Rule] = {
    "low_fluids": _low_fluids,
    "heat_sweating": lambda f: _when(f.profile.hot_weather_or_heavy_sweating),
    "diuretic": _diuretic,
    "relieved_by_fluids": lambda f: _when("fluids" in f.profile.relieved_by),
    "fluid_loss_illness": lambda f: _when("recent_vomiting_or_diarrhoea" in f.profile.symptoms),
    "dialysis_fluid_shifts": lambda f: _when("dialysis" in f.conditions),
    "training_increase": lambda f: _when(f.profile.recent_training_increase),
    "exercise_timing": lambda f: _when(bool({"during_activity", "after_activity"} & set(f.profile.timing))),
    "high_volume": lambda f: _when((_minutes(f) or 0) >= 300, minutes=_number(_minutes(f) or 0)),
    "standing_fatigue": lambda f: _when((f.profile.hours_standing_per_day or 0) >= 8,
                                        hours=_number(f.profile.hours_standing_per_day or 0)),
    "night_fatigue": lambda f: _when("night" in f.profile.timing),
    "very_low_activity": lambda f: _when(_minutes(f) is not None and _minutes(f) < 30,
                                         minutes=_number(_minutes(f) or 0)),
    "low_activity": lambda f: _when(_minutes(f) is not None and 30 <= _minutes(f) < f.activity_guideline_minutes,
                                    minutes=_number(_minutes(f) or 0), guideline=f.activity_guideline_minutes),
    "older_age": lambda f: _when(f.profile.age >= 60, age=f.profile.age),
    "long_sitting": lambda f: _when((f.profile.hours_sitting_per_day or 0) >= 8,
                                    hours=_number(f.profile.hours_sitting_per_day or 0)),
    "some_sitting": lambda f: _when(6 <= (f.profile.hours_sitting_per_day or 0) < 8,
                                    hours=_number(f.profile.hours_sitting_per_day or 0)),
    "long_standing": lambda f: _when((f.profile.hours_standing_per_day or 0) >= 8,
                                     hours=_number(f.profile.hours_standing_per_day or 0)),
    "some_standing": lambda f: _when(6 <= (f.profile.hours_standing_per_day or 0) < 8,
                                     hours=_number(f.profile.hours_standing_per_day or 0)),
    "night_posture": lambda f: _when("night" in f.profile.timing),
    "claudication_symptom": lambda f: _when("calf_pain_walking_relieved_by_rest" in f.profile.symptoms),
    "activity_relieved_by_rest": lambda f: _when("during_activity" in f.profile.timing
                                                 and "rest" in f.profile.relieved_by),
    "spine_pattern": lambda f: _when("sitting_or_bending_forward" in f.profile.relieved_by),
    "condition_peripheral_artery_disease": _condition_rule("peripheral_artery_disease"),
    "condition_spinal_stenosis": _condition_rule("spinal_stenosis"),
    "condition_peripheral_neuropathy": _condition_rule("peripheral_neuropathy"),
    "vascular_risk": _vascular_risk,
    "numbness": lambda f: _when("numbness" in f.profile.symptoms),
    "weakness": lambda f: _when("weakness" in f.profile.symptoms),
    "leg_swelling": lambda f: _when("swelling" in f.profile.symptoms),
    "one_leg": lambda f: _when("one_leg_only" in f.profile.symptoms),
    "warm_red": lambda f: _when(bool({"warmth", "redness"} & set(f.profile.symptoms))),
    "skin_changes": lambda f: _when("skin_changes" in f.profile.symptoms),
    "night_nerve": lambda f: _when("night" in f.profile.timing),
    "condition_diabetes": _condition_rule("diabetes"),
    "condition_thyroid_disease": _condition_rule("thyroid_disease"),
    "condition_kidney_disease": lambda f: _when("kidney_disease" in f.conditions and "dialysis" not in f.conditions),
    "condition_dialysis": _condition_rule("dialysis"),
    "condition_liver_disease": _condition_rule("liver_disease"),
    "pregnancy": lambda f: _when(f.profile.pregnant),
    "medication_strong": _medication_rule("strong"),
    "medication_moderate": _medication_rule("moderate"),
    "medication_weak": _medication_rule("weak"),
    "medication_reported": _medication_rule("reported"),
}


def score_category(category_id: str, facts: Facts) -> CauseScore:
    """Score one category from the rules that fire for ``facts``."""
    content = categories()[category_id]
    remaining, reasons, refs, fired = 1.0, [], [], []
    for rule_id, row in rule_table().items():
        if row["category"] != category_id:
            continue
        values = RULES[rule_id](facts)
        if values is None:
            continue
        remaining *= 1.0 - float(row["weight"])
        reasons.append(row["reason"].format(**values))
        refs.extend(split_ids(row["reference_ids"]))
        fired.append(rule_id)
    if not fired:
        reasons.append("Nothing you told us points to this cause.")
        refs.extend(content.reference_ids[:2])
    reasons.append(f"How sure is the science? {content.evidence_text} At most, this may contribute.")
    return CauseScore(category_id, content.title, round(1.0 - remaining, 3), tuple(reasons),
                      tuple(dict.fromkeys(refs)), content.evidence_level, tuple(fired))


def score_causes(facts: Facts) -> list[CauseScore]:
    """All six categories, highest score first (ties keep the contract's order)."""
    scores = [score_category(cid, facts) for cid in CATEGORY_IDS]
    return sorted(scores, key=lambda s: -s.score)
