"""What the rules know about a person: the profile plus what crampkit recognised in it.

Built once per assessment so every rule module reads the same, already-matched facts.
"""
from __future__ import annotations

from dataclasses import dataclass

from crampkit.assessment.medications import MedicationMatch, match_medications
from crampkit.assessment.profile import Profile
from crampkit.assessment.understanding import (
    ConditionUnderstanding,
    ImpliedCondition,
    implied_conditions,
    understand_conditions,
)
from crampkit.topics.hydration import drinks_target

# A care team sets how much to drink (no drinks target, no "drink more"): notes §9.1, and
# contract v2 for liver disease (the liver team sets salt and fluids).
CARE_TEAM_FLUID_CONDITIONS = ("dialysis", "heart_failure", "fluid_restriction", "liver_disease")
KIDNEY_CONDITIONS = ("kidney_disease", "dialysis")
POTASSIUM_RAISING_CLASSES = ("ace_inhibitor", "arb", "potassium_sparing_diuretic")
DIURETIC_CLASSES = ("thiazide_diuretic", "loop_diuretic", "potassium_sparing_diuretic")


@dataclass(frozen=True)
class Facts:
    """A profile with its recognised conditions, medicines and drinks target.

    ``conditions`` is every condition the rules treat as present: the ones typed
    (``typed_conditions``) and those the medicines imply with full scope (contract v3).
    """

    profile: Profile
    conditions: tuple[str, ...]
    unrecognised_conditions: tuple[str, ...]
    medications: tuple[MedicationMatch, ...]
    unrecognised_medications: tuple[str, ...]
    drinks_target_litres: float | None
    condition_details: tuple[str, ...] = ()  # named forms such as "cirrhosis" (condition_details.csv)
    # contract v3
    typed_conditions: tuple[str, ...] = ()
    understanding: ConditionUnderstanding | None = None
    implied: tuple[ImpliedCondition, ...] = ()
    clot_risks: tuple[str, ...] = ()

    @property
    def anything_not_understood(self) -> bool:
        """True while a typed condition or medicine was not understood (contract v3 fail-safe)."""
        return bool(self.unrecognised_conditions or self.unrecognised_medications)

    @property
    def class_ids(self) -> frozenset[str]:
        return frozenset(c for m in self.medications for c in m.class_ids)

    @property
    def follow_care_team_fluids(self) -> bool:
        """True when a care team sets how much to drink (no "drink more" advice then)."""
        return bool(set(self.conditions) & set(CARE_TEAM_FLUID_CONDITIONS))

    @property
    def kidney_disease(self) -> bool:
        return bool(set(self.conditions) & set(KIDNEY_CONDITIONS))

    @property
    def potassium_raising_medicine(self) -> bool:
        return bool(self.class_ids & set(POTASSIUM_RAISING_CLASSES))

    @property
    def activity_guideline_minutes(self) -> int:
        """Weekly activity suggested for the age: 60 a day under 18, else 150 (WHO 2020)."""
        return 420 if self.profile.age < 18 else 150


def gather_facts(profile: Profile) -> Facts:
    """Match conditions and medicines and look up the drinks target for ``profile``."""
    understanding = understand_conditions(profile.conditions)
    typed = understanding.conditions
    medications, unknown_medications = match_medications(profile.medications)
    implied = implied_conditions(medications, typed)
    conditions = tuple(sorted(set(typed) | {i.id for i in implied if i.scope == "all"}))
    clot_risks = tuple(dict.fromkeys(profile.clot_risks + understanding.clot_risks))
    target = drinks_target(profile.age, profile.sex, pregnant=profile.pregnant,
                           conditions=conditions)
    return Facts(profile, conditions, understanding.unrecognised, tuple(medications),
                 tuple(unknown_medications), target.litres, understanding.details,
                 typed_conditions=typed, understanding=understanding, implied=implied,
                 clot_risks=clot_risks)
