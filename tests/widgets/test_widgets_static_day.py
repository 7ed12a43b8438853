"""Hours sitting and standing -> day chart with movement breaks."""
import pytest

from crampkit import Profile
from crampkit.widgets.static_day import static_day_tool

pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def test_prefilled_from_the_demo_profile():
    tool = static_day_tool()
    assert (tool.sitting.value, tool.standing.value) == ("9", "2")
    assert tool.plan.breaks == 20
    assert "540 minutes" in tool.summary.value and "30 minutes" in tool.summary.value
    assert "Rule of thumb" in tool.view.children[0].value


def test_changing_hours_and_interval_redraws():
    tool = static_day_tool(Profile(age=30, hours_sitting_per_day=4, hours_standing_per_day=4))
    tool.every.value = 60
    assert tool.plan.breaks == 6 and tool.plan.longest_still_minutes == 60
    tool.sitting.value = "6"
    assert tool.plan.hours_sitting == 6
    names = [trace.name for trace in tool.last_figure.data]
    assert "movement break" in names


@pytest.mark.parametrize("typed", ["lots", "-2", "25"])
def test_bad_hours_show_a_message(typed):
    tool = static_day_tool(Profile(age=30, hours_sitting_per_day=4, hours_standing_per_day=4))
    tool.standing.value = typed
    assert tool.plan is None and "Hours standing" in tool.errors["standing"].value


def test_more_than_24_hours_is_explained_beside_sitting():
    tool = static_day_tool(Profile(age=30, hours_sitting_per_day=4, hours_standing_per_day=4))
    tool.sitting.value = "21"
    assert tool.plan is None
    assert "24 or less" in tool.errors["sitting"].value and "21 + 4" in tool.errors["sitting"].value


def test_empty_profile_hours_ask_for_numbers():
    tool = static_day_tool(Profile(age=30))
    assert tool.plan is None and "empty" in tool.errors["sitting"].value


def test_text_follows_the_plan_and_the_chart_goes_when_a_box_is_wrong():
    tool = static_day_tool(Profile(age=30, hours_sitting_per_day=4, hours_standing_per_day=4))
    assert tool.text() == tool.plan.summary and tool.last_figure is not None
    tool.sitting.value = "21"
    assert tool.last_figure is None and tool.summary.value == ""
    assert tool.text().startswith("Fix the box")
