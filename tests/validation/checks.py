"""An independent reading of the assessment contract (v3), used to judge crampkit's answers.

Written from ``../shared/spec/assessment-contract.md`` and the evidence notes, not from
crampkit's code: nothing here imports crampkit's rules, tables or plan checks. It does two jobs:

* ``contract_red_flags`` turns a case's answers into the red flags and urgencies the contract's
  table says must fire. The validation tests use it only to check the case file itself (that
  each hand-written ``expected_red_flags`` agrees with the table), never to grade crampkit.
* ``check_case`` compares one ``Assessment.to_dict()`` with a case's expectations and returns
  the problems found, grouped by measure (empty lists mean the answer is right).

The plan checks read the plan's words with small regular expressions that follow the
contract's wording (no drinks target, no salt, no rubbing, no stretching routine, no exercise,
never suggest quinine, ...). A clause that says *not* to do something ("do not rub the leg")
is not a suggestion.

>>> plan_text_problems(["When a cramp starts: rub the muscle, walk about or shake the leg."], ["massage", "exercise"])
['massage: "rub the muscle, walk about or shake the leg"', 'exercise: "rub the muscle, walk about or shake the leg"']
>>> plan_text_problems(["Do not rub or massage the leg until a doctor has checked it."], ["massage"])
[]
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

URGENCIES = ["routine_self_care", "see_clinician_soon", "urgent", "emergency"]
CATEGORIES = ["hydration_electrolytes", "overuse_fatigue", "conditioning", "static_positions",
              "nerve_circulation", "medical_medications"]
RED_FLAGS = ["frequent_or_severe", "leg_swelling_redness", "weakness_numbness_persistent",
             "night_rest_sleep_disruption", "risk_factors", "statin_muscle_warning", "dark_urine",
             "fluid_loss_illness", "wound_or_toxin_exposure", "stroke_signs", "cauda_equina_signs",
             "acute_limb_ischaemia", "breathless_or_chest_pain", "heat_illness", "twitching_or_wasting",
             "clot_risk_one_leg", "limb_threatening_ischaemia", "lithium_toxicity_signs", "sudden_confusion",
             "pre_eclampsia_signs"]
V3_FLAGS = RED_FLAGS[-5:]
CONDITIONS = ["diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease",
              "peripheral_artery_disease", "spinal_stenosis", "peripheral_neuropathy", "heart_failure",
              "high_blood_pressure", "high_cholesterol", "smoker", "fluid_restriction", "sciatica",
              "heavy_alcohol_use"]
MAJOR_CLOT_RISKS = ["surgery_or_bed_rest", "previous_clot", "cancer_treatment", "recently_gave_birth"]
MINOR_CLOT_RISKS = ["long_journey", "family_history_of_clots"]
CLOT_RISKS = MAJOR_CLOT_RISKS + MINOR_CLOT_RISKS
LOOK_ALIKES = ["restless_legs", "claudication"]
# Plan rules the plan must not break (words a reader must not find). The first eight are v2's.
PLAN_RULES = ["drinks_target", "drink_more", "salt", "massage", "stretch", "exercise",
              "magnesium_supplement", "potassium_supplement",
              "potassium_magnesium_food", "salt_except_ors", "drinks_target_above_intake", "stop_medicine",
              "none_is_warning", "not_understood_step", "later_call_under_emergency", "mixed_timing",
              "alcohol_adult_limit"]
# What a reader must find in the plan (contract v3).
PLAN_MUST = ["not_understood_step", "lithium_warning_first", "sick_day_step", "insulin_sick_day", "ketones",
             "keep_sipping_fluids", "alcohol_cut_down", "alcohol_none", "drink_to_thirst", "pregnancy_swelling_step",
             "implied_said", "care_team_fluid_plan", "drinks_target_efsa", "both_legs_swelling_message",
             "limb_message", "diabetes_foot_team"]
EMERGENCY_CATEGORY = {"stroke_signs": "nerve_circulation", "cauda_equina_signs": "nerve_circulation",
                      "acute_limb_ischaemia": "nerve_circulation", "breathless_or_chest_pain": "nerve_circulation",
                      "heat_illness": "hydration_electrolytes", "sudden_confusion": "medical_medications"}


def rank(urgency: str) -> int:
    return URGENCIES.index(urgency)


def reference_ids() -> set[str]:
    with open(ROOT / "data" / "references.csv", newline="", encoding="utf-8") as f:
        return {row["id"] for row in csv.DictReader(f)}


# --------------------------------------------------------------------------- the contract table
OESTROGEN_NAMES = re.compile(r"\b(tamoxifen|nolvadex|estradiol|oestradiol|evorel|estrogel|elleste|progynova|"
                             r"femoston|estradot|nuvaring|evra|contraceptive (patch|ring))\b", re.I)


def _frequent_or_severe(s: set[str], duration, episodes) -> str | None:
    long_cramp = duration is not None and duration > 10
    if not ((episodes is not None and episodes >= 3) or "very_painful" in s
            or "not_improving_with_self_care" in s or long_cramp):
        return None
    restless = "urge_to_move" in s and not s & {"very_painful", "one_leg_only", "swelling", "warmth", "redness"}
    urgent = long_cramp and "not_improving_with_self_care" in s and not restless
    return "urgent" if urgent else "see_clinician_soon"


def _leg_swelling_redness(s: set[str], pregnant: bool) -> str | None:
    if not s & {"swelling", "warmth", "redness", "skin_changes"}:
        return None
    urgent = ("swelling" in s and bool(s & {"warmth", "redness", "one_leg_only"})
              or "one_leg_only" in s and bool(s & {"warmth", "redness"})
              or "swelling" in s and pregnant and "pregnancy_warning_signs" in s
              or {"warmth", "redness"} <= s)
    return "urgent" if urgent else "see_clinician_soon"


def _clot_risk_one_leg(profile: dict, s: set[str], clot_risks: set[str], med_classes: set[str],
                       oestrogen_named: bool) -> bool:
    if "one_leg_only" not in s:
        return False
    if clot_risks & set(MAJOR_CLOT_RISKS) or profile.get("pregnant"):
        return True
    minor = (bool(clot_risks & set(MINOR_CLOT_RISKS)) or oestrogen_named
             or bool(med_classes & {"oral_contraceptive", "conjugated_estrogen", "raloxifene"}))
    return minor and bool(s & {"very_painful", "swelling", "warmth", "redness"})


def contract_red_flags(profile: dict, conditions: set[str], med_classes: set[str],
                       clot_risks: set[str] | None = None, oestrogen_named: bool = False) -> dict[str, str]:
    """Red flag id -> urgency, straight from the contract's table (v1, v2 and v3 rows).

    ``conditions`` holds typed and implied ids; ``clot_risks`` the given and recognised ones;
    ``oestrogen_named`` says a typed medicine with oestrogen but no class (tamoxifen, HRT estradiol,
    a patch or ring) is among the minor clot risks.
    """
    s = set(profile.get("symptoms") or [])
    clot_risks = set(profile.get("clot_risks") or []) | set(clot_risks or ())
    fired: dict[str, str] = {}
    level = _frequent_or_severe(s, profile.get("typical_duration_minutes"), profile.get("episodes_per_week"))
    if level:
        fired["frequent_or_severe"] = level
    level = _leg_swelling_redness(s, bool(profile.get("pregnant")))
    if level:
        fired["leg_swelling_redness"] = level
    if s & {"weakness", "numbness", "persists_after_activity"}:
        fired["weakness_numbness_persistent"] = "urgent" if "weakness" in s else "see_clinician_soon"
    if "sleep_disrupted" in s:
        fired["night_rest_sleep_disruption"] = "see_clinician_soon"
    if conditions & {"diabetes", "kidney_disease", "dialysis", "peripheral_artery_disease"} \
            or "calf_pain_walking_relieved_by_rest" in s:
        fired["risk_factors"] = "see_clinician_soon"
    if "statin" in med_classes and s & {"weakness", "dark_urine"}:
        fired["statin_muscle_warning"] = "urgent"
    for symptom, flag, level in [
            ("dark_urine", "dark_urine", "urgent"),
            ("recent_vomiting_or_diarrhoea", "fluid_loss_illness", "urgent"),
            ("wound_or_toxin_exposure", "wound_or_toxin_exposure", "urgent"),
            ("sudden_one_sided_weakness", "stroke_signs", "emergency"),
            ("saddle_numbness_or_bladder_change", "cauda_equina_signs", "emergency"),
            ("cold_pale_leg", "acute_limb_ischaemia", "emergency"),
            ("breathless_or_chest_pain", "breathless_or_chest_pain", "emergency"),
            ("heat_illness_signs", "heat_illness", "emergency"),
            ("muscle_twitching_or_wasting", "twitching_or_wasting", "see_clinician_soon"),
            ("confusion_or_unsteadiness", "sudden_confusion", "emergency")]:
        if symptom in s:
            fired[flag] = level
    if _clot_risk_one_leg(profile, s, clot_risks, med_classes, oestrogen_named):
        fired["clot_risk_one_leg"] = "urgent"
    if s & {"rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing"}:
        fired["limb_threatening_ischaemia"] = "urgent"
    if "lithium" in med_classes and s & {"recent_vomiting_or_diarrhoea", "muscle_twitching_or_wasting",
                                          "confusion_or_unsteadiness"}:
        fired["lithium_toxicity_signs"] = "urgent"
    if "pregnancy_warning_signs" in s and profile.get("sex") != "male" and 14 <= profile["age"] <= 55:
        fired["pre_eclampsia_signs"] = "urgent"
    return fired


def overall_urgency(flags: dict[str, str]) -> str:
    return max(flags.values(), key=rank) if flags else "routine_self_care"


def case_med_classes(case: dict) -> set[str]:
    expected = case.get("expected_medication_classes", {})
    if isinstance(expected, list):  # the public v3 files give the union of classes
        return set(expected)
    return {c for classes in expected.values() for c in classes}


def case_conditions(case: dict) -> set[str]:
    """Typed and implied condition ids (dialysis brings kidney disease; many drinks imply heavy use)."""
    found = set(case["canonical_conditions"]) | set(case.get("expected_implied_conditions", []))
    if "dialysis" in found:
        found.add("kidney_disease")
    if (case["profile"].get("alcohol_drinks_per_week") or 0) > 9:
        found.add("heavy_alcohol_use")
    return found


def case_clot_risks(case: dict) -> set[str]:
    return set(case["profile"].get("clot_risks") or []) | set(case.get("expected_clot_risks", []))


def case_flags(case: dict) -> dict[str, str]:
    typed_meds = " ".join(case["profile"].get("medications") or [])
    return contract_red_flags(case["profile"], case_conditions(case), case_med_classes(case),
                              case_clot_risks(case), bool(OESTROGEN_NAMES.search(typed_meds)))


def harmful_self_care_held(case: dict) -> bool:
    """Contract v2: these flags stop rubbing, stretching, exercise and drinks targets."""
    flags = case_flags(case)
    return (flags.get("leg_swelling_redness") == "urgent"
            or bool(set(flags) & {"acute_limb_ischaemia", "breathless_or_chest_pain", "dark_urine",
                                  "statin_muscle_warning", "heat_illness"}))


HYPONATRAEMIA_NAMES = re.compile(r"\b(desmopressin|ddavp|desmotabs|noqdirna|nocdurna|citalopram|escitalopram|"
                                 r"sertraline|fluoxetine|paroxetine|venlafaxine|duloxetine|celexa|cipramil|"
                                 r"lexapro|cipralex|zoloft|lustral|prozac|lovan|seroxat|efexor|effexor|cymbalta|"
                                 r"carbamazepine|tegretol|oxcarbazepine|trileptal|water (tablets?|pills?)|"
                                 r"fluid tablets?|diuretic)\b", re.I)
DESMOPRESSIN = re.compile(r"\b(desmopressin|ddavp|desmotabs|noqdirna|nocdurna)\b", re.I)


def hyponatraemia_guard(case: dict) -> bool:
    """Contract v3: desmopressin at any age; at 65+ a thiazide, an unknown diuretic, an SSRI/SNRI or carbamazepine."""
    names = " ".join(case["profile"].get("medications") or [])
    if DESMOPRESSIN.search(names):
        return True
    return case["profile"]["age"] >= 65 and ("thiazide_diuretic" in case_med_classes(case)
                                              or bool(HYPONATRAEMIA_NAMES.search(names)))


def required_plan_rules(case: dict) -> set[str]:
    """The plan rules the contract imposes on this case, from its answers alone."""
    conditions = case_conditions(case)
    classes = case_med_classes(case)
    flags = case_flags(case)
    rules: set[str] = set()
    if conditions & {"dialysis", "heart_failure", "fluid_restriction", "liver_disease"}:
        rules |= {"drinks_target", "drink_more"}
    if conditions & {"kidney_disease", "dialysis"}:
        rules |= {"magnesium_supplement", "potassium_supplement", "potassium_magnesium_food"}
    if classes & {"ace_inhibitor", "arb", "potassium_sparing_diuretic"}:
        rules.add("potassium_supplement")
    if conditions & {"high_blood_pressure", "heart_failure", "kidney_disease", "dialysis", "liver_disease"}:
        rules.add("salt_except_ors" if "recent_vomiting_or_diarrhoea" in case["profile"].get("symptoms", [])
                  and not conditions & {"heart_failure", "kidney_disease", "dialysis", "liver_disease"} else "salt")
    if harmful_self_care_held(case):
        rules |= {"massage", "stretch", "exercise", "drinks_target"}
    if set(flags) & {"clot_risk_one_leg", "sudden_confusion", "limb_threatening_ischaemia"}:
        rules |= {"massage", "stretch", "exercise"}
    if case.get("expected_unrecognised_conditions") or case.get("expected_unrecognised_medications"):
        rules |= {"drinks_target", "drink_more", "potassium_magnesium_food", "none_is_warning",
                  "salt_except_ors" if "recent_vomiting_or_diarrhoea" in case["profile"].get("symptoms", []) else "salt"}
    if hyponatraemia_guard(case):
        rules |= {"drink_more", "drinks_target_above_intake"}
    if overall_urgency(flags) == "emergency":
        rules.add("later_call_under_emergency")
    if "salt" in rules:
        rules.discard("salt_except_ors")
    return rules


def required_plan_musts(case: dict) -> set[str]:
    """What the plan must hold, from the answers alone (contract v3)."""
    flags = case_flags(case)
    must: set[str] = set()
    if case.get("expected_unrecognised_conditions") or case.get("expected_unrecognised_medications"):
        must.add("not_understood_step")
    if "lithium_toxicity_signs" in flags:
        must.add("lithium_warning_first")
    if case.get("sick_day_medicines"):
        must.add("sick_day_step")
    if case.get("expected_implied_conditions"):
        must.add("implied_said")
    age, drinks = case["profile"]["age"], case["profile"].get("alcohol_drinks_per_week") or 0
    if drinks > 0 and (age < 18 or case["profile"].get("pregnant")):
        must.add("alcohol_none")
    elif "heavy_alcohol_use" in case_conditions(case):
        must.add("alcohol_cut_down")
    if case["profile"].get("pregnant") and "swelling" in case["profile"].get("symptoms", []) \
            and "pre_eclampsia_signs" not in flags:
        must.add("pregnancy_swelling_step")
    if "limb_threatening_ischaemia" in flags:
        must.add("limb_message")
    return must


# --------------------------------------------------------------------------- reading plan text
NEGATION = re.compile(r"\b(not|never|no|avoid|without|until|wait|waits|instead|rather than|stop\w*|harm\w*|"
                      r"danger\w*|unsafe)\b|n't\b", re.I)
DEFERRAL = re.compile(r"\b(ask|check with|talk to|speak to|care team|liver team|kidney team|"
                      r"renal team|heart team|dialysis team|doctor|nurse|clinician|dietitian|pharmacist|"
                      r"prescriber|low[- ]salt|less salt|cut (down|back)|reduce|limit\w*)\b", re.I)
IN_THE_BLOOD = re.compile(r"\)?\s*(\(sodium\)\s*)?(level\s+)?in (your|the) blood\b", re.I)
DESCRIPTIVE_BEFORE = re.compile(r"\b(after|during|from|by|around|before)\s+(\w+\s+){0,2}$", re.I)

PATTERNS = {
    "massage": re.compile(r"\b(rub|rubbing|massag\w*)\b", re.I),
    "stretch": re.compile(r"\bstretch(es|ing)?\b", re.I),
    "exercise": re.compile(r"\b(exercis\w*|training|work ?outs?|warm[- ]up|cool-down|cool down after|brisk walk\w*|"
                           r"walk (about|around)|go for a walk|keep walking|start walking|walk it off|"
                           r"cycling|jogging|running|swimming|(leg[- ])?strengthening|"
                           r"(moderate|more|physical|regular) activity|be (more )?active|stationary bike)\b", re.I),
    "drink_more": re.compile(r"\b(drink (more|plenty|extra|lots|regularly|during|after|before|enough|water)|"
                             r"more (fluids?|water|to drink)|extra (fluids?|water|drinks?)|"
                             r"plenty of (fluids?|water|liquids?|drinks?)|increase (your )?(fluid|water|drink)\w*|"
                             r"stay(ing)? (well )?hydrated|keep (well )?hydrated|top up|"
                             r"replace (the )?(fluids?|water|what you lose))\b", re.I),
    "drinks_target": re.compile(r"(\b\d+([.,]\d+)?\s*(l|litres?|liters?|ml|millilitres?|cups?|glasses|"
                                r"bottles?)\b|\baim for\b[^.;]*\b(drink|fluid|water)|\bdrinks? target\b)", re.I),
    "salt": re.compile(r"\b(salt|salty|salted|sodium|sports? drinks?|electrolyte (drinks?|tablets?|powders?|"
                       r"sachets?)|oral rehydration|rehydration (salts?|solutions?|drinks?)|isotonic|"
                       r"pickle juice|broth|stock cubes?)\b", re.I),
    "magnesium_supplement": re.compile(r"\bmagnesium\b[^.;]{0,40}\b(supplements?|tablets?|pills?|capsules?|"
                                       r"powders?)\b|\bsupplement\w*\b[^.;]{0,30}\bmagnesium\b", re.I),
    "potassium_supplement": re.compile(r"\bpotassium\b(?![- ]sparing)[^.;]{0,40}\b(supplements?|tablets?|pills?|capsules?|"
                                       r"powders?)\b|\bsupplement\w*\b[^.;]{0,30}\bpotassium\b|"
                                       r"\bsalt substitutes?\b|\blo-?salt\b", re.I),
}
# "Ask your care team before adding salt or a supplement" is a caution, not a suggestion; rubbing,
# exercise or "drink more" with "ask your doctor" is still a suggestion where the contract bans it.
USES_DEFERRAL = {"salt", "magnesium_supplement", "potassium_supplement"}
QUININE = re.compile(r"\b(quinine|tonic water|bitter lemon|qualaquin)\b", re.I)
QUININE_WARNING = re.compile(r"\b(not|never|avoid|warn\w*|serious|side effects?|harm\w*|danger\w*|"
                             r"fda|risk\w*|unsafe)\b|n't\b", re.I)
NOT_RECOMMENDED = re.compile(r"not recommended|should not|shouldn't|do not use|don't use|not (be )?used|"
                             r"\bavoid|not safe|warns? against|not advised", re.I)
SERIOUS = re.compile(r"serious|side effects?|harm|danger|blood|bleed|life[- ]threatening", re.I)
PRESCRIBER = re.compile(r"prescriber|pharmacist|doctor who prescribed", re.I)
STOP_MEDICINE = re.compile(r"\b(stop|stopping|skip|skipping|quit|come off|halve|cut down on|reduce|lower|"
                           r"change|switch)\b[^.;]{0,40}\b(medicines?|medications?|tablets?|pills?|doses?|"
                           r"prescriptions?|statins?|diuretics?|water pills?|inhalers?|drugs?)\b", re.I)
STOP_EXEMPT = re.compile(r"\b(never|not|without|ask|talk|speak|before|unless|on your own)\b|n't\b", re.I)
NEGATED_BENEFIT = re.compile(r"\b(stretch\w*|rub\w*|massag\w*|drink\w*|fluids?|exercis\w*)\b[^.;]{0,30}"
                             r"\b(will not|won't|does not|doesn't|do not|don't|cannot|can't|will never) "
                             r"(help|fix|work|prevent|stop|cure)", re.I)
BENEFIT_TO_RULE = {"stretch": "stretch", "rub": "massage", "massag": "massage", "drink": "drink_more",
                   "fluid": "drink_more", "exercis": "exercise"}
WAITS = re.compile(r"\b(wait|waits|until|hold off|put off|pause)\b", re.I)
CHECKED = re.compile(r"\b(check\w*|seen|examin\w*|assess\w*|clinician|doctor|nurse)\b", re.I)
EMERGENCY_ACTION = re.compile(r"\b(999|911|112|emergency)\b", re.I)
URGENT_ACTION = re.compile(r"\b(today|same[- ]day|urgent\w*|right away|straight away|promptly|immediately|"
                           r"now|emergency|999|911|112)\b", re.I)
CHECK_SPELLING = re.compile(r"check the spelling|could not find|couldn't find|not in our list", re.I)
CIRRHOSIS_CLAIM = re.compile(r"two in three|2 in 3|two out of three|67 ?%|about 60 ?%|"
                             r"cirrhosis[^.]{0,60}\b(you|your)\b|\b(you|your)\b[^.]{0,60}cirrhosis", re.I)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def clauses(text: str) -> list[str]:
    """Split at sentence ends, colons, semicolons and 'but'/'then' (a negation covers its list:
    "do not rub, massage or stretch the leg")."""
    parts = re.split(r"[.!?](?=\s|$)|[;:]|\bbut\b|\bthen\b", text)
    return [p.strip() for p in parts if p.strip()]


def _suggests(rule: str, clause: str) -> bool:
    pattern = PATTERNS[rule]
    for m in pattern.finditer(clause):
        if rule == "exercise" and DESCRIPTIVE_BEFORE.search(clause[:m.start()]):
            continue  # "after hard exercise", "from running": a description, not a step
        if rule == "drink_more" and ORS.search(clause):
            continue  # sipping oral rehydration solution while being sick: allowed (contract v3, sick-day rule)
        if rule == "salt" and IN_THE_BLOOD.match(clause[m.end():]):
            continue  # "too much water can lower the salt (sodium) in your blood": a fact, not a step
        if NEGATION.search(clause):
            return False
        if rule in USES_DEFERRAL and DEFERRAL.search(clause):
            return False
        if rule == "drinks_target" and re.search(r"\blimit", clause, re.I):
            return False  # "keep within the 1.5 L limit your care team set"
        return True
    return False


def plan_text_problems(texts: list[str], rules) -> list[str]:
    """For each rule, the first plan clause that suggests it ('rule: "clause"')."""
    found = []
    for rule in rules:
        for text in texts:
            hit = next((c for c in clauses(text) if _suggests(rule, c)), None)
            if hit:
                found.append(f'{rule}: "{hit}"')
                break
    return found


def quinine_suggestions(texts: list[str]) -> list[str]:
    """Steps that name quinine or tonic water without any word of warning."""
    return [t for t in texts if QUININE.search(t) and not QUININE_WARNING.search(t)]


def quinine_warning_problems(plan: list[dict], kind: str) -> list[str]:
    """Contract v2: a step names quinine, says not recommended, serious side effects, fda_quinine."""
    for step in plan:
        text = step["text"]
        if QUININE.search(text) and NOT_RECOMMENDED.search(text) and SERIOUS.search(text) \
                and "fda_quinine" in step.get("reference_ids", []) \
                and (kind != "prescription" or PRESCRIBER.search(text)):
            return []
    return [f"no plan step warns about quinine ({kind}): naming it, 'not recommended', serious side "
            f"effects, fda_quinine{', prescriber or pharmacist' if kind == 'prescription' else ''}"]


def stop_medicine_problems(texts: list[str], statin_warning: bool) -> list[str]:
    found = []
    for text in texts:
        for clause in re.split(r"[.!?](?=\s|$)|[;:]", text):
            if statin_warning and re.search(r"statin|lipitor|zocor|crestor", clause, re.I):
                continue  # the contract's one exception
            if STOP_MEDICINE.search(clause) and not STOP_EXEMPT.search(clause):
                found.append(f'tells the person to stop or change a medicine: "{clause.strip()}"')
    return found


def contradiction_problems(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for m in NEGATED_BENEFIT.finditer(text):
            word = m.group(1).lower()
            rule = next(r for stem, r in BENEFIT_TO_RULE.items() if word.startswith(stem))
            others = [t for t in texts if t is not text] + [text.replace(m.group(0), "")]
            if plan_text_problems(others, [rule]):
                found.append(f'says "{m.group(0)}" beside a {rule} step')
    return found


# --------------------------------------------------------------------------- v3 plan readings
ORS = re.compile(r"\b(oral rehydration|rehydration (solution|salts?|sachets?|drinks?)|ors|dioralyte|hydralyte|"
                 r"pedialyte|electrolade)\b", re.I)
FOOD_PUSH = re.compile(r"\b(eat|eating|foods?|diet|meals?|snacks?)\b[^.;]{0,80}\b(potassium|magnesium)\b|"
                       r"\b(potassium|magnesium)[- ]rich\b|\b(bananas?|potatoes|avocados?|spinach|nuts and seeds)\b", re.I)
NONE_IS_WARNING = re.compile(r"\bnone of (your|the) answers (is|are|was|were) (a )?warning signs?|"
                             r"\bno warning signs?\b|\bnothing (in your answers )?(is|was) a warning sign", re.I)
UNDERSTOOD_QUALIFIER = re.compile(r"\bunderst(ood|and)\b|\brecognis|\brecogniz", re.I)
NOT_UNDERSTOOD = re.compile(r"(did not|didn't|could not|couldn't|does not|doesn't|cannot|can't) "
                            r"(understand|recogni[sz]e|read|match|tell what)|not understood|"
                            r"not sure what[^.]{0,30}means|don't know what[^.]{0,30}means", re.I)
ASK_CLINICIAN = re.compile(r"\b(doctor|nurse|pharmacist|GP|care team)\b", re.I)
BLOOD_TEST = re.compile(r"\bblood (test|level)|\blithium level", re.I)
TODAY_NOW = re.compile(r"\b(today|now|straight away|immediately|right away|same[- ]day)\b", re.I)
SICK_DAY = re.compile(r"sick[- ]day", re.I)
INSULIN_KEEP = re.compile(r"(do not|don't|never) stop (taking )?(your )?insulin|keep (taking|using) (your )?insulin", re.I)
KETONES = re.compile(r"\bketones?\b", re.I)
SIP = re.compile(r"\b(sip|sipping|small sips|keep drinking|oral rehydration)\b", re.I)
FLUID_LIMIT_CAVEAT = re.compile(r"(limit|restrict)\w*[^.]{0,40}\bfluids?|fluid (limit|restriction)|care team", re.I)
ADULT_LIMIT = re.compile(r"\b14 units\b|\blow[- ]risk limit\b", re.I)
CUT_DOWN = re.compile(r"\b(cut(ting)? down|drink less|less alcohol|reduce (your )?(drinking|alcohol))\b", re.I)
WITHDRAWAL = re.compile(r"(shakes|sweats|shaky|withdrawal)[^.]{0,120}(do not|don't|never) stop suddenly|"
                        r"(do not|don't|never) stop (drinking )?suddenly", re.I)
NOT_TO_DRINK = re.compile(r"safest (choice|thing|option)[^.]{0,30}\bnot (to )?drink|not (to )?drink (any )?alcohol", re.I)
ALCOHOL = re.compile(r"\balcohol|\bunits\b|\bdrinking\b", re.I)
DRINK_TO_THIRST = re.compile(r"drink (to|when you feel|when you're|when you are) thirst|"
                             r"when you (feel|are) thirsty|to thirst\b", re.I)
MIDWIFE = re.compile(r"\bmidwife|\bmaternity", re.I)
BP_URINE = re.compile(r"blood pressure[^.]{0,60}\b(urine|wee)|\b(urine|wee)[^.]{0,60}blood pressure", re.I)
PE_SIGNS = re.compile(r"headache", re.I)
PE_VISION = re.compile(r"vision|blurr|flashing", re.I)
SUGGEST = re.compile(r"\b(suggest\w*|may mean|might mean|could mean|are (usually|often) (taken|used) for|"
                     r"is (usually|often) (taken|used) for)\b", re.I)
IMPLIED_WORDS = {"dialysis": r"dialysis|kidney", "kidney_disease": r"kidney", "heart_failure": r"heart|fluid build",
                 "diabetes": r"diabet", "thyroid_disease": r"thyroid", "liver_disease": r"liver",
                 "peripheral_artery_disease": r"arter|circulation"}
CARE_TEAM_PLAN = re.compile(r"(care team|specialist|doctor)[^.]{0,80}salt[^.]{0,40}fluid|"
                            r"salt and fluid plan|fluid and salt plan", re.I)
LITRES = re.compile(r"(\d+(?:[.,]\d+)?)\s*(l|litres?|liters?|ml|millilitres?)\b", re.I)
ONE_LEG = re.compile(r"\bone leg\b|\bonly one\b", re.I)
BOTH_LEGS_CAUSES = re.compile(r"\b(heart|kidney|medicine|fluid|pregnan)", re.I)
CLOT_WORDS = re.compile(r"\b(clot|dvt|thrombosis)\b", re.I)
FOOT_TEAM = re.compile(r"foot (team|service|clinic|protection)", re.I)
SLOW = re.compile(r"within (a|the next) few (days|weeks)|in the next few (days|weeks)|\bsoon\b|when you can|"
                  r"next (appointment|visit|review|check-?up)|routine appointment|book an appointment", re.I)
FAST = re.compile(r"\b(today|now|quickly|urgent\w*|straight away|immediately|right away|same[- ]day|"
                  r"999|911|112|emergency)\b", re.I)
LATER = re.compile(r"\b(today|soon|within (a|the next) few (days|weeks)|in the next few days|this week|"
                   r"next (appointment|visit|review)|routine appointment|book an appointment|tomorrow)\b", re.I)


def _plan_texts(result: dict) -> list[str]:
    return [step["text"] for step in result["plan"]]


def _all_words(result: dict) -> list[str]:
    return (_plan_texts(result) + [r for c in result["causes"] for r in c["reasons"]]
            + [f["message"] for f in result["red_flags"]])


def _clause_hits(texts: list[str], pattern, skip=None) -> list[str]:
    hits = []
    for text in texts:
        for clause in clauses(text):
            if pattern.search(clause) and not NEGATION.search(clause) and not (skip and skip.search(clause)):
                hits.append(clause)
    return hits


def targets_above(texts: list[str], intake: float | None) -> list[str]:
    """Drinks-target clauses whose amount is above what the person drinks now."""
    found = []
    for text in texts:
        for clause in clauses(text):
            if not _suggests("drinks_target", clause):
                continue
            for m in LITRES.finditer(clause):
                value = float(m.group(1).replace(",", "."))
                litres = value / 1000 if m.group(2).lower().startswith("m") else value
                if intake is None or litres > intake + 0.05:
                    found.append(clause)
    return found


SIGN_WORDS = {"swell": r"swell|swollen", "twitch": r"twitch", "numb": r"numb"}
# Fast words about another state than the person's own sign are not a second timing for it: the
# contract's "if only one leg is swollen ... get medical help today" beside a both-legs message, and
# the pre-eclampsia warning signs ("sudden swelling of the face, hands or feet") named to call now.
OTHER_STATE = re.compile(r"\bone leg\b|sudden(ly)? swell\w*|swell\w* (of|in) (the|your) face|"
                         r"face,? hands", re.I)


def mixed_timing_problems(result: dict, sign: str) -> list[str]:
    """One sign, one timing: no slow and fast wording about the same sign anywhere in the answer.

    >>> said = lambda *texts: {"plan": [{"text": t} for t in texts], "red_flags": []}
    >>> mixed_timing_problems(said("See a GP within a few days about the swelling.",
    ...                            "Get help quickly if a leg becomes swollen."), "swell") != []
    True
    >>> mixed_timing_problems(said("Swelling of both legs: see a GP within a few days.",
    ...                            "If only one leg is swollen, get medical help today.",
    ...                            "Call now with a severe headache or sudden swelling of the face or hands."), "swell")
    []
    """
    pattern = re.compile(SIGN_WORDS.get(sign, sign), re.I)
    said = [s for t in _plan_texts(result) + [f["message"] for f in result["red_flags"]]
            for s in sentences(t) if pattern.search(s)]
    slow = [s for s in said if SLOW.search(s) and not FAST.search(s)]
    fast = [s for s in said if FAST.search(s) and not OTHER_STATE.search(s)]
    if slow and fast:
        return [f'mixed timing about "{sign}": "{slow[0]}" beside "{fast[0]}"']
    return []


def later_call_problems(result: dict) -> list[str]:
    """Under an emergency no step asks the person to call anyone at another time."""
    return [f'a later call under an emergency: "{s}"' for t in _plan_texts(result) for s in sentences(t)
            if LATER.search(s) and not EMERGENCY_ACTION.search(s)]


def plan_must_not_problems(case: dict, result: dict, kinds) -> list[str]:
    """The v3 must-not kinds (the v2 ones are read by plan_text_problems)."""
    texts = _plan_texts(result)
    problems: list[str] = []
    for kind in sorted(kinds):
        if kind == "potassium_magnesium_food":
            problems += [f'potassium or magnesium food push: "{c}"' for c in _clause_hits(texts, FOOD_PUSH, DEFERRAL)]
        elif kind == "salt_except_ors":
            problems += [f'salt or sports drink: "{c}"' for t in texts for c in clauses(t)
                         if _suggests("salt", c) and not ORS.search(c)]
        elif kind == "drinks_target_above_intake":
            problems += [f'drinks target above present intake: "{c}"'
                         for c in targets_above(texts, case["profile"].get("fluids_litres_per_day"))]
        elif kind == "stop_medicine":
            problems += stop_medicine_problems(texts, False) + [
                f'pause a medicine alone: "{c}"' for t in texts for c in clauses(t)
                if re.search(r"\b(pause|hold|miss|skip)\b[^.;]{0,30}\b(medicines?|tablets?|doses?|pills?)\b", c, re.I)
                and not STOP_EXEMPT.search(c)]
        elif kind == "none_is_warning":
            problems += [f'says there is no warning sign: "{s}"' for t in texts for s in sentences(t)
                         if NONE_IS_WARNING.search(s) and not UNDERSTOOD_QUALIFIER.search(s)]
        elif kind == "not_understood_step":
            problems += [f'says something was not understood: "{t}"' for t in texts if NOT_UNDERSTOOD.search(t)]
        elif kind == "later_call_under_emergency":
            problems += later_call_problems(result)
        elif kind == "mixed_timing":
            problems += mixed_timing_problems(result, case.get("one_timing_sign", "swell"))
        elif kind == "alcohol_adult_limit":
            problems += [f'adult alcohol limit: "{t}"' for t in texts if ADULT_LIMIT.search(t)]
    return problems


def _step_with(texts: list[str], *patterns) -> str | None:
    return next((t for t in texts if all(p.search(t) for p in patterns)), None)


def _name_pattern(name: str):
    return re.compile(re.escape(name.split()[0]), re.I)


def _must_not_understood(case, result, texts):
    words = list(result["unrecognised_conditions"]) + list(result["unrecognised_medications"])
    words = words or case.get("expected_unrecognised_conditions", []) + case.get("expected_unrecognised_medications", [])
    step = _step_with(texts, ASK_CLINICIAN, *[re.compile(re.escape(w), re.I) for w in words])
    return step is not None and bool(NOT_UNDERSTOOD.search(step) or re.search(r"understand|recogni", step, re.I))


def _must_lithium(case, result, texts):
    return any(re.search(r"lithium|priadel|camcolit|liskonum|li-liquid|lithobid|quilonum|lithicarb", t, re.I)
               and BLOOD_TEST.search(t) and TODAY_NOW.search(t) for t in texts[:2])


def _must_sick_day(case, result, texts):
    names = [_name_pattern(n) for n in case.get("sick_day_medicines", [])]
    return _step_with(texts, SICK_DAY, ASK_CLINICIAN, TODAY_NOW, *names) is not None


def _must_implied(case, result, texts):
    words = _all_words(result)
    return all(any(SUGGEST.search(w) and re.search(IMPLIED_WORDS[c], w, re.I) for w in words)
               for c in case.get("expected_implied_conditions", []))


def _must_drinks_target(case, result, texts):
    want = case.get("expected_drinks_target_litres")
    amounts = []
    for text in texts:
        for clause in clauses(text):
            if _suggests("drinks_target", clause):
                amounts += [float(m.group(1).replace(",", ".")) / (1000 if m.group(2).lower().startswith("m") else 1)
                            for m in LITRES.finditer(clause)]
    return bool(amounts) and all(abs(a - want) <= 0.15 for a in amounts)


def _flag_message(result, flag):
    return next((f["message"] for f in result["red_flags"] if f["id"] == flag), "")


PLAN_MUST_READERS = {
    "not_understood_step": _must_not_understood,
    "lithium_warning_first": _must_lithium,
    "sick_day_step": _must_sick_day,
    "insulin_sick_day": lambda c, r, t: _step_with(t, INSULIN_KEEP, KETONES) is not None,
    "ketones": lambda c, r, t: any(KETONES.search(x) for x in t),
    "keep_sipping_fluids": lambda c, r, t: _step_with(t, SIP, FLUID_LIMIT_CAVEAT) is not None,
    "alcohol_cut_down": lambda c, r, t: _step_with(t, ALCOHOL, CUT_DOWN, ADULT_LIMIT, WITHDRAWAL) is not None,
    "alcohol_none": lambda c, r, t: _step_with(t, NOT_TO_DRINK) is not None and not any(ADULT_LIMIT.search(x) for x in t),
    "drink_to_thirst": lambda c, r, t: any(DRINK_TO_THIRST.search(x) for x in t),
    "pregnancy_swelling_step": lambda c, r, t: _step_with(t, re.compile("swell", re.I), MIDWIFE, BP_URINE, PE_SIGNS,
                                                          PE_VISION) is not None,
    "implied_said": _must_implied,
    "care_team_fluid_plan": lambda c, r, t: any(CARE_TEAM_PLAN.search(x) for x in t),
    "drinks_target_efsa": _must_drinks_target,
    "both_legs_swelling_message": lambda c, r, t: all(p.search(_flag_message(r, "leg_swelling_redness"))
                                                      for p in (ONE_LEG, TODAY_NOW, BOTH_LEGS_CAUSES)),
    "limb_message": lambda c, r, t: bool(_flag_message(r, "limb_threatening_ischaemia"))
    and not CLOT_WORDS.search(_flag_message(r, "limb_threatening_ischaemia")),
    "diabetes_foot_team": lambda c, r, t: any(FOOT_TEAM.search(w) for w in t + [f["message"] for f in r["red_flags"]]),
}
PLAN_MUST_WORDS = {  # what the failure message says a reader looked for
    "not_understood_step": "a step naming the words not understood, with 'check with a doctor, nurse or pharmacist'",
    "lithium_warning_first": "the lithium warning first or second, with a blood test today or now",
    "sick_day_step": "a step naming the sick-day medicines, 'ask a pharmacist or doctor today', sick day rules",
    "insulin_sick_day": "'do not stop your insulin' with ketones",
    "keep_sipping_fluids": "keep sipping fluids, with the fluid-limit caveat",
    "alcohol_cut_down": "a cutting-down step: 14 units, do not stop suddenly with shakes or sweats",
    "alcohol_none": "'the safest choice is not to drink' and no adult limit",
    "pregnancy_swelling_step": "tell the midwife about the swelling; blood pressure and urine; the warning signs",
    "implied_said": "the implied condition said as a suggestion",
    "care_team_fluid_plan": "follow the care team's salt and fluid plan",
    "drinks_target_efsa": "the EFSA-based drinks target",
    "both_legs_swelling_message": "a both-legs swelling message adding 'if only one leg ... today'",
    "limb_message": "the limb-threatening ischaemia message, without clot words",
    "diabetes_foot_team": "the diabetes foot team",
}


def plan_must_problems(case: dict, result: dict) -> list[str]:
    texts = _plan_texts(result)
    kinds = set(case.get("plan_must", [])) | required_plan_musts(case)
    return [f"plan lacks {PLAN_MUST_WORDS.get(k, k)}" for k in sorted(kinds)
            if not PLAN_MUST_READERS[k](case, result, texts)]


# --------------------------------------------------------------------------- one case
def typed(values) -> list[str]:
    seen: list[str] = []
    for v in values or []:
        if v not in seen:
            seen.append(v)
    return seen


def red_flag_problems(case: dict, result: dict) -> list[str]:
    problems = []
    got_flags = sorted(f["id"] for f in result["red_flags"])
    if got_flags != sorted(case["expected_red_flags"]):
        problems.append(f"red flags {got_flags}, expected {sorted(case['expected_red_flags'])}")
    for flag, level in case.get("expected_flag_urgency", {}).items():
        got = next((f["urgency"] for f in result["red_flags"] if f["id"] == flag), None)
        if got != level:
            problems.append(f"{flag} urgency {got}, expected {level}")
    return problems


def urgency_problems(case: dict, result: dict) -> list[str]:
    if result["urgency"] != case["expected_urgency"]:
        return [f"urgency {result['urgency']}, expected {case['expected_urgency']}"]
    return []


def safe_urgency_problems(case: dict, result: dict) -> list[str]:
    if result["urgency"] not in URGENCIES or rank(result["urgency"]) < rank(case["expected_urgency"]):
        return [f"urgency {result['urgency']} is less urgent than {case['expected_urgency']}"]
    return []


def top_two_problems(case: dict, result: dict) -> list[str]:
    scores = {c["category"]: c["score"] for c in result["causes"]}
    top_two = [c["category"] for c in result["causes"][:2]]
    return [f"{category} not in the top two with a score above 0: "
            f"{[(c['category'], c['score']) for c in result['causes']]}"
            for category in case["top_two_must_include"]
            if category not in top_two or scores.get(category, 0) <= 0]


def first_cause_problems(case: dict, result: dict) -> list[str]:
    scores = {c["category"]: c["score"] for c in result["causes"]}
    problems = []
    for category in case.get("first_cause_must_not_be", []):
        others = [s for c, s in scores.items() if c != category]
        if scores.get(category, 0) > 0 and scores[category] >= max(others, default=0):
            problems.append(f"{category} ranks first ({scores[category]}) for ordinary cramps")
    return problems


def condition_problems(case: dict, result: dict) -> list[str]:
    """Typed ids, implied ids, everyday, not counted, not understood and clot risks (contract v3)."""
    problems = []
    expected = set(case["canonical_conditions"])
    allowed = expected | ({"kidney_disease"} if "dialysis" in expected else set())
    got_conditions = set(result["conditions"])
    if not expected <= got_conditions or not got_conditions <= allowed:
        problems.append(f"conditions {sorted(got_conditions)}, expected {sorted(expected)}")
    if sorted(result["unrecognised_conditions"]) != sorted(case.get("expected_unrecognised_conditions", [])):
        problems.append(f"unrecognised conditions {result['unrecognised_conditions']}, expected "
                        f"{case.get('expected_unrecognised_conditions', [])}")
    want_implied = set(case.get("expected_implied_conditions", []))
    got_implied = {i["id"] for i in result.get("implied_conditions", [])}
    if "heavy_alcohol_use" not in want_implied:
        got_implied.discard("heavy_alcohol_use")  # the contract leaves open where a drinks count shows it
    if "dialysis" in want_implied:
        got_implied.discard("kidney_disease")
    if got_implied != want_implied:
        problems.append(f"implied conditions {sorted(got_implied)}, expected {sorted(want_implied)}")
    # The contract says where a clot-risk phrase's risk goes (clot_risks), not where the phrase itself
    # is listed: a phrase the case places nowhere may also show as everyday or not counted.
    placed = set(case.get("expected_other_conditions", [])) | set(case.get("expected_not_counted", {})) \
        | set(case.get("expected_unrecognised_conditions", []))
    free = {p for p in case["profile"].get("conditions", []) if p not in placed} if case.get("expected_clot_risks") else set()
    got_other = sorted(p for p in result.get("other_conditions", []) if p not in free)
    if got_other != sorted(case.get("expected_other_conditions", [])):
        problems.append(f"everyday conditions {got_other}, expected {sorted(case.get('expected_other_conditions', []))}")
    got_nc = {e["input"]: e["reason"] for e in result.get("conditions_not_counted", []) if e["input"] not in free}
    want_nc = case.get("expected_not_counted", {})
    if got_nc != want_nc:
        problems.append(f"not counted {got_nc}, expected {want_nc}")
    if set(result.get("clot_risks", [])) != case_clot_risks(case):
        problems.append(f"clot risks {sorted(result.get('clot_risks', []))}, expected {sorted(case_clot_risks(case))}")
    return problems


def look_alike_problems(case: dict, result: dict) -> list[str]:
    symptoms = set(case["profile"].get("symptoms", []))
    want = set(case.get("expected_look_alikes", [])) | ({"restless_legs"} if "urge_to_move" in symptoms else set()) \
        | ({"claudication"} if "calf_pain_walking_relieved_by_rest" in symptoms else set())
    got = {x["id"] for x in result.get("look_alikes", [])}
    return [f"look-alikes {sorted(got)}, expected at least {sorted(want)}"] if not want <= got else []


def emergency_cause_problems(case: dict, result: dict) -> list[str]:
    """Contract v3: under an emergency the first cause is the one the flag concerns."""
    categories = {EMERGENCY_CATEGORY[f] for f, level in case_flags(case).items() if level == "emergency"}
    if not categories or not result["causes"]:
        return []
    first = result["causes"][0]["category"]
    return [] if first in categories else [f"first cause {first} under an emergency, expected one of {sorted(categories)}"]


def _medicine_class_problems(name: str, classes: list, result: dict) -> list[str]:
    entry = next((m for m in result["medications"] if m["input"] == name), None)
    if entry is None:
        return [f"{name!r} not recognised (expected classes {classes})"]
    problems = []
    if sorted(entry["class_ids"]) != sorted(classes):
        problems.append(f"{name!r} classes {entry['class_ids']}, expected {classes}")
    if (not classes or classes == ["quinine"]) and entry.get("evidence_level") != "none":
        problems.append(f"{name!r} evidence level {entry.get('evidence_level')}, expected none")
    return problems


def entry_problems(case: dict, result: dict) -> list[str]:
    problems = []
    typed_meds = typed(case["profile"].get("medications"))
    inputs = [m["input"] for m in result["medications"]]
    accounted = sorted(inputs + list(result["unrecognised_medications"]))
    if accounted != sorted(typed_meds):
        problems.append(f"typed medicines {typed_meds} came back as recognised {inputs} + "
                        f"unrecognised {result['unrecognised_medications']} (each must appear exactly once)")
    expected = case.get("expected_medication_classes", {})
    if isinstance(expected, list):  # public v3 files: the union of classes over the recognised medicines
        got = {c for m in result["medications"] for c in m["class_ids"]}
        if got != set(expected):
            problems.append(f"medicine classes {sorted(got)}, expected {sorted(expected)}")
    else:
        for name, classes in expected.items():
            problems += _medicine_class_problems(name, classes, result)
    for name in case.get("expected_medication_recognised", []):
        if name not in inputs:
            problems.append(f"{name!r} should be recognised")
    for name in case.get("expected_unrecognised_medications", []):
        if name not in result["unrecognised_medications"]:
            problems.append(f"{name!r} should be reported as unrecognised")
    return problems


def reference_problems(case: dict, result: dict) -> list[str]:
    known = reference_ids()
    cited = [r for f in result["red_flags"] for r in f["reference_ids"]] + \
            [r for c in result["causes"] for r in c["reference_ids"]] + \
            [r for s in result["plan"] for r in s.get("reference_ids", [])]
    missing = sorted(set(cited) - known)
    return [f"reference ids not in data/references.csv: {missing}"] if missing else []


def _urgent_first_step_problems(case: dict, texts: list[str]) -> list[str]:
    if rank(case["expected_urgency"]) < rank("urgent"):
        return []
    if not texts:
        return ["the plan is empty under an urgent warning"]
    problems = []
    action = EMERGENCY_ACTION if case["expected_urgency"] == "emergency" else URGENT_ACTION
    if not action.search(texts[0]):
        problems.append(f'first step is not the {case["expected_urgency"]} action: "{texts[0]}"')
    bad = plan_text_problems([texts[0]], ["massage", "stretch", "exercise", "drinks_target"])
    if bad:
        problems.append(f"first step offers self-care: {bad}")
    return problems


def _plan_wording_problems(case: dict, result: dict, texts: list[str]) -> list[str]:
    problems = []
    if harmful_self_care_held(case) and not any(WAITS.search(s) and CHECKED.search(s)
                                                for t in texts for s in sentences(t)):
        problems.append("no step says self-care waits until a clinician has checked")
    for name in case.get("expected_medication_classes", {}):
        for t in texts:
            if name in t and CHECK_SPELLING.search(t):
                problems.append(f"a recognised medicine gets 'check the spelling': {name!r}")
    if case.get("text_must_not_claim_cirrhosis"):
        words = texts + [r for c in result["causes"] for r in c["reasons"]] + \
                [f["message"] for f in result["red_flags"]]
        hits = [w for w in words if CIRRHOSIS_CLAIM.search(w)]
        if hits:
            problems.append(f"quotes cirrhosis figures without cirrhosis: {hits[0]!r}")
    return problems


V2_RULES = PLAN_RULES[:8]
HOLD_WHILE_NOT_UNDERSTOOD = {"drinks_target", "drink_more", "potassium_magnesium_food", "none_is_warning"}


def plan_rules_for(case: dict, result: dict) -> set[str]:
    """The case's own rules, the contract's rules from its answers, and the hold for what was not understood."""
    rules = set(case.get("plan_must_not", [])) | required_plan_rules(case)
    if result["unrecognised_conditions"] or result["unrecognised_medications"]:
        vomiting = "recent_vomiting_or_diarrhoea" in case["profile"].get("symptoms", [])
        rules |= HOLD_WHILE_NOT_UNDERSTOOD | {"salt_except_ors" if vomiting else "salt"}
    if "salt" in rules:
        rules.discard("salt_except_ors")
    return rules


def plan_safety_problems(case: dict, result: dict) -> list[str]:
    texts = [s["text"] for s in result["plan"]]
    rules = plan_rules_for(case, result)
    problems = plan_text_problems(texts, sorted(rules & set(V2_RULES)))
    problems += plan_must_not_problems(case, result, rules - set(V2_RULES))
    problems += [f'suggests quinine: "{s}"' for s in quinine_suggestions(texts)]
    problems += stop_medicine_problems(texts, "statin_muscle_warning" in case["expected_red_flags"])
    problems += contradiction_problems(texts)
    kind = case.get("plan_must_warn_quinine")
    if kind:
        problems += quinine_warning_problems(result["plan"], kind)
    problems += _urgent_first_step_problems(case, texts)
    problems += _plan_wording_problems(case, result, texts)
    if (result["unrecognised_conditions"] or result["unrecognised_medications"]) \
            and not _must_not_understood(case, result, texts):
        problems.append("plan lacks a step naming what was not understood, with 'check with a doctor, nurse "
                        "or pharmacist'")
    return problems


# One function per measure, in the order the quality table lists them.
CHECKS_BY_MEASURE = {
    "red_flags": red_flag_problems, "urgency": urgency_problems, "safe_urgency": safe_urgency_problems,
    "top_two": top_two_problems, "first_cause": first_cause_problems, "conditions": condition_problems,
    "entries": entry_problems, "references": reference_problems, "plan_safety": plan_safety_problems,
    "plan_must": plan_must_problems, "look_alikes": look_alike_problems, "emergency_cause": emergency_cause_problems,
}


def check_case(case: dict, result: dict) -> dict[str, list[str]]:
    """Problems per measure for one case ({} of empty lists when crampkit's answer is right)."""
    return {measure: check(case, result) for measure, check in CHECKS_BY_MEASURE.items()}
