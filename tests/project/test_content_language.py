"""Plain language and honest pointers in every text a learner or an educator reads.

Readability is measured with ``textstat`` (offline; see ``tests/readability.py``): the
Flesch-Kincaid grade (FK) and SMOG. The targets (issue 24) are FK grade 7 or below and SMOG 9
or below, so a 14-year-old can follow the text.

How each kind of text is measured:

- **Data tables**: every learner-facing text column of a table is one kind of text. Its rows
  (and the items of a ";"-list, each a sentence) are read together as one passage, since one
  short row says little (SMOG was normed on 30 sentences; one long word in a four-word row
  can swing FK by several grades). On top of that, no single row of 10 words or more may be
  above FK grade 12, so an average never hides one dense text. Titles and names (a cause's
  heading, a medicine class's name) are labels, not sentences, and are not measured; short
  answer labels and quiz choices count only in their table's passage. ``{placeholders}``
  are read as "this".
- **Notebooks**: all the markdown prose of one notebook (no code, link addresses, tables,
  headings or reference lists: ``readability.notebook_prose``) is one passage.
- **The report**: the Markdown report for the made-up person and diary, as prose.
- **The disclaimer** (``data/disclaimer.md``) on its own.

Lesson plans are for teachers; they are measured at the same limits.
"""
import html
import json
import re
from pathlib import Path

import pytest
import readability
from readability import FK_LIMIT, SMOG_LIMIT, join, measure

from crampkit.content import read_table, split_ids

ROOT = Path(__file__).resolve().parents[2]
ROW_FK_CEILING = 12.0
ROW_MIN_WORDS = 10
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def test_the_measure_tells_plain_from_dense_text():
    plain = ("A cramp is a sudden, tight pain in a muscle. It often comes at night. "
             "Stretch the calf to ease it. Pull your toes up towards you.")
    dense = ("Nocturnal idiopathic musculoskeletal contractions demonstrate multifactorial aetiology, "
             "incorporating neuromuscular hyperexcitability and electrolyte disequilibrium. "
             "Pharmacological interventions demonstrate inconsistent therapeutic efficacy.")
    easy, hard = measure(plain), measure(dense)
    assert easy.fk < 4 < FK_LIMIT < 16 < hard.fk
    assert easy.smog < SMOG_LIMIT < 14 < hard.smog
    assert easy.passes() and not hard.passes()


def test_notebook_prose_leaves_out_code_links_tables_headings_and_references():
    cell = ("# Cramps\n\nA cramp is **tight** \\[nhs\\_leg\\_cramps, allen2012\\_aafp\\]. "
            "Read [the NHS page](https://www.nhs.uk/x).\n\n"
            "```python\nimport crampkit\n```\n\n| id | value |\n|---|---|\n| a | b |\n\n"
            "- Stretch\n- Walk about\n\n## References\n\n1. Allen RE. Am Fam Physician 2012.")
    assert readability.markdown_prose(cell) == (
        "A cramp is tight . Read the NHS page. Stretch. Walk about.")


# (table, key column, learner-facing text columns); ";"-lists are read as separate sentences
LEARNER_TEXT = [
    ("causes.csv", "category", ["summary", "evidence_text"]),
    ("cause_rules.csv", "rule_id", ["reason"]),
    ("plan_steps.csv", "step_id", ["text"]),
    ("red_flags.csv", "flag_id", ["message", "risk_medicine_note"]),
    ("checker_texts.csv", "key", ["text"]),
    ("answer_labels.csv", "id", ["label"]),
    ("view_texts.csv", "id", ["text"]),
    ("condition_evidence.csv", "condition_id", ["what_the_evidence_says"]),
    ("medication_classes.csv", "class_id", ["explanation"]),
    ("look_alikes.csv", "look_alike_id", ["text"]),
    ("quiz.csv", "question_id", ["question", "options", "answer", "explanation"]),
    ("nutrition_advice.csv", "id", ["text"]),
    ("patterns.csv", "pattern_id", ["summary", "what_to_do"]),
    ("pattern_features.csv", "feature", ["text"]),
    ("pictures.csv", "picture_id", ["description"]),
    ("messages.csv", "id", ["text"]),
    ("widget_texts.csv", "id", ["text"]),
    ("plot_texts.csv", "id", ["text"]),
    ("topic_texts.csv", "id", ["text"]),
    ("command_texts.csv", "id", ["text"]),
    ("lesson_plans.csv", "notebook", ["objectives", "warm_up", "activity", "discussion_prompts",
                                      "exit_question", "adapt_12_14", "adapt_15_18"]),
]
LISTS = {"options", "discussion_prompts", "objectives", "activity"}


def learner_texts(table: str, key: str, columns) -> list[tuple[str, str]]:
    """(row key, text) for every learner-facing text of ``table``, ";"-lists split."""
    texts = []
    for row in read_table(table):
        for column in columns:
            text = _PLACEHOLDER.sub("this", row[column] or "")
            for part in split_ids(text) if column in LISTS else [text]:
                if part.strip():
                    texts.append((f"{row[key]}/{column}", part))
    return texts


