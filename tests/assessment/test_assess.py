"""The assessment: causes with reasons, the plan and its safety rules, medicines, output shape."""
import json
import re

import pytest

import crampkit
from crampkit import Profile
from crampkit.assessment.causes import CATEGORY_IDS
from crampkit.content import references


def assess(**answers):
    return crampkit.assess(Profile(age=answers.pop("age", 45), **answers))


def plan_text(result):
    return " ".join(step.text for step in result.plan)


def test_shape_is_the_contract():
    d = assess(medications=["Hyzaar 100/25", "nonsense-pill"], conditions=["type 2 diabetes", "gout"]).to_dict()
    assert set(d) == {"urgency", "red_flags", "causes", "medications", "unrecognised_medications",
                      "conditions", "unrecognised_conditions", "plan", "disclaimer",
                      # contract v3
                      "implied_conditions", "conditions_not_counted", "other_conditions", "clot_risks",
                      "look_alikes"}
    assert [c["category"] for c in d["causes"]] != [] and {c["category"] for c in d["causes"]} == set(CATEGORY_IDS)
    assert d["medications"] == [{"input": "Hyzaar 100/25", "class_ids": ["arb", "thiazide_diuretic"],
                                 "evidence_level": "moderate"}]
    assert d["unrecognised_medications"] == ["nonsense-pill"]
    # contract v3: gout is an everyday condition with no cramp rule, understood, not unrecognised
    assert d["conditions"] == ["diabetes"] and d["unrecognised_conditions"] == []
    assert d["other_conditions"] == ["gout"]
    assert json.loads(json.dumps(d)) == d


def test_every_reference_id_resolves():
    d = assess(medications=["Lipitor", "Symbicort"], conditions=["dialysis"], pregnant=False,
               symptoms=["swelling", "warmth", "numbness"], timing=["night", "during_activity"],
               relieved_by=["rest", "sitting_or_bending_forward"], fluids_litres_per_day=1,
               hot_weather_or_heavy_sweating=True, exercise_minutes_per_week=10,
               hours_sitting_per_day=10).to_dict()
    ids = {r for part in ("red_flags", "causes", "plan") for item in d[part] for r in item["reference_ids"]}
    assert ids and ids <= set(references())
    assert all(item["reference_ids"] for item in d["plan"])


