"""Issue 27 item 2: every sentence a learner or teacher reads comes from a ``data/`` table, one
table per kind, so an educator rewords it in one place:

- what is wrong with what a person typed, gave or opened: ``messages.csv`` (``content.message``)
- what the widget tools show: ``widget_texts.csv`` (``content.widget_text``)
- what the charts say: ``plot_texts.csv`` (``content.plot_text``)
- what the topic tools say: ``topic_texts.csv`` (``content.topic_text``)
- what the command lines print: ``command_texts.csv`` (``content.command_text``)
- what a person reads about an assessment or a diary: ``view_texts.csv`` (``presentation.view_text``)
- causes, plan steps, red flags, labels and the rest: their own tables.

Every module of crampkit is read for sentences left in code (see ``tests/words_scan.py``).
"""
from __future__ import annotations

import ast
import re

import pytest
from words_scan import PACKAGE, ids_asked_for, sentences_in, string_constants

from crampkit.content import ContentError, read_table, topic_text

# String constants that look like sentences but are kept in code, each with a reason.
ALLOWED = {
    # The emergency words shown only if data/answer_labels.csv lost its emergency row: a
    # safety fallback that must not hang on a second table.
    "Call your local emergency number now (": "banners.FALLBACK_DETAIL, safety fallback",
    "), or ask someone to call for you. Do not wait, and do not drive yourself.":
        "banners.FALLBACK_DETAIL, safety fallback",
    "crampkit widget handler failed": "a log message (logging, not shown)",
}
MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "data" not in p.parts)
TABLES = {"messages.csv": "message", "widget_texts.csv": "widget_text", "plot_texts.csv": "plot_text",
          "topic_texts.csv": "topic_text", "command_texts.csv": "command_text"}
# view_texts.csv is also read by presentation.view_text (ids built from sections and levels),
# so only its ids asked for with content.view_words are checked to be rows.
VIEW_WORDS = "view_words"


def test_the_scan_finds_a_sentence_written_in_code(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text('"""Docstrings are fine."""\nimport logging\nlog = logging.getLogger()\n'
                      'log.info("logs are not read by a learner")\n'
                      'STYLE = "<style>.x { color: red; }</style>"\nTEMPLATE = "<p>{}</p>"\n'
                      'KEY = "typical_duration_minutes"\n'
                      'def f(x):\n    if x:\n        raise TypeError("x must be a str, not that")\n'
                      '    raise DiaryError(f"the diary file {x} is damaged")\n'
                      'SQL = "SELECT name FROM sqlite_master WHERE type = 1"\n'
                      'BUSY = ("database is locked",)  # not shown: the words of SQLite, matched\n'
                      'MESSAGE = "Your details were not saved."\n', encoding="utf-8")
    assert sentences_in(module) == [(11, "the diary file "), (14, "Your details were not saved.")]


@pytest.mark.parametrize("module", MODULES)
def test_no_module_writes_a_sentence_in_code(module):
    found = sentences_in(PACKAGE / module, ALLOWED)
    assert found == [], f"crampkit/{module}: move these to the data table of their kind: {found}"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_row_is_used_and_every_use_is_a_row(table):
    function = TABLES[table]
    rows = {row["id"] for row in read_table(table)}
    trees = [ast.parse((PACKAGE / m).read_text(encoding="utf-8")) for m in MODULES]
    used = set().union(*(ids_asked_for(tree, function) for tree in trees))
    fixed = {name for name in used if "*" not in name}
    assert fixed <= rows, f"{function} ids with no row of {table}: {sorted(fixed - rows)}"
    # An id handed on by a helper (``_problem(field, "unit_unknown")``) or kept in a dict is
    # a string written in some module; an id held in a variable ("*") proves nothing.
    written = set().union(*(string_constants(tree) for tree in trees))
    patterns = [re.compile(re.escape(name).replace(r"\*", "[a-z0-9_]*") + "$") for name in used if name != "*"]
    unused = {row for row in rows if row not in written and not any(p.match(row) for p in patterns)}
    assert unused == set(), f"rows of {table} nothing asks for: {sorted(unused)}"


def test_an_unknown_text_names_the_id_and_the_table():
    with pytest.raises(ContentError, match="'no_such_text' is not a row of topic_texts.csv"):
        topic_text("no_such_text")


def test_every_id_asked_of_view_words_is_a_row():
    rows = {row["id"] for row in read_table("view_texts.csv")}
    used = set().union(*(ids_asked_for(ast.parse((PACKAGE / m).read_text(encoding="utf-8")), VIEW_WORDS)
                         for m in MODULES))
    assert {name for name in used if "*" not in name} <= rows
