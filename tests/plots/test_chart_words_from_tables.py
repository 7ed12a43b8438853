"""The words of the causes chart and the report's chart are rows of data/plot_texts.csv (issue 27
item 2): an educator who edits a row changes what the chart says, in every place it is drawn."""
import pandas as pd
import pytest

import crampkit
from crampkit import content
from crampkit.plots.assessment import causes_chart, causes_svg
from crampkit.plots.style import summary_of
from crampkit.report.chart import weekly_bar_svg

WEEKS = pd.Series([2, 5], index=pd.to_datetime(["2025-10-06", "2025-10-13"]))


@pytest.fixture
def edited_plot_texts(monkeypatch):
    """Replace rows of data/plot_texts.csv for one test."""
    def edit(**rows):
        real = content._table_words
        words = {**real("plot_texts.csv"), **rows}
        monkeypatch.setattr(content, "_table_words", lambda table: words if table == "plot_texts.csv" else real(table))
    return edit


def test_the_causes_chart_says_the_table_words_in_plotly_and_in_the_svg(edited_plot_texts):
    result = crampkit.assess(crampkit.Profile(age=27))
    assert summary_of(causes_chart(result)) == ("None of your answers points to any of the six possible causes, "
                                                "so every bar is at 0.")
    edited_plot_texts(assessment_summary_nothing="Nothing you said points to a cause yet.",
                      assessment_bar_none="no answer points here · {evidence}")
    assert summary_of(causes_chart(result)) == "Nothing you said points to a cause yet."
    assert all(label.startswith("no answer points here · ") for label in causes_chart(result).data[0].text)
    svg = causes_svg(result)
    assert "Nothing you said points to a cause yet." in svg and "no answer points here · " in svg


def test_the_summary_counts_the_causes_with_no_supporting_answer():
    result = crampkit.assess(crampkit.Profile(age=27, timing=["during_activity"], recent_training_increase=True))
    summary = summary_of(causes_chart(result))
    unsupported = sum(1 for cause in result.causes if cause.score == 0)
    assert unsupported > 0
    assert summary.startswith("Your answers point most to ")
    assert summary.endswith(f"; {unsupported} of 6 causes have no supporting answer.")


def test_the_report_chart_title_description_and_axes_are_table_words(edited_plot_texts):
    svg = weekly_bar_svg(WEEKS)
    assert '<title id="chart-title">Cramps per week</title>' in svg
    assert ('<desc id="chart-desc">Bar chart of cramps per week (weeks start on Monday): '
            "week of 6 Oct: 2, week of 13 Oct: 5.</desc>") in svg
    assert ">Week starting (Monday)</text>" in svg and ">Cramps (count)</text>" in svg
    edited_plot_texts(report_chart_title="Cramps & weeks", report_chart_week="{week}: {count} cramps")
    svg = weekly_bar_svg(WEEKS)
    assert '<title id="chart-title">Cramps &amp; weeks</title>' in svg  # the table's words are escaped
    assert "(weeks start on Monday): 6 Oct: 2 cramps, 13 Oct: 5 cramps.</desc>" in svg
