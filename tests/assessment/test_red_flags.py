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
    # contract v3: one painful leg with warm or red skin is urgent without swelling (NHS DVT);
    # warm and red is urgent (NHS cellulitis); skin changes with a vascular pattern are an
    # ordinary sign of poor circulation (see a GP), the dangerous ones being
    # limb_threatening_ischaemia.
    (["warmth", "one_leg_only"], [], "urgent"),
    (["redness", "one_leg_only"], [], "urgent"),
    (["warmth", "redness"], [], "urgent"),
    (["skin_changes"], ["peripheral artery disease"], "see_clinician_soon"),
    (["skin_changes", "calf_pain_walking_relieved_by_rest"], [], "see_clinician_soon"),
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


# --- contract v2: emergencies and new warning signs ----------------------------------------

V2_SINGLE = [
    ("sudden_one_sided_weakness", "stroke_signs", "emergency"),
    ("saddle_numbness_or_bladder_change", "cauda_equina_signs", "emergency"),
    ("cold_pale_leg", "acute_limb_ischaemia", "emergency"),
    ("breathless_or_chest_pain", "breathless_or_chest_pain", "emergency"),
    ("heat_illness_signs", "heat_illness", "emergency"),
    ("muscle_twitching_or_wasting", "twitching_or_wasting", "see_clinician_soon"),
]


@pytest.mark.parametrize("symptom, flag, urgency", V2_SINGLE)
def test_v2_sign_fires_its_flag_alone(symptom, flag, urgency):
    assert flags(symptoms=[symptom]) == ({flag: urgency}, urgency)


@pytest.mark.parametrize("symptom, flag, urgency", V2_SINGLE)
def test_v2_flag_does_not_fire_from_neighbouring_answers(symptom, flag, urgency):
    neighbours = {"weakness", "numbness", "swelling", "warmth", "one_leg_only", "skin_changes",
                  "very_painful"}
    fired, _ = flags(symptoms=sorted(neighbours), hot_weather_or_heavy_sweating=True,
                     timing=["during_activity"], conditions=["sciatica", "peripheral artery disease"])
    assert flag not in fired


@pytest.mark.parametrize("symptom, flag, urgency", V2_SINGLE[:5])
def test_emergency_outranks_every_urgent_flag(symptom, flag, urgency):
    fired, overall = flags(symptoms=[symptom, "weakness", "dark_urine", "swelling", "warmth"],
                           medications=["Lipitor"])
    assert overall == "emergency" and fired[flag] == "emergency"
    result = crampkit.assess(Profile(age=50, symptoms=[symptom, "weakness", "dark_urine"]))
    assert result.red_flags[0].urgency == "emergency"
    assert result.plan[0].text.startswith("Warning sign:") and result.red_flags[0].message in result.plan[0].text


def test_twitching_with_weakness_is_still_urgent():
    fired, overall = flags(symptoms=["muscle_twitching_or_wasting", "weakness"])
    assert fired == {"twitching_or_wasting": "see_clinician_soon", "weakness_numbness_persistent": "urgent"}
    assert overall == "urgent"


def test_breathless_with_a_swollen_leg_fires_both():
    fired, overall = flags(symptoms=["breathless_or_chest_pain", "swelling", "one_leg_only"])
    assert fired == {"breathless_or_chest_pain": "emergency", "leg_swelling_redness": "urgent"}
    assert overall == "emergency"


def test_emergency_messages_name_the_local_number_generically():
    table = crampkit.content.read_table("red_flags.csv")
    for row in table:
        message = row["message"]
        if row["urgency"] == "emergency":
            assert "local emergency number" in message and "now" in message, row["flag_id"]
        if "999" in message:  # never one country's number alone
            assert "911" in message and "112" in message, row["flag_id"]
        if "NHS 111" in message:
            assert "such as NHS 111" in message, row["flag_id"]
    labels = {(r["field"], r["id"]): r["label"] for r in crampkit.content.read_table("answer_labels.csv")}
    for key in (("urgency", "emergency"), ("urgency_detail", "emergency"), ("urgency_icon", "emergency")):
        assert labels[key]
    assert "911" in labels[("urgency_detail", "emergency")] and "112" in labels[("urgency_detail", "emergency")]
    assert "such as NHS 111" in labels[("urgency_detail", "urgent")]
    for symptom in crampkit.assessment.profile.SYMPTOMS:
        assert labels[("symptoms", symptom)], symptom


