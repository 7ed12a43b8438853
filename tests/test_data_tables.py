"""Every shipped table: unique ids, allowed values, and sources that resolve."""
import csv
import io
import json
from pathlib import Path

import pytest

from crampkit.causes import CATEGORY_IDS, RULES, rule_table
from crampkit.content import read_table, references, split_ids
from crampkit.profile import CONDITION_IDS

DATA = Path(__file__).resolve().parents[1] / "data"
EVIDENCE_LEVELS = {"strong", "moderate", "mixed", "weak", "expert_opinion", "reported"}
CONTRACT_CLASSES = {
    "laba", "short_acting_beta_agonist", "potassium_sparing_diuretic", "thiazide_diuretic",
    "loop_diuretic", "statin", "conjugated_estrogen", "raloxifene", "teriparatide", "naproxen",
    "celecoxib", "iv_iron_sucrose", "ace_inhibitor", "arb", "calcium_channel_blocker", "beta_blocker",
    "gabapentinoid", "zolpidem", "clonazepam", "citalopram", "cholinesterase_inhibitor", "tolcapone",
    "oral_contraceptive", "chemotherapy_selected", "stimulant",
}
CSV_FILES = sorted(p.name for p in DATA.glob("*.csv"))


def test_reference_ids_unique_and_complete():
    rows = read_table("references.csv")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["citation"] for r in rows)


def test_every_reference_has_a_short_readable_name():
    """The label a learner sees in text, e.g. "(NHS)", is set, short and never shared."""
    refs = references()
    names = [ref.short_name for ref in refs.values()]
    for ref in refs.values():
        assert ref.short_name, f"{ref.id}: no short_name"
        assert ref.short_name != ref.id and len(ref.short_name) <= 32, ref.id
    assert len(names) == len(set(names)), "two references share a short_name"
    assert refs["nhs_leg_cramps"].short_name == "NHS"
    assert refs["allen2012_aafp"].short_name == "Allen 2012"


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_reference_id_in_every_table_resolves(name):
    rows = list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))
    columns = [c for c in (rows[0].keys() if rows else []) if c in ("reference_ids", "reference_id")]
    known = set(references())
    for number, row in enumerate(rows, 2):
        for column in columns:
            for ref in split_ids(row[column]):
                assert ref in known, f"{name} line {number}: unknown reference id {ref!r}"


def test_medication_classes_match_the_contract_and_have_sources():
    rows = read_table("medication_classes.csv")
    assert {r["class_id"] for r in rows} == CONTRACT_CLASSES
    for row in rows:
        assert row["evidence_level"] in {"strong", "moderate", "weak", "reported"}
        assert split_ids(row["reference_ids"]), row["class_id"]


def test_every_medicine_name_maps_to_contract_classes():
    for row in read_table("medications.csv"):
        assert row["name"] and set(split_ids(row["class_ids"])) <= CONTRACT_CLASSES, row


def test_conditions_cover_the_contract_ids():
    assert {r["condition_id"] for r in read_table("conditions.csv")} == set(CONDITION_IDS)


def test_causes_and_rules():
    causes = {r["category"]: r for r in read_table("causes.csv")}
    assert set(causes) == set(CATEGORY_IDS)
    assert all(r["evidence_level"] in EVIDENCE_LEVELS for r in causes.values())
    assert set(rule_table()) == set(RULES), "every rule in cause_rules.csv needs code, and back"
    for rule in rule_table().values():
        assert rule["category"] in CATEGORY_IDS and 0 < float(rule["weight"]) < 1
        assert split_ids(rule["reference_ids"])


def test_red_flag_messages_cover_every_flag_and_urgency():
    from crampkit.red_flags import FLAG_IDS
    pairs = {(r["flag_id"], r["urgency"]) for r in read_table("red_flags.csv")}
    assert {flag for flag, _ in pairs} == set(FLAG_IDS)
    assert all(r["plan_category"] in CATEGORY_IDS for r in read_table("red_flags.csv"))


def test_plan_steps_name_a_category():
    for row in read_table("plan_steps.csv"):
        assert row["category"] in CATEGORY_IDS, row["step_id"]


def test_quiz_rows_are_answerable():
    for row in read_table("quiz.csv"):
        options = split_ids(row["options"])
        assert 2 <= len(options) and row["answer"] in options, row["question_id"]
        assert len(row["notebook"]) == 2 and row["notebook"].isdigit()


def test_associations_have_ordered_intervals():
    for row in read_table("associations.csv"):
        assert float(row["ci_low"]) <= float(row["estimate"]) <= float(row["ci_high"])


def test_demo_profile_is_valid():
    from crampkit import Profile
    Profile.from_dict(json.loads((DATA / "demo_profile.json").read_text()))


def test_cause_reasons_never_word_a_diagnosis():
    from crampkit.content import read_table

    for row in read_table("cause_rules.csv"):
        reason = row["reason"].lower()
        assert "you have " not in reason or "you have recently had" in reason, row["rule_id"]
        assert " is the pattern of" not in reason, row["rule_id"]


def test_a_quiz_option_naming_tonic_water_or_quinine_is_wrong_and_explained():
    from crampkit.content import read_table

    for row in read_table("quiz.csv"):
        for option in row["options"].split(";"):
            if "tonic" in option.lower() or "quinine" in option.lower():
                assert option != row["answer"], row["question_id"]
                assert "fda_quinine" in row["reference_ids"], row["question_id"]
