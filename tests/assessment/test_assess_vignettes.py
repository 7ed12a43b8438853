"""The public worked cases of the assessment contract (v1, v2 and v3 files), one test each.

The v3 cases add what a reader of the plan must or must not find (``plan_must``,
``plan_must_not``): each phrase is turned into a check that reads the plan as a person would.
A phrase with no check here fails the test, so a new public case cannot pass unread.
"""
import json
import re
from pathlib import Path

import pytest

import crampkit
from crampkit.assessment.facts import gather_facts
from crampkit.assessment.plan import safety_problems
from crampkit.cli import render_text

# ../shared/spec beside the checkout (or beside a folder holding it, as for a git worktree)
SPEC = next((p / "shared" / "spec" for p in Path(__file__).resolve().parents[2:]
             if (p / "shared" / "spec" / "vignettes-public.json").exists()),
            Path(__file__).resolve().parents[2] / ".." / "shared" / "spec")
FILES = ("vignettes-public.json", "vignettes-public-v2.json", "vignettes-public-v3.json")
pytestmark = pytest.mark.skipif(not (SPEC / FILES[0]).exists(), reason="../shared/spec is not beside this checkout")
CASES = [case for name in FILES if (SPEC / name).exists() for case in json.loads((SPEC / name).read_text())]
# Cases whose typed words only the understanding module (issue 22 item 2, another branch) reads:
# lay words for dialysis, lithium as a class, "low iron" and "bipolar disorder" as everyday
# conditions, negations. strict: once that work is merged they pass, and this list must shrink.
NEEDS_UNDERSTANDING: set[str] = set()
PARAMS = [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(
    strict=True, reason="needs the understanding module of issue 22 item 2")] if c["id"] in NEEDS_UNDERSTANDING else [])
    for c in CASES]

DRINK_MORE = re.compile(r"aim for about [\d.]+ ?l|drink more|more fluids|drink regularly|keep drinking", re.I)
SALT_IDEA = re.compile(r"[^.]*\b(salt|salty|sports drinks?)\b[^.]*", re.I)
CAUTION = re.compile(r"\b(ask|do not|don't|avoid|follow|check with|before)\b", re.I)
EAT_MORE_MINERALS = re.compile(r"\beat\b[^.]*\b(rich in|more)\b[^.]*\b(potassium|magnesium)\b", re.I)
RUB = re.compile(r"\brub the\b|\bmassage the\b", re.I)
STRETCH_ROUTINE = re.compile(r"stretch your calves", re.I)
EXERCISE = re.compile(r"walk about|build up|go for a walk|warm up before", re.I)
STOP_MEDICINE = re.compile(r"\b(stop|pause|skip)\w*\b[^.]*\b(medic|tablet|pill|dose|lithium|priadel|lisinopril)", re.I)
NOT_WARNING = "none of your answers is a warning sign"


def _advice(result) -> list[str]:
    """The plan steps that are advice, not the warning signs' own words."""
    return [s["text"] for s in result["plan"] if not s["text"].startswith("Warning sign:")]


def _salt_ideas(texts) -> list[str]:
    return [m.group(0) for t in texts for m in SALT_IDEA.finditer(t) if not CAUTION.search(m.group(0))]


def _lithium_first_or_second(result, assessment):
    texts = [s["text"] for s in result["plan"][:2]]
    return any("lithium" in t.lower() and "blood test" in t and ("today" in t or "now" in t) for t in texts)


def _sick_day_named(result, assessment):
    return any("Priadel" in t and "lisinopril" in t and "pharmacist or doctor today" in t and "sick day rules" in t
               for t in _advice(result))


def _one_timing_for_twitching(result, assessment):
    twitching = [f["message"] for f in result["red_flags"] if f["id"] == "twitching_or_wasting"]
    return all("lithium" in m and "book an appointment" not in m for m in twitching)


def _dropsy_named(result, assessment):
    said = any("the dropsy" in t and "doctor, nurse or pharmacist" in t and "drinks, salt or diet" in t
               for t in _advice(result))
    return said or "heart_failure" in result["conditions"]


