"""Weekly jumps, the WHO guideline and the bedtime stretch routine (crampkit.topics.activity)."""
import pytest

from crampkit.content import references
from crampkit.entries import EntryError, read_number
from crampkit.topics import activity
from crampkit.topics.activity import ActivityError


def test_a_week_more_than_ten_percent_up_is_a_sudden_jump():
    weeks = activity.weekly_load([100, 110, 122, 100])
    assert [w.sudden_jump for w in weeks] == [False, False, True, False]
    assert weeks[2].change_percent == pytest.approx(10.9, abs=0.05)
    assert "sudden jump" in weeks[2].message
    assert weeks[3].message == "Down 18% on the week before."


def test_exactly_ten_percent_is_gradual():
    assert not activity.weekly_load([100, 110])[1].sudden_jump


def test_starting_from_nothing_counts_as_a_jump_but_two_empty_weeks_do_not():
    weeks = activity.weekly_load([0, 0, 0, 45])
    assert [w.sudden_jump for w in weeks] == [False, False, False, True]
    assert weeks[3].change_percent is None
    assert "no activity" in weeks[3].message.lower()


def test_labels_run_oldest_first_and_summary_names_the_jump():
    weeks = activity.weekly_load([60, 60, 60, 200])
    assert [w.label for w in weeks] == ["3 weeks ago", "2 weeks ago", "Last week", "This week"]
    summary = activity.load_summary(weeks)
    assert "this week" in summary and "233%" in summary and "rule of thumb" in summary


def test_summary_without_jumps():
    assert activity.load_summary(activity.weekly_load([60, 65, 70, 70])).startswith("No sudden jumps")


@pytest.mark.parametrize("bad", [[60], "60,70", None, [60, -1], [60, "two"], [60, float("nan")], [60, True]])
def test_bad_weeks_raise_a_message_naming_the_field(bad):
    with pytest.raises(ActivityError) as caught:
        activity.weekly_load(bad)
    assert "minutes" in str(caught.value)


def test_the_jump_rule_is_labelled_a_rule_of_thumb_with_sources_that_exist():
    rule = activity.JUMP_RULE
    assert rule["evidence_level"] == "expert_opinion"
    assert "Rule of thumb" in rule["text"]
    assert set(rule["reference_ids"]) <= set(references())
    assert "jat2022_eamc" in rule["reference_ids"]


@pytest.mark.parametrize("age, target", [(5, 420), (17, 420), (18, 150), (58, 150), (100, 150)])
def test_guideline_by_age(age, target):
    assert activity.guideline_minutes(age) == target


def test_guideline_check_words_and_percent():
    check = activity.guideline_check(150, age=40)
    assert check.meets_guideline and check.percent_of_guideline == 100
    low = activity.guideline_check(210, age=12)
    assert not low.meets_guideline and "50%" in low.message and "ages 5 to 17" in low.message
    assert check.reference_ids == ("who2020_activity",)


@pytest.mark.parametrize("age", [4, 111, "forty", None])
def test_guideline_rejects_bad_ages(age):
    with pytest.raises(ActivityError, match="age"):
        activity.guideline_check(100, age=age)


def test_tested_routine_is_three_ten_second_holds_per_stretch_and_leg():
    steps = activity.stretch_routine(10)
    assert len(steps) == 12
    for stretch in ("calf", "hamstring"):
        for leg in ("left", "right"):
            holds = [s for s in steps if s.stretch == stretch and s.leg == leg]
            assert [s.seconds for s in holds] == [10, 10, 10]
    # each leg rests 10 s (while the other stretches) between its holds
    left_calf = [s.start_second for s in steps if s.stretch == "calf" and s.leg == "left"]
    assert [b - a for a, b in zip(left_calf, left_calf[1:], strict=False)] == [20, 20]
    assert activity.total_seconds(steps) == 120
    assert activity.HOLD_OPTIONS[10][2] == ("hallegraeff2012_stretching",)
    assert activity.HOLD_OPTIONS[30][2] == ("acsm2021_stretching",)


def test_timer_state_counts_down_and_finishes():
    steps = activity.stretch_routine(30)
    first = activity.timer_state(steps, 0)
    assert first.step.leg == "left" and first.seconds_left == 30
    later = activity.timer_state(steps, 65)
    assert (later.step.stretch, later.step.leg, later.step.repeat, later.seconds_left) == ("calf", "left", 2, 25)
    assert activity.timer_state(steps, 180).step.stretch == "hamstring"
    assert activity.timer_state(steps, 360).finished


@pytest.mark.parametrize("hold", [0, 15, "10", None])
def test_only_offered_hold_lengths(hold):
    with pytest.raises(ActivityError, match="hold_seconds"):
        activity.stretch_routine(hold)


def test_timer_state_rejects_negative_time():
    with pytest.raises(ActivityError, match="elapsed"):
        activity.timer_state(activity.stretch_routine(), -1)


@pytest.mark.parametrize("text, expected", [("60", 60.0), (" 2,5 ", 2.5), ("45 min", 45.0), (".5", 0.5)])
def test_read_number_accepts_what_people_type(text, expected):
    assert read_number(text, "Minutes", 0, 100, "minutes") == expected


@pytest.mark.parametrize("text", ["two", "-3", "", "1e400", "5 5", "101"])
def test_read_number_gives_a_friendly_message(text):
    with pytest.raises(EntryError) as caught:
        read_number(text, "Minutes last week", 0, 100, "minutes")
    assert caught.value.field == "Minutes last week"
    assert "0 to 100 minutes" in str(caught.value)


def test_charts_have_titles_units_and_summaries():
    from crampkit.plots import activity as plots
    from crampkit.plots.style import summary_of

    weeks = activity.weekly_load([60, 60, 90, 95])
    fig = plots.weekly_load_chart(weeks)
    assert list(fig.data[0].y) == [60, 60, 90, 95]
    assert list(fig.data[0].marker.color).count(plots.PALETTE["vermillion"]) == 1
    assert "(sudden jump)" in fig.data[0].text[2]
    assert "minutes" in fig.layout.yaxis.title.text
    assert summary_of(fig) == activity.load_summary(weeks)

    check = activity.guideline_check(60, 58)
    fig = plots.guideline_chart(check)
    assert fig.data[0].x[0] == 60 and fig.layout.shapes[0].x0 == 150
    assert "minutes per week" in fig.layout.xaxis.title.text
    assert summary_of(fig) == check.message
