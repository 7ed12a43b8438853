"""The profile form: every field has an input, bad entries are named next to the field,
nothing is saved until the person presses save, and forgetting asks first."""
import html
import re

import pytest
from v2_signs import NEW_SIGNS

from crampkit import store
from crampkit.assessment.profile import FIELD_NAMES, RELIEVERS, SYMPTOMS, TIMINGS, Profile
from crampkit.content import read_table
from crampkit.widgets.profile_form import ProfileForm, check_answers, profile_form

pytestmark = pytest.mark.usefixtures("home")  # every test: a fresh data folder (tests/conftest.py)


def text(widget):
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def test_every_contract_field_has_a_labelled_input():
    form = profile_form()
    assert set(form.inputs) | set(form.checkboxes) == set(FIELD_NAMES)
    for name, widget in form.inputs.items():
        assert widget.description.strip(), name
    assert list(form.checkboxes["timing"]) == list(TIMINGS)
    assert set(form.checkboxes["relieved_by"]) == set(RELIEVERS)
    assert set(form.checkboxes["symptoms"]) == set(SYMPTOMS)
    for group in form.checkboxes.values():
        for key, box in group.items():
            assert box.description and "_" not in box.description, key


def test_labels_come_from_the_data_table():
    rows = {(r["field"], r["id"]): r["label"] for r in read_table("answer_labels.csv")}
    form = profile_form()
    assert form.checkboxes["symptoms"]["dark_urine"].description == rows[("symptoms", "dark_urine")]
    assert form.inputs["age"].description == rows[("question", "age")]


def demo_form():
    """A form holding the made-up example's answers as if they were given (savable)."""
    return profile_form(store.demo_profile())


def test_starts_empty_and_shows_the_made_up_example_only_when_asked():
    # Contract v3 / issue 24: a new form is the person's own, never the demo person's.
    form = profile_form()
    assert form.source == "empty" and form.inputs["age"].value == ""
    assert form.to_profile() is None
    assert "Type your own answers" in text(form.status)
    assert "type your age" in text(form.field_messages["age"])
    assert not any(box.value for group in form.checkboxes.values() for box in group.values())
    form.demo_button.click()
    assert form.source == "demo" and form.is_demo
    assert form.to_profile() == store.demo_profile()
    assert "MADE-UP EXAMPLE" in text(form.status) and form.inputs["age"].value == "58"
    form.clear_button.click()
    assert form.source == "empty" and form.inputs["age"].value == ""
    assert not form.inputs["fluids_litres_per_day"].value, "no demo value stays behind"


def test_the_made_up_example_is_never_saved(home):
    form = profile_form()
    form.show_demo()
    assert form.save() is None and not (home / "profile.json").exists()
    assert "made-up example" in text(form.message)


def test_answers_round_trip_into_a_profile():
    form = demo_form()
    form.inputs["age"].value = " 71 "
    form.inputs["sex"].value = "male"
    form.inputs["conditions"].value = "type 2 diabetes, kidney disease"
    form.inputs["medications"].value = "Lipitor 20mg; ramipril"
    form.inputs["typical_duration_minutes"].value = "1.5"
    form.inputs["fluids_litres_per_day"].value = ""
    form.inputs["recent_training_increase"].value = True
    form.checkboxes["timing"]["during_activity"].value = True
    form.checkboxes["symptoms"]["numbness"].value = True
    p = form.to_profile()
    assert (p.age, p.sex, p.conditions, p.medications) == (
        71, "male", ("type 2 diabetes", "kidney disease"), ("Lipitor 20mg", "ramipril"))
    assert p.typical_duration_minutes == 1.5 and p.fluids_litres_per_day is None
    assert p.timing == ("night", "during_activity") and p.symptoms == ("numbness",)
    assert p.recent_training_increase is True


def test_text_in_a_number_box_names_the_field_next_to_it():
    form = demo_form()
    form.inputs["episodes_per_week"].value = "two"
    assert form.to_profile() is None
    shown = text(form.field_messages["episodes_per_week"])
    assert "Cramps per week" in shown and "'two'" in shown and "0 to 100" in shown
    assert "Traceback" not in shown
    assert all(not box.value for name, box in form.field_messages.items() if name != "episodes_per_week")


@pytest.mark.parametrize("typed, words", [("", "type your age"), ("-3", "-3"), ("200", "200"),
                                          ("sixty", "sixty"), ("40.5", "whole number")])
