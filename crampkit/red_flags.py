"""Red flags: answers that mean "see a clinician", with how soon (assessment contract v1).

Each flag fires from the answers alone and nothing else can hide it. Messages live in
``data/red_flags.csv``; the thresholds below are the contract's.

>>> from crampkit.profile import Profile
>>> [(f.id, f.urgency) for f in evaluate_red_flags(Profile(age=40, episodes_per_week=3), ())]
[('frequent_or_severe', 'see_clinician_soon')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from crampkit.content import read_table, split_ids
from crampkit.profile import Profile

FREQUENT_EPISODES_PER_WEEK = 3
LONG_CRAMP_MINUTES = 10
URGENCY_ORDER = ("routine_self_care", "see_clinician_soon", "urgent")
FLAG_IDS = (
    "frequent_or_severe", "leg_swelling_redness", "weakness_numbness_persistent",
    "night_rest_sleep_disruption", "risk_factors", "statin_muscle_warning", "dark_urine",
    "fluid_loss_illness", "wound_or_toxin_exposure",
)
RISK_CONDITIONS = ("diabetes", "kidney_disease", "dialysis", "peripheral_artery_disease")
VASCULAR_PATTERN_CONDITIONS = ("peripheral_artery_disease",)


@dataclass(frozen=True)
class RedFlag:
    """A fired warning sign with its urgency, a plain message and its sources."""

    id: str
    urgency: str
    title: str
    message: str
    plan_category: str
    reference_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "urgency": self.urgency, "message": self.message,
                "reference_ids": list(self.reference_ids)}


@lru_cache(maxsize=None)
def _messages() -> dict[tuple[str, str], dict]:
    return {(row["flag_id"], row["urgency"]): row for row in read_table("red_flags.csv")}


def make_flag(flag_id: str, urgency: str) -> RedFlag:
    """The flag ``flag_id`` at ``urgency``, with its message from the data table."""
    row = _messages()[(flag_id, urgency)]
    return RedFlag(flag_id, urgency, row["title"], row["message"], row["plan_category"],
                   split_ids(row["reference_ids"]))


def _frequent_or_severe(p: Profile, symptoms: set) -> str | None:
    long_cramp = p.typical_duration_minutes is not None and p.typical_duration_minutes > LONG_CRAMP_MINUTES
    frequent = p.episodes_per_week is not None and p.episodes_per_week >= FREQUENT_EPISODES_PER_WEEK
    if not (frequent or long_cramp or symptoms & {"very_painful", "not_improving_with_self_care"}):
        return None
    if long_cramp and "not_improving_with_self_care" in symptoms:
        return "urgent"
    return "see_clinician_soon"


def _leg_swelling_redness(p: Profile, symptoms: set, conditions: set) -> str | None:
    if not symptoms & {"swelling", "warmth", "redness", "skin_changes"}:
        return None
    if "swelling" in symptoms and symptoms & {"warmth", "redness", "one_leg_only"}:
        return "urgent"
    vascular = conditions & set(VASCULAR_PATTERN_CONDITIONS) or "calf_pain_walking_relieved_by_rest" in symptoms
    if "skin_changes" in symptoms and vascular:
        return "urgent"
    return "see_clinician_soon"


def evaluate_red_flags(profile: Profile, condition_ids, medication_class_ids=()) -> list[RedFlag]:
    """Every red flag the answers fire, most urgent first (then in the contract's order).

    ``condition_ids`` are recognised condition ids; ``medication_class_ids`` the classes of
    the person's recognised medicines (for the statin warning).
    """
    symptoms, conditions = set(profile.symptoms), set(condition_ids)
    fired: list[tuple[str, str]] = []

    urgency = _frequent_or_severe(profile, symptoms)
    if urgency:
        fired.append(("frequent_or_severe", urgency))
    urgency = _leg_swelling_redness(profile, symptoms, conditions)
    if urgency:
        fired.append(("leg_swelling_redness", urgency))
    if symptoms & {"weakness", "numbness", "persists_after_activity"}:
        fired.append(("weakness_numbness_persistent",
                      "urgent" if "weakness" in symptoms else "see_clinician_soon"))
    if "sleep_disrupted" in symptoms:
        fired.append(("night_rest_sleep_disruption", "see_clinician_soon"))
    if conditions & set(RISK_CONDITIONS) or "calf_pain_walking_relieved_by_rest" in symptoms:
        fired.append(("risk_factors", "see_clinician_soon"))
    if "statin" in set(medication_class_ids) and symptoms & {"weakness", "dark_urine"}:
        fired.append(("statin_muscle_warning", "urgent"))
    if "dark_urine" in symptoms:
        fired.append(("dark_urine", "urgent"))
    if "recent_vomiting_or_diarrhoea" in symptoms:
        fired.append(("fluid_loss_illness", "urgent"))
    if "wound_or_toxin_exposure" in symptoms:
        fired.append(("wound_or_toxin_exposure", "urgent"))

    flags = [make_flag(flag_id, level) for flag_id, level in fired]
    return sorted(flags, key=lambda f: -URGENCY_ORDER.index(f.urgency))


def overall_urgency(flags) -> str:
    """The highest urgency among ``flags``; ``routine_self_care`` when there are none."""
    return max((f.urgency for f in flags), key=URGENCY_ORDER.index, default="routine_self_care")
