"""crampkit's own validation set: cases written as a clinician would, one test each.

Each case in ``tests/validation/cases.json`` holds a person's own words, the profile as they
would type it, and what the assessment contract (v3) and the evidence say the answer must be:
the exact red flags and urgency, the causes a clinician would put first, the conditions and
medicines recognised, and the plan's safety rules. The expected values were written from the
contract and ``../shared/reference/evidence-notes.md``, never by running crampkit; the checker in
``tests/validation/checks.py`` is an independent reading of the contract (it imports nothing
from crampkit's rules). The same cases feed ``benchmarks/bench_validation.py``.
"""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

import crampkit

HERE = Path(__file__).resolve().parents[1] / "validation"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("validation_checks", HERE / "checks.py")
checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checks)

SYMPTOMS = {"swelling", "warmth", "redness", "skin_changes", "one_leg_only", "weakness", "numbness",
            "calf_pain_walking_relieved_by_rest", "sleep_disrupted", "not_improving_with_self_care",
            "very_painful", "persists_after_activity", "dark_urine", "recent_vomiting_or_diarrhoea",
            "wound_or_toxin_exposure", "sudden_one_sided_weakness", "saddle_numbness_or_bladder_change",
            "cold_pale_leg", "breathless_or_chest_pain", "heat_illness_signs", "muscle_twitching_or_wasting",
            "rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing", "confusion_or_unsteadiness",
            "pregnancy_warning_signs", "urge_to_move"}
TIMING = {"night", "rest", "during_activity", "after_activity", "anytime"}
RELIEF = {"stretching", "walking", "rest", "sitting_or_bending_forward", "massage", "heat", "fluids", "nothing"}
PROFILE_FIELDS = {"age", "sex", "pregnant", "conditions", "medications", "timing", "typical_duration_minutes",
                  "episodes_per_week", "relieved_by", "exercise_minutes_per_week", "recent_training_increase",
                  "hours_standing_per_day", "hours_sitting_per_day", "fluids_litres_per_day",
                  "hot_weather_or_heavy_sweating", "symptoms", "clot_risks", "alcohol_drinks_per_week"}
CASE_FIELDS = {"id", "description", "profile", "canonical_conditions", "expected_red_flags", "expected_urgency",
               "top_two_must_include", "rationale", "reference_ids", "groups"}
OPTIONAL_FIELDS = {"expected_medication_classes", "expected_unrecognised_medications",
                   "expected_unrecognised_conditions", "plan_must_not", "plan_must_warn_quinine",
                   "first_cause_must_not_be", "text_must_not_claim_cirrhosis", "expected_flag_urgency",
                   # contract v3
                   "expected_implied_conditions", "expected_other_conditions", "expected_not_counted",
                   "expected_look_alikes", "expected_clot_risks", "plan_must", "sick_day_medicines",
                   "one_timing_sign", "expected_drinks_target_litres", "v3_sources", "v3_changes"}


# Cases where crampkit and the case's writer disagree and the contract does not settle it; each
# is counted as a miss in the README's validation table. strict: a fix makes the test fail
# until the entry is removed.
KNOWN_DISAGREEMENTS = {
    "V3VAL05_ccf_typed_as_abbreviation": "top two: the contract gives heart failure no cause score, so the "
    "loop diuretic's weak-evidence 0.3 ties with two other categories below conditioning (0.405)",
}
VALIDATION_PARAMS = [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[c["id"]])]
                                  if c["id"] in KNOWN_DISAGREEMENTS else []) for c in CASES]


@pytest.mark.parametrize("case", VALIDATION_PARAMS)
def test_validation_case(case):
    """crampkit's answer for this person: flags, urgency, causes, entries and a safe plan.

    A failure names the case and lists, per measure, what crampkit said against what the
    contract asks (``measure: got ..., expected ...``).
    """
    try:
        result = crampkit.assess(crampkit.Profile.from_dict(case["profile"])).to_dict()
    except Exception as exc:  # a profile the contract allows must be assessed, never refused
        pytest.fail(f"{case['id']}: assess raised {type(exc).__name__}: {str(exc)[:300]}", pytrace=False)
    json.dumps(result)
    problems = checks.check_case(case, result)
    found = [f"{measure}: {text}" for measure, texts in problems.items() for text in texts]
    if found:
        pytest.fail(f"{case['id']} ({case['description'][:70]}...):\n  " + "\n  ".join(found), pytrace=False)