@pytest.mark.parametrize("medicine, symptoms", [
    ("Evista 60mg", ["swelling", "warmth"]), ("Premarin 0.625", ["swelling", "one_leg_only"]),
    ("Microgynon 30", ["swelling", "redness"]), ("Evista", ["breathless_or_chest_pain"]),
])
def test_clot_warning_names_a_clot_risk_medicine(medicine, symptoms):
    result = crampkit.assess(Profile(age=50, sex="female", medications=[medicine, "Lipitor"], symptoms=symptoms))
    clot = [f for f in result.red_flags if f.id in ("leg_swelling_redness", "breathless_or_chest_pain",
                                                    "clot_risk_one_leg")]
    # contract v3: with one painful leg the clot warning names the person's own risk, and the
    # swelling warning then points to it instead of repeating it
    assert clot and any(medicine in f.message and "clot" in f.message for f in clot)
    assert all("Lipitor" not in f.message for f in clot)
    plain = crampkit.assess(Profile(age=50, sex="female", medications=["Lipitor"], symptoms=symptoms))
    assert not any("You take" in f.message for f in plain.red_flags)


# --- contract v3 (evidence notes §3.2) -------------------------------------------------------

def _flags(**answers):
    answers.setdefault("age", 40)
    return {f.id: f for f in crampkit.assess(Profile(**answers)).red_flags}


@pytest.mark.parametrize("risks, pregnant, symptoms, fires", [
    (["surgery_or_bed_rest"], False, ["one_leg_only"], True),      # a major risk: one leg is enough
    (["previous_clot"], False, ["one_leg_only"], True),
    ([], True, ["one_leg_only"], True),                            # pregnancy is a major risk
    (["long_journey"], False, ["one_leg_only"], False),            # a minor risk needs a painful sign
    (["long_journey"], False, ["one_leg_only", "very_painful"], True),
    (["family_history_of_clots"], False, ["one_leg_only", "warmth"], True),
    (["surgery_or_bed_rest"], False, ["very_painful"], False),     # both legs: not this flag
])
def test_clot_risk_one_leg_major_and_minor(risks, pregnant, symptoms, fires):
    flags = _flags(sex="female", pregnant=pregnant, clot_risks=risks, symptoms=symptoms)
    assert ("clot_risk_one_leg" in flags) == fires
    if fires:
        assert flags["clot_risk_one_leg"].urgency == "urgent"


def test_clot_warning_names_the_persons_own_risk():
    flag = _flags(sex="female", medications=["Microgynon 30"], clot_risks=["long_journey"],
                  symptoms=["one_leg_only", "warmth", "very_painful"])["clot_risk_one_leg"]
    assert "after a long journey" in flag.message and "on the pill (Microgynon 30)" in flag.message
    assert "even when the leg does not look swollen" in flag.message
    knee = _flags(clot_risks=["surgery_or_bed_rest"], symptoms=["one_leg_only"])["clot_risk_one_leg"]
    assert "after an operation" in knee.message and "pill" not in knee.message


def test_swollen_legs_message_speaks_of_a_clot_only_when_one_is_possible():
    both = _flags(age=70, symptoms=["swelling"])["leg_swelling_redness"]
    assert both.urgency == "see_clinician_soon" and "clot" not in both.message.lower()
    assert "if only one leg is swollen, or it is warm, red or painful, get medical help today" in both.message.lower()
    one = _flags(age=70, symptoms=["swelling", "one_leg_only"])["leg_swelling_redness"]
    assert one.urgency == "urgent" and "clot" in one.message


