"""The diary app: set the inputs like a person would, call the handlers, check the view."""
from __future__ import annotations

import base64
import html
import re
from datetime import date, time

import pytest

from crampkit.diary import Diary
from crampkit.widgets.diary import DiaryApp, diary_app


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "home"))
    return diary_app()


def fill(app: DiaryApp, **values) -> None:
    app.date.value = values.get("day", date(2025, 10, 3))
    app.time.value = values.get("at", time(2, 15))
    app.leg.value = values.get("leg", "right")
    app.muscle.value = values.get("muscle", "calf")
    app.duration.value = str(values.get("minutes", 3))
    app.severity.value = values.get("severity", 7)
    for key in values.get("before", ["long_sitting"]):
        app.before[key].value = True
    for key in values.get("relieved_by", ["stretching"]):
        app.relieved_by[key].value = True
    app.swelling.value = values.get("swelling", False)
    app.notes.value = values.get("notes", "")


def links(app: DiaryApp) -> dict[str, str]:
    """Download links: file name -> decoded file text (after pressing the button)."""
    assert app.downloads.value == ""  # nothing is built until the person asks
    app.prepare_downloads()
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                       app.downloads.value)
    return {name: base64.b64decode(data).decode("utf-8") for name, data in found}


def test_the_browser_tests_can_find_the_add_button_table_and_chart(app):
    assert "crampkit-diary-add" in app.add_button._dom_classes
    assert "crampkit-diary-table" in app.table._dom_classes
    assert "crampkit-diary-chart" in app.charts._dom_classes


def test_the_form_defaults_make_a_valid_episode(app):
    assert app.add_episode() is not None and len(app.diary) == 1


def test_every_input_is_labelled(app):
    inputs = [app.date, app.time, app.leg, app.muscle, app.duration, app.severity,
              app.swelling, app.notes, app.delete_choice, app.confirm_erase,
              *app.before.values(), *app.relieved_by.values()]
    assert all(w.description.strip() for w in inputs)


def test_a_new_diary_starts_empty_and_never_says_you_logged_cramps(app, tmp_path):
    # Issue 24: before anything is logged the diary shows nothing of anyone else's.
    assert not app.showing_demo and len(app.frame) == 0
    assert "not logged any cramps yet" in app.demo_note.value
    assert "You logged" not in app.summary.value + app.flags.value
    assert "No cramps logged yet" in app.summary.value and "SYNTHETIC" not in app.demo_table.value
    assert app.charts.outputs == () or all("8 cramps" not in str(o) for o in app.charts.outputs)


def test_new_person_sees_the_labelled_demo_only_when_asked_and_the_diary_file_stays_empty(app, tmp_path):
    app.demo_button.value = True
    assert app.showing_demo
    assert "MADE-UP EXAMPLE" in app.demo_note.value and "made-up" in app.demo_note.value
    assert "You logged" not in app.summary.value + app.flags.value  # the example is not "you"
    assert "MADE-UP EXAMPLE" in app.summary.value and "MADE-UP EXAMPLE" in app.flags.value
    assert "SYNTHETIC DEMO" in app.demo_table.value and "made up" in app.demo_table.value
    assert "SYNTHETIC" not in app.table.value  # the person's own table stays their own
    assert "at night (22:00–06:00)" in app.summary.value
    assert "Frequent cramps" in app.flags.value and "When to see a clinician" in app.flags.value
    assert app.chart_summaries.value.count("<li>") == 4
    assert len(Diary(tmp_path / "home" / "diary.sqlite3")) == 0
    files = links(app)
    assert list(files) and all(name.endswith(".html") for name in files)  # no CSV of nothing
    assert "made-up demo month" in next(iter(files.values()))


def test_form_defaults_to_now(app):
    from datetime import datetime

    now = datetime.now()
    assert app.date.value == now.date()
    assert abs((datetime.combine(app.date.value, app.time.value) - now).total_seconds()) < 120


def test_adding_an_episode_saves_it_and_replaces_the_demo(app, tmp_path):
    fill(app, leg="right", swelling=True, notes="woke me up")
    episode = app.add_episode()
    assert episode is not None and "Saved" in app.message.value
    assert not app.showing_demo and app.demo_note.value == ""
    saved = Diary(tmp_path / "home" / "diary.sqlite3").list()
    assert list(saved["leg"]) == ["right"] and bool(saved["swelling"][0])
    assert saved["before"][0] == "long_sitting" and saved["relieved_by"][0] == "stretching"
    assert "woke me up" in app.table.value and app.table.value.count("<tr>") == 2
    assert app.demo_table.value == ""
    assert "Swollen, warm or red leg" in app.flags.value  # one leg: urgent hint
    assert app.notes.value == "" and app.swelling.value is False  # form ready for the next
    # one episode to choose, after the "(choose an episode)" prompt
    assert [value for _, value in app.delete_choice.options][1:] == [episode.id]
    files = links(app)
    csv_name = next(name for name in files if name.endswith(".csv"))
    assert "woke me up" in files[csv_name]
    report = next(text for name, text in files.items() if name.endswith(".html"))
    assert "Swollen, warm or red leg" in report and "made-up demo" not in report


