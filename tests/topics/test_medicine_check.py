"""The medicine and condition checker core: splitting, matching, messages, published numbers."""
import pytest

from crampkit.assessment.profile import CONDITION_IDS
from crampkit.content import references
from crampkit.topics.medicine_check import (
    CheckerError,
    check_conditions,
    check_medicine,
    check_medicines,
    checker_texts,
    condition_evidence,
    published_associations,
    split_entries,
)


def test_split_keeps_thousands_and_drops_blanks_and_repeats():
    assert split_entries("metformin 1,000 mg, , Lipitor;Lipitor\nHyzaar 100/25") == [
        "metformin 1,000 mg", "Lipitor", "Hyzaar 100/25"]


@pytest.mark.parametrize("typed, classes", [
    ("Hyzaar 100/25", ["arb", "thiazide_diuretic"]),
    ("atorvastatine", ["statin"]),
    ("co-amilozide 5/50", ["potassium_sparing_diuretic", "thiazide_diuretic"]),
    ("Fostair 100/6", ["laba"]),
    ("Co-amilofruse 5/40", ["potassium_sparing_diuretic", "loop_diuretic"]),
])
def test_common_names_are_recognised(typed, classes):
    assert [c.id for c in check_medicine(typed).classes] == classes


def test_every_recognised_medicine_carries_the_prescriber_message():
    check = check_medicines("Hyzaar, Lasix, Symbicort, Lipitor, Evista")
    assert all(e.messages[0].key == "prescriber" for e in check.entries)
    assert "never stop or change a medicine on your own" in checker_texts()["prescriber"].text


def test_unknown_names_come_back_in_typed_order():
    assert check_medicines(["zzz", "Lipitor", "qqq"]).unrecognised == ("zzz", "qqq")


@pytest.mark.parametrize("bad, field", [(42, "medications"), (["ok", 3], "medications"),
                                        ("a," * 60, "medications")])
def test_bad_input_names_the_field(bad, field):
    with pytest.raises(CheckerError) as problem:
        check_medicines(bad)
    assert problem.value.field == field


def test_pregnant_must_be_true_or_false():
    with pytest.raises(CheckerError, match="pregnant"):
        check_conditions("", pregnant="yes")


def test_every_condition_has_sourced_evidence_text():
    known = set(references())
    table = condition_evidence()
    assert set(CONDITION_IDS) | {"pregnancy"} == set(table)
    for item in table.values():
        assert item.text and item.reference_ids and set(item.reference_ids) <= known


def test_checker_texts_are_sourced_and_never_suggest_quinine():
    known = set(references())
    for text in checker_texts().values():
        assert set(text.reference_ids) <= known
    assert "not recommended" in checker_texts()["quinine"].text


def test_published_associations_are_consistent():
    rows = published_associations()
    assert len(rows) == 8
    assert all(a.ci_low <= a.estimate <= a.ci_high for a in rows)
    assert [a.label for a in rows if a.includes_no_link] == ["Loop water pills"]


@pytest.mark.parametrize("typed", ["tonic water", "quinine sulfate 300mg", "Qualaquin", "bitter lemon"])
def test_quinine_in_any_form_gets_the_fda_warning_and_is_not_dropped(typed):
    check = check_medicines([typed])
    entry = check.entries[0]
    assert entry.recognised and check.unrecognised == ()
    assert [m.key for m in entry.messages] == ["quinine"]
    assert "fda_quinine" in entry.messages[0].reference_ids
    assert "not recommended" in entry.messages[0].text and "quinine" in check.class_ids


@pytest.mark.parametrize("typed", ["metformin 1,000 mg", "Synthroid", "paracetamol", "Lyrica 75mg"])
def test_everyday_medicines_say_plainly_there_is_no_known_link(typed):
    check = check_medicines([typed])
    entry = check.entries[0]
    assert entry.recognised and entry.no_known_link and check.unrecognised == ()
    assert entry.classes == () and entry.evidence_level == "none"
    text = entry.messages[0].text
    assert text.startswith("No known link with cramps") and "spelling" not in text


def test_only_unknown_names_are_told_to_check_the_spelling():
    check = check_medicines("metformin, Hyzaar, zorblax, tonic water")
    spelling = [e.typed for e in check.entries if any("spelling" in m.text for m in e.messages)]
    assert spelling == ["zorblax"] == list(check.unrecognised)


@pytest.mark.parametrize("typed", ["Evista 60mg", "estradiol 2 mg", "NuvaRing"])
def test_clot_risk_medicines_say_what_a_swollen_calf_means(typed):
    entry = check_medicine(typed)
    clot = [m for m in entry.messages if m.key == "clot_risk"]
    assert len(clot) == 1 and entry.recognised
    assert "swollen" in clot[0].text and "999, 911 or 112" in clot[0].text
    assert {"raloxifene_label", "nhs_dvt"} <= set(clot[0].reference_ids)
    assert all(m.key != "clot_risk" for m in check_medicine("Lipitor 20mg").messages)