@pytest.mark.parametrize("table, key, columns", LEARNER_TEXT, ids=[t for t, _, _ in LEARNER_TEXT])
def test_each_table_reads_at_grade_7_and_smog_9_or_below(table, key, columns):
    reading = measure(join(text for _, text in learner_texts(table, key, columns)))
    assert reading.passes(), f"{table}: {reading} (limits FK {FK_LIMIT:g}, SMOG {SMOG_LIMIT:g})"


@pytest.mark.parametrize("table, key, columns", LEARNER_TEXT, ids=[t for t, _, _ in LEARNER_TEXT])
def test_no_single_row_is_dense_text(table, key, columns):
    too_hard = [f"{name}: FK {r.fk:.1f}: {text[:90]}" for name, text in learner_texts(table, key, columns)
                for r in [measure(text)] if r.words >= ROW_MIN_WORDS and r.fk > ROW_FK_CEILING]
    assert too_hard == [], f"{table}: rows above FK {ROW_FK_CEILING:g}"


def test_the_disclaimer_reads_at_grade_7_and_smog_9_or_below():
    reading = measure((ROOT / "data" / "disclaimer.md").read_text(encoding="utf-8"))
    assert reading.passes(), f"disclaimer: {reading}"


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem[:2] for p in NOTEBOOKS])
def test_each_notebooks_prose_reads_at_grade_7_and_smog_9_or_below(path):
    reading = measure(readability.notebook_prose(path))
    assert reading.sentences >= readability.SMOG_SAMPLE_SENTENCES, f"{path.name}: too little prose to measure"
    assert reading.passes(), f"{path.name}: {reading}"


def test_the_report_reads_at_grade_7_and_smog_9_or_below():
    from crampkit import assess, diary, report, store
    profile = store.demo_profile()
    text = report.render_markdown(assess(profile), profile, diary.demo_frame(), today="2025-11-03")
    reading = measure(readability.markdown_prose(text))
    assert reading.sentences >= readability.SMOG_SAMPLE_SENTENCES
    assert reading.passes(), f"report: {reading}"


def _shown_text(fragments) -> str:
    """What a reader sees of the app's HTML parts, as sentences: no styles, drawings, tags or
    bracketed source numbers (references, not prose)."""
    text = "\n".join(fragments)
    text = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"</(p|li|h\d|div|summary|td|th)>", ".\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\[[^\]]*\]", " ", text)


APP_PEOPLE = {
    "a 15-year-old with sport cramps": dict(age=15, timing=["during_activity"],
                                            exercise_minutes_per_week=600, episodes_per_week=4),
    "a 74-year-old on a water pill and a statin": dict(
        age=74, medications=["bendroflumethiazide 2.5mg", "atorvastatin 40mg"], conditions=["diabetes"],
        timing=["night"], episodes_per_week=5),
    "a 66-year-old with a swollen leg": dict(age=66, symptoms=["swelling", "one_leg_only"]),
}


@pytest.mark.parametrize("who", list(APP_PEOPLE))
def test_the_plan_app_reads_at_grade_7_and_smog_9_or_below(who):
    """Everything the plan app says to this person (banner, warning signs, what was
    understood, next steps, plan, how to read it, why these causes, medicines)."""
    from crampkit.assessment.profile import Profile
    from crampkit.widgets.apps import plan_page

    app = plan_page(Profile(**APP_PEOPLE[who]))
    views = (app.banner, app.flags_view, app.understood_view, app.next_steps, app.plan_view,
             app.how_to_read, app.reasons_view, app.medicines_view)
    reading = measure(_shown_text(view.value for view in views))
    assert reading.sentences >= readability.SMOG_SAMPLE_SENTENCES
    assert reading.passes(), f"plan app for {who}: {reading}"


def test_cause_texts_keep_their_evidence_level_sources_and_cautious_wording():
    words = {"strong": "strong", "moderate": "moderate", "mixed": "mixed", "weak": "weak",
             "expert_opinion": "expert opinion"}
    for row in read_table("causes.csv"):
        assert words[row["evidence_level"]] in row["evidence_text"].lower(), row["category"]
        assert len(split_ids(row["reference_ids"])) >= 3, row["category"]
        for text in (row["summary"], row["evidence_text"]):
            assert not re.search(r"\b(always|proven|will prevent|cures?)\b", text.lower()), row["category"]


# ------------------------------------------------------------------ lesson plans point at real sections

_SECTION = re.compile(r"'([^']+)'\s+section|section\s+'([^']+)'", re.IGNORECASE)


