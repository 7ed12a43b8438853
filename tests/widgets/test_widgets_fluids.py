"""The drinks-target and sweat-loss tool: what a person sees for what they type."""
import pytest

from crampkit import Profile, store
from crampkit.widgets.fluids import fluids_calculator

pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def test_prefilled_from_the_demo_profile_shows_a_number():
    tool = fluids_calculator()
    demo = store.demo_profile()
    assert tool.age.value == str(demo.age) and tool.sex.value == demo.sex
    assert tool.target.litres == 1.6  # contract v3: about 80% of EFSA's 2.0 L for women
    assert "About 1.6 litres of drinks a day" in tool.target_box.value


def test_saved_profile_wins(tmp_path):
    store.save_profile(Profile(age=16, sex="male", hot_weather_or_heavy_sweating=True))
    tool = fluids_calculator()
    assert tool.age.value == "16" and tool.hot.value
    assert tool.target.litres == 2.0  # contract v3: 80% of EFSA's 2.5 L; heat: drink to thirst, no extra
    assert "hot weather" in tool.target_box.value


@pytest.mark.parametrize("condition", ["dialysis", "heart_failure", "fluid_restriction"])
def test_fluid_limits_replace_the_number_with_the_care_team(condition):
    tool = fluids_calculator(Profile(age=70))
    tool.conditions[condition].value = True
    assert tool.target.litres is None
    assert "Follow your care team" in tool.target_box.value
    assert "litres of drinks a day" not in tool.target_box.value


def test_dialysis_in_the_profile_ticks_the_box():
    tool = fluids_calculator(Profile(age=70, conditions=["on haemodialysis"]))
    assert tool.conditions["dialysis"].value and tool.target.follow_care_team


@pytest.mark.parametrize("typed", ["two", "-3", "", "200"])
def test_bad_age_shows_a_message_beside_the_box(typed):
    tool = fluids_calculator(Profile(age=40))
    tool.age.value = typed
    assert "Age" in tool.errors["age"].value and "5 to 110" in tool.errors["age"].value
    assert tool.target is None
    assert "Fix the box" in tool.target_box.value
    tool.age.value = "40"
    assert tool.errors["age"].value == "" and tool.target.litres == 1.6  # v3: sex not given, from 14


def test_pregnant_with_sex_male_is_explained_not_raised():
    tool = fluids_calculator(Profile(age=30, sex="male"))
    tool.pregnant.value = True
    assert tool.target is None and "Female" in tool.errors["sex"].value


def test_breastfeeding_raises_the_target():
    tool = fluids_calculator(Profile(age=30, sex="female"))
    tool.lactating.value = True
    assert tool.target.litres == 2.15  # contract v3: breastfeeding 2.15 L


def test_sweat_loss_from_weights_drinks_and_minutes():
    tool = fluids_calculator(Profile(age=30))
    tool.before.value, tool.after.value = "70", "69,2"
    tool.drinks.value, tool.minutes.value = "0.5", "60"
    tool.work_out_sweat()
    assert tool.sweat.litres == 1.3 and tool.sweat.litres_per_hour == 1.3
    assert "1.3 litres of sweat" in tool.sweat_box.value


def test_sweat_minutes_may_be_left_empty():
    tool = fluids_calculator(Profile(age=30))
    tool.before.value, tool.after.value, tool.minutes.value = "60", "59.5", ""
    tool.work_out_sweat()
    assert tool.sweat.litres == 0.5 and tool.sweat.litres_per_hour is None


def test_bad_weights_get_messages_beside_the_boxes():
    tool = fluids_calculator(Profile(age=30))
    tool.before.value, tool.after.value = "seventy", ""
    tool.work_out_sweat()
    assert tool.sweat is None and tool.sweat_box.value == ""
    assert "Weight before" in tool.errors["weight_before_kg"].value
    assert "empty" in tool.errors["weight_after_kg"].value
    assert "need fixing" in tool.sweat_message.value


def test_heavier_after_than_before_is_explained():
    tool = fluids_calculator(Profile(age=30))
    tool.before.value, tool.after.value, tool.drinks.value = "70", "72", "0"
    tool.work_out_sweat()
    assert tool.sweat is None
    assert "negative sweat" in tool.errors["weight_after_kg"].value


def test_a_fluid_limit_is_repeated_under_the_sweat_result():
    tool = fluids_calculator(Profile(age=60, conditions=["heart failure"]))
    tool.before.value, tool.after.value = "80", "79.6"
    tool.work_out_sweat()
    assert "ask your care team" in tool.sweat_box.value


def test_text_is_the_explanation_or_what_to_fix():
    tool = fluids_calculator(Profile(age=30, sex="female"))
    assert tool.text() == tool.target.explanation
    tool.age.value = "x"
    assert tool.text().startswith("Fix the box")


def test_a_bad_age_does_not_drop_the_fluid_limit_note_under_the_sweat_result():
    tool = fluids_calculator(Profile(age=70, conditions=["dialysis"]))
    tool.age.value = "-4"
    tool.before.value, tool.after.value, tool.minutes.value = "70", "69", "60"
    tool.work_out_sweat()
    assert "You have a fluid limit" in tool.sweat_box.value


def test_pounds_cups_and_hours_are_converted_and_each_conversion_shown_beside_its_box():
    # Issue 24: 120 lb -> 118 lb, 2 cups drunk, 60 minutes gave "about 4 litres an hour".
    tool = fluids_calculator(Profile(age=15))
    tool.before.value, tool.after.value = "120 lb", "118 lb"
    tool.drinks.value, tool.minutes.value = "2 cups", "1 hour"
    tool.work_out_sweat()
    assert tool.sweat is not None and 1.3 <= tool.sweat.litres <= 1.5  # 0.91 kg + 0.48 L
    assert "120 lb = 54.4 kg" in tool.errors["weight_before_kg"].value
    assert "2 cups = 0.48 L" in tool.errors["drinks_during_litres"].value
    assert "1 hour = 60 min" in tool.errors["minutes"].value


def test_the_saved_us_setting_makes_the_boxes_suggest_pounds_and_cups():
    assert "lb" not in fluids_calculator(Profile(age=30)).before.placeholder
    store.save_profile(Profile(age=30), units="us")
    tool = fluids_calculator(Profile(age=30))
    assert "lb" in tool.before.placeholder and "cups" in tool.drinks.placeholder
