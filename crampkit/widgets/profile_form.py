"""The profile form: a person enters their details once and every notebook can use them.

Every field of the assessment contract has a labelled input; the plain-language labels live
in ``data/answer_labels.csv``. Nothing is saved until the person presses "Save my details";
the file stays on this computer (``crampkit.store``), and "Forget my details" erases it and
the diary after a second, confirming click. A bad entry shows a message next to its field,
never a traceback.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit import store
from crampkit.assessment.assess import assess
from crampkit.assessment.profile import (
    BOOLEANS,
    FREE_TEXT_LISTS,
    NUMBER_RANGES,
    Profile,
)
from crampkit.content import widget_text
from crampkit.entries import conversion_of
from crampkit.palette import QUIET_INK
from crampkit.paths import data_dir
from crampkit.units import BOX_UNITS, units
from crampkit.widgets.banners import understanding_html
from crampkit.widgets.common import (
    Component,
    box_html,
    checked_profile,
    html_join,
    html_of,
    message,
    message_box,
    safe,
    say,
)
from crampkit.widgets.fields import (
    CHECKLIST_FIELDS,
    PLACEHOLDER_AGE,
    accordion,
    answer_labels,
    check_answers,
    checkbox_group,
    help_text,
    number_box,
    question_label,
    read_number,
    source_text,
    split_list,
    text_list_box,
    unit_message,
    wide_button,
    wrap_style,
)

_WIDE = {"description_width": "initial"}
# What an empty form shows in its boxes and tick boxes (no age: the person types it).
EMPTY = Profile(age=PLACEHOLDER_AGE)


FORGET_LIST_SHOWN = 30  # files named before "Yes, erase"; the rest are counted
# The boxes that take amounts with units (the box's own unit: litres, minutes, hours).
UNIT_BOXES = {name: unit.split()[0] for name, (_, _, unit) in NUMBER_RANGES.items() if unit.split()[0] in BOX_UNITS}
UNIT_CHOICES = [(widget_text("profile_units_metric"), "metric"), (widget_text("profile_units_us"), "us")]
# What each box suggests typing, by unit setting (any unit of the same kind is read either way).
SUGGESTED = {("litres", "metric"): widget_text("profile_suggest_litres_metric"),
             ("litres", "us"): widget_text("profile_suggest_litres_us"),
             ("minutes", "metric"): widget_text("profile_suggest_minutes"),
             ("minutes", "us"): widget_text("profile_suggest_minutes"),
             ("hours", "metric"): widget_text("profile_suggest_hours"),
             ("hours", "us"): widget_text("profile_suggest_hours")}


class ProfileForm(Component):
    """Inputs for every profile field, with save, load and forget buttons.

    Model: ``inputs`` (field -> widget for single answers), ``checkboxes`` (field -> {id:
    Checkbox}), ``field_messages`` (field -> HTML shown next to it), ``message`` (the form's
    own message), ``source`` ("demo" or "saved"), ``profile`` (last valid profile).
    """

    def __init__(self, profile: Profile | None = None, source: str | None = None, collapsible: bool = False,
                 show_understanding: bool | None = None):
        profile = checked_profile(profile)
        self.collapsible = bool(collapsible)
        # What crampkit made of the typed words, under the medicines (the plan app shows it
        # with its answer instead).
        self.show_understanding = (not self.collapsible) if show_understanding is None else bool(show_understanding)
        problem = ""
        if profile is None:
            # The person's saved details, else an empty form: the made-up example only when
            # asked for (the "Fill in a made-up example" button), never as someone's answers.
            profile, source = store.current_profile()
            if source.startswith("demo ("):
                problem = source[len("demo ("):-1]
            if source.startswith("demo"):
                profile, source = None, "empty"
        self.profile = profile
        self.source = source or ("empty" if profile is None else "given")
        shown = profile if profile is not None else EMPTY
        self._listeners: list = []
        self._quiet = False

        self.inputs: dict[str, widgets.Widget] = {"age": number_box("age", None if profile is None else profile.age)}
        self.inputs["age"].placeholder = widget_text("profile_age_placeholder")
        self.inputs["age"].layout.min_width = "260px"
        self.inputs["sex"] = widgets.Dropdown(
            options=[(label, key) for key, label in answer_labels("sex").items()],
            value=shown.sex, description=question_label("sex"), style=_WIDE)
        for name in FREE_TEXT_LISTS:
            self.inputs[name] = text_list_box(name, getattr(shown, name))
        for name in NUMBER_RANGES:
            self.inputs[name] = number_box(name, None if profile is None else getattr(profile, name))
        for name in BOOLEANS:
            self.inputs[name] = widgets.Checkbox(value=getattr(shown, name),
                                                 description=question_label(name), indent=False,
                                                 layout=widgets.Layout(width="auto", height="auto"))
            self.inputs[name].add_class("crampkit-wrap-label")
        self.units = widgets.Dropdown(options=UNIT_CHOICES, description=widget_text("profile_units"), style=_WIDE,
                                      value=store.saved_units() if self.source == "saved" else store.DEFAULT_UNITS)
        self.units.add_class("crampkit-units")
        #: Beside each box with a unit: the conversion made ("2 cups = 0.48 L").
        self.conversions = {name: widgets.HTML("") for name in UNIT_BOXES}
        for widget in self.conversions.values():
            widget.add_class("crampkit-conversion")
        self.checkboxes = {name: checkbox_group(name, getattr(shown, name)) for name in CHECKLIST_FIELDS}
        fields = list(self.inputs) + list(self.checkboxes)
        self.field_messages = {name: widgets.HTML("") for name in fields}
        self.message = message()
        self.status = widgets.HTML()
        self.status.add_class("crampkit-profile-status")
        self.understood = widgets.HTML()
        self.understood.add_class("crampkit-form-understood")

        self.save_button = wide_button(widget_text("profile_save"), icon="save",
                                       tooltip=widget_text("profile_save_tip"))
        self.load_button = wide_button(widget_text("profile_load"), icon="folder-open",
                                       tooltip=widget_text("profile_load_tip"))
        self.forget_button = wide_button(widget_text("profile_forget"), icon="trash",
                                         tooltip=widget_text("profile_forget_tip"))
        self.confirm_button = wide_button(widget_text("profile_erase"), button_style="danger",
                                          tooltip=widget_text("profile_erase_tip"))
        self.cancel_button = wide_button(widget_text("profile_keep"))
        #: What "Yes, erase" would erase, filled in when the person asks (a dry run).
        self.forget_list = widgets.HTML("")
        self.demo_button = wide_button(widget_text("profile_demo"), icon="user",
                                       tooltip=widget_text("profile_demo_tip"))
        self.clear_button = wide_button(widget_text("profile_clear"), icon="eraser",
                                        tooltip=widget_text("profile_clear_tip"))
        self.confirm_box = widgets.VBox([
            self.forget_list,
            widgets.HBox([self.confirm_button, self.cancel_button]),
        ], layout=widgets.Layout(display="none"))
        for name, button in (("save", self.save_button), ("load", self.load_button),
                             ("forget", self.forget_button), ("erase", self.confirm_button),
                             ("demo", self.demo_button), ("clear", self.clear_button)):
            button.add_class(f"crampkit-profile-{name}")
        self.save_button.on_click(safe(self.message)(self.save))
        self.load_button.on_click(safe(self.message)(self.load))
        self.forget_button.on_click(safe(self.message)(self.ask_forget))
        self.confirm_button.on_click(safe(self.message)(self.confirm_forget))
        self.cancel_button.on_click(safe(self.message)(self.cancel_forget))
        self.demo_button.on_click(safe(self.message)(self.show_demo))
        self.clear_button.on_click(safe(self.message)(self.clear))

        for widget in self.inputs.values():
            widget.observe(self._changed, names="value")
        self.units.observe(lambda _change: self._show_conversions(), names="value")
        for group in self.checkboxes.values():
            for box in group.values():
                box.observe(self._changed, names="value")

        self.view = widgets.VBox(self._layout())
        self.view.add_class("crampkit-profile-form")
        self._show_source()
        self._show_understanding()
        self._show_conversions()
        if problem:
            say(self.message, f"{problem} {widget_text('profile_starts_empty')}", "error")

    # ------------------------------------------------------------------ layout
    def _row(self, name: str) -> widgets.Widget:
        extra = help_text(name)
        box = self.inputs[name]
        if name in self.conversions:
            box = widgets.HBox([box, self.conversions[name]], layout=widgets.Layout(flex_flow="row wrap",
                                                                                    align_items="center"))
        return widgets.VBox([box, *([extra] if extra else []), self.field_messages[name]])

    def _group(self, name: str) -> widgets.Widget:
        boxes = widgets.Box(list(self.checkboxes[name].values()),
                            layout=widgets.Layout(width="100%"))
        boxes.add_class("crampkit-grid-2")
        return widgets.VBox([widgets.HTML(html_of("<b>{}</b>", question_label(name))),
                             boxes, self.field_messages[name]])

    def _section(self, title: str, parts) -> widgets.Widget:
        return widgets.VBox([widgets.HTML(html_of("<h3>{}</h3>", title)), *parts])

    SECTION_TITLES = tuple(widget_text(f"profile_section_{key}") for key in ("you", "cramps", "day", "signs"))

    def _sections(self) -> list[list]:
        return [
            [self._row("age"), self._row("sex"), self._row("pregnant"), self._row("conditions"),
             self._row("medications"), self.understood],
            [self._group("timing"), self._row("typical_duration_minutes"), self._row("episodes_per_week"),
             self._group("relieved_by")],
            [self._row("exercise_minutes_per_week"), self._row("recent_training_increase"),
             self._row("hours_standing_per_day"), self._row("hours_sitting_per_day"),
             self._row("fluids_litres_per_day"), self._row("hot_weather_or_heavy_sweating"),
             self._row("alcohol_drinks_per_week")],
            [self._group("symptoms"), self._group("clot_risks")],
        ]

    def _layout(self) -> list:
        sections = self._sections()
        if self.collapsible:
            # The plan app: the answers fold away so the results are near the top; "About you"
            # (five short rows) stays open, a person opens another section to change it.
            self.sections = accordion([widgets.VBox(parts) for parts in sections], self.SECTION_TITLES, 0)
            body = [widgets.HTML(html_of("<p>{}</p>", widget_text("profile_open_a_section"))), self.sections]
        else:
            self.sections = None
            body = [self._section(title, parts) for title, parts in zip(self.SECTION_TITLES, sections, strict=False)]
        return [
            wrap_style(),
            self.status,
            self.units,
            *body,
            widgets.HBox([self.save_button, self.load_button, self.demo_button, self.clear_button,
                          self.forget_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.confirm_box,
            self.message,
        ]

    # ------------------------------------------------------------------ model
    def on_change(self, callback) -> None:
        """Call ``callback()`` whenever any answer changes (the plan app listens)."""
        self._listeners.append(callback)

    def _changed(self, change=None) -> None:
        if self._quiet:
            return
        self._show_conversions()
        self._show_understanding()
        for callback in self._listeners:
            callback()

    def _show_conversions(self) -> None:
        """Beside each box with a unit: the conversion crampkit made of what was typed
        ("2 cups = 0.48 L"); with US units, a litres amount in cups too; placeholders
        suggest the units of the chosen setting."""
        cup = units()["cup"].to_base
        for name, unit in UNIT_BOXES.items():
            box = self.inputs[name]
            box.placeholder = SUGGESTED[(unit, self.units.value)]
            said = conversion_of(box.value, question_label(name), unit)
            if not said and unit == "litres" and self.units.value == "us":
                litres = read_number(box.value, unit)
                if isinstance(litres, (int, float)) and 0 < litres <= NUMBER_RANGES[name][1]:
                    said = widget_text("profile_litres_in_cups", litres=f"{litres:g}", cups=round(litres / cup))
            self.conversions[name].value = (
                html_of("<span style='color:{};margin-left:0.6em'>{}</span>", QUIET_INK, said) if said else "")

    def _show_understanding(self) -> None:
        """Under the medicines: what crampkit did not understand, what the medicines suggest
        and what it did not count (contract v3), from the answers as they are now."""
        if not self.show_understanding:
            return
        rough = check_answers(self.answers(), fields=set(self.field_messages))[2]
        self.understood.value = understanding_html(assess(rough)) if rough is not None else ""

    def answers(self) -> dict:
        """The answers as typed, as plain values for ``Profile.from_dict`` (not yet checked)."""
        data = {"age": read_number(self.inputs["age"].value), "sex": self.inputs["sex"].value}
        for name in FREE_TEXT_LISTS:
            data[name] = split_list(self.inputs[name].value)
        for name, (_, _, unit) in NUMBER_RANGES.items():
            data[name] = read_number(self.inputs[name].value, unit.split()[0])
        for name in BOOLEANS:
            data[name] = bool(self.inputs[name].value)
        for name, group in self.checkboxes.items():
            data[name] = [key for key, box in group.items() if box.value]
        return data

    def check(self) -> tuple[Profile | None, dict[str, str], Profile | None]:
        """Check the answers and show each problem next to its field (see ``check_answers``)."""
        profile, problems, best_effort = check_answers(self.answers(), fields=set(self.field_messages))
        for name in problems.keys() & (set(NUMBER_RANGES) | {"age"}):
            unit = NUMBER_RANGES[name][2].split()[0] if name in NUMBER_RANGES else None
            clearer = unit_message(name, self.inputs[name].value, unit)
            if clearer:
                problems[name] = clearer
        for name, box in self.field_messages.items():
            say(box, problems.get(name, ""), "error")
        if "age" in problems and not self.inputs["age"].value.strip():  # not a mistake: not typed yet
            say(self.field_messages["age"], widget_text("profile_type_age"), "info")
        if "profile" in problems:
            say(self.message, problems["profile"], "error")
        if profile is not None:
            self.profile = profile
        return profile, problems, best_effort

    def to_profile(self) -> Profile | None:
        """The checked profile, or ``None`` with a message next to each bad answer."""
        return self.check()[0]

    def set_profile(self, profile: Profile | None, source: str) -> None:
        """Fill every input from ``profile`` (one change notice at the end, not one per box);
        ``None`` empties the form."""
        shown = EMPTY if profile is None else profile
        self._quiet = True
        try:
            self.inputs["age"].value = "" if profile is None else str(profile.age)
            self.inputs["sex"].value = shown.sex
            for name in FREE_TEXT_LISTS:
                self.inputs[name].value = ", ".join(getattr(shown, name))
            for name in NUMBER_RANGES:
                value = None if profile is None else getattr(profile, name)
                self.inputs[name].value = "" if value is None else f"{value:g}"
            for name in BOOLEANS:
                self.inputs[name].value = getattr(shown, name)
            for name, group in self.checkboxes.items():
                for key, box in group.items():
                    box.value = key in getattr(shown, name)
        finally:
            self._quiet = False
        for box in self.field_messages.values():
            say(box, "")
        self.profile, self.source = profile, source
        self._show_source()
        self._changed()

    def _show_source(self) -> None:
        self.status.value = box_html(source_text(self.source, in_form=True), "warning" if self.is_demo else "info")

    # ------------------------------------------------------------------ buttons
    @property
    def is_demo(self) -> bool:
        """True while the form holds the made-up example (changed or not)."""
        return self.source == "demo"

    def show_demo(self, button=None) -> None:
        """Fill the form with the made-up example person (asked for; labelled everywhere)."""
        self.set_profile(store.demo_profile(), "demo")
        say(self.message, widget_text("profile_demo_shown"), "info")

    def clear(self, button=None) -> None:
        """Empty every answer (nothing saved is touched)."""
        self.set_profile(None, "empty")
        say(self.message, widget_text("profile_emptied"), "info")

    def save(self, button=None):
        """Save the answers on this computer; returns the file's path (None if not saved)."""
        if self.is_demo:
            say(self.message, widget_text("profile_demo_not_saved"), "error")
            return None
        profile = self.to_profile()
        if profile is None:
            say(self.message, widget_text("profile_fix_first"), "error")
            return None
        try:
            path = store.save_profile(profile, units=self.units.value)
        except OSError as problem:
            say(self.message, widget_text("profile_not_saved", folder=data_dir(),
                                          problem=problem.strerror or problem), "error")
            return None
        self.source = "saved"
        self._show_source()
        say(self.message, widget_text("profile_saved", path=path), "ok")
        return path

    def load(self, button=None):
        """Fill the form from the saved details; a damaged file is kept aside and reported."""
        try:
            profile = store.load_profile()
        except store.StoreError as problem:
            self.set_profile(None, "empty")
            say(self.message, f"{problem} {widget_text('profile_empty_for_now')}", "error")
            return None
        if profile is None:
            say(self.message, widget_text("profile_nothing_saved_yet", path=store.profile_path()), "info")
            return None
        self.units.value = store.saved_units()
        self.set_profile(profile, "saved")
        say(self.message, widget_text("profile_loaded", path=store.profile_path()), "ok")
        return profile

    def ask_forget(self, button=None) -> list[str]:
        """Ask first: list exactly the files "Yes, erase" would erase (nothing is erased
        yet), then show the "Yes, erase" and "No, keep them" buttons."""
        files = store.what_forget_removes()
        left = self._left_note(store.what_forget_leaves())
        if not files:
            self.confirm_box.layout.display = "none"
            say(self.message, f"{widget_text('profile_nothing_to_forget', folder=data_dir())}{left}", "info")
            return files
        items = html_join(html_of("<li><code>{}</code></li>", name) for name in files[:FORGET_LIST_SHOWN])
        if len(files) > FORGET_LIST_SHOWN:
            items += html_of("<li>{}</li>", widget_text("profile_and_more", count=len(files) - FORGET_LIST_SHOWN))
        self.forget_list.value = message_box(html_of(
            "<p>{}</p><ul>{}</ul><p>{}{}</p>", widget_text("profile_forget_lists", count=len(files)), items,
            widget_text("profile_forget_sure"), left), "warning")
        self.confirm_box.layout.display = "flex"
        say(self.message, "")
        return files

    def cancel_forget(self, button=None) -> None:
        self.confirm_box.layout.display = "none"
        say(self.message, widget_text("profile_nothing_erased"), "info")

    def confirm_forget(self, button=None) -> list[str]:
        """Erase the saved details and the diary in one step; say what went."""
        self.confirm_box.layout.display = "none"
        left = self._left_note(store.what_forget_leaves())
        erased = store.forget_everything()
        self.units.value = store.DEFAULT_UNITS
        self.set_profile(None, "empty")
        if erased:
            erased_words = widget_text("profile_erased", folder=data_dir(), files=", ".join(erased))
            say(self.message, f"{erased_words}{left}", "ok")
        else:
            say(self.message, f"{widget_text('profile_nothing_was_saved')}{left}", "info")
        return erased

    @staticmethod
    def _left_note(left: list[str]) -> str:
        """A sentence (with its leading space) naming files crampkit wrote that were changed
        since, which forget leaves for the person to delete if they wish; or nothing."""
        if not left:
            return ""
        return " " + widget_text("profile_forget_leaves", count=len(left), files=", ".join(left))


def profile_form(profile: Profile | None = None) -> ProfileForm:
    """The profile form, prefilled from ``profile`` or else ``store.current_profile()``."""
    return ProfileForm(profile, "given" if profile is not None else None)
