"""Hours sitting and standing -> a day chart with and without movement breaks (notebook 04).

A thin view over :func:`crampkit.topics.static_day.day_timeline` and
:func:`crampkit.plots.activity.day_timeline_chart`, prefilled from the saved profile (or the
demo person).
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.content import widget_text
from crampkit.entries import EntryError, read_number
from crampkit.markup import html_fill
from crampkit.plots import activity as activity_plots
from crampkit.topics.static_day import (
    BREAK_EVERY_OPTIONS,
    BREAK_RULE,
    DEFAULT_BREAK_EVERY,
    StaticDayError,
    day_timeline,
)
from crampkit.widgets.citations import evidence_words, sources_html
from crampkit.widgets.common import Component, crampkit_html, given_or_saved, html_of, message, safe, say, show_figure

_WIDE = {"description_width": "initial"}
_BOX = widgets.Layout(width="auto", min_width="300px")


def _hours_box(label: str, value) -> widgets.Text:
    return widgets.Text(value="" if value is None else f"{value:g}", description=label,
                        placeholder=widget_text("static_day_hours_hint"), style=_WIDE, continuous_update=False,
                        layout=_BOX)


class StaticDay(Component):
    """Hours sitting, hours standing and a break interval -> the day chart.

    State: ``plan`` (:class:`crampkit.topics.static_day.DayPlan` or None), ``last_figure``,
    ``errors`` (field -> message widget).
    """

    def __init__(self, profile=None):
        profile, _ = given_or_saved(profile)
        self.sitting = _hours_box(widget_text("static_day_sitting"), profile.hours_sitting_per_day)
        self.standing = _hours_box(widget_text("static_day_standing"), profile.hours_standing_per_day)
        self.every = widgets.Dropdown(
            options=[(widget_text("static_day_every", minutes=m), m) for m in BREAK_EVERY_OPTIONS],
            value=DEFAULT_BREAK_EVERY, description=widget_text("static_day_break"), style=_WIDE)
        self.errors = {"sitting": message(), "standing": message()}
        self.sitting.add_class("crampkit-static-sitting")
        self.out = widgets.Output()
        self.out.add_class("crampkit-output")
        self.summary = widgets.HTML()
        self.message = message()
        self.plan = None
        self.last_figure = None
        self.redraw = safe(self.message)(self._redraw)
        for widget in (self.sitting, self.standing, self.every):
            widget.observe(lambda change: self.redraw(), names="value")
        rule = widgets.HTML(html_of(
            "<p><b>{text}</b> <small>({about})</small></p>", text=BREAK_RULE["text"],
            about=html_fill(widget_text("rule_evidence_sources"), level=evidence_words(BREAK_RULE["evidence_level"]),
                            sources=crampkit_html(sources_html(BREAK_RULE["reference_ids"])))))
        self.view = widgets.VBox([
            rule, widgets.HBox([self.sitting, self.errors["sitting"]]),
            widgets.HBox([self.standing, self.errors["standing"]]), self.every,
            self.message, self.out, self.summary])
        self.view.add_class("crampkit-static-day")
        self.redraw()

    def _redraw(self) -> None:
        values, problems = {}, 0
        for name, box, label in (("sitting", self.sitting, widget_text("static_day_sitting_short")),
                                 ("standing", self.standing, widget_text("static_day_standing_short"))):
            say(self.errors[name], "")
            try:
                values[name] = read_number(box.value, label, 0, 24, "hours")
            except EntryError as problem:
                say(self.errors[name], str(problem), "error")
                problems += 1
        if problems:
            self._blank()
            say(self.message, widget_text("static_day_fix_box"), "warning")
            return
        try:
            self.plan = day_timeline(values["sitting"], values["standing"],
                                     break_every_minutes=self.every.value)
        except StaticDayError as problem:
            self._blank()
            say(self.errors["sitting"], widget_text("static_day_over_24", sitting=f"{values['sitting']:g}",
                                                    standing=f"{values['standing']:g}"), "error")
            say(self.message, str(problem).split(": ", 1)[-1], "warning")
            return
        say(self.message, "")
        self.last_figure = activity_plots.day_timeline_chart(self.plan)
        show_figure(self.out, self.last_figure)
        self.summary.value = html_of('<p class="crampkit-summary">{}</p>', self.plan.summary)

    def _blank(self) -> None:
        self.plan = self.last_figure = None
        self.out.clear_output()
        self.summary.value = ""

    def text(self) -> str:
        """What the tool shows, in words (for printing in a notebook)."""
        return self.plan.summary if self.plan is not None else widget_text("static_day_fix_box")


def static_day_tool(profile=None) -> StaticDay:
    """Hours sitting and standing -> the day chart with movement breaks."""
    return StaticDay(profile)
