"""Understanding what people type (contract v3): assess with many typed entries, one long
hostile phrase, and the first read of the word tables in a fresh process."""
from __future__ import annotations

import subprocess
import sys

from benchmarks.harness import Case

MANY = {
    "age": 71, "sex": "male",
    "conditions": ["bad kidneys", "on the kidney machine 3 times a week", "sugar", "high BP", "CCF",
                   "ex-smoker", "mum has diabetes", "gout", "long-haul flight last week",
                   "no spinal stenosis"],
    "medications": ["Renvela 800mg", "Sensipar 30mg", "alfacalcidol", "atorva 80", "amlo 5",
                    "blue inhaler", "water tablets", "Entresto", "furosemide 40mg", "spironolactone",
                    "gliclazide", "Adcal-D3", "thiamine", "omeprazole 20mg", "zorblaxin"],
    "symptoms": ["sleep_disrupted"], "timing": ["night"],
}
LONG = ("no history of diabetes, kidney trouble (stage 3), mum had a DVT, " * 8)[:490]


def _profile():
    import crampkit

    profile = crampkit.Profile.from_dict(MANY)
    crampkit.assess(profile)  # warm the tables, as after the first call of a session
    return profile


def _forget_readings():
    """Clear the remembered readings, so the words are read afresh (tables stay loaded)."""
    from crampkit.assessment.medications import _match_checked
    from crampkit.assessment.understanding import _read_checked

    _match_checked.cache_clear()
    _read_checked.cache_clear()


def _profile_unseen():
    profile = _profile()
    _forget_readings()
    return profile


def _long_ready():
    _profile()
    _forget_readings()
    return LONG


def _read(text):
    from crampkit.assessment.medications import lookup
    from crampkit.assessment.understanding import read_condition

    read_condition(text)
    lookup(text)


def _first_read(_):
    code = ("from crampkit.assessment.understanding import read_condition; "
            "read_condition('on the kidney machine 3 times a week')")
    subprocess.run([sys.executable, "-c", code], check=True)


def cases():
    import crampkit

    return [
        Case("assess(10 conditions + 15 medicines)", lambda p: crampkit.assess(p), 5.0, _profile, repeat=200,
             note="readings remembered, as when a form is assessed again"),
        Case("assess(10 conditions + 15 medicines), words unseen", lambda p: crampkit.assess(p), 5.0,
             _profile_unseen, repeat=100, note="every entry read afresh"),
        Case("read a 490-character phrase as condition and medicine", _read, 50.0, _long_ready, repeat=50),
        Case("first condition read in a fresh process (with start)", _first_read, 1500, repeat=5,
             note="loads the word tables once"),
    ]
