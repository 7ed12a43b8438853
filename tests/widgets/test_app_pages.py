"""The live apps' pages (crampkit.widgets.apps): made to open fast, with nothing lost.

The plan page sends the browser a folded section's boxes only when the person opens it,
yet every answer in it counts from the start; the apps draw their charts as inline SVGs
(no plotly.js to load) with a title, a description and the same numbers as the plotly chart.
"""
from __future__ import annotations

import re

from crampkit import diary as core
from crampkit.assessment.profile import Profile
from crampkit.plots import diary as charts
from crampkit.plots.assessment import TITLE
from crampkit.plots.style import summary_of
from crampkit.plots.svg import figure_svg
from crampkit.widgets.apps import diary_page, plan_page
from crampkit.wording import point_words

URGENT = Profile(age=66, symptoms=["swelling", "one_leg_only"])


def _sent(widget) -> bool:
    return widget.comm is not None


def test_a_folded_section_counts_at_once_and_reaches_the_browser_when_opened():
    app = plan_page(URGENT)
    sections = app.form.sections
    swelling = app.form.checkboxes["symptoms"]["swelling"]
    # the warning signs ticked in the folded section are in the answer from the start ...
    assert "URGENT" in app.banner.value.upper() and app.assessment.red_flags
    # ... but their boxes are not sent to the browser until the section is opened
    assert sections.selected_index == 0 and _sent(sections.bodies[0])
    assert not _sent(swelling) and all(_sent(child) for child in sections.children)
    sections.buttons[3].click()  # the "Warning signs" header, as Enter or a click opens it
    assert _sent(swelling) and swelling.get_state()["value"] is True
    assert sections.children[7].children == (sections.bodies[3],)  # in its place on the page
    assert swelling in [w for box in sections.bodies[3].children for w in getattr(box, "children", ())
                        for w in getattr(w, "children", ())]
    # a change in an opened section redraws the plan, as before
    swelling.value = False
    app.form.checkboxes["symptoms"]["one_leg_only"].value = False
    assert not app.assessment.red_flags


def test_an_answer_changed_in_a_section_not_yet_opened_is_shown_when_it_opens():
    app = plan_page(URGENT)
    dark = app.form.checkboxes["symptoms"]["dark_urine"]
    dark.value = True  # e.g. the made-up example filling the form
    assert any(flag.id for flag in app.assessment.red_flags)
    app.form.sections.buttons[3].click()
    assert _sent(dark) and dark.get_state()["value"] is True


def test_the_plan_page_sends_every_widget_it_shows():
    app = plan_page(URGENT)
    stack = [app.view]
    while stack:
        widget = stack.pop()
        assert _sent(widget), f"{type(widget).__name__} on the page was never sent"
        stack.extend(c for c in getattr(widget, "children", ()) if c is not None)


def test_the_plan_apps_chart_is_an_svg_with_a_title_a_description_and_the_scores():
    app = plan_page(URGENT)
    svg = app.chart.value
    assert svg.startswith("<svg") and 'role="img"' in svg and "plotly" not in svg
    assert re.search(rf"<title id=\"[^\"]+\">{TITLE}</title>", svg)
    assert svg.count('<rect class="bar"') == len(app.assessment.causes)
    for cause in app.assessment.causes:
        assert (f">{point_words(cause.score)} ·" if cause.score > 0 else ">no supporting answer ·") in svg
    # its ids differ from the first look's copy of the chart on the same page
    assert 'id="crampkit-causes-svg-title"' not in svg
    app.form.inputs["age"].value = "abc"  # an answer to fix: no chart of another moment
    assert app.chart.value == ""


def test_the_diary_apps_charts_are_svgs_that_follow_the_diary(tmp_path):
    app = diary_page(diary=core.Diary(tmp_path / "diary.sqlite3"))
    figures = charts.all_charts(app.frame)
    assert app.charts.value.count("<svg") == 4
    for fig in figures:  # each chart's title and its one-sentence summary for screen readers
        assert f">{fig.layout.title.text}</title>" in app.charts.value
        assert summary_of(fig) in app.charts.value
    assert "No cramps logged yet." in app.charts.value
    app.duration.value = "3"
    app.add_episode()
    assert app.charts.value.count('<rect class="bar"') > 0 and "No cramps logged yet." not in app.charts.value


def test_an_svg_chart_has_the_figures_bars_dots_and_hover_words():
    frame = core.demo_frame()
    week, hours, legs, severity = (figure_svg(f) for f in charts.all_charts(frame))
    assert week.count('<rect class="bar"') == len(core.weekly_counts(frame))
    assert hours.count('<rect class="bar"') == 24
    assert legs.count('<rect class="bar"') == 3 * 4 and "Left leg" in legs and "Both legs" in legs
    assert severity.count('<circle class="dot"') == len(frame) and "<polyline" in severity
    assert "out of 10</title>" in severity and "cramps</title>" in week


def test_the_diary_page_sends_every_widget_it_shows(tmp_path):
    app = diary_page(diary=core.Diary(tmp_path / "diary.sqlite3"))
    stack = [app.view]
    while stack:
        widget = stack.pop()
        assert _sent(widget), f"{type(widget).__name__} on the page was never sent"
        stack.extend(c for c in getattr(widget, "children", ()) if c is not None)
    app.duration.value = "2"  # and it works as before once sent
    assert app.add_episode() is not None and "<svg" in app.charts.value


def test_text_boxes_share_one_layout_that_no_one_can_change_for_all(tmp_path):
    """The page's text widgets share one layout and style (fewer models to load); changing
    the shared layout would change them all, so it is refused with a message."""
    import pytest

    app = diary_page(diary=core.Diary(tmp_path / "diary.sqlite3"))
    assert app.summary.layout is app.flags.layout and app.summary.style is app.flags.style
    with pytest.raises(AttributeError, match="shared"):
        app.summary.layout.display = "none"
    assert app.flags.layout.display is None
    # widgets whose layout the app changes keep their own
    assert app.delete_question.layout is not app.summary.layout


def test_the_first_look_shows_the_chart_the_app_drew_without_drawing_it_again(monkeypatch):
    import crampkit.plots.assessment as plots
    from crampkit.widgets.apps import plan_first_look

    app = plan_page(URGENT)
    drawn = []
    monkeypatch.setattr(plots, "causes_svg", lambda *a, **k: drawn.append(a) or "<svg></svg>")
    look = plan_first_look(app)
    assert drawn == [], "the first look drew the chart a second time"
    # the same bars and words as the live chart, under ids of its own
    live = app.chart.value
    assert live.count('<rect class="bar"') == look.count('<rect class="bar"') == len(app.assessment.causes)
    assert 'id="crampkit-causes-svg-title"' in look and 'id="crampkit-causes-svg-title"' not in live
    assert "crampkit-causes-live" not in look
    assert re.sub(r"crampkit-causes-\w+-", "", live) in re.sub(r"crampkit-causes-\w+-", "", look)
