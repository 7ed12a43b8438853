"""HTML is escaped by default in every widget: typed text shows as text, never as a tag.

Two halves. First, hostile text typed into every widget that shows typed text back (diary
notes, medicine and condition names, number boxes, the survey and teacher folders and links)
comes out escaped, once, in what the person sees. Second, the widget modules are read (ast):
HTML is built with ``crampkit.markup.html_of`` / ``html_join`` (markupsafe), and
nothing turns escaping off for a value that is not crampkit's own: ``Markup``/``Html`` only
on a string written in the code, ``crampkit_html`` only on a named crampkit builder, no
``escape=False``.
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from crampkit import Profile, classroom
from crampkit.diary import Diary

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ROOT / "crampkit" / "widgets"
MARKUP_MODULE = ROOT / "crampkit" / "markup.py"  # Html, html_of, html_join, crampkit_html
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f'{SCRIPT} "onmouseover=alert(2) &amp; it\'s'


@pytest.fixture(autouse=True)
def empty_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "home"))


def _walk(widget, seen=None):
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child, seen)


def page_html(component) -> str:
    """Every piece of HTML the component's view shows."""
    return "\n".join(str(w.value) for w in _walk(getattr(component, "view", component))
                     if isinstance(w, widgets.HTML))


def assert_escaped(shown: str, whole: bool = False) -> None:
    """``shown`` holds the typed script as text, never as a tag or an attribute; with
    ``whole``, the rest of HOSTILE too (messages about a bad box quote only its start)."""
    assert "<script" not in shown.lower(), "typed text became a tag"
    assert '"onmouseover' not in shown, "typed text broke out of an attribute"
    assert "&lt;script&gt;alert(1)" in shown, "the typed text is not shown (escaped)"
    if whole:
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2) &amp;amp; it&#x27;s" in shown


# --------------------------------------------------------------------------- typed text shown back

def test_diary_notes_show_as_typed_text(tmp_path):
    from crampkit.widgets.diary import DiaryApp

    app = DiaryApp(Diary(tmp_path / "d.sqlite3"))
    app.date.value = dt.date.today() - dt.timedelta(days=1)
    app.notes.value = HOSTILE
    app.add_episode()
    assert "Saved:" in app.message.value
    assert_escaped(app.table.value, whole=True)


def test_a_diary_problem_naming_typed_text_is_escaped(tmp_path):
    from crampkit.widgets.diary import DiaryApp

    app = DiaryApp(Diary(tmp_path / "d.sqlite3"))
    app.duration.value = HOSTILE
    app.add_episode()
    assert len(app.diary.list()) == 0, "nothing is saved from a bad box"
    beside = app.errors["duration_minutes"].value
    assert 'role="alert"' in beside
    assert_escaped(page_html(app))


@pytest.mark.parametrize("factory", ["medication_checker", "conditions_view"])
def test_unknown_medicine_and_condition_names_are_listed_back_escaped(factory):
    from crampkit.widgets import medications

    view = getattr(medications, factory)(Profile(age=40))
    view.text.value = f"{SCRIPT} x, \"onmouseover=alert(2) &amp; y"
    shown = view.results.value
    assert_escaped(shown)
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt; x</b>" in shown  # listed back, bold, as typed
    assert "<b>&quot;onmouseover=alert(2) &amp;amp</b>" in shown  # (";" separates entries)


@pytest.mark.parametrize("factory, box", [
    ("crampkit.widgets.fluids:fluids_calculator", "age"),
    ("crampkit.widgets.activity:guideline_tool", "minutes"),
    ("crampkit.widgets.activity:weekly_load_tool", "boxes"),
    ("crampkit.widgets.static_day:static_day_tool", "sitting"),
    ("crampkit.widgets.foods:day_builder", "portions"),
])
def test_a_number_box_with_typed_html_says_so_escaped(factory, box):
    module, name = factory.split(":")
    tool = getattr(__import__(module, fromlist=[name]), name)(Profile(age=40))
    target = getattr(tool, box)
    target = target[0] if isinstance(target, list) else target
    target.value = HOSTILE
    if hasattr(tool, "add"):
        tool.add()
    assert_escaped(page_html(tool))


