"""The public worked cases of the assessment contract, one test each."""
import json
from pathlib import Path

import pytest

import crampkit

VIGNETTES = Path(__file__).resolve().parents[1] / ".." / "shared" / "spec" / "vignettes-public.json"
pytestmark = pytest.mark.skipif(not VIGNETTES.exists(), reason="../shared/spec is not beside this checkout")
CASES = json.loads(VIGNETTES.read_text()) if VIGNETTES.exists() else []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vignette(case):
    result = crampkit.assess(crampkit.Profile.from_dict(case["profile"])).to_dict()
    assert sorted(f["id"] for f in result["red_flags"]) == sorted(case["expected_red_flags"])
    assert result["urgency"] == case["expected_urgency"]
    top_two = [c["category"] for c in result["causes"][:2]]
    for category in case["top_two_must_include"]:
        assert category in top_two, (top_two, [(c["category"], c["score"]) for c in result["causes"]])
    assert set(case["canonical_conditions"]) <= set(result["conditions"])
    json.dumps(result)
