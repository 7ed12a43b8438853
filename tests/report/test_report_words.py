"""The report's words are rows of data/view_texts.csv: the templates only lay them out."""
import re
from pathlib import Path

import pytest

import crampkit
from crampkit import diary, presentation, report
from crampkit.content import read_table
from crampkit.report import render

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "crampkit" / "report" / "templates").glob("*.j2"))
pytestmark = pytest.mark.usefixtures("home")


def asked_in_templates() -> set[str]:
    """The ids the templates ask for with text(...)."""
    ids = set()
    for path in TEMPLATES:
        for call in re.findall(r'text\(([^)]*)\)', path.read_text()):
            ids |= set(re.findall(r'"([a-z0-9_]+)"', call))
    return ids


def test_every_sentence_the_templates_ask_for_is_a_row_of_the_table():
    rows = {row["id"] for row in read_table("view_texts.csv")}
    asked = asked_in_templates()
    assert {"report_title", "report_plan_heading", "report_plan_heading_after", "next_steps_heading"} <= asked
    assert asked - rows == set()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_templates_write_no_words_of_their_own(path):
    """Outside comments, tags and {{ }} / {% %}, a template holds only punctuation."""
    body = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)
    body = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", "", body, flags=re.S)
    words = re.findall(r"[A-Za-z]{2,}", body)
    assert words == [], f"{path.name} writes {words[:5]} itself"


def edited(monkeypatch, **rows):
    """Pretend an educator edited rows of data/view_texts.csv."""
    texts = {**presentation.view_texts(), **rows}
    monkeypatch.setattr(presentation, "view_texts", lambda: texts)
    monkeypatch.setattr(render, "view_texts", lambda: texts)


def test_an_educators_edit_of_a_heading_shows_in_both_reports_escaped_in_the_page(monkeypatch):
    edited(monkeypatch, report_causes_heading="Why <b>cramps</b> & you",
           report_made_on="Printed {day}, for the nurse.")
    a = crampkit.assess(crampkit.Profile(age=40, timing=["night"]))
    page = report.render_html(a, today="2025-11-03")
    text = report.render_markdown(a, today="2025-11-03")
    assert "Why &lt;b&gt;cramps&lt;/b&gt; &amp; you" in page and "<b>cramps" not in page
    assert "## Why <b>cramps</b> & you" in text
    assert "Printed 3 November 2025, for the nurse." in page and "Printed 3 November 2025, for the nurse." in text
    assert "What may contribute" not in page + text


def test_a_typed_medicine_inside_a_table_sentence_is_still_escaped():
    a = crampkit.assess(crampkit.Profile(age=60, medications=['the "blue" <b>pill</b>']))
    page = report.render_html(a, today="2025-11-03")
    assert "<b>pill</b>" not in page
    assert "&lt;b&gt;pill&lt;/b&gt;" in page


def test_the_diary_sentences_of_the_report_come_from_the_table(monkeypatch):
    edited(monkeypatch, report_weeks_sentence="In all {cramps} in {weeks}; at most {most} a week ({week}).",
           report_cramps_many="{count} cramps (counted)")
    context = report.build_context(None, diary_df=diary.demo_frame(), today="2025-11-03")
    assert context.diary.weeks_sentence.startswith("In all ")
    assert "cramps (counted)" in context.diary.weeks_sentence
    assert "{" not in context.diary.weeks_sentence


def test_typed_words_that_look_like_a_placeholder_are_shown_as_typed():
    """A condition typed as "my mum has diabetes {why}" was changed by the report into "my
    mum has diabetes someone else's": the sentence's placeholders were filled one after
    another, so the typed "{why}" was filled in turn."""
    import crampkit
    from crampkit.report import render_html, render_markdown

    profile = crampkit.Profile(age=40, conditions=["my mum has diabetes {why}"])
    assessment = crampkit.assess(profile)
    for page in (render_markdown(assessment, profile=profile), render_html(assessment, profile=profile)):
        assert "my mum has diabetes {why}" in page
        assert "diabetes someone else" not in page
