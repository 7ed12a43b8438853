"""Fluids: the daily drinks target and a sweat-loss calculator (notebook 01).

A thin view over :mod:`crampkit.topics.hydration`: the boxes are prefilled from the saved profile
(or the demo person), the numbers and words come from the core. With dialysis, heart
failure or a fluid restriction there is no number: the person follows their care team.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit import store
from crampkit.assessment.conditions import recognise_conditions
from crampkit.assessment.profile import SEXES
from crampkit.content import widget_text
from crampkit.entries import EntryError, conversion_of, read_number
from crampkit.topics import hydration
from crampkit.topics.hydration import (
    FLUID_LIMIT_CONDITIONS,
    MAX_DRINKS_DURING_LITRES,
    MAX_SESSION_MINUTES,
    MAX_WEIGHT_KG,
    MIN_WEIGHT_KG,
    HydrationError,
)
from crampkit.widgets.citations import sources_html
from crampkit.widgets.common import (
    Component,
    Html,
    crampkit_html,
    given_or_saved,
    html_of,
    message,
    message_box,
    safe,
    say,
)

_WIDE = {"description_width": "initial"}
_BOX = widgets.Layout(width="auto", min_width="360px")
CONDITION_LABELS = {key: widget_text(f"fluids_condition_{key}") for key in ("dialysis", "heart_failure",
                                                                            "fluid_restriction")}
SEX_LABELS = {key: widget_text(f"fluids_sex_{key}") for key in ("female", "male", "unspecified")}
# Which sweat box a core message is about (checked in this order).
SWEAT_FIELDS = ("weight_after_kg", "weight_before_kg", "drinks_during_litres", "minutes")


def _text(label: str, value: str = "", placeholder: str = "") -> widgets.Text:
    return widgets.Text(value=value, description=label, placeholder=placeholder, style=_WIDE,
                        continuous_update=False, layout=_BOX)


class FluidsCalculator(Component):
    """Drinks target (top) and sweat loss from weighing before and after exercise (bottom).

    State for tests: ``target`` (the last :class:`hydration.DrinksTarget` or None),
    ``sweat`` (the last :class:`hydration.SweatLoss` or None), ``errors`` (field -> HTML).
    """

    def __init__(self, profile=None):
        profile, self.source = given_or_saved(profile)
        self.profile = profile
        conditions, _ = recognise_conditions(profile.conditions)
        weekly = profile.exercise_minutes_per_week or 0
        self.target = None
        self.sweat = None

        self.age = _text(widget_text("fluids_age"), f"{profile.age}", widget_text("fluids_age_hint"))
        self.sex = widgets.Dropdown(options=[(SEX_LABELS[s], s) for s in SEXES], value=profile.sex,
                                    description=widget_text("fluids_sex"), style=_WIDE)
        self.pregnant = widgets.Checkbox(value=profile.pregnant, description=widget_text("fluids_pregnant"),
                                         indent=False)
        self.lactating = widgets.Checkbox(value=False, description=widget_text("fluids_breastfeeding"), indent=False)
        self.hot = widgets.Checkbox(value=profile.hot_weather_or_heavy_sweating, indent=False,
                                    description=widget_text("fluids_hot"))
        self.exercise = _text(widget_text("fluids_exercise"), f"{weekly / 7:.0f}" if weekly else "0",
                              widget_text("fluids_exercise_hint"))
        self.conditions = {cid: widgets.Checkbox(value=cid in conditions, indent=False,
                                                 description=CONDITION_LABELS[cid])
                           for cid in FLUID_LIMIT_CONDITIONS}
        self.errors = {name: message() for name in (
            "age", "sex", "exercise", "weight_before_kg", "weight_after_kg",
            "drinks_during_litres", "minutes")}
        self.target_box = widgets.HTML()
        self.target_box.add_class("crampkit-output")
        self.target_box.add_class("crampkit-fluids-target")
        self.age.add_class("crampkit-fluids-age")

        # What the boxes suggest follows the unit setting saved with the details (any unit
        # of the right kind is read either way, and the conversion shown beside the box).
        us = store.saved_units() == "us"
        hint = "us" if us else "metric"
        self.before = _text(widget_text("fluids_weight_before"), "", widget_text(f"fluids_weight_before_hint_{hint}"))
        self.after = _text(widget_text("fluids_weight_after"), "", widget_text(f"fluids_weight_after_hint_{hint}"))
        self.drinks = _text(widget_text("fluids_drinks_during"), "0", widget_text(f"fluids_drinks_during_hint_{hint}"))
        self.minutes = _text(widget_text("fluids_session"), "", widget_text("fluids_session_hint"))
        self.sweat_button = widgets.Button(description=widget_text("fluids_sweat_button"), icon="calculator",
                                           button_style="primary", layout=widgets.Layout(width="auto"),
                                           tooltip=widget_text("fluids_sweat_button_tip"))
        self.sweat_box = widgets.HTML()
        self.sweat_box.add_class("crampkit-output")
        self.sweat_message = message()

        for widget in (self.age, self.sex, self.pregnant, self.lactating, self.hot, self.exercise,
                       *self.conditions.values()):
            widget.observe(self._target_changed, names="value")
        self.sweat_button.on_click(self.work_out_sweat)
        self.update_target = safe(self.target_box)(self._update_target)

        def row(widget, error):
            return widgets.HBox([widget, self.errors[error]])

        target_part = widgets.VBox([
            widgets.HTML(html_of("<h4>{}</h4>", widget_text("fluids_target_title"))),
            row(self.age, "age"), self.sex, widgets.HBox([self.pregnant, self.lactating]),
            self.hot, row(self.exercise, "exercise"),
            widgets.HTML(html_of("<p>{}</p>", widget_text("fluids_care_team_question"))),
            *self.conditions.values(), self.target_box])
        sweat_part = widgets.VBox([
            widgets.HTML(html_of("<h4>{}</h4><p>{}</p>", widget_text("fluids_sweat_title"),
                                 widget_text("fluids_sweat_how"))),
            row(self.before, "weight_before_kg"), row(self.after, "weight_after_kg"),
            row(self.drinks, "drinks_during_litres"), row(self.minutes, "minutes"),
            self.sweat_button, self.sweat_message, self.sweat_box])
        self.view = widgets.VBox([target_part, sweat_part])
        self.view.add_class("crampkit-fluids")
        self.update_target()

    # --------------------------------------------------------------- drinks target
    def _target_changed(self, change=None) -> None:
        self.update_target()

    def _update_target(self) -> None:
        for name in ("age", "exercise"):
            say(self.errors[name], "")
        problems = 0
        try:
            age = read_number(self.age.value, widget_text("fluids_age_field"), 5, 110, "years")
        except EntryError as error:
            say(self.errors["age"], str(error), "error")
            problems += 1
        try:
            exercise = read_number(self.exercise.value, widget_text("fluids_exercise_field"), 0, MAX_SESSION_MINUTES,
                                   "minutes", empty=0.0)
        except EntryError as error:
            say(self.errors["exercise"], str(error), "error")
            problems += 1
        if problems:
            self.target = None
            say(self.target_box, widget_text("fluids_fix_box"), "warning")
            return
        if self.sex.value == "male" and (self.pregnant.value or self.lactating.value):
            self.target = None
            say(self.errors["sex"], widget_text("fluids_pregnant_needs_sex"), "error")
            say(self.target_box, widget_text("fluids_fix_box"), "warning")
            return
        say(self.errors["sex"], "")
        sex = self.sex.value
        if sex == "unspecified" and (self.pregnant.value or self.lactating.value):
            sex = "female"
        conditions = [cid for cid, box in self.conditions.items() if box.value]
        try:
            self.target = hydration.drinks_target(
                age, sex, pregnant=self.pregnant.value, lactating=self.lactating.value,
                hot_weather=self.hot.value, exercise_minutes_per_day=exercise, conditions=conditions)
        except HydrationError as error:
            self.target = None
            say(self.target_box, str(error), "error")
            return
        if self.target.follow_care_team:
            headline = widget_text("fluids_follow_care_team")
            kind = "warning"
        else:
            headline = widget_text("fluids_about_litres", litres=f"{self.target.litres:g}")
            kind = "ok"
        body = html_of("<b>{}</b><br>{}<br><small>{} {}</small>", headline, self.target.explanation,
                       widget_text("fluids_sources"), crampkit_html(sources_html(self.target.reference_ids)))
        self.target_box.value = message_box(body, kind)

    # --------------------------------------------------------------- sweat loss
    def _read_sweat(self):
        values, problems = {}, 0
        boxes = (("weight_before_kg", self.before, widget_text("fluids_weight_before_field"), MIN_WEIGHT_KG,
                  MAX_WEIGHT_KG, "kg", None),
                 ("weight_after_kg", self.after, widget_text("fluids_weight_after_field"), MIN_WEIGHT_KG,
                  MAX_WEIGHT_KG, "kg", None),
                 ("drinks_during_litres", self.drinks, widget_text("fluids_drinks_during_field"), 0,
                  MAX_DRINKS_DURING_LITRES, "litres", 0.0),
                 ("minutes", self.minutes, widget_text("fluids_session_field"), 1, MAX_SESSION_MINUTES, "minutes",
                  -1.0))
        for name, box, label, low, high, unit, empty in boxes:
            say(self.errors[name], "")
            try:
                values[name] = read_number(box.value, label, low, high, unit, empty=empty)
                said = conversion_of(box.value, label, unit)
                if said:  # beside the box: what a typed unit was read as ("154 lb = 69.9 kg")
                    say(self.errors[name], said, "info")
            except EntryError as error:
                say(self.errors[name], str(error), "error")
                problems += 1
        if values.get("minutes") == -1.0:
            values["minutes"] = None
        return None if problems else values

    def work_out_sweat(self, button=None) -> None:
        """Button handler: read the four boxes and show the sweat loss (or what to fix)."""
        safe(self.sweat_message)(self._work_out_sweat)()

    def _work_out_sweat(self) -> None:
        say(self.sweat_message, "")
        self.sweat = None
        self.sweat_box.value = ""
        values = self._read_sweat()
        if values is None:
            say(self.sweat_message, widget_text("fluids_fix_boxes"), "error")
            return
        try:
            self.sweat = hydration.sweat_loss(**values)
        except HydrationError as error:
            text = str(error)
            field = next((name for name in SWEAT_FIELDS if text.startswith(name)), "weight_after_kg")
            say(self.errors[field], text.replace("weight_after_kg", widget_text("fluids_weight_after_field"))
                .replace("weight_before_kg", widget_text("fluids_weight_before_in_problem"))
                .replace("drinks_during_litres", widget_text("fluids_drinks_during_in_problem")), "error")
            say(self.sweat_message, widget_text("fluids_fix_boxes"), "error")
            return
        body = Html.escape(self.sweat.explanation)
        # From the ticks themselves, so a bad age box never drops this note.
        if any(box.value for box in self.conditions.values()):
            body += html_of(" <b>{}</b>", widget_text("fluids_fluid_limit"))
        self.sweat_box.value = message_box(body, "ok")

    def text(self) -> str:
        """The drinks target in words (for printing in a notebook)."""
        if self.target is None:
            return widget_text("fluids_fix_box")
        return self.target.explanation


def fluids_calculator(profile=None) -> FluidsCalculator:
    """The drinks-target and sweat-loss tool, prefilled from ``profile`` (default: the saved
    profile, else the demo person)."""
    return FluidsCalculator(profile)