# --------------------------------------------------------------------------- the case file itself
def test_at_least_sixty_cases_with_unique_ids_and_the_public_format():
    assert len(CASES) >= 60
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert CASE_FIELDS <= set(case) <= CASE_FIELDS | OPTIONAL_FIELDS, case["id"]
        assert len(case["description"]) > 40 and len(case["rationale"]) > 40, case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_profile_uses_only_contract_fields_and_vocabularies(case):
    profile = case["profile"]
    assert set(profile) <= PROFILE_FIELDS
    assert 5 <= profile["age"] <= 110
    assert set(profile.get("symptoms", [])) <= SYMPTOMS
    assert set(profile.get("timing", [])) <= TIMING
    assert set(profile.get("relieved_by", [])) <= RELIEF
    assert profile.get("hours_standing_per_day", 0) + profile.get("hours_sitting_per_day", 0) <= 24
    assert not (profile.get("pregnant") and profile.get("sex") == "male")
    assert set(case["canonical_conditions"]) <= set(checks.CONDITIONS)
    assert set(case["expected_red_flags"]) <= set(checks.RED_FLAGS)
    assert case["expected_urgency"] in checks.URGENCIES
    assert set(case["top_two_must_include"]) <= set(checks.CATEGORIES) and len(case["top_two_must_include"]) <= 2
    assert set(case.get("plan_must_not", [])) <= set(checks.PLAN_RULES)
    assert set(case.get("plan_must", [])) <= set(checks.PLAN_MUST)
    assert set(profile.get("clot_risks", [])) | set(case.get("expected_clot_risks", [])) <= set(checks.CLOT_RISKS)
    assert set(case.get("expected_implied_conditions", [])) <= set(checks.CONDITIONS)
    assert set(case.get("expected_look_alikes", [])) <= set(checks.LOOK_ALIKES)
    assert set(case.get("expected_not_counted", {})) <= set(profile.get("conditions", []))
    assert set(case.get("expected_not_counted", {}).values()) <= {"absent", "past", "other_person"}
    assert set(case.get("expected_other_conditions", [])) <= set(profile.get("conditions", []))
    assert case.get("plan_must_warn_quinine") in (None, "remedy", "prescription")
    typed_meds = profile.get("medications", [])
    assert set(case.get("expected_medication_classes", {})) <= set(typed_meds)
    assert set(case.get("expected_unrecognised_medications", [])) <= set(typed_meds)
    assert set(case.get("expected_unrecognised_conditions", [])) <= set(profile.get("conditions", []))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_expectations_follow_the_contract_table(case):
    """The hand-written flags and urgency agree with the contract's red-flag table."""
    flags = checks.case_flags(case)
    assert sorted(flags) == sorted(case["expected_red_flags"])
    assert checks.overall_urgency(flags) == case["expected_urgency"]
    for flag, level in case.get("expected_flag_urgency", {}).items():
        assert flags[flag] == level
    # every plan rule the contract imposes on this person is written into the case
    assert checks.required_plan_rules(case) <= set(case.get("plan_must_not", []))
    assert checks.required_plan_musts(case) <= set(case.get("plan_must", []))


def test_case_sources_exist():
    known = checks.reference_ids()
    for case in CASES:
        assert case["reference_ids"], case["id"]
        assert set(case["reference_ids"]) <= known, (case["id"], set(case["reference_ids"]) - known)


