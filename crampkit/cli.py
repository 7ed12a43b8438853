"""``python -m crampkit assess PROFILE.json [--json]``: an assessment from the command line.

Exit status 0 on success, 2 for an invalid profile or file (one clear line on standard
error, never a traceback).
"""
from __future__ import annotations

import argparse
import json
import sys

from crampkit.assess import Assessment, assess
from crampkit.profile import Profile, ProfileError

URGENCY_WORDS = {
    "urgent": "URGENT: get medical help today.",
    "see_clinician_soon": "See a doctor or nurse soon (within days).",
    "routine_self_care": "No warning signs: self-care is a good place to start.",
}


def render_text(assessment: Assessment) -> str:
    """The assessment as readable text: warning signs first."""
    from crampkit.causes import categories

    lines = [f"Urgency: {URGENCY_WORDS[assessment.urgency]}", ""]
    if assessment.red_flags:
        lines.append("Warning signs:")
        lines += [f"  ! {f.title}: {f.message}" for f in assessment.red_flags]
        lines.append("")
    lines.append("What may contribute (score 0 to 1):")
    for cause in assessment.causes:
        lines.append(f"  {cause.score:.2f}  {categories()[cause.category].title}")
        lines += [f"        - {reason}" for reason in cause.reasons]
    if assessment.medications or assessment.unrecognised_medications:
        lines += ["", "Medicines:"]
        lines += [f"  {m.input}: {', '.join(m.class_ids)} ({m.evidence_level} evidence)"
                  for m in assessment.medications]
        lines += [f"  {name}: not recognised" for name in assessment.unrecognised_medications]
    if assessment.unrecognised_conditions:
        lines += ["", "Conditions not recognised: " + ", ".join(assessment.unrecognised_conditions)]
    lines += ["", "Your plan:"]
    lines += [f"  {i}. {step.text} [{', '.join(step.reference_ids)}]"
              for i, step in enumerate(assessment.plan, 1)]
    lines += ["", assessment.disclaimer]
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        print(f"crampkit: {message}", file=sys.stderr)
        raise SystemExit(2)


def main(argv=None) -> int:
    parser = _Parser(prog="python -m crampkit", description="Leg cramp assessment (contract v1).")
    commands = parser.add_subparsers(dest="command", required=True)
    assess_cmd = commands.add_parser("assess", help="assess a profile saved as JSON")
    assess_cmd.add_argument("profile", help="path to PROFILE.json")
    assess_cmd.add_argument("--json", action="store_true", help="print the contract JSON")
    args = parser.parse_args(argv)
    try:
        with open(args.profile, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        print(f"crampkit: cannot read {args.profile}: {error.strerror or error}", file=sys.stderr)
        return 2
    except (ValueError, UnicodeDecodeError) as error:
        print(f"crampkit: {args.profile} is not valid JSON ({error})", file=sys.stderr)
        return 2
    except RecursionError:
        print(f"crampkit: {args.profile} is not a profile (its JSON is nested far too deeply)",
              file=sys.stderr)
        return 2
    try:
        assessment = assess(Profile.from_dict(data))
    except ProfileError as error:
        print(f"crampkit: invalid profile: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(assessment))
    return 0