def test_scores_sorted_and_zero_says_so():
    result = assess()
    scores = [c.score for c in result.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(c.score == 0 for c in result.causes)
    assert all("Nothing you told us points to this cause." in c.reasons for c in result.causes)


def test_reasons_name_the_answers():
    # contract v3: the drinks target is about 80% of EFSA's adequate intake (1.6 L for women)
    result = assess(age=30, sex="female", fluids_litres_per_day=0.8)
    hydration = next(c for c in result.causes if c.category == "hydration_electrolytes")
    assert "You drink about 0.8 L a day, below the 1.6 L from drinks suggested" in hydration.reasons[0]


def test_weak_evidence_is_worded_as_weak():
    result = assess(fluids_litres_per_day=0.5, hours_sitting_per_day=12)
    for cause in result.causes:
        assert "may contribute" in cause.reasons[-1]
    hydration = next(c for c in result.causes if c.category == "hydration_electrolytes")
    assert "mixed" in hydration.reasons[-1]


@pytest.mark.parametrize("answers, expected_top", [
    ({"timing": ["during_activity"], "relieved_by": ["rest"],
      "symptoms": ["calf_pain_walking_relieved_by_rest"]}, "nerve_circulation"),
    ({"timing": ["during_activity"], "relieved_by": ["sitting_or_bending_forward"], "age": 70}, "nerve_circulation"),
    ({"timing": ["during_activity", "after_activity"], "recent_training_increase": True}, "overuse_fatigue"),
    ({"hours_standing_per_day": 11, "exercise_minutes_per_week": 200}, "static_positions"),
    ({"exercise_minutes_per_week": 0, "age": 70}, "conditioning"),
    ({"medications": ["salmeterol"]}, "medical_medications"),
    ({"conditions": ["liver cirrhosis"]}, "medical_medications"),
    ({"fluids_litres_per_day": 0.8, "hot_weather_or_heavy_sweating": True}, "hydration_electrolytes"),
])
def test_patterns_point_to_the_right_category(answers, expected_top):
    assert assess(**answers).causes[0].category == expected_top


def test_more_supporting_answers_raise_a_score():
    one = assess(hours_sitting_per_day=9).causes
    two = assess(hours_sitting_per_day=9, timing=["night"]).causes
    score = lambda causes: next(c.score for c in causes if c.category == "static_positions")
    assert score(two) > score(one) > 0


# --- plan safety rules -------------------------------------------------------------------

MEDICINE_CHANGE = re.compile(r"\b(stop|skip|quit)\w*\b", re.I)


@pytest.mark.parametrize("medicine", ["Lipitor", "hydrochlorothiazide", "Advair", "spironolactone",
                                      "naproxen", "lisinopril", "Hyzaar"])
def test_plan_never_tells_to_stop_a_medicine(medicine):
    result = assess(medications=[medicine], episodes_per_week=4)
    text = plan_text(result)
    assert not MEDICINE_CHANGE.search(text)
    assert "prescriber or pharmacist" in text


def test_statin_warning_says_contact_promptly():
    result = assess(medications=["Lipitor 40 mg"], symptoms=["weakness"])
    warnings = [s.text for s in result.plan if s.text.startswith("Warning sign:")]
    assert any("statin" in w and "promptly" in w for w in warnings)
    assert not any("Keep taking" in s.text and "Lipitor" in s.text for s in result.plan)


@pytest.mark.parametrize("condition", ["dialysis", "congestive heart failure", "fluid restriction"])
def test_no_drink_more_with_a_fluid_limit(condition):
    result = assess(conditions=[condition], fluids_litres_per_day=0.5, hot_weather_or_heavy_sweating=True)
    text = plan_text(result).lower()
    assert "care team" in text and "fluid limit" in text
    assert "aim for about" not in text and "drink during and after" not in text
    hydration = next(c for c in result.causes if c.category == "hydration_electrolytes")
    assert not any("below the" in r for r in hydration.reasons)


def test_drink_target_given_without_a_fluid_limit():
    assert "Aim for about 1.6 L a day" in plan_text(assess(age=30, sex="female", fluids_litres_per_day=0.8))


@pytest.mark.parametrize("answers", [
    {"conditions": ["CKD stage 4"]}, {"conditions": ["haemodialysis"]},
])
def test_no_mineral_supplements_with_kidney_disease(answers):
    text = plan_text(assess(fluids_litres_per_day=0.5, hot_weather_or_heavy_sweating=True, **answers)).lower()
    assert "magnesium" not in text and "potassium" not in text
    assert "kidney care team" in text


@pytest.mark.parametrize("medicine", ["lisinopril", "losartan", "spironolactone"])
def test_no_potassium_supplements_with_potassium_raising_medicines(medicine):
    text = plan_text(assess(medications=[medicine], fluids_litres_per_day=0.5,
                            hot_weather_or_heavy_sweating=True)).lower()
    assert not re.search(r"potassium[^.]*supplement|supplement[^.]*potassium|potassium (tablet|pill)", text)
    assert "prescriber or pharmacist" in text


def test_plan_never_suggests_quinine_or_tonic_water():
    result = assess(episodes_per_week=7, timing=["night"], symptoms=["sleep_disrupted", "very_painful"],
                    age=80, relieved_by=["nothing"])
    assert not re.search(r"quinine|tonic|bitter lemon", plan_text(result), re.I)


def test_plan_starts_with_warning_signs():
    result = assess(symptoms=["swelling", "one_leg_only"], hours_sitting_per_day=10)
    assert result.plan[0].text.startswith("Warning sign:")
    assert "blood clot" in result.plan[0].text


def test_every_shipped_step_the_rules_allow_passes_the_safety_check():
    """The rule table and the independent wording check agree: any step the rules let
    through for a person with dialysis on lisinopril reads as safe for them."""
    from crampkit.assessment.facts import gather_facts
    from crampkit.assessment.plan import _Proposed, _step, rule_applies, safety_problems, step_rules, step_table
    facts = gather_facts(Profile(age=60, conditions=["dialysis"], medications=["lisinopril"]))
    values = {"input": "X", "class_name": "Y", "evidence": "weak", "names": "Z", "target": "2.2",
              "guideline": 150, "said_as": "W", "because": "V", "who": "U", "title": "T"}
    allowed = [step_id for step_id in step_table()
               if not any(rule_applies(rule, _Proposed(step_id), facts, []) for rule in step_rules())]
    assert "fluids_target" not in allowed and "salty_sweat" not in allowed and "food_first" not in allowed
    assert safety_problems([_step(step_id, **values) for step_id in allowed], facts) == []


# --- medicines ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed, classes", [
    ("Lipitor 20mg", ["statin"]), ("HCTZ 12.5", ["thiazide_diuretic"]),
    ("Hyzaar 100/25", ["arb", "thiazide_diuretic"]), ("atorvastatine", ["statin"]),
    ("hydrochlorthiazide", ["thiazide_diuretic"]), ("ZESTORETIC", ["ace_inhibitor", "thiazide_diuretic"]),
    ("Advair Diskus 250/50", ["laba"]), ("furosemide 40 mg twice daily", ["loop_diuretic"]),
    ("lisinopril + hydrochlorothiazide", ["ace_inhibitor", "thiazide_diuretic"]),
    ("Aricept", ["cholinesterase_inhibitor"]), ("Evista", ["raloxifene"]),
])
def test_medicines_people_type(typed, classes):
    d = assess(medications=[typed]).to_dict()
    assert d["medications"][0]["class_ids"] == classes
    assert d["unrecognised_medications"] == []