PLAN_MUST = {
    "the lithium warning first or second, saying a blood test is needed today": _lithium_first_or_second,
    "a step naming Priadel and lisinopril and saying to ask a pharmacist or doctor today about sick day rules":
        _sick_day_named,
    "one timing for the twitching: the same-day lithium check, not 'see a GP soon'": _one_timing_for_twitching,
    "a step naming 'the dropsy' as not understood, with advice to check with a doctor, nurse or pharmacist "
    "before changing drinks, salt or diet": _dropsy_named,
}
PLAN_MUST_NOT = {
    "a drinks target or 'drink more'": lambda r, a: any(DRINK_MORE.search(t) for t in _advice(r)),
    "salt, salty or sports drinks": lambda r, a: bool(_salt_ideas(_advice(r))),
    "eat more potassium or magnesium": lambda r, a: any(EAT_MORE_MINERALS.search(t) for t in _advice(r)),
    "'none of your answers is a warning sign'": lambda r, a: NOT_WARNING in render_text(a).lower()
        or any(NOT_WARNING in t.lower() for t in _advice(r)),
    "rubbing or massage": lambda r, a: any(RUB.search(t) for t in _advice(r)),
    "a stretch routine": lambda r, a: any(STRETCH_ROUTINE.search(t) for t in _advice(r)),
    "exercise or walking about": lambda r, a: any(EXERCISE.search(t) for t in _advice(r)),
    "stop or pause a medicine on your own": lambda r, a: any(STOP_MEDICINE.search(t.replace(
        "Do not change how you take them on your own", "")) for t in _advice(r)),
    "salt or sports drinks to prevent cramps (high blood pressure); oral rehydration solution for the vomiting "
    "and diarrhoea is allowed": lambda r, a: bool(_salt_ideas(_advice(r))),
}


def test_every_public_file_is_read():
    assert {c["id"][:3] for c in CASES} >= {"V01", "V11", "V12", "V13", "V14", "V19"}
    assert len(CASES) >= 19


def _check_v3_lists(case, result):
    implied = {i["id"] for i in result["implied_conditions"]}
    assert set(case.get("expected_implied_conditions", ())) <= implied | set(result["conditions"])
    assert set(case.get("expected_other_conditions", ())) <= set(result["other_conditions"])
    if "expected_unrecognised_conditions" in case:
        # either not understood and said so, or (where the case allows it) understood
        assert (result["unrecognised_conditions"] == case["expected_unrecognised_conditions"]
                or "also_accepted" in case)
    not_counted = {x["input"]: x["reason"] for x in result["conditions_not_counted"]}
    for typed, reason in case.get("expected_not_counted", {}).items():
        assert not_counted.get(typed) == reason, (typed, not_counted)
    assert set(case.get("expected_look_alikes", ())) <= {x["id"] for x in result["look_alikes"]}
    classes = {c for m in result["medications"] for c in m["class_ids"]}
    assert set(case.get("expected_medication_classes", ())) <= classes
    recognised = [m["input"] for m in result["medications"]]
    assert set(case.get("expected_medication_recognised", ())) <= set(recognised)


# A v1 case written before contract v3, whose typed words v3 now understands: V15's
# "12-hour flight 2 days ago" is the clot risk long_journey (contract v3, "Understanding what
# people type": "long-haul flight last week" adds to clot_risks), so with one warm, swollen, red
# calf clot_risk_one_leg fires beside the v1 flags (contract v3, red-flag table). Same urgency.
V3_ADDS = {"V15_dvt_after_flight": {"clot_risk_one_leg"}}


@pytest.mark.parametrize("case", PARAMS)
def test_vignette(case):
    profile = crampkit.Profile.from_dict(case["profile"])
    assessment = crampkit.assess(profile)
    result = assessment.to_dict()
    expected_flags = set(case["expected_red_flags"]) | V3_ADDS.get(case["id"], set())
    assert sorted(f["id"] for f in result["red_flags"]) == sorted(expected_flags)
    assert result["urgency"] == case["expected_urgency"]
    top_two = [c["category"] for c in result["causes"][:2]]
    for category in case["top_two_must_include"]:
        assert category in top_two, (top_two, [(c["category"], c["score"]) for c in result["causes"]])
    assert set(case["canonical_conditions"]) <= set(result["conditions"])
    _check_v3_lists(case, result)
    # nothing typed is dropped, and the plan keeps the contract's safety rules
    typed = [m["input"] for m in result["medications"]] + result["unrecognised_medications"]
    assert sorted(typed) == sorted(profile.medications)
    assert safety_problems(assessment.plan, gather_facts(profile), assessment.red_flags, assessment.causes) == []
    for phrase in case.get("plan_must", ()):
        assert PLAN_MUST[phrase](result, assessment), phrase
    for phrase in case.get("plan_must_not", ()):
        assert not PLAN_MUST_NOT[phrase](result, assessment), phrase
    json.dumps(result)
