"""The cause rules are table rows that a small evaluator reads (issue 27): each row says its fact,
test, value, also and unless in words that exist, the few rules in code are named in one place,
and an edit to a row changes what a person is told."""
import pytest

from crampkit import Profile
from crampkit.assessment import causes
from crampkit.assessment.causes import CATEGORY_IDS
from crampkit.assessment.condition_table import details
from crampkit.assessment.facts import gather_facts
from crampkit.assessment.medications import medication_classes
from crampkit.assessment.profile import CONDITION_IDS, RELIEVERS, SYMPTOMS, TIMINGS
from crampkit.assessment.red_flags import FLAG_IDS
from crampkit.assessment.rule_table import (
    TESTS,
    WORDS,
    RuleBook,
    RuleTableError,
    fact_value,
    placeholders,
)
from crampkit.content import split_ids

ROWS = causes.rule_table()
FACTS = gather_facts(Profile(age=40))
IDS_OF = {"profile.symptoms": SYMPTOMS, "profile.timing": TIMINGS, "profile.relieved_by": RELIEVERS,
          "conditions": CONDITION_IDS, "condition_details": tuple(details()), "red_flags": FLAG_IDS,
          "emergency_categories": CATEGORY_IDS}


def _is_fact(name: str) -> bool:
    try:
        fact_value(name, FACTS)
    except AttributeError:
        return False
    return True


@pytest.mark.parametrize("rule_id", list(ROWS))
def test_each_row_says_its_condition_in_known_words(rule_id):
    row = ROWS[rule_id]
    assert row["test"] in TESTS, rule_id
    assert _is_fact(row["fact"]), f"{rule_id}: fact {row['fact']!r} is not in Facts or the profile"
    if row["test"] == "in_list":
        assert split_ids(row["value"]) and set(split_ids(row["value"])) <= set(IDS_OF[row["fact"]]), rule_id
    if row["test"] == "class_in":
        assert set(split_ids(row["value"])) <= set(medication_classes()), rule_id
    if row["test"] == "evidence_level":
        assert row["value"] in {c.evidence_level for c in medication_classes().values()}, rule_id
    if row["test"] in ("at_least", "below", "below_share_of"):
        float(row["threshold"])
    if row["test"] == "below_share_of":
        assert _is_fact(row["value"]), rule_id
    for name in split_ids(row["also"]) + split_ids(row["unless"]):
        assert name in ROWS or _is_fact(name), f"{rule_id}: {name!r} is neither a rule nor a fact"
        assert not (name in ROWS and _is_fact(name)), f"{rule_id}: {name!r} is both a rule and a fact"
    if row["test"] != "code":
        for field in placeholders(row["reason"]):
            assert field[0].lower() + field[1:] in WORDS, f"{rule_id}: no words for {{{field}}}"


def test_the_rules_in_code_are_exactly_the_rows_whose_test_is_code():
    assert {r for r, row in ROWS.items() if row["test"] == "code"} == set(causes.RULES_IN_CODE)
    assert len(causes.RULES_IN_CODE) <= 4, "a new rule in code: could a row say it?"
    assert set(causes.RULES) | set(causes.FLAG_RULES) == set(ROWS)
    assert not set(causes.RULES) & set(causes.FLAG_RULES)


def test_no_rule_reaches_itself_through_also_or_unless():
    def reach(rule_id, seen):
        for name in split_ids(ROWS[rule_id]["also"]) + split_ids(ROWS[rule_id]["unless"]):
            if name in ROWS:
                assert name not in seen, f"{rule_id} -> {name} loops"
                reach(name, seen | {name})
    for rule_id in ROWS:
        reach(rule_id, {rule_id})


def _edited(monkeypatch, rule_id, **changes):
    rows = dict(ROWS)
    rows[rule_id] = dict(rows[rule_id], **changes)
    monkeypatch.setattr(causes, "rule_table", lambda: rows)


def _overuse(profile):
    return next(c for c in causes.score_causes(gather_facts(profile)) if c.category == "overuse_fatigue")


def test_a_threshold_edited_in_the_table_changes_the_reason(monkeypatch):
    runner = Profile(age=30, exercise_minutes_per_week=250)
    assert "high_volume" not in _overuse(runner).fired_rules
    _edited(monkeypatch, "high_volume", threshold="200")
    cause = _overuse(runner)
    assert "high_volume" in cause.fired_rules
    assert "You exercise about 250 minutes a week, a lot of work for your legs." in cause.reasons


def test_also_and_unless_edited_in_the_table_switch_a_rule(monkeypatch):
    night = Profile(age=30, timing=["night"], recent_training_increase=True)
    assert "night_fatigue" in _overuse(night).fired_rules
    _edited(monkeypatch, "night_fatigue", unless="training_increase")
    assert "night_fatigue" not in _overuse(night).fired_rules
    _edited(monkeypatch, "night_fatigue", also="profile.pregnant")
    assert "night_fatigue" not in _overuse(night).fired_rules
    _edited(monkeypatch, "night_fatigue", also="training_increase")
    assert "night_fatigue" in _overuse(night).fired_rules


def test_a_list_edited_in_the_table_changes_what_fires(monkeypatch):
    resting = Profile(age=30, timing=["rest"])
    assert "night_fatigue" not in _overuse(resting).fired_rules
    _edited(monkeypatch, "night_fatigue", value="night;rest")
    assert "night_fatigue" in _overuse(resting).fired_rules