def test_a_bad_entry_shows_a_message_next_to_the_field(app, tmp_path):
    fill(app, notes="x" * 1200)
    assert app.add_episode() is None
    assert "1000 characters" in app.errors["notes"].value
    assert "check the entry" in app.message.value
    assert len(Diary(tmp_path / "home" / "diary.sqlite3")) == 0
    app.notes.value = "short"
    app.add_episode()
    assert app.errors["notes"].value == ""


def test_a_future_date_is_refused_next_to_the_date(app):
    fill(app, day=date(2999, 1, 1))
    app.add_episode()
    assert "future" in app.errors["when"].value
    app.date.value = None
    app.add_episode()
    assert "date and the time" in app.errors["when"].value


def test_delete_needs_a_choice_asks_first_and_answers_beside_the_button(app):
    # Issue 16: the answer shows next to "Delete episode" (not by "Add to my diary"), and
    # Delete asks before it acts.
    app.delete_episode()
    assert "Choose an episode" in app.delete_message.value and app.message.value == ""
    fill(app)
    app.add_episode()
    assert app.delete_choice.value is None  # nothing chosen for the person
    app.delete_choice.value = app.delete_choice.options[1][1]
    app.delete_button.click()
    assert not app.showing_demo, "deleted without asking"
    assert "cannot be undone" in app.delete_message.value
    assert app.delete_question.layout.display != "none"
    app.keep_button.click()
    assert not app.showing_demo and "Nothing deleted" in app.delete_message.value
    assert app.delete_question.layout.display == "none"
    app.delete_button.click()
    app.confirm_delete_button.click()
    assert "deleted" in app.delete_message.value and not app.showing_demo
    assert "not logged any cramps yet" in app.demo_note.value
    assert app.message.value == ""


def test_a_delete_question_goes_away_when_another_episode_is_chosen(app):
    for hour in (1, 2):
        fill(app, at=time(hour, 15))
        app.add_episode()
    app.delete_choice.value = app.delete_choice.options[1][1]
    app.delete_episode()
    app.delete_choice.value = app.delete_choice.options[2][1]
    assert app.delete_question.layout.display == "none" and app.delete_message.value == ""


def test_erase_asks_for_confirmation_beside_the_button(app, tmp_path):
    fill(app)
    app.add_episode()
    app.erase_button.click()
    assert "I am sure" in app.erase_message.value and app.message.value == ""
    assert len(Diary(tmp_path / "home" / "diary.sqlite3")) == 1
    app.confirm_erase.value = True
    app.erase_button.click()
    assert "erased" in app.erase_message.value and app.confirm_erase.value is False
    assert len(Diary(tmp_path / "home" / "diary.sqlite3")) == 0


def test_warning_signs_name_the_urgency_in_words(app):
    fill(app, swelling=True)
    app.duration.value = "15"
    app.add_episode()
    assert "see_clinician_soon" not in app.flags.value and "routine_self_care" not in app.flags.value
    assert "See a doctor or nurse soon" in app.flags.value or "URGENT" in app.flags.value


def test_tick_boxes_are_as_wide_as_their_words_and_wrap(app):
    for box in list(app.before.values()) + list(app.relieved_by.values()):
        assert box.layout.width == "auto"


def test_unexpected_errors_are_shown_not_swallowed(app, monkeypatch, caplog):
    def broken(**values):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(app.diary, "add", broken)
    fill(app)
    assert app.add_episode() is None
    assert "something went wrong" in app.message.value and "disk on fire" in app.message.value
    assert any("add_episode" in r.getMessage() for r in caplog.records)


