"""The causes chart: six bars from 0 to 100 (as the report says "81 out of 100"), labelled with evidence, titled, with a summary."""
import pytest

import crampkit
from crampkit.assessment.causes import categories
from crampkit.plots.assessment import X_TITLE, ChartError, causes_chart, urgency_colour
from crampkit.plots.style import URGENCY_COLOURS, summary_of


def runner():
    return crampkit.assess(crampkit.Profile(age=27, timing=["during_activity"], recent_training_increase=True,
                                            exercise_minutes_per_week=400))


def test_six_bars_highest_at_the_top_with_scores_from_the_assessment():
    a = runner()
    bar = causes_chart(a).data[0]
    assert len(bar.x) == 6 and bar.orientation == "h"
    assert bar.y[-1] == categories()[a.causes[0].category].title  # top of the chart
    assert list(bar.x) == sorted(bar.x)
    assert max(bar.x) == round(100 * a.causes[0].score)  # the same number the report shows


def test_axis_title_range_and_chart_title():
    fig = causes_chart(runner())
    assert fig.layout.xaxis.title.text == X_TITLE
    assert tuple(fig.layout.xaxis.range) == (0, 100)
    assert fig.layout.xaxis.showticklabels is False  # no number on the axis that reads as a chance
    assert fig.layout.title.text


def test_evidence_level_is_in_labels_and_hover():
    fig = causes_chart(runner())
    bar = fig.data[0]
    assert "Your answers point here" in bar.hovertemplate and "How sure the science is" in bar.hovertemplate
    assert "out of 100" not in bar.hovertemplate and "%{x}" not in bar.hovertemplate
    assert any("expert opinion only" in label for label in bar.text)
    assert any("moderate evidence" in label for label in bar.text)


def test_summary_names_the_top_cause():
    a = runner()
    summary = summary_of(causes_chart(a))
    assert summary.startswith("Your answers point most to")
    assert categories()[a.causes[0].category].title.lower() in summary


def test_no_supporting_answer_gives_grey_zero_bars_and_says_so():
    a = crampkit.assess(crampkit.Profile(age=30))
    fig = causes_chart(a)
    bar = fig.data[0]
    zero = [label for label, x in zip(bar.text, bar.x, strict=True) if x == 0]
    assert zero and all(label.startswith("no supporting answer ·") for label in zero)
    if all(c.score == 0 for c in a.causes):
        assert "None of your answers" in summary_of(fig)


def test_accepts_the_contract_dict_too():
    a = runner()
    assert list(causes_chart(a.to_dict()).data[0].x) == list(causes_chart(a).data[0].x)


@pytest.mark.parametrize("bad", [None, {"causes": [{"category": "moon", "score": 0.5}]},
                                 {"causes": [{"category": "conditioning", "score": 2}]}, "text"])
def test_bad_input_is_a_chart_error(bad):
    with pytest.raises(ChartError):
        causes_chart(bad)


def test_urgency_colour():
    assert urgency_colour("urgent") == URGENCY_COLOURS["urgent"]
    with pytest.raises(ChartError, match="urgency"):
        urgency_colour("panic")
