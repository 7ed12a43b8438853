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
CONDITION_LABELS = {
    "dialysis": "I have dialysis",
    "heart_failure": "I have heart failure",
    "fluid_restriction": "My care team limits how much I drink",
}
SEX_LABELS = {"female": "Female", "male": "Male", "unspecified": "Prefer not to say"}
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

        self.age = _text("Age (years)", f"{profile.age}", "5 to 110")
        self.sex = widgets.Dropdown(options=[(SEX_LABELS[s], s) for s in SEXES], value=profile.sex,
                                    description="Sex", style=_WIDE)
        self.pregnant = widgets.Checkbox(value=profile.pregnant, description="Pregnant", indent=False)
        self.lactating = widgets.Checkbox(value=False, description="Breastfeeding", indent=False)
        self.hot = widgets.Checkbox(value=profile.hot_weather_or_heavy_sweating, indent=False,
                                    description="Hot weather or heavy sweating")
        self.exercise = _text("Exercise a day, on average (minutes)", f"{weekly / 7:.0f}" if weekly else "0",
                              "0 to 1440")
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
        self.before = _text("Weight before exercise (kg)", "", "for example 155 lb" if us else "for example 70.4")
        self.after = _text("Weight after exercise (kg)", "", "for example 154 lb" if us else "for example 69.8")
        self.drinks = _text("Drinks during exercise (litres)", "0", "for example 2 cups" if us else "0 to 15")
        self.minutes = _text("Length of the session (minutes)", "", "for example 60")
        self.sweat_button = widgets.Button(description="Work out my sweat loss", icon="calculator",
                                           button_style="primary", layout=widgets.Layout(width="auto"),
                                           tooltip="Sweat lost = weight lost + drinks during")
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
            widgets.HTML("<h4>Your daily drinks target</h4>"),
            row(self.age, "age"), self.sex, widgets.HBox([self.pregnant, self.lactating]),
            self.hot, row(self.exercise, "exercise"),
            widgets.HTML("<p>Does a care team set how much you may drink?</p>"),
            *self.conditions.values(), self.target_box])
        sweat_part = widgets.VBox([
            widgets.HTML("<h4>How much did you sweat?</h4><p>Weigh yourself just before and just "
                         "after exercise, in the same clothes, on the same scale. Each kilogram "
                         "lost is about 1 litre of sweat.</p>"),
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
            age = read_number(self.age.value, "Age", 5, 110, "years")
        except EntryError as error:
            say(self.errors["age"], str(error), "error")
            problems += 1
        try:
            exercise = read_number(self.exercise.value, "Exercise minutes", 0, MAX_SESSION_MINUTES,
                                   "minutes", empty=0.0)
        except EntryError as error:
            say(self.errors["exercise"], str(error), "error")
            problems += 1
        if problems:
            self.target = None
            say(self.target_box, "Fix the box marked above to see your drinks target.", "warning")
            return
        if self.sex.value == "male" and (self.pregnant.value or self.lactating.value):
            self.target = None
            say(self.errors["sex"], "Pregnant or breastfeeding needs sex Female or "
                "Prefer not to say.", "error")
            say(self.target_box, "Fix the box marked above to see your drinks target.", "warning")
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
            headline = "Follow your care team's limit"
            kind = "warning"
        else:
            headline = f"About {self.target.litres:g} litres of drinks a day"
            kind = "ok"
        body = html_of("<b>{}</b><br>{}<br><small>Sources: {}</small>", headline, self.target.explanation,
                       crampkit_html(sources_html(self.target.reference_ids)))
        self.target_box.value = message_box(body, kind)

    # --------------------------------------------------------------- sweat loss
    def _read_sweat(self):
        values, problems = {}, 0
        boxes = (("weight_before_kg", self.before, "Weight before", MIN_WEIGHT_KG, MAX_WEIGHT_KG, "kg", None),
                 ("weight_after_kg", self.after, "Weight after", MIN_WEIGHT_KG, MAX_WEIGHT_KG, "kg", None),
                 ("drinks_during_litres", self.drinks, "Drinks during", 0, MAX_DRINKS_DURING_LITRES,
                  "litres", 0.0),
                 ("minutes", self.minutes, "Session length", 1, MAX_SESSION_MINUTES, "minutes", -1.0))
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
            say(self.sweat_message, "Some boxes need fixing: see the notes beside them.", "error")
            return
        try:
            self.sweat = hydration.sweat_loss(**values)
        except HydrationError as error:
            text = str(error)
            field = next((name for name in SWEAT_FIELDS if text.startswith(name)), "weight_after_kg")
            say(self.errors[field], text.replace("weight_after_kg", "Weight after")
                .replace("weight_before_kg", "weight before")
                .replace("drinks_during_litres", "drinks during"), "error")
            say(self.sweat_message, "Some boxes need fixing: see the notes beside them.", "error")
            return
        body = Html.escape(self.sweat.explanation)
        # From the ticks themselves, so a bad age box never drops this note.
        if any(box.value for box in self.conditions.values()):
            body += Html(" <b>You have a fluid limit: ask your care team how to replace sweat.</b>")
        self.sweat_box.value = message_box(body, "ok")

    def text(self) -> str:
        """The drinks target in words (for printing in a notebook)."""
        if self.target is None:
            return "Fix the box marked above to see your drinks target."
        return self.target.explanation


def fluids_calculator(profile=None) -> FluidsCalculator:
    """The drinks-target and sweat-loss tool, prefilled from ``profile`` (default: the saved
    profile, else the demo person)."""
    return FluidsCalculator(profile)
