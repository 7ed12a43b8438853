"""Weekly load and guideline tools: what a person sees for what they type."""
import pytest

from crampkit import Profile, store
from crampkit.widgets.activity import guideline_tool, weekly_load_tool

pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def test_weekly_boxes_prefilled_from_the_demo_profile():
    tool = weekly_load_tool()
    minutes = store.demo_profile().exercise_minutes_per_week
    assert [box.value for box in tool.boxes] == [f"{minutes:g}"] * 4
    assert "No sudden jumps" in tool.summary.value
    assert tool.boxes[0].description == "Minutes of activity 3 weeks ago"


def test_recent_increase_in_the_profile_shows_as_a_jump():
    tool = weekly_load_tool(Profile(age=30, exercise_minutes_per_week=100, recent_training_increase=True))
    assert tool.changes[-1].sudden_jump
    assert "Sudden jump this week" in tool.summary.value


def test_typing_a_big_week_marks_it_on_the_chart():
    tool = weekly_load_tool(Profile(age=30, exercise_minutes_per_week=60))
    tool.boxes[2].value = "120"
    assert [c.sudden_jump for c in tool.changes] == [False, False, True, False]
    colours = list(tool.last_figure.data[0].marker.color)
    assert colours[2] != colours[0]
    assert "Up 100%" in tool.summary.value and "Down 50%" in tool.summary.value


@pytest.mark.parametrize("typed", ["two", "-3", "", "99999"])
def test_bad_week_shows_a_message_beside_that_box(typed):
    tool = weekly_load_tool(Profile(age=30, exercise_minutes_per_week=60))
    tool.boxes[1].value = typed
    assert tool.changes is None
    assert "Minutes 2 weeks ago" in tool.errors[1].value
    assert all(error.value == "" for i, error in enumerate(tool.errors) if i != 1)
    assert "Fill in every week" in tool.message.value


def test_empty_profile_minutes_ask_for_numbers():
    tool = weekly_load_tool(Profile(age=30))
    assert tool.changes is None and "Fill in every week" in tool.message.value
    for box in tool.boxes:
        box.value = "30"
    assert tool.changes is not None and tool.message.value == ""


def test_guideline_prefilled_and_redrawn():
    tool = guideline_tool()
    assert tool.check.minutes_per_week == 60 and tool.check.guideline_minutes == 150
    assert "40%" in tool.summary.value and "expert opinion" in tool.summary.value
    tool.minutes.value = "300"
    assert tool.check.meets_guideline and tool.last_figure.data[0].x[0] == 300
    tool.age.value = "12"
    assert tool.check.guideline_minutes == 420


@pytest.mark.parametrize("box, typed, field", [("age", "4", "age"), ("age", "old", "age"),
                                               ("minutes", "lots", "minutes")])
def test_guideline_bad_entries(box, typed, field):
    tool = guideline_tool(Profile(age=40, exercise_minutes_per_week=100))
    getattr(tool, box).value = typed
    assert tool.check is None and tool.errors[field].value
    assert "Fix the box" in tool.message.value


def test_text_and_cleared_chart_when_a_box_is_wrong():
    tool = weekly_load_tool(Profile(age=30, exercise_minutes_per_week=60))
    assert tool.text().splitlines()[0] == "3 weeks ago: 60 minutes. The first week: nothing to compare with yet."
    tool.boxes[0].value = "lots"
    assert tool.last_figure is None and tool.summary.value == ""
    assert tool.text().startswith("Fill in every week")
    guide = guideline_tool(Profile(age=30))
    assert guide.check is None and guide.text().startswith("Fix the box")
    guide.minutes.value = "150"
    assert guide.text().startswith("You do about 150 minutes a week")
