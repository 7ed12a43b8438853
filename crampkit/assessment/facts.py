"""What the rules know about a person: the profile plus what crampkit recognised in it.

Built once per assessment so every rule module reads the same, already-matched facts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from crampkit.assessment.medications import MedicationMatch, match_medications
from crampkit.assessment.profile import Profile
from crampkit.assessment.understanding import (
    ConditionUnderstanding,
    ImpliedCondition,
    implied_conditions,
    understand_conditions,
)
from crampkit.content import fill
from crampkit.topics.activity import guideline_minutes
from crampkit.topics.hydration import FLUID_LIMIT_CONDITIONS, LIVER_CONDITIONS, drinks_target
from crampkit.wording import label, plain

# A care team sets how much to drink (no drinks target, no "drink more"): notes §9.1, and
# contract v2 for liver disease (the liver team sets salt and fluids).
CARE_TEAM_FLUID_CONDITIONS = FLUID_LIMIT_CONDITIONS + LIVER_CONDITIONS  # the drinks target's own lists
KIDNEY_CONDITIONS = ("kidney_disease", "dialysis")
POTASSIUM_RAISING_CLASSES = ("ace_inhibitor", "arb", "potassium_sparing_diuretic")
DIURETIC_CLASSES = ("thiazide_diuretic", "loop_diuretic", "potassium_sparing_diuretic")
# contract v3: medicines that need care while a person cannot keep fluids down (NHS Scotland
# sick day card; Think Kidneys; NHS GGC for lithium). Insulin has its own words.
SICK_DAY_CLASSES = DIURETIC_CLASSES + ("ace_inhibitor", "arb", "naproxen", "celecoxib", "lithium")
SICK_DAY_GROUPS = ("diuretic_unknown_kind", "metformin", "sglt2_inhibitor", "nsaid", "sulfonylurea", "lithium")
# contract v3: the hyponatraemia guard (Hew-Butler 2015; MHRA 2007; Jacob and Spinler 2006)
HYPONATRAEMIA_ANY_AGE_GROUPS = ("desmopressin",)
HYPONATRAEMIA_OLDER_CLASSES = ("thiazide_diuretic", "citalopram")
HYPONATRAEMIA_OLDER_GROUPS = ("diuretic_unknown_kind", "ssri_snri", "carbamazepine")
HYPONATRAEMIA_AGE = 65
# The bedtime stretch trial (Hallegraeff 2012) took adults over 55 only.
STRETCH_TRIAL_MIN_AGE = 55
# contract v3: more than 9 drinks a week (about 14 UK units) is over the low-risk limit (UK CMO)
LOW_RISK_DRINKS_PER_WEEK = 9
# Habits and conditions that narrow the leg arteries over time (NHS, peripheral arterial
# disease); with narrowed leg arteries themselves, the risks the cause rules and the patterns
# tool (topics/patterns.py) look for. The one home of both lists.
VASCULAR_RISK_FACTORS = ("smoker", "diabetes", "high_blood_pressure", "high_cholesterol")
VASCULAR_RISKS = VASCULAR_RISK_FACTORS + ("peripheral_artery_disease",)


class _once:  # noqa: N801 (used as a decorator, as ``property`` is)
    """A property of :class:`Facts` worked out on first use and kept on that one record (a
    record is one person's, built afresh for each assessment; ``dataclasses.replace`` makes a
    new record that works it out again)."""

    def __init__(self, func):
        self.func, self.__doc__ = func, func.__doc__

    def __set_name__(self, owner, name: str):
        self.name = name

    def __get__(self, record, owner=None):
        if record is None:
            return self
        value = record.__dict__[self.name] = self.func(record)
        return value


@dataclass(frozen=True)
class Facts:
    """A profile with its recognised conditions, medicines and drinks target.

    ``conditions`` is every condition the rules treat as present: the ones typed
    (``typed_conditions``) and those the medicines imply with full scope (contract v3).
    ``drinks_target_litres`` is None whenever a drinks target must not be given: a care team
    sets fluids, something typed was not understood, or a medicine can lower blood sodium.
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
    #: the drinks usual for the age and sex (EFSA), even where no target may be shown: with the
    #: hyponatraemia guard a clear shortfall below it still counts as a reason (never as a target)
    usual_drinks_litres: float | None = None

    @_once
    def anything_not_understood(self) -> bool:
        """True while a typed condition or medicine was not understood (contract v3 fail-safe)."""
        return bool(self.unrecognised_conditions or self.unrecognised_medications)

    @_once
    def not_understood(self) -> tuple[str, ...]:
        """Every typed condition and medicine crampkit did not understand, as typed."""
        return tuple(self.unrecognised_conditions) + tuple(self.unrecognised_medications)

    @_once
    def class_ids(self) -> frozenset[str]:
        return frozenset(c for m in self.medications for c in m.class_ids)

    @_once
    def groups(self) -> frozenset[str]:
        """The medicine groups of the recognised medicines (insulin, nsaid, ...; contract v3)."""
        return frozenset(g for m in self.medications for g in m.groups)

    def medicines(self, classes=(), groups=()) -> list[str]:
        """The medicines (as typed) of any of ``classes`` or ``groups``, in the order typed."""
        return [m.input for m in self.medications
                if set(m.class_ids) & set(classes) or set(m.groups) & set(groups)]

    @_once
    def holds(self) -> frozenset[str]:
        """Advice holds from the typed conditions (``no_fluid_push``, ``no_potassium_push``,
        ``own_salt_fluid_plan``; see :mod:`crampkit.assessment.understanding`)."""
        return self.understanding.holds if self.understanding is not None else frozenset()

    @_once
    def implied_also(self) -> frozenset[str]:
        return frozenset(a for i in self.implied for a in i.also)

    @_once
    def follow_care_team_fluids(self) -> bool:
        """True when a care team sets how much to drink (no "drink more" advice then)."""
        return bool(set(self.conditions) & set(CARE_TEAM_FLUID_CONDITIONS)
                    or "no_fluid_push" in self.holds or "dialysis_fluid_limit" in self.implied_also)

    @_once
    def own_salt_fluid_plan(self) -> bool:
        """True for a condition treated with *more* salt and fluid (POTS, Addison's)."""
        return "own_salt_fluid_plan" in self.holds

    @_once
    def hyponatraemia_guard(self) -> bool:
        """True when drinking a lot more could lower blood sodium (contract v3): desmopressin at
        any age; at 65 or over a thiazide, a diuretic of unknown kind, an SSRI or SNRI,
        carbamazepine or oxcarbazepine."""
        if self.medicines(groups=HYPONATRAEMIA_ANY_AGE_GROUPS):
            return True
        return self.profile.age >= HYPONATRAEMIA_AGE and bool(
            self.medicines(HYPONATRAEMIA_OLDER_CLASSES, HYPONATRAEMIA_OLDER_GROUPS))

    @_once
    def no_drinks_push(self) -> bool:
        """True when the plan gives no drinks target and no "drink more" (contract v2, v3)."""
        return (self.follow_care_team_fluids or self.anything_not_understood or self.hyponatraemia_guard
                or self.own_salt_fluid_plan)

    @_once
    def kidney_disease(self) -> bool:
        """Kidney disease for the potassium and magnesium rules (a potassium binder counts)."""
        return bool(set(self.conditions) & set(KIDNEY_CONDITIONS)) or any(
            i.id in KIDNEY_CONDITIONS for i in self.implied)

    @_once
    def potassium_raising_medicine(self) -> bool:
        return bool(self.class_ids & set(POTASSIUM_RAISING_CLASSES))

    @_once
    def no_potassium_push(self) -> bool:
        """True when the plan must not say "eat more potassium or magnesium" (contract v3)."""
        return (self.kidney_disease or self.anything_not_understood or "no_potassium_push" in self.holds
                or "potassium_sparing_diuretic" in self.class_ids
                or bool(set(self.conditions) & {"heart_failure", "liver_disease"}))

    @_once
    def no_potassium_hold(self) -> bool:
        """True when a typed condition holds back potassium advice (high potassium, contract v3)."""
        return "no_potassium_push" in self.holds

    @_once
    def younger_than_stretch_trial(self) -> bool:
        """True at 55 or younger: the bedtime stretch was tested in adults over 55 only
        (Hallegraeff 2012), so a younger person is told it was not tested at their age."""
        return self.profile.age <= STRETCH_TRIAL_MIN_AGE

    @_once
    def heavy_alcohol(self) -> bool:
        """True with ``heavy_alcohol_use`` typed or implied by more than 9 drinks a week."""
        return "heavy_alcohol_use" in self.conditions

    @_once
    def drinks_compared_litres(self) -> float | None:
        """The drinks a clear shortfall is measured against, for a cause's reason (never shown as a
        target). The target is already the drinks share (0.8) of the total-water intake (§6), an
        average, not a minimum. None where a care team sets fluids, something typed was not
        understood, the person has their own salt and fluid plan, or with signs of heat illness
        (overheating, not too few drinks); with the hyponatraemia guard (contract v3) the usual
        amount, and the reason asks the pharmacist instead of suggesting it."""
        held = self.follow_care_team_fluids or self.anything_not_understood or self.own_salt_fluid_plan
        if held or "heat_illness_signs" in self.profile.symptoms:
            return None
        return self.usual_drinks_litres if self.hyponatraemia_guard else self.drinks_target_litres

    @_once
    def night_or_rest_only(self) -> bool:
        """True when cramps come only at night or at rest (fluids matter less then)."""
        timing = set(self.profile.timing)
        return bool(timing) and timing <= {"night", "rest"}

    @property
    def water_pills(self) -> list[str]:
        """The water pills (diuretics of a known kind) taken, as typed."""
        return self.medicines(DIURETIC_CLASSES)

    @_once
    def smoked_in_past(self) -> bool:
        """True for smoking in the past that is not counted as smoking now (contract v3)."""
        return (self.understanding is not None and self.understanding.past("smoker")
                and "smoker" not in self.conditions)

    @_once
    def vascular_risk_factors(self) -> tuple[str, ...]:
        """The person's conditions among :data:`VASCULAR_RISK_FACTORS`, in that list's order."""
        return tuple(c for c in VASCULAR_RISK_FACTORS if c in self.conditions)

    @property
    def sick_day_medicines(self) -> list[str]:
        """Medicines that need care while a person cannot keep fluids down (not insulin)."""
        return self.medicines(SICK_DAY_CLASSES, SICK_DAY_GROUPS)

    @_once
    def activity_guideline_minutes(self) -> int:
        """Weekly activity suggested for the age: 60 a day under 18, else 150 (WHO 2020; the
        figures live in :mod:`crampkit.topics.activity`)."""
        return guideline_minutes(self.profile.age)