def test_impossible_ages_are_explained(typed, words):
    form = profile_form()
    form.inputs["age"].value = typed
    assert form.to_profile() is None
    shown = text(form.field_messages["age"])
    assert "Age" in shown and words in shown and "5 to 110" in shown


def test_every_bad_answer_is_shown_at_once_and_fixing_clears_it():
    form = profile_form()
    form.inputs["age"].value = "old"
    form.inputs["hours_standing_per_day"].value = "20"
    form.inputs["hours_sitting_per_day"].value = "10"
    form.inputs["fluids_litres_per_day"].value = "lots"
    assert form.to_profile() is None
    bad = {name for name, box in form.field_messages.items() if box.value}
    assert bad == {"age", "hours_sitting_per_day", "fluids_litres_per_day"}
    assert "24" in text(form.field_messages["hours_sitting_per_day"])
    form.inputs["age"].value = "60"
    form.inputs["hours_standing_per_day"].value = "2"
    form.inputs["fluids_litres_per_day"].value = "1.5"
    assert form.to_profile() is not None
    assert not any(box.value for box in form.field_messages.values())


def test_pregnant_with_male_is_named_next_to_pregnant():
    form = profile_form()
    form.inputs["sex"].value = "male"
    form.inputs["pregnant"].value = True
    assert form.to_profile() is None
    assert "Pregnant" in text(form.field_messages["pregnant"])


def test_nothing_is_saved_until_save_is_pressed(home):
    form = profile_form()
    form.inputs["age"].value = "33"
    form.to_profile()
    assert not (home / "profile.json").exists()
    path = form.save()
    assert path == home / "profile.json" and store.load_profile().age == 33
    shown = text(form.message)
    assert str(home) in shown and "Nothing leaves this computer" in shown
    assert form.source == "saved" and "saved details" in text(form.status)


def test_save_with_a_bad_answer_saves_nothing(home):
    form = profile_form()
    form.inputs["episodes_per_week"].value = "many"
    assert form.save() is None
    assert not (home / "profile.json").exists()
    assert "not saved" in text(form.message)


def test_a_new_form_prefills_from_saved_details():
    store.save_profile(Profile(age=44, timing=["rest"]))
    form = profile_form()
    assert form.source == "saved" and form.inputs["age"].value == "44"
    assert form.checkboxes["timing"]["rest"].value and not form.checkboxes["timing"]["night"].value


def test_load_button_fills_the_form_and_reports_nothing_saved():
    form = profile_form()
    assert form.load() is None and "Nothing is saved" in text(form.message)
    store.save_profile(Profile(age=81, symptoms=["weakness"]))
    assert form.load().age == 81
    assert form.inputs["age"].value == "81" and form.checkboxes["symptoms"]["weakness"].value


def test_damaged_saved_file_shows_the_store_message_and_starts_empty(home):
    home.mkdir(parents=True)
    (home / "profile.json").write_text("{damaged", encoding="utf-8")
    form = profile_form()
    assert form.source == "empty" and form.inputs["age"].value == ""
    shown = text(form.message)
    assert "could not be read" in shown and "damaged-" in shown
    assert any(".damaged-" in p.name for p in home.iterdir())


def test_load_of_a_damaged_file_keeps_it_aside(home):
    form = profile_form()
    home.mkdir(parents=True)
    (home / "profile.json").write_text('{"schema": "other"}', encoding="utf-8")
    assert form.load() is None
    assert "not a crampkit profile" in text(form.message) and form.source == "empty"


def test_forget_asks_first_then_erases_profile_and_diary(home):
    form = profile_form()
    form.inputs["age"].value = "29"
    form.save()
    (home / "diary.sqlite3").write_bytes(b"")
    form.ask_forget()
    assert form.confirm_box.layout.display != "none"
    assert (home / "profile.json").exists(), "asking is not erasing"
    form.cancel_forget()
    assert (home / "profile.json").exists() and "Nothing was erased" in text(form.message)
    form.ask_forget()
    erased = form.confirm_forget()
    assert set(erased) == {"profile.json", "diary.sqlite3"}
    assert not (home / "profile.json").exists() and not (home / "diary.sqlite3").exists()
    shown = text(form.message)
    assert "profile.json" in shown and "diary" in shown
    assert form.source == "empty" and form.inputs["age"].value == ""
    assert form.confirm_box.layout.display == "none"


