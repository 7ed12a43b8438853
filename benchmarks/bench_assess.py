"""The assessment engine: assess on a typical profile, import time, command-line cold start."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Case

TYPICAL = {
    "age": 67, "sex": "female", "conditions": ["high blood pressure", "type 2 diabetes"],
    "medications": ["Hyzaar 100/25", "Lipitor 20mg"], "timing": ["night"],
    "typical_duration_minutes": 3, "episodes_per_week": 2, "relieved_by": ["stretching"],
    "exercise_minutes_per_week": 90, "hours_sitting_per_day": 8, "fluids_litres_per_day": 1.5,
    "symptoms": ["sleep_disrupted"],
}


def _assess_ready():
    import crampkit

    profile = crampkit.Profile.from_dict(TYPICAL)
    crampkit.assess(profile)  # warm the data tables, as in any session after the first call
    return profile


def _import_crampkit(_):
    code = ("import sys, crampkit; "
            "assert 'plotly' not in sys.modules and 'ipywidgets' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def _python_startup(_):
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def _profile_file():
    path = Path(tempfile.mkdtemp()) / "profile.json"
    path.write_text(json.dumps(TYPICAL))
    return str(path)


def _cli(path):
    subprocess.run([sys.executable, "-m", "crampkit", "assess", path, "--json"], check=True,
                   capture_output=True)


def cases():
    import crampkit

    return [
        Case("assess(typical profile)", lambda p: crampkit.assess(p), 1.0, _assess_ready, repeat=300),
        Case("python -c 'import crampkit' (with interpreter start)", _import_crampkit, 500, repeat=7),
        Case("python -c pass (interpreter start, for comparison)", _python_startup, 500, repeat=7),
        Case("python -m crampkit assess --json (cold start)", _cli, 1500, _profile_file, repeat=7),
    ]
