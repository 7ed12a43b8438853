"""Every red-flag rule of the contract at and around its thresholds."""
import pytest

import crampkit
from crampkit import Profile


def flags(**answers):
    result = crampkit.assess(Profile(age=answers.pop("age", 45), **answers))
    return {f.id: f.urgency for f in result.red_flags}, result.urgency


@pytest.mark.parametrize("episodes, fires", [(2.9, False), (3, True), (3.5, True)])
def test_frequency_threshold(episodes, fires):
    fired, _ = flags(episodes_per_week=episodes)
    assert ("frequent_or_severe" in fired) is fires


@pytest.mark.parametrize("minutes, fires", [(10, False), (10.5, True), (60, True)])
def test_duration_threshold(minutes, fires):
    fired, _ = flags(typical_duration_minutes=minutes)
    assert ("frequent_or_severe" in fired) is fires


def test_long_and_not_improving_is_urgent():
    assert flags(typical_duration_minutes=11, symptoms=["not_improving_with_self_care"])[0] == {
        "frequent_or_severe": "urgent"}
    assert flags(typical_duration_minutes=10, symptoms=["not_improving_with_self_care"])[0] == {
        "frequent_or_severe": "see_clinician_soon"}
    assert flags(symptoms=["very_painful"])[0] == {"frequent_or_severe": "see_clinician_soon"}


@pytest.mark.parametrize("symptoms, conditions, urgency", [
    (["swelling"], [], "see_clinician_soon"),
    (["warmth"], [], "see_clinician_soon"),
    (["redness"], [], "see_clinician_soon"),
    (["skin_changes"], [], "see_clinician_soon"),
    (["swelling", "warmth"], [], "urgent"),
    (["swelling", "redness"], [], "urgent"),
    (["swelling", "one_leg_only"], [], "urgent"),
    (["warmth", "one_leg_only"], [], "see_clinician_soon"),
    (["skin_changes"], ["peripheral artery disease"], "urgent"),
    (["skin_changes", "calf_pain_walking_relieved_by_rest"], [], "urgent"),
])
def test_leg_swelling_redness(symptoms, conditions, urgency):
    fired, _ = flags(symptoms=symptoms, conditions=conditions)
    assert fired["leg_swelling_redness"] == urgency


def test_one_leg_only_alone_fires_nothing():
    assert flags(symptoms=["one_leg_only"])[0] == {}


@pytest.mark.parametrize("symptom, urgency", [
    ("weakness", "urgent"), ("numbness", "see_clinician_soon"),
    ("persists_after_activity", "see_clinician_soon"),
])
def test_weakness_numbness(symptom, urgency):
    assert flags(symptoms=[symptom])[0]["weakness_numbness_persistent"] == urgency


def test_sleep_disruption():
    assert flags(symptoms=["sleep_disrupted"]) == ({"night_rest_sleep_disruption": "see_clinician_soon"},
                                                   "see_clinician_soon")
    assert flags(timing=["night"])[0] == {}


@pytest.mark.parametrize("answers", [
    {"conditions": ["type 1 diabetes"]}, {"conditions": ["CKD stage 3"]},
    {"conditions": ["on haemodialysis"]}, {"conditions": ["peripheral arterial disease"]},
    {"symptoms": ["calf_pain_walking_relieved_by_rest"]},
])
def test_risk_factors(answers):
    assert flags(**answers)[0]["risk_factors"] == "see_clinician_soon"


def test_risk_factors_not_for_other_conditions():
    assert "risk_factors" not in flags(conditions=["high blood pressure", "smoker"])[0]


@pytest.mark.parametrize("medicine", ["Lipitor 20mg", "simvastatin", "Caduet 5/10", "atorvastatine"])
def test_statin_warning(medicine):
    fired, urgency = flags(medications=[medicine], symptoms=["weakness"])
    assert fired["statin_muscle_warning"] == "urgent" and urgency == "urgent"
    fired, _ = flags(medications=[medicine], symptoms=["dark_urine"])
    assert fired["statin_muscle_warning"] == "urgent" and fired["dark_urine"] == "urgent"
    assert "statin_muscle_warning" not in flags(medications=[medicine], symptoms=["numbness"])[0]


def test_statin_warning_needs_a_statin():
    fired, _ = flags(medications=["amlodipine"], symptoms=["weakness"])
    assert "statin_muscle_warning" not in fired


@pytest.mark.parametrize("symptom, flag", [
    ("dark_urine", "dark_urine"), ("recent_vomiting_or_diarrhoea", "fluid_loss_illness"),
    ("wound_or_toxin_exposure", "wound_or_toxin_exposure"),
])
def test_urgent_single_symptoms(symptom, flag):
    assert flags(symptoms=[symptom]) == ({flag: "urgent"}, "urgent")


def test_no_flags_means_routine_self_care():
    assert flags(episodes_per_week=1, typical_duration_minutes=2, timing=["night"]) == ({}, "routine_self_care")


def test_flags_come_most_urgent_first_and_carry_sources():
    result = crampkit.assess(Profile(age=60, symptoms=["sleep_disrupted", "weakness"]))
    assert [f.urgency for f in result.red_flags] == ["urgent", "see_clinician_soon"]
    references = crampkit.content.references()
    assert all(f.reference_ids and set(f.reference_ids) <= set(references) for f in result.red_flags)