def _headings(notebook: str) -> set[str]:
    path = next((ROOT / "notebooks").glob(f"{notebook}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {line.lstrip("#").strip().lower()
            for cell in cells if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines() if line.startswith("#")}


@pytest.mark.parametrize("plan", read_table("lesson_plans.csv"), ids=lambda p: p["notebook"])
def test_every_section_a_lesson_plan_names_is_in_its_notebook(plan):
    headings = _headings(plan["notebook"])
    named = [a or b for text in plan.values() for a, b in _SECTION.findall(text)]
    missing = [name for name in named if name.strip().lower() not in headings]
    assert missing == [], f"lesson plan {plan['notebook']} names sections the notebook lacks"


def test_the_lesson_plan_for_00_names_sections_notebook_00_has():
    plan = next(p for p in read_table("lesson_plans.csv") if p["notebook"] == "00")
    assert "'What is a leg cramp?'" not in plan["activity"]
    assert any(_SECTION.findall(plan["activity"]))


# ------------------------------------------------------------------ quiz: the new emergency signs

EMERGENCY = "local emergency number"


@pytest.mark.parametrize("question_id, reference", [
    ("07-lung-clot", "nhs_dvt"), ("07-stroke", "nhs_stroke"), ("07-heat", "nhs_heatstroke"),
])
def test_quiz_teaches_that_emergency_signs_need_the_emergency_number(question_id, reference):
    row = next(r for r in read_table("quiz.csv") if r["question_id"] == question_id)
    assert EMERGENCY in row["answer"] and "999, 911 or 112" in row["answer"]
    assert all(EMERGENCY not in option for option in split_ids(row["options"]) if option != row["answer"])
    assert reference in split_ids(row["reference_ids"])


def test_quiz_never_names_one_country_number_alone():
    for row in read_table("quiz.csv"):
        for text in [row["answer"], row["explanation"], *split_ids(row["options"])]:
            if "999" in text:
                assert "911" in text and "112" in text, row["question_id"]


def test_quiz_says_tonic_water_is_not_a_treatment():
    row = next(r for r in read_table("quiz.csv") if r["question_id"] == "07-tonic")
    assert row["answer"].startswith("It is not a treatment")
    assert "fda_quinine" in split_ids(row["reference_ids"])
    assert "Tonic water is a safe cure" in split_ids(row["options"]) and row["answer"] != "Tonic water is a safe cure"


# ------------------------------------------------------------------ words that fit this person (issue 24)

def _risk_factor_message(**answers) -> str:
    from crampkit import Profile, assess
    flags = [f for f in assess(Profile(**answers)).red_flags if f.id == "risk_factors"]
    assert len(flags) == 1
    return flags[0].message


def test_the_risk_factor_warning_names_only_what_the_person_listed():
    message = _risk_factor_message(age=62, sex="male", conditions=["type 2 diabetes"])
    assert message.startswith("You listed diabetes.")
    assert not re.search(r"kidney|dialysis|blood flow|calf pain", message, re.I)


def test_the_risk_factor_warning_says_what_medicines_suggest_and_the_walking_pain():
    message = _risk_factor_message(age=70, medications=["Renvela 800", "Sensipar 30mg"],
                                   symptoms=["calf_pain_walking_relieved_by_rest"])
    assert "You listed" not in message and "Your medicines suggest kidney disease" in message
    assert "calf pain on walking that goes when you rest" in message and "diabetes" not in message


def test_the_risk_factor_warning_for_walking_pain_alone_lists_no_condition():
    message = _risk_factor_message(age=66, symptoms=["calf_pain_walking_relieved_by_rest"])
    assert message.startswith("You get calf pain on walking")
    assert not re.search(r"diabetes|kidney|dialysis|You listed", message)


def _stretch_step(age: int) -> str:
    from crampkit import Profile, assess
    plan = assess(Profile(age=age, timing=["during_activity"], exercise_minutes_per_week=420)).plan
    (step,) = [s.text for s in plan if "backs of your thighs" in s.text]
    return step


def test_a_teenager_is_not_given_the_over_55_trial_as_if_it_were_about_them():
    step = _stretch_step(15)
    assert "(the routine tested in a trial in adults over 55)" not in step
    assert "adults over 55, so it has not been tested at your age" in step
    assert "may help" in step and "no benefit" in step


def test_an_adult_over_55_gets_the_routine_that_was_tested_at_their_age():
    step = _stretch_step(67)
    assert "the routine tested in a trial in adults over 55" in step and "not been tested at your age" not in step


def test_every_evidence_level_has_a_plain_meaning():
    from crampkit.wording import evidence_meaning, label
    levels = {row["evidence_level"] for table in ("causes.csv", "medication_classes.csv", "condition_evidence.csv")
              for row in read_table(table)}
    assert all(evidence_meaning(level) for level in levels), levels
    assert "how sure the studies are" in label("help", "evidence_level")


def test_cause_titles_lead_with_plain_words_and_keep_the_term_beside():
    titles = {row["category"]: row["title"] for row in read_table("causes.csv")}
    assert titles["static_positions"] == "Staying in one position too long (prolonged static positions)"
    terms = {"hydration_electrolytes": "dehydration", "overuse_fatigue": "overuse or fatigue",
             "conditioning": "poor conditioning", "nerve_circulation": "circulation"}
    for category, term in terms.items():
        plain, _, beside = titles[category].partition(" (")
        assert term in beside and term not in plain.lower(), titles[category]
