"""Rendering the report context with Jinja2 templates: HTML (autoescaped) and Markdown.

The templates live in ``crampkit/report/templates/`` (package data): an educator can change
the layout there without touching Python. ``render_html`` and ``render_markdown`` build the
context once (:func:`crampkit.report.context.build_context`) and lay it out.
"""
from __future__ import annotations

import html
import os
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from crampkit.checks import CrampkitInputError
from crampkit.content import fill, message
from crampkit.presentation import view_text, view_texts
from crampkit.report.chart import weekly_bar_svg
from crampkit.report.context import ReportContext, ReportError, build_context, shown_value, valid_unicode
from crampkit.safe_files import one_line, private_folder, write_private
from crampkit.wording import plain


def _html_text(value):
    """Every value shown in the HTML, escaped as ``html.escape`` does (quotes too), unless it
    is markup the package made itself (the chart, the style sheet, a macro's output)."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


def _commas(values) -> str:
    return ", ".join(str(v) for v in values)


def _md(text) -> str:
    """Text safe inside Markdown: characters that would start markup are escaped."""
    text = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())



def _html_words(key: str, **values) -> Markup:
    """A sentence of ``data/view_texts.csv`` in the HTML page: the table's words escaped for
    the text of an element (``&``, ``<``, ``>``; the templates never put them in an
    attribute), each value escaped as every value of the page is."""
    template = view_texts().get(key) or plain(key).capitalize()
    return Markup(fill(html.escape(template, quote=False),
                       **{name: _html_text(value) for name, value in values.items()}))


def _md_words(key: str, **values) -> str:
    """A sentence of ``data/view_texts.csv`` in the Markdown (the values already passed
    through the md filter)."""
    return view_text(key, **values)


@cache
def _environment(kind: str):
    options = dict(loader=jinja2.PackageLoader("crampkit.report", "templates"), trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    if kind == "html":
        env = jinja2.Environment(autoescape=True, finalize=_html_text, **options)
    else:  # Markdown: no HTML escaping; the md filter escapes Markdown markup instead
        env = jinja2.Environment(autoescape=False, **options)
    env.filters["commas"] = _commas
    env.filters["md"] = _md
    # the report's own words: rows of data/view_texts.csv, {{ text("report_title") }}
    env.globals["text"] = _html_words if kind == "html" else _md_words
    return env


def _css() -> str:
    env = _environment("html")
    return env.loader.get_source(env, "report.css")[0].strip()


def render_context_html(context: ReportContext) -> str:
    """The HTML page for a report context."""
    chart = ""
    if context.diary is not None and context.diary.chart_weeks is not None:
        chart = weekly_bar_svg(context.diary.chart_weeks)
    return _environment("html").get_template("report.html.j2").render(
        r=context, css=Markup(_css()), chart=Markup(chart))


def render_context_markdown(context: ReportContext) -> str:
    """The Markdown text for a report context."""
    return _environment("md").get_template("report.md.j2").render(r=context)


def _context(assessment, profile, diary_df, today, made_up) -> ReportContext:
    """A context already worked out (``build_context``) is laid out as it is: the HTML and
    the Markdown of one report come from one context."""
    if isinstance(assessment, ReportContext):
        if any(x is not None for x in (profile, diary_df, today, made_up)):
            raise ReportError(message("report_context_alone", field="context"))
        return assessment
    return build_context(assessment, profile, diary_df, today, made_up)


def render_html(assessment, profile=None, diary_df=None, today=None, made_up=None) -> str:
    """The report as one self-contained HTML page (no scripts, nothing loaded).

    ``assessment`` is a ``crampkit.Assessment`` or its ``to_dict()`` (``None`` for a
    diary-only report), or a :class:`ReportContext` already worked out; ``profile`` a
    ``crampkit.Profile`` or dict of answers; ``diary_df`` a diary table
    (``Diary().list()``); ``today`` the date printed on the report (default: today);
    ``made_up`` says the answers are the made-up example person's (default: worked out).

    >>> a = {"urgency": "routine_self_care", "red_flags": [], "causes": [], "medications": [],
    ...      "unrecognised_medications": [], "conditions": [], "unrecognised_conditions": [],
    ...      "plan": [], "disclaimer": "For learning only."}
    >>> page = render_html(a, today="2025-11-03")
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "3 November 2025" in page
    (True, False, True)
    """
    return render_context_html(_context(assessment, profile, diary_df, today, made_up))


def render_markdown(assessment, profile=None, diary_df=None, today=None, made_up=None) -> str:
    """The same report as Markdown text, in the same order (warning signs first).

    >>> a = {"urgency": "urgent", "red_flags": [{"id": "dark_urine", "urgency": "urgent",
    ...      "message": "Dark urine with cramps needs care today.", "reference_ids": []}],
    ...      "causes": [], "medications": [], "unrecognised_medications": [],
    ...      "conditions": [], "unrecognised_conditions": [], "plan": [], "disclaimer": "."}
    >>> render_markdown(a, today="2025-11-03").splitlines()[2]
    '**URGENT: get medical help today**'
    >>> "notebook" in render_markdown(a, today="2025-11-03").lower()
    False
    """
    return render_context_markdown(_context(assessment, profile, diary_df, today, made_up))


def save_report(path: str | os.PathLike, html_text: str) -> Path:
    """Write a rendered report to ``path`` (UTF-8) and return the path.

    The file is written next to its final name and then moved into place, so a crash
    never leaves half a report.
    """
    if not isinstance(html_text, str):
        raise ReportError(message("report_html_not_text", field="html", value=type(html_text).__name__))
    if not valid_unicode(html_text):
        raise ReportError(message("report_html_bad_unicode", field="html"))
    try:
        path = Path(path)
        os.fsencode(path)
        if "\x00" in str(path):  # a NUL: no file system holds the name
            raise ValueError(path)
    except (TypeError, ValueError):  # UnicodeError is a ValueError
        raise ReportError(message("report_path_unusable", field="path", value=shown_value(path))) from None
    try:
        private_folder(path.parent)
        # 0600, written next to it and moved into place; noted so "Forget my details" erases
        # it; a device, pipe or link at ``path`` is refused, never replaced
        write_private(path, html_text, kind="report", what="path")
    except CrampkitInputError as exc:
        raise ReportError(str(exc)) from None
    except OSError as exc:
        raise ReportError(one_line(message("report_cannot_write", field="path", path=path,
                                           why=exc.strerror or exc))) from None
    return path
