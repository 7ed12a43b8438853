"""The pattern comparison: what brings leg pain on and what eases it -> which pattern it resembles."""
import pytest

from crampkit import Profile
from crampkit.assessment.red_flags import evaluate_red_flags
from crampkit.content import read_table, references
from crampkit.topics.patterns import (
    FEATURES,
    LABELS,
    MAIN_PATTERNS,
    RELIEFS,
    TRIGGERS,
    PatternError,
    answers_from_profile,
    closest_patterns,
    compare_patterns,
    explore,
    headline,
    pattern_answers,
    patterns,
    symptoms_for,
)


def percents(answers):
    return {m.id: m.percent for m in compare_patterns(answers)}


def test_walking_relieved_by_standing_still_resembles_circulation_most():
    answers = pattern_answers(brought_on_by=["on_walking"], relieved_by=["eased_standing_still"])
    found = percents(answers)
    assert closest_patterns(compare_patterns(answers)) == ("circulation",)
    assert found["circulation"] > found["spine"] > found["muscle_cramp"] == 0


def test_sitting_or_bending_forward_resembles_the_spine():
    answers = pattern_answers(brought_on_by=["on_walking", "on_standing"],
                              relieved_by=["eased_sitting_or_bending"])
    assert closest_patterns(compare_patterns(answers)) == ("spine",)


def test_night_cramp_eased_by_stretching_with_a_hard_muscle_resembles_ordinary_cramp():
    answers = pattern_answers(brought_on_by=["at_rest_or_night"], relieved_by=["eased_stretching"],
                              features=["hard_knotted_muscle"])
    found = percents(answers)
    assert closest_patterns(compare_patterns(answers)) == ("muscle_cramp",)
    assert found["muscle_cramp"] == 77  # (3 + 3 + 4) of 13 points
    assert found["restless_legs"] == 0  # a hard muscle points away from restless legs


def test_urge_to_move_eased_by_moving_resembles_restless_legs_not_a_cramp():
    answers = pattern_answers(brought_on_by=["at_rest_or_night"], relieved_by=["eased_moving"],
                              features=["urge_to_move"])
    found = percents(answers)
    assert found["restless_legs"] == 100
    restless = next(p for p in patterns() if p.id == "restless_legs")
    assert restless.kind == "other" and "not a cramp" in restless.title.lower()


def test_vascular_risk_factors_tip_walking_pain_further_towards_circulation():
    plain = percents(pattern_answers(brought_on_by=["on_walking"]))
    risky = percents(pattern_answers(brought_on_by=["on_walking"], features=["vascular_risk_factors"]))
    assert risky["circulation"] > plain["circulation"]
    assert risky["spine"] == plain["spine"]


def test_nothing_ticked_names_no_pattern_and_says_what_to_do():
    comparison = compare_patterns(pattern_answers())
    assert closest_patterns(comparison) == ()
    assert all(m.percent == 0 for m in comparison)


def test_headline_says_resembles_never_diagnoses():
    comparison = explore(Profile(age=70), pattern_answers(brought_on_by=["on_walking"],
                                                          relieved_by=["eased_standing_still"]))
    assert "resemble" in comparison.headline
    assert "not a diagnosis" in comparison.headline
    assert "circulation" in comparison.headline.lower()


def test_one_swollen_warm_leg_is_urgent_through_the_red_flag_rules():
    comparison = explore(Profile(age=45), pattern_answers(features=["swelling", "one_leg", "warm_or_red"]))
    assert comparison.urgency == "urgent"
    assert "leg_swelling_redness" in [f.id for f in comparison.red_flags]
    assert comparison.match("dvt").percent == 100


def test_urgency_is_exactly_what_the_red_flag_rules_say():
    profile = Profile(age=66, conditions=["type 2 diabetes"], symptoms=["dark_urine"])
    answers = pattern_answers(brought_on_by=["on_walking"], relieved_by=["eased_standing_still"],
                              features=["numbness"])
    comparison = explore(profile, answers)
    expected = evaluate_red_flags(
        Profile(age=66, conditions=["type 2 diabetes"], symptoms=list(symptoms_for(answers, ["dark_urine"]))),
        ["diabetes"])
    assert [(f.id, f.urgency) for f in comparison.red_flags] == [(f.id, f.urgency) for f in expected]
    assert "dark_urine" in [f.id for f in comparison.red_flags]  # the profile's own signs stay in


def test_unticking_swelling_removes_the_profile_swelling_sign():
    assert symptoms_for(pattern_answers(), ["swelling", "one_leg_only", "dark_urine"]) == ("dark_urine",)


