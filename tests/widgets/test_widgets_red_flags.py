"""The red-flag checklist: the urgency banner comes first, changes with every tick, and a
typing slip never hides a warning sign."""
import html
import re

import pytest
from v2_signs import NEW_SIGNS

from crampkit import store
from crampkit.assessment.profile import Profile
from crampkit.widgets.red_flags import RedFlagChecklist, clinician_checklist, red_flag_checklist

pytestmark = pytest.mark.usefixtures("home")  # every test: a fresh data folder (tests/conftest.py)


def text(widget):
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def test_banner_is_the_first_thing_in_the_component():
    checklist = red_flag_checklist()
    assert checklist.view.children[0] is checklist.banner
    assert "crampkit-urgency-banner" in checklist.banner._dom_classes


def test_demo_person_has_no_warning_signs():
    checklist = red_flag_checklist()
    assert checklist.urgency == "routine_self_care"
    assert "No warning signs ticked" in text(checklist.banner)
    assert "<svg" in checklist.banner.value  # a drawn icon: no emoji font needed


def test_one_swollen_warm_leg_is_urgent_with_the_dvt_message_and_sources():
    checklist = red_flag_checklist()
    checklist.checkboxes["symptoms"]["swelling"].value = True
    assert checklist.urgency == "see_clinician_soon"
    assert "See a doctor or nurse soon" in text(checklist.banner)
    checklist.checkboxes["symptoms"]["warmth"].value = True
    assert checklist.urgency == "urgent"
    banner = text(checklist.banner)
    assert "URGENT: get medical help today" in banner and "999" in banner
    assert not re.search("[\U0001F300-\U0001FAFF\u2600-\u27BF]", checklist.banner.value)  # no emoji
    flags = text(checklist.flags_view)
    assert "blood clot" in flags and "NHS (DVT)" in flags and "Urgent, today" in flags
    assert "nhs_dvt" not in flags  # internal ids are never shown


def test_unticking_brings_the_banner_back_down():
    checklist = red_flag_checklist()
    checklist.checkboxes["symptoms"]["dark_urine"].value = True
    assert checklist.urgency == "urgent"
    checklist.checkboxes["symptoms"]["dark_urine"].value = False
    assert checklist.urgency == "routine_self_care"


def test_frequency_and_duration_boxes_drive_the_flags():
    checklist = red_flag_checklist()
    checklist.inputs["episodes_per_week"].value = "3"
    assert [f.id for f in checklist.flags] == ["frequent_or_severe"]
    checklist.inputs["typical_duration_minutes"].value = "15"
    checklist.checkboxes["symptoms"]["not_improving_with_self_care"].value = True
    assert checklist.urgency == "urgent"


def test_conditions_and_medicines_typed_as_text_count():
    checklist = red_flag_checklist()
    checklist.inputs["conditions"].value = "type 2 diabetes"
    assert "risk_factors" in [f.id for f in checklist.flags]
    checklist.inputs["medications"].value = "Lipitor 20mg"
    checklist.checkboxes["symptoms"]["weakness"].value = True
    assert "statin_muscle_warning" in [f.id for f in checklist.flags]


def test_a_typing_slip_is_named_but_cannot_hide_a_ticked_sign():
    checklist = red_flag_checklist()
    checklist.checkboxes["symptoms"]["wound_or_toxin_exposure"].value = True
    checklist.inputs["episodes_per_week"].value = "loads"
    assert checklist.urgency == "urgent"
    shown = text(checklist.field_messages["episodes_per_week"])
    assert "Cramps per week" in shown and "'loads'" in shown
    checklist.inputs["episodes_per_week"].value = "1"
    assert not checklist.field_messages["episodes_per_week"].value


def test_what_to_tell_the_clinician_follows_the_answers():
    checklist = red_flag_checklist()
    tell = "\n".join(checklist.tell)
    assert "At night in bed" in tell and "about 2 minutes" in tell and "about 2 a week" in tell
    assert "Stretching the muscle" in tell and "hydrochlorothiazide" in tell and "none ticked" in tell
    checklist.checkboxes["timing"]["during_activity"].value = True
    checklist.checkboxes["symptoms"]["numbness"].value = True
    tell = "\n".join(checklist.tell)
    assert "During exercise" in tell and "My leg feels numb" in tell
    assert "Warning signs crampkit found" in tell
    assert "During exercise" in text(checklist.tell_view)


def test_clinician_checklist_for_an_empty_profile_says_not_answered():
    lines = clinician_checklist(Profile(age=30))
    assert lines[0].endswith("not answered yet") and "none listed" in lines[4]


def test_prefills_from_saved_details():
    store.save_profile(Profile(age=70, symptoms=["sleep_disrupted"]))
    checklist = RedFlagChecklist()
    assert checklist.checkboxes["symptoms"]["sleep_disrupted"].value
    assert checklist.urgency == "see_clinician_soon"


