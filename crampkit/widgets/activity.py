"""Activity tools: minutes in each of the last four weeks with sudden jumps marked
(notebook 02), and weekly minutes against the WHO guideline (notebook 03).

Thin views over :mod:`crampkit.topics.activity` and :mod:`crampkit.plots.activity`, prefilled from
the saved profile (or the demo person).
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.content import widget_text
from crampkit.entries import EntryError, read_number
from crampkit.markup import html_fill
from crampkit.plots import activity as activity_plots
from crampkit.topics import activity
from crampkit.topics.activity import MAX_WEEK_MINUTES, WEEKS_SHOWN, week_labels
from crampkit.widgets.citations import evidence_words, sources_html
from crampkit.widgets.common import (
    Component,
    crampkit_html,
    given_or_saved,
    html_join,
    html_of,
    message,
    message_box,
    safe,
    say,
    show_figure,
)

_WIDE = {"description_width": "initial"}
_BOX = widgets.Layout(width="auto", min_width="300px")
FILL_IN_WEEKS = widget_text("activity_fill_weeks")
FIX_THE_BOX = widget_text("activity_fix_box")


def _minutes_box(label: str, value) -> widgets.Text:
    return widgets.Text(value="" if value is None else f"{value:g}", description=label,
                        placeholder=widget_text("activity_minutes_hint", most=MAX_WEEK_MINUTES), style=_WIDE,
                        continuous_update=False, layout=_BOX)


def _rule_html(rule: dict) -> str:
    about = html_fill(widget_text("rule_evidence_sources"), level=evidence_words(rule["evidence_level"]),
                      sources=crampkit_html(sources_html(rule["reference_ids"])))
    return html_of("<p><b>{text}</b> <small>({about})</small></p>", text=rule["text"], about=about)


class WeeklyLoad(Component):
    """Four labelled boxes (oldest week first) -> bar chart with sudden jumps marked.

    State: ``changes`` (list of :class:`activity.WeekChange`, or None while a box is wrong),
    ``last_figure``, ``errors`` (one message widget per box).
    """

    def __init__(self, profile=None):
        profile, _ = given_or_saved(profile)
        weekly = profile.exercise_minutes_per_week
        start = [weekly] * WEEKS_SHOWN if weekly is not None else [None] * WEEKS_SHOWN
        if profile.recent_training_increase and weekly:
            start[-1] = round(weekly * 1.5)  # show what a recent increase looks like
        self.boxes = [_minutes_box(widget_text("activity_week_box", week=label.lower()), value)
                      for label, value in zip(week_labels(WEEKS_SHOWN), start, strict=False)]
        self.errors = [message() for _ in self.boxes]
        for box in self.boxes:
            box.add_class("crampkit-week-minutes")
        self.out = widgets.Output()
        self.out.add_class("crampkit-output")
        self.summary = widgets.HTML()
        self.message = message()
        self.changes = None
        self.last_figure = None
        self.redraw = safe(self.message)(self._redraw)
        for box in self.boxes:
            box.observe(lambda change: self.redraw(), names="value")
        self.view = widgets.VBox(
            [widgets.HTML(_rule_html(activity.JUMP_RULE))]
            + [widgets.HBox([box, error]) for box, error in zip(self.boxes, self.errors, strict=False)]
            + [self.message, self.out, self.summary])
        self.view.add_class("crampkit-weekly-load")
        self.redraw()

    def _redraw(self) -> None:
        values, problems = [], 0
        for box, error, label in zip(self.boxes, self.errors, week_labels(WEEKS_SHOWN), strict=False):
            say(error, "")
            try:
                values.append(read_number(box.value, widget_text("activity_week_field", week=label.lower()), 0,
                                          MAX_WEEK_MINUTES, "minutes"))
            except EntryError as problem:
                say(error, str(problem), "error")
                problems += 1
        if problems:
            self.changes = self.last_figure = None
            self.out.clear_output()
            self.summary.value = ""
            say(self.message, FILL_IN_WEEKS, "warning")
            return
        say(self.message, "")
        self.changes = activity.weekly_load(values)
        self.last_figure = activity_plots.weekly_load_chart(self.changes)
        show_figure(self.out, self.last_figure)
        items = html_join(html_of("<li><b>{}</b>: {:g} minutes. {}</li>", c.label, c.minutes, c.message)
                          for c in self.changes)
        self.summary.value = html_of('<p class="crampkit-summary">{}</p><ul>{}</ul>',
                                     activity.load_summary(self.changes), items)

    def text(self) -> str:
        """What the tool shows, as plain lines (for printing in a notebook)."""
        if self.changes is None:
            return FILL_IN_WEEKS
        return "\n".join(widget_text("activity_week_line", week=c.label, minutes=f"{c.minutes:g}", message=c.message)
                         for c in self.changes)


class GuidelineView(Component):
    """Age and minutes a week -> bar against the WHO guideline (150, or 420 under 18).

    State: ``check`` (:class:`activity.GuidelineCheck` or None), ``last_figure``, ``errors``.
    """

    def __init__(self, profile=None):
        profile, _ = given_or_saved(profile)
        self.age = widgets.Text(value=f"{profile.age}", description=widget_text("activity_age"), style=_WIDE,
                                placeholder=widget_text("activity_age_hint"), continuous_update=False, layout=_BOX)
        self.minutes = _minutes_box(widget_text("activity_minutes"),
                                    profile.exercise_minutes_per_week)
        self.errors = {"age": message(), "minutes": message()}
        self.minutes.add_class("crampkit-guideline-minutes")
        self.out = widgets.Output()
        self.out.add_class("crampkit-output")
        self.summary = widgets.HTML()
        self.message = message()
        self.check = None
        self.last_figure = None
        self.redraw = safe(self.message)(self._redraw)
        for box in (self.age, self.minutes):
            box.observe(lambda change: self.redraw(), names="value")
        self.view = widgets.VBox([
            widgets.HBox([self.age, self.errors["age"]]),
            widgets.HBox([self.minutes, self.errors["minutes"]]),
            self.message, self.out, self.summary])
        self.view.add_class("crampkit-guideline")
        self.redraw()

    def _redraw(self) -> None:
        values, problems = {}, 0
        for name, box, label, low, high, unit in (
                ("age", self.age, widget_text("activity_age_field"), 5, 110, "years"),
                ("minutes", self.minutes, widget_text("activity_minutes_field"), 0, MAX_WEEK_MINUTES, "minutes")):
            say(self.errors[name], "")
            try:
                values[name] = read_number(box.value, label, low, high, unit)
            except EntryError as problem:
                say(self.errors[name], str(problem), "error")
                problems += 1
        if problems:
            self.check = self.last_figure = None
            self.out.clear_output()
            self.summary.value = ""
            say(self.message, FIX_THE_BOX, "warning")
            return
        say(self.message, "")
        self.check = activity.guideline_check(values["minutes"], values["age"])
        self.last_figure = activity_plots.guideline_chart(self.check)
        show_figure(self.out, self.last_figure)
        self.summary.value = message_box(
            html_of("{} <small>{} (source: {})</small>", self.check.message, activity.GUIDELINE_NOTE,
                    crampkit_html(sources_html(self.check.reference_ids))),
            "ok" if self.check.meets_guideline else "info")

    def text(self) -> str:
        """What the tool shows, in words (for printing in a notebook)."""
        return self.check.message if self.check is not None else FIX_THE_BOX


def weekly_load_tool(profile=None) -> WeeklyLoad:
    """Minutes in each of the last four weeks -> chart with sudden jumps marked."""
    return WeeklyLoad(profile)


def guideline_tool(profile=None) -> GuidelineView:
    """Weekly minutes against the WHO 2020 guideline for the person's age."""
    return GuidelineView(profile)
