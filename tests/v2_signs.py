"""Contract v2's six new warning signs and the ``emergency`` urgency, for widget tests.

The rules themselves belong to the engine (``crampkit.profile``, ``crampkit.red_flags``).
When they are present, :func:`use_v2_signs` changes nothing and the tests run against the
real rules. Until then it adds a minimal stand-in that follows the contract's table (each new
sign fires its flag; ``emergency`` above ``urgent``), so the widgets can be tested now.
"""
from __future__ import annotations

import sys

import crampkit.assess  # noqa: F401 - the module is patched through sys.modules
import crampkit.profile
import crampkit.red_flags
from crampkit.red_flags import RedFlag

NEW_SIGNS = {  # symptom id -> (flag id, urgency), from the contract v2 table
    "sudden_one_sided_weakness": ("stroke_signs", "emergency"),
    "saddle_numbness_or_bladder_change": ("cauda_equina_signs", "emergency"),
    "cold_pale_leg": ("acute_limb_ischaemia", "emergency"),
    "breathless_or_chest_pain": ("breathless_or_chest_pain", "emergency"),
    "heat_illness_signs": ("heat_illness", "emergency"),
    "muscle_twitching_or_wasting": ("twitching_or_wasting", "see_clinician_soon"),
}


def engine_has_v2() -> bool:
    return set(NEW_SIGNS) <= set(crampkit.profile.VOCABULARIES["symptoms"]) \
        and "emergency" in crampkit.red_flags.URGENCY_ORDER


def use_v2_signs(monkeypatch) -> None:
    """Make sure the v2 signs exist (a no-op once the engine has them)."""
    if engine_has_v2():
        return
    monkeypatch.setitem(crampkit.profile.VOCABULARIES, "symptoms",
                        tuple(crampkit.profile.SYMPTOMS) + tuple(NEW_SIGNS))
    monkeypatch.setattr(crampkit.red_flags, "URGENCY_ORDER",
                        ("routine_self_care", "see_clinician_soon", "urgent", "emergency"))
    real = crampkit.red_flags.evaluate_red_flags

    def evaluate(profile, condition_ids, medication_class_ids=()):
        flags = list(real(profile, condition_ids, medication_class_ids))
        for symptom, (flag_id, urgency) in NEW_SIGNS.items():
            if symptom in profile.symptoms:
                flags.append(RedFlag(flag_id, urgency, flag_id.replace("_", " ").capitalize(),
                                     "Stand-in message for the widget tests.", "nerve_circulation",
                                     ("nhs_leg_cramps",)))
        order = crampkit.red_flags.URGENCY_ORDER
        return sorted(flags, key=lambda f: -order.index(f.urgency))

    monkeypatch.setattr(sys.modules["crampkit.assess"], "evaluate_red_flags", evaluate)
