"""The validation cases as a benchmark: how often crampkit's answer is the clinician's answer.

Runs every case in ``tests/validation/cases.json`` through ``crampkit.assess`` and scores it
with the independent checker in ``tests/validation/checks.py`` (the same one the tests use):
exact urgency, safe urgency (never less urgent than expected), red flags exact, expected causes
in the top two, a safe plan, and typed entries recognised as expected. Each with its n, beside
the published anchors. The quality table is printed and saved to
``benchmarks/results/validation.json``; ``scripts/validation_table.py`` writes it into the
README. The timed row is assessing all the cases once (target: 1 ms a case).

    python benchmarks/run.py validation
"""
from __future__ import annotations

import importlib.util
import json
import platform
import subprocess
import time
from pathlib import Path

import crampkit
from benchmarks.harness import Case

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT / "tests" / "validation" / "cases.json"
RESULT_FILE = ROOT / "benchmarks" / "results" / "validation.json"

# Published anchors (verified against the abstracts; see the README's validation section).
ANCHORS = {
    "urgency_exact": "23 symptom checkers: appropriate triage advice in 57% (95% CI 52-61%) of 532 "
                     "evaluations of 45 vignettes (Semigran HL et al., BMJ 2015;351:h3480)",
    "urgency_safe": "7 GPs: safe urgency advice in 97.0% (SD 2.5) of 200 vignettes; their 'safe' also "
                    "allows one level less urgent (Gilbert S et al., BMJ Open 2020;10:e040269)",
    "top_two": "7 GPs: right condition in their top three in 82.1% (SD 5.2) of 200 vignettes "
               "(Gilbert S et al., BMJ Open 2020;10:e040269)",
}
MEASURES = [  # id, label, which problem lists must be empty, which cases count
    ("urgency_exact", "Urgency exactly as expected", ["urgency"], "all"),
    ("urgency_safe", "Safe urgency (never less urgent than expected)", ["safe_urgency"], "all"),
    ("urgency_safe_emergency", "Safe urgency, emergency cases only", ["safe_urgency"], "emergency"),
    ("red_flags_exact", "Red flags exactly as expected", ["red_flags"], "all"),
    ("top_two", "Expected causes in the top two", ["top_two"], "top_two"),
    ("plan_safe", "Plan keeps every contract safety rule", ["plan_safety"], "all"),
    ("entries", "Typed conditions and medicines recognised as expected, none dropped",
     ["conditions", "entries"], "all"),
]


def _checks():
    spec = importlib.util.spec_from_file_location("validation_checks", ROOT / "tests" / "validation" / "checks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases() -> list[dict]:
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))


def _assess_all(cases: list[dict]) -> list:
    out = []
    for case in cases:
        try:
            out.append(crampkit.assess(crampkit.Profile.from_dict(case["profile"])).to_dict())
        except Exception as exc:  # a case the engine cannot take (e.g. a v2 symptom on a v1 engine)
            out.append(exc)
    return out


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10)
        return done.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def measure_quality() -> dict:
    """Score every case; a case crampkit cannot assess counts as wrong on every measure."""
    checks = _checks()
    cases = load_cases()
    problems: dict[str, dict[str, list[str]]] = {}
    for case, result in zip(cases, _assess_all(cases), strict=False):
        if isinstance(result, Exception):
            error = f"assess raised {type(result).__name__}: {str(result)[:200]}"
            problems[case["id"]] = {k: [error] for k in ["red_flags", "urgency", "safe_urgency", "top_two",
                                                        "first_cause", "conditions", "entries",
                                                        "references", "plan_safety"]}
        else:
            problems[case["id"]] = checks.check_case(case, result)
    rows = []
    for measure, label, keys, scope in MEASURES:
        chosen = [c for c in cases if scope == "all"
                  or (scope == "emergency" and c["expected_urgency"] == "emergency")
                  or (scope == "top_two" and c["top_two_must_include"])]
        hits = sum(1 for c in chosen if not any(problems[c["id"]][k] for k in keys))
        rows.append({"id": measure, "label": label, "hits": hits, "n": len(chosen),
                     "percent": round(100 * hits / len(chosen), 1) if chosen else None,
                     "anchor": ANCHORS.get(measure, "")})
    failures = {cid: {k: v for k, v in p.items() if v} for cid, p in problems.items() if any(p.values())}
    return {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _commit(), "python": platform.python_version(),
            "cases": len(cases), "measures": rows, "failures": failures}


def save(report: dict) -> Path:
    RESULT_FILE.parent.mkdir(exist_ok=True)
    RESULT_FILE.write_text(json.dumps(report, indent=2) + "\n")
    return RESULT_FILE


def print_table(report: dict) -> None:
    print(f"\nvalidation: {report['cases']} cases, commit {report['commit']}, {report['when']}")
    for r in report["measures"]:
        print(f"  {r['label']:<72} {r['hits']:>3}/{r['n']:<3} {r['percent']:>5}%")
    print(f"  cases with any problem: {len(report['failures'])} (details in {RESULT_FILE.relative_to(ROOT)})")


def cases():
    loaded = load_cases()
    return [Case(f"assess all {len(loaded)} validation cases", lambda _: _assess_all(loaded),
                 target_ms=1.0 * len(loaded), repeat=10, note="quality table: benchmarks/results/validation.json")]


def finalise(rows: list[dict]) -> None:
    """Measure quality once (not timed), save it and print it under the timing row."""
    report = measure_quality()
    save(report)
    print_table(report)
    by_id = {r["id"]: r for r in report["measures"]}
    for row in rows:
        row["note"] = (f"urgency exact {by_id['urgency_exact']['percent']}%, safe "
                       f"{by_id['urgency_safe']['percent']}%, flags exact {by_id['red_flags_exact']['percent']}%, "
                       f"top two {by_id['top_two']['percent']}% (n={report['cases']})")


if __name__ == "__main__":
    report = measure_quality()
    save(report)
    print_table(report)
