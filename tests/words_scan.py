"""Reading crampkit's modules (ast) for sentences written in code, and for the ids they ask
the word tables for (issue 27 item 2: every sentence a learner or teacher reads comes from a
``data/`` table an educator edits).

A *sentence* is a string constant with three or more words a person reads, once HTML tags,
CSS and ``{placeholders}`` are taken out. Not sentences: docstrings, log messages, and the
message of an error that only a programmer or a broken data table causes (named in
``NOT_FOR_A_LEARNER``), which cannot come from a table that may itself be the broken thing,
SQL, and a constant on a line marked ``# not shown: <why>`` (text crampkit matches but never
shows, such as SQLite's own error words).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "crampkit"

# Errors a learner or teacher never causes by what they type or open: a program calling
# crampkit wrongly, or a data table an educator broke (said in code, since the table of
# words could be the broken one).
NOT_FOR_A_LEARNER = {"TypeError", "ValueError", "AttributeError", "KeyError", "RuntimeError",
                     "NotImplementedError", "TimeoutError", "AssertionError", "ContentError",
                     "UnknownReferenceError", "RuleTableError"}
_LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}
_CSS = re.compile(r"[\w-]+\s*:\s*[^;{}]+;|\{[^}]*:[^}]*\}")
_SQL = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|FROM|WHERE)\b")
NOT_SHOWN = "# not shown:"


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _not_read(tree) -> set[int]:
    """ids of the constants no learner reads: docstrings, log calls, programmers' errors."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LOG_CALLS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in {"log", "logger", "logging"}:
            skipped.update(id(part) for arg in node.args for part in ast.walk(arg))
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                and _name(node.exc.func) in NOT_FOR_A_LEARNER:
            skipped.update(id(part) for part in ast.walk(node.exc))
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


def sentences_in(path: Path, allowed=()) -> list[tuple[int, str]]:
    """(line, text) of every string constant in ``path`` with three or more words a person
    reads, but those in ``allowed``."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skipped = _not_read(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
                  and node.value not in allowed and not _SQL.match(node.value)
                  and NOT_SHOWN not in lines[node.end_lineno - 1]
                  and len(words_read(node.value)) >= 3)


def _ids_in(expr) -> set[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else "*" for v in expr.values)}
    if isinstance(expr, ast.IfExp):
        return _ids_in(expr.body) | _ids_in(expr.orelse)
    return {"*"} if expr is not None else set()


def ids_asked_for(tree, function: str) -> set[str]:
    """The ids given to ``function(...)`` in ``tree`` ("a" if x else "b" gives both; an
    f-string id gives a pattern such as ``diary_leg_*``; an id in a variable gives ``*``)."""
    return set().union(*(_ids_in(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call)
                         and _name(node.func) == function and node.args))


def string_constants(tree) -> set[str]:
    """Every string written in ``tree`` (an id kept in a dict or passed on by a helper)."""
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
