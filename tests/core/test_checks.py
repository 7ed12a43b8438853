"""One number parser for every tool: a decimal comma works everywhere, and bad numbers are
refused with the field's own message, never a traceback."""
import math

import pytest

from crampkit import checks
from crampkit.checks import CrampkitInputError, NumberProblem, parse_choice, parse_choices, parse_flag, parse_number


@pytest.mark.parametrize("text, number", [
    ("70,5", 70.5), ("1,5", 1.5), ("2,5", 2.5), ("70.5", 70.5), (" 7 ", 7.0), (",5", 0.5),
    ("-3", -3.0), ("+2", 2.0), (3, 3.0), (2.25, 2.25),
])
def test_numbers_and_decimal_commas(text, number):
    assert parse_number(text) == number


def test_unit_words_only_when_asked():
    assert parse_number(" 45 min ", 0, 600, unit_words=True) == 45.0
    with pytest.raises(NumberProblem) as caught:
        parse_number("45 min", 0, 600)
    assert caught.value.kind == "not_a_number"


@pytest.mark.parametrize("value, kind", [
    ("", "empty"), ("   ", "empty"), (None, "empty"),
    ("two", "not_a_number"), ("5 5", "not_a_number"), ("1,2,3", "not_a_number"), ("nan", "not_a_number"),
    ("inf", "not_a_number"), (True, "not_a_number"), ([1], "not_a_number"), ("0x10", "not_a_number"),
    (float("nan"), "not_finite"), (float("inf"), "not_finite"), (-math.inf, "not_finite"),
    (10**400, "not_finite"), ("1e400", "not_finite"), ("9" * 400, "not_finite"),
    (11, "out_of_range"), (-1, "out_of_range"), ("10,5", "out_of_range"),
])
def test_each_problem_has_a_kind(value, kind):
    with pytest.raises(NumberProblem) as caught:
        parse_number(value, 0, 10)
    assert caught.value.kind == kind
    assert isinstance(caught.value, CrampkitInputError) and isinstance(caught.value, ValueError)


def test_bounds_are_inclusive_and_whole_numbers_checked():
    assert parse_number("0", 0, 10) == 0 and parse_number("10,0", 0, 10) == 10
    assert parse_number(4, 0, 10, whole=True) == 4
    with pytest.raises(NumberProblem) as caught:
        parse_number("4,5", 0, 10, whole=True)
    assert caught.value.kind == "not_whole" and caught.value.number == 4.5


def test_text_can_be_refused_where_a_contract_wants_numbers():
    with pytest.raises(NumberProblem) as caught:
        parse_number("2", 0, 15, text=False)
    assert caught.value.kind == "not_a_number"


def test_huge_text_is_cut_short_in_the_message():
    with pytest.raises(NumberProblem) as caught:
        parse_number("x" * 100_000)
    assert len(str(caught.value)) < 60


def test_flags_and_choices():
    assert [parse_flag(v, "swelling") for v in ("yes", "No", "", 1, 0, True)] == [True, False, False, True, False, True]
    with pytest.raises(CrampkitInputError, match="^swelling: 'maybe' is not allowed; give yes or no"):
        parse_flag("maybe", "swelling")
    assert parse_choice(" LEFT", "leg", ("left", "right")) == "left"
    with pytest.raises(CrampkitInputError, match="^leg: 'up' is not allowed"):
        parse_choice("up", "leg", ("left", "right"))
    words = parse_choices(["heat", "long sitting", "heat"], "before", ("heat", "long_sitting"))
    assert words == ("heat", "long_sitting")


def test_every_crampkit_error_shares_one_base():
    from crampkit import classroom, content, diary, entries, quiz, report, safe_files, store
    from crampkit.assessment import matching, profile
    from crampkit.plots import assessment
    from crampkit.topics import activity, hydration, medicine_check, nutrition, patterns, static_day

    errors = [activity.ActivityError, classroom.SurveyError, content.ContentError, diary.DiaryError,
              entries.EntryError, hydration.HydrationError, matching.MatchingError,
              medicine_check.CheckerError, nutrition.NutritionError, patterns.PatternError,
              profile.ProfileError, quiz.QuizError, report.ReportError, safe_files.SafeFileError,
              static_day.StaticDayError, store.StoreError, assessment.ChartError]
    assert len(set(errors)) == 17
    assert all(issubclass(error, checks.CrampkitInputError) for error in errors)


# ------------------------------------------------------------------ each tool: a decimal comma

def test_fluids_tool_accepts_decimal_commas(home):
    from crampkit import Profile
    from crampkit.widgets.fluids import fluids_calculator

    tool = fluids_calculator(Profile(age=40))
    tool.before.value, tool.after.value, tool.drinks.value, tool.minutes.value = "70,5", "69,7", "0,5", "60"
    tool.work_out_sweat()
    assert tool.sweat is not None and tool.sweat.litres == 1.3


def test_profile_form_accepts_a_decimal_comma(home):
    from crampkit.widgets.profile_form import profile_form

    form = profile_form()  # starts empty (issue 24): type an age first
    form.inputs["age"].value = "40"
    form.inputs["fluids_litres_per_day"].value = "1,5"
    profile, problems, _ = form.check()
    assert problems == {} and profile.fluids_litres_per_day == 1.5


def test_diary_accepts_a_decimal_comma(home):
    from crampkit.diary import Diary

    with Diary() as book:
        saved = book.add(when="2025-10-03 02:15", leg="left", muscle="calf", duration_minutes="2,5",
                         severity=4)
        assert saved.duration_minutes == 2.5
        book.import_csv('when,leg,muscle,duration_minutes,severity\n2025-10-04 01:00,right,calf,"1,5",3\n')
        assert sorted(ep.duration_minutes for ep in book.episodes()) == [1.5, 2.5]


def test_activity_and_static_day_tools_accept_decimal_commas(home):
    from crampkit import Profile
    from crampkit.widgets.activity import weekly_load_tool
    from crampkit.widgets.static_day import static_day_tool

    tool = weekly_load_tool(Profile(age=30, exercise_minutes_per_week=60))
    tool.boxes[1].value = "60,5"
    assert tool.changes is not None and tool.changes[1].minutes == 60.5
    day = static_day_tool(Profile(age=30, hours_sitting_per_day=4, hours_standing_per_day=4))
    day.sitting.value = "6,5"
    assert day.plan is not None and day.plan.hours_sitting == 6.5


def test_foods_portions_accept_a_decimal_comma():
    from crampkit.entries import read_number

    assert read_number("1,5", "How many portions", 0.25, 20, "portions") == 1.5