@pytest.mark.parametrize("typed", ["paracetamol", "metformin", "vitamin D", "aspirin 75"])
def test_other_medicines_are_reported_not_dropped(typed):
    # contract v2: everyday medicines are recognised with no class and level "none"
    d = assess(medications=[typed]).to_dict()
    assert d["medications"] == [{"input": typed, "class_ids": [], "evidence_level": "none"}]
    assert d["unrecognised_medications"] == []
    d = assess(medications=["zorblax 5 mg"]).to_dict()
    assert d["medications"] == [] and d["unrecognised_medications"] == ["zorblax 5 mg"]


@pytest.mark.parametrize("typed", ["metformin 850 mg", "levothyroxine", "ibuprofen 400mg", "paracetamol"])
def test_everyday_medicines_are_recognised_with_no_link(typed):
    d = assess(medications=[typed]).to_dict()
    assert d["medications"] == [{"input": typed, "class_ids": [], "evidence_level": "none"}]
    assert d["unrecognised_medications"] == []
    text = plan_text(assess(medications=[typed]))
    assert "check the spelling" not in text.lower()
    assert "none evidence" not in text and "evidence of a link" not in text
    assert typed in text


@pytest.mark.parametrize("typed", ["zzqx-tablet", "my little green pill"])
def test_unknown_medicines_are_reported_not_dropped(typed):
    d = assess(medications=[typed]).to_dict()
    assert d["medications"] == [] and d["unrecognised_medications"] == [typed]
    assert "Check the spelling" in plan_text(assess(medications=[typed]))


def test_evidence_level_is_the_strongest_class():
    d = assess(medications=["Dyazide"]).to_dict()
    assert d["medications"][0]["evidence_level"] == "strong"


# --- conditions ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, ids", [
    ("type 2 diabetes", {"diabetes"}), ("CKD stage 3", {"kidney_disease"}),
    ("end stage renal disease on dialysis", {"dialysis", "kidney_disease"}),
    ("congestive heart failure", {"heart_failure"}), ("hypothyroidism", {"thyroid_disease"}),
    ("liver cirrhosis", {"liver_disease"}), ("kidney failure on haemodialysis", {"dialysis", "kidney_disease"}),
    ("Hypertension", {"high_blood_pressure"}), ("diabetis", {"diabetes"}), ("smoker", {"smoker"}),
    ("spinal_stenosis", {"spinal_stenosis"}), ("lumbar spinal stenosis", {"spinal_stenosis"}),
    ("sciatica", {"sciatica"}), ("slipped disc", {"sciatica"}), ("herniated disc L5", {"sciatica"}),
    ("pinched nerve", {"sciatica"}), ("fatty liver", {"liver_disease"}), ("hepatitis C", {"liver_disease"}),
])
def test_conditions_people_type(typed, ids):
    assert set(assess(conditions=[typed]).conditions) == ids