def test_cases_cover_every_flag_urgency_category_and_group():
    flags = Counter(f for c in CASES for f in c["expected_red_flags"])
    assert {f: flags[f] for f in checks.RED_FLAGS if flags[f] < 2} == {}
    urgencies = Counter(c["expected_urgency"] for c in CASES)
    assert all(urgencies[u] >= 5 for u in checks.URGENCIES), urgencies
    top = Counter(cat for c in CASES for cat in c["top_two_must_include"])
    assert {cat: top[cat] for cat in checks.CATEGORIES if top[cat] < 4} == {}
    groups = Counter(g for c in CASES for g in c["groups"])
    for group, least in {"teen": 4, "pregnancy": 4, "older": 10, "polypharmacy": 3, "kidney": 3, "dialysis": 2,
                         "liver": 3, "heart_failure": 2, "quinine": 3, "everyday_medicines": 5,
                         "sciatica": 3, "spinal_stenosis": 2, "threshold": 5}.items():
        assert groups[group] >= least, (group, groups[group])
    assert all(14 <= c["profile"]["age"] <= 17 for c in CASES if "teen" in c["groups"])


def test_thresholds_sit_on_both_sides_of_the_line():
    durations = {(c["profile"].get("typical_duration_minutes"),
                  "not_improving_with_self_care" in c["profile"].get("symptoms", [])): c["expected_urgency"]
                 for c in CASES if "threshold" in c["groups"]}
    assert durations[(10, True)] == "see_clinician_soon" and durations[(11, True)] == "urgent"
    assert durations[(11, False)] == "see_clinician_soon" and durations[(10, False)] == "routine_self_care"
    episodes = {c["profile"]["episodes_per_week"]: c["expected_red_flags"] for c in CASES if "threshold" in c["groups"]}
    assert episodes[3] == ["frequent_or_severe"] and episodes[2] == []


# --------------------------------------------------------------------------- the checker itself
UNSAFE = {  # plan wording from issue 12 and the contract, each of which must be caught
    "drinks_target": "Aim for about 3.0 L a day from drinks, spread through the day.",
    "drink_more": "In the heat or when you sweat a lot, drink during and after activity to replace what you lose.",
    "salt": "If you sweat heavily, a drink with some salt, such as a sports drink, may help.",
    "massage": "When a cramp starts: pull your toes up towards you, rub the muscle, walk about or shake the leg.",
    "stretch": "Each night just before bed, stretch your calves and the backs of your thighs.",
    "exercise": "Build up training a little at a time, warm up before and cool down after exercise.",
    "magnesium_supplement": "A magnesium supplement at bedtime may help.",
    "potassium_supplement": "Try potassium tablets or a salt substitute.",
}
SAFE = [
    "Do not rub or massage the leg, stretch it or exercise until a doctor has checked it.",
    "Follow your liver team's advice on salt and fluids.",
    "Follow the fluid limit your care team gave you, and ask them before changing how much you drink.",
    "Because of your blood pressure, heart or kidneys, ask your clinician before adding salt or sports drinks.",
    "Ask your kidney care team before taking any supplement such as magnesium or potassium tablets.",
    "Dark urine after hard exercise can mean muscle breakdown. Get medical help today.",
    "Keep taking it as prescribed and ask your prescriber or pharmacist; never change a prescribed medicine on your own.",
]


@pytest.mark.parametrize("rule", sorted(UNSAFE))
def test_checker_catches_each_unsafe_wording(rule):
    assert checks.plan_text_problems([UNSAFE[rule]], [rule])


@pytest.mark.parametrize("text", SAFE)
def test_checker_passes_safe_wording(text):
    assert checks.plan_text_problems([text], checks.V2_RULES) == []
    assert checks.stop_medicine_problems([text], statin_warning=False) == []


def test_checker_catches_quinine_suggestions_contradictions_and_stopping():
    assert checks.quinine_suggestions(["Tonic water at bedtime can ease cramps."])
    assert checks.plan_text_problems(["Call 999, 911 or 112 now. Stop exercising and cool down in the shade."],
                                     checks.V2_RULES) == []
    assert not checks.quinine_suggestions(["Quinine is not recommended for cramps: serious side effects."])
    warning = [{"text": "Quinine sulfate 300mg: quinine is not recommended for cramps because of serious side "
                        "effects. Talk to your prescriber or pharmacist.", "reference_ids": ["fda_quinine"]}]
    assert checks.quinine_warning_problems(warning, "prescription") == []
    assert checks.quinine_warning_problems([{"text": "Quinine is fine.", "reference_ids": []}], "remedy")
    assert checks.contradiction_problems(["See your GP; stretching will not fix this.",
                                          "Each night, stretch your calves."])
    assert checks.stop_medicine_problems(["Stop taking your water pill."], statin_warning=False)


