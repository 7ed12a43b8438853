"""The plan's contract-v3 safety rules, read as a person reads the plan.

Medicines are given as matched records where a rule needs a medicine group (insulin, an SSRI,
a water tablet of unknown kind) that the understanding work of issue 22 recognises by name;
the rules here are checked on what they receive.
"""
import re
from dataclasses import replace

import pytest

import crampkit
from crampkit.assessment.causes import score_causes
from crampkit.assessment.facts import gather_facts
from crampkit.assessment.medications import MedicationMatch
from crampkit.assessment.plan import build_plan, safety_problems
from crampkit.assessment.profile import Profile
from crampkit.assessment.red_flags import evaluate_red_flags

DRINKS_TARGET = re.compile(r"aim for about [\d.]+ ?l", re.I)
SALT_IDEA = re.compile(r"drink with some salt|sports drink[^.]*may help", re.I)
EAT_POTASSIUM = re.compile(r"eat foods rich in potassium", re.I)
SELF_CARE = re.compile(r"rub the muscle|stretch your calves|walk about|build up", re.I)


def plan_for(profile: Profile, medicines=()):
    """(plan texts, facts, flags, causes) with ``medicines`` (matched records) added."""
    facts = gather_facts(profile)
    if medicines:
        facts = replace(facts, medications=facts.medications + tuple(medicines))
        usual = facts.usual_drinks_litres
        facts = replace(facts, drinks_target_litres=None if facts.no_drinks_push else usual)
    flags = evaluate_red_flags(profile, facts.conditions, facts.class_ids, facts.medications,
                               clot_risks=facts.clot_risks)
    causes = score_causes(facts, flags)
    plan = build_plan(facts, causes, flags)
    assert safety_problems(plan, facts, flags, causes) == []
    return [s.text for s in plan], facts, flags, causes


def group(name, *groups, classes=()):
    return MedicationMatch(name, tuple(classes), "none", tuple(groups))


def test_not_understood_words_hold_drinks_salt_and_potassium_and_are_named():
    texts, *_ = plan_for(Profile(age=58, conditions=["the dropsy"], fluids_litres_per_day=0.5,
                                 hot_weather_or_heavy_sweating=True, timing=["during_activity"]))
    text = " ".join(texts)
    assert not DRINKS_TARGET.search(text) and not SALT_IDEA.search(text) and not EAT_POTASSIUM.search(text)
    named = [t for t in texts if '"the dropsy"' in t]
    assert named and "doctor, nurse or pharmacist" in named[0] and "drinks, salt or diet" in named[0]
    assert "keep sipping fluids" in named[0]  # heat: the contract's words


def test_sick_day_medicines_are_named_never_stopped():
    texts, *_ = plan_for(Profile(age=60, medications=["lisinopril 10mg", "furosemide 40mg"],
                                 symptoms=["recent_vomiting_or_diarrhoea"]),
                         [group("metformin 500", "metformin"), group("ibuprofen", "nsaid")])
    step = next(t for t in texts if "sick day rules" in t)
    for name in ("lisinopril 10mg", "furosemide 40mg", "metformin 500", "ibuprofen"):
        assert name in step
    assert "pharmacist or doctor today" in step
    assert not re.search(r"\b(stop|pause)\b", step.replace("Do not change how you take them", ""), re.I)


def test_insulin_is_never_stopped_and_ketones_are_checked():
    texts, *_ = plan_for(Profile(age=30, symptoms=["recent_vomiting_or_diarrhoea"]), [group("Novorapid", "insulin")])
    step = next(t for t in texts if "Novorapid" in t)
    assert "Do not stop your insulin" in step and "ketones" in step and "emergency number" in step


@pytest.mark.parametrize("conditions, ors", [(["high blood pressure"], True), (["kidney disease"], False)])
def test_oral_rehydration_allowed_with_high_blood_pressure_not_with_kidney_disease(conditions, ors):
    texts, *_ = plan_for(Profile(age=50, conditions=conditions, symptoms=["recent_vomiting_or_diarrhoea"]))
    text = " ".join(texts)
    assert ("sip oral rehydration solution" in text) == ors
    assert not SALT_IDEA.search(text)
    if not ors:
        assert "ask your care team today" in text


@pytest.mark.parametrize("age, medicines, guarded", [
    (84, [group("sertraline 50mg", "ssri_snri")], True),
    (40, [group("sertraline 50mg", "ssri_snri")], False),
    (70, [group("water tablets", "diuretic_unknown_kind")], True),
    (12, [group("desmopressin", "desmopressin")], True),
    (70, [MedicationMatch("hydrochlorothiazide", ("thiazide_diuretic",), "moderate")], True),
])
def test_hyponatraemia_guard_no_target_and_drink_to_thirst(age, medicines, guarded):
    texts, facts, *_ = plan_for(Profile(age=age, sex="female", fluids_litres_per_day=0.6, timing=["during_activity"]),
                                medicines)
    text = " ".join(texts)
    assert bool(DRINKS_TARGET.search(text)) != guarded
    assert ("drink to thirst rather than to a target" in text) == guarded
    assert "3.0 L" not in text


def test_pregnancy_with_swelling_names_blood_pressure_and_one_timing():
    texts, _, flags, _ = plan_for(Profile(age=30, sex="female", pregnant=True, symptoms=["swelling"]))
    text = " ".join(texts) + " ".join(f.message for f in flags)
    assert "blood pressure and urine" in text and "severe headache" in text
    assert not ("within a few days" in text and "get help quickly" in text)
    assert "next few days" not in " ".join(f.message for f in flags if f.id == "leg_swelling_redness")


