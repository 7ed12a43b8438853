"""Every shipped table: unique ids, allowed values, and sources that resolve."""
import csv
import io
import json
from pathlib import Path

import pytest

from crampkit.assessment.causes import CATEGORY_IDS, FLAG_RULES, RULES, rule_table
from crampkit.assessment.profile import CONDITION_IDS
from crampkit.content import read_table, references, split_ids

DATA = Path(__file__).resolve().parents[2] / "data"
EVIDENCE_LEVELS = {"strong", "moderate", "mixed", "weak", "expert_opinion", "reported"}
CONTRACT_CLASSES = {
    "laba", "short_acting_beta_agonist", "potassium_sparing_diuretic", "thiazide_diuretic",
    "loop_diuretic", "statin", "conjugated_estrogen", "raloxifene", "teriparatide", "naproxen",
    "celecoxib", "iv_iron_sucrose", "ace_inhibitor", "arb", "calcium_channel_blocker", "beta_blocker",
    "gabapentinoid", "zolpidem", "clonazepam", "citalopram", "cholinesterase_inhibitor", "tolcapone",
    "oral_contraceptive", "chemotherapy_selected", "stimulant", "quinine", "lithium",
}
CSV_FILES = sorted(p.name for p in DATA.glob("*.csv"))


def test_reference_ids_unique_and_complete():
    rows = read_table("references.csv")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["citation"] for r in rows)


def test_no_reference_links_to_a_bare_home_page_or_an_api_endpoint():
    """A reader who follows a link lands on the page cited, not a site's front page."""
    from urllib.parse import urlparse

    for ref in references().values():
        if ref.url:
            link = urlparse(ref.url)
            assert link.scheme in ("http", "https") and link.netloc, ref.id
            assert link.path not in ("", "/"), f"{ref.id}: {ref.url} is a home page"
            assert not link.netloc.startswith("api."), f"{ref.id}: {ref.url} is an API endpoint"


@pytest.mark.parametrize("ref_id, must_have", [
    ("jat2022_eamc", ["Miller KC, McDermott BP, Yeargin SW, Fiol A, Schwellnus MP",
                      "J Athl Train 2022;57(1):5-15", "exercise-associated muscle cramps"]),
    ("schwellnus2011_ironman", ["Schwellnus MP, Drew N, Collins M", "Br J Sports Med 2011;45(8):650-656",
                                "210 Ironman triathletes"]),
    ("malta2016_potassium", ["Adequate intake of potassium does not cause hyperkalemia",
                             "Am J Clin Nutr 2016;104(4):990-994"]),
    ("cochrane2020_pregnancy", ["Luo L, Zhou K, Zhang J, Xu L, Yin W", "CD010655"]),
    ("johnson_kona", ["International Journal of Exercise Science: Conference Proceedings"]),
])
def test_corrected_citations_name_authors_title_and_venue(ref_id, must_have):
    citation = references()[ref_id].citation
    for text in must_have:
        assert text in citation, (ref_id, text)


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
        # contract v3: lithium, like quinine, is recognised for a safety rule, not as a cause
        expected = {"none"} if row["class_id"] in ("quinine", "lithium") else {"strong", "moderate", "weak", "reported"}
        assert row["evidence_level"] in expected, row["class_id"]
        assert split_ids(row["reference_ids"]), row["class_id"]
    quinine = next(r for r in rows if r["class_id"] == "quinine")
    assert "fda_quinine" in split_ids(quinine["reference_ids"])
    assert "not a cause" in quinine["explanation"].lower()


def test_pregabalin_is_not_in_the_gabapentin_class():
    """No source links pregabalin with cramps (evidence notes §11), so no class claims it."""
    rows = {r["class_id"]: r for r in read_table("medication_classes.csv")}
    assert "pregabalin" not in rows["gabapentinoid"]["name"].lower()
    names = {r["name"].lower(): r for r in read_table("medications.csv")}
    assert names["pregabalin"]["class_ids"] == "" and names["lyrica"]["class_ids"] == ""


def test_every_medicine_name_maps_to_contract_classes():
    for row in read_table("medications.csv"):
        assert row["name"] and set(split_ids(row["class_ids"])) <= CONTRACT_CLASSES, row


def test_every_medicine_without_a_class_names_where_it_comes_from():
    """A recognised medicine with no cramp class is there because a source lists it."""
    for row in read_table("medications.csv"):
        if not split_ids(row["class_ids"]):
            assert split_ids(row["reference_ids"]), row["name"]


def test_conditions_cover_the_contract_ids():
    assert {r["condition_id"] for r in read_table("conditions.csv")} == set(CONDITION_IDS)


def test_causes_and_rules():
    causes = {r["category"]: r for r in read_table("causes.csv")}
    assert set(causes) == set(CATEGORY_IDS)
    assert all(r["evidence_level"] in EVIDENCE_LEVELS for r in causes.values())
    assert set(rule_table()) == set(RULES) | set(FLAG_RULES), "every rule in cause_rules.csv needs code, and back"
    for rule in rule_table().values():
        assert rule["category"] in CATEGORY_IDS and 0 < float(rule["weight"]) < 1
        assert split_ids(rule["reference_ids"])


def test_red_flag_messages_cover_every_flag_and_urgency():
    from crampkit.assessment.red_flags import FLAG_IDS
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


def test_cause_rules_say_what_fires_them_and_thresholds_are_numbers():
    for rule in rule_table().values():
        assert rule["needs"].strip(), rule["rule_id"]
        if rule["threshold"]:
            float(rule["threshold"])
    assert float(rule_table()["very_low_fluids"]["threshold"]) < float(rule_table()["low_fluids"]["threshold"]) <= 0.8


def test_plan_step_rules_name_real_steps_flags_conditions_and_classes():
    from crampkit.assessment.medications import medication_classes
    from crampkit.assessment.plan import FACT_CHECKS, PLACEMENTS, step_rules, step_table
    from crampkit.assessment.red_flags import FLAG_IDS, URGENCY_ORDER
    steps = step_table()
    rules = step_rules()
    assert rules
    for rule in rules:
        assert rule.steps and set(rule.steps) <= set(steps), rule.id
        # an empty instead withholds the step with no replacement: another step says why (contract v3)
        assert (not rule.instead or rule.instead in steps) and rule.instead not in rule.steps, rule.id
        assert set(rule.if_facts) <= set(FACT_CHECKS), rule.id
        assert rule.placement in PLACEMENTS, rule.id
        assert set(rule.if_conditions) <= set(CONDITION_IDS), rule.id
        for token in rule.if_flags:
            flag, _, urgency = token.partition(":")
            assert flag in FLAG_IDS and (not urgency or urgency in URGENCY_ORDER), (rule.id, token)
        assert set(rule.if_urgency) <= set(URGENCY_ORDER), rule.id
        known_classes = set(medication_classes()) | {"quinine"}
        assert set(rule.if_medicine_classes) <= known_classes, rule.id
        assert rule.if_conditions or rule.if_flags or rule.if_medicine_classes or rule.if_urgency or rule.if_facts, rule.id
        assert rule.why and rule.reference_ids, rule.id


def test_condition_details_belong_to_a_condition():
    for row in read_table("condition_details.csv"):
        assert row["condition_id"] in CONDITION_IDS and split_ids(row["synonyms"]), row["detail_id"]
