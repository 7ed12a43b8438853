"""The teacher's page (issue 26): a class survey from start to results by buttons, no code.

Driven as a teacher would, by pressing the page's buttons (their handlers) and reading what
the page shows; students answer through the real student form.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from crampkit import classroom
from crampkit.classroom import teacher as teaching
from crampkit.plots import summary_of
from crampkit.widgets.survey import CLOSED_TEXT, survey_form
from crampkit.widgets.teacher import teacher_page

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "10_for_educators.ipynb"


def answer(folder, age="14-16", frequency="weekly", drinks=1.5, when=("night",)):
    form = survey_form(folder)
    form.age_band.value = age
    form.exercise.value = "60-149"
    form.drinks.value = drinks
    form.frequency.value = frequency
    for timing in when:
        form.when[timing].value = True
    form.submit()
    return form


def wait_for(condition, seconds=20.0):
    """Wait until ``condition()`` is true (the live count ticks every few hundredths of a
    second here); False if it never became true."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def page(tmp_path):
    app = teacher_page(tmp_path / "class", where="computer", refresh_seconds=0.05)
    yield app
    app.stop()


def text(widget) -> str:
    return re.sub(r"<[^>]+>", "", widget.value)


def test_start_count_close_and_results_by_buttons(page):
    folder = page.folder
    assert "No survey yet" in text(page.count)
    assert page.close_button.disabled and not page.start_button.disabled
    page.start_button.click()
    assert "The survey is open: 0 answers so far." in text(page.count)
    assert page.start_button.disabled and not page.close_button.disabled
    assert page.live  # the count refreshes by itself
    assert "once you close the survey" in text(page.results.children[0])
    for frequency in ("never", "never", "never", "never", "never", "weekly"):
        answer(folder, frequency=frequency, when=() if frequency == "never" else ("night",))
    assert wait_for(lambda: "6 answers so far" in text(page.count)), page.count.value
    page.close_button.click()
    assert "The survey is closed with 6 answers." in text(page.count)
    assert wait_for(lambda: not page.live, 5)
    board = page.dashboard
    assert board is not None and board.summary.shown and board.summary.students == 6
    assert len(board.figures) == 3 and "6 answers." in board.status.value
    assert page.close_button.disabled and page.form_button.disabled


def test_a_few_answers_read_as_one_sentence_not_one_merged_bar(page):
    """The issue's class of 6: each 'how often' given by one or two students."""
    page.start()
    for frequency in ("never", "less_than_monthly", "monthly", "weekly", "several_per_week",
                      "weekly"):
        answer(page.folder, frequency=frequency, when=() if frequency == "never" else ("rest",))
    page.close()
    board = page.dashboard
    frequency_chart = board.figures[0]
    assert summary_of(frequency_chart) == classroom.TOO_FEW_FREQUENCY
    assert "ask again with more students" in board.tables.value
    assert "other/combined" not in summary_of(frequency_chart)
    assert "other/combined: Never" not in board.tables.value
    assert "the most common answer" not in " ".join(summary_of(f) for f in board.figures)


def test_live_count_stops_by_itself_and_a_press_restarts_it(tmp_path):
    app = teacher_page(tmp_path / "class", where="computer", refresh_seconds=0.02,
                       live_minutes=0.002)  # 0.12 s
    try:
        app.start()
        assert wait_for(lambda: not app.live, 10)
        assert "Refresh the count" in text(app.count)
        answer(app.folder)
        app.refresh_button.click()
        assert "1 answer so far" in text(app.count) and app.live
    finally:
        app.stop()
    assert not app.live


def test_a_late_answer_gets_one_clear_sentence(page):
    page.start()
    for _ in range(5):
        answer(page.folder)
    page.close()
    late = answer(page.folder)
    assert text(late.message) == CLOSED_TEXT
    assert "teacher" not in late.message.value
    assert len(list(page.folder.glob("survey-*.json"))) == 5


def test_the_student_form_on_this_screen_counts(page):
    page.start()
    form = page.toggle_form()
    assert form is not None and page.form_box.children == (form.view,)
    form.age_band.value, form.exercise.value = "14-16", "0"
    form.drinks.value, form.frequency.value = 1.0, "never"
    assert form.submit() is not None
    assert wait_for(lambda: "1 answer so far" in text(page.count))
    form.reset()
    assert page.toggle_form() is None and page.form_box.children == ()


def test_new_survey_needs_a_second_press_and_deletes_only_the_answers(page):
    page.min_group.value = 10
    page.start()
    for _ in range(3):
        answer(page.folder)
    (page.folder / "lesson-notes.txt").write_text("mine")
    page.close()
    assert page.min_group.disabled and page.min_group.value == 10
    assert page.new_button.layout.display is None
    page.new_button.click()
    assert "deletes the 3 answers" in text(page.message)
    assert len(list(page.folder.glob("survey-*.json"))) == 3  # nothing deleted yet
    page.new_button.click()
    assert list(page.folder.glob("survey-*.json")) == []
    assert (page.folder / "lesson-notes.txt").read_text() == "mine"
    assert "The survey is open: 0 answers so far." in text(page.count)
    assert classroom.survey_settings(page.folder).min_group == 10