def test_the_forget_list_names_files_escaped(monkeypatch):
    from crampkit.widgets import profile_form

    form = profile_form.ProfileForm(Profile(age=40))
    monkeypatch.setattr(profile_form.store, "what_forget_removes", lambda: [f"{SCRIPT}.json", "diary.sqlite3"])
    assert form.ask_forget() == [f"{SCRIPT}.json", "diary.sqlite3"]
    assert_escaped(form.forget_list.value)
    assert "<li><code>diary.sqlite3</code></li>" in form.forget_list.value


def test_the_class_dashboard_and_teacher_page_escape_typed_folders_and_links(tmp_path):
    from crampkit.widgets.survey import class_dashboard
    from crampkit.widgets.teacher import teacher_page

    board = class_dashboard(tmp_path / "class")
    board.folder.value = f"{tmp_path}/{SCRIPT}"
    board.load()
    assert_escaped(board.status.value)
    page = teacher_page(tmp_path / "teach", where="hub", live_minutes=0.01)
    try:
        page.hub_url.value = f'https://hub.example.org/{SCRIPT}"onmouseover=alert(2)'
        assert_escaped(page.handout.value)
    finally:
        page.close()


def test_a_class_summary_table_escapes_what_the_tables_hold(tmp_path, monkeypatch):
    """The dashboard's tables come from pandas' to_html, which escapes every cell."""
    from crampkit.widgets import survey

    folder = tmp_path / "class"
    for _ in range(6):
        classroom.save_response(classroom.SurveyResponse("14-16", "0", 1.5, "weekly", ["rest"]), folder)
    classroom.close_survey(folder)
    board = survey.class_dashboard(folder)
    frame = board.summary.frequency.copy()
    frame["group"] = [SCRIPT] * len(frame)
    table = str(survey._table_html(frame, "% of class"))
    assert_escaped(table)


# --------------------------------------------------------------------------- the source, read

def _name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


MARKUP = {"Markup", "Html"}
# Markup/Html on a value that is not a string written in the code: only here, each with why.
ALLOWED_MARKUP = {
    ("markup.py", "escape"): "Html.escape keeps a value that is already HTML (it has __html__)",
    ("markup.py", "crampkit_html"): "HTML from crampkit's own builders: each call is checked below",
    ("markup.py", "html_of"): "the template: every call's template is checked below to be written in the code",
    ("markup.py", "html_join"): "the separator: every call's separator is checked below to be written in the code",
    ("markup.py", "html_fill"): "content.fill with escape_with=Html.escape: the words and every value escaped "
                                "(a value already Html kept); tested below with a script tag",
    ("common.py", "box_html"): "box_html's old escape=False switch, kept for callers outside the widget "
                               "modules; no widget module passes it (checked below)",
}
# What crampkit_html may wrap: crampkit's own builders, which escape every value they put in.
TRUSTED_BUILDERS = {
    "sources_html": "widgets.citations: short names and citations, escaped there",
    "cite": "widgets.citations: links to the reference list, escaped there",
    "icon_svg": "widgets.banners: a drawn icon (shapes only, no words)",
    "figure_svg": "plots.svg: crampkit's chart drawn as SVG, its words escaped there",
    "to_html": "pandas DataFrame.to_html: every cell escaped (escape=True, its default)",
    "picture_html": "widgets.pictures: a shipped drawing with its title and sources, escaped there",
    "step_pictures_html": "widgets.plan: the drawings of a plan step, each from picture_html",
    "references_html": "widgets.citations: the numbered source list, escaped there",
}
TRUSTED_CONSTANTS = {
    "CHART_HEIGHT_CSS": "CSS written in widgets.common",
    "CHART_TOOLBAR_CSS": "CSS written in plots.style",
}
TRUSTED_ATTRIBUTES = {"svg": "crampkit.pictures: the drawings crampkit ships, never typed text"}


def _calls(node, function: str = ""):
    """Every call under ``node`` with the name of the innermost function holding it."""
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        if isinstance(child, ast.Call):
            yield child, function
        yield from _calls(child, inner)


