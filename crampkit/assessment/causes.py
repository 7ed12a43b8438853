"""Scoring the six cause categories for one person, with reasons that name their answers.

Each rule in ``data/cause_rules.csv`` has a category, a weight (all weights live in that one
table), a threshold where it compares a number, ``needs`` (the answers that fire it, in plain
words), a reason template and its sources. A category's score combines the weights of the
rules that fire as ``1 - (1 - w1)(1 - w2)...``: more supporting answers raise it, it never
passes 1, and with no supporting answer it is 0.

Weights follow the strength of the evidence (strong links such as dialysis or a
potassium-sparing water pill weigh more than expert-opinion ones such as sitting), and some
rules fire only for a combination of answers a clinician would put together: a statin *with*
weakness or dark urine, a water pill *with* vomiting or diarrhoea, diabetes *with* numbness,
exercise cramps *in the heat*. Size matters too: drinks count only when they fall clearly
short of the target (below 0.6 x, with more weight below 0.4 x), and for cramps that come
only at night or rest a shortfall weighs little, because tired muscles and nerves are the
leading explanation for night cramps (evidence notes §0, §2.1, §2.2).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from crampkit.assessment.condition_table import conditions
from crampkit.assessment.facts import DIURETIC_CLASSES, VASCULAR_RISKS, Facts
from crampkit.assessment.medications import medication_classes
from crampkit.content import read_table, split_ids

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


@cache
def categories() -> dict[str, CauseCategory]:
    """The six cause categories by id, in the contract's order."""
    rows = {row["category"]: row for row in read_table("causes.csv")}
    return {
        cid: CauseCategory(cid, rows[cid]["title"], rows[cid]["summary"],
                           rows[cid]["evidence_level"], rows[cid]["evidence_text"],
                           split_ids(rows[cid]["reference_ids"]))
        for cid in CATEGORY_IDS
    }


@cache
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


def _threshold(rule_id: str) -> float:
    return float(rule_table()[rule_id]["threshold"])


def _shortfall(f: Facts, rule_id: str = "low_fluids"):
    """Drinks and target (as text) when drinks fall clearly short of the target, else None.

    The target is already the drinks share (0.8) of the total-water intake (§6); it is an
    average intake, not a minimum, so only a clear shortfall below it counts.
    Where a care team sets fluids, something typed was not understood, or the person has their
    own salt and fluid plan, no shortfall is counted; with the hyponatraemia guard (contract v3)
    it is, against the usual amount, and the reason asks the pharmacist instead of suggesting it.
    """
    fluids = f.profile.fluids_litres_per_day
    heat_illness = "heat_illness_signs" in f.profile.symptoms  # overheating, not too few drinks
    held = f.follow_care_team_fluids or f.anything_not_understood or f.own_salt_fluid_plan
    guard = f.hyponatraemia_guard
    target = f.usual_drinks_litres if guard else f.drinks_target_litres
    if held or heat_illness or fluids is None or not target:
        return None
    if fluids >= _threshold(rule_id) * target:
        return None
    suggested = ("usual for your age and sex (with your medicines, ask your pharmacist what amount suits you)"
                 if guard else "suggested for your age and sex")
    return {"fluids": f"{fluids:.1f}", "target": f"{target:.1f}", "suggested": suggested}


def _night_or_rest_only(f: Facts) -> bool:
    timing = set(f.profile.timing)
    return bool(timing) and timing <= {"night", "rest"}


def _low_fluids(f: Facts):
    return None if _night_or_rest_only(f) else _shortfall(f)


def _low_fluids_night(f: Facts):
    return _shortfall(f) if _night_or_rest_only(f) else None


def _water_pills(f: Facts) -> list[str]:
    return [m.input for m in f.medications if set(m.class_ids) & set(DIURETIC_CLASSES)]


def _diuretic(f: Facts):
    names = _water_pills(f)
    return {"names": _names(names)} if names else None


