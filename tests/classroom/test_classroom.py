"""The anonymous class survey: records, files, loading, aggregation and small-group rules."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampkit import classroom
from crampkit.classroom import (
    AGE_BANDS,
    DRINKS_CHOICES,
    FREQUENCIES,
    SEXES,
    TIMINGS,
    SurveyError,
    SurveyResponse,
    aggregate,
    load_responses,
    privacy,
    responses_frame,
    save_response,
)
from crampkit.content import references

R = SurveyResponse


@pytest.fixture
def simple_targets(monkeypatch):
    """Drinks targets by sex only (female 1.8, male 2.6, unspecified 2.6 L/day)."""
    monkeypatch.setattr(privacy, "target_litres",
                        lambda band, sex="unspecified": {"female": 1.8}.get(sex, 2.6))


def hand_made_class():
    """12 students aged 14-16: 5 never (1 L, female), 5 weekly at night (2 L, female; two also
    after activity), 2 monthly at rest (3 L, male)."""
    return ([R("14-16", "0", 1.0, "never", (), "female")] * 5
            + [R("14-16", "60-149", 2.0, "weekly", ("night", "after_activity"), "female")] * 2
            + [R("14-16", "60-149", 2.0, "weekly", ("night",), "female")] * 3
            + [R("14-16", "150-299", 3.0, "monthly", ("rest",), "male")] * 2)


def rows(table):
    return dict(zip(table["group"], table["students"], strict=False))


# --- records and files ---------------------------------------------------------------------

def test_record_has_schema_marker_and_no_identity():
    record = R("14-16", "60-149", 1.5, "weekly", ("after_activity", "night")).to_record()
    assert record["schema"] == "crampkit-survey" and record["version"] == 1
    assert record["cramp_when"] == ["night", "after_activity"]  # canonical order
    assert set(record) == {"schema", "version", "age_band", "sex", "exercise_band",
                           "drinks_litres_per_day", "cramp_frequency", "cramp_when"}


@pytest.mark.parametrize("kwargs, field", [
    (dict(age_band="15"), "age_band"),
    (dict(age_band=15), "age_band"),
    (dict(exercise_band="lots"), "exercise_band"),
    (dict(drinks_litres_per_day=1.7), "drinks_litres_per_day"),
    (dict(drinks_litres_per_day="2"), "drinks_litres_per_day"),
    (dict(cramp_frequency="daily"), "cramp_frequency"),
    (dict(sex="Alex"), "sex"),
    (dict(cramp_when="night"), "cramp_when"),
    (dict(cramp_when=("morning",)), "cramp_when"),
    (dict(cramp_frequency="never", cramp_when=("night",)), "cramp_when"),
])
def test_bad_answers_name_the_field(kwargs, field):
    base = dict(age_band="14-16", exercise_band="0", drinks_litres_per_day=1.0,
                cramp_frequency="weekly")
    base.update(kwargs)
    with pytest.raises(SurveyError, match=field):
        R(**base)


def test_save_writes_one_small_randomly_named_file(tmp_path):
    answer = R("17-18", "300+", 2.5, "several_per_week", ("during_activity",), "male")
    first = save_response(answer, tmp_path / "answers")
    second = save_response(answer, tmp_path / "answers")
    assert first != second and first.parent == second.parent == tmp_path / "answers"
    assert re.fullmatch(r"survey-[0-9a-f]{16}\.json", first.name)
    assert first.stat().st_size < 1024
    assert json.loads(first.read_text()) == answer.to_record()
    loaded = load_responses(tmp_path / "answers")
    assert loaded.skipped == [] and len(loaded.responses) == 2
    row = loaded.responses.iloc[0]
    assert (row["age_band"], row["sex"], row["drinks_litres_per_day"],
            row["cramp_frequency"], row["when_during_activity"], row["when_night"]) == (
        "17-18", "male", 2.5, "several_per_week", True, False)


def test_save_into_a_file_path_is_refused(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(SurveyError, match="not-a-folder"):
        save_response(R("14-16", "0", 1.0, "never"), blocker)


def test_bad_files_are_skipped_and_named_and_the_rest_load(tmp_path):
    for answer in hand_made_class()[:3]:
        save_response(answer, tmp_path)
    good = R("14-16", "0", 1.0, "never").to_record()
    (tmp_path / "holiday.json").write_text(json.dumps({"destination": "beach"}))
    (tmp_path / "notes.txt").write_text("bring pens")
    (tmp_path / "survey-broken.json").write_text('{"schema": "crampkit-survey", "vers')
    (tmp_path / "survey-huge.json").write_text(json.dumps({**good, "pad": "x" * 70_000}))
    (tmp_path / "survey-future.json").write_text(json.dumps({**good, "version": 2}))
    (tmp_path / "survey-name.json").write_text(json.dumps({**good, "name": "Alex"}))
    (tmp_path / "survey-badvalue.json").write_text(json.dumps({**good, "age_band": "15"}))
    (tmp_path / "survey-bytes.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "survey-deep.json").write_text("[" * 30_000)  # small, but nested too deeply
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "sub").mkdir()

    result = load_responses(tmp_path)
    reasons = dict(result.skipped)
    assert len(result.responses) == 3
    # files not named like answers (holiday.json, notes.txt, the folder "sub") are counted,
    # never named or opened: a folder of junk cannot make the list long (issue 23)
    assert set(reasons) == {"3 other file(s)", "survey-broken.json",
                            "survey-huge.json", "survey-future.json", "survey-name.json",
                            "survey-badvalue.json", "survey-bytes.json", "survey-deep.json"}
    assert "not survey answers" in reasons["3 other file(s)"]
    assert "damaged" in reasons["survey-broken.json"]
    assert "damaged" in reasons["survey-bytes.json"]
    assert "damaged" in reasons["survey-deep.json"]
    assert "too large" in reasons["survey-huge.json"]
    assert "newer" in reasons["survey-future.json"]
    assert "unexpected field" in reasons["survey-name.json"]
    assert "age_band" in reasons["survey-badvalue.json"]


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(SurveyError, match="nowhere"):
        load_responses(tmp_path / "nowhere")


def test_empty_folder_gives_an_empty_table_and_nothing_shown(tmp_path):
    result = load_responses(tmp_path)
    assert result.skipped == [] and list(result.responses.columns) == list(
        classroom.RESPONSE_COLUMNS)
    summary = aggregate(result.responses)
    assert not summary.shown and summary.students is None


# --- aggregation against hand-computed numbers ----------------------------------------------

def test_hand_made_class_tables(simple_targets):
    summary = aggregate(responses_frame(hand_made_class()))
    assert summary.shown and summary.students == 12 and summary.with_cramps == 7
    # monthly (2) is too small; the smallest other non-empty answer (weekly, 5) joins it.
    assert rows(summary.frequency) == {
        "Never": 5, "Less than once a month": 0, "Several times a week": 0,
        "other/combined: About once a month, About once a week": 7}
    assert list(summary.frequency["percent"]) == [42, 0, 0, 58]
    # Among the 7 with cramps: night 5 (rest 2: hidden), rest 2, after 2 -> hidden; during 0.
    # Either night, rest or after: 7 of 7.
    assert rows(summary.timing) == {
        "During sport or exercise": 0,
        "other/combined: At night, in bed, While sitting or resting, After sport or exercise": 7}
    assert list(summary.timing["percent"]) == [0, 100]
    # Drinks: 5 females at 2 L reach 1.8, 2 males at 3 L reach 2.6, 5 at 1 L do not: 7 of 12.
    drinks = summary.drinks
    assert len(drinks) == 1
    row = drinks.iloc[0]
    assert (row["group"], row["students"], row["target_low_litres"], row["target_high_litres"],
            row["median_drinks_litres"], row["reached_target"], row["reached_target_percent"]
            ) == ("14-16 years", 12, 1.8, 2.6, 2.0, 7, 58)
    assert "7 of 12 students (58%)" in summary.message


def test_plain_class_needs_no_merging(simple_targets):
    answers = ([R("14-16", "0", 1.0, "never")] * 6
               + [R("14-16", "0", 3.0, "weekly", ("night",))] * 5
               + [R("17-18", "0", 3.0, "monthly", ("night", "rest"), "female")] * 5)
    summary = aggregate(responses_frame(answers))
    assert rows(summary.frequency) == {"Never": 6, "Less than once a month": 0,
                                       "About once a month": 5, "About once a week": 5,
                                       "Several times a week": 0}
    assert rows(summary.timing) == {"At night, in bed": 10, "While sitting or resting": 5,
                                    "During sport or exercise": 0, "After sport or exercise": 0}
    assert list(summary.timing["percent"]) == [100, 50, 0, 0]
    drinks = summary.drinks.set_index("group")
    # 14-16: 5 of 11 reach 2.6 (6 drink 1 L); 17-18: all 5 females reach 1.8; class 10 of 16.
    assert drinks.loc["14-16 years", "reached_target"] == 5
    assert drinks.loc["17-18 years", "reached_target"] == 5
    assert drinks.loc["Whole class", "reached_target"] == 10
    assert drinks.loc["Whole class", "reached_target_percent"] == 63  # 62.5 rounds half up
    assert summary.notes == ()


# --- small groups -----------------------------------------------------------------------------

def test_class_of_four_shows_only_a_message(simple_targets):
    summary = aggregate(responses_frame(hand_made_class()[:4]))
    assert not summary.shown and summary.students is None and summary.with_cramps is None
    assert summary.frequency.empty and summary.timing.empty and summary.drinks.empty
    assert "Fewer than 5" in summary.message and "4" not in summary.message


def test_group_of_four_never_appears(simple_targets):
    answers = ([R("14-16", "0", 1.0, "never")] * 10
               + [R("11-13", "0", 1.0, "weekly", ("night",))] * 4
               + [R("17-18", "0", 2.0, "monthly", ("rest",))] * 6)
    summary = aggregate(responses_frame(answers))
    for table in (summary.frequency, summary.timing, summary.drinks):
        assert not any(0 < n < 5 for n in table["students"])
        assert not any(0 < n < 5 for n in table.get("reached_target", pd.Series(dtype="Int64"))
                       .dropna())
    groups = " ".join(summary.drinks["group"])
    assert "11-13 years" in groups and "other/combined" in groups
    assert "11-13 years" not in list(summary.drinks["group"])


def test_merging_does_not_leak_a_small_group_by_subtraction(simple_targets):
    # 11-13 has 2 students: merged with the smallest other band (17-18, 6), never on its own,
    # so the whole class minus every shown row gives nothing smaller than 5.
    answers = ([R("14-16", "0", 3.0, "never")] * 6 + [R("14-16", "0", 1.0, "never")] * 4
               + [R("17-18", "0", 3.0, "never", (), "female")] * 6
               + [R("11-13", "0", 1.0, "never", (), "female")] * 2)
    summary = aggregate(responses_frame(answers))
    drinks = summary.drinks.set_index("group")
    assert list(drinks.index) == ["14-16 years", "other/combined: 11-13 years, 17-18 years",
                                  "Whole class"]
    assert drinks["students"].tolist() == [10, 8, 18]
    # 14-16: 6 reached, 4 did not -> hidden; combined: 6 of 8 -> hidden (2 did not);
    # the whole class (12 of 18) would give 14-16 by subtraction, so it is hidden too.
    assert drinks["reached_target"].isna().all()
    assert summary.students - sum(drinks["students"].iloc[:-1]) == 0


def test_cramp_count_hidden_when_almost_everyone_has_cramps(simple_targets):
    answers = [R("14-16", "0", 1.0, "weekly", ("night",))] * 8 + [R("14-16", "0", 1.0, "never")] * 2
    summary = aggregate(responses_frame(answers))
    assert summary.with_cramps is None and summary.timing.empty
    # Merged, 'how often' would be one bar holding the whole class ("other/combined: Never,
    # About once a week": 10), which says nothing: one plain sentence instead (issue 26).
    assert summary.frequency.empty
    assert summary.frequency_message == ("Too few answers to show how often; ask again with "
                                         "more students.")
    assert "8" not in summary.message


def test_min_group_cannot_go_below_five_but_can_rise(simple_targets):
    frame = responses_frame(hand_made_class())
    with pytest.raises(SurveyError, match="min_group"):
        aggregate(frame, min_group=3)
    strict = aggregate(frame, min_group=13)
    assert not strict.shown and "13" in strict.message


def test_aggregate_rejects_tables_that_are_not_answers():
    with pytest.raises(SurveyError, match="DataFrame"):
        aggregate([1, 2, 3])
    with pytest.raises(SurveyError, match="cramp_frequency"):
        aggregate(pd.DataFrame({"age_band": ["14-16"]}))


answers_strategy = st.lists(
    st.builds(
        lambda band, sex, drinks, freq, when: R(band, "0", drinks, freq,
                                                () if freq == "never" else when, sex),
        st.sampled_from(AGE_BANDS[:3]), st.sampled_from(SEXES), st.sampled_from(DRINKS_CHOICES),
        st.sampled_from(FREQUENCIES), st.sets(st.sampled_from(TIMINGS)).map(tuple)),
    min_size=0, max_size=40)


def _ok(count, base):
    return (count == 0 or count >= 5) and (base - count == 0 or base - count >= 5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_strategy)
def test_no_table_ever_shows_or_implies_a_small_group(answers):
    summary = aggregate(responses_frame(answers))
    total = len(answers)
    if total < 5:
        assert not summary.shown and summary.frequency.empty and summary.drinks.empty
        return
    freq = summary.frequency
    assert all(n == 0 or n >= 5 for n in freq["students"])
    if freq.empty:  # one merged bar would say nothing: a sentence instead (issue 26)
        assert summary.frequency_message == classroom.TOO_FEW_FREQUENCY
    else:
        assert freq["students"].sum() == total and not summary.frequency_message
        assert sum(n > 0 for n in freq["students"]) > 1 or not freq["group"].str.startswith(
            "other/combined").any()
    if summary.with_cramps is not None:
        assert _ok(summary.with_cramps, total)
        for n in summary.timing["students"]:
            assert _ok(n, summary.with_cramps)
    else:
        assert summary.timing.empty
    groups = summary.drinks[summary.drinks["group"] != "Whole class"]
    assert all(n >= 5 for n in groups["students"]) and groups["students"].sum() == total
    for n, reached in zip(summary.drinks["students"], summary.drinks["reached_target"], strict=False):
        if not pd.isna(reached):
            assert _ok(int(reached), int(n))
    if len(groups) > 1 and pd.notna(summary.drinks["reached_target"].iloc[-1]):
        assert groups["reached_target"].notna().all()


# --- drinks targets (crampkit.topics.hydration) and the demo class -----------------------------------

def test_band_targets_come_from_hydration():
    from crampkit.topics.hydration import drinks_target

    assert classroom.target_litres("14-16", "female") == drinks_target(15, "female").litres
    assert classroom.target_litres("11-13", "male") == drinks_target(12, "male").litres
    for band in AGE_BANDS:
        assert classroom.target_litres(band) >= classroom.target_litres(band, "female")
    with pytest.raises(SurveyError, match="age_band"):
        classroom.target_litres("15")


def test_demo_class_loads_and_hides_its_small_age_band():
    result = load_responses(classroom.demo_class_folder())
    assert result.skipped == [] and 25 <= len(result.responses) <= 35
    summary = aggregate(result.responses)
    assert summary.shown and summary.students == len(result.responses)
    assert "17-18 years" not in list(summary.drinks["group"])  # only 3 in the demo class
    assert all(n == 0 or n >= 5 for n in summary.frequency["students"])


# --- the educators' guide ---------------------------------------------------------------------

def test_every_notebook_has_a_complete_45_minute_lesson_plan():
    plans = {p.notebook: p for p in classroom.lesson_plans()}
    assert sorted(plans) == [f"{n:02d}" for n in range(10)]
    known = references()
    for plan in plans.values():
        assert 40 <= plan.total_minutes <= 50, plan.notebook
        assert plan.objectives and plan.activity and plan.discussion_prompts
        assert plan.warm_up.strip() and plan.exit_question.strip()
        assert plan.adapt_12_14.strip() and plan.adapt_15_18.strip()
        assert plan.reference_ids and set(plan.reference_ids) <= set(known)
        text = classroom.lesson_plan_markdown(plan.notebook).lower()
        assert "quinine" not in text and "tonic" not in text
    with pytest.raises(SurveyError, match="notebook"):
        classroom.lesson_plan("42")


def test_answer_key_for_notebook_10():
    from crampkit.quiz import QuizError, answer_key

    key = answer_key("10")
    assert len(key) >= 3
    for item in key:
        assert item["answer"] in item["options"]
        assert set(item["reference_ids"]) <= set(references())
    assert "Groups of fewer than 5 students" in classroom.answer_key_markdown("10")
    with pytest.raises(QuizError, match="two-digit"):
        answer_key("7")


def test_app_links():
    assert classroom.binder_app_link("org/crampkit", "08_your_plan.ipynb").endswith(
        "?urlpath=voila/render/notebooks/08_your_plan.ipynb")
    link = classroom.nbgitpuller_link("https://hub.school.example/",
                                      "https://github.com/org/crampkit.git",
                                      "00_start_here.ipynb", app=False)
    assert link.startswith("https://hub.school.example/hub/user-redirect/git-pull?repo=")
    assert "urlpath=lab%2Ftree%2Fcrampkit%2Fnotebooks%2F00_start_here.ipynb" in link
    with pytest.raises(SurveyError, match="notebook"):
        classroom.binder_app_link("org/crampkit", "08_your_plan")


# --- results that read well at any class size (issue 26 item 2) -------------------------------

def test_the_issues_class_of_six_reads_as_a_sentence_not_a_bar(simple_targets):
    answers = [R("14-16", "0", 1.0, f, () if f == "never" else ("night",))
               for f in ("never", "less_than_monthly", "monthly", "weekly", "several_per_week",
                         "weekly")]
    summary = aggregate(responses_frame(answers))
    assert summary.shown and summary.students == 6
    assert summary.frequency.empty and "ask again with more students" in summary.frequency_message
    assert summary.with_cramps is None and summary.timing.empty


def test_students_with_cramps_in_every_how_often_read_as_at_least_sometimes(simple_targets):
    answers = ([R("14-16", "0", 1.0, "never")] * 5
               + [R("14-16", "0", 1.0, f, ("night",)) for f in FREQUENCIES[1:]] * 2)
    summary = aggregate(responses_frame(answers))
    assert rows(summary.frequency) == {"Never": 5, classroom.SOMETIMES_LABEL: 8}
    assert summary.with_cramps == 8 and not summary.frequency_message


def test_one_rounding_rule_for_the_median(simple_targets):
    answers = [R("14-16", "0", 1.0, "never")] * 3 + [R("14-16", "0", 1.5, "never")] * 3
    summary = aggregate(responses_frame(answers))
    median = summary.drinks.iloc[-1]["median_drinks_litres"]
    assert median == 1.25 and classroom.format_litres(median) == "1.25"
    assert classroom.format_litres(2.0) == "2" and classroom.round_litres(1.125) == 1.13


def test_a_closed_survey_refuses_an_answer_as_closed(tmp_path):
    classroom.create_survey(tmp_path)
    classroom.close_survey(tmp_path)
    with pytest.raises(classroom.SurveyClosed, match="closed"):
        save_response(R("14-16", "0", 1.0, "never"), tmp_path)


def test_every_age_band_merged_reads_as_all_ages_together(simple_targets):
    answers = ([R("14-16", "0", 2.0, "never")] * 3 + [R("17-18", "0", 2.0, "never")]
               + [R("11-13", "0", 2.0, "never")])
    drinks = aggregate(responses_frame(answers)).drinks
    assert list(drinks["group"]) == [classroom.ALL_AGES_LABEL]
    assert list(drinks["students"]) == [5]


def _collector_folder(tmp_path):
    """A class folder laid out as make_drop_folder makes it (answers/, private/spool/, open
    settings), without the accounts: the collector's rules are what is checked here."""
    from crampkit.classroom import survey

    folder = tmp_path / "class"
    (folder / "answers").mkdir(parents=True)
    (folder / "private" / "spool").mkdir(parents=True)
    survey.create_survey(folder)
    return folder


