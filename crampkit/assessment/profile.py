"""The validated record of what a person tells crampkit (assessment contract v3).

A :class:`Profile` is checked the moment it is made: a bad value raises
:class:`ProfileError`, whose message names the field, the bad value and what is allowed.

>>> p = Profile(age=67, sex="female", timing="night", medications=["Hyzaar 100/25"])
>>> p.timing, p.medications
(('night',), ('Hyzaar 100/25',))
>>> Profile(age=-3)
Traceback (most recent call last):
...
crampkit.assessment.profile.ProfileError: age: -3 is not allowed; give a whole number of years from 5 to 110
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from crampkit.checks import CrampkitInputError
from crampkit.entries import EntryError, number_message, read_number

SEXES = ("female", "male", "unspecified")
TIMINGS = ("night", "rest", "during_activity", "after_activity", "anytime")
RELIEVERS = (
    "stretching", "walking", "rest", "sitting_or_bending_forward", "massage", "heat",
    "fluids", "nothing",
)
SYMPTOMS = (
    "swelling", "warmth", "redness", "skin_changes", "one_leg_only", "weakness", "numbness",
    "calf_pain_walking_relieved_by_rest", "sleep_disrupted", "not_improving_with_self_care",
    "very_painful", "persists_after_activity", "dark_urine", "recent_vomiting_or_diarrhoea",
    "wound_or_toxin_exposure",
    # contract v2: emergencies and signs that can look like, or come with, cramps (notes §3.1)
    "sudden_one_sided_weakness", "saddle_numbness_or_bladder_change", "cold_pale_leg",
    "breathless_or_chest_pain", "heat_illness_signs", "muscle_twitching_or_wasting",
    # contract v3: clot without swelling, limb-threatening ischaemia, confusion, pre-eclampsia,
    # restless legs (notes §3.2)
    "rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing", "confusion_or_unsteadiness",
    "pregnancy_warning_signs", "urge_to_move",
)
# contract v3: clot risks a person can tick (notes §3.2; NICE NG158, UCLH)
MAJOR_CLOT_RISKS = ("surgery_or_bed_rest", "previous_clot", "cancer_treatment", "recently_gave_birth")
MINOR_CLOT_RISKS = ("long_journey", "family_history_of_clots")
CLOT_RISKS = MAJOR_CLOT_RISKS + MINOR_CLOT_RISKS
CONDITION_IDS = (
    "diabetes", "thyroid_disease", "kidney_disease", "dialysis", "liver_disease",
    "peripheral_artery_disease", "spinal_stenosis", "peripheral_neuropathy", "heart_failure",
    "high_blood_pressure", "high_cholesterol", "smoker", "fluid_restriction", "sciatica",
    "heavy_alcohol_use",  # contract v3
)

# field name -> (lowest, highest, unit shown in messages)
NUMBER_RANGES = {
    "typical_duration_minutes": (0, 1440, "minutes"),
    "episodes_per_week": (0, 100, "episodes a week"),
    "exercise_minutes_per_week": (0, 5000, "minutes a week"),
    "hours_standing_per_day": (0, 24, "hours a day"),
    "hours_sitting_per_day": (0, 24, "hours a day"),
    "fluids_litres_per_day": (0, 15, "litres a day"),
    "alcohol_drinks_per_week": (0, 300, "drinks a week"),
}
VOCABULARIES = {"timing": TIMINGS, "relieved_by": RELIEVERS, "symptoms": SYMPTOMS, "clot_risks": CLOT_RISKS}
FREE_TEXT_LISTS = ("conditions", "medications")
BOOLEANS = ("pregnant", "recent_training_increase", "hot_weather_or_heavy_sweating")
MAX_TEXT_LENGTH = 200
MAX_LIST_LENGTH = 50


class ProfileError(CrampkitInputError):
    """A profile value that crampkit cannot use; the message names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_age(value) -> int:
    # The age says "is not allowed" for every problem (its message before issue 27, kept by the
    # doctest above); every other number says what is wrong (data/messages.csv).
    try:
        return int(read_number(value, "age", 5, 110, "years", whole=True, typed=False))
    except EntryError:
        raise ProfileError("age", _age_message(value)) from None


def _age_message(value) -> str:
    return number_message("not_allowed", "age", value, 5, 110, "years", allowed="whole_of").removeprefix("age: ")


def _check_number(name: str, value):
    if value is None:
        return None
    low, high, unit = NUMBER_RANGES[name]
    try:
        return read_number(value, name, low, high, unit, typed=False, allowed="optional")
    except EntryError as problem:
        raise ProfileError(name, problem.detail) from None


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise ProfileError(name, f"{_show(value)} is not allowed; give true or false")
    return value