def _statin_muscle_signs(f: Facts):
    statins = [m.input for m in f.medications if "statin" in m.class_ids]
    signs = [word for symptom, word in (("weakness", "weakness"), ("dark_urine", "dark urine"))
             if symptom in f.profile.symptoms]
    return {"names": _names(statins), "signs": _names(signs)} if statins and signs else None


def _ccb_ankle_swelling(f: Facts):
    """Swelling on a calcium channel blocker, when nothing points to a clot instead."""
    blockers = [m.input for m in f.medications if "calcium_channel_blocker" in m.class_ids]
    symptoms = set(f.profile.symptoms)
    clot_signs = symptoms & {"one_leg_only", "warmth", "redness"}
    return {"names": _names(blockers)} if blockers and "swelling" in symptoms and not clot_signs else None


def _alcohol(f: Facts):
    if not f.heavy_alcohol:
        return None
    typed = "heavy_alcohol_use" in f.typed_conditions
    return {"said": "You listed drinking a lot of alcohol" if typed
            else "You drink more than the low-risk limit for alcohol"}


def _past_smoking(f: Facts):
    artery_pain = set(f.profile.symptoms) & {"calf_pain_walking_relieved_by_rest",
                                             "rest_pain_eased_by_hanging_leg_down"}
    past = f.understanding is not None and f.understanding.past("smoker")
    return _when(bool(artery_pain) and past and "smoker" not in f.conditions)


def _symptom(symptom: str) -> Rule:
    return lambda f: _when(symptom in f.profile.symptoms)


def _exercise_cramps(f: Facts) -> bool:
    return bool({"during_activity", "after_activity"} & set(f.profile.timing))


def _when(condition: bool, **values):
    return values if condition else None


def _minutes(f: Facts):
    return f.profile.exercise_minutes_per_week


def _vascular_risk(f: Facts):
    present = [conditions()[cid].name.lower() for cid in f.vascular_risk_factors]
    if not present:
        return None
    names = _names(present)
    return {"names": names[0].upper() + names[1:]}


def _medication_rule(level: str) -> Rule:
    def rule(f: Facts):
        names = [f"{m.input} ({', '.join(medication_classes()[c].name for c in m.class_ids)})"
                 for m in f.medications if m.evidence_level == level]
        return {"names": _names(names)} if names else None
    return rule


def _listed(f: Facts, condition_id: str) -> str:
    """How a reason names a condition: typed ("You listed") or implied by medicines (contract
    v3: said as a suggestion, "Your medicines suggest")."""
    return "You listed" if condition_id in f.typed_conditions else "Your medicines suggest"


def _condition_rule(condition_id: str) -> Rule:
    return lambda f: _when(condition_id in f.conditions, listed=_listed(f, condition_id))


def _hours(f: Facts, field: str, rule_id: str, below: str | None = None):
    hours = getattr(f.profile, field) or 0
    low_enough = below is None or hours < _threshold(below)
    return _when(hours >= _threshold(rule_id) and low_enough, hours=_number(hours))


