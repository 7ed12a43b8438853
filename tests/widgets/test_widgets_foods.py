"""Food explorer, build a day and the safe advice list."""
import pytest

from crampkit import Profile
from crampkit.plots.style import summary_of
from crampkit.topics import nutrition
from crampkit.widgets.foods import EXAMPLE_DAY, DayBuilder, advice_items, advice_view, day_builder, food_explorer

pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def test_explorer_starts_with_ten_potassium_foods_with_portions_in_the_hover():
    tool = food_explorer()
    bars = tool.last_figure.data[0]
    assert len(bars.y) == 10 and bars.y[0] == tool.table.iloc[0]["name"]
    assert "portion" in bars.hovertemplate and bars.customdata[0][0] == tool.table.iloc[0]["portion_desc"]
    assert "potassium" in tool.summary.value and tool.summary.value.count("<li>") == 5


def test_explorer_follows_nutrient_group_and_count():
    tool = food_explorer()
    tool.nutrient.value = "magnesium"
    tool.group.value = "Nut and Seed Products"
    tool.count.value = 3
    assert list(tool.last_figure.data[0].y) == nutrition.top_foods(
        "magnesium", n=3, food_group="Nut and Seed Products")["name"].tolist()
    assert "Nut and Seed Products" in tool.last_figure.layout.title.text
    assert summary_of(tool.last_figure) in tool.summary.value


def test_explorer_says_when_a_group_has_fewer_foods():
    tool = food_explorer()
    tool.group.value = "Poultry Products"
    tool.count.value = 20
    assert len(tool.table) < 20 and "Only" in tool.summary.value


def test_day_uses_the_profile_targets_and_the_example_day():
    tool = day_builder(Profile(age=16, sex="male"))
    assert tool.targets == nutrition.daily_targets(16, "male")
    assert len(tool.items) == len(EXAMPLE_DAY)
    assert tool.totals == nutrition.day_totals(tool.pairs())
    assert "reach the daily target" in tool.day_summary.value
    assert "sodium" in tool.sodium_summary.value


def test_adding_portions_changes_the_totals_and_charts():
    tool = day_builder(Profile(age=40, sex="female"))
    tool.clear()
    assert tool.totals["potassium_mg"] == 0 and "empty" in tool.listing.value
    tool.food.value = "09040"
    tool.portions.value = "2"
    tool.add()
    assert tool.items == [("09040", 2.0)]
    assert tool.totals["potassium_mg"] == pytest.approx(2 * 422.44, abs=0.01)
    assert tool.day_figure.data[0].y[0] == pytest.approx(100 * 844.88 / 2600, abs=0.1)
    assert "2 x Banana" in tool.listing.value
    tool.remove_last()
    assert tool.items == [] and tool.totals["potassium_mg"] == 0


@pytest.mark.parametrize("typed", ["lots", "0", "-1", "", "50"])
def test_bad_portions_show_a_message_and_add_nothing(typed):
    tool = day_builder(Profile(age=40))
    before = list(tool.items)
    tool.portions.value = typed
    tool.add()
    assert tool.items == before
    assert "How many portions" in tool.portions_error.value


def test_removing_from_an_empty_day_is_explained():
    tool = day_builder(Profile(age=40))
    tool.clear()
    tool.remove_last()
    assert "already empty" in tool.message.value


def test_salty_day_goes_over_the_sodium_limit():
    tool = day_builder(Profile(age=40))
    tool.clear()
    salty = nutrition.top_foods("sodium", n=1).iloc[0]["ndb_no"]
    tool.food.value = salty
    tool.portions.value = "3"
    tool.add()
    assert tool.totals["sodium_mg"] > tool.targets["sodium_limit_mg"]
    assert "above the 2300 mg" in tool.sodium_summary.value


def test_advice_is_safe_for_kidney_disease_and_potassium_raising_medicines():
    kidney = [a.id for a in advice_items(Profile(age=70, conditions=["dialysis"]))]
    assert "kidney_no_supplements" in kidney and "magnesium_supplement_limit" not in kidney
    assert "salty_sweat" not in kidney and "fluid_limit" in kidney
    ace = [a.id for a in advice_items(Profile(age=60, medications=["lisinopril"]))]
    assert "potassium_medicine_caution" in ace
    everyone = [a.id for a in advice_items()]
    assert {"food_first", "no_quinine", "magnesium_not_for_night_cramps"} <= set(everyone)


def test_advice_view_lists_each_item_with_sources():
    view = advice_view(Profile(age=40))
    assert "quinine" in view.value and "cochrane2020_magnesium" in view.value


def test_build_a_day_warns_that_water_and_potassium_targets_do_not_apply_with_dialysis():
    note = DayBuilder(Profile(age=70, conditions=["dialysis"])).care_note.value
    assert "fluid limit" in note and "kidney team" in note and "do not apply to you" in note
    assert DayBuilder(Profile(age=70)).care_note.value == ""
    heart = DayBuilder(Profile(age=70, conditions=["heart failure"])).care_note.value
    assert "fluid limit" in heart and "kidney" not in heart