def escaping_problems(source: str, filename: str) -> list[str]:
    """Every place in ``source`` that could show a value unescaped (see the module docstring)."""
    problems = []
    for node, function in sorted(_calls(ast.parse(source)), key=lambda found: found[0].lineno):
        name, args, line = _name(node.func), node.args, f"{filename}:{node.lineno}"
        if name in MARKUP and args and not _is_text(args[0]) and (filename, function) not in ALLOWED_MARKUP:
            problems.append(f"{line}: {name}() on a value that is not a string written in the code")
        if name == "html_of" and (not args or not _is_text(args[0])):
            problems.append(f"{line}: html_of's template must be a string written in the code")
        separator = args[1:2] + [k.value for k in node.keywords if k.arg == "separator"]
        if name == "html_join" and separator and not _is_text(separator[0]):
            problems.append(f"{line}: html_join's separator must be a string written in the code")
        if name == "crampkit_html" and not (args and _trusted(args[0])):
            problems.append(f"{line}: crampkit_html() on something that is not one of crampkit's builders")
        for keyword in node.keywords:
            if keyword.arg in ("escape", "autoescape") and isinstance(keyword.value, ast.Constant) \
                    and keyword.value.value is False:
                problems.append(f"{line}: {keyword.arg}=False turns escaping off")
    return problems


def _trusted(node) -> bool:
    if isinstance(node, ast.Call):
        return _name(node.func) in TRUSTED_BUILDERS
    if isinstance(node, ast.Name):
        return node.id in TRUSTED_CONSTANTS
    if isinstance(node, ast.Attribute):
        return node.attr in TRUSTED_ATTRIBUTES
    return False


@pytest.mark.parametrize("path", [*sorted(WIDGETS.glob("*.py")), MARKUP_MODULE], ids=lambda p: p.name)
def test_no_widget_module_turns_escaping_off_for_a_value(path):
    assert escaping_problems(path.read_text(encoding="utf-8"), path.name) == []


def test_the_source_check_finds_each_way_of_turning_escaping_off():
    bad = '''
from markupsafe import Markup
def view(typed):
    a = Markup(typed)
    b = Html(f"<b>{typed}</b>")
    c = html_of(template, typed)
    d = crampkit_html(typed)
    e = box_html(typed, "info", escape=False)
    f = html_join(parts, typed)
    ok = Markup("<b>fine</b>"), html_of("<b>{}</b>", typed), crampkit_html(sources_html(ids))
'''
    problems = escaping_problems(bad, "x.py")
    assert [p.split(": ", 1)[0] for p in problems] == [f"x.py:{n}" for n in (4, 5, 6, 7, 8, 9)], problems


def test_an_allowed_exception_is_only_allowed_where_it_is_named():
    source = "def crampkit_html(text):\n    return Html(text)\ndef other(text):\n    return Html(text)\n"
    assert escaping_problems(source, "markup.py") == ["markup.py:4: Html() on a value that is not a "
                                                      "string written in the code"]
    assert len(escaping_problems(source, "common.py")) == 2


# Modules whose HTML is built with html_of/html_join (the rest still use f-strings: issue 27).
CONVERTED = ["activity.py", "common.py", "diary.py", "fluids.py", "foods.py", "medications.py", "patterns.py",
             "pictures.py", "profile_form.py", "quiz.py", "red_flags.py", "static_day.py", "stretch.py",
             "survey.py", "teacher.py"]
TAG = re.compile(r"<[a-zA-Z/!]")


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_modules_build_no_html_by_hand(name):
    """No f-string with a tag and no html.escape: a value reaches HTML only through html_of."""
    tree = ast.parse((WIDGETS / name).read_text(encoding="utf-8"))
    by_hand = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
               and any(_is_text(v) and TAG.search(v.value) for v in node.values)]
    # (html.escape is called in one place: Html.escape in crampkit/markup.py)
    escapes = [node.lineno for node, function in _calls(tree) if _name(node.func) == "escape"
               and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
               and node.func.value.id == "html"]
    assert (by_hand, escapes) == ([], []), f"crampkit/widgets/{name}: f-string HTML at {by_hand}, html.escape at {escapes}"


def test_a_table_sentence_filled_with_markup_escapes_the_words_and_typed_values():
    from crampkit.markup import html_fill, html_of

    shown = html_fill("<b>{typed}</b> see {sources}", typed="<script>alert(1)</script>",
                      sources=html_of("<a href='#r1'>{}</a>", "[1]"))
    assert "<script>" not in shown and "&lt;b&gt;" in shown and "<a href='#r1'>[1]</a>" in shown