V3_MUST_NOT = {  # contract v3 kind -> (wording that breaks it, wording that keeps it)
    "potassium_magnesium_food": ("Eat foods rich in potassium (bananas, potatoes, beans).",
                                 "Ask your kidney team before eating more potassium-rich foods."),
    "none_is_warning": ("None of your answers is a warning sign.",
                        "None of the answers crampkit understood is a warning sign; it did not understand 'zorblax'."),
    "later_call_under_emergency": ("Book an appointment with a doctor in the next few days.",
                                   "Tell the emergency team that you take atorvastatin."),
    "drinks_target_above_intake": ("Aim for about 2.0 L a day from drinks.",
                                   "Drink to thirst; ask your pharmacist what amount suits you."),
    "salt_except_ors": ("A sports drink may help.", "Keep sipping fluids: oral rehydration solution if you are being sick."),
    "stop_medicine": ("Skip your ramipril dose while you are being sick.",
                      "Ask a pharmacist today about sick day rules for ramipril; never stop a medicine on your own."),
    "alcohol_adult_limit": ("Keep to no more than 14 units a week.", "The safest choice is not to drink alcohol."),
    "mixed_timing": ("See a doctor within a few days about the swelling. Get help quickly if the swelling spreads.",
                     "Tell your midwife about the swelling today."),
}
V3_MUST = {  # contract v3 kind -> wording that holds it
    "insulin_sick_day": "Do not stop your insulin. Check your blood sugar and, if you can, ketones, and follow your "
                        "diabetes team's sick-day rules.",
    "sick_day_step": "Ramipril and metformin need care while you are being sick: ask a pharmacist or doctor today "
                     "about sick day rules for them.",
    "keep_sipping_fluids": "Unless a doctor or nurse has told you to limit fluids, keep sipping fluids (oral "
                           "rehydration solution if you are being sick); if you have a fluid limit, call your care "
                           "team today.",
    "alcohol_cut_down": "UK guidance is no more than 14 units a week: cutting down may help. If you drink every day "
                        "and get shakes or sweats when you stop, do not stop suddenly: talk to a GP first.",
    "alcohol_none": "At your age the safest choice is not to drink alcohol.",
    "pregnancy_swelling_step": "Mention the swelling to your midwife, who will check your blood pressure and urine. "
                               "Call now if you get a severe headache, blurred vision or flashing lights.",
    "implied_said": "Your medicines suggest advanced kidney disease. If that is right, follow your kidney team.",
    "drinks_target_efsa": "Aim for about 1.6 L a day from drinks, spread through the day.",
    "care_team_fluid_plan": "Follow your care team's salt and fluid plan.",
    "drink_to_thirst": "Drink to thirst; ask your pharmacist what amount suits you.",
    "not_understood_step": "crampkit did not understand 'zorblax'. Check with a doctor, nurse or pharmacist before "
                           "changing drinks, salt or diet.",
    "lithium_warning_first": "Lithium can build up quickly when you are being sick: a blood test is needed today.",
}


def _answer(texts, unrecognised=()):
    return {"plan": [{"text": t} for t in texts], "red_flags": [], "causes": [],
            "unrecognised_conditions": [], "unrecognised_medications": list(unrecognised)}


@pytest.mark.parametrize("kind", sorted(V3_MUST_NOT))
def test_checker_reads_each_v3_must_not(kind):
    case = {"id": "x", "profile": {"age": 70, "fluids_litres_per_day": 1.2}}
    bad, good = V3_MUST_NOT[kind]
    assert checks.plan_must_not_problems(case, _answer([bad]), [kind])
    assert checks.plan_must_not_problems(case, _answer([good]), [kind]) == []