def _as_list(name: str, value, allow_single: bool) -> list:
    if value is None:
        return []
    if isinstance(value, str) and allow_single:
        return [value]
    if not isinstance(value, (list, tuple)):
        kind = "a list of words, or one word" if allow_single else "a list of words"
        raise ProfileError(name, f"{_show(value)} is not allowed; give {kind}")
    if len(value) > MAX_LIST_LENGTH:
        raise ProfileError(name, f"{len(value)} entries is too many; give at most {MAX_LIST_LENGTH}")
    return list(value)


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def _check_vocabulary(name: str, value) -> tuple[str, ...]:
    allowed = VOCABULARIES[name]
    chosen = []
    for item in _as_list(name, value, allow_single=name == "timing"):
        if not isinstance(item, str):
            raise ProfileError(name, f"{_show(item)} is not allowed; choose from {', '.join(allowed)}")
        key = item.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in allowed:
            raise ProfileError(name, f"{_show(item)} is not allowed; choose from {', '.join(allowed)}")
        chosen.append(key)
    return _unique(chosen)


def _check_free_text(name: str, value) -> tuple[str, ...]:
    kept = []
    for item in _as_list(name, value, allow_single=False):
        if not isinstance(item, str):
            raise ProfileError(name, f"{_show(item)} is not allowed; give each entry as text")
        text = " ".join(item.split())
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ProfileError(name, f"{_show(text)} is not valid text (it holds a broken character); "
                                   "type the name again") from None
        if len(text) > MAX_TEXT_LENGTH:
            raise ProfileError(
                name, f"an entry of {len(text)} characters is too long; keep each under {MAX_TEXT_LENGTH}"
            )
        if text:
            kept.append(text)
    return _unique(kept)


@dataclass(frozen=True, init=False)
class Profile:
    """What a person tells crampkit about themselves and their cramps.

    Numbers left out are ``None`` (not answered); lists are tuples without duplicates.
    """

    age: int
    sex: str = "unspecified"
    pregnant: bool = False
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    timing: tuple[str, ...] = ()
    typical_duration_minutes: float | None = None
    episodes_per_week: float | None = None
    relieved_by: tuple[str, ...] = ()
    exercise_minutes_per_week: float | None = None
    recent_training_increase: bool = False
    hours_standing_per_day: float | None = None
    hours_sitting_per_day: float | None = None
    fluids_litres_per_day: float | None = None
    hot_weather_or_heavy_sweating: bool = False
    symptoms: tuple[str, ...] = ()
    clot_risks: tuple[str, ...] = ()
    alcohol_drinks_per_week: float | None = None

    def __init__(self, age=None, **answers):
        unknown = sorted(set(answers) - set(FIELD_NAMES))
        if unknown:
            raise ProfileError(
                unknown[0], f"is not a profile field; the fields are {', '.join(FIELD_NAMES)}"
            )
        if age is None:
            raise ProfileError("age", "is required; give a whole number of years from 5 to 110")
        values = {"age": _check_age(age)}
        sex = answers.get("sex", "unspecified")
        if sex is None:
            sex = "unspecified"
        if not isinstance(sex, str) or sex.strip().lower() not in SEXES:
            raise ProfileError("sex", f"{_show(sex)} is not allowed; choose from {', '.join(SEXES)}")
        values["sex"] = sex.strip().lower()
        for name in BOOLEANS:
            values[name] = _check_bool(name, answers.get(name, False))
        if values["pregnant"] and values["sex"] == "male":
            raise ProfileError("pregnant", "true is not allowed together with sex 'male'")
        for name in NUMBER_RANGES:
            values[name] = _check_number(name, answers.get(name))
        if values["alcohol_drinks_per_week"] is None:  # contract v3: [0]
            values["alcohol_drinks_per_week"] = 0
        standing, sitting = values["hours_standing_per_day"], values["hours_sitting_per_day"]
        if standing is not None and sitting is not None and standing + sitting > 24:
            raise ProfileError(
                "hours_sitting_per_day",
                f"{sitting:g} hours sitting plus {standing:g} hours standing (hours_standing_per_day) "
                "is more than 24 hours; the two together must be 24 or less",
            )
        for name in VOCABULARIES:
            values[name] = _check_vocabulary(name, answers.get(name))
        for name in FREE_TEXT_LISTS:
            values[name] = _check_free_text(name, answers.get(name))
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls, data) -> Profile:
        """Make a profile from plain JSON types; unknown keys are a :class:`ProfileError`.

        >>> Profile.from_dict({"age": 34, "timing": ["night"]}).age
        34
        """
        if not isinstance(data, dict):
            raise ProfileError("profile", f"{_show(data)} is not allowed; give an object of fields")
        bad_keys = [key for key in data if not isinstance(key, str)]
        if bad_keys:
            raise ProfileError(str(bad_keys[0]), "is not a profile field")
        return cls(**data)

    def to_dict(self) -> dict:
        """The profile as plain JSON types (lists, numbers, text), ready to save."""
        return {
            f.name: list(getattr(self, f.name)) if isinstance(getattr(self, f.name), tuple)
            else getattr(self, f.name)
            for f in fields(self)
        }


FIELD_NAMES = tuple(f.name for f in fields(Profile))
