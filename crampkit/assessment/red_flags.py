"""Red flags: answers that mean "see a clinician", with how soon (assessment contract v2).

Each flag fires from the answers alone and nothing else can hide it. Messages live in
``data/red_flags.csv``; the thresholds below are the contract's. ``emergency`` (call the
local emergency number now) ranks above ``urgent`` (medical help today).

>>> from crampkit.assessment.profile import Profile
>>> [(f.id, f.urgency) for f in evaluate_red_flags(Profile(age=40, episodes_per_week=3), ())]
[('frequent_or_severe', 'see_clinician_soon')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.assessment.profile import Profile
from crampkit.content import read_table, split_ids

FREQUENT_EPISODES_PER_WEEK = 3
LONG_CRAMP_MINUTES = 10
URGENCY_ORDER = ("routine_self_care", "see_clinician_soon", "urgent", "emergency")
FLAG_IDS = (
    "frequent_or_severe", "leg_swelling_redness", "weakness_numbness_persistent",
    "night_rest_sleep_disruption", "risk_factors", "statin_muscle_warning", "dark_urine",
    "fluid_loss_illness", "wound_or_toxin_exposure",
    "stroke_signs", "cauda_equina_signs", "acute_limb_ischaemia", "breathless_or_chest_pain",
    "heat_illness", "twitching_or_wasting",
)
# One symptom, one flag, one urgency (contract v2; evidence notes section 3.1).
SINGLE_SYMPTOM_FLAGS = (
    ("dark_urine", "dark_urine", "urgent"),
    ("recent_vomiting_or_diarrhoea", "fluid_loss_illness", "urgent"),
    ("wound_or_toxin_exposure", "wound_or_toxin_exposure", "urgent"),
    ("sudden_one_sided_weakness", "stroke_signs", "emergency"),
    ("saddle_numbness_or_bladder_change", "cauda_equina_signs", "emergency"),
    ("cold_pale_leg", "acute_limb_ischaemia", "emergency"),
    ("breathless_or_chest_pain", "breathless_or_chest_pain", "emergency"),
    ("heat_illness_signs", "heat_illness", "emergency"),
    ("muscle_twitching_or_wasting", "twitching_or_wasting", "see_clinician_soon"),
)
# Among flags of the same urgency, the one whose action matters most comes first: the
# warnings that also stop harmful self-care (a clot, a blocked artery, muscle damage) lead.
FLAG_PRIORITY = (
    "breathless_or_chest_pain", "acute_limb_ischaemia", "stroke_signs", "cauda_equina_signs",
    "heat_illness", "leg_swelling_redness", "statin_muscle_warning", "dark_urine",
    "weakness_numbness_persistent", "fluid_loss_illness", "wound_or_toxin_exposure",
    "frequent_or_severe", "risk_factors", "night_rest_sleep_disruption", "twitching_or_wasting",
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


@cache
def _messages() -> dict[tuple[str, str], dict]:
    return {(row["flag_id"], row["urgency"]): row for row in read_table("red_flags.csv")}


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def make_flag(flag_id: str, urgency: str, medications=()) -> RedFlag:
    """The flag ``flag_id`` at ``urgency``, with its message from the data table.

    When the table names medicine classes that add to the risk behind the flag (estrogen,
    raloxifene and the pill for a blood clot), the medicines of those classes among
    ``medications`` (:class:`~crampkit.assessment.medications.MedicationMatch`) are named in the message.

    >>> from crampkit.assessment.medications import MedicationMatch
    >>> pill = MedicationMatch("Evista 60mg", ("raloxifene",), "moderate")
    >>> "You take Evista 60mg" in make_flag("leg_swelling_redness", "urgent", [pill]).message
    True
    """
    row = _messages()[(flag_id, urgency)]
    message = row["message"]
    risky = set(split_ids(row.get("risk_medicine_classes", "")))
    named = [m.input for m in medications if risky & set(m.class_ids)]
    if named and row.get("risk_medicine_note"):
        message += " " + row["risk_medicine_note"].format(names=_names(named))
    return RedFlag(flag_id, urgency, row["title"], message, row["plan_category"],
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


def evaluate_red_flags(profile: Profile, condition_ids, medication_class_ids=(),
                       medications=()) -> list[RedFlag]:
    """Every red flag the answers fire, most urgent first (then by ``FLAG_PRIORITY``).

    ``condition_ids`` are recognised condition ids; ``medication_class_ids`` the classes of
    the person's recognised medicines (for the statin warning). ``medications`` (matched
    medicines) lets a clot warning name the medicines that raise the risk of a clot.
    """
    medication_class_ids = set(medication_class_ids) | {c for m in medications for c in m.class_ids}
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
    for symptom, flag_id, level in SINGLE_SYMPTOM_FLAGS:
        if symptom in symptoms:
            fired.append((flag_id, level))

    flags = [make_flag(flag_id, level, medications) for flag_id, level in fired]
    return sorted(flags, key=lambda f: (-URGENCY_ORDER.index(f.urgency), FLAG_PRIORITY.index(f.id)))


def overall_urgency(flags) -> str:
    """The highest urgency among ``flags``; ``routine_self_care`` when there are none."""
    return max((f.urgency for f in flags), key=URGENCY_ORDER.index, default="routine_self_care")
