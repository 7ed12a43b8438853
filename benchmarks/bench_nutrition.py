"""Nutrition timings: the cached food table, top foods, day totals, targets, and reading
all 8,790 SR28 foods. Measurements only; nothing here asserts."""
from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Case
from crampkit.topics import hydration, nutrition

SR28 = Path(__file__).resolve().parents[1] / ".." / "shared" / "usda-sr28"
DAY = [("09040", 118), ("12061", 28), ("01085", 245), ("18075", 64), ("11457", 30),
       ("14411", 1500), ("21138", 117), ("16015", 172), ("09200", 131), ("15237", 85)]


def _warm():
    nutrition.foods()
    nutrition.day_totals(DAY)
    nutrition.daily_targets(40)


def cases() -> list[Case]:
    found = [
        Case("nutrition.foods() (cached copy)", lambda _: nutrition.foods(), 5, setup=_warm),
        Case("nutrition.top_foods('magnesium', 10)",
             lambda _: nutrition.top_foods("magnesium", 10), 5, setup=_warm),
        Case("nutrition.top_foods('potassium', 10, food_group='Beverages')",
             lambda _: nutrition.top_foods("potassium", 10, food_group="Beverages"), 5, setup=_warm),
        Case("nutrition.day_totals(10 foods)", lambda _: nutrition.day_totals(DAY), 5, setup=_warm,
             repeat=200),
        Case("nutrition.daily_targets(40, 'female')",
             lambda _: nutrition.daily_targets(40, "female"), 5, setup=_warm, repeat=200),
        Case("hydration.drinks_target(40, hot_weather=True)",
             lambda _: hydration.drinks_target(40, hot_weather=True), 5, setup=_warm, repeat=200),
        Case("nutrition.advice(['dialysis'], ['arb'])",
             lambda _: nutrition.advice(["dialysis"], ["arb"]), 5, setup=_warm, repeat=200),
    ]
    if (SR28 / "ABBREV.txt").is_file():
        found.append(Case("nutrition.load_sr28 (all 8,790 foods)",
                          lambda _: nutrition.load_sr28(SR28), 1500, repeat=5,
                          note="reads ABBREV, FOOD_DES, FD_GROUP and WEIGHT"))
    return found
