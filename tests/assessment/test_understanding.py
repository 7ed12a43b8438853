"""Understanding what people type (contract v3): conditions, clot risks, negations, implied
conditions. The dev phrase set (tests/understanding/dev_phrases.csv) is crampkit's own; the
blind held-out set lives apart and is not read here."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from crampkit.assessment import understanding
from crampkit.assessment.assess import assess as assess_profile
from crampkit.assessment.matching import MatchingError
from crampkit.assessment.medications import match_medications
from crampkit.assessment.profile import Profile
from crampkit.assessment.understanding import implied_conditions, read_condition, understand_conditions

ROOT = Path(__file__).resolve().parents[2]


def assess(**fields):
    fields.setdefault("age", 60)
    return assess_profile(Profile(**fields))


def _measure_module():
    spec = importlib.util.spec_from_file_location("measure_understanding", ROOT / "scripts" / "measure_understanding.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dev_phrase_set_is_read_without_a_single_misread():
    counts = _measure_module().measure("full")
    assert counts["condition"]["phrases"] >= 150 and counts["medication"]["phrases"] >= 150
    assert counts["condition"]["misread"] == 0 and counts["medication"]["misread"] == 0
    for field in counts.values():
        assert field["understood"] >= 0.95 * field["phrases"]


def test_the_second_phrase_set_is_read_without_a_single_misread():
    module = _measure_module()
    counts = module.measure("full", path=module.FRESH)
    assert counts["condition"]["misread"] == 0 and counts["medication"]["misread"] == 0


def test_one_slip_typos_of_known_words_are_never_read_as_something_else():
    """Every one-letter deletion or swap of every known one-word name: missed is allowed (the
    entry is listed as not understood), read as another medicine or condition is not."""
    counts = _measure_module().typo_stress()
    assert counts["medication"]["phrases"] > 10_000 and counts["condition"]["phrases"] > 2_000
    assert counts["medication"]["misread"] == 0 and counts["condition"]["misread"] == 0


def test_the_trigger_pass_is_what_stops_negations_being_read_as_the_condition():
    """Without the negation pass, "no diabetes" would be diabetes: the measurement can fail."""
    module = _measure_module()
    assert module.condition_meaning("no diabetes", "tokens") == "condition:diabetes"
    assert module.condition_meaning("no diabetes", "full") == "not_counted:absent"


@pytest.mark.parametrize("typed, ids", [
    ("bad kidneys", ("kidney_disease",)),
    ("on the kidney machine 3 times a week", ("dialysis", "kidney_disease")),
    ("sugar", ("diabetes",)),
    ("kidney trouble (stage 3)", ("kidney_disease",)),
    ("high BP", ("high_blood_pressure",)),
    ("CCF", ("heart_failure",)),
    ("PVD", ("peripheral_artery_disease",)),
    ("history of heart failure", ("heart_failure",)),
    ("kidney transplant 2012", ("kidney_disease",)),
    ("heavy drinker", ("heavy_alcohol_use",)),
    ("fluid on the lungs", ("heart_failure",)),
    ("ascites", ("liver_disease",)),
])
def test_lay_words_and_abbreviations_are_the_condition_a_clinician_reads(typed, ids):
    reading = read_condition(typed)
    assert reading.kind == "condition" and reading.condition_ids == ids


@pytest.mark.parametrize("typed, reason", [
    ("no diabetes", "absent"), ("not diabetic", "absent"), ("no PVD", "absent"),
    ("MRI - no spinal stenosis", "absent"), ("thyroid normal", "absent"),
    ("ex-smoker", "past"), ("used to smoke", "past"), ("quit smoking 2010", "past"),
    ("mum has diabetes", "other_person"), ("brother on dialysis", "other_person"),
    ("family history of diabetes", "other_person"),
    ("cancer survivor", "past"), ("smoking cessation", "past"), ("never smoked", "absent"),
])
def test_absent_past_and_someone_elses_conditions_are_not_counted(typed, reason):
    reading = read_condition(typed)
    assert (reading.kind, reading.reason) == ("not_counted", reason)
    result = assess(conditions=[typed])
    assert result.conditions == () and result.unrecognised_conditions == ()
    assert result.to_dict()["conditions_not_counted"] == [{"input": typed, "reason": reason}]


def test_a_past_smoker_is_remembered_as_past_not_as_a_smoker():
    u = understand_conditions(["ex-smoker", "diabetes"])
    assert u.conditions == ("diabetes",) and u.past("smoker") and not u.past("diabetes")


@pytest.mark.parametrize("typed, risks", [
    ("long-haul flight last week", ("long_journey",)),
    ("knee operation 3 weeks ago", ("surgery_or_bed_rest",)),
    ("had a DVT before", ("previous_clot",)),
    ("mum had a DVT", ("family_history_of_clots",)),
    ("on chemo", ("cancer_treatment",)),
    ("gave birth 3 weeks ago", ("recently_gave_birth",)),
])
def test_words_that_name_a_clot_risk_add_it(typed, risks):
    assert read_condition(typed).clot_risks == risks
    assert assess(conditions=[typed]).clot_risks == risks


@pytest.mark.parametrize("typed", [
    "knee replacement 2015",      # an old operation
    "grandma had a DVT",          # not a parent, brother or sister
    "no history of DVT",
    "2 hour flight last week",    # too short
])
def test_old_far_or_absent_clot_risks_are_not_added(typed):
    assert read_condition(typed).clot_risks == ()


def test_an_operation_without_a_date_is_not_guessed():
    assert read_condition("hip replacement").kind == "not_understood"


@pytest.mark.parametrize("typed", ["gout", "asthma", "hay fever", "AF", "low iron", "sleep apnoea"])
def test_everyday_conditions_are_understood_as_other(typed):
    d = assess(conditions=[typed]).to_dict()
    assert d["other_conditions"] == [typed] and d["unrecognised_conditions"] == [] and d["conditions"] == []


@pytest.mark.parametrize("typed, holds", [
    ("low sodium", {"no_fluid_push", "no_potassium_push"}),
    ("SIADH", {"no_fluid_push", "no_potassium_push"}),
    ("high potassium", {"no_fluid_push", "no_potassium_push"}),
    ("POTS", {"own_salt_fluid_plan"}),
    ("Addison's disease", {"own_salt_fluid_plan"}),
])
def test_conditions_that_change_salt_or_fluid_advice_hold_it(typed, holds):
    assert understand_conditions([typed]).holds == holds
    assert understand_conditions([f"no {typed}"]).holds == frozenset()


@pytest.mark.parametrize("typed", [
    "possible diabetes", "?kidney disease", "being tested for thyroid", "zorblax", "bad heart",
    "type 2 diabetes - mum",  # whose?
    "no diabetes and high BP",  # is the second absent too?
    "diabetes?", "DVT suspected", "smoked for 30 years", "nephrotic syndrome as a child",
])
def test_when_unsure_it_says_not_understood(typed):
    assert read_condition(typed).kind == "not_understood"
    assert assess(conditions=[typed]).unrecognised_conditions == (typed,)


def test_a_negated_condition_names_no_detail():
    assert understand_conditions(["no cirrhosis"]).details == ()
    assert understand_conditions(["liver cirrhosis"]).details == ("cirrhosis",)


def test_diabetes_insipidus_is_not_diabetes():
    reading = read_condition("diabetes insipidus")
    assert reading.kind == "other" and "diabetes" not in reading.condition_ids


def test_the_dialysis_patient_of_issue_22_is_understood():
    result = assess(age=67, sex="male", conditions=["bad kidneys", "on the kidney machine 3 times a week", "sugar"],
                    medications=["Renvela", "Sensipar", "alfacalcidol"])
    d = result.to_dict()
    assert d["conditions"] == ["diabetes", "dialysis", "kidney_disease"]
    assert d["unrecognised_conditions"] == [] and d["unrecognised_medications"] == []


def test_medicines_imply_the_condition_they_are_taken_for():
    meds, _ = match_medications(["Renvela 800", "Sensipar 30mg", "alfacalcidol"])
    implied = implied_conditions(meds)
    assert [(i.id, i.scope, i.also) for i in implied] == [("kidney_disease", "all", ("dialysis_fluid_limit",))]
    assert implied[0].said_as == "advanced kidney disease, possibly treated with dialysis"
    d = assess(medications=["Renvela 800", "Sensipar 30mg", "alfacalcidol"]).to_dict()
    assert d["implied_conditions"] == [{"id": "kidney_disease",
                                        "because": ["Renvela 800", "Sensipar 30mg", "alfacalcidol"]}]
    assert d["conditions"] == []  # typed ids only


@pytest.mark.parametrize("medicines, typed, expected", [
    (["Parsabiv"], (), ["dialysis", "kidney_disease"]),
    (["Velphoro"], ("kidney_disease",), ["dialysis"]),
    (["Entresto"], (), ["heart_failure"]),
    (["furosemide 40mg", "spironolactone"], (), ["heart_failure"]),
    (["furosemide 40mg", "spironolactone"], ("liver_disease",), []),  # in cirrhosis the pair treats ascites
    (["gliclazide"], (), ["diabetes"]),
    (["Lantus"], (), ["diabetes"]),
    (["metformin 500"], (), []),  # also prediabetes and PCOS
    (["levothyroxine"], (), ["thyroid_disease"]),
    (["levothyroxine"], ("thyroid_disease",), []),  # typed already
    (["rifaximin", "lactulose"], (), ["liver_disease"]),
    (["rifaximin"], (), []),
    (["cilostazol"], (), ["peripheral_artery_disease"]),
    (["naftidrofuryl"], (), []),  # also tried for cramps
    (["Sensipar"], (), []),  # also primary hyperparathyroidism
    (["Aranesp"], (), []),  # also anaemia from chemotherapy
    (["ivabradine"], (), []),  # also angina
])
def test_implied_condition_rules(medicines, typed, expected):
    meds, unknown = match_medications(medicines)
    assert unknown == []
    assert [i.id for i in implied_conditions(meds, typed)] == expected


def test_a_potassium_binder_implies_kidney_disease_for_the_potassium_rules_only():
    meds, _ = match_medications(["Lokelma"])
    (implied,) = implied_conditions(meds)
    assert (implied.id, implied.scope, implied.said_as) == ("kidney_disease", "potassium_magnesium",
                                                            "treatment for high potassium")
    assert assess(medications=["Lokelma"]).to_dict()["implied_conditions"][0]["id"] == "kidney_disease"


def test_medicine_groups_are_filled():
    meds, _ = match_medications(["Renvela 800mg", "water tablets", "Lipitor", "lithium 400"])
    assert [m.groups for m in meds] == [("phosphate_binder",), ("diuretic_unknown_kind",), (), ("lithium",)]
    assert meds[3].class_ids == ("lithium",) and meds[3].evidence_level == "none"


@pytest.mark.parametrize("field, call", [
    ("conditions", lambda text: read_condition(text)),
    ("medication", lambda text: match_medications([text])),
])
def test_a_very_long_entry_is_refused_in_one_line_naming_the_field(field, call):
    with pytest.raises(MatchingError) as caught:
        call("x" * 10_000)
    message = str(caught.value)
    assert message.startswith(field) and "\n" not in message and len(message) <= 300


def test_control_characters_are_read_as_spaces():
    assert read_condition("type 2\x00diabetes").condition_ids == ("diabetes",)
    assert read_condition("\x07\x1b").kind == "not_understood"
    assert match_medications(["Lipitor\x0020mg"])[0][0].class_ids == ("statin",)


def test_the_word_tables_are_read_once_per_process(monkeypatch):
    read_condition("diabetes")
    understanding.implied_conditions(match_medications(["Renvela"])[0])
    calls = []
    monkeypatch.setattr(understanding, "read_table", lambda name: calls.append(name) or ())
    read_condition("bad kidneys")
    understanding.implied_conditions(match_medications(["Renvela"])[0])
    assert calls == []


def test_each_trigger_or_phrase_is_listed_once():
    """A word listed twice would take the meaning of whichever row is read last."""
    from crampkit.content import read_table

    for table, column in (("understanding_words.csv", "words"), ("condition_phrases.csv", "phrase")):
        words = [row[column] for row in read_table(table)]
        assert len(words) == len(set(words)), table
