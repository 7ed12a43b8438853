"""Profile validation: every bad value is a ProfileError naming the field."""
import math

import pytest

from crampkit import Profile, ProfileError


def test_defaults_and_normalising():
    p = Profile(age=40, timing="night", symptoms=["Sleep disrupted", "sleep_disrupted"],
                medications=["  Lipitor   20mg ", "", "Lipitor 20mg"])
    assert p.sex == "unspecified" and p.pregnant is False
    assert p.timing == ("night",)
    assert p.symptoms == ("sleep_disrupted",)
    assert p.medications == ("Lipitor 20mg",)
    assert p.fluids_litres_per_day is None


@pytest.mark.parametrize("field, value", [
    ("age", -3), ("age", 4), ("age", 111), ("age", "34"), ("age", 34.5), ("age", True),
    ("age", math.nan), ("age", None),
    ("sex", "other"), ("sex", 1),
    ("pregnant", "yes"),
    ("typical_duration_minutes", -1), ("typical_duration_minutes", 1441),
    ("episodes_per_week", math.inf), ("episodes_per_week", math.nan),
    ("exercise_minutes_per_week", "lots"), ("exercise_minutes_per_week", 5001),
    ("hours_standing_per_day", 25), ("fluids_litres_per_day", 16), ("fluids_litres_per_day", "2"),
    ("timing", ["midnight"]), ("timing", 3), ("relieved_by", ["prayer"]),
    ("symptoms", ["itchy"]), ("symptoms", "swelling"), ("conditions", "diabetes"),
    ("medications", [42]), ("medications", ["x" * 201]),
    ("recent_training_increase", 1), ("hot_weather_or_heavy_sweating", "true"),
])
def test_bad_values_name_the_field(field, value):
    answers = {"age": 40, field: value}
    with pytest.raises(ProfileError) as info:
        Profile.from_dict(answers)
    assert str(info.value).startswith(f"{field}:")
    assert info.value.field == field


def test_sitting_plus_standing_over_a_day():
    with pytest.raises(ProfileError, match="hours_sitting_per_day.*more than 24"):
        Profile(age=30, hours_sitting_per_day=16, hours_standing_per_day=10)
    assert Profile(age=30, hours_sitting_per_day=14, hours_standing_per_day=10)


def test_pregnant_male_is_an_error():
    with pytest.raises(ProfileError, match="^pregnant:"):
        Profile(age=30, sex="male", pregnant=True)


def test_unknown_keys_and_non_dicts():
    with pytest.raises(ProfileError, match="^agee:"):
        Profile.from_dict({"age": 30, "agee": 3})
    with pytest.raises(ProfileError, match="^profile:"):
        Profile.from_dict(["age", 30])
    with pytest.raises(ProfileError, match="^age: is required"):
        Profile.from_dict({})


def test_round_trip_through_dict():
    p = Profile(age=52, sex="female", conditions=["type 2 diabetes"], timing=["night", "rest"],
                fluids_litres_per_day=1.5)
    assert Profile.from_dict(p.to_dict()) == p


@pytest.mark.parametrize("field", ["age", "episodes_per_week", "fluids_litres_per_day"])
@pytest.mark.parametrize("value", [10**400, -10**400])
def test_numbers_too_large_for_a_float_are_a_profile_error_naming_the_field(field, value):
    answers = {"age": 30, field: value}
    with pytest.raises(ProfileError, match=f"^{field}: .*(not allowed|out of range)"):
        Profile(**answers)


@pytest.mark.parametrize("field", ["medications", "conditions"])
def test_text_that_is_not_valid_unicode_is_a_profile_error_naming_the_field(field):
    with pytest.raises(ProfileError, match=f"^{field}: .*not valid text"):
        Profile.from_dict({"age": 30, field: ["ok", "bad \ud800 name"]})
    assert getattr(Profile.from_dict({"age": 30, field: ["Café crème"]}), field) == ("Café crème",)