@pytest.mark.parametrize("answers", [
    dict(symptoms=["one_leg_only"], clot_risks=["surgery_or_bed_rest"]),
    dict(symptoms=["confusion_or_unsteadiness"]),
    dict(symptoms=["rest_pain_eased_by_hanging_leg_down"]),
])
def test_harmful_self_care_waits(answers):
    texts, *_ = plan_for(Profile(age=60, timing=["night"], exercise_minutes_per_week=0, **answers))
    assert not SELF_CARE.search(" ".join(texts[1:]))
    assert any("until a doctor or nurse has checked you" in t.lower() for t in texts)


@pytest.mark.parametrize("sign, category", [
    ("sudden_one_sided_weakness", "nerve_circulation"), ("saddle_numbness_or_bladder_change", "nerve_circulation"),
    ("heat_illness_signs", "hydration_electrolytes"), ("confusion_or_unsteadiness", "medical_medications"),
])
def test_one_answer_under_an_emergency(sign, category):
    profile = Profile(age=67, medications=["Lipitor 40mg", "naproxen 500mg"], conditions=["type 2 diabetes"],
                      symptoms=[sign], hot_weather_or_heavy_sweating=True)
    texts, _, _, causes = plan_for(profile)
    assert causes[0].category == category and causes[0].score > 0
    assert all(not re.search(r"\btoday\b|\bsoon\b|next few days", t) for t in texts[1:])
    assert any("Tell the emergency team that you take" in t and "Lipitor 40mg" in t for t in texts)


def test_heat_illness_reason_is_overheating_not_too_few_drinks():
    a = crampkit.assess(Profile(age=20, symptoms=["heat_illness_signs"], fluids_litres_per_day=0.5))
    hydration = a.causes[0]
    assert hydration.category == "hydration_electrolytes"
    assert any("overheating: cool down first" in r for r in hydration.reasons)
    assert not any("You drink about" in r for r in hydration.reasons)


@pytest.mark.parametrize("answers, words, absent", [
    (dict(age=50, alcohol_drinks_per_week=20), ["14 units", "do not stop suddenly"], ["safest choice"]),
    (dict(age=16, alcohol_drinks_per_week=3), ["safest choice is not to drink"], ["14 units"]),
    (dict(age=30, sex="female", pregnant=True, alcohol_drinks_per_week=2), ["safest choice is not to drink"],
     ["14 units"]),
    (dict(age=50, alcohol_drinks_per_week=5), [], ["14 units", "safest choice"]),
])
def test_alcohol_steps(answers, words, absent):
    texts, *_ = plan_for(Profile(**answers))
    text = " ".join(texts)
    assert all(w in text for w in words) and not any(w in text for w in absent)


def test_alcohol_is_named_among_the_reasons():
    a = crampkit.assess(Profile(age=55, alcohol_drinks_per_week=42, symptoms=["numbness"], timing=["night"]))
    reasons = {c.category: " ".join(c.reasons) for c in a.causes}
    assert "low-risk limit" in reasons["medical_medications"] and "association" in reasons["medical_medications"]
    assert "alcohol-related nerve damage" in reasons["nerve_circulation"]
    assert "heavy" not in reasons["medical_medications"].lower()
    assert {"id": "heavy_alcohol_use", "because": ["42 drinks a week"]} in a.to_dict()["implied_conditions"]


@pytest.mark.parametrize("symptom, look_alike", [("urge_to_move", "restless_legs"),
                                                 ("calf_pain_walking_relieved_by_rest", "claudication")])
def test_look_alikes(symptom, look_alike):
    d = crampkit.assess(Profile(age=60, symptoms=[symptom])).to_dict()
    found = {x["id"]: x for x in d["look_alikes"]}
    assert look_alike in found and "not a cramp" in found[look_alike]["text"]
    assert "What tells them apart" in found[look_alike]["text"] and "What to do" in found[look_alike]["text"]
    assert found[look_alike]["reference_ids"]


def test_lithium_is_not_called_a_possible_cause_and_gets_one_timing():
    lithium = MedicationMatch("Priadel 400 mg", ("lithium",), "none", ("lithium",))
    calm, *_ = plan_for(Profile(age=44, timing=["night"]), [lithium])
    step = next(t for t in calm if t.startswith("Priadel 400 mg:"))
    assert "not known to cause cramps" in step and "could play a part" not in step
    sick, *_ = plan_for(Profile(age=44, symptoms=["recent_vomiting_or_diarrhoea", "muscle_twitching_or_wasting"]),
                        [lithium, MedicationMatch("lisinopril 10mg", ("ace_inhibitor",), "weak")])
    assert sick[0].startswith("Warning sign: Lithium") and "blood test" in sick[0]
    assert not any(t.startswith("Priadel 400 mg:") for t in sick)  # the warning says it, once
    assert not any("they can check your nerves" in t for t in sick)  # twitching: the lithium check only
    assert any("Priadel 400 mg and lisinopril 10mg" in t and "sick day rules" in t for t in sick)


def test_a_clot_risk_medicine_is_named_for_the_clinician_not_kept_or_stopped():
    texts, *_ = plan_for(Profile(age=32, sex="female", medications=["Microgynon 30"], clot_risks=["long_journey"],
                                 symptoms=["one_leg_only", "warmth", "very_painful"]))
    step = next(t for t in texts if t.startswith("Microgynon 30:"))
    assert "say that you take it" in step and "blood clot" in step
    assert "Keep taking" not in step and "could play a part" not in step