RULES: dict[str, Rule] = {
    "low_fluids": _low_fluids,
    "low_fluids_night": _low_fluids_night,
    "very_low_fluids": lambda f: _when(_shortfall(f, "very_low_fluids") is not None),
    "heat_sweating": lambda f: _when(f.profile.hot_weather_or_heavy_sweating),
    "exercise_in_heat": lambda f: _when(_exercise_cramps(f) and f.profile.hot_weather_or_heavy_sweating),
    "diuretic": _diuretic,
    "diuretic_low_fluids": lambda f: _when(bool(_water_pills(f)) and _shortfall(f) is not None),
    "relieved_by_fluids": lambda f: _when("fluids" in f.profile.relieved_by),
    "fluid_loss_illness": _symptom("recent_vomiting_or_diarrhoea"),
    "dialysis_fluid_shifts": lambda f: _when("dialysis" in f.conditions),
    "training_increase": lambda f: _when(f.profile.recent_training_increase),
    "exercise_timing": lambda f: _when(_exercise_cramps(f)),
    "high_volume": lambda f: _when((_minutes(f) or 0) >= _threshold("high_volume"),
                                   minutes=_number(_minutes(f) or 0)),
    "standing_fatigue": lambda f: _hours(f, "hours_standing_per_day", "standing_fatigue"),
    "night_fatigue": lambda f: _when("night" in f.profile.timing),
    "very_low_activity": lambda f: _when(_minutes(f) is not None and _minutes(f) < _threshold("very_low_activity"),
                                         minutes=_number(_minutes(f) or 0)),
    "low_activity": lambda f: _when(_minutes(f) is not None
                                    and _threshold("very_low_activity") <= _minutes(f)
                                    < _threshold("low_activity") * f.activity_guideline_minutes,
                                    minutes=_number(_minutes(f) or 0), guideline=f.activity_guideline_minutes),
    "older_age": lambda f: _when(f.profile.age >= _threshold("older_age"), age=f.profile.age),
    "long_sitting": lambda f: _hours(f, "hours_sitting_per_day", "long_sitting"),
    "some_sitting": lambda f: _hours(f, "hours_sitting_per_day", "some_sitting", below="long_sitting"),
    "long_standing": lambda f: _hours(f, "hours_standing_per_day", "long_standing"),
    "some_standing": lambda f: _hours(f, "hours_standing_per_day", "some_standing", below="long_standing"),
    "night_posture": lambda f: _when("night" in f.profile.timing),
    "claudication_symptom": lambda f: _when("calf_pain_walking_relieved_by_rest" in f.profile.symptoms),
    "activity_relieved_by_rest": lambda f: _when("during_activity" in f.profile.timing
                                                 and "rest" in f.profile.relieved_by
                                                 and (f.profile.age >= _threshold("activity_relieved_by_rest")
                                                      or bool(set(VASCULAR_RISKS) & set(f.conditions)))),
    "spine_pattern": lambda f: _when("sitting_or_bending_forward" in f.profile.relieved_by),
    "condition_peripheral_artery_disease": _condition_rule("peripheral_artery_disease"),
    "condition_spinal_stenosis": _condition_rule("spinal_stenosis"),
    "condition_sciatica": _condition_rule("sciatica"),
    "condition_peripheral_neuropathy": _condition_rule("peripheral_neuropathy"),
    "vascular_risk": _vascular_risk,
    "numbness": lambda f: _when("numbness" in f.profile.symptoms),
    "weakness": lambda f: _when("weakness" in f.profile.symptoms),
    "twitching_wasting": _symptom("muscle_twitching_or_wasting"),
    "cold_pale_leg": _symptom("cold_pale_leg"),
    "leg_swelling": lambda f: _when("swelling" in f.profile.symptoms),
    "one_leg": lambda f: _when("one_leg_only" in f.profile.symptoms),
    "warm_red": lambda f: _when(bool({"warmth", "redness"} & set(f.profile.symptoms))),
    "skin_changes": lambda f: _when("skin_changes" in f.profile.symptoms),
    "night_nerve": lambda f: _when("night" in f.profile.timing),
    "condition_diabetes": _condition_rule("diabetes"),
    "diabetes_numbness": lambda f: _when("diabetes" in f.conditions and "numbness" in f.profile.symptoms,
                                         listed=_listed(f, "diabetes")),
    "condition_thyroid_disease": _condition_rule("thyroid_disease"),
    "condition_kidney_disease": lambda f: _when("kidney_disease" in f.conditions and "dialysis" not in f.conditions),
    "condition_dialysis": _condition_rule("dialysis"),
    "condition_cirrhosis": lambda f: _when("cirrhosis" in f.condition_details),
    "condition_liver_disease": lambda f: _when("liver_disease" in f.conditions
                                               and "cirrhosis" not in f.condition_details,
                                               listed=_listed(f, "liver_disease")),
    "pregnancy": lambda f: _when(f.profile.pregnant),
    "medication_strong": _medication_rule("strong"),
    "medication_moderate": _medication_rule("moderate"),
    "medication_weak": _medication_rule("weak"),
    "medication_reported": _medication_rule("reported"),
    "statin_muscle_signs": _statin_muscle_signs,
    "water_pill_fluid_loss": lambda f: _when(bool(_water_pills(f))
                                             and "recent_vomiting_or_diarrhoea" in f.profile.symptoms,
                                             names=_names(_water_pills(f) or ["-"])),
    "ccb_ankle_swelling": _ccb_ankle_swelling,
    # contract v3
    "heat_illness_signs": _symptom("heat_illness_signs"),
    "rest_pain_or_foot_sore": lambda f: _when(bool({"rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing"}
                                                   & set(f.profile.symptoms))),
    "past_smoking": _past_smoking,
    "alcohol": _alcohol,
    "alcohol_numbness": lambda f: _when(f.heavy_alcohol and "numbness" in f.profile.symptoms),
}
# Rules that read the fired red flags (contract v3): flag id -> what the reason needs.
FLAG_RULES: dict[str, Callable] = {
    "emergency_nerve_circulation": lambda flags: _when(bool({"stroke_signs", "cauda_equina_signs",
                                                             "acute_limb_ischaemia", "breathless_or_chest_pain"}
                                                            & {fl.id for fl in flags})),
    "emergency_confusion": lambda flags: _when("sudden_confusion" in {fl.id for fl in flags}),
    "clot_risk": lambda flags: next(({"risks": _clot_words(fl.message)} for fl in flags
                                     if fl.id == "clot_risk_one_leg"), None),
}
#: The cause an emergency flag concerns (contract v3: it ranks first, no medicine above it).
EMERGENCY_CATEGORIES = {
    "stroke_signs": "nerve_circulation", "cauda_equina_signs": "nerve_circulation",
    "acute_limb_ischaemia": "nerve_circulation", "breathless_or_chest_pain": "nerve_circulation",
    "heat_illness": "hydration_electrolytes", "sudden_confusion": "medical_medications",
}