def test_profile_answers_prefill_the_boxes():
    profile = Profile(age=72, timing=["during_activity"], relieved_by=["sitting_or_bending_forward"],
                      symptoms=["calf_pain_walking_relieved_by_rest", "one_leg_only"])
    answers = answers_from_profile(profile, ["smoker"])
    assert {"during_activity", "on_walking"} <= set(answers.brought_on_by)
    assert set(answers.relieved_by) == {"eased_sitting_or_bending", "eased_standing_still"}
    assert set(answers.features) == {"one_leg", "vascular_risk_factors"}


@pytest.mark.parametrize("field, value", [("brought_on_by", ["running"]),
                                          ("relieved_by", "eased_stretching"),
                                          ("features", [3])])
def test_bad_answers_name_the_field_and_what_is_allowed(field, value):
    with pytest.raises(PatternError) as problem:
        pattern_answers(**{field: value})
    assert problem.value.field == field
    assert str(problem.value).startswith(f"{field}: ")


def test_every_pattern_row_is_sourced_and_uses_known_words():
    known = set(references())
    words = set(TRIGGERS + RELIEFS + FEATURES)
    assert set(LABELS) == words
    assert {p.id for p in patterns() if p.kind == "main"} == set(MAIN_PATTERNS)
    for pattern in patterns():
        assert pattern.reference_ids and set(pattern.reference_ids) <= known
        assert pattern.evidence_level in {"strong", "moderate", "mixed", "weak", "expert_opinion", "reported"}
        for feature in pattern.features:
            assert feature.feature in words
            assert feature.reference_ids and set(feature.reference_ids) <= known
    assert {r["pattern_id"] for r in read_table("pattern_features.csv")} <= {p.id for p in patterns()}


def test_pattern_texts_never_suggest_quinine_or_stretching_away_claudication():
    for pattern in patterns():
        text = (pattern.summary + pattern.what_to_do).lower()
        assert "quinine" not in text and "tonic" not in text
    circulation = next(p for p in patterns() if p.id == "circulation")
    assert "not a cramp to stretch away" in circulation.what_to_do


def test_a_warning_leads_the_headline_and_an_ordinary_cramp_is_never_named_under_it():
    cramp = compare_patterns(pattern_answers(brought_on_by=["at_rest_or_night"], relieved_by=["eased_stretching"],
                                             features=["hard_knotted_muscle"]))
    assert "ordinary muscle cramp" in headline(cramp)
    for urgency in ("see_clinician_soon", "urgent", "emergency"):
        text = headline(cramp, urgency)
        assert text.startswith("A warning sign") and "ordinary" not in text.lower()
    assert all(n in headline(cramp, "emergency") for n in ("999", "911", "112"))
    assert "%" not in headline(cramp, "urgent")  # no resemblance figure beside an urgent warning


def test_the_comparison_headline_follows_its_red_flags():
    comparison = explore(Profile(age=40), pattern_answers(brought_on_by=["at_rest_or_night"],
                                                          relieved_by=["eased_stretching"],
                                                          features=["swelling", "one_leg", "warm_or_red"]))
    assert comparison.urgency == "urgent"
    assert comparison.headline.startswith("A warning sign") and "ordinary" not in comparison.headline.lower()


def test_ache_eased_by_hanging_the_leg_down_resembles_rest_pain_and_ticks_its_sign():
    from crampkit.topics.patterns import REST_PAIN_SYMPTOM, symptoms_for
    answers = pattern_answers(brought_on_by=["at_rest_or_night"], relieved_by=["eased_hanging_leg_down"],
                              features=["vascular_risk_factors"])
    found = percents(answers)
    assert found["rest_pain"] == max(found.values()) and found["rest_pain"] > found["muscle_cramp"]
    assert REST_PAIN_SYMPTOM in symptoms_for(answers)
    rest_pain = next(p for p in patterns() if p.id == "rest_pain")
    assert rest_pain.kind == "warning" and "same-day" in rest_pain.what_to_do
    back = answers_from_profile(Profile(age=70, symptoms=[REST_PAIN_SYMPTOM]))
    assert "eased_hanging_leg_down" in back.relieved_by


def test_every_tick_box_has_words_from_the_labels_table():
    rows = {r["id"]: r["label"] for r in read_table("answer_labels.csv") if r["field"] == "pattern_answer"}
    assert set(rows) == set(TRIGGERS + RELIEFS + FEATURES)
    assert all(LABELS[word] == rows[word] for word in rows)
