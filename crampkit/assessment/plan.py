"""A practical plan: steps for the person's likely causes, warning signs first.

Step texts live in ``data/plan_steps.csv``; when a step must not be given lives in
``data/plan_step_rules.csv`` (contract v2: safety as data). Each rule names the steps it
withholds, when (conditions, fired red flags, medicine classes, overall urgency: a rule
applies when every column it fills holds, and a column holds when any of its ids does), the
step that replaces them and where that goes. The builder first proposes the steps that fit
the person's causes, then applies those rules; it never removes a step by searching its
wording. :func:`safety_problems` is an independent check of the contract's safety rules on
the finished wording, used by the tests.

>>> import crampkit
>>> a = crampkit.assess(crampkit.Profile(age=52, symptoms=["swelling", "warmth", "one_leg_only"]))
>>> [s.text.split(":")[0] for s in a.plan][:2]
['Warning sign', 'Until a doctor or nurse has checked you, hold off on self-care']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from crampkit.assessment.causes import EMERGENCY_CATEGORIES, CauseScore
from crampkit.assessment.conditions import conditions as known_conditions
from crampkit.assessment.facts import Facts
from crampkit.assessment.medications import medication_classes
from crampkit.assessment.red_flags import URGENCY_ORDER, RedFlag, overall_urgency
from crampkit.content import fill, read_table, split_ids

SALT_CAUTION_CONDITIONS = ("high_blood_pressure", "heart_failure", "kidney_disease", "dialysis",
                           "liver_disease")
CRAMP_CONDITIONS = ("diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease")
PLACEMENTS = ("in_place", "after_warnings")


@dataclass(frozen=True)
class PlanStep:
    """One thing to do, the cause category it answers, and its sources."""

    category: str
    text: str
    reference_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"category": self.category, "text": self.text, "reference_ids": list(self.reference_ids)}


@dataclass(frozen=True)
class StepRule:
    """When steps must not be given, and what replaces them (a row of plan_step_rules.csv)."""

    id: str
    steps: tuple[str, ...]
    if_conditions: tuple[str, ...]
    if_flags: tuple[str, ...]          # "flag_id" (any urgency) or "flag_id:urgency"
    if_medicine_classes: tuple[str, ...]
    if_urgency: tuple[str, ...]
    instead: str  # empty: the step is withheld with no replacement (another step says why)
    placement: str
    why: str
    reference_ids: tuple[str, ...]
    if_facts: tuple[str, ...] = ()     # names in FACT_CHECKS: what crampkit worked out (contract v3)


#: What a rule's ``if_facts`` column may name: properties of :class:`Facts` (contract v3).
FACT_CHECKS = ("anything_not_understood", "hyponatraemia_guard", "follow_care_team_fluids",
               "own_salt_fluid_plan", "kidney_disease", "no_potassium_hold", "heavy_alcohol",
               "younger_than_stretch_trial")


@dataclass(frozen=True)
class _Proposed:
    """A step the builder would give, before the safety rules; ``classes`` are the medicine
    classes of the one medicine a step is about (empty for other steps)."""

    step_id: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
    classes: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


@cache
def step_table() -> dict[str, dict]:
    """Every plan step template by id."""
    return {row["step_id"]: row for row in read_table("plan_steps.csv")}


@cache
def step_rules() -> tuple[StepRule, ...]:
    """The plan safety rules from ``data/plan_step_rules.csv``, in table order."""
    return tuple(
        StepRule(row["rule_id"], split_ids(row["steps"]), split_ids(row["if_conditions"]),
                 split_ids(row["if_flags"]), split_ids(row["if_medicine_classes"]),
                 split_ids(row["if_urgency"]), row["instead"], row["placement"] or "in_place",
                 row["why"], split_ids(row["reference_ids"]), split_ids(row.get("if_facts", "")))
        for row in read_table("plan_step_rules.csv")
    )


def _step(step_id: str, refs=(), **values) -> PlanStep:
    row = step_table()[step_id]
    text = fill(row["text"], **values) if values else row["text"]  # no values: the words as written
    ids = _own_refs(row["reference_ids"]) if not refs else tuple(
        dict.fromkeys(split_ids(row["reference_ids"]) + tuple(refs)))
    return PlanStep(row["category"], text, ids)


@cache
def _own_refs(cell: str) -> tuple[str, ...]:
    """A step's own sources (its ``reference_ids`` cell), each once; worked out once per cell."""
    return tuple(dict.fromkeys(split_ids(cell)))


