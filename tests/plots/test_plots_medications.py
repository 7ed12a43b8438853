"""The forest plot of published medicine links, and the pattern chart: what a reader sees."""
from crampkit.plots import summary_of
from crampkit.plots.medications import association_chart
from crampkit.plots.patterns import pattern_chart
from crampkit.topics.patterns import compare_patterns, pattern_answers


def points(fig):
    return {label: (x, trace) for trace in fig.data for label, x in zip(trace.y, trace.x, strict=False)}


def test_forest_plot_shows_every_estimate_with_its_interval():
    fig = association_chart()
    found = points(fig)
    assert len(found) == 8
    x, trace = found["Potassium-sparing water pills"]
    index = list(trace.y).index("Potassium-sparing water pills")
    assert x == 2.12
    assert round(x + trace.error_x.array[index], 2) == 2.78
    assert round(x - trace.error_x.arrayminus[index], 2) == 1.61


def test_log_axis_with_a_line_at_one_meaning_no_link():
    fig = association_chart()
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Adjusted sequence ratio (1 = no link)"
    assert any(shape.x0 == 1 and shape.x1 == 1 for shape in fig.layout.shapes)
    assert "Garrison 2012" in fig.layout.title.text


def test_summary_names_the_strongest_and_the_one_that_may_be_chance():
    text = summary_of(association_chart())
    assert "2.55" in text and "Loop water pills reaches 1" in text
    assert "you take" not in text


def test_classes_the_person_takes_are_highlighted_and_named():
    fig = association_chart(highlight_class_ids=["statin"])
    mine = [t for t in fig.data if t.name == "A class you take"]
    assert len(mine) == 1 and list(mine[0].y) == ["Statins"]
    assert "highlighted because you take them: Statins" in summary_of(fig)
    other = next(t for t in fig.data if t.name == "Published estimate")
    assert mine[0].marker.color != other.marker.color and mine[0].marker.symbol != other.marker.symbol


def test_pattern_chart_puts_the_three_patterns_side_by_side_and_warnings_apart():
    fig = pattern_chart(compare_patterns(pattern_answers(
        brought_on_by=["on_standing"], relieved_by=["eased_sitting_or_bending"])))
    main = fig.data[0]
    assert list(main.y) == ["Ordinary muscle cramp", "Circulation (narrowed leg arteries)",
                            "Spine (nerves squeezed in the lower back)"]
    assert list(main.x) == [0, 0, 67]
    assert [t.name for t in fig.data] == ["Pattern of leg pain", "Urgent warning pattern", "Not a cramp"]
    assert "not a diagnosis" in fig.layout.title.text
    assert "Spine (nerves squeezed in the lower back) 67%" in summary_of(fig)


def test_pattern_chart_with_nothing_ticked_says_so():
    fig = pattern_chart(compare_patterns(pattern_answers()))
    assert summary_of(fig).startswith("No pattern matches yet")