def test_forget_names_a_file_it_leaves_because_the_person_changed_it(home, tmp_path):
    from crampkit.diary import Diary

    diary = Diary()
    diary.add(when="2025-10-03 02:15", leg="left", muscle="calf", duration_minutes=2, severity=6)
    export = tmp_path / "for-my-doctor.csv"
    diary.export_csv(export)
    export.write_text("my own notes")
    form = profile_form()
    form.ask_forget()
    asked = text(form.forget_list)
    assert "for-my-doctor.csv" in asked and "They stay" in asked
    form.confirm_forget()
    said = text(form.message)
    assert "diary.sqlite3" in said and "for-my-doctor.csv" in said and "They stay" in said
    assert export.read_text() == "my own notes"


def test_button_clicks_run_the_handlers(home):
    form = demo_form()
    form.save_button.click()
    assert (home / "profile.json").exists()
    form.forget_button.click()
    form.confirm_button.click()
    assert not (home / "profile.json").exists()


def test_listeners_hear_each_change_once_per_fill():
    form = profile_form()
    heard = []
    form.on_change(lambda: heard.append(1))
    form.inputs["age"].value = "70"
    assert heard == [1]
    form.set_profile(Profile(age=20, timing=["rest"], symptoms=["swelling"]), "given")
    assert heard == [1, 1]


def test_check_answers_keeps_the_good_answers_when_one_is_bad():
    profile, problems, rough = check_answers({"age": 50, "symptoms": ["swelling"], "episodes_per_week": "x"})
    assert profile is None and set(problems) == {"episodes_per_week"}
    assert rough.symptoms == ("swelling",) and rough.episodes_per_week is None


def test_given_profile_is_shown_without_touching_the_store(home):
    form = ProfileForm(Profile(age=12), "given")
    assert form.inputs["age"].value == "12" and not home.exists()


def test_every_v2_sign_is_in_the_form_and_reaches_the_profile(monkeypatch):
    form = demo_form()
    for sign in NEW_SIGNS:
        box = form.checkboxes["symptoms"][sign]
        assert box.description and "_" not in box.description
        box.value = True
    assert set(NEW_SIGNS) <= set(form.to_profile().symptoms)


def test_buttons_are_as_wide_as_their_labels():
    form = profile_form()
    for button in (form.save_button, form.load_button, form.forget_button, form.confirm_button,
                   form.cancel_button):
        assert button.layout.width == "auto"


V3_SIGNS = ("rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing", "confusion_or_unsteadiness",
            "pregnancy_warning_signs", "urge_to_move")


def test_every_v3_answer_is_in_the_form_in_plain_words_and_reaches_the_profile():
    from crampkit.assessment.profile import CLOT_RISKS
    form = profile_form()
    form.inputs["age"].value = "30"
    form.inputs["sex"].value = "female"
    for sign in V3_SIGNS:
        box = form.checkboxes["symptoms"][sign]
        assert len(box.description) > 20 and "_" not in box.description
        box.value = True
    assert list(form.checkboxes["clot_risks"]) == list(CLOT_RISKS)
    for key, box in form.checkboxes["clot_risks"].items():
        assert box.description and "_" not in box.description, key
        box.value = True
    form.inputs["alcohol_drinks_per_week"].value = "14"
    p = form.to_profile()
    assert set(V3_SIGNS) <= set(p.symptoms) and p.clot_risks == CLOT_RISKS
    assert p.alcohol_drinks_per_week == 14
    assert "drink" in form.inputs["alcohol_drinks_per_week"].description.lower()


def test_bad_alcohol_answer_is_named_beside_its_box():
    form = demo_form()
    form.inputs["alcohol_drinks_per_week"].value = "lots"
    assert form.to_profile() is None
    shown = text(form.field_messages["alcohol_drinks_per_week"])
    assert "'lots'" in shown and "Traceback" not in shown


def test_the_plan_form_converts_cups_and_hours_and_never_drops_a_wrong_unit():
    form = profile_form()
    form.inputs["age"].value = "15"
    form.inputs["fluids_litres_per_day"].value = "6 cups"
    form.inputs["exercise_minutes_per_week"].value = "3 hours"
    profile, problems, _ = form.check()
    assert problems == {} and profile.fluids_litres_per_day == pytest.approx(1.44)
    assert profile.exercise_minutes_per_week == 180
    form.inputs["fluids_litres_per_day"].value = "154 lb"
    profile, problems, _ = form.check()
    assert profile is None and "fluids_litres_per_day" in problems


