"""A report made from crampkit's made-up demo month speaks of the made-up example person,
never of "you": the warning signs, the next steps, the diary's summary and the episode list.

Before this was fixed, the report said "MADE-UP ... not a real person's cramps" above
"You logged 25 cramps ..." and "18 of your 25 cramps ...", and its warning signs at the
top said "You logged 8 cramps within 7 days".
"""
from __future__ import annotations

import re

import pytest

import crampkit
from crampkit import diary, report
from crampkit.presentation import view_text

pytestmark = pytest.mark.usefixtures("home")

MADE_UP_WHO = view_text("diary_summary_who_made_up")  # "The made-up example person"
# What a made-up month must never say of the reader (the person's own diary says these).
YOURS = ("You logged", "of your ", "Comparing your ", "your own notes", "Notes, in your words",
         "Keep writing down each cramp in your diary")


def _plain(page: str) -> str:
    """The words a person reads on the HTML page (tags dropped, entities read)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", page[page.index("<body>"):]))


def _reports(assessment=None, profile=None, frame=None) -> dict[str, str]:
    frame = diary.demo_frame() if frame is None else frame
    return {"html": _plain(report.render_html(assessment, profile, frame, today="2025-11-03")),
            "markdown": report.render_markdown(assessment, profile, frame, today="2025-11-03")}


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_a_made_up_diary_report_never_says_you_logged_the_cramps(kind):
    text = _reports()[kind]
    for words in YOURS:
        assert words not in text, words
    assert f"{MADE_UP_WHO} logged 25 cramps" in text  # the summary
    assert f"{MADE_UP_WHO} logged 8 cramps within 7 days" in text  # the warning sign at the top
    assert "made-up example person's 25 cramps" in text


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_the_made_up_note_comes_before_the_warning_signs_it_explains(kind):
    text = _reports()[kind]
    note = text.index(report.SYNTHETIC_NOTE)
    assert note < text.index("Frequent cramps") < text.index(report.SYNTHETIC_NOTE, note + 1)


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_real_answers_with_the_made_up_month_keep_the_answers_yours_and_the_diary_the_example(kind):
    """The diary app's report joins the person's saved answers to the demo month."""
    profile = crampkit.Profile(age=52, sex="female", timing=["night"])
    text = _reports(crampkit.assess(profile), profile)[kind]
    assert "You logged" not in text and f"{MADE_UP_WHO} logged 25 cramps" in text
    assert "MADE-UP EXAMPLE" in text and "these answers belong" not in text  # the answers are the person's
    # with no diary of their own, the person is asked to start one, not to keep "your diary"
    assert view_text("report_next_start_diary") in text


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_the_persons_own_diary_still_says_you(kind):
    own = diary.demo_frame().copy()
    own.attrs.clear()  # the same cramps, logged by the person
    text = _reports(frame=own)[kind]
    assert "You logged 25 cramps" in text and "You logged 8 cramps within 7 days" in text
    assert MADE_UP_WHO not in text and report.SYNTHETIC_NOTE not in text
    assert view_text("report_next_keep_diary") in text and view_text("report_episode_notes") in text
