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

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache

from crampkit.checks import CrampkitInputError
from crampkit.content import message
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

# field name -> (lowest, highest)
_NUMBER_LIMITS = {
    "typical_duration_minutes": (0, 1440),
    "episodes_per_week": (0, 100),
    "exercise_minutes_per_week": (0, 5000),
    "hours_standing_per_day": (0, 24),
    "hours_sitting_per_day": (0, 24),
    "fluids_litres_per_day": (0, 15),
    "alcohol_drinks_per_week": (0, 300),
}


@cache
def _units() -> dict[str, str]:
    """The unit each number is said in: rows ``profile_unit_<field>`` of ``data/messages.csv``."""
    return {name: message(f"profile_unit_{name}") for name in _NUMBER_LIMITS}


class _NumberRanges(Mapping):
    """field name -> (lowest, highest, unit shown in messages), in the order of the profile's
    fields; the units are words an educator edits (read from the table on first use).

    >>> NUMBER_RANGES["episodes_per_week"]
    (0, 100, 'episodes a week')
    """

    def __getitem__(self, name: str) -> tuple:
        low, high = _NUMBER_LIMITS[name]
        return low, high, _units()[name]

    def __iter__(self):
        return iter(_NUMBER_LIMITS)

    def __len__(self) -> int:
        return len(_NUMBER_LIMITS)


NUMBER_RANGES: Mapping[str, tuple] = _NumberRanges()
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


def _problem(field: str, message_id: str, **values) -> ProfileError:
    """The :class:`ProfileError` saying row ``message_id`` of ``data/messages.csv`` (whose
    words start with ``{field}: ``)."""
    return ProfileError(field, message(message_id, field=field, **values).removeprefix(f"{field}: "))


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
        raise _problem(name, "profile_not_true_false", value=_show(value))
    return value


def _as_list(name: str, value, allow_single: bool) -> list:
    if value is None:
        return []
    if isinstance(value, str) and allow_single:
        return [value]
    if not isinstance(value, (list, tuple)):
        kind = "profile_not_a_list_or_word" if allow_single else "profile_not_a_list"
        raise _problem(name, kind, value=_show(value))
    if len(value) > MAX_LIST_LENGTH:
        raise _problem(name, "profile_too_many", count=len(value), most=MAX_LIST_LENGTH)
    return list(value)


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def _check_vocabulary(name: str, value) -> tuple[str, ...]:
    allowed = VOCABULARIES[name]
    chosen = []
    for item in _as_list(name, value, allow_single=name == "timing"):
        if not isinstance(item, str):
            raise _problem(name, "profile_not_a_choice", value=_show(item), choices=", ".join(allowed))
        key = item.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in allowed:
            raise _problem(name, "profile_not_a_choice", value=_show(item), choices=", ".join(allowed))
        chosen.append(key)
    return _unique(chosen)


def _check_free_text(name: str, value) -> tuple[str, ...]:
    kept = []
    for item in _as_list(name, value, allow_single=False):
        if not isinstance(item, str):
            raise _problem(name, "profile_not_text", value=_show(item))
        text = " ".join(item.split())
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise _problem(name, "profile_broken_text", value=_show(text)) from None
        if len(text) > MAX_TEXT_LENGTH:
            raise _problem(name, "profile_entry_too_long", length=len(text), most=MAX_TEXT_LENGTH)
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
            raise _problem(unknown[0], "profile_unknown_field", fields=", ".join(FIELD_NAMES))
        if age is None:
            raise _problem("age", "profile_age_required")
        values = {"age": _check_age(age)}
        sex = answers.get("sex", "unspecified")
        if sex is None:
            sex = "unspecified"
        if not isinstance(sex, str) or sex.strip().lower() not in SEXES:
            raise _problem("sex", "profile_not_a_choice", value=_show(sex), choices=", ".join(SEXES))
        values["sex"] = sex.strip().lower()
        for name in BOOLEANS:
            values[name] = _check_bool(name, answers.get(name, False))
        if values["pregnant"] and values["sex"] == "male":
            raise _problem("pregnant", "profile_pregnant_male")
        for name in NUMBER_RANGES:
            values[name] = _check_number(name, answers.get(name))
        if values["alcohol_drinks_per_week"] is None:  # contract v3: [0]
            values["alcohol_drinks_per_week"] = 0
        standing, sitting = values["hours_standing_per_day"], values["hours_sitting_per_day"]
        if standing is not None and sitting is not None and standing + sitting > 24:
            raise _problem("hours_sitting_per_day", "profile_hours_over_24", sitting=f"{sitting:g}",
                           standing=f"{standing:g}")
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
            raise _problem("profile", "profile_not_an_object", value=_show(data))
        bad_keys = [key for key in data if not isinstance(key, str)]
        if bad_keys:
            raise _problem(str(bad_keys[0]), "profile_not_a_field")
        return cls(**data)

    def to_dict(self) -> dict:
        """The profile as plain JSON types (lists, numbers, text), ready to save."""
        return {
            f.name: list(getattr(self, f.name)) if isinstance(getattr(self, f.name), tuple)
            else getattr(self, f.name)
            for f in fields(self)
        }


FIELD_NAMES = tuple(f.name for f in fields(Profile))
