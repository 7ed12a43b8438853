"""A personal report to take to a clinician: one HTML file (or Markdown) that works offline.

Warning signs come first, then the person's answers, the likely causes with their reasons,
the plan, the medicines recognised, a diary summary with a small chart, the references, the
disclaimer and the date. The HTML has no scripts and loads nothing (no fonts, images or
style sheets from elsewhere); the chart is an inline SVG drawn here, and the page prints
cleanly on A4 or Letter paper.

The package: ``context`` works out what the report says once (a :class:`ReportContext`),
``chart`` draws the SVG, and ``render`` lays the context out with the Jinja2 templates in
``templates/`` (HTML autoescaped; Markdown escaped by its own filter).
"""
from __future__ import annotations

from crampkit.report.chart import BAR_COLOUR, weekly_bar_svg
from crampkit.report.context import (
    CONTRACT_KEYS,
    DIARY_ONLY_NOTE,
    PROFILE_LABELS,
    REPORT_WEEKS,
    SYNTHETIC_NOTE,
    URGENCY_COLOURS,
    URGENCY_HEADLINES,
    ReportContext,
    ReportError,
    build_context,
    urgency_label,
)
from crampkit.report.render import (
    render_context_html,
    render_context_markdown,
    render_html,
    render_markdown,
    save_report,
)

__all__ = [
    "BAR_COLOUR", "CONTRACT_KEYS", "DIARY_ONLY_NOTE", "PROFILE_LABELS", "REPORT_WEEKS", "SYNTHETIC_NOTE",
    "URGENCY_COLOURS", "URGENCY_HEADLINES", "ReportContext", "ReportError", "build_context",
    "render_context_html", "render_context_markdown", "render_html", "render_markdown", "save_report",
    "urgency_label", "weekly_bar_svg",
]

ReportError.__module__ = __name__
