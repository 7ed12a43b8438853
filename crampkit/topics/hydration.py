"""Fluids: how much to drink each day, and how much sweat an exercise session cost.

Plain Python (no pandas), so the assessment engine can use it and stay light. The daily
number (contract v3) is about 80% of EFSA's adequate intake of total water (EFSA 2010,
evidence notes §3.2), because drinks supply about 80% of it and food the rest: about 2.0 L
for men and 1.6 L for women from age 14, in ``data/drinks_targets.csv``. It replaces the
IOM-based number (IOM's intakes are median intakes of US adults, more than many older people
should be pushed to drink). Around exercise and heat: drink to thirst, not so much that weight
goes up (Hew-Butler 2015). People on a fluid limit (dialysis, heart failure, a fluid
restriction) get no number: they follow their care team (§9.1). So do people with liver
disease, whose liver team sets salt and fluids (contract v2; EASL 2018, AASLD 2021), and people
on a medicine that can lower blood sodium (``hyponatraemia_risk``: drink to thirst).

>>> drinks_target(30, "female").litres
1.6
>>> drinks_target(70, "male", conditions=["heart_failure"]).litres is None
True
>>> sweat_loss(70.0, 69.2, drinks_during_litres=0.5, minutes=60).litres_per_hour
1.3
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_table, split_ids, topic_text
from crampkit.entries import EntryError, finite_number, read_number  # noqa: F401 - finite_number re-exported
from crampkit.topics import nutrition

DRINKS_SHARE = 0.8  # drinks supply about 70-80% of total water (EFSA 2010); the table holds both
FLUID_LIMIT_CONDITIONS = ("dialysis", "heart_failure", "fluid_restriction")
LIVER_CONDITIONS = ("liver_disease",)  # the liver team sets salt and fluids: no number either
MIN_WEIGHT_KG, MAX_WEIGHT_KG = 8.0, 350.0
MAX_DRINKS_DURING_LITRES = 15.0
MAX_SESSION_MINUTES = 24 * 60
# A session that seems to cost more than a tenth of body weight is almost surely a typo.
MAX_LOSS_SHARE = 0.10


class HydrationError(CrampkitInputError):
    """A bad hydration input; the message names the field, the value and what is allowed."""


@dataclass(frozen=True)
class DrinksTarget:
    """How much to drink in a day, in words and (when it is safe to give one) a number."""

    litres: float | None
    total_water_litres: float | None
    follow_care_team: bool
    explanation: str
    reference_ids: tuple[str, ...]


@dataclass(frozen=True)
class SweatLoss:
    """Fluid lost as sweat in one session, from weighing before and after (1 kg ~ 1 L)."""

    litres: float
    litres_per_hour: float | None
    weight_change_kg: float
    explanation: str
    reference_ids: tuple[str, ...] = ("mayo_muscle_cramp", "hewbutler2015_eah")


def _number(field: str, value, low: float, high: float, unit: str) -> float:
    try:
        return read_number(value, field, low, high, unit, typed=False, allowed="given")
    except EntryError as problem:
        raise HydrationError(str(problem)) from None


def _condition_ids(conditions) -> set[str]:
    if isinstance(conditions, str):
        conditions = (conditions,)
    try:
        ids = list(conditions if conditions is not None else ())
    except TypeError:
        raise HydrationError(message("hydration_conditions_not_list", field="conditions",
                                     typed=repr(conditions))) from None
    for item in ids:
        if not isinstance(item, str):
            raise HydrationError(message("hydration_conditions_not_text", field="conditions", typed=repr(item)))
    return {item.strip().lower() for item in ids}


@cache
def _target_rows() -> tuple[dict, ...]:
    return tuple(read_table("drinks_targets.csv"))


def _efsa_row(age: float, sex: str, pregnant: bool, lactating: bool) -> dict:
    """The row of ``drinks_targets.csv`` for this person (the higher one when both states)."""
    whole = int(age)
    states = [state for state, on in (("pregnant", pregnant), ("lactating", lactating)) if on] or ["none"]
    sexes = ("female",) if states != ["none"] else (sex, "any")
    found = [row for row in _target_rows()
             if row["state"] in states and row["sex"] in sexes and int(row["min_age"]) <= whole
             and (not row["max_age"] or whole <= int(row["max_age"]))]
    return max(found, key=lambda row: float(row["drinks_l"]))


HYPONATRAEMIA_REFERENCES = ("hewbutler2015_eah", "mhra2007_desmopressin", "jacob2006_ssri_sodium")


def drinks_target(age, sex: str = "unspecified", pregnant: bool = False, lactating: bool = False,
                  hot_weather: bool = False, exercise_minutes_per_day: float = 0.0,
                  conditions=(), hyponatraemia_risk: bool = False) -> DrinksTarget:
    """How much a person should drink a day, with the reasons in plain words.

    ``litres`` is about 80% of EFSA's adequate intake of total water (the rest comes from
    food). With ``dialysis``, ``heart_failure`` or ``fluid_restriction`` in ``conditions`` there
    is no number: the person follows the fluid limit their care team set; with
    ``liver_disease`` they follow their liver team's advice on salt and fluids. With
    ``hyponatraemia_risk`` (a medicine that can lower blood sodium, contract v3) there is no
    number either: drink to thirst and ask the pharmacist. Around exercise and heat the
    advice is to drink to thirst, not a bigger number.

    >>> target = drinks_target(40, "male", hot_weather=True)
    >>> target.litres, target.total_water_litres, "drink to thirst" in target.explanation
    (2.0, 2.5, True)
    >>> drinks_target(84, "female", hyponatraemia_risk=True).litres is None
    True
    """
    for field, flag in (("hot_weather", hot_weather), ("pregnant", pregnant), ("lactating", lactating),
                        ("hyponatraemia_risk", hyponatraemia_risk)):
        if not isinstance(flag, bool):
            raise HydrationError(message("hydration_not_yes_no", field=field, typed=repr(flag)))
    minutes = _number("exercise_minutes_per_day", exercise_minutes_per_day, 0, MAX_SESSION_MINUTES,
                      "minutes")
    condition_ids = _condition_ids(conditions)
    try:  # the one check of age, sex and pregnancy for every target
        nutrition.daily_targets(age, sex, pregnant=pregnant, lactating=lactating)
    except nutrition.NutritionError as error:
        raise HydrationError(str(error)) from None
    active = hot_weather or minutes > 0

    limited = sorted(condition_ids.intersection(FLUID_LIMIT_CONDITIONS))
    if not limited and condition_ids.intersection(LIVER_CONDITIONS):
        text = topic_text("hydration_liver_team")
        if active:
            text += " " + topic_text("hydration_liver_team_active")
        return DrinksTarget(None, None, True, text,
                            ("easl2018_cirrhosis", "aasld2021_ascites", "uptodate_handout"))
    if limited:
        words = ", ".join(name.replace("_", " ") for name in limited)
        text = topic_text("hydration_fluid_limit", conditions=words)
        if active:
            text += " " + topic_text("hydration_fluid_limit_active")
        references = ("uptodate_handout", "ulu2015_dialysis")
        return DrinksTarget(None, None, True, text, references)
    if hyponatraemia_risk:
        text = topic_text("hydration_sodium_medicine")
        return DrinksTarget(None, None, False, text, ("efsa2010_water",) + HYPONATRAEMIA_REFERENCES)

    row = _efsa_row(float(age), sex, pregnant, lactating)
    total, litres = float(row["total_water_l"]), float(row["drinks_l"])
    text = topic_text("hydration_daily", total=f"{total:g}", litres=f"{litres:g}")
    references = list(split_ids(row["reference_ids"]))
    if active:
        when = ("hydration_when_hot_and_exercise" if hot_weather and minutes > 0
                else "hydration_when_hot" if hot_weather else "hydration_when_exercise")
        text += " " + topic_text("hydration_active", when=topic_text(when))
        references += ["hewbutler2015_eah", "mayo_muscle_cramp"]
    return DrinksTarget(litres, total, False, text, tuple(references))


def sweat_loss(weight_before_kg, weight_after_kg, drinks_during_litres=0.0,
               minutes=None) -> SweatLoss:
    """Sweat lost in one session: weight lost plus what was drunk during it (1 kg of body
    weight is about 1 litre), and the rate per hour when ``minutes`` is given.

    >>> sweat_loss(60, 59.5).litres
    0.5
    """
    before = _number("weight_before_kg", weight_before_kg, MIN_WEIGHT_KG, MAX_WEIGHT_KG, "kg")
    after = _number("weight_after_kg", weight_after_kg, MIN_WEIGHT_KG, MAX_WEIGHT_KG, "kg")
    drinks = _number("drinks_during_litres", drinks_during_litres, 0, MAX_DRINKS_DURING_LITRES,
                     "litres")
    if minutes is not None:
        minutes = _number("minutes", minutes, 0, MAX_SESSION_MINUTES, "minutes")
        if minutes == 0:
            raise HydrationError(message("hydration_minutes_zero", field="minutes"))
    lost = round(before - after + drinks, 3)
    if lost < 0:
        raise HydrationError(message("hydration_negative_sweat", field="weight_after_kg",
                                     after=repr(weight_after_kg), before=repr(weight_before_kg),
                                     drinks=repr(drinks_during_litres)))
    if before - after > MAX_LOSS_SHARE * before:
        raise HydrationError(message("hydration_weight_drop", field="weight_after_kg",
                                     after=repr(weight_after_kg), before=repr(weight_before_kg)))
    litres = round(lost, 2)
    per_hour = round(lost * 60 / minutes, 2) if minutes else None
    text = (topic_text("hydration_sweat_rate", litres=f"{litres:g}", minutes=f"{minutes:g}",
                       per_hour=f"{per_hour:g}") if minutes
            else topic_text("hydration_sweat", litres=f"{litres:g}"))
    text += " " + topic_text("hydration_sweat_advice")
    return SweatLoss(litres, per_hour, round(after - before, 3), text)
