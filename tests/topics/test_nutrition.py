"""The nutrition contract: food table from SR28, DRI targets, top foods, day totals, SR28
loader, safe advice and the nutrition charts."""
from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crampkit import content
from crampkit.topics import nutrition
from crampkit.topics.nutrition import NutritionError

REPO = Path(__file__).parents[2]
SR28 = REPO / ".." / "shared" / "usda-sr28"
EVIDENCE_NOTES = REPO / ".." / "shared" / "reference" / "evidence-notes.md"
FOODS_CSV = REPO / "data" / "foods.csv"
needs_sr28 = pytest.mark.skipif(not (SR28 / "ABBREV.txt").is_file(),
                                reason="USDA SR28 folder ../shared/usda-sr28 is not present")
CONTRACT_COLUMNS = [
    "ndb_no", "name", "usda_description", "food_group", "potassium_mg", "magnesium_mg",
    "calcium_mg", "sodium_mg", "water_g", "portion_desc", "portion_g",
]


def raw_rows() -> list[dict]:
    with open(FOODS_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sr28_records(name: str) -> list[list[str]]:
    """An independent reader of one SR28 file (fields split on ^, ~ marks removed)."""
    with open(SR28 / name, encoding="latin-1", newline="") as handle:
        lines = [line.rstrip("\r\n") for line in handle]
    return [[field.strip("~") for field in line.split("^")] for line in lines if line]


# ----------------------------------------------------------------------------- food table


def test_food_table_has_the_contract_columns_in_order_and_enough_foods():
    with open(FOODS_CSV, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == CONTRACT_COLUMNS
    table = nutrition.foods()
    assert list(table.columns) == CONTRACT_COLUMNS
    assert len(table) >= 200


def test_ndb_numbers_are_unique_five_character_text():
    ids = [row["ndb_no"] for row in raw_rows()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"\d{5}", ndb) for ndb in ids)
    table = nutrition.foods()
    assert all(isinstance(ndb, str) and len(ndb) == 5 for ndb in table["ndb_no"])
    assert "09040" in set(table["ndb_no"])


def test_banana_spot_values():
    table = nutrition.foods().set_index("ndb_no")
    banana = table.loc["09040"]
    assert (banana.potassium_mg, banana.magnesium_mg, banana.calcium_mg, banana.sodium_mg) == (358, 27, 5, 1)
    assert banana.water_g == pytest.approx(74.91)
    assert banana.usda_description == "Bananas, raw"
    assert banana.food_group == "Fruits and Fruit Juices"
    assert banana.portion_desc == '1 medium (7" to 7-7/8" long)' and banana.portion_g == 118


def test_foods_returns_a_copy_callers_cannot_spoil():
    table = nutrition.foods()
    for row in table.index:  # one cell at a time: changes this copy in place on every pandas
        table.loc[row, "potassium_mg"] = -1
    assert (nutrition.foods()["potassium_mg"].dropna() >= 0).all()


def test_table_covers_everyday_food_groups_and_drinks():
    table = nutrition.foods()
    groups = set(table["food_group"])
    everyday = {
        "Dairy and Egg Products", "Spices and Herbs", "Fats and Oils", "Poultry Products",
        "Soups, Sauces, and Gravies", "Sausages and Luncheon Meats", "Breakfast Cereals",
        "Fruits and Fruit Juices", "Pork Products", "Vegetables and Vegetable Products",
        "Nut and Seed Products", "Beef Products", "Beverages", "Finfish and Shellfish Products",
        "Legumes and Legume Products", "Lamb, Veal, and Game Products", "Baked Products",
        "Sweets", "Cereal Grains and Pasta", "Fast Foods", "Meals, Entrees, and Side Dishes",
        "Snacks", "Restaurant Foods",
    }
    assert everyday <= groups
    assert "Baby Foods" not in groups
    drinks = {"14411": "tap water", "14555": "bottled water", "01077": "whole milk",
              "01082": "low fat milk", "01085": "skim milk", "09206": "orange juice",
              "09016": "apple juice", "11540": "tomato juice", "14460": "sports drink",
              "14209": "coffee", "14355": "tea", "14090": "coconut water",
              "16139": "soy beverage", "14091": "almond beverage"}
    missing = [name for ndb, name in drinks.items() if ndb not in set(table["ndb_no"])]
    assert missing == []


def test_no_tonic_water_or_quinine_in_the_food_table():
    text = " ".join(nutrition.foods()[["name", "usda_description"]].astype(str).agg(" ".join, axis=1))
    assert "tonic" not in text.lower() and "quinine" not in text.lower()


def test_portions_are_household_measures_not_100_g():
    table = nutrition.foods()
    assert (table["portion_desc"] != "100 g").all()
    assert (table["portion_g"] > 0).all()


@needs_sr28
def test_every_food_table_value_matches_sr28():
    abbrev = {r[0]: r for r in sr28_records("ABBREV.txt")}
    food_des = {r[0]: r for r in sr28_records("FOOD_DES.txt")}
    groups = {r[0]: r[1] for r in sr28_records("FD_GROUP.txt")}
    weights: dict[str, list[list[str]]] = {}
    for record in sr28_records("WEIGHT.txt"):
        weights.setdefault(record[0], []).append(record)
    fields = {"water_g": 2, "calcium_mg": 10, "magnesium_mg": 12, "potassium_mg": 14, "sodium_mg": 15}
    problems = []
    for row in raw_rows():
        ndb = row["ndb_no"]
        if ndb not in abbrev:
            problems.append(f"{ndb} not in ABBREV")
            continue
        for column, index in fields.items():
            if row[column] != abbrev[ndb][index]:
                problems.append(f"{ndb} {column}: {row[column]!r} != SR28 {abbrev[ndb][index]!r}")
        if row["usda_description"] != food_des[ndb][2]:
            problems.append(f"{ndb} description differs")
        if row["food_group"] != groups[food_des[ndb][1]]:
            problems.append(f"{ndb} food group differs")
        portions = {(f"{float(w[2]):g} {w[3]}", float(w[4])) for w in weights.get(ndb, [])}
        if (row["portion_desc"], float(row["portion_g"])) not in portions:
            problems.append(f"{ndb} portion {row['portion_desc']!r} {row['portion_g']} not in WEIGHT")
    assert problems == []


@needs_sr28
def test_build_script_reproduces_the_food_table_byte_for_byte(tmp_path):
    out = tmp_path / "foods.csv"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_foods.py"), "--sr28", str(SR28), "--out", str(out)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == FOODS_CSV.read_bytes()


# ----------------------------------------------------------------------------- load_sr28


@needs_sr28
def test_load_sr28_reads_every_food_with_the_table_columns():
    table = nutrition.load_sr28(SR28)
    assert len(table) == 8790
    assert list(table.columns) == CONTRACT_COLUMNS
    assert table["ndb_no"].is_unique
    rows = table.set_index("ndb_no")
    assert rows.loc["09040", ["potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg"]].tolist() == [358, 27, 5, 1]
    assert rows.loc["11457", ["potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg"]].tolist() == [558, 79, 99, 79]
    assert rows.loc["12061", ["potassium_mg", "magnesium_mg", "calcium_mg"]].tolist() == [733, 270, 269]
    assert rows.loc["09040", "portion_desc"] == "1 cup, mashed" and rows.loc["09040", "portion_g"] == 225
    assert rows.loc["33879", "usda_description"].startswith("BABYFOOD,FINGER SNACKS")
    assert rows.loc["01001", "food_group"] == "Dairy and Egg Products"


@needs_sr28
def test_load_sr28_keeps_empty_values_empty():
    table = nutrition.load_sr28(SR28).set_index("ndb_no")
    assert math.isnan(table.loc["16216", "magnesium_mg"])  # empty Mg field in SR28


@needs_sr28
def test_load_sr28_agrees_with_the_curated_table():
    sr28 = nutrition.load_sr28(SR28).set_index("ndb_no")
    curated = nutrition.foods().set_index("ndb_no")
    columns = ["potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g"]
    left, right = curated[columns], sr28.loc[curated.index, columns]
    assert left.fillna(-1).equals(right.fillna(-1))


def test_load_sr28_rejects_a_folder_that_is_not_sr28(tmp_path):
    with pytest.raises(NutritionError, match="not an SR28 folder"):
        nutrition.load_sr28(tmp_path)
    for name in ("ABBREV.txt", "FOOD_DES.txt", "FD_GROUP.txt", "WEIGHT.txt"):
        (tmp_path / name).write_text("hello,world\n", encoding="latin-1")
    with pytest.raises(NutritionError, match=re.escape(str(tmp_path))):
        nutrition.load_sr28(tmp_path)
    with pytest.raises(NutritionError, match="folder"):
        nutrition.load_sr28(None)


# ----------------------------------------------------------------------------- targets

# Values from evidence notes §6 (DRI table): (age, sex, state) -> expected targets.
SECTION_6 = {
    (2, "male", None): dict(potassium_mg=2000, magnesium_mg=80, magnesium_supplement_limit_mg=65,
                            calcium_mg=700, calcium_limit_mg=2500, sodium_mg=800,
                            sodium_limit_mg=1200, water_l=1.3),
    (11, "female", None): dict(potassium_mg=2300, magnesium_mg=240, calcium_mg=1300,
                               sodium_limit_mg=1800, water_l=2.1),
    (16, "male", None): dict(potassium_mg=3000, magnesium_mg=410, calcium_mg=1300,
                             calcium_limit_mg=3000, water_l=3.3),
    (25, "female", None): dict(potassium_mg=2600, magnesium_mg=310, calcium_mg=1000,
                               sodium_mg=1500, sodium_limit_mg=2300, water_l=2.7),
    (45, "male", None): dict(potassium_mg=3400, magnesium_mg=420, calcium_mg=1000,
                             calcium_limit_mg=2500, water_l=3.7),
    (60, "female", None): dict(calcium_mg=1200, calcium_limit_mg=2000, magnesium_mg=320),
    (60, "male", None): dict(calcium_mg=1000, calcium_limit_mg=2000),
    (80, "male", None): dict(calcium_mg=1200, potassium_mg=3400, water_l=3.7),
    (17, "female", "pregnant"): dict(potassium_mg=2600, magnesium_mg=400, water_l=3.0),
    (28, "female", "pregnant"): dict(potassium_mg=2900, magnesium_mg=350, calcium_mg=1000),
    (35, "female", "lactating"): dict(potassium_mg=2800, magnesium_mg=320, water_l=3.8),
}


@pytest.mark.parametrize("person", list(SECTION_6))
def test_targets_match_the_dri_table(person):
    age, sex, state = person
    targets = nutrition.daily_targets(age, sex, pregnant=state == "pregnant",
                                      lactating=state == "lactating")
    assert set(targets) == {"potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg",
                            "sodium_limit_mg", "water_l", "magnesium_supplement_limit_mg",
                            "calcium_limit_mg"}
    for key, value in SECTION_6[person].items():
        assert targets[key] == value, key


def test_unspecified_sex_takes_higher_targets_and_lower_limits():
    for age in (10, 16, 40, 60, 75):
        female, male = nutrition.daily_targets(age, "female"), nutrition.daily_targets(age, "male")
        either = nutrition.daily_targets(age)
        for key in ("potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_l"):
            assert either[key] == max(female[key], male[key])
        for key in ("sodium_limit_mg", "magnesium_supplement_limit_mg", "calcium_limit_mg"):
            assert either[key] == min(female[key], male[key])
    assert nutrition.daily_targets(60)["calcium_mg"] == 1200  # the woman's RDA
    assert nutrition.daily_targets(60)["potassium_mg"] == 3400  # the man's AI


def test_pregnancy_outside_14_to_50_uses_the_nearest_group():
    assert nutrition.daily_targets(12, "female", pregnant=True) == nutrition.daily_targets(15, "female", pregnant=True)
    assert nutrition.daily_targets(52, pregnant=True) == nutrition.daily_targets(40, pregnant=True)


def test_age_group_edges():
    assert nutrition.daily_targets(3.9)["potassium_mg"] == 2000
    assert nutrition.daily_targets(4)["potassium_mg"] == 2300
    assert nutrition.daily_targets(50.9, "male")["calcium_limit_mg"] == 2500
    assert nutrition.daily_targets(51, "male")["calcium_limit_mg"] == 2000


@pytest.mark.parametrize("age", [0, 0.5, -3, float("nan"), float("inf"), "30", None, True])
def test_bad_ages_are_refused_by_name(age):
    with pytest.raises(NutritionError, match="age"):
        nutrition.daily_targets(age)


def test_bad_sex_and_states_are_refused():
    with pytest.raises(NutritionError, match="'other'"):
        nutrition.daily_targets(30, "other")
    with pytest.raises(NutritionError, match="male"):
        nutrition.daily_targets(30, "male", pregnant=True)
    with pytest.raises(NutritionError, match="pregnant"):
        nutrition.daily_targets(30, "female", pregnant="yes")


@pytest.mark.skipif(not EVIDENCE_NOTES.is_file(), reason="evidence notes not present")
def test_shipped_dri_file_matches_the_evidence_notes_table():
    text = EVIDENCE_NOTES.read_text(encoding="utf-8")
    section = text[text.index("## 6."):text.index("## 7.")]
    columns = [("potassium", "AI"), ("magnesium", "RDA"), ("magnesium", "UL"), ("calcium", "RDA"),
               ("calcium", "UL"), ("sodium", "AI"), ("sodium", "CDRR"), ("total_water", "AI")]
    shipped = {(r["nutrient"], r["measure"], r["group"], r["sex"], r["state"]): float(r["amount"])
               for r in content.read_table("dri.csv")}
    checked = 0
    for line in section.splitlines():
        match = re.match(r"\| (Pregnant|Lactating)? ?(\S+) y(?: (M|F))? \|(.*)", line)
        if not match:
            continue
        state = (match[1] or "none").lower()
        sex = {"M": "male", "F": "female"}.get(match[3], "female" if match[1] else "any")
        cells = [c.strip() for c in match[4].strip(" |").split("|")]
        for (nutrient, measure), value in zip(columns, cells, strict=False):
            assert shipped[(nutrient, measure, match[2], sex, state)] == float(value)
            checked += 1
    assert checked == 160


def test_shipped_dri_rows_name_known_references():
    known = set(content.references())
    rows = content.read_table("dri.csv")
    assert rows and all(row["reference_id"] in known and row["source"] for row in rows)


# ----------------------------------------------------------------------------- top foods


def test_top_foods_per_portion_are_sorted_and_scaled():
    top = nutrition.top_foods("potassium", n=10)
    assert len(top) == 10
    assert top["amount"].is_monotonic_decreasing
    expected = top["potassium_mg"] * top["portion_g"] / 100
    assert top["amount"].round(6).tolist() == expected.round(6).tolist()
    table = nutrition.foods()
    best = (table["potassium_mg"] * table["portion_g"] / 100).max()
    assert top["amount"].iloc[0] == pytest.approx(best)


def test_top_foods_per_100g_and_by_food_group():
    per_100g = nutrition.top_foods("calcium", n=5, per="100g")
    assert per_100g["amount"].tolist() == per_100g["calcium_mg"].tolist()
    drinks = nutrition.top_foods("water", n=3, food_group="Beverages")
    assert set(drinks["food_group"]) == {"Beverages"}
    assert "amount" in drinks.columns


@pytest.mark.parametrize("kwargs, word", [
    (dict(nutrient="iron"), "iron"),
    (dict(nutrient="potassium", n=0), "n"),
    (dict(nutrient="potassium", per="cup"), "cup"),
    (dict(nutrient="potassium", food_group="Moon rocks"), "Moon rocks"),
])
def test_top_foods_refuses_bad_input(kwargs, word):
    with pytest.raises(NutritionError, match=word):
        nutrition.top_foods(**kwargs)


# ----------------------------------------------------------------------------- day totals


def test_day_totals_add_up_foods():
    totals = nutrition.day_totals([("09040", 118), ("12061", 28)])
    assert totals["potassium_mg"] == pytest.approx(358 * 1.18 + 733 * 0.28)
    assert totals["magnesium_mg"] == pytest.approx(27 * 1.18 + 270 * 0.28)
    assert totals["calcium_mg"] == pytest.approx(5 * 1.18 + 269 * 0.28)
    assert totals["water_g"] == pytest.approx(74.91 * 1.18 + 4.41 * 0.28)
    assert nutrition.day_totals([]) == dict.fromkeys(
        ["potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g"], 0.0)


@pytest.mark.parametrize("pairs, word", [
    ([("99999", 100)], "99999"),
    ([("09040", -5)], "-5"),
    ([("09040", float("nan"))], "nan"),
    ([("09040", "lots")], "lots"),
    (["09040"], "09040"),
    (5, "pairs"),
])
def test_day_totals_refuse_bad_entries(pairs, word):
    with pytest.raises(NutritionError, match=word):
        nutrition.day_totals(pairs)


# ----------------------------------------------------------------------------- advice and lightness


def test_core_imports_stay_light_without_pandas():
    code = ("import sys, crampkit.topics.nutrition as n, crampkit.topics.hydration as h; "
            "n.daily_targets(40); h.drinks_target(40); n.advice(['dialysis']); "
            "print('pandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _texts(items):
    return " ".join(item.text for item in items).lower()


def test_advice_puts_food_first_and_never_suggests_quinine():
    items = nutrition.advice()
    assert items[0].id == "food_first"
    for item in nutrition.advice(["kidney_disease", "heart_failure"], ["arb"], age=80) + items:
        text = item.text.lower()
        if "quinine" in text or "tonic" in text:
            assert item.id == "no_quinine"
            assert text.startswith("do not use quinine pills or tonic water")


def test_no_supplement_limits_or_salty_drinks_for_kidney_disease_or_dialysis():
    for conditions in (["kidney_disease"], ["dialysis"]):
        items = nutrition.advice(conditions, ["ace_inhibitor"])
        ids = {item.id for item in items}
        assert "kidney_no_supplements" in ids
        assert not ids & {"magnesium_supplement_limit", "potassium_medicine_caution", "salty_sweat"}
        assert "do not take magnesium or potassium supplements" in _texts(items)


def test_potassium_supplement_caution_with_raas_medicines():
    for medicine in ("ace_inhibitor", "arb", "potassium_sparing_diuretic"):
        ids = {item.id for item in nutrition.advice(medication_classes=[medicine])}
        assert "potassium_medicine_caution" in ids
    assert "potassium_medicine_caution" not in {i.id for i in nutrition.advice(medication_classes=["statin"])}


def test_magnesium_advice_is_honest_about_evidence_and_limits():
    items = {item.id: item for item in nutrition.advice(age=70)}
    assert "cochrane2020_magnesium" in items["magnesium_not_for_night_cramps"].reference_ids
    assert "supplements and medicines only, not food" in items["magnesium_supplement_limit"].text


def test_fluid_limit_advice_replaces_salty_drinks_for_fluid_restriction():
    ids = {item.id for item in nutrition.advice(["fluid_restriction"])}
    assert "fluid_limit" in ids and "salty_sweat" not in ids


def test_advice_reference_ids_exist_and_bad_input_is_refused():
    known = set(content.references())
    assert all(set(item.reference_ids) <= known and item.reference_ids
               for item in nutrition.advice(["dialysis"], ["arb"], 50) + nutrition.advice())
    with pytest.raises(NutritionError, match="conditions"):
        nutrition.advice(conditions=[3])
    with pytest.raises(NutritionError, match="age"):
        nutrition.advice(age=-1)


# ----------------------------------------------------------------------------- charts


def test_top_foods_chart_shows_portions_units_and_summary():
    from crampkit.plots import nutrition as charts
    from crampkit.plots.style import summary_of

    fig = charts.top_foods_chart("magnesium", n=8)
    bar = fig.data[0]
    assert bar.orientation == "h" and len(bar.y) == 8
    assert fig.layout.title.text and "(mg)" in fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text
    assert "portion" in bar.hovertemplate and all(len(item) == 3 for item in bar.customdata)
    top = nutrition.top_foods("magnesium", n=1).iloc[0]
    assert top["name"] in summary_of(fig) and top["portion_desc"] in summary_of(fig)
    water = charts.top_foods_chart("water", n=3, food_group="Beverages")
    assert "(g)" in water.layout.xaxis.title.text


def test_day_and_sodium_charts_compare_with_targets():
    from crampkit.plots import nutrition as charts
    from crampkit.plots.style import summary_of

    targets = nutrition.daily_targets(40, "female")
    day = [("09040", 118), ("01085", 245), ("18075", 64), ("02047", 6)]
    fig = charts.day_chart(day, targets)
    totals = nutrition.day_totals(day)
    percents = dict(zip(fig.data[0].x, fig.data[0].y, strict=False))
    assert percents["Potassium"] == pytest.approx(100 * totals["potassium_mg"] / 2600, abs=0.1)
    assert "(%)" in fig.layout.yaxis.title.text and fig.layout.xaxis.title.text
    assert summary_of(fig)

    sodium = charts.sodium_chart(day, targets)
    lines = sorted(shape.x0 for shape in sodium.layout.shapes)
    assert lines == [1500, 2300]
    assert "(mg per day)" in sodium.layout.xaxis.title.text and sodium.layout.yaxis.title.text
    assert "above the 2300 mg" in summary_of(sodium)  # a teaspoon of salt is about 2,300 mg
    with pytest.raises(NutritionError, match="targets"):
        charts.day_chart(day, {"potassium_mg": 1})


def test_no_salty_drink_advice_with_high_blood_pressure_or_heart_failure():
    for condition in ("high_blood_pressure", "heart_failure"):
        ids = [a.id for a in nutrition.advice(conditions=[condition])]
        assert "salty_sweat" not in ids and "salt_caution" in ids
    assert "salty_sweat" in [a.id for a in nutrition.advice()]


def test_no_get_potassium_from_food_advice_with_kidney_disease_or_dialysis():
    for conditions in (["kidney_disease"], ["dialysis"]):
        items = nutrition.advice(conditions)
        assert "food_first" not in {item.id for item in items}
        assert "get potassium" not in _texts(items)
        assert "ask your kidney team how much potassium-rich food" in _texts(items)
