"""The assessment (contract v3): a person's details to likely causes, red flags and a plan.

>>> import crampkit
>>> a = crampkit.assess(crampkit.Profile(age=27, timing=["during_activity"],
...                                      recent_training_increase=True))
>>> a.urgency, a.causes[0].category
('routine_self_care', 'overuse_fatigue')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.assessment.causes import CauseScore, score_causes
from crampkit.assessment.facts import Facts, gather_facts
from crampkit.assessment.medications import MedicationMatch
from crampkit.assessment.plan import PlanStep, build_plan
from crampkit.assessment.profile import Profile, ProfileError
from crampkit.assessment.red_flags import RedFlag, evaluate_red_flags, overall_urgency
from crampkit.assessment.understanding import ImpliedCondition
from crampkit.content import message, read_table, read_text, split_ids


@dataclass(frozen=True)
class LookAlike:
    """Something that can feel like a cramp but is not (contract v3: restless legs,
    claudication), in plain words, with what tells it apart and what to do."""

    id: str
    text: str
    reference_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "reference_ids": list(self.reference_ids)}


@dataclass(frozen=True)
class Assessment:
    """Everything crampkit concludes for one profile; ``to_dict()`` is the contract shape."""

    profile: Profile
    urgency: str
    red_flags: tuple[RedFlag, ...]
    causes: tuple[CauseScore, ...]
    medications: tuple[MedicationMatch, ...]
    unrecognised_medications: tuple[str, ...]
    conditions: tuple[str, ...]
    unrecognised_conditions: tuple[str, ...]
    plan: tuple[PlanStep, ...]
    disclaimer: str
    # contract v3
    implied_conditions: tuple[ImpliedCondition, ...] = ()
    conditions_not_counted: tuple[tuple[str, str], ...] = ()
    other_conditions: tuple[str, ...] = ()
    clot_risks: tuple[str, ...] = ()
    look_alikes: tuple[LookAlike, ...] = ()

    def to_dict(self) -> dict:
        """The assessment as JSON-serialisable plain types (contract v3 shape)."""
        return {
            "urgency": self.urgency,
            "red_flags": [f.to_dict() for f in self.red_flags],
            "causes": [c.to_dict() for c in self.causes],
            "medications": [m.to_dict() for m in self.medications],
            "unrecognised_medications": list(self.unrecognised_medications),
            "conditions": list(self.conditions),
            "unrecognised_conditions": list(self.unrecognised_conditions),
            "implied_conditions": [i.to_dict() for i in self.implied_conditions],
            "conditions_not_counted": [{"input": text, "reason": reason}
                                       for text, reason in self.conditions_not_counted],
            "other_conditions": list(self.other_conditions),
            "clot_risks": list(self.clot_risks),
            "look_alikes": [x.to_dict() for x in self.look_alikes],
            "plan": [s.to_dict() for s in self.plan],
            "disclaimer": self.disclaimer,
        }


def look_alikes(profile: Profile) -> tuple[LookAlike, ...]:
    """Conditions that can feel like a cramp but are not, for the signs ticked (contract v3:
    restless legs with ``urge_to_move``, claudication with ``calf_pain_walking_relieved_by_rest``),
    from ``data/look_alikes.csv``.

    >>> [x.id for x in look_alikes(Profile(age=48, symptoms=["urge_to_move"]))]
    ['restless_legs']
    """
    ticked = set(profile.symptoms)
    return tuple(LookAlike(row["look_alike_id"], row["text"], split_ids(row["reference_ids"]))
                 for row in read_table("look_alikes.csv") if row["when_symptom"] in ticked)


def disclaimer() -> str:
    """The medical disclaimer shown with every assessment."""
    return _disclaimer()


@cache
def _disclaimer() -> str:
    return " ".join(read_text("disclaimer.md").split())


def assess(profile: Profile) -> Assessment:
    """Assess ``profile``: red flags (never hidden), six scored causes, and a plan.

    A plain dict is accepted too and checked as by :meth:`Profile.from_dict`.
    """
    if isinstance(profile, dict):
        profile = Profile.from_dict(profile)
    if not isinstance(profile, Profile):
        raise ProfileError("profile", message("profile_not_a_profile", field="profile",
                                               value=type(profile).__name__).removeprefix("profile: "))
    facts: Facts = gather_facts(profile)
    flags = evaluate_red_flags(profile, facts.conditions, facts.class_ids, facts.medications,
                               clot_risks=facts.clot_risks, typed_conditions=facts.typed_conditions)
    causes = score_causes(facts, flags)
    plan = build_plan(facts, causes, flags)
    return Assessment(
        profile=profile,
        urgency=overall_urgency(flags),
        red_flags=tuple(flags),
        causes=tuple(causes),
        medications=facts.medications,
        unrecognised_medications=facts.unrecognised_medications,
        conditions=facts.typed_conditions,
        unrecognised_conditions=facts.unrecognised_conditions,
        plan=tuple(plan),
        disclaimer=disclaimer(),
        implied_conditions=facts.implied,
        conditions_not_counted=facts.understanding.not_counted,
        other_conditions=facts.understanding.other_conditions,
        clot_risks=facts.clot_risks,
        look_alikes=look_alikes(profile),
    )
