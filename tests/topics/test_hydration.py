"""Fluids: daily drinks target (0.8 x total-water AI), care-team fluid limits, sweat loss."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crampkit import content
from crampkit.topics.hydration import HydrationError, drinks_target, sweat_loss


# Contract v3: about 80% of EFSA's adequate intake of total water (EFSA 2010), replacing the
# IOM-based numbers (3.0 L for a man was more than many older people should be pushed to drink).
@pytest.mark.parametrize("age, sex, kwargs, litres, total", [
    (30, "female", {}, 1.6, 2.0),
    (45, "female", {}, 1.6, 2.0),
    (30, "male", {}, 2.0, 2.5),
    (75, "male", {}, 2.0, 2.5),  # the same for older adults
    (84, "female", {}, 1.6, 2.0),
    (14, "male", {}, 2.0, 2.5),
    (16, "female", {}, 1.6, 2.0),
    (6, "female", {}, 1.3, 1.6),
    (12, "male", {}, 1.7, 2.1),
    (12, "female", {}, 1.5, 1.9),
    (30, "female", {"pregnant": True}, 1.85, 2.3),
    (30, "female", {"lactating": True}, 2.15, 2.7),
    (30, "unspecified", {}, 1.6, 2.0),  # sex not given from 14: 1.6 L
])
def test_drinks_targets_follow_efsa(age, sex, kwargs, litres, total):
    target = drinks_target(age, sex, **kwargs)
    assert (target.litres, target.total_water_litres) == (litres, total)
    assert target.follow_care_team is False
    assert f"{litres:g} litres" in target.explanation
    assert target.reference_ids == ("efsa2010_water",)


def test_no_target_from_age_14_is_above_two_litres_without_breastfeeding():
    for age in range(14, 111, 4):
        for sex in ("female", "male", "unspecified"):
            assert drinks_target(age, sex).litres <= 2.0
            assert drinks_target(age, sex).litres == pytest.approx(0.8 * drinks_target(age, sex).total_water_litres,
                                                                   abs=0.06)


def test_hyponatraemia_risk_gives_drink_to_thirst_and_no_number():
    target = drinks_target(84, "female", hyponatraemia_risk=True)
    assert target.litres is None and target.total_water_litres is None
    assert "drink to thirst" in target.explanation.lower() and "pharmacist" in target.explanation
    assert not re.search(r"\d", target.explanation)
    assert {"hewbutler2015_eah", "mhra2007_desmopressin", "jacob2006_ssri_sodium"} <= set(target.reference_ids)


@pytest.mark.parametrize("condition", ["dialysis", "heart_failure", "fluid_restriction"])
def test_fluid_limit_conditions_get_no_number(condition):
    target = drinks_target(60, "male", hot_weather=True, exercise_minutes_per_day=45,
                           conditions=["diabetes", condition])
    assert target.litres is None and target.total_water_litres is None
    assert target.follow_care_team is True
    text = target.explanation.lower()
    assert "care team" in text and "fluid limit" in text
    assert not re.search(r"\d", text)
    assert "drink more" not in text and "aim to drink" not in text
    assert "uptodate_handout" in target.reference_ids


def test_heat_and_exercise_add_advice_not_an_invented_number():
    base = drinks_target(30, "female")
    for kwargs in ({"hot_weather": True}, {"exercise_minutes_per_day": 60},
                   {"hot_weather": True, "exercise_minutes_per_day": 30}):
        target = drinks_target(30, "female", **kwargs)
        assert target.litres == base.litres
        # contract v3: drink to thirst around exercise and heat, never so much that weight goes up
        assert "drink to thirst" in target.explanation
        assert "weigh more after exercise than before" in target.explanation
        assert "Weighing yourself before and after" in target.explanation
        assert {"hewbutler2015_eah", "mayo_muscle_cramp"} <= set(target.reference_ids)
        assert "drink regularly" not in target.explanation and "keep drinking" not in target.explanation
    assert "weigh" not in base.explanation


def test_reference_ids_exist():
    known = set(content.references())
    for target in (drinks_target(30), drinks_target(30, hot_weather=True),
                   drinks_target(30, conditions=["dialysis"])):
        assert set(target.reference_ids) <= known
    assert set(sweat_loss(70, 69).reference_ids) <= known


@pytest.mark.parametrize("kwargs, word", [
    (dict(age=0), "age"),
    (dict(age="thirty"), "age"),
    (dict(age=30, sex="robot"), "robot"),
    (dict(age=30, exercise_minutes_per_day=-5), "exercise_minutes_per_day"),
    (dict(age=30, exercise_minutes_per_day=float("nan")), "exercise_minutes_per_day"),
    (dict(age=30, hot_weather="yes"), "hot_weather"),
    (dict(age=30, conditions=[4]), "conditions"),
    (dict(age=30, conditions=7), "conditions"),
])
def test_drinks_target_refuses_bad_input_by_name(kwargs, word):
    with pytest.raises(HydrationError, match=word):
        drinks_target(**kwargs)


def test_sweat_loss_adds_drinks_to_weight_lost():
    simple = sweat_loss(70, 69)
    assert simple.litres == 1.0 and simple.litres_per_hour is None
    assert simple.weight_change_kg == -1.0
    timed = sweat_loss(70.0, 69.5, drinks_during_litres=1.0, minutes=90)
    assert timed.litres == 1.5 and timed.litres_per_hour == 1.0
    assert "1.5 litres" in timed.explanation and "90 minutes" in timed.explanation
    assert sweat_loss(60, 60.4, drinks_during_litres=0.5).litres == 0.1
    assert sweat_loss(60, 60).litres == 0.0


@pytest.mark.parametrize("args, kwargs, word", [
    ((70, 71), {}, "weight_after_kg"),
    ((70, 70.6), {"drinks_during_litres": 0.5}, "negative sweat"),
    ((-70, 69), {}, "weight_before_kg"),
    ((70, float("nan")), {}, "weight_after_kg"),
    ((1000, 999), {}, "weight_before_kg"),
    ((70, 69), {"drinks_during_litres": -1}, "drinks_during_litres"),
    ((70, 69), {"minutes": 0}, "minutes"),
    ((70, 69), {"minutes": -30}, "minutes"),
    ((70, 55), {}, "check the weights"),
    (("70", 69), {}, "weight_before_kg"),
])
def test_sweat_loss_refuses_bad_input_by_name(args, kwargs, word):
    with pytest.raises(HydrationError, match=word):
        sweat_loss(*args, **kwargs)


@given(before=st.floats(40, 150), lost=st.floats(0, 3), drinks=st.floats(0, 3),
       minutes=st.floats(10, 300))
def test_sweat_loss_is_weight_lost_plus_drinks(before, lost, drinks, minutes):
    result = sweat_loss(before, before - lost, drinks_during_litres=drinks, minutes=minutes)
    assert result.litres == pytest.approx(lost + drinks, abs=0.01)
    assert result.litres_per_hour == pytest.approx((lost + drinks) * 60 / minutes, abs=0.02)
