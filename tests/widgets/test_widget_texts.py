"""Issue 27 item 2: every sentence a widget tool shows comes from ``data/widget_texts.csv``.

The widget modules are read (ast) for string constants that a person would read: three or more
words of letters, once HTML tags and ``{placeholders}`` are taken out. Docstrings, log
messages, CSS, HTML templates (tags and placeholders only), ids and file names are not sentences.
A sentence found here belongs in ``data/widget_texts.csv``, read with
``crampkit.content.widget_text(id, **values)``, so an educator can reword it in one table.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from crampkit.content import ContentError, read_table, widget_text

WIDGETS = Path(__file__).resolve().parents[2] / "crampkit" / "widgets"
# Owned by the plan's presentation (data/view_texts.csv), checked with it.
OTHER_TABLES = {"plan", "apps"}
# String constants that look like sentences but are not read by a person, each with a reason.
ALLOWED = {
    # The emergency words shown only if data/answer_labels.csv lost its emergency row: a
    # safety fallback that must not hang on a second table.
    "Call your local emergency number now (": "banners.FALLBACK_DETAIL, safety fallback",
    "), or ask someone to call for you. Do not wait, and do not drive yourself.":
        "banners.FALLBACK_DETAIL, safety fallback",
    "crampkit widget handler failed": "a log message (logging, not shown)",
}
_LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}
_CSS = re.compile(r"[\w-]+\s*:\s*[^;{}]+;|\{[^}]*:[^}]*\}")


def _not_read(tree) -> set[int]:
    """ids of the constants that are docstrings or the arguments of a log call."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LOG_CALLS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in {"log", "logger", "logging"}:
            skipped.update(id(part) for arg in node.args for part in ast.walk(arg))
    return skipped


def words_read(text: str) -> list[str]:
    """The words a person would read in ``text``: no tags, placeholders, CSS, ids or paths.

    >>> words_read("<p>{}</p>"), words_read("typical_duration_minutes"), words_read("color: red;")
    ([], [], [])
    >>> words_read("<b>Save my details</b>")
    ['Save', 'my', 'details']
    """
    text = _CSS.sub(" ", re.sub(r"<[^>]*>?", " ", text))
    text = re.sub(r"\{[^}]*\}", " ", text)
    return [word for word in text.split() if re.fullmatch(r"[(\"']?[A-Za-z][A-Za-z'’-]*[.,:;!?)\"']*", word)]


def sentences_in(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant in ``path`` with three or more words a person reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _not_read(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
                  and node.value not in ALLOWED and len(words_read(node.value)) >= 3)


MODULES = sorted(p.stem for p in WIDGETS.glob("*.py") if p.stem not in OTHER_TABLES)


def test_the_scan_finds_a_sentence_written_in_code(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text('"""Docstrings are fine."""\nimport logging\nlog = logging.getLogger()\n'
                      'log.info("logs are not read by a learner")\n'
                      'STYLE = "<style>.x { color: red; }</style>"\nTEMPLATE = "<p>{}</p>"\n'
                      'KEY = "typical_duration_minutes"\n'
                      'MESSAGE = "Your details were not saved."\n', encoding="utf-8")
    assert sentences_in(module) == [(8, "Your details were not saved.")]


@pytest.mark.parametrize("module", MODULES)
def test_no_widget_module_writes_a_sentence_in_code(module):
    found = sentences_in(WIDGETS / f"{module}.py")
    assert found == [], f"{module}.py: move these to data/widget_texts.csv: {found}"


def _ids_in(expr) -> set[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else "*" for v in expr.values)}
    if isinstance(expr, ast.IfExp):
        return _ids_in(expr.body) | _ids_in(expr.orelse)
    return set()


def _ids_asked_for(tree) -> set[str]:
    """The ids given to ``widget_text(...)`` in ``tree`` ("a" if x else "b" gives both; an
    f-string id gives a pattern such as ``diary_leg_*``)."""
    return set().union(*(_ids_in(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call)
                         and getattr(node.func, "id", None) == "widget_text" and node.args))


def test_every_widget_text_is_used_and_every_use_is_a_row():
    rows = {row["id"] for row in read_table("widget_texts.csv")}
    used = set().union(*(_ids_asked_for(ast.parse(p.read_text(encoding="utf-8"))) for p in WIDGETS.glob("*.py")))
    fixed = {name for name in used if "*" not in name}
    assert fixed <= rows, f"widget_text ids with no row: {fixed - rows}"
    patterns = [re.compile(re.escape(name).replace(r"\*", "[a-z0-9_]+") + "$") for name in used]
    unused = {row for row in rows if not any(p.match(row) for p in patterns)}
    assert unused == set(), f"rows of widget_texts.csv no widget shows: {unused}"


def test_an_unknown_widget_text_names_the_id():
    with pytest.raises(ContentError, match="'no_such_text' is not a row of widget_texts.csv"):
        widget_text("no_such_text")
