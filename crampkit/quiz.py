"""Self-check quizzes kept in ``data/quiz.csv``: answer keys for educators.

Columns of the table: notebook, question_id, question, options (";"-separated), answer (the
exact option text), explanation, reference_ids (";"-separated).

>>> answer_key("99")
[]
"""
from __future__ import annotations

import re

from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_table, split_ids

QUIZ_TABLE = "quiz.csv"


class QuizError(CrampkitInputError):
    """A notebook number crampkit cannot look up; the message says what is allowed."""


def _check_notebook(notebook) -> str:
    if not isinstance(notebook, str) or not re.fullmatch(r"\d\d", notebook):
        raise QuizError(message("quiz_not_a_notebook", typed=repr(notebook)))
    return notebook


def answer_key(notebook: str) -> list[dict]:
    """The answer key for one notebook's self-check, in question order.

    Each item: question_id, question, options (tuple), answer, explanation, reference_ids
    (tuple). An empty list when the notebook has no questions (or no quiz table exists yet).
    """
    _check_notebook(notebook)
    try:
        rows = read_table(QUIZ_TABLE)
    except FileNotFoundError:
        return []
    return [
        {
            "question_id": row.get("question_id", ""),
            "question": row.get("question", ""),
            "options": split_ids(row.get("options", "")),
            "answer": row.get("answer", ""),
            "explanation": row.get("explanation", ""),
            "reference_ids": split_ids(row.get("reference_ids", "")),
        }
        for row in rows
        if row.get("notebook", "").zfill(2) == notebook
    ]


class Question:
    """One self-check question: text, options, the right answer and why."""

    __slots__ = ("notebook", "id", "text", "options", "answer", "explanation", "reference_ids")

    def __init__(self, notebook, id, text, options, answer, explanation, reference_ids):
        self.notebook, self.id, self.text = notebook, id, text
        self.options, self.answer = tuple(options), answer
        self.explanation, self.reference_ids = explanation, tuple(reference_ids)

    def __repr__(self) -> str:
        return f"Question({self.notebook!r}, {self.id!r})"

    def check(self, choice: str) -> tuple[bool, str]:
        """Whether ``choice`` is right, and feedback to show at once.

        >>> q = Question("00", "q1", "2 + 2?", ["3", "4"], "4", "Count them.", [])
        >>> q.check("3")
        (False, 'Not quite. The answer is: 4. Count them.')
        """
        if isinstance(choice, str) and choice == self.answer:
            return True, message("quiz_right", explanation=self.explanation)
        return False, message("quiz_not_quite", answer=self.answer, explanation=self.explanation)


def questions(notebook: str) -> list[Question]:
    """The self-check questions of one notebook (``"01"``), from ``data/quiz.csv``."""
    return [
        Question(notebook, item["question_id"], item["question"], item["options"], item["answer"],
                 item["explanation"], item["reference_ids"])
        for item in answer_key(notebook)
    ]