@pytest.mark.parametrize("kind", sorted(V3_MUST))
def test_checker_reads_each_v3_must(kind):
    case = {"id": "x", "profile": {"age": 30}, "sick_day_medicines": ["ramipril 5mg", "metformin 500mg"],
            "expected_implied_conditions": ["kidney_disease"], "expected_drinks_target_litres": 1.6}
    text = V3_MUST[kind]
    assert checks.PLAN_MUST_READERS[kind](case, _answer([text], ["zorblax"]), [text])
    assert not checks.PLAN_MUST_READERS[kind](case, _answer(["Rub the muscle."], ["zorblax"]), ["Rub the muscle."])


def test_checker_reads_the_v3_flag_messages():
    both = {"id": "leg_swelling_redness", "urgency": "see_clinician_soon",
            "message": "Swelling of both legs can come from fluid, the heart, the kidneys or medicines: see a GP. "
                       "If only one leg is swollen, or it is warm, red or painful, get medical help today."}
    limb = {"id": "limb_threatening_ischaemia", "urgency": "urgent",
            "message": "The blood supply to your foot may be very poor: get it checked today. With diabetes, "
                       "contact your diabetes foot team or GP today."}
    answer = {**_answer([]), "red_flags": [both, limb]}
    for kind in ["both_legs_swelling_message", "limb_message", "diabetes_foot_team"]:
        assert checks.PLAN_MUST_READERS[kind]({}, answer, [])
    clot = {**limb, "message": "This could be a blood clot (DVT): get medical help today."}
    assert not checks.PLAN_MUST_READERS["limb_message"]({}, {**answer, "red_flags": [clot]}, [])


# --------------------------------------------------------------------------- the README table script
def test_readme_table_is_written_from_the_saved_run_between_the_markers(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "validation_table", Path(__file__).resolve().parents[2] / "scripts" / "validation_table.py")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    report = {"when": "2026-01-01 00:00", "commit": "abc1234", "python": "3.11", "cases": 3,
              "measures": [{"id": "urgency_exact", "label": "Urgency exactly as expected", "hits": 2, "n": 3,
                            "percent": 66.7, "anchor": "Semigran 57%"}]}
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n\nbefore\n{table.START}\nold numbers\n{table.END}\nafter\n")
    table.write(readme, table.render(report))
    text = readme.read_text()
    assert "old numbers" not in text and text.startswith("# t\n\nbefore\n") and text.endswith("\nafter\n")
    assert "| Urgency exactly as expected | 66.7% (2/3) | 3 | Semigran 57% |" in text
    assert "commit `abc1234` on 3 cases" in text
    readme.write_text("no markers here\n")
    with pytest.raises(SystemExit):
        table.write(readme, table.render(report))


def test_readme_table_adds_the_typed_phrase_rows_and_an_honest_caveat():
    spec = importlib.util.spec_from_file_location(
        "validation_table", Path(__file__).resolve().parents[2] / "scripts" / "validation_table.py")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    report = {"when": "2026-01-01 00:00", "commit": "abc1234", "python": "3.11", "cases": 3, "measures": []}
    phrase_report = {"when": "2026-01-01 00:05", "commit": "def5678", "word_for_word": {"conditions": 4, "medicines": 9},
                     "rows": [{"id": "phrases_conditions", "label": "Typed conditions understood / missed / misread",
                               "n": 10, "understood": 7, "missed": 2, "misread": 1, "percent": 70.0},
                              {"id": "phrases_medicines", "label": "Typed medicines understood / missed / misread",
                               "n": 20, "understood": 20, "missed": 0, "misread": 0, "percent": 100.0}]}
    text = table.render(report, phrase_report)
    assert "| Typed conditions understood / missed / misread | 7 / 2 / 1 (70.0% understood) | 10 | - |" in text
    assert "| Typed medicines understood / missed / misread | 20 / 0 / 0 (100.0% understood) | 20 | - |" in text
    assert "Typed phrases (30) read 2026-01-01 00:05 at commit `def5678`." in text
    assert "before crampkit was run on them" in text and "4 of 10 typed conditions" in text
    assert text.endswith("For the v3 cases and the typed phrases: not yet recorded.")
    changed = table.render(report, phrase_report, changes="No rule or table was changed.")
    assert changed.endswith("For the v3 cases and the typed phrases: No rule or table was changed.")


def test_checker_examples_in_its_docstring():
    import doctest
    assert doctest.testmod(checks).failed == 0