def test_a_capitalised_placeholder_starts_the_words_with_a_capital():
    facts = gather_facts(Profile(age=58, conditions=["smoker", "high blood pressure"]))
    assert RuleBook(ROWS, facts).reason("vascular_risk") == \
        "Smoking and high blood pressure can narrow the leg arteries over time."


def test_an_unknown_test_is_named_with_its_rule():
    rows = {"r": dict(ROWS["night_fatigue"], rule_id="r", test="roughly")}
    with pytest.raises(RuleTableError, match="rule r: test 'roughly'"):
        RuleBook(rows, gather_facts(Profile(age=30, timing=["night"]))).fires("r")


def test_each_emergency_warning_sign_concerns_one_cause_in_every_wording():
    """The cause an emergency puts first is read from red_flags.csv (plan_category): every row of
    one emergency flag must name the same cause, and every emergency flag has one."""
    from crampkit.content import read_table

    rows = [r for r in read_table("red_flags.csv") if r["urgency"] == "emergency"]
    assert rows
    for row in rows:
        assert causes.EMERGENCY_CATEGORIES[row["flag_id"]] == row["plan_category"] in CATEGORY_IDS, row["flag_id"]


def test_an_emergency_about_nerves_or_blood_flow_fires_the_nerve_circulation_emergency_rule():
    facts = gather_facts(Profile(age=70, symptoms=["sudden_one_sided_weakness"]))
    from crampkit.assessment.red_flags import evaluate_red_flags

    flags = evaluate_red_flags(facts.profile, facts.conditions, facts.class_ids, facts.medications)
    assert any(f.urgency == "emergency" and f.plan_category == "nerve_circulation" for f in flags)
    ranked = causes.score_causes(facts, flags)
    assert ranked[0].category == "nerve_circulation"
    assert "emergency_nerve_circulation" in ranked[0].fired_rules
    assert "emergency_nerve_circulation" not in next(
        c for c in causes.score_causes(facts) if c.category == "nerve_circulation").fired_rules


def _medical(profile):
    return next(c for c in causes.score_causes(gather_facts(profile)) if c.category == "medical_medications")


def test_the_alcohol_rule_is_a_table_row_that_opens_with_how_the_alcohol_was_told():
    assert ROWS["alcohol"]["test"] == "true" and ROWS["alcohol"]["fact"] == "heavy_alcohol"
    assert "alcohol" not in causes.RULES_IN_CODE
    typed = _medical(Profile(age=45, conditions=["heavy alcohol use"]))
    counted = _medical(Profile(age=45, alcohol_drinks_per_week=30))
    assert typed.reasons[0].startswith("You listed drinking a lot of alcohol. In one study")
    assert counted.reasons[0].startswith("You drink more than the low-risk limit for alcohol. In one study")
    assert "alcohol" not in _medical(Profile(age=45, alcohol_drinks_per_week=2)).fired_rules


def test_the_words_a_reason_is_built_from_are_edited_in_answer_labels(monkeypatch):
    """The rows cause_reason_words of answer_labels.csv: an edit changes what a person is told."""
    import crampkit.assessment.rule_table as rule_table

    words = {"alcohol_implied": "Your drinks a week are above the low-risk limit",
             "sign_dark_urine": "urine the colour of cola", "implied": "Your medicines hint at"}
    real = rule_table.label
    monkeypatch.setattr(rule_table, "label", lambda field, key, default=None:
                        words.get(key) if field == rule_table.REASON_WORDS and key in words
                        else real(field, key, default))
    assert _medical(Profile(age=45, alcohol_drinks_per_week=30)).reasons[0].startswith(
        "Your drinks a week are above the low-risk limit. In one study")
    statin = _medical(Profile(age=60, medications=["atorvastatin"], symptoms=["dark_urine"]))
    assert any(r.startswith("You take a statin (atorvastatin) and notice urine the colour of cola.")
               for r in statin.reasons)
    assert rule_table.LISTED_WORDS[False] == "Your medicines hint at"
    assert rule_table.LISTED_WORDS[True] == "You listed"


def test_the_table_read_once_still_follows_an_edited_copy_and_the_real_table_after_it(monkeypatch):
    """The evaluator reads each table object once (for speed); an edited copy is read afresh,
    and the real table's answers come back once the copy is gone."""
    runner = Profile(age=30, exercise_minutes_per_week=250)
    assert "high_volume" not in _overuse(runner).fired_rules
    _edited(monkeypatch, "high_volume", threshold="200")
    assert "high_volume" in _overuse(runner).fired_rules
    monkeypatch.undo()
    assert "high_volume" not in _overuse(runner).fired_rules


def test_one_persons_answers_never_reach_the_next_persons():
    """Assessing people one after another, in either order, gives each the same answer."""
    import crampkit

    people = [Profile(age=67, sex="female", conditions=["type 2 diabetes"], medications=["Hyzaar 100/25"],
                      timing=["night"], symptoms=["weakness"], fluids_litres_per_day=0.8),
              Profile(age=16, timing=["during_activity"], recent_training_increase=True,
                      exercise_minutes_per_week=600, hot_weather_or_heavy_sweating=True),
              Profile(age=52, symptoms=["swelling", "warmth", "one_leg_only"], clot_risks=["previous_clot"]),
              Profile(age=30)]
    forward = [crampkit.assess(p).to_dict() for p in people]
    backward = [crampkit.assess(p).to_dict() for p in reversed(people)][::-1]
    assert forward == backward
    assert len({str(a["causes"]) for a in forward}) == len(people)