def _clot_words(message: str) -> str:
    """The person's own clot risks as the clot flag's message names them."""
    start, end = "Pain in one leg ", " can be a blood clot"
    return message[len(start):message.index(end)] if message.startswith(start) and end in message else ""


def score_category(category_id: str, facts: Facts, flags=()) -> CauseScore:
    """Score one category from the rules that fire for ``facts`` (and the fired ``flags``)."""
    content = categories()[category_id]
    remaining, reasons, refs, fired = 1.0, [], [], []
    for rule_id, row in rule_table().items():
        if row["category"] != category_id:
            continue
        values = FLAG_RULES[rule_id](flags) if rule_id in FLAG_RULES else RULES[rule_id](facts)
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


def _emergency_order(flags) -> list[str]:
    """The categories the fired emergency flags concern, most urgent flag first."""
    return list(dict.fromkeys(EMERGENCY_CATEGORIES[fl.id] for fl in flags
                              if fl.urgency == "emergency" and fl.id in EMERGENCY_CATEGORIES))


def _raise_for_emergency(scores: list[CauseScore], order: list[str]) -> list[CauseScore]:
    """Raise the score of each emergency's category just above every category ranked below it,
    so the ranking (high to low) puts the emergency's category first (contract v3)."""
    by_id = {s.category: s for s in scores}
    below = max((s.score for s in scores if s.category not in order), default=0.0)
    for category in reversed(order):
        current = by_id[category]
        wanted = min(1.0, round(max(current.score, below + 0.01), 3))
        by_id[category] = replace(current, score=wanted)
        below = wanted
    position = {c: i for i, c in enumerate(order)}
    return sorted(by_id.values(), key=lambda s: (-s.score, position.get(s.category, len(order))))


def score_causes(facts: Facts, flags=()) -> list[CauseScore]:
    """All six categories, highest score first (ties keep the contract's order).

    With an emergency among ``flags`` (the fired red flags), the category that flag concerns
    comes first (contract v3: one answer under an emergency).
    """
    scores = [score_category(cid, facts, flags) for cid in CATEGORY_IDS]
    scores = sorted(scores, key=lambda s: -s.score)
    order = _emergency_order(flags)
    return _raise_for_emergency(scores, order) if order else scores
