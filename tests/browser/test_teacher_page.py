"""The teacher's class survey page in notebook 10, served by Voila, walked by keyboard (issue 26).

Start the survey, watch the count rise by itself as students answer (written here as the
student form writes them), close the survey, and read the results: a class of 6 whose "how
often" answers are all small groups reads as one sentence, never one merged bar. Keyboard
only for the teacher's buttons (Tab and Enter). Screenshots for a person to look at.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crampkit import classroom

from .helpers import screenshot_both_widths
from .test_voila_apps import assert_no_problems, tab_to

pytestmark = pytest.mark.browser

GUIDE = "10_for_educators.ipynb"
PAGE = ".crampkit-teacher-page"
COUNT = ".crampkit-teacher-count"
TIMEOUT_MS = 120_000
FREQUENCIES = ("never", "less_than_monthly", "monthly", "weekly", "several_per_week", "weekly")


def _count_says(page, words: str, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(
        "([s, w]) => (document.querySelector(s) || {innerText: ''}).innerText.includes(w)",
        arg=[COUNT, words], timeout=timeout_ms)


def test_teacher_page_by_keyboard_from_start_to_results(voila_server, page, output_dir):
    # The session's Voila server is shared with the student-form tests: start from no survey.
    shutil.rmtree(Path(voila_server.env["CRAMPKIT_HOME"]) / "class_survey", ignore_errors=True)
    page.goto(f"{voila_server.base_url}/voila/render/{GUIDE}", timeout=TIMEOUT_MS,
              wait_until="domcontentloaded")
    page.locator(PAGE).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert_no_problems(page, GUIDE)
    teacher = page.locator(PAGE).first
    assert "No survey yet" in page.locator(COUNT).first.inner_text()
    # The link or command to hand out is on the page, for one computer by default.
    assert "voila notebooks/apps/class_survey.ipynb" in teacher.inner_text()
    folder = Path(page.locator(".crampkit-teacher-folder").first.inner_text().strip())

    teacher.locator("h3").first.click()  # where the keyboard walk starts
    tab_to(page, ".crampkit-teacher-start")
    page.keyboard.press("Enter")
    _count_says(page, "The survey is open: 0 answers so far.")
    for frequency in FREQUENCIES:  # students answer; nobody touches the teacher's page
        classroom.save_response(classroom.SurveyResponse(
            "14-16", "0", 1.0 if frequency == "never" else 1.5, frequency,
            () if frequency == "never" else ("night",)), folder)
    _count_says(page, f"{len(FREQUENCIES)} answers so far")  # by itself, no press
    teacher.screenshot(path=str(output_dir / "teacher_page_open.png"))

    tab_to(page, ".crampkit-teacher-close")
    page.keyboard.press("Enter")
    _count_says(page, f"The survey is closed with {len(FREQUENCIES)} answers.")
    results = teacher.locator(".crampkit-class-dashboard").first
    results.locator("table").first.wait_for(state="visible", timeout=60_000)
    text = results.inner_text()
    assert "Too few answers to show how often; ask again with more students." in text
    assert "other/combined: Never" not in text
    assert_no_problems(page, GUIDE)
    # For the screenshot: a window tall enough for the results, and their three charts drawn.
    page.set_viewport_size({"width": 1280, "height": 2600})
    results.scroll_into_view_if_needed()
    page.wait_for_function(
        "b => [...b.querySelectorAll('.js-plotly-plot')].filter("
        "p => p.getBoundingClientRect().height > 100).length >= 3",
        arg=results.element_handle(), timeout=60_000)
    results.screenshot(path=str(output_dir / "teacher_page_results.png"))
    screenshot_both_widths(page, output_dir / "teacher_guide")