def test_unrecognised_conditions_are_reported():
    # contract v3: a long flight is the clot risk long_journey; only words that match nothing
    # are unrecognised
    d = assess(conditions=["12-hour flight 2 days ago", "zorblax syndrome", "diabetes"]).to_dict()
    assert d["unrecognised_conditions"] == ["zorblax syndrome"]
    assert d["conditions"] == ["diabetes"] and d["clot_risks"] == ["long_journey"]


def test_pregnancy_counts_as_medical():
    result = assess(age=31, sex="female", pregnant=True)
    assert result.causes[0].category == "medical_medications"
    assert "pregnancy" in plan_text(result).lower()


def test_assess_accepts_a_dict_and_rejects_other_things():
    assert crampkit.assess({"age": 30}).urgency == "routine_self_care"
    with pytest.raises(crampkit.ProfileError, match="^profile:"):
        crampkit.assess("age 30")


# --- contract v2: clinician cases (issue 12) ------------------------------------------------

from crampkit.assessment.facts import gather_facts  # noqa: E402
from crampkit.assessment.plan import safety_problems  # noqa: E402

DRINKS_TARGET = re.compile(r"aim for about [\d.]+ ?l", re.I)
SALT_IDEA = re.compile(r"drink with some salt|sports drink[^.]*may help", re.I)
SELF_CARE = re.compile(r"rub the muscle|stretch your calves|build up|walk about|warm up", re.I)


def problems(result):
    return safety_problems(result.plan, gather_facts(result.profile), result.red_flags)


def test_cirrhosis_on_spironolactone_and_furosemide_gets_no_target_and_no_salt():
    result = assess(age=61, sex="male", conditions=["cirrhosis"],
                    medications=["spironolactone 100mg", "furosemide 40mg"], timing=["night"],
                    episodes_per_week=4, fluids_litres_per_day=1.0, hot_weather_or_heavy_sweating=True)
    text = plan_text(result)
    assert not DRINKS_TARGET.search(text) and not SALT_IDEA.search(text)
    assert "3.0 L" not in text and "drink during and after" not in text
    assert "liver team's advice on salt and fluids" in text
    assert result.causes[0].category == "medical_medications"
    assert any("two in three people with cirrhosis" in r for r in result.causes[0].reasons)
    assert problems(result) == []


@pytest.mark.parametrize("typed", ["fatty liver", "hepatitis B", "NAFLD"])
def test_other_liver_disease_gets_no_cirrhosis_figure_but_the_same_safety(typed):
    result = assess(conditions=[typed], fluids_litres_per_day=0.8, hot_weather_or_heavy_sweating=True,
                    timing=["during_activity"])
    reasons = " ".join(r for c in result.causes for r in c.reasons)
    assert "two in three" not in reasons and "You listed cirrhosis" not in reasons
    assert "You listed liver disease" in reasons
    text = plan_text(result)
    assert not DRINKS_TARGET.search(text) and not SALT_IDEA.search(text)
    assert "liver team" in text


@pytest.mark.parametrize("condition", ["high blood pressure", "heart failure", "CKD stage 3", "dialysis",
                                       "liver cirrhosis"])
def test_no_salt_or_sports_drink_with_a_salt_limit(condition):
    text = plan_text(assess(conditions=[condition], hot_weather_or_heavy_sweating=True, fluids_litres_per_day=0.5,
                            timing=["during_activity"]))
    assert not SALT_IDEA.search(text)


def test_one_swollen_warm_calf_after_a_flight():
    result = assess(age=52, sex="female", conditions=["12-hour flight 2 days ago"], timing=["anytime"],
                    typical_duration_minutes=600, episodes_per_week=7, fluids_litres_per_day=1.5,
                    hours_sitting_per_day=8, exercise_minutes_per_week=20,
                    symptoms=["not_improving_with_self_care", "one_leg_only", "redness", "swelling", "warmth"])
    assert result.urgency == "urgent"
    assert result.plan[0].text.startswith("Warning sign:") and "blood clot" in result.plan[0].text
    text = plan_text(result)
    assert not SELF_CARE.search(text) and not DRINKS_TARGET.search(text)
    assert "until a doctor or nurse has checked you" in text.lower()
    # contract v3: the flight is understood as the clot risk long_journey
    assert result.unrecognised_conditions == () and result.clot_risks == ("long_journey",)
    assert problems(result) == []