def test_through_the_apps_service_each_student_still_answers_once(tmp_path):
    """The class apps service connects as one account for every student and names the
    student; the collector counts one answer per named student, and a name from any other
    account changes nothing (a student cannot answer twice by naming someone else)."""
    from crampkit.classroom import collector

    folder = _collector_folder(tmp_path)
    apps, student = 4242, 777
    taking = collector.Collector(folder, apps_uid=apps)
    record = R("14-16", "0", 1.0, "never").to_record()
    assert taking.take(record, apps, "ann") == {"ok": True}
    assert taking.take(record, apps, "bob") == {"ok": True}
    assert "already answered" in taking.take(record, apps, "ann")["error"]
    assert "did not say which student" in taking.take(record, apps, None)["error"]
    assert "did not say which student" in taking.take(record, apps, "x" * 500)["error"]
    assert taking.take(record, student, "carl") == {"ok": True}  # their own account counts
    assert "already answered" in taking.take(record, student, "dora")["error"]
    assert taking.count == 3
    again = collector.Collector(folder, apps_uid=apps)  # after a restart, the same list
    assert "already answered" in again.take(record, apps, "bob")["error"]
    assert "already answered" in again.take(record, student)["error"]
    again.close()  # the list of who answered goes with the close
    assert not (folder / "private" / "spool" / collector.ANSWERED_FILE).exists()
    assert len(list((folder / "answers").iterdir())) == 3