@pytest.mark.parametrize("conditions, words", [([], "GP surgery"), (["type 2 diabetes"], "diabetes foot team or GP today")])
def test_limb_threatening_ischaemia_has_its_own_message(conditions, words):
    for sign in ("rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing"):
        flag = _flags(age=70, conditions=conditions, symptoms=[sign])["limb_threatening_ischaemia"]
        assert flag.urgency == "urgent" and words in flag.message
        assert "clot" not in flag.message.lower() and "DVT" not in flag.message
        assert "may be very poor" in flag.message


def test_lithium_with_sickness_or_twitching_needs_a_blood_test_now():
    from crampkit.assessment.medications import MedicationMatch
    from crampkit.assessment.red_flags import evaluate_red_flags, headline_level
    lithium = MedicationMatch("Priadel 400 mg", ("lithium",), "none", ("lithium",))
    for sign in ("recent_vomiting_or_diarrhoea", "muscle_twitching_or_wasting", "confusion_or_unsteadiness"):
        flags = evaluate_red_flags(Profile(age=44, symptoms=[sign]), (), medications=[lithium])
        flag = next(f for f in flags if f.id == "lithium_toxicity_signs")
        assert flag.urgency == "urgent" and "now" in flag.message and "blood test" in flag.message
    flags = evaluate_red_flags(Profile(age=44, symptoms=["muscle_twitching_or_wasting", "recent_vomiting_or_diarrhoea"]),
                               (), medications=[lithium])
    twitching = next(f for f in flags if f.id == "twitching_or_wasting")
    assert "book an appointment" not in twitching.message and "lithium" in twitching.message
    assert headline_level("urgent", flags) == "urgent_now"
    assert not any(f.id == "lithium_toxicity_signs" for f in evaluate_red_flags(
        Profile(age=44, symptoms=["muscle_twitching_or_wasting"]), ()))


def test_sudden_confusion_is_an_emergency():
    flag = _flags(age=80, symptoms=["confusion_or_unsteadiness"])["sudden_confusion"]
    assert flag.urgency == "emergency" and "emergency number" in flag.message and "sodium" in flag.message


@pytest.mark.parametrize("sex, age, pregnant, fires", [
    ("female", 30, False, True), ("female", 30, True, True), ("unspecified", 20, False, True),
    ("male", 30, False, False), ("female", 60, False, False), ("female", 12, False, False),
])
def test_pre_eclampsia_signs(sex, age, pregnant, fires):
    flags = _flags(age=age, sex=sex, pregnant=pregnant, symptoms=["pregnancy_warning_signs"])
    assert ("pre_eclampsia_signs" in flags) == fires
    if fires:
        assert flags["pre_eclampsia_signs"].urgency == "urgent" and "now" in flags["pre_eclampsia_signs"].message


@pytest.mark.parametrize("extra, urgency", [
    ([], "see_clinician_soon"), (["very_painful"], "urgent"), (["one_leg_only"], "urgent"), (["swelling"], "urgent"),
])
def test_an_hour_of_restless_legs_is_not_an_urgent_cramp(extra, urgency):
    flags = _flags(age=48, typical_duration_minutes=60, relieved_by=["walking"],
                   symptoms=["urge_to_move", "not_improving_with_self_care", *extra])
    assert flags["frequent_or_severe"].urgency == urgency


def test_frequent_cramps_get_no_second_timing_beside_a_same_day_warning():
    flags = _flags(sex="female", clot_risks=["long_journey"], episodes_per_week=14,
                   symptoms=["one_leg_only", "warmth", "very_painful"])
    frequent = flags["frequent_or_severe"]
    assert frequent.urgency == "see_clinician_soon"
    assert "next few days" not in frequent.message and "warning sign above" in frequent.message
    alone = _flags(episodes_per_week=14)["frequent_or_severe"]
    assert "next few days" in alone.message