def test_dark_urine_after_exercise_holds_self_care():
    result = assess(age=22, sex="male", timing=["after_activity"], recent_training_increase=True,
                    exercise_minutes_per_week=600, symptoms=["dark_urine"], fluids_litres_per_day=1.5,
                    hot_weather_or_heavy_sweating=True)
    assert result.urgency == "urgent" and result.plan[0].text.startswith("Warning sign: Dark urine")
    text = plan_text(result)
    assert not SELF_CARE.search(text) and not DRINKS_TARGET.search(text)
    assert "drink during and after" not in text
    assert problems(result) == []


def test_statin_with_weakness_and_dark_urine_puts_medicines_first():
    result = assess(age=63, sex="male", medications=["simvastatin 40mg"], timing=["night"],
                    symptoms=["weakness", "dark_urine"], fluids_litres_per_day=1.0, exercise_minutes_per_week=0)
    assert result.causes[0].category == "medical_medications"
    assert any("simvastatin 40mg" in r and "weakness and dark urine" in r for r in result.causes[0].reasons)
    assert "promptly" in plan_text(result) and problems(result) == []


def test_diabetes_with_numb_feet_ranks_medical_in_the_top_two():
    result = assess(age=66, sex="female", conditions=["type 2 diabetes"], timing=["night"],
                    symptoms=["numbness"], exercise_minutes_per_week=60, fluids_litres_per_day=1.5)
    assert "medical_medications" in [c.category for c in result.causes[:2]]
    assert any("You listed diabetes and you feel numb" in r for c in result.causes for r in c.reasons)


def test_heart_failure_on_furosemide_with_vomiting():
    result = assess(age=75, sex="male", conditions=["heart failure"], medications=["furosemide 40mg"],
                    timing=["night"], symptoms=["recent_vomiting_or_diarrhoea"], fluids_litres_per_day=1.0)
    top_two = [c.category for c in result.causes[:2]]
    assert "medical_medications" in top_two
    assert result.urgency == "urgent" and result.plan[0].text.startswith("Warning sign: Cramps after vomiting")
    text = plan_text(result)
    assert "fluid limit" in text and not DRINKS_TARGET.search(text) and "Build up" not in text
    assert problems(result) == []


@pytest.mark.parametrize("sex", ["male", "female"])
def test_ordinary_night_cramps_at_70_with_2_litres_are_not_put_down_to_fluids(sex):
    result = assess(age=70, sex=sex, timing=["night"], episodes_per_week=1, typical_duration_minutes=2,
                    fluids_litres_per_day=2.0, exercise_minutes_per_week=150)
    assert result.causes[0].category != "hydration_electrolytes"
    hydration = next(c for c in result.causes if c.category == "hydration_electrolytes")
    assert hydration.score == 0


def test_a_clear_shortfall_counts_and_a_small_one_does_not():
    young = dict(age=25, sex="male", timing=["during_activity"])  # drinks target 2.0 L (EFSA, contract v3)
    fired = lambda litres: next(c for c in assess(fluids_litres_per_day=litres, **young).causes
                                if c.category == "hydration_electrolytes").fired_rules
    assert "low_fluids" not in fired(2.0) and "low_fluids" not in fired(1.6)
    assert "low_fluids" in fired(1.5) and "very_low_fluids" not in fired(1.5)
    assert {"low_fluids", "very_low_fluids"} <= set(fired(0.6))


def test_night_cramps_with_very_few_drinks_still_rank_fatigue_above_fluids():
    result = assess(age=72, sex="female", timing=["night"], fluids_litres_per_day=0.8, exercise_minutes_per_week=150)
    scores = {c.category: c.score for c in result.causes}
    assert 0 < scores["hydration_electrolytes"] < scores["overuse_fatigue"]
    assert "Aim for about 1.6 L" in plan_text(result)


def test_exercise_cramps_in_the_heat_rank_fluids_higher_than_heat_alone():
    heat = lambda timing: next(c.score for c in assess(timing=timing, hot_weather_or_heavy_sweating=True).causes
                               if c.category == "hydration_electrolytes")
    assert heat(["during_activity"]) > heat(["night"]) > 0


