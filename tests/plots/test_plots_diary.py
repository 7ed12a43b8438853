"""The diary charts say what a person would read off them, with units and a summary."""
import pandas as pd
import pytest

from crampkit import diary
from crampkit.plots import diary as charts
from crampkit.plots import summary_of


def frame(rows):
    return pd.DataFrame([{"when": pd.Timestamp(w), "leg": leg, "muscle": muscle,
                          "duration_minutes": 2.0, "severity": sev} for w, leg, muscle, sev in rows])


ROWS = [("2026-11-02 23:00", "left", "calf", 6), ("2026-11-03 02:00", "left", "calf", 7),
        ("2026-11-04 14:00", "right", "foot", 3), ("2026-11-10 01:00", "both", "calf", 8)]


def test_four_charts_with_titles_units_and_summaries():
    figures = charts.all_charts(frame(ROWS))
    assert len(figures) == 4
    for fig in figures:
        assert fig.layout.title.text and "(" in fig.layout.yaxis.title.text and summary_of(fig)


def test_time_of_day_counts_night_cramps():
    fig = charts.time_of_day_chart(frame(ROWS))
    assert summary_of(fig).startswith("3 of 4 cramps started at night")
    assert sum(fig.data[0].y) == 4


def test_leg_and_muscle_counts():
    fig = charts.leg_muscle_chart(frame(ROWS))
    by_leg = {bar.name: dict(zip(bar.x, bar.y, strict=False)) for bar in fig.data}
    assert by_leg["Left leg"]["calf"] == 2 and by_leg["Right leg"]["foot"] == 1
    assert by_leg["Both legs"]["calf"] == 1
    assert "Most cramps were in the calf (3 of 4)" in summary_of(fig)


def test_per_week_counts():
    fig = charts.per_week_chart(frame(ROWS))
    assert list(fig.data[0].y) == [3, 1]


def test_empty_diary_says_so():
    fig = charts.per_week_chart(frame([]).reindex(columns=["when", "leg", "muscle",
                                                           "duration_minutes", "severity"]))
    assert summary_of(fig) == charts.EMPTY_MESSAGE


def test_not_a_diary_table_is_a_clear_error():
    with pytest.raises(diary.DiaryError, match="df:"):
        charts.per_week_chart({"when": []})


def test_severity_chart_reuses_a_summary_it_is_given():
    df = frame(ROWS)
    lines = diary.summary(df)
    assert summary_of(charts.severity_chart(df, lines)) == summary_of(charts.severity_chart(df))


def test_one_cramp_is_never_called_1_cramps():
    summaries = " ".join(summary_of(fig) for fig in charts.all_charts(frame(ROWS[:1])))
    assert "1 cramps" not in summaries and "1 cramp" in summaries
    assert not summaries.rstrip().endswith(";")



def test_severity_chart_with_one_cramp_labels_days_not_fractions_of_a_second():
    axis = charts.severity_chart(frame([("2026-12-02 14:46", "left", "calf", 5)])).layout.xaxis
    assert axis.tickformat == "%d %b"
    start, end = (pd.Timestamp(v) for v in axis.range)
    assert start <= pd.Timestamp("2026-12-01") and end >= pd.Timestamp("2026-12-03"), axis.range


def test_severity_chart_over_weeks_keeps_plotly_range():
    axis = charts.severity_chart(frame(ROWS)).layout.xaxis
    assert axis.tickformat == "%d %b" and axis.range is None


@pytest.mark.parametrize("rows, said", [
    (ROWS[:3], "; they felt about 5 out of 10 on average."),
    ([(w, leg, muscle, sev) for (w, leg, muscle, _), sev in zip(ROWS, (2, 3, 7, 8))],
     "; comparing your earlier and later cramps, how bad they felt got worse: from about 3 to about 8 "
     "out of 10 on average."),
])
def test_severity_chart_summary_says_how_bad_the_diary_summary_says(rows, said):
    lines = diary.summary(frame(rows))
    text = summary_of(charts.severity_chart(frame(rows)))
    assert text.endswith(said) and any(line.lower() == said[2:] for line in lines), (text, lines)


@pytest.mark.parametrize("chart", ["per_week_chart", "time_of_day_chart", "leg_muscle_chart", "severity_chart"])
def test_a_diary_table_with_a_bad_date_gets_a_message_naming_the_column(chart):
    from crampkit import diary as diary_core
    from crampkit.plots import diary as diary_charts

    table = diary_core.demo_frame().astype({"when": object})
    table.loc[table.index[0], "when"] = "x"
    with pytest.raises(diary_core.DiaryError, match="when"):
        getattr(diary_charts, chart)(table)