def test_a_name_sent_by_a_student_form_is_ignored_without_an_apps_service(tmp_path):
    from crampkit.classroom import collector

    folder = _collector_folder(tmp_path)
    taking = collector.Collector(folder)
    record = R("14-16", "0", 1.0, "never").to_record()
    assert taking.take(record, 777, "ann") == {"ok": True}
    assert "already answered" in taking.take(record, 777, "bob")["error"]


def test_a_huge_answer_file_is_called_too_large_whatever_the_file_tables_words(tmp_path, monkeypatch):
    """The survey tells a too-large file by the kind of problem, not by the words of
    data/messages.csv, which an educator may reword."""
    from crampkit import content

    for answer in hand_made_class()[:3]:
        save_response(answer, tmp_path)
    good = R("14-16", "0", 1.0, "never").to_record()
    (tmp_path / "survey-huge.json").write_text(json.dumps({**good, "pad": "x" * 70_000}))
    table_words = content._table_words
    words = {key: text.replace("larger than", "bigger than")
             for key, text in table_words("messages.csv").items()}
    monkeypatch.setattr(content, "_table_words", lambda table: words if table == "messages.csv"
                        else table_words(table))
    reasons = dict(load_responses(tmp_path).skipped)
    assert "too large" in reasons["survey-huge.json"]
