"""Understanding what a person types (contract v3): each phrase to what it means.

A typed condition is read as one of: a condition id (``"bad kidneys"`` -> ``kidney_disease``),
a clot risk (``"long-haul flight last week"`` -> ``long_journey``), an everyday condition with
no cramp rule (``"gout"``, kept in ``other_conditions``), *not counted* (absent, past or someone
else's: ``"no diabetes"``, ``"ex-smoker"``, ``"mum has diabetes"``), or *not understood*. What is
not understood is never treated as absent: the rules hold back drinks, salt and potassium advice
while anything typed is not understood.

Medicines are read in :mod:`crampkit.assessment.medications`; the conditions they imply
(Renvela -> advanced kidney disease) are worked out here by :func:`implied_conditions`.

This module is the one place the rules ask "what did the person mean?".
"""
from __future__ import annotations

from dataclasses import dataclass

from crampkit.assessment.conditions import condition_details, recognise_conditions
from crampkit.assessment.matching import check_text_list

#: Why a typed condition is not counted as the person's own.
NOT_COUNTED_REASONS = ("absent", "past", "other_person")

#: Holds a typed condition can put on general advice, beyond its condition id:
#: ``no_fluid_push`` (no drinks target, no "drink more"), ``no_potassium_push`` (no "eat more
#: potassium"), ``own_salt_fluid_plan`` (POTS, Addison's: "follow your care team's salt and
#: fluid plan" instead of any general salt or fluid advice).
HOLDS = ("no_fluid_push", "no_potassium_push", "own_salt_fluid_plan")


@dataclass(frozen=True)
class ConditionReading:
    """What one typed condition phrase means.

    ``kind`` is one of ``condition`` (``condition_ids`` holds the ids it names), ``clot_risk``
    (``clot_risks`` holds them), ``other`` (an everyday condition with no cramp rule; ``name``
    is its plain name), ``not_counted`` (``reason`` is ``absent``, ``past`` or
    ``other_person``; ``condition_ids`` holds what it would have named), or
    ``not_understood``. A phrase may name a condition and a clot risk at once ("had a DVT
    before" is the clot risk ``previous_clot``); ``holds`` adds advice holds (see ``HOLDS``).
    """

    input: str
    kind: str
    condition_ids: tuple[str, ...] = ()
    clot_risks: tuple[str, ...] = ()
    name: str = ""
    reason: str = ""
    holds: tuple[str, ...] = ()

    @property
    def counted(self) -> bool:
        """True when the phrase says something about the person's own health now."""
        return self.kind in ("condition", "clot_risk", "other")


@dataclass(frozen=True)
class ConditionUnderstanding:
    """Every typed condition phrase, read; the lists the contract reports come from here."""

    readings: tuple[ConditionReading, ...]
    details: tuple[str, ...] = ()  # named forms such as "cirrhosis" (condition_details.csv)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Condition ids the person typed (sorted; dialysis brings kidney_disease)."""
        return tuple(sorted({c for r in self.readings if r.kind == "condition" for c in r.condition_ids}))

    @property
    def other_conditions(self) -> tuple[str, ...]:
        """Typed phrases that name an everyday condition with no cramp rule, as typed."""
        return tuple(r.input for r in self.readings if r.kind == "other")

    @property
    def unrecognised(self) -> tuple[str, ...]:
        """Typed phrases crampkit did not understand, as typed."""
        return tuple(r.input for r in self.readings if r.kind == "not_understood")

    @property
    def not_counted(self) -> tuple[tuple[str, str], ...]:
        """(typed phrase, reason) for phrases that are absent, past or someone else's."""
        return tuple((r.input, r.reason) for r in self.readings if r.kind == "not_counted")

    @property
    def clot_risks(self) -> tuple[str, ...]:
        """Clot-risk ids named by the typed phrases (family history of clots included)."""
        return tuple(dict.fromkeys(c for r in self.readings for c in r.clot_risks))

    @property
    def holds(self) -> frozenset[str]:
        """Advice holds named by counted phrases (see ``HOLDS``)."""
        return frozenset(h for r in self.readings if r.counted for h in r.holds)

    def past(self, condition_id: str) -> bool:
        """True when a phrase says the person *used to* have ``condition_id`` ("ex-smoker")."""
        return any(r.kind == "not_counted" and r.reason == "past" and condition_id in r.condition_ids
                   for r in self.readings)


def read_condition(typed: str) -> ConditionReading:
    """What one typed condition phrase means (see :class:`ConditionReading`)."""
    ids, _ = recognise_conditions([typed])
    if ids:
        return ConditionReading(typed, "condition", tuple(ids))
    return ConditionReading(typed, "not_understood")


def understand_conditions(typed_names) -> ConditionUnderstanding:
    """Read every typed condition phrase, in the order typed.

    >>> u = understand_conditions(["type 2 diabetes", "zorblax"])
    >>> u.conditions, u.unrecognised
    (('diabetes',), ('zorblax',))
    """
    typed = check_text_list(typed_names, "conditions")
    return ConditionUnderstanding(tuple(read_condition(t) for t in typed), tuple(condition_details(typed)))


@dataclass(frozen=True)
class ImpliedCondition:
    """A condition the person's medicines suggest, though it was not typed (contract v3).

    ``because`` holds the medicines as typed; ``said_as`` is the plain words the answer uses
    ("kidney disease treated with dialysis"); ``scope`` is ``all`` (every flag and safety rule
    treats it as present) or ``potassium_magnesium`` (a potassium binder: only the potassium
    and magnesium rules); ``also`` names rules applied on top (``dialysis_fluid_limit`` for a
    phosphate binder: the fluid limit of dialysis applies though dialysis is not implied).
    """

    id: str
    because: tuple[str, ...]
    said_as: str
    scope: str = "all"
    also: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "because": list(self.because)}


def implied_conditions(medications, typed_condition_ids=()) -> tuple[ImpliedCondition, ...]:
    """Conditions the recognised ``medications`` imply that ``typed_condition_ids`` lacks.

    ``medications`` are :class:`~crampkit.assessment.medications.MedicationMatch` records.
    """
    return ()