def test_claudication_plan_has_no_contradiction():
    result = assess(age=68, conditions=["smoker"], timing=["during_activity"], relieved_by=["rest"],
                    symptoms=["calf_pain_walking_relieved_by_rest"])
    text = plan_text(result)
    assert "stretch your calves" in text
    assert not re.search(r"stretch\w* (will|does) not (fix|help)", text, re.I)
    assert problems(result) == []


def test_sciatica_is_not_read_as_spinal_stenosis_and_points_to_the_emergency_sign():
    result = assess(conditions=["slipped disc"], timing=["anytime"])
    assert result.conditions == ("sciatica",)
    assert "nhs_sciatica" in {r for c in result.causes for r in c.reference_ids}
    assert "bladder or bowel" in plan_text(result)


@pytest.mark.parametrize("typed", ["tonic water", "quinine sulfate 300mg", "Qualaquin"])
def test_quinine_is_warned_about_and_never_dropped(typed):
    result = assess(age=78, medications=[typed, "Lipitor 20mg"], timing=["night"], episodes_per_week=5)
    d = result.to_dict()
    assert {"input": typed, "class_ids": ["quinine"], "evidence_level": "none"} in d["medications"]
    assert typed not in d["unrecognised_medications"]
    warning = [s for s in result.plan if typed in s.text]
    assert len(warning) == 1
    text = warning[0].text
    assert "quinine" in text.lower() and "not recommended" in text and "serious side effects" in text
    assert "prescriber or pharmacist" in text and "fda_quinine" in warning[0].reference_ids
    assert "check the spelling" not in plan_text(result).lower()
    assert problems(result) == []


def test_emergency_plan_leads_with_the_action_and_holds_self_care():
    result = assess(age=17, sex="female", timing=["during_activity"], exercise_minutes_per_week=420,
                    fluids_litres_per_day=1.2, hot_weather_or_heavy_sweating=True, recent_training_increase=True,
                    symptoms=["heat_illness_signs"])
    assert result.urgency == "emergency"
    assert result.plan[0].text.startswith("Warning sign: Signs of heatstroke")
    assert "local emergency number" in result.plan[0].text
    text = plan_text(result)
    assert not SELF_CARE.search(text) and not DRINKS_TARGET.search(text) and not SALT_IDEA.search(text)
    assert problems(result) == []


def test_a_young_runner_who_stops_to_rest_is_not_told_about_narrowed_arteries():
    runner = assess(age=27, timing=["during_activity"], relieved_by=["rest", "stretching"],
                    recent_training_increase=True, exercise_minutes_per_week=420)
    assert "narrowed leg arteries" not in plan_text(runner)
    assert runner.causes[0].category == "overuse_fatigue"
    older = assess(age=68, conditions=["smoker"], timing=["during_activity"], relieved_by=["rest"])
    assert "narrowed leg arteries" in plan_text(older)


@pytest.mark.parametrize("answers", [
    dict(conditions=["liver cirrhosis"], medications=["spironolactone 100mg", "furosemide 40 mg"]),
    dict(conditions=["heart failure"], medications=["Entresto 49/51"], hot_weather_or_heavy_sweating=True),
    dict(medications=["Aldactone 25"]),
])
def test_no_advice_to_eat_more_potassium_where_it_can_build_up(answers):
    # Potassium-sparing water pills, liver disease and heart failure: ask the care team first
    # (NASEM 2019: the potassium intakes do not apply where excretion is impaired).
    text = plan_text(assess(age=58, timing=["night"], fluids_litres_per_day=0.8, **answers))
    assert "Eat foods rich in potassium" not in text
    assert "potassium" not in text.lower() or "before you eat a lot more potassium-rich food" in text


def test_ankle_swelling_on_a_calcium_channel_blocker_points_to_the_medicine():
    result = assess(age=67, conditions=["hypertension"], medications=["Norvasc 10mg"], timing=["night"],
                    symptoms=["swelling"])
    assert result.causes[0].category == "medical_medications"
    assert any("calcium channel blocker" in r for r in result.causes[0].reasons)
    clot = assess(age=67, medications=["Norvasc 10mg"], symptoms=["swelling", "one_leg_only"])
    assert "ccb_ankle_swelling" not in clot.causes[[c.category for c in clot.causes].index("medical_medications")].fired_rules
