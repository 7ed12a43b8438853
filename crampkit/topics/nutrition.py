"""Food minerals and daily intake targets: the curated SR28 food table, DRI targets, advice.

The food table (``data/foods.csv``) is copied from USDA SR28 by ``scripts/build_foods.py``;
the targets (``data/dri.csv``) are the Dietary Reference Intakes (evidence notes §6).
Eating enough potassium, magnesium and calcium is sensible general nutrition; it *may* help
and is healthy, but no trial shows it prevents night cramps (§5.4).

pandas is imported inside the functions that need it, and :func:`daily_targets` and
:func:`advice` are plain Python, so the assessment engine can use them and stay light.

>>> daily_targets(35, "female")["potassium_mg"]
2600
>>> round(day_totals([("09040", 118)])["potassium_mg"], 2)
422.44
>>> top_foods("magnesium", n=1, food_group="Nut and Seed Products")["name"].tolist()
['Pumpkin seeds']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from numbers import Real
from pathlib import Path

from crampkit import content
from crampkit.checks import CrampkitInputError
from crampkit.entries import finite_number

COLUMNS = [
    "ndb_no", "name", "usda_description", "food_group",
    "potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g",
    "portion_desc", "portion_g",
]
NUTRIENT_COLUMNS = {
    "potassium": "potassium_mg",
    "magnesium": "magnesium_mg",
    "calcium": "calcium_mg",
    "sodium": "sodium_mg",
    "water": "water_g",
}
NUTRIENT_UNITS = {"potassium": "mg", "magnesium": "mg", "calcium": "mg", "sodium": "mg", "water": "g"}
SEXES = ("female", "male", "unspecified")
# Lower age bound of each DRI life-stage group, youngest first.
AGE_GROUPS = ((1, "1-3"), (4, "4-8"), (9, "9-13"), (14, "14-18"), (19, "19-30"),
              (31, "31-50"), (51, "51-70"), (71, "71+"))
PREGNANCY_GROUPS = ("14-18", "19-30", "31-50")
# Target key -> (nutrient, measure in dri.csv, kind). Targets take the higher value when
# sex is unspecified; limits take the lower.
TARGET_KEYS = {
    "potassium_mg": ("potassium", "AI", "target"),
    "magnesium_mg": ("magnesium", "RDA", "target"),
    "calcium_mg": ("calcium", "RDA", "target"),
    "sodium_mg": ("sodium", "AI", "target"),
    "sodium_limit_mg": ("sodium", "CDRR", "limit"),
    "water_l": ("total_water", "AI", "target"),
    "magnesium_supplement_limit_mg": ("magnesium", "UL", "limit"),
    "calcium_limit_mg": ("calcium", "UL", "limit"),
}
# ABBREV.txt (zero-based) field indexes of the columns load_sr28 keeps.
_ABBREV_USE = {0: "ndb_no", 1: "shrt_desc", 2: "water_g", 10: "calcium_mg", 12: "magnesium_mg",
               14: "potassium_mg", 15: "sodium_mg", 48: "gmwt_1", 49: "gmwt_desc1"}
_ABBREV_FIELD_COUNT = 53


class NutritionError(CrampkitInputError):
    """A bad nutrient, NDB number, amount, age or folder; the message names the value."""


# ----------------------------------------------------------------------------- foods


@lru_cache(maxsize=1)
def _foods_frame():
    import pandas as pd  # lazy: `import crampkit` loads this module and stays free of pandas

    with content.data_file("foods.csv").open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"ndb_no": str, "portion_desc": str})
    numeric = [*NUTRIENT_COLUMNS.values(), "portion_g"]
    frame[numeric] = frame[numeric].astype(float)
    return frame


def foods():
    """The curated food table (a copy, so callers may change it): one row per food, values
    per 100 g edible portion from USDA SR28, ``ndb_no`` as five-character text.

    >>> table = foods()
    >>> table.loc[table.ndb_no == "09040", ["potassium_mg", "portion_g"]].values.tolist()
    [[358.0, 118.0]]
    """
    return _foods_frame().copy()


@lru_cache(maxsize=1)
def _food_values() -> dict[str, tuple[float, ...]]:
    """NDB number -> (K, Mg, Ca, Na, water) per 100 g, missing values as 0, for fast sums."""
    frame = _foods_frame()
    columns = list(NUTRIENT_COLUMNS.values())
    values = frame[columns].fillna(0.0).to_numpy(dtype=float).tolist()
    return {ndb: tuple(row) for ndb, row in zip(frame["ndb_no"], values, strict=False)}


def _check_nutrient(nutrient) -> str:
    if not isinstance(nutrient, str) or nutrient.strip().lower() not in NUTRIENT_COLUMNS:
        raise NutritionError(content.message("nutrition_not_known", field="nutrient", typed=repr(nutrient),
                                             choices=", ".join(NUTRIENT_COLUMNS)))
    return nutrient.strip().lower()


def _check_number(field: str, value, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise NutritionError(content.message("nutrition_not_a_number", field=field, typed=repr(value)))
    number = finite_number(value)
    if number is None:
        raise NutritionError(content.message("nutrition_not_finite", field=field, typed=repr(value)))
    if minimum is not None and number < minimum:
        raise NutritionError(content.message("nutrition_below_minimum", field=field, low=f"{minimum:g}",
                                             typed=repr(value)))
    return number


def top_foods(nutrient: str, n: int = 10, per: str = "portion", food_group: str | None = None):
    """The ``n`` foods richest in ``nutrient``, high to low, with an ``amount`` column in the
    nutrient's unit (mg, or g for water) per household portion or per 100 g.

    >>> top_foods("potassium", n=3, per="100g")["amount"].tolist()
    [1524.0, 1464.0, 1329.0]
    """
    nutrient = _check_nutrient(nutrient)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise NutritionError(content.message("nutrition_food_count", typed=repr(n)))
    if not isinstance(per, str) or per not in ("portion", "100g"):
        raise NutritionError(content.message("nutrition_per", typed=repr(per)))
    table = _foods_frame()
    if food_group is not None:
        groups = sorted(table["food_group"].unique())
        if not isinstance(food_group, str) or food_group not in groups:
            raise NutritionError(content.message("nutrition_food_group", typed=repr(food_group),
                                                 choices=", ".join(groups)))
        table = table[table["food_group"] == food_group]
    column = NUTRIENT_COLUMNS[nutrient]
    table = table[table[column].notna()].copy()
    table["amount"] = table[column] * table["portion_g"] / 100 if per == "portion" else table[column]
    table = table.sort_values(["amount", "ndb_no"], ascending=[False, True], kind="mergesort")
    return table.head(n).reset_index(drop=True)


def _check_ndb(ndb) -> str:
    if isinstance(ndb, bool):
        raise NutritionError(content.message("nutrition_not_an_ndb", typed=repr(ndb)))
    if isinstance(ndb, int) and 0 < ndb < 100000:
        ndb = f"{ndb:05d}"
    if not isinstance(ndb, str) or ndb.strip() not in _food_values():
        raise NutritionError(content.message("nutrition_ndb_not_in_table", typed=repr(ndb)))
    return ndb.strip()


def day_totals(pairs) -> dict[str, float]:
    """Add up a day's foods given as ``(ndb_no, grams)`` pairs; a value SR28 leaves empty
    counts as nothing.

    >>> day_totals([("09040", 118), ("12061", 28)])["magnesium_mg"]
    107.46
    """
    try:
        items = list(pairs)
    except TypeError:
        raise NutritionError(content.message("nutrition_pairs_not_a_list", typed=repr(pairs))) from None
    values = _food_values()
    totals = [0.0] * len(NUTRIENT_COLUMNS)
    for item in items:
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__") or len(item) != 2:
            raise NutritionError(content.message("nutrition_entry_not_a_pair", typed=repr(item)))
        ndb = _check_ndb(item[0])
        grams = _check_number(f"grams for {ndb}", item[1], minimum=0)
        for index, per_100g in enumerate(values[ndb]):
            totals[index] += per_100g * grams / 100
    keys = ("potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g")
    return {key: round(total, 6) for key, total in zip(keys, totals, strict=False)}


# ----------------------------------------------------------------------------- targets


@lru_cache(maxsize=1)
def _dri_table() -> dict[tuple[str, str, str, str, str], float]:
    table = {}
    for row in content.read_table("dri.csv"):
        amount = float(row["amount"])
        table[(row["nutrient"], row["measure"], row["group"], row["sex"], row["state"])] = (
            int(amount) if amount.is_integer() and row["nutrient"] != "total_water" else amount)
    return table


def _age_group(age: float) -> str:
    group = AGE_GROUPS[0][1]
    for lower, name in AGE_GROUPS:
        if age >= lower:
            group = name
    return group


def daily_targets(age, sex: str = "unspecified", pregnant: bool = False,
                  lactating: bool = False) -> dict:
    """Daily intake targets for a person (DRIs, evidence notes §6), for ages 1 and up.

    Keys: ``potassium_mg``, ``magnesium_mg``, ``calcium_mg``, ``sodium_mg`` (adequate
    intakes or RDAs), ``sodium_limit_mg`` (CDRR: reduce intake above it), ``water_l`` (total
    water from drinks *and* food), ``magnesium_supplement_limit_mg`` (UL for supplements and
    medicines only, not food) and ``calcium_limit_mg`` (UL).

    ``sex="unspecified"`` gives the higher of the female and male values for targets and the
    lower for limits. Pregnancy and lactation values exist for ages 14-50 only: a younger
    person gets the 14-18 group and an older one the 31-50 group (the nearest). If both
    ``pregnant`` and ``lactating`` are set, targets take the higher and limits the lower.

    >>> daily_targets(70, "male")["calcium_mg"], daily_targets(71, "male")["calcium_mg"]
    (1000, 1200)
    >>> daily_targets(30, pregnant=True)["water_l"]
    3.0
    >>> daily_targets(16)["magnesium_mg"], daily_targets(16)["potassium_mg"]
    (410, 3000)
    """
    if isinstance(age, bool) or not isinstance(age, Real) or finite_number(age) is None:
        raise NutritionError(content.message("nutrition_age_not_a_number", typed=repr(age)))
    if age < 1:
        raise NutritionError(content.message("nutrition_age_below_one", typed=repr(age)))
    if not isinstance(sex, str) or sex not in SEXES:
        raise NutritionError(content.message("nutrition_not_known", field="sex", typed=repr(sex),
                                             choices=", ".join(SEXES)))
    for field, flag in (("pregnant", pregnant), ("lactating", lactating)):
        if not isinstance(flag, bool):
            raise NutritionError(content.message("nutrition_not_true_or_false", field=field, typed=repr(flag)))
    states = [state for state, flag in (("pregnant", pregnant), ("lactating", lactating)) if flag]
    if states and sex == "male":
        raise NutritionError(content.message("nutrition_male_and_pregnant", states=" and ".join(states)))

    table = _dri_table()
    group = _age_group(float(age))
    if states:
        if group not in PREGNANCY_GROUPS:
            group = "14-18" if age < 14 else "31-50"
        lookups = [("female", state) for state in states]
    else:
        lookups = [("female", "none"), ("male", "none")] if sex == "unspecified" else [(sex, "none")]

    targets = {}
    for key, (nutrient, measure, kind) in TARGET_KEYS.items():
        found = []
        for row_sex, state in lookups:
            value = table.get((nutrient, measure, group, row_sex, state))
            if value is None:
                value = table[(nutrient, measure, group, "any", state)]
            found.append(value)
        targets[key] = max(found) if kind == "target" else min(found)
    return targets


# ----------------------------------------------------------------------------- advice


@dataclass(frozen=True)
class Advice:
    """One piece of food or supplement advice with the sources behind it."""

    id: str
    text: str
    reference_ids: tuple[str, ...]


def _matches(rule: str, conditions: set[str], medications: set[str], age) -> bool:
    kind, _, value = rule.partition(":")
    if kind == "condition":
        return value in conditions
    if kind == "medication":
        return value in medications
    if kind == "age_at_least":
        return age is not None and age >= float(value)
    raise NutritionError(content.message("nutrition_unknown_advice_rule", typed=repr(rule)))


def _as_ids(field: str, values) -> set[str]:
    if isinstance(values, str):
        values = (values,)
    try:
        ids = set(values if values is not None else ())
    except TypeError:
        raise NutritionError(content.message("nutrition_ids_not_a_list", field=field, typed=repr(values))) from None
    if not all(isinstance(value, str) for value in ids):
        raise NutritionError(content.message("nutrition_ids_not_text", field=field, typed=repr(values)))
    return {value.strip().lower() for value in ids}


def advice(conditions=(), medication_classes=(), age=None) -> list[Advice]:
    """Food and supplement advice that is safe for this person, from
    ``data/nutrition_advice.csv``: food first; no magnesium or potassium supplement advice
    with kidney disease or dialysis; no potassium supplements with ACE inhibitors, ARBs or
    potassium-sparing diuretics; never quinine or tonic water.

    >>> [item.id for item in advice(conditions=["dialysis"])][:3]
    ['no_quinine', 'magnesium_not_for_night_cramps', 'kidney_no_supplements']
    >>> any("supplement" in item.text and "limit" in item.id for item in advice(["kidney_disease"]))
    False
    """
    conditions_set = _as_ids("conditions", conditions)
    medications_set = _as_ids("medication_classes", medication_classes)
    if "dialysis" in conditions_set:
        conditions_set.add("kidney_disease")
    if age is not None:
        age = _check_number("age", age, minimum=0)
    chosen = []
    for row in content.read_table("nutrition_advice.csv"):
        show_if = content.split_ids(row["show_if"])
        hide_if = content.split_ids(row["hide_if"])
        if show_if and not any(_matches(r, conditions_set, medications_set, age) for r in show_if):
            continue
        if any(_matches(r, conditions_set, medications_set, age) for r in hide_if):
            continue
        chosen.append(Advice(row["id"], row["text"], content.split_ids(row["reference_ids"])))
    return chosen


# ----------------------------------------------------------------------------- SR28


def _read_sr28(path: Path, usecols, names):
    import pandas as pd  # lazy: `import crampkit` loads this module and stays free of pandas

    return pd.read_csv(path, sep="^", quotechar="~", encoding="latin-1", header=None,
                       usecols=usecols, names=None, dtype=str, keep_default_na=False,
                       na_values=[], engine="c").set_axis(names, axis=1)


def load_sr28(folder):
    """Every food in an SR28 folder's ``ABBREV.txt`` (8,790 in SR28) with the food-table
    columns: ``name`` and ``usda_description`` are FOOD_DES ``Long_Desc`` (ABBREV
    ``Shrt_Desc`` for the one food FOOD_DES lacks), the portion is WEIGHT ``Seq`` 1, else
    ABBREV ``GmWt_1``, else "100 g".
    """
    import pandas as pd  # lazy: `import crampkit` loads this module and stays free of pandas

    try:
        root = Path(folder)
    except (TypeError, ValueError):
        raise NutritionError(content.message("nutrition_folder_not_a_path", typed=repr(folder))) from None
    needed = ("ABBREV.txt", "FOOD_DES.txt", "FD_GROUP.txt", "WEIGHT.txt")
    try:
        missing = [name for name in needed if not (root / name).is_file()]
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        missing = list(needed)
    if missing:
        raise NutritionError(content.message("nutrition_folder_files_missing", typed=repr(str(folder)),
                                             files=", ".join(missing)))
    try:
        with open(root / "ABBREV.txt", encoding="latin-1") as handle:
            first = handle.readline()
        if first.count("^") != _ABBREV_FIELD_COUNT - 1 or not first.startswith("~"):
            raise NutritionError(content.message("nutrition_folder_bad_abbrev", typed=repr(str(folder)),
                                                 count=_ABBREV_FIELD_COUNT))
        abbrev = _read_sr28(root / "ABBREV.txt", list(_ABBREV_USE), list(_ABBREV_USE.values()))
        food_des = _read_sr28(root / "FOOD_DES.txt", [0, 1, 2], ["ndb_no", "group_code", "long_desc"])
        groups = _read_sr28(root / "FD_GROUP.txt", [0, 1], ["group_code", "food_group"])
        weight = _read_sr28(root / "WEIGHT.txt", [0, 1, 2, 3, 4],
                            ["ndb_no", "seq", "amount", "msre_desc", "gm_wgt"])
    except NutritionError:
        raise
    except (ValueError, OSError, UnicodeError, pd.errors.ParserError) as error:
        raise NutritionError(content.message("nutrition_folder_unreadable", typed=repr(str(folder)),
                                             error=error)) from None

    group_names = dict(zip(groups["group_code"], groups["food_group"], strict=False))
    food_des["food_group"] = food_des["group_code"].map(group_names).fillna("")
    frame = abbrev.merge(food_des[["ndb_no", "long_desc", "food_group", "group_code"]],
                         on="ndb_no", how="left")
    lacking = frame["long_desc"].isna()
    if lacking.any():
        # A food missing from FOOD_DES (NDB 33879) takes the group every other food with the
        # same first three NDB digits has, when they agree.
        prefix_codes = food_des.groupby(food_des["ndb_no"].str[:3])["group_code"].agg(set)
        single = {p: next(iter(c)) for p, c in prefix_codes.items() if len(c) == 1}
        frame.loc[lacking, "long_desc"] = frame.loc[lacking, "shrt_desc"]
        frame.loc[lacking, "food_group"] = [
            group_names.get(single.get(ndb[:3], ""), "") for ndb in frame.loc[lacking, "ndb_no"]]

    first = weight[weight["seq"] == "1"].drop_duplicates("ndb_no")
    amounts = pd.to_numeric(first["amount"], errors="coerce")
    amount_text = [str(int(a)) if a == int(a) else format(a, "g") for a in amounts]
    descriptions = [f"{a} {m}" for a, m in zip(amount_text, first["msre_desc"], strict=False)]
    first_desc = dict(zip(first["ndb_no"], descriptions, strict=False))
    first_g = dict(zip(first["ndb_no"], first["gm_wgt"], strict=False))

    portion_desc = frame["ndb_no"].map(first_desc)
    portion_g = frame["ndb_no"].map(first_g)
    from_abbrev = portion_desc.isna() & (frame["gmwt_1"] != "")
    portion_desc = portion_desc.where(~from_abbrev, frame["gmwt_desc1"])
    portion_g = portion_g.where(~from_abbrev, frame["gmwt_1"])

    result = pd.DataFrame({
        "ndb_no": frame["ndb_no"],
        "name": frame["long_desc"],
        "usda_description": frame["long_desc"],
        "food_group": frame["food_group"].fillna(""),
    })
    for column in ("potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g"):
        result[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype(float)
    result["portion_desc"] = portion_desc.fillna("100 g")
    result["portion_g"] = pd.to_numeric(portion_g.fillna("100"), errors="coerce").astype(float)
    return result
