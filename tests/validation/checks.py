"""An independent reading of the assessment contract (v2), used to judge crampkit's answers.

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
             "acute_limb_ischaemia", "breathless_or_chest_pain", "heat_illness", "twitching_or_wasting"]
CONDITIONS = ["diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease",
              "peripheral_artery_disease", "spinal_stenosis", "peripheral_neuropathy", "heart_failure",
              "high_blood_pressure", "high_cholesterol", "smoker", "fluid_restriction", "sciatica"]
PLAN_RULES = ["drinks_target", "drink_more", "salt", "massage", "stretch", "exercise",
              "magnesium_supplement", "potassium_supplement"]


def rank(urgency: str) -> int:
    return URGENCIES.index(urgency)


def reference_ids() -> set[str]:
    with open(ROOT / "data" / "references.csv", newline="", encoding="utf-8") as f:
        return {row["id"] for row in csv.DictReader(f)}


# --------------------------------------------------------------------------- the contract table
def contract_red_flags(profile: dict, conditions: set[str], med_classes: set[str]) -> dict[str, str]:
    """Red flag id -> urgency, straight from the contract's table (v1 and v2 rows)."""
    s = set(profile.get("symptoms") or [])
    duration = profile.get("typical_duration_minutes")
    episodes = profile.get("episodes_per_week")
    long_cramp = duration is not None and duration > 10
    fired: dict[str, str] = {}
    if (episodes is not None and episodes >= 3) or "very_painful" in s \
            or "not_improving_with_self_care" in s or long_cramp:
        fired["frequent_or_severe"] = ("urgent" if long_cramp and "not_improving_with_self_care" in s
                                       else "see_clinician_soon")
    if s & {"swelling", "warmth", "redness", "skin_changes"}:
        clot = "swelling" in s and bool(s & {"warmth", "redness", "one_leg_only"})
        vascular_skin = "skin_changes" in s and ("peripheral_artery_disease" in conditions
                                                 or "calf_pain_walking_relieved_by_rest" in s)
        fired["leg_swelling_redness"] = "urgent" if clot or vascular_skin else "see_clinician_soon"
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
            ("muscle_twitching_or_wasting", "twitching_or_wasting", "see_clinician_soon")]:
        if symptom in s:
            fired[flag] = level
    return fired


def overall_urgency(flags: dict[str, str]) -> str:
    return max(flags.values(), key=rank) if flags else "routine_self_care"


def case_med_classes(case: dict) -> set[str]:
    return {c for classes in case.get("expected_medication_classes", {}).values() for c in classes}


def harmful_self_care_held(case: dict) -> bool:
    """Contract v2: these flags stop rubbing, stretching, exercise and drinks targets."""
    conditions = set(case["canonical_conditions"])
    flags = contract_red_flags(case["profile"], conditions, case_med_classes(case))
    return (flags.get("leg_swelling_redness") == "urgent"
            or bool(set(flags) & {"acute_limb_ischaemia", "breathless_or_chest_pain", "dark_urine",
                                  "statin_muscle_warning", "heat_illness"}))


def required_plan_rules(case: dict) -> set[str]:
    """The plan rules the contract imposes on this case, from its answers alone."""
    conditions = set(case["canonical_conditions"])
    classes = case_med_classes(case)
    rules: set[str] = set()
    if conditions & {"dialysis", "heart_failure", "fluid_restriction", "liver_disease"}:
        rules |= {"drinks_target", "drink_more"}
    if conditions & {"kidney_disease", "dialysis"}:
        rules |= {"magnesium_supplement", "potassium_supplement"}
    if classes & {"ace_inhibitor", "arb", "potassium_sparing_diuretic"}:
        rules.add("potassium_supplement")
    if conditions & {"high_blood_pressure", "heart_failure", "kidney_disease", "dialysis", "liver_disease"}:
        rules.add("salt")
    if harmful_self_care_held(case):
        rules |= {"massage", "stretch", "exercise", "drinks_target"}
    return rules


# --------------------------------------------------------------------------- reading plan text
NEGATION = re.compile(r"\b(not|never|no|avoid|without|until|wait|waits|instead|rather than|stop\w*|harm\w*|"
                      r"danger\w*|unsafe)\b|n't\b", re.I)
DEFERRAL = re.compile(r"\b(ask|check with|talk to|speak to|care team|liver team|kidney team|"
                      r"renal team|heart team|dialysis team|doctor|nurse|clinician|dietitian|pharmacist|"
                      r"prescriber|low[- ]salt|less salt|cut (down|back)|reduce|limit\w*)\b", re.I)
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
    problems = []
    expected = set(case["canonical_conditions"])
    allowed = expected | ({"kidney_disease"} if "dialysis" in expected else set())
    got_conditions = set(result["conditions"])
    if not expected <= got_conditions or not got_conditions <= allowed:
        problems.append(f"conditions {sorted(got_conditions)}, expected {sorted(expected)}")
    if sorted(result["unrecognised_conditions"]) != sorted(case.get("expected_unrecognised_conditions", [])):
        problems.append(f"unrecognised conditions {result['unrecognised_conditions']}, expected "
                        f"{case.get('expected_unrecognised_conditions', [])}")
    return problems


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
    for name, classes in case.get("expected_medication_classes", {}).items():
        problems += _medicine_class_problems(name, classes, result)
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


def plan_safety_problems(case: dict, result: dict) -> list[str]:
    texts = [s["text"] for s in result["plan"]]
    rules = set(case.get("plan_must_not", [])) | required_plan_rules(case)
    problems = plan_text_problems(texts, sorted(rules))
    problems += [f'suggests quinine: "{s}"' for s in quinine_suggestions(texts)]
    problems += stop_medicine_problems(texts, "statin_muscle_warning" in case["expected_red_flags"])
    problems += contradiction_problems(texts)
    kind = case.get("plan_must_warn_quinine")
    if kind:
        problems += quinine_warning_problems(result["plan"], kind)
    problems += _urgent_first_step_problems(case, texts)
    problems += _plan_wording_problems(case, result, texts)
    return problems


# One function per measure, in the order the quality table lists them.
CHECKS_BY_MEASURE = {
    "red_flags": red_flag_problems, "urgency": urgency_problems, "safe_urgency": safe_urgency_problems,
    "top_two": top_two_problems, "first_cause": first_cause_problems, "conditions": condition_problems,
    "entries": entry_problems, "references": reference_problems, "plan_safety": plan_safety_problems,
}


def check_case(case: dict, result: dict) -> dict[str, list[str]]:
    """Problems per measure for one case ({} of empty lists when crampkit's answer is right)."""
    return {measure: check(case, result) for measure, check in CHECKS_BY_MEASURE.items()}