def _names(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@cache
def _flag_tokens(tokens: tuple[str, ...]) -> frozenset[tuple[str, str | None]]:
    """A rule's ``if_flags`` as (flag id, urgency or None for any urgency) pairs."""
    return frozenset((flag_id, urgency or None) for flag_id, _, urgency in (t.partition(":") for t in tokens))


@dataclass(frozen=True)
class _Now:
    """What the step rules read about one person, worked out once per plan."""

    conditions: frozenset[str]
    class_ids: frozenset[str]
    urgency: str
    flags: frozenset[tuple[str, str | None]]  # (id, urgency) and (id, None) of each fired flag

    @classmethod
    def of(cls, facts: Facts, flags) -> _Now:
        return cls(frozenset(facts.conditions), facts.class_ids, overall_urgency(flags),
                   frozenset(pair for f in flags for pair in ((f.id, f.urgency), (f.id, None))))


def rule_applies(rule: StepRule, proposed: _Proposed, facts: Facts, flags: list[RedFlag]) -> bool:
    """True when ``rule`` withholds ``proposed`` for this person: every column the rule fills
    holds (a rule that fills none never applies)."""
    return proposed.step_id in rule.steps and _applies(rule, proposed, facts, _Now.of(facts, flags))


def _applies(rule: StepRule, proposed: _Proposed, facts: Facts, now: _Now) -> bool:
    """:func:`rule_applies` for a step the rule names, with ``now`` worked out."""
    checked = False
    if rule.if_conditions:
        if now.conditions.isdisjoint(rule.if_conditions):
            return False
        checked = True
    if rule.if_flags:
        if now.flags.isdisjoint(_flag_tokens(rule.if_flags)):
            return False
        checked = True
    if rule.if_medicine_classes:
        if (frozenset(proposed.classes) if proposed.classes else now.class_ids).isdisjoint(rule.if_medicine_classes):
            return False
        checked = True
    if rule.if_urgency:
        if now.urgency not in rule.if_urgency:
            return False
        checked = True
    if rule.if_facts:
        return any(getattr(facts, name) for name in rule.if_facts if name in FACT_CHECKS)
    return checked


_BY_STEP: dict = {}  # id of the rules read -> (those rules, {step id: the rules naming it})


def rules_for_step(step_id: str) -> tuple[StepRule, ...]:
    """The rules of :func:`step_rules` that name ``step_id``, in table order (the others can
    never withhold it); worked out once per table read."""
    rules = step_rules()
    kept = _BY_STEP.get(id(rules))
    if kept is None or kept[0] is not rules:
        index: dict[str, list[StepRule]] = {}
        for rule in rules:
            for step in dict.fromkeys(rule.steps):
                index.setdefault(step, []).append(rule)
        kept = _BY_STEP[id(rules)] = (rules, {step: tuple(found) for step, found in index.items()})
    return kept[1].get(step_id, ())


def apply_step_rules(proposed: list[_Proposed], facts: Facts, flags: list[RedFlag]):
    """The proposed steps with the safety rules applied: (kept in order, after-warnings steps).

    A withheld step is replaced by the ``instead`` step of the first rule that applies (the
    table lists the rules in order of importance; a replacement is checked against the rules
    too), in its place or straight after the warning signs, once.
    """
    kept: list[_Proposed] = []
    first: list[_Proposed] = []
    seen: set[str] = set()
    now = _Now.of(facts, flags)

    def place(item: _Proposed, depth: int = 0) -> None:
        rule = next((rule for rule in rules_for_step(item.step_id) if _applies(rule, item, facts, now)), None)
        if rule is None:
            key = item.step_id + repr(sorted(item.values.items()))
            if key not in seen:
                seen.add(key)
                kept.append(item)
            return
        if not rule.instead or depth > 3:
            return
        replacement = _Proposed(rule.instead, item.values, item.classes)
        if rule.placement == "after_warnings":
            if rule.instead not in seen:
                seen.add(rule.instead)
                first.append(replacement)
        else:
            place(replacement, depth + 1)

    for item in proposed:
        place(item)
    return kept, first


def _render(item: _Proposed) -> PlanStep:
    return _step(item.step_id, item.refs, **item.values)


def _warning_steps(flags: list[RedFlag]) -> list[PlanStep]:
    """One step per fired flag. Under an emergency (contract v3: one answer), the other flags'
    steps say to tell the emergency team, not to call someone today or soon; their full
    messages stay in the assessment's warning signs."""
    emergency = overall_urgency(flags) == "emergency"
    steps = []
    for f in flags:
        if emergency and f.urgency != "emergency":
            also = "warning_also_emergency_lithium" if f.id == "lithium_toxicity_signs" else "warning_also_emergency"
            steps.append(_step(also, f.reference_ids, title=f.title))
        else:
            words = fill(step_table()["warning_sign"]["text"], title=f.title, message=f.message)
            steps.append(PlanStep(f.plan_category, words, f.reference_ids))
    return steps


def _medicine_steps(facts: Facts) -> list[_Proposed]:
    steps, no_link = [], []
    for match in facts.medications:
        if not match.class_ids:
            no_link.append(match.input)
            continue
        classes = [medication_classes()[c] for c in match.class_ids if c in medication_classes()]
        refs = tuple(r for c in classes for r in c.reference_ids)
        if set(match.class_ids) == {"lithium"}:  # contract v3: not a cause; its own safety words
            steps.append(_Proposed("lithium_medicine", {"input": match.input, "names": match.input},
                                   tuple(match.class_ids), refs))
            continue
        steps.append(_Proposed("medication_review",
                               {"input": match.input, "names": match.input,
                                "class_name": " and ".join(c.name for c in classes),
                                "evidence": match.evidence_level},
                               tuple(match.class_ids), refs))
    if no_link:
        steps.append(_Proposed("medicines_no_link", {"names": _names(no_link)}))
    return steps


def _sick_day_steps(facts: Facts) -> list[_Proposed]:
    """Contract v3: medicines that need care while a person cannot keep fluids down. Names
    them as typed and points to a pharmacist or doctor; never says to stop or pause one."""
    if "recent_vomiting_or_diarrhoea" not in facts.profile.symptoms:
        return []
    steps = []
    if facts.sick_day_medicines:
        steps.append(_Proposed("sick_day_medicines", {"names": _names(facts.sick_day_medicines)}))
    insulin = facts.medicines(groups=("insulin",))
    ketones = insulin + [m for m in facts.medicines(groups=("sglt2_inhibitor",)) if m not in insulin]
    if ketones:
        steps.append(_Proposed("sick_day_insulin" if insulin else "sick_day_sglt2", {"names": _names(ketones)}))
    return steps


def _understanding_steps(facts: Facts) -> list[_Proposed]:
    """What was not understood, and what the medicines suggest (contract v3)."""
    steps = []
    if facts.not_understood:
        names = _names([f'"{text}"' for text in facts.not_understood])
        sick = ("recent_vomiting_or_diarrhoea" in facts.profile.symptoms
                or facts.profile.hot_weather_or_heavy_sweating)
        steps.append(_Proposed("not_understood_sick" if sick else "not_understood", {"names": names}))
    for implied in facts.implied:
        if implied.id == "heavy_alcohol_use":
            continue  # said by the alcohol step
        steps.append(_Proposed("implied_condition", {"said_as": implied.said_as,
                                                     "because": _names(implied.because)}))
    if "metformin" in facts.groups and "diabetes" not in facts.conditions:
        steps.append(_Proposed("metformin_note"))
    return steps


def _alcohol_steps(facts: Facts) -> list[_Proposed]:
    p = facts.profile
    drinks = (p.alcohol_drinks_per_week or 0) > 0 or facts.heavy_alcohol
    if drinks and (p.pregnant or p.age < 18):
        who = step_table()["alcohol_who_pregnant" if p.pregnant else "alcohol_who_under_18"]["text"]
        return [_Proposed("alcohol_not_safe", {"who": who})]
    return [_Proposed("alcohol_cut_down")] if facts.heavy_alcohol else []


def _medical_steps(facts: Facts) -> list[_Proposed]:
    steps = _understanding_steps(facts) + _sick_day_steps(facts) + _medicine_steps(facts)
    present = [known_conditions()[c] for c in CRAMP_CONDITIONS if c in facts.conditions]
    if present:
        steps.append(_Proposed("condition_checkup", {"names": _names([c.name.lower() for c in present])},
                               refs=tuple(r for c in present for r in c.reference_ids)))
    steps += _alcohol_steps(facts)
    if facts.own_salt_fluid_plan:
        steps.append(_Proposed("own_salt_fluid_plan"))
    if facts.profile.pregnant:
        steps.append(_Proposed("pregnancy_swelling" if "swelling" in facts.profile.symptoms else "pregnancy"))
    return steps


def _hydration_steps(facts: Facts, fired: set) -> list[_Proposed]:
    steps = []
    if {"low_fluids", "low_fluids_night"} & fired and facts.drinks_target_litres:
        steps.append(_Proposed("fluids_target", {"target": f"{facts.drinks_target_litres:.1f}"}))
    else:
        steps.append(_Proposed("fluids_steady"))
    if "recent_vomiting_or_diarrhoea" in facts.profile.symptoms:
        steps.append(_Proposed("ors"))
    if facts.profile.hot_weather_or_heavy_sweating:
        steps.append(_Proposed("heat_sweat"))
        steps.append(_Proposed("salty_sweat"))
    steps.append(_Proposed("food_first"))
    return steps


def propose_steps(facts: Facts, causes: list[CauseScore]) -> list[_Proposed]:
    """The steps that fit the person's causes, before any safety rule."""
    fired = {rule for cause in causes for rule in cause.fired_rules}
    scores = {c.category: c.score for c in causes}
    p = facts.profile
    steps = _medical_steps(facts)
    if {"claudication_symptom", "activity_relieved_by_rest"} & fired:
        steps.append(_Proposed("claudication"))
    if "spine_pattern" in fired or "spinal_stenosis" in facts.conditions:
        steps.append(_Proposed("spine"))
    if "sciatica" in facts.conditions:
        steps.append(_Proposed("sciatica"))
    if {"numbness", "condition_peripheral_neuropathy", "twitching_wasting"} & fired:
        steps.append(_Proposed("nerve_check"))
    if scores["hydration_electrolytes"] > 0:
        steps += _hydration_steps(facts, fired)
    claudication = "claudication_symptom" in fired or "condition_peripheral_artery_disease" in fired
    if (scores["overuse_fatigue"] > 0 and {"training_increase", "exercise_timing", "high_volume"} & fired
            and not (claudication and "training_increase" not in fired)):
        steps.append(_Proposed("training_gradual"))
    if {"very_low_activity", "low_activity"} & fired:
        steps.append(_Proposed("activity_build", {"guideline": facts.activity_guideline_minutes}))
    if {"long_sitting", "some_sitting", "long_standing", "some_standing"} & fired:
        steps.append(_Proposed("movement_breaks"))
    if (p.hours_standing_per_day or 0) >= 6:
        steps.append(_Proposed("supportive_shoes"))
    if "night" in p.timing or "rest" in p.timing:
        steps.append(_Proposed("bed_covers"))
    steps.append(_Proposed("stretch_routine"))
    steps.append(_Proposed("during_cramp"))
    return steps


def build_plan(facts: Facts, causes: list[CauseScore], flags: list[RedFlag]) -> list[PlanStep]:
    """The plan for one person: warning signs first (most urgent first, so with an emergency
    or urgent warning the first step is its action), then what waits, then the steps for their
    likely causes, with the safety rules of ``plan_step_rules.csv`` applied."""
    kept, first = apply_step_rules(propose_steps(facts, causes), facts, flags)
    return _warning_steps(flags) + [_render(s) for s in first] + [_render(s) for s in kept]


# --- an independent check of the finished wording (a test oracle; never used to filter) ---

_STOP_MEDICINE = re.compile(
    r"\b(stop|skip|quit|reduce|lower|change|switch|pause)\w*\b[^.]*\b(medic|tablet|pill|dose|prescri|statin)", re.I)
_DRINK_MORE = re.compile(
    r"\b(drink more|aim for about [\d.]+ l|more fluids?|extra fluids?|increase (your )?(fluid|water)|"
    r"keep drinking|drink during|bit extra|drink regularly)", re.I)  # not shown: the oracle matches these words
_SUPPLEMENT = re.compile(
    r"\b(magnesium|potassium)\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\b(magnesium|potassium)\b", re.I)
_POTASSIUM_SUPPLEMENT = re.compile(
    r"\bpotassium\b[^.]*\bsupplement|\bsupplement\w*\b[^.]*\bpotassium\b|\bpotassium (tablet|pill)s?\b", re.I)
_EAT_MORE_MINERALS = re.compile(r"\beat\b[^.]*\b(rich in|more)\b[^.]*\b(potassium|magnesium)\b", re.I)
_QUOTED = re.compile(r'"[^"]*"')
_QUININE = re.compile(r"quinine|tonic water|bitter lemon", re.I)
_SALT = re.compile(r"\bsalt\b|\bsalty\b|sports drink", re.I)
_CAUTION = re.compile(r"\b(ask|do not|don't|avoid|not recommended|follow|check with)\b", re.I)
_DRINKS_TARGET = re.compile(
    r"aim for about [\d.]+ ?l|drink during and after|keep drinking|a bit extra", re.I)  # not shown: matched
_HARMFUL_SELF_CARE = re.compile(
    r"\brub the\b|\bmassage the\b|stretch your|build up|walk about|warm up before|"
    r"gentle stretching and exercise|leg-strengthening", re.I)  # not shown: the oracle matches these words
_LATER_CALL = re.compile(r"\btoday\b|\bsoon\b|next few days|next check-up|\bsee your gp\b|\bbook\b", re.I)
HOLD_SELF_CARE_FLAGS = ("acute_limb_ischaemia", "breathless_or_chest_pain", "dark_urine",
                        "statin_muscle_warning", "heat_illness",
                        # contract v3
                        "clot_risk_one_leg", "sudden_confusion", "limb_threatening_ischaemia")
# The oracle's own words. It reads the finished plan, so the phrases it looks for are in code
# (never shown: the plan says them from plan_steps.csv), and so is what it reports (to a test,
# never to a learner or teacher).
#: The exact words the contract asks for while something typed is not understood.
KEEP_SIPPING = ("unless a doctor or nurse has told you to limit fluids, keep sipping fluids (oral "
                "rehydration solution if you are being sick or have diarrhoea); if you have a fluid "
                "limit, call your care team today")  # not shown: the contract's words the oracle looks for
INSULIN_WORDS = ("Do not stop your insulin. Check your blood sugar and, if you can, ketones, and follow "
                 "your diabetes team's sick-day rules. If you cannot keep fluids down, are breathing fast "
                 "or feel very drowsy, call the emergency number")  # not shown: the contract's words, looked for
_LOOKED_FOR = {
    "never_change": "never change a prescribed medicine on your own",  # not shown: looked for in the plan
    "ask_first_who": "doctor, nurse or pharmacist",  # not shown: looked for in the plan
    "ask_first_what": "drinks, salt or diet",  # not shown: looked for in the plan
    "sick_day_rules": "sick day rules",  # not shown: looked for in the plan
    "ask_today": "pharmacist or doctor today",  # not shown: looked for in the plan
    "not_to_drink": "safest choice is not to drink",  # not shown: looked for in the plan
    "stop_slowly": "do not stop suddenly",  # not shown: looked for in the plan
    "self_care_waits": "until a doctor or nurse has checked you",  # not shown: looked for in the plan
    "stretch_routine": "stretch your calves",  # not shown: looked for in the plan
    "days": "within a few days",  # not shown: looked for in the plan
    "quickly": "get help quickly",  # not shown: looked for in the plan
}
_REPORTS = {
    "medicine_change": "medicine change advice: {text}",  # not shown: the oracle's report to a test
    "quinine": "quinine or tonic water without the warning: {text}",  # not shown: a report to a test
    "drink_more": ("drink-more advice despite a fluid limit, a guard or words not understood: "
                   "{text}"),  # not shown: the oracle's report to a test
    "supplement_kidney": "supplement idea with kidney disease: {text}",  # not shown: a report to a test
    "potassium_supplement": ("potassium supplement idea with a potassium-raising medicine: "
                             "{text}"),  # not shown: the oracle's report to a test
    "eat_more": "eat-more potassium or magnesium despite a hold: {text}",  # not shown: a report to a test
    "salt": "salt or sports-drink idea despite a salt limit: {text}",  # not shown: a report to a test
    "self_care_warning": "self-care that must wait under the warning: {text}",  # not shown: a report to a test
    "not_understood": ("no step names {word} as not understood with the ask-first "
                       "advice"),  # not shown: the oracle's report to a test
    "keep_sipping": "vomiting, diarrhoea or heat without the keep-sipping sentence",  # not shown: a test's report
    "sick_day_name": "{name} not named among the sick-day medicines",  # not shown: the oracle's report to a test
    "sick_day_today": "{name}: no 'ask a pharmacist or doctor today'",  # not shown: the oracle's report to a test
    "insulin": "insulin during vomiting or diarrhoea without the insulin words",  # not shown: a test's report
    "later_call": ("a step calls someone at another time under an emergency: "
                   "{text}"),  # not shown: the oracle's report to a test
    "first_cause": "first cause is {cause}, not {wanted}, under an emergency",  # not shown: a test's report
    "adult_limit": "the adult alcohol limit given under 18 or in pregnancy",  # not shown: a test's report
    "not_to_drink": ("drinking under 18 or in pregnancy without 'the safest choice is not to "
                     "drink'"),  # not shown: the oracle's report to a test
    "stop_slowly": "heavy drinking without the do-not-stop-suddenly words",  # not shown: a test's report
    "self_care_waits": ("no step says self-care waits until a clinician has "
                        "checked"),  # not shown: the oracle's report to a test
    "first_step": ("the first step is not the action for the most urgent "
                   "warning"),  # not shown: the oracle's report to a test
    "stretching": ("a step says stretching will not help beside a stretch "
                   "routine"),  # not shown: the oracle's report to a test
    "two_timings": ("two timings for one sign ('within a few days' and 'get help "
                    "quickly')"),  # not shown: the oracle's report to a test
}


def _report(kind: str, **values) -> str:
    """What the oracle reports to a test for a problem of ``kind``."""
    return fill(_REPORTS[kind], **values)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+", text) if s]


def holds_self_care(flags) -> bool:
    """True when the contract says harmful self-care must wait (contract v2 and v3)."""
    return any(f.id in HOLD_SELF_CARE_FLAGS or (f.id == "leg_swelling_redness" and f.urgency == "urgent")
               for f in flags)


def _warning_lead() -> str:
    """The words a warning sign's step starts with ("Warning sign:"), from its row."""
    return step_table()["warning_sign"]["text"].split("{")[0].strip()


def _step_problems(step, facts: Facts, conditions: set, hold: bool) -> list[str]:
    """The safety problems of one step's wording (see :func:`safety_problems`)."""
    problems = []
    said = repr(step.text)
    # what the person typed, quoted back to them ("tonic water" not understood), is not advice;
    # each typed name goes first, whole, as a name holding a quote mark breaks the pairs
    text = step.text.replace(_LOOKED_FOR["never_change"], "")
    for typed in sorted(facts.not_understood, key=len, reverse=True):
        text = text.replace(f'"{typed}"', '""')
    text = _QUOTED.sub('""', text)
    is_statin_warning = "statin" in text.lower() and "promptly" in text.lower()
    is_warning = text.startswith(_warning_lead())
    if _STOP_MEDICINE.search(text) and not is_statin_warning:
        problems.append(_report("medicine_change", text=said))
    if _QUININE.search(text) and "not recommended" not in text.lower():  # not shown: matched
        problems.append(_report("quinine", text=said))
    if (facts.follow_care_team_fluids or facts.no_drinks_push) and _DRINK_MORE.search(text) and not is_warning:
        problems.append(_report("drink_more", text=said))
    if facts.kidney_disease and _SUPPLEMENT.search(text):
        problems.append(_report("supplement_kidney", text=said))
    if facts.potassium_raising_medicine and _POTASSIUM_SUPPLEMENT.search(text):
        problems.append(_report("potassium_supplement", text=said))
    if facts.no_potassium_push and any(_EAT_MORE_MINERALS.search(s) and not _CAUTION.search(s)
                                       for s in _sentences(text)):
        problems.append(_report("eat_more", text=said))
    salt_held = (bool(conditions & set(SALT_CAUTION_CONDITIONS)) or facts.anything_not_understood
                 or facts.own_salt_fluid_plan)
    if salt_held:
        for sentence in _sentences(text):
            if _SALT.search(sentence) and not _CAUTION.search(sentence):
                problems.append(_report("salt", text=said))
    if hold and not is_warning and (_HARMFUL_SELF_CARE.search(text) or _DRINKS_TARGET.search(text)):
        problems.append(_report("self_care_warning", text=said))
    return problems


def _not_understood_problems(texts: list[str], facts: Facts, emergency: bool) -> list[str]:
    """Contract v3: every word not understood is named with the ask-first advice."""
    if not facts.anything_not_understood:
        return []
    problems = []
    who, what = _LOOKED_FOR["ask_first_who"], _LOOKED_FOR["ask_first_what"]
    for word in facts.not_understood:
        if not any(word in t and who in t and what in t for t in texts):
            problems.append(_report("not_understood", word=repr(word)))
    sick = "recent_vomiting_or_diarrhoea" in facts.profile.symptoms or facts.profile.hot_weather_or_heavy_sweating
    if sick and not emergency and not any(KEEP_SIPPING in t for t in texts):
        problems.append(_report("keep_sipping"))
    return problems


def _sick_day_problems(texts: list[str], facts: Facts, emergency: bool) -> list[str]:
    """Contract v3: sick-day medicines named, pharmacist or doctor today; insulin's words."""
    if "recent_vomiting_or_diarrhoea" not in facts.profile.symptoms:
        return []
    problems = []
    for name in facts.sick_day_medicines:
        team = "emergency team"  # not shown: matched in the plan's words
        said = [t for t in texts if name in t and (_LOOKED_FOR["sick_day_rules"] in t or team in t)]
        if not said:
            problems.append(_report("sick_day_name", name=name))
        elif not emergency and not any(_LOOKED_FOR["ask_today"] in t for t in said):
            problems.append(_report("sick_day_today", name=name))
    if facts.medicines(groups=("insulin",)) and not any(INSULIN_WORDS in t for t in texts):
        problems.append(_report("insulin"))
    return problems


def _emergency_problems(steps, flags, causes) -> list[str]:
    """Contract v3, one answer under an emergency: no other step calls anyone later, and the
    first cause is the one the flag concerns (when ``causes`` are given)."""
    problems = []
    for step in steps:
        if step.text.startswith(_warning_lead()) and "emergency number" in step.text:  # not shown: matched
            continue
        if _LATER_CALL.search(step.text):
            problems.append(_report("later_call", text=repr(step.text)))
    if causes:
        wanted = [EMERGENCY_CATEGORIES[f.id] for f in flags
                  if f.urgency == "emergency" and f.id in EMERGENCY_CATEGORIES]
        if wanted and causes[0].category != wanted[0]:
            problems.append(_report("first_cause", cause=causes[0].category, wanted=wanted[0]))
    return problems


def _alcohol_problems(texts: list[str], facts: Facts, emergency: bool) -> list[str]:
    """Contract v3: the alcohol step's words (under an emergency it waits with other self-care)."""
    p = facts.profile
    young_or_pregnant = p.pregnant or p.age < 18
    joined = " ".join(texts).lower()
    if young_or_pregnant and "14 units" in joined:
        problems = [_report("adult_limit")]
    else:
        problems = []
    if emergency:
        return problems
    if young_or_pregnant and ((p.alcohol_drinks_per_week or 0) > 0 or facts.heavy_alcohol) \
            and _LOOKED_FOR["not_to_drink"] not in joined:
        problems.append(_report("not_to_drink"))
    if facts.heavy_alcohol and not young_or_pregnant and _LOOKED_FOR["stop_slowly"] not in joined:
        problems.append(_report("stop_slowly"))
    return problems


def safety_problems(steps, facts: Facts, flags=(), causes=()) -> list[str]:
    """Every way ``steps`` break the contract's safety rules (empty when safe).

    Reads the wording only, independently of the rule table, so a test can check the
    builder with it. ``flags`` (the fired red flags) enables the v2 and v3 warning checks;
    ``causes`` (the ranked causes) the check of the first cause under an emergency.
    """
    problems = []
    conditions = set(facts.conditions)
    flags = list(flags)
    hold = holds_self_care(flags)
    emergency = overall_urgency(flags) == "emergency"
    texts = [s.text for s in steps]
    for step in steps:
        problems += _step_problems(step, facts, conditions, hold)
    if hold and not any(_LOOKED_FOR["self_care_waits"] in t.lower() for t in texts):
        problems.append(_report("self_care_waits"))
    if flags and URGENCY_ORDER.index(overall_urgency(flags)) >= URGENCY_ORDER.index("urgent"):
        top = max(flags, key=lambda f: URGENCY_ORDER.index(f.urgency))
        if not texts or top.message not in texts[0]:
            problems.append(_report("first_step"))
    if any(_LOOKED_FOR["stretch_routine"] in t for t in texts) and any(
            re.search(r"stretch\w* (will|does) not (fix|help)", t, re.I) for t in texts):
        problems.append(_report("stretching"))
    problems += _not_understood_problems(texts, facts, emergency)
    problems += _sick_day_problems(texts, facts, emergency)
    problems += _alcohol_problems(texts, facts, emergency)
    if emergency:
        problems += _emergency_problems(steps[1:], flags, causes)
    if any(_LOOKED_FOR["days"] in t for t in texts) and any(_LOOKED_FOR["quickly"] in t for t in texts):
        problems.append(_report("two_timings"))
    return problems
