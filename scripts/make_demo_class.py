"""Write the synthetic demo class (data/demo_class/): 30 anonymous survey answers.

Invented answers, not real students. A fixed seed makes the files identical on every run;
names are random-looking like real survey files. Run: python scripts/make_demo_class.py
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from crampkit.classroom import SurveyResponse

FOLDER = Path(__file__).resolve().parent.parent / "data" / "demo_class"
SEED = 20261124
CLASS_SIZE = 30


def make_class(rng: random.Random) -> list[SurveyResponse]:
    """A class of mostly 14-16 year olds with three 17-18 year olds (a group to be merged)."""
    answers = []
    for number in range(CLASS_SIZE):
        age_band = "17-18" if number < 3 else "14-16"
        sex = rng.choices(["female", "male", "unspecified"], weights=[12, 12, 3])[0]
        exercise = rng.choices(["0", "1-59", "60-149", "150-299", "300+"],
                               weights=[2, 5, 9, 9, 5])[0]
        drinks = rng.choices([0.5, 1.0, 1.5, 2.0, 2.5, 3.0], weights=[2, 7, 9, 7, 4, 1])[0]
        frequency = rng.choices(
            ["never", "less_than_monthly", "monthly", "weekly", "several_per_week"],
            weights=[9, 9, 6, 4, 2])[0]
        when: list[str] = []
        if frequency != "never":
            for timing, chance in (("night", 0.6), ("rest", 0.25),
                                   ("during_activity", 0.3), ("after_activity", 0.35)):
                if rng.random() < chance:
                    when.append(timing)
        answers.append(SurveyResponse(age_band, exercise, drinks, frequency, tuple(when), sex))
    return answers


def main() -> None:
    rng = random.Random(SEED)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for old in FOLDER.glob("survey-*.json"):
        old.unlink()
    for answer in make_class(rng):
        name = f"survey-{rng.getrandbits(64):016x}.json"
        (FOLDER / name).write_text(json.dumps(answer.to_record(), indent=1) + "\n",
                                   encoding="utf-8")
    print(f"wrote {CLASS_SIZE} answers to {FOLDER}")


if __name__ == "__main__":
    main()
