"""The anonymous class survey: a form for students and a dashboard for the educator.

``survey_form(folder)`` shows labelled multiple-choice questions (no names, no free text);
pressing "Send my answer" writes one small file into ``folder`` and thanks the student.
``class_dashboard(folder)`` loads a folder of answers, names any file it skipped and why,
and shows the class charts, built only from tables in which groups of fewer than 5 students
are merged or hidden. Both are thin views over :mod:`crampkit.classroom`.

Button handlers (``SurveyForm.submit``, ``ClassDashboard.load``) never let an error pass
silently: they show a friendly message and log the details. Tests call them directly.
"""
from __future__ import annotations

import logging
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from crampkit import classroom, palette
from crampkit.classroom import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    DRINKS_CHOICES,
    DRINKS_LABELS,
    EXERCISE_BANDS,
    EXERCISE_LABELS,
    FREQUENCIES,
    FREQUENCY_LABELS,
    PRIVACY_RULE,
    SEX_LABELS,
    SEXES,
    TARGET_NOTE,
    TIMING_LABELS,
    TIMINGS,
    SurveyClosed,
    SurveyError,
    SurveyResponse,
)
from crampkit.content import widget_text
from crampkit.plots.classroom import class_charts
from crampkit.plots.style import summary_of
from crampkit.widgets.common import Component, Html, crampkit_html, html_join, html_of, show_figure

log = logging.getLogger(__name__)
_WIDE = {"description_width": "initial"}
# Short words beside the form: _ERROR.format(text) escapes ``text`` (an Html template).
_ERROR = html_of('<span style="color:{}" role="alert">{{}}</span>', palette.ERROR_WORDS)
_OK = html_of('<div style="color:{};font-weight:bold" role="status">{{}}</div>', palette.OK_WORDS)


#: What a student who answers after the teacher closed the survey reads: one sentence.
CLOSED_TEXT = widget_text("survey_closed")
#: What the form needs: said above the questions, and true (see ``SurveyForm._read``).
NEEDED_TEXT = widget_text("survey_needed")

CHOOSE_ONE = ""  # the value of "Choose one": not None, which ipywidgets reads as no option at all


def _dropdown(label: str, labels: dict, keys) -> widgets.Dropdown:
    """A drop-down that starts on "Choose one" (value ``CHOOSE_ONE``, not an answer)."""
    options = [(widget_text("survey_choose_one"), CHOOSE_ONE)] + [(labels[k], k) for k in keys]
    return widgets.Dropdown(options=options, value=CHOOSE_ONE, description=label, style=_WIDE,
                            layout=widgets.Layout(width="auto"))