def test_a_damaged_diary_file_is_reported_and_a_fresh_one_used(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "diary.sqlite3").write_text("not a diary")
    monkeypatch.setenv("CRAMPKIT_HOME", str(home))
    app = diary_app()
    assert "kept, unchanged" in app.message.value and len(app.frame) == 0
    kept = [p for p in home.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_text() == "not a diary"


def test_report_uses_the_profile_when_given(tmp_path):
    import crampkit

    profile = crampkit.Profile(age=40, symptoms=["dark_urine"])
    app = DiaryApp(Diary(tmp_path / "d.sqlite3"), profile=profile)
    report = next(text for name, text in links(app).items() if name.endswith(".html"))
    assert "URGENT: get medical help today" in report and "Your answers" in report


def test_the_charts_are_plotly_outputs_with_their_summaries(app):
    app.demo_button.value = True
    outputs = app.charts.outputs
    assert len(outputs) == 4
    for output in outputs:
        figure = output["data"]["application/vnd.plotly.v1+json"]
        assert figure["data"] and figure["layout"]["title"]["text"]
        assert output["data"]["text/plain"] in html.unescape(app.chart_summaries.value)
    before = [o["data"]["application/vnd.plotly.v1+json"]["data"] for o in outputs]
    fill(app)
    app.add_episode()
    after = [o["data"]["application/vnd.plotly.v1+json"]["data"] for o in app.charts.outputs]
    assert after != before  # redrawn from the person's own diary


def test_opening_the_app_writes_nothing_until_the_first_cramp_is_added(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CRAMPKIT_HOME", str(home))
    app = diary_app()
    app.refresh()
    app.confirm_erase.value = True
    app.erase_all()
    assert not app.showing_demo and "You logged" not in app.summary.value and not (home.exists() and any(home.iterdir()))
    fill(app)
    assert app.add_episode() is not None
    assert len(Diary(home / "diary.sqlite3")) == 1 and not app.showing_demo


def test_a_failure_after_the_warning_signs_still_leaves_them_up_to_date(app, monkeypatch):
    from crampkit import diary as core

    def broken(frame):
        raise RuntimeError("summary broke")

    fill(app, swelling=True)
    app.add_episode()
    app.flags.value = ""
    monkeypatch.setattr(core, "summary", broken)
    app.refresh()
    assert "clot" in app.flags.value.lower() or "swollen" in app.flags.value.lower()
    assert "something went wrong" in app.message.value


def test_the_app_page_first_look_shows_the_diary_warnings_and_weekly_chart(tmp_path, monkeypatch):
    """The diary app's first look comes from the app's own diary: the same warning signs,
    demo note and patterns, and the report's cramps-per-week chart; the report button is
    as wide as its words."""
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "home"))
    from crampkit.diary import weekly_counts
    from crampkit.widgets.apps import diary_first_look, diary_page

    app = diary_page()
    assert diary_first_look(app) == "", "no first look of an empty diary (nothing of anyone else's)"
    app.demo_button.value = True
    look = diary_first_look(app)
    assert app.flags.value in look and app.demo_note.value in look and app.summary.value in look
    assert look.count('<rect class="bar"') == len(weekly_counts(app.frame))
    assert look.index("Warning signs") < look.index("<svg")
    assert app.prepare_button.layout.align_self == "flex-start"
    assert app.children[1].value.startswith("<h3>Warning signs")


@pytest.mark.parametrize("typed, says", [
    ("-5", "'-5' is out of range"),
    ("1e400", "'1e400' is not a number"),
    ("", "is empty"),
    ("abc", "'abc' is not a number"),
    ("1,200", "1200 or 1.2?"),
    ("2 cups", "'cup' is a drink amount unit"),
    ("3 lb", "'lb' is a weight unit"),
    ("30 hours", "'30 hours' (30 hours = 1800 min) is out of range"),
])
def test_a_bad_length_is_a_note_beside_the_box_and_nothing_is_saved(app, typed, says):
    # Issue 24: "-5", "1e400" and empty became 0 and "abc" kept the old value, saving a cramp.
    fill(app)
    app.duration.value = typed
    assert app.add_episode() is None
    note = app.errors["duration_minutes"].value
    assert "How long (minutes)" in note and says.replace("'", "&#x27;") in note, note
    assert "marked in red" in app.message.value
    assert len(app.diary) == 0 and "Saved:" not in app.message.value


@pytest.mark.parametrize("typed, minutes, said", [
    ("2 hours", 120, "2 hours = 120 min"), ("1 h 30 min", 90, "1 h 30 min = 90 min"),
    ("1,5", 1.5, ""), ("3", 3, ""),
])
def test_the_length_takes_minutes_or_hours_and_says_the_conversion_beside_the_box(app, typed, minutes, said):
    fill(app)
    app.duration.value = typed
    assert (said in app.duration_note.value) if said else app.duration_note.value == ""
    episode = app.add_episode()
    assert episode is not None and episode.duration_minutes == minutes
    assert len(app.diary) == 1 and app.errors["duration_minutes"].value == ""


def test_a_bad_length_fixed_saves_one_episode_not_two(app):
    fill(app)
    app.duration.value = "abc"
    app.add_episode()
    app.duration.value = "4"
    assert app.add_episode() is not None
    assert len(app.diary) == 1 and app.errors["duration_minutes"].value == ""


def test_the_made_up_month_is_never_yours_even_after_an_educator_rewords_the_summary(app, monkeypatch):
    """The demo once swapped "You logged" for the example person by matching those words in
    the table's text: a reworded row ("You wrote down ...") would have said the made-up
    cramps were the person's. The summary now says whose they are from its own rows."""
    from crampkit import content

    table_words = content._table_words
    words = {**table_words("view_texts.csv"), "diary_summary_who_you": "You yourself"}
    monkeypatch.setattr(content, "_table_words", lambda table: words if table == "view_texts.csv"
                        else table_words(table))
    app.demo_button.value = True
    shown = html.unescape(app.summary.value + app.flags.value)
    assert "You yourself" not in shown and " your " not in shown
    assert "The made-up example person logged" in shown
    app.demo_button.value = False
