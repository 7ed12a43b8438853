"""The medicine checker and conditions view as a person uses them: type names, read the answers."""
import re

import pytest

from crampkit import Profile
from crampkit.widgets.medications import ConditionsView, MedicationChecker, conditions_view, medication_checker

PRESCRIBER = ("Keep taking it as prescribed; talk to your prescriber or pharmacist — never stop or "
              "change a medicine on your own")


pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def shown(widget) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", widget.value).split())


def test_prefilled_from_the_demo_person():
    checker = medication_checker()
    assert checker.text.value == "hydrochlorothiazide 12.5 mg"
    assert "Water pills (thiazides)" in shown(checker.results)
    assert "MADE-UP EXAMPLE" in checker.source_note.value


def test_hyzaar_shows_both_classes_and_the_prescriber_message():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "Hyzaar 100/25"
    text = shown(checker.results)
    assert "ARBs (blood pressure medicines)" in text
    assert "Water pills (thiazides)" in text
    assert "1.48 (95% CI 1.29-1.68)" in text
    assert "moderate evidence" in text
    assert PRESCRIBER in text


def test_a_typo_is_still_recognised_and_statins_get_the_safety_warning():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "atorvastatine"
    text = shown(checker.results)
    assert "Statins (cholesterol medicines)" in text
    assert PRESCRIBER in text
    assert "if your muscles get weak or your urine turns dark (the colour of cola)" in text
    assert "not caused by the statin" in text


def test_unknown_names_are_listed_back_not_dropped():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "Lipitor 20mg, Zorblaxin 5 mg, Blorptex"
    text = shown(checker.results)
    assert "Zorblaxin 5 mg" in text and "Blorptex" in text
    assert "Not in our list; check spelling or ask a pharmacist" in text
    assert checker.check.unrecognised == ("Zorblaxin 5 mg", "Blorptex")


def test_quinine_is_explained_as_not_recommended_never_as_a_treatment():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "quinine sulfate 300 mg"
    text = shown(checker.results)
    assert "not recommended" in text and "FDA" in text
    assert "Not in our list" not in text


def test_statin_with_dark_urine_raises_the_urgent_banner():
    checker = MedicationChecker(Profile(age=60, symptoms=["dark_urine"]))
    checker.text.value = "simvastatin 40 mg"
    assert "crampkit-urgency-banner" in checker.banner._dom_classes
    assert "Statin with weakness or dark urine" in checker.flags.value
    checker2 = MedicationChecker(Profile(age=60))
    checker2.text.value = "simvastatin 40 mg"
    assert "crampkit-urgency-banner" not in checker2.banner._dom_classes


def test_the_chart_highlights_the_classes_the_person_takes():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "Symbicort, spironolactone"
    fig = checker.last_figure
    mine = next(t for t in fig.data if t.name == "A class you take")
    assert "Potassium-sparing water pills" in mine.y
    assert "Long-acting inhalers (LABA) - all" in mine.y
    assert "Statins" not in mine.y


def test_too_long_an_entry_shows_a_message_naming_the_field():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "x" * 250
    assert "medications" in checker.message.value and "too long" in checker.message.value


def test_the_button_rechecks():
    checker = MedicationChecker(Profile(age=60))
    checker.text.value = "lasix"
    checker.results.value = ""
    checker.button.click()
    assert "Loop water pills" in shown(checker.results)


def test_conditions_show_what_the_evidence_says_with_numbers():
    view = ConditionsView(Profile(age=60))
    view.text.value = "cirrhosis, haemodialysis, t2dm, underactive thyroid"
    text = shown(view.results)
    assert "67%" in text
    assert "33% and 86%" in text
    assert "48%" in text
    assert "30% to 80%" in text
    assert "Kidney disease" in text  # dialysis implies kidney disease


def test_pregnancy_and_unknown_conditions():
    view = ConditionsView(Profile(age=30, sex="female"))
    view.text.value = "pregnant, bunions"
    text = shown(view.results)
    assert "later pregnancy" in text
    assert "bunions" in text and "not in our list of conditions" in text


def test_conditions_prefilled_and_pregnancy_box_labelled():
    view = conditions_view()
    assert view.text.value == "high blood pressure"
    assert "High blood pressure" in shown(view.results)
    assert view.pregnant.description and view.text.description


def test_dialysis_raises_a_see_a_clinician_banner():
    view = ConditionsView(Profile(age=60))
    view.text.value = "dialysis"
    assert "crampkit-urgency-banner" in view.banner._dom_classes


def test_a_too_long_entry_does_not_hide_the_statin_warning():
    checker = MedicationChecker(Profile(age=60, symptoms=["weakness"]))
    checker.text.value = "atorvastatin 20 mg, " + "x" * 250
    assert "URGENT" in shown(checker.banner)
    assert "2 warning signs" in shown(checker.banner)
    assert "statin" in shown(checker.flags).lower()


def test_a_too_long_condition_does_not_hide_the_dialysis_warning():
    view = ConditionsView(Profile(age=60))
    view.text.value = "dialysis, " + "x" * 250
    assert "warning sign" in shown(view.banner)
    assert shown(view.flags)