class SurveyForm(Component):
    """The student's form. ``submit()`` is the button handler; ``saved`` lists written files.

    Model: ``folder`` and ``saved``; ``view`` is one VBox with the questions and buttons.
    """

    def __init__(self, folder):
        self.folder = classroom.folder_path(folder)
        self.saved: list[Path] = []
        self.age_band = _dropdown(widget_text("survey_age_band"), AGE_BAND_LABELS, AGE_BANDS)
        self.sex = _dropdown(widget_text("survey_sex"), SEX_LABELS, SEXES)
        self.sex.value = "unspecified"
        self.exercise = _dropdown(widget_text("survey_exercise"), EXERCISE_LABELS, EXERCISE_BANDS)
        self.drinks = _dropdown(widget_text("survey_drinks"), DRINKS_LABELS, DRINKS_CHOICES)
        self.frequency = _dropdown(widget_text("survey_frequency"), FREQUENCY_LABELS, FREQUENCIES)
        self.when = {t: widgets.Checkbox(value=False, description=TIMING_LABELS[t],
                                         indent=False) for t in TIMINGS}
        self.errors = {name: widgets.HTML("") for name in
                       ("age_band", "sex", "exercise", "drinks", "frequency", "when")}
        self.submit_button = widgets.Button(description=widget_text("survey_send"), button_style="primary",
                                            icon="paper-plane",
                                            tooltip=widget_text("survey_send_tip"))
        self.again_button = widgets.Button(description=widget_text("survey_again"),
                                           tooltip=widget_text("survey_again_tip"),
                                           layout=widgets.Layout(display="none", width="auto"))
        self.message = widgets.HTML("")
        self.submit_button.on_click(self.submit)
        self.again_button.on_click(self.reset)
        self.frequency.observe(self._frequency_changed, names="value")
        intro = widgets.HTML(html_of("<p><b>{}</b> {}</p><p>{}</p>", widget_text("survey_intro_title"),
                                     widget_text("survey_intro"), NEEDED_TEXT))
        when_box = widgets.VBox(
            [widgets.HTML(html_of("<b>{}</b> {}", widget_text("survey_when_title"), widget_text("survey_when_hint")))]
            + list(self.when.values()) + [self.errors["when"]])
        rows = [widgets.HBox([w, self.errors[name]]) for name, w in (
            ("age_band", self.age_band), ("sex", self.sex), ("exercise", self.exercise),
            ("drinks", self.drinks), ("frequency", self.frequency))]
        self.view = widgets.VBox([intro, *rows, when_box,
                                  widgets.HBox([self.submit_button, self.again_button]), self.message])
        self.view.add_class("crampkit-survey-form")
        self.submit_button.add_class("crampkit-survey-submit")
        self.message.add_class("crampkit-survey-message")
        self._frequency_changed()

    def _frequency_changed(self, change=None) -> None:
        never = self.frequency.value in (CHOOSE_ONE, "never")
        for box in self.when.values():
            box.disabled = never
            if never:
                box.value = False

    def _read(self) -> SurveyResponse | None:
        for box in self.errors.values():
            box.value = ""
        missing = False
        for name, w in (("age_band", self.age_band), ("exercise", self.exercise), ("drinks", self.drinks),
                        ("frequency", self.frequency)):
            if w.value == CHOOSE_ONE:
                what = widget_text(f"survey_what_{name}")
                self.errors[name].value = _ERROR.format(widget_text("survey_please_choose", what=what))
                missing = True
        if missing:
            self.message.value = _ERROR.format(widget_text("survey_missing"))
            return None
        return SurveyResponse(
            age_band=self.age_band.value, exercise_band=self.exercise.value,
            drinks_litres_per_day=self.drinks.value, cramp_frequency=self.frequency.value,
            cramp_when=tuple(t for t, box in self.when.items() if box.value),
            sex=self.sex.value or "unspecified",
        )

    def submit(self, button=None) -> Path | None:
        """Save the answer as one file; return its path, or None with a message shown."""
        try:
            resp = self._read()
            if resp is None:
                return None
            path = classroom.save_response(resp, self.folder)
        except SurveyClosed:
            self.message.value = _ERROR.format(CLOSED_TEXT)
            return None
        except (SurveyError, OSError) as err:
            log.warning("survey answer not saved: %s", err)
            reason = str(err).rstrip(".")
            self.message.value = _ERROR.format(widget_text(
                "survey_not_saved" if " ask " in f" {reason}" else "survey_not_saved_tell", reason=reason))
            return None
        except Exception as err:  # shown to the student, and logged in full
            log.exception("unexpected error while saving a survey answer")
            self.message.value = _ERROR.format(widget_text("survey_went_wrong", kind=type(err).__name__))
            return None
        self.saved.append(path)
        self.message.value = _OK.format(widget_text(
            "survey_thanks_drop" if classroom.is_drop_folder(self.folder) else "survey_thanks"))
        self.submit_button.disabled = True
        self.again_button.layout.display = None
        return path

    def reset(self, button=None) -> None:
        """Clear the form for the next student on a shared computer."""
        for w in (self.age_band, self.exercise, self.drinks, self.frequency):
            w.value = CHOOSE_ONE
        self.sex.value = "unspecified"
        for box in self.errors.values():
            box.value = ""
        self.message.value = ""
        self.submit_button.disabled = False
        self.again_button.layout.display = "none"


def survey_form(folder) -> SurveyForm:
    """The student's anonymous survey form; each "Send" writes one file into ``folder``."""
    return SurveyForm(folder)


_LITRE_COLUMNS = ("target_low_litres", "target_high_litres", "median_drinks_litres")


def _table_html(table, percent_label: str = "percent", empty: str = "") -> Html:
    table = table.copy()
    for column in _LITRE_COLUMNS:  # one rounding rule with the charts and their summaries
        if column in table.columns:
            table[column] = [classroom.format_litres(v) for v in table[column]]
    shown = table.rename(columns={
        "group": widget_text("survey_col_group"), "students": widget_text("survey_col_students"),
        "percent": percent_label,
        "target_low_litres": widget_text("survey_col_target_low"),
        "target_high_litres": widget_text("survey_col_target_high"),
        "median_drinks_litres": widget_text("survey_col_median"),
        "reached_target": widget_text("survey_col_reached"),
        "reached_target_percent": widget_text("survey_col_reached_percent"),
    })
    if shown.empty:
        return html_of("<p>{}</p>", empty or widget_text("survey_too_few"))
    hidden = widget_text("survey_hidden")
    for column in shown.columns:  # to_html's na_rep misses pandas' NA ("<NA>" on screen)
        if shown[column].isna().any():
            shown[column] = [hidden if pd.isna(v) else f"{v:.1f}" if isinstance(v, float) else str(v)
                             for v in shown[column]]
    return crampkit_html(shown.to_html(index=False, na_rep=hidden, float_format="{:.1f}".format))


