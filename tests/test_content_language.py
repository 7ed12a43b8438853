"""Plain language and honest pointers in the content tables a learner or an educator reads.

Readability is the Flesch-Kincaid grade, computed here with a syllable-counting heuristic
(vowel groups, less a silent final "e" and a silent "-ed"), so no extra package is needed:

    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59

The target is grade 8 or below (a 14-year-old can follow it). Short labels (titles, names)
are not measured: one long word in a four-word heading says nothing about reading level.
"""
import json
import re
from pathlib import Path

import pytest

from crampkit.content import read_table, split_ids

ROOT = Path(__file__).resolve().parents[1]
GRADE_LIMIT = 8.0
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|;\s|:\s(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*%?")


def syllables(word: str) -> int:
    """Syllables in one English word, by counting vowel groups (a heuristic)."""
    w = word.lower()
    if w[0].isdigit():
        return 1
    w = re.sub(r"['’]s$", "", w)
    count = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1
    return max(1, count)


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade of ``text`` (0 for text without words)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59


def test_the_grade_measure_tells_plain_from_dense_text():
    plain = "A cramp is a sudden, tight pain in a muscle. It often comes at night. Stretch the calf to ease it."
    dense = ("Nocturnal idiopathic musculoskeletal contractions demonstrate multifactorial aetiology, "
             "incorporating neuromuscular hyperexcitability and electrolyte disequilibrium.")
    assert fk_grade(plain) < 4 < GRADE_LIMIT < 16 < fk_grade(dense)
    assert [syllables(w) for w in ("cramp", "muscle", "stretches", "evidence", "medicine")] == [1, 2, 2, 3, 3]


# (table, key column, learner-facing text columns; ";"-lists are read as separate sentences)
LEARNER_TEXT = [
    ("causes.csv", "category", ["summary", "evidence_text"]),
    ("condition_evidence.csv", "condition_id", ["what_the_evidence_says"]),
    ("checker_texts.csv", "key", ["text"]),
    ("medication_classes.csv", "class_id", ["explanation"]),
    ("quiz.csv", "question_id", ["question", "options", "explanation"]),
    ("lesson_plans.csv", "notebook", ["warm_up", "discussion_prompts", "exit_question"]),
]
CASES = [(table, key, column) for table, key, columns in LEARNER_TEXT for column in columns]


@pytest.mark.parametrize("table, key, column", CASES)
def test_learner_facing_text_reads_at_grade_8_or_below(table, key, column):
    too_hard = []
    for row in read_table(table):
        text = row[column]
        if column in ("options", "discussion_prompts"):
            text = ". ".join(split_ids(text))
        grade = fk_grade(text)
        if grade > GRADE_LIMIT:
            too_hard.append(f"{row[key]}: grade {grade:.1f}: {text[:80]}")
    assert too_hard == [], f"{table} {column} above grade {GRADE_LIMIT:g}"


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