def test_an_open_survey_is_never_deleted(tmp_path):
    folder = tmp_path / "class"
    teaching.start_survey(folder)
    answer(folder)
    with pytest.raises(classroom.SurveyError, match="still open"):
        teaching.clear_closed_survey(folder)
    with pytest.raises(classroom.SurveyError, match="holds no survey"):
        teaching.clear_closed_survey(tmp_path)
    assert len(list(folder.glob("survey-*.json"))) == 1


def test_the_link_to_hand_out_for_each_place(page):
    page.where.value = "hub"
    assert page.hub_url.layout.display is None
    assert teaching.HUB_PLACEHOLDER in page.handout.value and "First replace" in page.handout.value
    page.hub_url.value = "https://hub.school.example"
    link = teaching.handout("hub", "https://hub.school.example").link
    # The hub's class apps service: no server of the student's own to wait for.
    assert link == ("https://hub.school.example/services/crampkit-apps/voila/render/"
                    "apps/class_survey.ipynb")
    assert link in page.handout.value
    assert "lab" not in link  # the form itself, not JupyterLab
    page.hub_url.value = "hub.school.example"
    assert "must start with https://" in page.handout.value
    page.where.value = "computer"
    assert "voila notebooks/apps/class_survey.ipynb" in page.handout.value
    assert page.hub_url.layout.display == "none"
    page.where.value = "binder"
    assert "do not hand out a survey link" in page.handout.value
    assert "mybinder.org/v2/gh/crampkit/crampkit/main" in page.handout.value


def test_where_the_page_runs_is_guessed_from_the_hub_and_binder_settings(tmp_path):
    assert teaching.guess_where(tmp_path, {}) == "computer"
    assert teaching.guess_where(tmp_path, {"JUPYTERHUB_USER": "ms-k"}) == "hub"
    assert teaching.guess_where(tmp_path, {"JUPYTERHUB_USER": "x",
                                           "BINDER_LAUNCH_HOST": "https://mybinder.org/"}) == "binder"
    assert teaching.guess_hub_url({"JUPYTERHUB_PUBLIC_HUB_URL": "https://hub.x.org/hub/"}) == (
        "https://hub.x.org")


def test_notebook_10_has_no_code_to_edit_and_says_which_link_to_hand_out():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in code:  # every code cell's input is hidden; none defines anything
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, cell["source"]
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class|for|if) |\bre\.\w+\(", source, re.M), source
    assert ["teacher_page()"] == [
        "".join(c["source"]) for c in code if "teacher_page(" in "".join(c["source"])]
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "classroom.create_survey" not in markdown and "classroom.close_survey" not in markdown
    hub_link = teaching.handout("hub").link
    assert f"`{hub_link}`" in markdown  # the lesson text is the link the page builds
    assert "`voila notebooks/apps/class_survey.ipynb`" in markdown
    assert "**On Binder**: do not hand out a survey link" in markdown
    assert "You need no coding" in markdown


def test_the_student_form_says_which_questions_it_needs(tmp_path):
    form = survey_form(tmp_path)
    starred = {name for name, w in (("age", form.age_band), ("sex", form.sex),
                                    ("exercise", form.exercise), ("drinks", form.drinks),
                                    ("frequency", form.frequency)) if w.description.endswith("*")}
    assert starred == {"age", "exercise", "drinks", "frequency"}
    assert "four questions marked *" in form.view.children[0].value
    form.age_band.value, form.exercise.value = "14-16", "0"
    form.drinks.value = 1.0
    assert form.submit() is None  # one starred question left: refused, named
    assert "how often" in form.errors["frequency"].value
    form.frequency.value = "weekly"  # the optional two stay empty: accepted
    assert form.submit() is not None
    app = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "apps"
                      / "class_survey.ipynb").read_text(encoding="utf-8"))
    intro = "".join(app["cells"][0]["source"])
    assert "Answer what you like" not in intro  # the form itself says what it needs


def test_a_late_answer_on_a_hub_gets_the_same_one_sentence(tmp_path):
    """On a hub the survey service refuses a late answer; the student reads one sentence."""
    import socket
    import threading

    from crampkit.classroom import collector

    folder = tmp_path / "class"
    for name in (collector.ANSWERS_DIR, collector.PRIVATE_DIR):
        (folder / name).mkdir(parents=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(collector.socket_path(folder)))
    server.listen(1)

    def reply_closed():  # what the collector answers once the teacher has closed the survey
        conn, _ = server.accept()
        with conn:
            collector._read_line(conn)
            conn.sendall((json.dumps({"error": classroom.CLOSED_MESSAGE, "closed": True})
                          + "\n").encode())

    thread = threading.Thread(target=reply_closed, daemon=True)
    thread.start()
    try:
        form = answer(folder)
    finally:
        thread.join(timeout=10)
        server.close()
    assert text(form.message) == CLOSED_TEXT