class ClassDashboard(Component):
    """The educator's view. ``load()`` and ``close()`` are the button handlers; results kept
    for tests. Class results appear only once the survey is closed, with the threshold fixed
    in the survey folder (``min_group`` may be given only to check it).

    Model: ``result``, ``summary`` and ``figures``; ``view`` is one VBox.
    """

    def __init__(self, folder, min_group: int | None = None):
        self.min_group = min_group
        self.result = None
        self.summary = None
        self.figures: list = []
        self.folder = widgets.Text(value=str(folder), description=widget_text("survey_folder"),
                                   style=_WIDE, layout=widgets.Layout(width="40em"))
        self.load_button = widgets.Button(description=widget_text("survey_load"), icon="refresh",
                                          layout=widgets.Layout(width="auto"),
                                          tooltip=widget_text("survey_load_tip"))
        self.status = widgets.HTML("")
        self.skipped = widgets.HTML("")
        self.tables = widgets.HTML("")
        self.chart_outputs = [widgets.Output() for _ in range(3)]
        self.charts = widgets.VBox(self.chart_outputs)
        self.close_button = widgets.Button(
            description=widget_text("survey_close"), icon="lock",
            tooltip=widget_text("survey_close_tip"),
            layout=widgets.Layout(width="auto"))
        self.load_button.on_click(self.load)
        self.close_button.on_click(self.close)
        rule = widgets.HTML(html_of("<p><i>{}</i></p>", PRIVACY_RULE))
        self.view = widgets.VBox([widgets.HBox([self.folder, self.load_button, self.close_button]),
                                  rule, self.status, self.skipped, self.charts, self.tables])
        self.view.add_class("crampkit-class-dashboard")
        self.load_button.add_class("crampkit-dashboard-load")
        self.close_button.add_class("crampkit-dashboard-close")
        self.load()

    def close(self, button=None):
        """Close the survey (no more answers), then show the class results."""
        try:
            classroom.close_survey(self.folder.value.strip())
        except SurveyError as err:
            self.status.value = _ERROR.format(str(err))
            return None
        except Exception as err:  # shown to the educator, and logged in full
            log.exception("unexpected error while closing the survey")
            self.status.value = _ERROR.format(widget_text("survey_could_not_close", kind=type(err).__name__))
            return None
        return self.load()

    def load(self, button=None):
        """Load the folder, list skipped files by name, draw the charts; return the summary."""
        for out in self.chart_outputs:
            out.outputs = ()
        self.skipped.value = self.tables.value = ""
        self.figures = []
        try:
            self.result, self.summary = classroom.class_summary(self.folder.value.strip(),
                                                                self.min_group)
            self.figures = class_charts(self.summary) if self.summary.shown else []
        except SurveyError as err:
            self.status.value = _ERROR.format(str(err))
            return None
        except Exception as err:  # shown to the educator, and logged in full
            log.exception("unexpected error while loading class answers")
            self.status.value = _ERROR.format(widget_text("survey_could_not_show",
                                                          problem=f"{type(err).__name__}: {err}"))
            return None
        self.status.value = html_of("<p><b>{}</b></p>", self.summary.message)
        self.close_button.disabled = bool(self.result.settings and self.result.settings.closed)
        if self.result.skipped:
            items = html_join(html_of("<li><code>{}</code>: {}</li>", name, reason)
                              for name, reason in self.result.skipped)
            self.skipped.value = html_of("<p>{}</p><ul>{}</ul>",
                                         widget_text("survey_skipped", count=len(self.result.skipped)), items)
        if self.summary.shown:
            for out, fig in zip(self.chart_outputs, self.figures, strict=False):
                show_figure(out, fig, widget_text("survey_chart_summary", summary=summary_of(fig)))
            notes = html_join(html_of("<li>{}</li>", n) for n in self.summary.notes)
            self.tables.value = html_of(
                "<h4>{}</h4>{}<h4>{}</h4>{}<h4>{}</h4>{}<p><i>{}</i></p>{}",
                widget_text("survey_how_often"),
                _table_html(self.summary.frequency, widget_text("survey_percent_class"),
                            self.summary.frequency_message),
                widget_text("survey_when_among"),
                _table_html(self.summary.timing, widget_text("survey_percent_with_cramps"),
                            self.summary.timing_message),
                widget_text("survey_drinks_target"), _table_html(self.summary.drinks), TARGET_NOTE,
                html_of("<p>{}</p><ul>{}</ul>", widget_text("survey_small_group_rule"), notes) if notes else "")
        return self.summary


def class_dashboard(folder, min_group: int | None = None) -> ClassDashboard:
    """The educator's class dashboard over a folder of survey answers (loads at once).

    Results appear once the survey is closed ("Close the survey" button, or
    ``crampkit.classroom.close_survey(folder)``)."""
    return ClassDashboard(folder, min_group)