def test_a_bad_entry_in_the_medicine_or_condition_box_does_not_hide_their_warnings():
    checklist = RedFlagChecklist(Profile(age=60, symptoms=["weakness"], medications=["atorvastatin"],
                                         conditions=["dialysis"]))
    checklist.inputs["medications"].value = "atorvastatin, " + "x" * 250
    checklist.inputs["conditions"].value = "dialysis, " + "y" * 250
    assert {"statin_muscle_warning", "risk_factors"} <= {f.id for f in checklist.flags}
    assert "too long" in checklist.field_messages["medications"].value
    assert "too long" in checklist.field_messages["conditions"].value


def test_a_damaged_saved_file_is_reported_where_it_is_first_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "damaged"))
    (tmp_path / "damaged").mkdir()
    (tmp_path / "damaged" / "profile.json").write_text("{not json", encoding="utf-8")
    checklist = red_flag_checklist()
    note = html.unescape(checklist.source_note.value)
    assert "made-up" in note and "could not be read" in note and "profile.json.damaged-" in note


def test_every_v2_sign_can_be_ticked_with_a_plain_label():
    checklist = red_flag_checklist()
    for sign in NEW_SIGNS:
        box = checklist.checkboxes["symptoms"][sign]
        assert box.description and "_" not in box.description


def test_breathless_or_chest_pain_gives_the_emergency_banner_with_the_numbers():
    checklist = red_flag_checklist()
    checklist.checkboxes["symptoms"]["swelling"].value = True
    checklist.checkboxes["symptoms"]["warmth"].value = True
    urgent_banner = checklist.banner.value
    checklist.checkboxes["symptoms"]["breathless_or_chest_pain"].value = True
    assert checklist.urgency == "emergency"
    banner = text(checklist.banner)
    assert "EMERGENCY" in banner.upper() and "URGENT:" not in banner
    for number in ("999", "911", "112"):
        assert number in banner
    # it looks different from "urgent", and not by colour alone: other words and another icon
    assert checklist.banner.value != urgent_banner
    assert re.search(r"<svg.*?</svg>", checklist.banner.value).group(0) != \
        re.search(r"<svg.*?</svg>", urgent_banner).group(0)
    assert "Emergency" in text(checklist.flags_view).split("Warning signs in your answers", 1)[1][:40]


def test_the_answer_repeats_right_under_the_list_of_signs():
    checklist = red_flag_checklist()
    children = list(checklist.view.children)
    signs = next(c for c in children if checklist.checkboxes["symptoms"]["swelling"] in
                 [w for box in getattr(c, "children", ()) for w in getattr(box, "children", ())])
    assert children[children.index(signs) + 1] is checklist.banner_after_signs
    checklist.checkboxes["symptoms"]["cold_pale_leg"].value = True
    repeat = text(checklist.banner_after_signs)
    assert "112" in repeat and "EMERGENCY" in repeat.upper()
    checklist.checkboxes["symptoms"]["cold_pale_leg"].value = False
    assert "No warning signs" in text(checklist.banner_after_signs)


def test_emergency_signs_are_listed_first():
    checklist = red_flag_checklist()
    order = [key for c in checklist.view.children for box in getattr(c, "children", ())
             for key, cb in checklist.checkboxes["symptoms"].items() if cb in getattr(box, "children", ())]
    emergency = [s for s, (_f, u) in NEW_SIGNS.items() if u == "emergency"]
    assert set(order[:len(emergency)]) == set(emergency)


def test_twitching_is_see_soon_but_weakness_still_urgent():
    checklist = red_flag_checklist()
    checklist.checkboxes["symptoms"]["muscle_twitching_or_wasting"].value = True
    assert checklist.urgency == "see_clinician_soon"
    checklist.checkboxes["symptoms"]["weakness"].value = True
    assert checklist.urgency == "urgent"


def test_checklist_names_what_it_did_not_understand_and_gives_no_all_clear():
    checklist = red_flag_checklist(Profile(age=40, medications=["qqqpill"]))
    assert checklist.flags == ()
    banners = html.unescape(checklist.banner.value + checklist.banner_after_signs.value)
    assert "No warning signs ticked" not in banners and "'qqqpill'" in banners
    assert "did not understand" in html.unescape(checklist.understood_view.value)
    assert "qqqpill" in " ".join(checklist.tell)


def test_every_v3_sign_and_clot_risk_can_be_ticked_in_the_checklist():
    from crampkit.assessment.profile import CLOT_RISKS
    checklist = red_flag_checklist(Profile(age=30, sex="female"))
    for sign in ("rest_pain_eased_by_hanging_leg_down", "foot_sore_not_healing", "confusion_or_unsteadiness",
                 "pregnancy_warning_signs", "urge_to_move"):
        assert "_" not in checklist.checkboxes["symptoms"][sign].description
    assert list(checklist.checkboxes["clot_risks"]) == list(CLOT_RISKS)
    checklist.checkboxes["symptoms"]["confusion_or_unsteadiness"].value = True
    checklist.checkboxes["clot_risks"]["long_journey"].value = True
    profile = checklist.assessment.profile
    assert "confusion_or_unsteadiness" in profile.symptoms and profile.clot_risks == ("long_journey",)
