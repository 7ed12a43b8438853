"""One wording for a bad number (issue 27): every tool that reads a number says what is wrong
with the same sentence, a row of ``data/messages.csv`` with the field's name filled in.

The expected messages are built here from the table's text with ``str.format`` (not with
crampkit's own formatter), so a tool that words a problem its own way fails. The last test
edits a row and sees every tool say the edited sentence: the words live in the table only.
"""
import csv
import html
import math
import re
from pathlib import Path

import pytest

from crampkit import Profile, content
from crampkit.classroom import survey
from crampkit.diary import DiaryError, Episode
from crampkit.entries import EntryError, read_number
from crampkit.topics import activity, hydration, static_day

ROOT = Path(__file__).resolve().parents[2]
with (ROOT / "data" / "messages.csv").open(encoding="utf-8", newline="") as _file:
    ROWS = {row["id"]: row["text"] for row in csv.DictReader(_file)}

TYPED = ("abc", "-5", "1e400", "")
# What the problem is for each typed text, and how it is quoted back, in a box that reads text.
IN_A_BOX = {"abc": ("number_not_a_number", "'abc'"), "-5": ("number_out_of_range", "'-5'"),
            "1e400": ("number_not_a_number", "'1e400'"), "": ("number_empty", "")}
# A tool that takes number values, not text: any text, even "-5" or "", is not a number.
AS_A_VALUE = {text: ("number_not_a_number", repr(text)) for text in TYPED}
AS_A_VALUE.update({-5: ("number_out_of_range", "-5"), math.inf: ("number_out_of_range", "inf"),
                   math.nan: ("number_not_a_number", "nan")})


def expected(row: str, field: str, typed: str, allowed: str, **values) -> str:
    """The table's row for ``row`` with the field, the typed value and what is allowed filled
    in (a placeholder left empty leaves no space before it)."""
    hint = re.sub(r" +(?=,|$)", "", ROWS[allowed].format(**values))
    return re.sub(r" +(?=;|$)", "", ROWS[row].format(field=field, typed=typed, allowed=hint))


def message_of(call, error=ValueError) -> str:
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


def shown_text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value)).strip()


# ------------------------------------------------------------------ tools that read typed text

@pytest.mark.parametrize("typed", TYPED)
def test_a_number_box_says_the_tables_sentence(typed):
    row, quoted = IN_A_BOX[typed]
    said = message_of(lambda: read_number(typed, "Minutes last week", 0, 5000, "minutes"), EntryError)
    assert said == expected(row, "Minutes last week", quoted, "allowed_typed", low=0, high=5000, unit="minutes")


@pytest.mark.parametrize("typed", TYPED)
def test_the_static_day_widgets_box_says_the_tables_sentence(typed):
    from crampkit.widgets.static_day import static_day_tool
    tool = static_day_tool()
    tool.standing.value = typed
    row, quoted = IN_A_BOX[typed]
    assert tool.plan is None
    assert shown_text(tool.errors["standing"]) == expected(row, "Hours standing", quoted, "allowed_typed",
                                                           low=0, high=24, unit="hours")


@pytest.mark.parametrize("typed", ["abc", "-5", "1e400"])
def test_the_profile_forms_box_says_the_tables_sentence(typed):
    from crampkit.widgets.fields import field_name
    from crampkit.widgets.profile_form import ProfileForm
    form = ProfileForm(Profile(age=30))
    form.inputs["episodes_per_week"].value = typed
    assert form.to_profile() is None
    row, quoted = IN_A_BOX[typed]
    quoted = "-5" if typed == "-5" else quoted  # the box hands the core the number -5
    assert shown_text(form.field_messages["episodes_per_week"]) == expected(
        row, field_name("episodes_per_week"), quoted, "allowed_optional", low=0, high=100, unit="episodes a week")


@pytest.mark.parametrize("typed", TYPED)
def test_a_diary_episode_says_the_tables_sentence(typed):
    row, quoted = IN_A_BOX[typed]
    said = message_of(lambda: Episode(when="2025-10-01 23:30", leg="left", muscle="calf",
                                      duration_minutes=typed, severity=5), DiaryError)
    assert said == expected(row, "duration_minutes", quoted, "allowed_given", low=0, high=1440, unit="")


# ------------------------------------------------------------------ tools that take number values

@pytest.mark.parametrize("value", list(AS_A_VALUE), ids=repr)
def test_a_profile_says_the_tables_sentence(value):
    row, quoted = AS_A_VALUE[value]
    said = message_of(lambda: Profile(age=30, episodes_per_week=value))
    assert said == expected(row, "episodes_per_week", quoted, "allowed_optional", low=0, high=100,
                            unit="episodes a week")


@pytest.mark.parametrize("value", list(AS_A_VALUE), ids=repr)
def test_the_sweat_calculator_says_the_tables_sentence(value):
    row, quoted = AS_A_VALUE[value]
    said = message_of(lambda: hydration.sweat_loss(70, 69, drinks_during_litres=value), hydration.HydrationError)
    assert said == expected(row, "drinks_during_litres", quoted, "allowed_given", low=0, high=15, unit="litres")


@pytest.mark.parametrize("value", list(AS_A_VALUE), ids=repr)
def test_the_static_day_says_the_tables_sentence(value):
    row, quoted = AS_A_VALUE[value]
    said = message_of(lambda: static_day.day_timeline(value, 2), static_day.StaticDayError)
    assert said == expected(row, "hours_sitting_per_day", quoted, "allowed_given", low=0, high=24, unit="hours")


@pytest.mark.parametrize("value", list(AS_A_VALUE), ids=repr)
def test_the_activity_tool_says_the_tables_sentence(value):
    row, quoted = AS_A_VALUE[value]
    said = message_of(lambda: activity.weekly_load([60, value]), activity.ActivityError)
    assert said == expected(row, "minutes in this week", quoted, "allowed_given", low=0, high=5000, unit="minutes")


@pytest.mark.parametrize("value", [*AS_A_VALUE, 1.7], ids=repr)
def test_the_class_survey_says_the_tables_sentence(value):
    row, quoted = AS_A_VALUE.get(value, ("number_not_a_choice", "1.7"))
    row = "number_not_a_choice" if row == "number_out_of_range" else row
    said = message_of(lambda: survey.read_drinks(value), survey.SurveyError)
    assert said == expected(row, "drinks_litres_per_day", quoted, "allowed_choice",
                            choices="0.5, 1, 1.5, 2, 2.5, 3", unit="litres")


# ------------------------------------------------------------------ the words live in the table only

def test_an_edited_row_is_what_every_tool_says(monkeypatch):
    edited = dict(ROWS, number_not_a_number="{field}: {typed} is no number we can read; {allowed}")
    monkeypatch.setattr(content, "_messages", lambda: edited)
    from crampkit.widgets.static_day import static_day_tool
    tool = static_day_tool()
    tool.standing.value = "abc"
    said = [message_of(lambda: read_number("abc", "Minutes", 0, 10, "minutes")),
            message_of(lambda: Profile(age=30, episodes_per_week="abc")),
            message_of(lambda: Episode(when="2025-10-01 23:30", leg="left", muscle="calf",
                                       duration_minutes="abc", severity=5)),
            message_of(lambda: hydration.sweat_loss(70, 69, drinks_during_litres="abc")),
            message_of(lambda: static_day.day_timeline("abc", 2)),
            shown_text(tool.errors["standing"])]
    assert all("'abc' is no number we can read; " in text for text in said), said