def test_plan_form_sections_open_and_close_by_real_buttons_that_say_their_state():
    # Issue 24 item 6: the Accordion's headers could not be reached with Tab; each header is
    # now a button (Tab reaches it; Enter or Space presses it) whose words say open or closed.
    import ipywidgets as widgets

    form = ProfileForm(Profile(age=40), "given", collapsible=True)
    sections = form.sections
    assert [isinstance(b, widgets.Button) for b in sections.buttons] == [True] * 4
    assert sections.selected_index == 0 and sections.is_open(0) and not sections.is_open(1)
    cramps = sections.buttons[1]
    assert "Your cramps" in cramps.description and "closed" in cramps.description
    assert "crampkit-section-toggle" in cramps._dom_classes and "crampkit-open" not in cramps._dom_classes
    cramps.click()
    assert sections.is_open(1) and "open: press to close" in cramps.description
    assert "crampkit-open" in cramps._dom_classes and sections.bodies[1].layout.display != "none"
    cramps.click()
    assert not sections.is_open(1) and sections.bodies[1].layout.display == "none"
    assert sections.is_open(0)  # opening or closing one leaves the others as they were


def test_the_unit_setting_is_kept_with_the_saved_details_only_when_saved_and_forget_removes_it(tmp_path):
    form = profile_form(Profile(age=30, fluids_litres_per_day=1.5))
    assert form.units.value == "metric" and store.saved_units() == "metric"
    form.units.value = "us"
    assert not store.profile_path().exists()  # choosing is not saving
    form.save()
    assert store.saved_units() == "us"
    fresh = ProfileForm()  # a new page: the saved details and their units
    assert fresh.source == "saved" and fresh.units.value == "us"
    fresh.units.value = "metric"
    fresh.load()
    assert fresh.units.value == "us"
    fresh.ask_forget()
    fresh.confirm_forget()
    assert not store.profile_path().exists() and fresh.units.value == "metric"
    assert ProfileForm().units.value == "metric"


def test_a_damaged_unit_setting_reads_as_metric(tmp_path):
    import json

    store.save_profile(Profile(age=30), units="us")
    path = store.profile_path()
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["settings"] = {"units": "furlongs"}
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert store.saved_units() == "metric" and store.load_profile().age == 30
    with pytest.raises(store.StoreError):
        store.save_profile(Profile(age=30), units="furlongs")


def test_us_units_suggest_cups_and_show_litres_in_cups_beside_the_box():
    form = profile_form(Profile(age=30, fluids_litres_per_day=1.5))
    drinks = form.inputs["fluids_litres_per_day"]
    assert "500 mL" in drinks.placeholder and form.conversions["fluids_litres_per_day"].value == ""
    form.units.value = "us"
    assert "cups" in drinks.placeholder
    assert "1.5 L = about 6 cups" in form.conversions["fluids_litres_per_day"].value
    drinks.value = "8 cups"
    assert "8 cups = 1.92 L" in form.conversions["fluids_litres_per_day"].value
    assert form.to_profile().fluids_litres_per_day == pytest.approx(1.92)


@pytest.mark.parametrize("field, typed, minimum", [
    ("fluids_litres_per_day", "2 cups", 0.48), ("fluids_litres_per_day", "500 mL", 0.5),
    ("exercise_minutes_per_week", "2 hours", 120), ("hours_sitting_per_day", "90 min", 1.5),
])
def test_an_amount_typed_with_its_unit_is_converted_and_the_conversion_shown(field, typed, minimum):
    form = profile_form(Profile(age=30))
    form.inputs[field].value = typed
    assert f"{typed} = " in form.conversions[field].value
    assert getattr(form.to_profile(), field) == pytest.approx(minimum)


@pytest.mark.parametrize("field, typed, says", [
    ("fluids_litres_per_day", "154 lb", "'lb' is a weight unit"), ("fluids_litres_per_day", "abc", "abc"),
    ("fluids_litres_per_day", "-5", "out of range"), ("fluids_litres_per_day", "1e400", "1e400"),
    ("typical_duration_minutes", "1,200", "1200 or 1.2?"), ("age", "abc", "abc"), ("age", "-5", "-5"),
    ("age", "1e400", "1e400"),
])
def test_a_bad_amount_is_a_note_beside_its_box_and_nothing_is_saved(field, typed, says):
    form = profile_form(Profile(age=30))
    form.inputs[field].value = typed
    assert form.save() is None and not store.profile_path().exists()
    note = html.unescape(form.field_messages[field].value)
    assert says in note and len(re.sub(r"<[^>]+>", "", note)) <= 300, note
    assert form.conversions.get(field) is None or form.conversions[field].value == ""
