"""Topic charts checked at 5, 20 and 50 items, on the figure objects (issue 16):
every food named, the sodium labels on their own lines, class charts tall enough with their
labels inside, and whole numbers on every count axis."""
from __future__ import annotations

import pandas as pd
import pytest

from crampkit import classroom
from crampkit.classroom import SurveyResponse, aggregate, responses_frame
from crampkit.plots import classroom as class_plots
from crampkit.plots import diary as diary_plots
from crampkit.plots import nutrition as nutrition_plots
from crampkit.plots.style import count_axis
from crampkit.topics import nutrition

SIZES = (5, 20, 50)


def whole_number_ticks(axis) -> bool:
    """True when every tick of ``axis`` is a whole number (a count of cramps or students)."""
    return (axis.tickmode == "linear" and float(axis.dtick).is_integer() and axis.dtick >= 1
            and float(axis.tick0 or 0).is_integer() and axis.tickformat == "d")


@pytest.mark.parametrize("n", SIZES)
def test_food_explorer_names_every_food(n):
    fig = nutrition_plots.top_foods_chart("potassium", n=n)
    names = list(fig.data[0].y)
    assert len(names) == n
    assert list(fig.layout.yaxis.tickvals) == names and list(fig.layout.yaxis.ticktext) == names
    # room for every label: a 14 px font needs about 18 px a row
    plot_height = fig.layout.height - 150
    assert plot_height / n >= 18


def test_food_explorer_at_twenty_shows_twenty_labels_not_ten():
    fig = nutrition_plots.top_foods_chart("magnesium", n=20)
    assert len(set(fig.layout.yaxis.ticktext)) == 20


@pytest.mark.parametrize("foods", [[("09040", 1)], [("09040", 1), ("11124", 2)] * 5, [("09040", 1)] * 50])
def test_sodium_labels_sit_on_their_own_lines_above_the_plot(foods):
    targets = nutrition.daily_targets(40)
    fig = nutrition_plots.sodium_chart(foods, targets)
    labels = {a.text.split(" ")[0]: a for a in fig.layout.annotations}
    reduce, adequate = labels["reduce"], labels["adequate"]
    assert reduce.x == targets["sodium_limit_mg"] and adequate.x == targets["sodium_mg"]
    for label in (reduce, adequate):
        # above the plot (paper y >= 1), centred on its line: never on an axis tick below
        assert label.yref == "paper" and label.y >= 1 and label.yanchor == "bottom"
        assert label.xanchor == "center"
    assert abs(reduce.yshift - adequate.yshift) >= 18, "the two labels would overlap"
    assert fig.layout.margin.t >= max(reduce.yshift, adequate.yshift) + 40
    # the limit line and its label are inside the x range
    assert fig.layout.xaxis.range[1] > targets["sodium_limit_mg"] * 1.1


def make_class(size: int):
    frequencies = ["never", "monthly", "weekly", "several_per_week"]
    assert set(frequencies) <= set(classroom.FREQUENCIES)
    answers = []
    for i in range(size):
        freq = frequencies[i % len(frequencies)] if size > 5 else frequencies[0]
        when = () if freq == "never" else ("night",)
        answers.append(SurveyResponse("14-16", "60-149", 1.5, freq, when, "female"))
    return aggregate(responses_frame(answers))


@pytest.mark.parametrize("size", SIZES)
def test_class_how_often_chart_is_tall_with_its_labels_inside(size):
    summary = make_class(size)
    assert summary.shown
    fig = class_plots.frequency_chart(summary)
    top = max(fig.data[0].y)
    assert fig.layout.height >= 300
    assert fig.layout.yaxis.range[1] >= top * 1.2, "no room for the 'n (p%)' label"
    assert whole_number_ticks(fig.layout.yaxis)
    # long answers are wrapped and kept level, so they do not eat the chart's height
    assert fig.layout.xaxis.tickangle == 0
    assert all(len(line) <= 24 for x in fig.data[0].x for line in x.split("<br>"))
    for other in class_plots.class_charts(summary)[1:]:
        has_bars = any(trace.type == "bar" for trace in other.data)
        assert other.layout.height >= (300 if has_bars else 200)


def diary_frame(size: int) -> pd.DataFrame:
    start = pd.Timestamp("2026-10-01 23:00")
    return pd.DataFrame([{"when": start + pd.Timedelta(hours=7 * i),
                          "leg": ("left", "right", "both")[i % 3],
                          "muscle": ("calf", "foot", "thigh")[i % 3],
                          "duration_minutes": 2.0, "severity": i % 11} for i in range(size)])


@pytest.mark.parametrize("size", (1, *SIZES))
def test_diary_count_axes_show_whole_cramps_only(size):
    frame = diary_frame(size)
    for make in (diary_plots.per_week_chart, diary_plots.time_of_day_chart,
                 diary_plots.leg_muscle_chart):
        fig = make(frame)
        assert whole_number_ticks(fig.layout.yaxis), make.__name__
        top = max(max(trace.y) for trace in fig.data)
        assert fig.layout.yaxis.range[1] >= top
        assert (fig.layout.yaxis.range[1] / fig.layout.yaxis.dtick) <= 10, "too many ticks"


@pytest.mark.parametrize("largest, step", [(0, 1), (1, 1), (4, 1), (8, 1), (9, 2), (20, 5), (50, 10), (400, 50)])
def test_count_axis_steps_are_whole_and_few(largest, step):
    axis = count_axis(largest)
    assert axis["dtick"] == step and axis["tickformat"] == "d"


def test_a_merged_group_label_is_wrapped_not_tilted():
    # the demo class merges two answers into one long "other/combined: ..." label
    summary = aggregate(classroom.load_responses(classroom.demo_class_folder()).responses)
    fig = class_plots.frequency_chart(summary)
    longest = max(fig.data[0].x, key=len)
    assert "other/combined" in longest and "<br>" in longest
    assert fig.layout.xaxis.tickangle == 0 and fig.layout.height >= 300
