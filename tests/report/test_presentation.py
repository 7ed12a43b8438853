"""One presentation of an assessment: every view says the same words, from one table."""
import ast
import html
import re
from pathlib import Path

import pytest

import crampkit
from crampkit import report
from crampkit.cli import render_text
from crampkit.content import read_table
from crampkit.plots.assessment import causes_chart
from crampkit.presentation import (
    EVIDENCE_LEVELS,
    NOT_COUNTED_WORDS,
    URGENCY_COLOURS,
    evidence_words,
    present,
    view_text,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("home")


def text(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())

# Ten hours sitting a day (an "expert opinion" cause) and a water pill ("weak" evidence).
PERSON = crampkit.Profile(age=30, hours_sitting_per_day=10, medications=["furosemide"])


def test_every_view_says_how_sure_the_science_is_in_one_wording():
    from crampkit.widgets.plan import PlanApp

    a = crampkit.assess(PERSON)
    static = next(c for c in present(a).causes if c.category == "static_positions")
    assert static.evidence == "expert opinion only"
    app = PlanApp(PERSON)
    chart_labels = " ".join(causes_chart(a).data[0].text)
    page = report.render_markdown(a, PERSON)
    for shown in (app.reasons_view.value, chart_labels, page):
        assert "expert opinion only" in shown
        assert not re.search(r"expert opinion(?! only)", shown), "the older wording is gone"
    sentence = view_text("cause_evidence", evidence="expert opinion only")
    assert sentence in text(app.reasons_view.value) and sentence in page
    for shown in (app.medicines_view.value, page, render_text(a)):
        assert "weak evidence" in shown, shown[:200]


@pytest.mark.parametrize("medicines", [["furosemide"], ["Evista", "tonic water"], ["metformin"], ["lithium"],
                                       ["bendroflumethiazide", "atorvastatin", "not-a-real-pill"]])
def test_a_medicine_is_worded_the_same_in_the_app_the_report_and_the_command_line(medicines):
    """Issue 27: the report once said "May contribute (weak evidence)" where the app said "how
    sure a link with cramps is: weak evidence" and the command line a third wording."""
    from crampkit.report.context import build_context
    from crampkit.widgets.plan import PlanApp

    person = crampkit.Profile(age=70, medications=medicines)
    a = crampkit.assess(person)
    lines = present(a).medicines
    assert [m.link for m in build_context(a, person).medications] == [m.link for m in lines]
    app, page, command = PlanApp(person).medicines_view.value, report.render_markdown(a, person), render_text(a)
    for line in lines:
        assert line.link in text(app) and line.link in page and line.link in command
        assert line.read_as in text(app) and line.read_as in page


def test_each_evidence_level_has_its_words_in_the_table():
    rows = {row["id"]: row["text"] for row in read_table("view_texts.csv")}
    for level in EVIDENCE_LEVELS:
        assert rows.get(f"evidence_{level}") == evidence_words(level) != level


def sentence_ids_asked_for() -> set[str]:
    """Every id a module of crampkit passes to view_text (both ids of ``"a" if x else "b"``)."""
    asked = set()
    for path in (ROOT / "crampkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "view_text" and node.args \
                    and not isinstance(node.args[0], ast.JoinedStr):  # f"not_counted_{x}": tested below
                asked |= {c.value for c in ast.walk(node.args[0])
                          if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return asked


def test_every_sentence_the_code_asks_for_is_a_row_of_the_table():
    """An id the table lacks would show as its id in plain words, not the educator's sentence."""
    rows = {row["id"] for row in read_table("view_texts.csv")}
    asked = sentence_ids_asked_for()
    assert {"step_count_one", "step_count_many", "next_step_read_plan", "cli_plan"} <= asked
    assert asked - rows == set()
    assert {f"not_counted_{reason}" for reason in NOT_COUNTED_WORDS} <= rows


def test_the_report_and_the_plan_take_their_colours_from_one_palette():
    assert report.URGENCY_COLOURS is URGENCY_COLOURS or dict(report.URGENCY_COLOURS) == URGENCY_COLOURS
    context = report.build_context(crampkit.assess(crampkit.Profile(age=50, symptoms=["dark_urine"])))
    assert context.colour == URGENCY_COLOURS["urgent"]


def test_a_presentation_fills_in_its_sentences():
    a = crampkit.assess(crampkit.Profile(age=50, symptoms=["dark_urine"]))
    shown = present(a)
    assert shown.next_steps[0] == view_text("next_step_warning", urgency="URGENT: get medical help today")
    assert "{" not in " ".join(shown.next_steps)
    assert present(a, demo=True).plan_heading == "The example plan"
    emergency = present(crampkit.assess(crampkit.Profile(age=30, symptoms=["heat_illness_signs"])))
    assert emergency.next_steps[-1] == view_text("next_step_emergency"), "under an emergency, the call only"


def test_the_report_says_how_sure_the_science_is_once():
    """The reason every person gets ("How sure is the science? ...") is shown once, beside the
    score, not again among the person's own reasons; the report finds it by its table row's words."""
    from crampkit.report.context import SCIENCE_LEAD, build_context

    a = crampkit.assess(PERSON)
    assert any(r.startswith(SCIENCE_LEAD) for c in a.causes for r in c.reasons)
    shown = build_context(a, PERSON).causes
    assert shown and not any(r.startswith(SCIENCE_LEAD) for c in shown for r in c.reasons)
    assert any(c.reasons for c in shown), "the person's own reasons stay"
