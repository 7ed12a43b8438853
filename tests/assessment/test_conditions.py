"""Recognising typed conditions (contract v2): sciatica, liver disease and cirrhosis, and
nothing typed is ever dropped."""
import pytest

import crampkit
from crampkit.assessment.conditions import condition_details, recognise_conditions


@pytest.mark.parametrize("typed", ["sciatica", "Slipped disc", "herniated disk", "pinched nerve",
                                   "bulging disc at L4/5", "trapped nerve"])
def test_disc_and_nerve_root_words_are_sciatica_not_stenosis(typed):
    assert recognise_conditions([typed]) == (["sciatica"], [])


@pytest.mark.parametrize("typed", ["spinal stenosis", "lumbar canal stenosis", "narrowing of the spine"])
def test_stenosis_words_stay_stenosis(typed):
    assert recognise_conditions([typed]) == (["spinal_stenosis"], [])


@pytest.mark.parametrize("typed, cirrhosis", [
    ("cirrhosis", True), ("alcohol-related liver cirrhosis", True), ("cirrhosis of the liver", True),
    ("cirhosis", True), ("fatty liver", False), ("hepatitis", False), ("NAFLD", False),
    ("alcoholic liver disease", False),
])
def test_liver_words_are_liver_disease_and_cirrhosis_only_when_named(typed, cirrhosis):
    assert recognise_conditions([typed]) == (["liver_disease"], [])
    assert condition_details([typed]) == (["cirrhosis"] if cirrhosis else [])


def test_each_typed_condition_comes_back_exactly_once():
    typed = ["type 2 diabetes", "diabetes", "gout", "Gout", "slipped disc", "12-hour flight"]
    d = crampkit.assess(crampkit.Profile(age=50, conditions=typed)).to_dict()
    assert d["conditions"] == ["diabetes", "sciatica"]
    # contract v3: gout is understood (other_conditions) and a 12-hour flight is a clot risk
    assert d["unrecognised_conditions"] == []
    assert d["other_conditions"] == ["gout", "Gout"] and d["clot_risks"] == ["long_journey"]
