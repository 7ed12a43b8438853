"""What the assessment says about a bad answer, a cause and a number's unit is a row of a data
table (issue 27 item 2): an educator who edits the row changes what a person is told."""
import pytest

import crampkit
import crampkit.assessment.profile as profile_module
import crampkit.assessment.rule_table as rule_table
from crampkit import content
from crampkit.assessment.causes import score_category
from crampkit.assessment.facts import gather_facts
from crampkit.assessment.matching import MatchingError, check_text_list
from crampkit.assessment.profile import NUMBER_RANGES, Profile, ProfileError


@pytest.fixture
def edited_messages(monkeypatch):
    """Replace rows of data/messages.csv for one test (the units are read again)."""
    def edit(**rows):
        words = {**content._table_words("messages.csv"), **rows}
        monkeypatch.setattr(content, "_messages", lambda: words)
        profile_module._units.cache_clear()
    yield edit
    profile_module._units.cache_clear()


def test_a_profile_problem_names_the_field_first_in_the_words_of_the_table(edited_messages):
    with pytest.raises(ProfileError, match=r"^pregnant: true is not allowed together with sex 'male'$"):
        Profile(age=30, sex="male", pregnant=True)
    edited_messages(profile_pregnant_male="{field}: only tick this box if you can be pregnant")
    with pytest.raises(ProfileError, match=r"^pregnant: only tick this box if you can be pregnant$") as caught:
        Profile(age=30, sex="male", pregnant=True)
    assert caught.value.field == "pregnant"


def test_the_hours_problem_keeps_both_numbers_as_the_person_gave_them():
    with pytest.raises(ProfileError) as caught:
        Profile(age=40, hours_sitting_per_day=20, hours_standing_per_day=6.5)
    assert str(caught.value) == ("hours_sitting_per_day: 20 hours sitting plus 6.5 hours standing "
                                 "(hours_standing_per_day) is more than 24 hours; the two together must be "
                                 "24 or less")


def test_the_unit_a_number_is_said_in_is_a_row_of_the_messages(edited_messages):
    assert NUMBER_RANGES["episodes_per_week"] == (0, 100, "episodes a week")
    assert list(NUMBER_RANGES) == list(dict(NUMBER_RANGES))
    with pytest.raises(ProfileError, match="from 0 to 100 episodes a week"):
        Profile(age=40, episodes_per_week=500)
    edited_messages(profile_unit_episodes_per_week="cramps a week")
    assert NUMBER_RANGES["episodes_per_week"] == (0, 100, "cramps a week")
    with pytest.raises(ProfileError, match="from 0 to 100 cramps a week, or leave it empty"):
        Profile(age=40, episodes_per_week=500)


def test_a_matching_problem_is_said_in_the_words_of_the_table(edited_messages):
    with pytest.raises(MatchingError, match=r"^conditions: 'diabetes' is not allowed; give a list of names$"):
        check_text_list("diabetes", "conditions")
    edited_messages(matching_not_a_list="{field}: put each name on its own line ({value} is one text)")
    with pytest.raises(MatchingError, match=r"^conditions: put each name on its own line \('diabetes' is one text\)$"):
        check_text_list("diabetes", "conditions")


def test_a_cause_with_no_supporting_answer_says_so_and_how_sure_the_science_is_in_table_words(monkeypatch):
    facts = gather_facts(Profile(age=30))
    before = score_category("hydration_electrolytes", facts)
    assert before.reasons[0] == "Nothing you told us points to this cause."
    assert before.reasons[-1].startswith("How sure is the science? ")
    assert before.reasons[-1].endswith(" At most, this may contribute.")
    words = {"nothing_points": "None of your answers is linked with this.",
             "how_sure": "Evidence: {evidence} It may play a part, no more."}
    real = rule_table.label
    monkeypatch.setattr(rule_table, "label", lambda field, key, default=None:
                        words.get(key) if field == rule_table.REASON_WORDS and key in words
                        else real(field, key, default))
    after = score_category("hydration_electrolytes", facts)
    assert after.reasons[0] == "None of your answers is linked with this."
    assert after.reasons[-1] == before.reasons[-1].replace("How sure is the science? ", "Evidence: ").replace(
        " At most, this may contribute.", " It may play a part, no more.")


def test_the_clot_reason_names_the_risks_the_warning_names():
    result = crampkit.assess(Profile(age=40, symptoms=["one_leg_only"], clot_risks=["previous_clot", "long_journey"]))
    flag = next(f for f in result.red_flags if f.id == "clot_risk_one_leg")
    risks = flag.message.removeprefix("Pain in one leg ").split(" can be a blood clot")[0]
    assert risks and risks in " ".join(c for cause in result.causes for c in cause.reasons)


def test_heavy_drinking_is_said_as_the_table_words():
    facts = gather_facts(Profile(age=45, alcohol_drinks_per_week=30))
    implied = next(i for i in facts.implied if i.id == "heavy_alcohol_use")
    assert implied.because == ("30 drinks a week",)
    assert implied.said_as == "drinking more than the low-risk limit" == crampkit.assessment.facts.ALCOHOL_SAID_AS