def _alcohol_said_as() -> str:
    """How a drinks count over the limit is said (row ``understanding,alcohol_said_as`` of
    ``data/answer_labels.csv``)."""
    return label("understanding", "alcohol_said_as") or plain("heavy_alcohol_use")


def __getattr__(name: str):
    """``ALCOHOL_SAID_AS``: the words of :func:`_alcohol_said_as`, read from the table on use.

    >>> from crampkit.assessment import facts
    >>> facts.ALCOHOL_SAID_AS
    'drinking more than the low-risk limit'
    """
    if name == "ALCOHOL_SAID_AS":
        return _alcohol_said_as()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _alcohol_implied(profile: Profile, typed) -> tuple[ImpliedCondition, ...]:
    drinks = profile.alcohol_drinks_per_week or 0
    if drinks > LOW_RISK_DRINKS_PER_WEEK and "heavy_alcohol_use" not in typed:
        because = fill(label("understanding", "alcohol_because", "{drinks}"), drinks=f"{drinks:g}")
        return (ImpliedCondition("heavy_alcohol_use", (because,), _alcohol_said_as()),)
    return ()


def gather_facts(profile: Profile) -> Facts:
    """Match conditions and medicines and look up the drinks target for ``profile``."""
    understanding = understand_conditions(profile.conditions)
    typed = understanding.conditions
    medications, unknown_medications = match_medications(profile.medications)
    implied = implied_conditions(medications, typed) + _alcohol_implied(profile, typed)
    conditions = tuple(sorted(set(typed) | {i.id for i in implied if i.scope == "all"}))
    clot_risks = tuple(dict.fromkeys(profile.clot_risks + understanding.clot_risks))
    facts = Facts(profile, conditions, understanding.unrecognised, tuple(medications),
                  tuple(unknown_medications), None, understanding.details,
                  typed_conditions=typed, understanding=understanding, implied=implied,
                  clot_risks=clot_risks)
    usual = drinks_target(profile.age, profile.sex, pregnant=profile.pregnant, conditions=conditions).litres
    return replace(facts, usual_drinks_litres=usual, drinks_target_litres=None if facts.no_drinks_push else usual)
