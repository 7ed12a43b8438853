"""The public worked cases of the assessment contract (v1 and v2 files), one test each."""
import json
from pathlib import Path

import pytest

import crampkit
from crampkit.assessment.facts import gather_facts
from crampkit.assessment.plan import safety_problems

SPEC = Path(__file__).resolve().parents[1] / ".." / "shared" / "spec"
FILES = ("vignettes-public.json", "vignettes-public-v2.json")
pytestmark = pytest.mark.skipif(not (SPEC / FILES[0]).exists(), reason="../shared/spec is not beside this checkout")
CASES = [case for name in FILES if (SPEC / name).exists() for case in json.loads((SPEC / name).read_text())]
PARAMS = [pytest.param(c, id=c["id"]) for c in CASES]


def test_both_public_files_are_read():
    assert {c["id"][:3] for c in CASES} >= {"V01", "V11", "V12", "V13"}
    assert len(CASES) >= 13


@pytest.mark.parametrize("case", PARAMS)
def test_vignette(case):
    profile = crampkit.Profile.from_dict(case["profile"])
    assessment = crampkit.assess(profile)
    result = assessment.to_dict()
    assert sorted(f["id"] for f in result["red_flags"]) == sorted(case["expected_red_flags"])
    assert result["urgency"] == case["expected_urgency"]
    top_two = [c["category"] for c in result["causes"][:2]]
    for category in case["top_two_must_include"]:
        assert category in top_two, (top_two, [(c["category"], c["score"]) for c in result["causes"]])
    assert set(case["canonical_conditions"]) <= set(result["conditions"])
    # nothing typed is dropped, and the plan keeps the contract's safety rules
    typed = [m["input"] for m in result["medications"]] + result["unrecognised_medications"]
    assert sorted(typed) == sorted(profile.medications)
    assert safety_problems(assessment.plan, gather_facts(profile), assessment.red_flags) == []
    json.dumps(result)
