"""The day timeline with and without movement breaks (crampkit.topics.static_day)."""
import pytest

from crampkit.topics import static_day
from crampkit.topics.static_day import StaticDayError, day_timeline


def _minutes(blocks, kind):
    return sum(b.minutes for b in blocks if b.kind == kind)


def test_breaks_cut_the_longest_still_time_and_keep_the_day_24_hours():
    plan = day_timeline(9, 2)
    assert plan.longest_still_without_breaks == 540
    assert plan.longest_still_minutes == 30
    assert plan.breaks == 17 + 3
    for blocks in (plan.without_breaks, plan.with_breaks):
        assert blocks[0].start_minute == 7 * 60
        assert blocks[-1].end_minute == 7 * 60 + 24 * 60
        assert all(a.end_minute == b.start_minute for a, b in zip(blocks, blocks[1:], strict=False))
    still_plain = _minutes(plan.without_breaks, "sitting") + _minutes(plan.without_breaks, "standing")
    still_broken = (_minutes(plan.with_breaks, "sitting") + _minutes(plan.with_breaks, "standing")
                    + _minutes(plan.with_breaks, "movement break"))
    assert still_plain == still_broken == 11 * 60
    assert _minutes(plan.with_breaks, "movement break") == 2 * plan.breaks


def test_longer_interval_means_fewer_breaks():
    assert day_timeline(9, 2, break_every_minutes=60).breaks < day_timeline(9, 2).breaks
    assert day_timeline(9, 2, break_every_minutes=60).longest_still_minutes == 60


def test_summary_says_what_changes():
    text = day_timeline(8, 0).summary
    assert "480 minutes" in text and "30 minutes" in text and "15 short breaks" in text


def test_no_still_hours():
    plan = day_timeline(0, 0)
    assert plan.breaks == 0 and plan.longest_still_minutes == 0
    assert "nothing to break up" in plan.summary


def test_half_hours_work():
    plan = day_timeline(0.5, 1.25)
    assert _minutes(plan.without_breaks, "sitting") == 30
    assert _minutes(plan.without_breaks, "standing") == 75


@pytest.mark.parametrize("sitting, standing, field", [
    (20, 8, "hours_sitting_per_day"), (-1, 2, "hours_sitting_per_day"),
    ("nine", 2, "hours_sitting_per_day"), (9, float("inf"), "hours_standing_per_day"),
])
def test_bad_hours_name_the_field(sitting, standing, field):
    with pytest.raises(StaticDayError, match=field):
        day_timeline(sitting, standing)


def test_only_offered_intervals():
    with pytest.raises(StaticDayError, match="break_every_minutes"):
        day_timeline(9, 2, break_every_minutes=17)


def test_clock_wraps_past_midnight():
    assert static_day.clock(24 * 60 + 30) == "00:30"


def test_day_chart_has_two_rows_and_a_summary():
    from crampkit.plots.activity import DAY_ROWS, day_timeline_chart
    from crampkit.plots.style import summary_of

    plan = day_timeline(9, 2)
    fig = day_timeline_chart(plan)
    names = [trace.name for trace in fig.data]
    assert names[:3] == ["sitting", "standing", "movement break"]
    breaks = fig.data[names.index("movement break")]
    assert len(breaks.x) == plan.breaks and set(breaks.y) == {DAY_ROWS[1]}
    assert summary_of(fig) == plan.summary
    assert "Time of day" in fig.layout.xaxis.title.text
