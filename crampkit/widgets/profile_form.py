"""The profile form: a person enters their details once and every notebook can use them.

Every field of the assessment contract has a labelled input; the plain-language labels live
in ``data/answer_labels.csv``. Nothing is saved until the person presses "Save my details";
the file stays on this computer (``crampkit.store``), and "Forget my details" erases it and
the diary after a second, confirming click. A bad entry shows a message next to its field,
never a traceback.
"""
from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import ipywidgets as widgets

from crampkit import store
from crampkit.assessment.profile import (
    BOOLEANS,
    FREE_TEXT_LISTS,
    MAX_LIST_LENGTH,
    MAX_TEXT_LENGTH,
    NUMBER_RANGES,
    VOCABULARIES,
    Profile,
    ProfileError,
)
from crampkit.checks import NumberProblem, parse_number
from crampkit.content import read_table
from crampkit.paths import data_dir
from crampkit.widgets.common import Component, box_html, checked_profile, message, safe, say
from crampkit.wording import answer_labels as _answer_names

_WIDE = {"description_width": "initial"}
CHECKLIST_FIELDS = tuple(VOCABULARIES)  # timing, relieved_by, symptoms
PLACEHOLDER_AGE = 40  # stands in for a bad age while the other answers are still checked
AUTO = {"width": "auto"}
# ipywidgets cuts long labels with "..."; crampkit's labels wrap onto a second line instead.
WRAP_CSS = (
    ".crampkit-wrap-label, .crampkit-wrap-label .widget-label-basic, "
    ".crampkit-wrap-label .widget-label-basic span, .crampkit-wrap-label .widget-label, "
    ".crampkit-wide-button, .crampkit-wide-button .widget-label "
    "{white-space:normal !important; overflow:visible !important; text-overflow:clip !important;"
    " height:auto !important; min-height:var(--jp-widgets-inline-height, 28px); line-height:1.35 !important}"
    " .crampkit-wrap-label .widget-label-basic {align-items:flex-start !important}"
    " .crampkit-wrap-label input[type=checkbox] {margin-top:0.25em !important; flex:none}"
    " .crampkit-grid-2 {display:grid !important; grid-template-columns:repeat(auto-fit, minmax(300px, 1fr));"
    " column-gap:16px}"
    # Collapsed accordion headers are grey on grey by default (too little contrast).
    " .crampkit-accordion .jupyter-widget-Collapse-header, .crampkit-accordion .p-Collapse-header"
    " {color:#1a1a1a !important; background:#eef1f4 !important; opacity:1 !important}"
    " .crampkit-accordion .jupyter-widget-Collapse-header span {color:#1a1a1a !important}"
)


def accordion(children, titles, selected_index=None) -> widgets.Accordion:
    """An Accordion whose headers keep readable contrast (with ``wrap_style()`` in the view)."""
    box = widgets.Accordion(children=list(children), titles=tuple(titles), selected_index=selected_index)
    box.add_class("crampkit-accordion")
    return box


def wrap_style() -> widgets.HTML:
    """An invisible widget carrying crampkit's label-wrapping CSS (put one in each view)."""
    return widgets.HTML(f"<style>{WRAP_CSS}</style>", layout=widgets.Layout(height="0px", margin="0"))


def wide_button(description: str, **kwargs) -> widgets.Button:
    """A button as wide as its label, so the label is never cut ("Load saved de...")."""
    button = widgets.Button(description=description, layout=widgets.Layout(width="auto", height="auto"),
                            **kwargs)
    button.add_class("crampkit-wide-button")
    return button


@cache
def _labels() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in read_table("answer_labels.csv"):
        table.setdefault(row["field"], {})[row["id"]] = row["label"]
    return table


def answer_labels(field: str) -> dict[str, str]:
    """Plain-language labels for the answers to ``field`` (id -> label, in table order).

    >>> answer_labels("timing")["night"]
    'At night in bed'
    """
    return dict(_labels().get(field, {}))


def question_label(field: str) -> str:
    """The question shown beside the input for ``field``.

    >>> question_label("age")
    'Age (years)'
    """
    return _labels()["question"][field]


def field_name(field: str) -> str:
    """A short name for ``field`` used in messages ("Typical cramp length (minutes)")."""
    return _answer_names().get(field, field.replace("_", " "))


def read_number(text: str):
    """What a typed number box holds: ``None`` when empty, a number, else the text itself.

    A comma works as the decimal point ("1,5" litres), as in every crampkit tool
    (:func:`crampkit.checks.parse_number`). Text that is no number is passed on unchanged so
    the core's check names the field and what is allowed.

    >>> read_number(" 72 "), read_number("1.5"), read_number("1,5"), read_number(""), read_number("two")
    (72, 1.5, 1.5, None, 'two')
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    try:
        number = parse_number(cleaned)
    except NumberProblem:
        return cleaned
    return int(number) if number.is_integer() and not any(c in cleaned for c in ".,eE") else number


def split_list(text: str) -> list[str]:
    """Entries typed with commas (or semicolons, or new lines) between them.

    >>> split_list("diabetes, high blood pressure;  ")
    ['diabetes', 'high blood pressure']
    """
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def friendly(error: ProfileError) -> str:
    """The core's message with the field's plain name in front instead of its id."""
    text = str(error)
    prefix = f"{error.field}: "
    detail = text[len(prefix):] if text.startswith(prefix) else text
    name = field_name(error.field)
    return f"{name} {detail}" if detail.startswith("is ") else f"{name}: {detail}"


def usable_entries(items) -> list:
    """The entries of a typed list a profile accepts: text, not too long, not too many.

    >>> usable_entries(["dialysis", "x" * 300, 7])
    ['dialysis']
    """
    if not isinstance(items, (list, tuple)):
        return []
    kept = [item for item in items if isinstance(item, str) and len(" ".join(item.split())) <= MAX_TEXT_LENGTH]
    return kept[:MAX_LIST_LENGTH]


def check_answers(answers: dict, fields=None) -> tuple[Profile | None, dict[str, str], Profile | None]:
    """Check ``answers``: (the profile or None, {field: message}, a best-effort profile).

    Every problem is found, not just the first: a bad answer is left out (a bad age is
    replaced by a stand-in) and the rest checked again. The best-effort profile, built
    without the bad answers, lets warning signs show even while a box is wrong.

    >>> ok, problems, rough = check_answers({"age": 58, "episodes_per_week": "two"})
    >>> ok is None, list(problems), rough.age
    (True, ['episodes_per_week'], 58)
    """
    data = dict(answers)
    problems: dict[str, str] = {}
    for _ in range(2 * len(data) + 2):
        try:
            profile = Profile.from_dict(data)
        except ProfileError as error:
            retry_list = error.field in problems and error.field in FREE_TEXT_LISTS and error.field in data
            if retry_list:  # even the usable entries failed: leave the list out
                data.pop(error.field)
                continue
            if error.field in problems or (fields is not None and error.field not in fields):
                problems.setdefault("profile", friendly(error))
                return None, problems, None
            problems[error.field] = friendly(error)
            if error.field == "age":
                data["age"] = PLACEHOLDER_AGE
            elif error.field == "pregnant":
                data["pregnant"] = False
            elif error.field in FREE_TEXT_LISTS:
                # Keep the usable entries: one bad medicine must not hide a statin warning.
                data[error.field] = usable_entries(data[error.field])
            else:
                data.pop(error.field, None)
            continue
        return (None if problems else profile), problems, profile
    return None, problems, None


def number_box(field: str, value) -> widgets.Text:
    """A labelled text box for a number (typed text is checked by the core, not here)."""
    low, high, unit = NUMBER_RANGES.get(field, (5, 110, "years"))
    return widgets.Text(
        value="" if value is None else f"{value:g}", description=question_label(field), style=_WIDE,
        placeholder=f"{low:g} to {high:g}", continuous_update=False,
        layout=widgets.Layout(width="auto", min_width="420px"))


def _assess(profile):
    from crampkit.assessment.assess import assess

    return assess(profile)


def _urgency_rank(urgency: str) -> int:
    from crampkit.assessment import red_flags

    order = red_flags.URGENCY_ORDER
    return order.index(urgency) if urgency in order else len(order)


@lru_cache(maxsize=4)
def _sign_urgencies(symptoms: tuple) -> dict[str, str]:
    return {s: _assess(Profile(age=40, symptoms=[s])).urgency for s in symptoms}


def signs_by_urgency(symptoms=None) -> dict[str, list[str]]:
    """The symptom ids grouped by the urgency each one has on its own, most urgent first.

    Worked out from the red-flag rules (so a new sign lands in the right group with no change
    here). Combinations can be more urgent: the banner always reflects every tick together.

    >>> groups = signs_by_urgency()
    >>> "dark_urine" in groups["urgent"], "sleep_disrupted" in groups["see_clinician_soon"]
    (True, True)
    """
    symptoms = tuple(VOCABULARIES["symptoms"] if symptoms is None else symptoms)
    found = _sign_urgencies(symptoms)
    order = sorted(set(found.values()), key=_urgency_rank, reverse=True)
    return {u: [s for s in symptoms if found[s] == u] for u in order}


def checkbox_label(field: str, key: str) -> str:
    """The plain label for answer ``key`` of ``field``; a readable stand-in if the table has none.

    >>> checkbox_label("symptoms", "swelling"), checkbox_label("symptoms", "made_up_sign")
    ('My leg is swollen', 'Made up sign')
    """
    return answer_labels(field).get(key) or key.replace("_", " ").capitalize()


def checkbox_group(field: str, chosen) -> dict[str, widgets.Checkbox]:
    """One labelled checkbox per allowed answer of ``field``, in the vocabulary's order.

    The answers come from the profile's vocabulary (``crampkit.assessment.profile.VOCABULARIES``), so a
    new symptom or timing shows up here with no change to this code; labels that do not fit
    the width wrap instead of being cut off.
    """
    keys = VOCABULARIES.get(field) or tuple(answer_labels(field))
    if field == "symptoms":  # the signs that need help soonest come first
        keys = [key for group in signs_by_urgency(tuple(keys)).values() for key in group]
    boxes = {}
    for key in keys:
        box = widgets.Checkbox(value=key in chosen, description=checkbox_label(field, key), indent=False,
                               layout=widgets.Layout(width="auto", max_width="100%", height="auto"))
        box.add_class("crampkit-wrap-label")
        box.add_class(f"crampkit-answer-{key.replace('_', '-')}")
        boxes[key] = box
    return boxes


def text_list_box(field: str, items) -> widgets.Text:
    """A labelled text box for a comma-separated list (conditions, medicines)."""
    return widgets.Text(value=", ".join(items), description=question_label(field), style=_WIDE,
                        continuous_update=False, layout=widgets.Layout(width="auto", min_width="520px"))


def source_text(source: str) -> str:
    """What the form is showing, in words, from ``store.current_profile()``'s second value."""
    if source == "saved":
        return f"Started from: your saved details (kept on this computer in {store.profile_path()})."
    if source == "given":
        return "Started from: the details given to this form. Press Save my details if you want to keep them."
    text = (f"Started from: the demo person, a made-up {store.demo_profile().age}-year-old, not a real person. "
            "Change the "
            "answers to your own; press Save my details if you want to keep them.")
    if source.startswith("demo (") and source.endswith(")"):  # the saved file was damaged
        text += " " + source[len("demo ("):-1]
    return text


class ProfileForm(Component):
    """Inputs for every profile field, with save, load and forget buttons.

    Model: ``inputs`` (field -> widget for single answers), ``checkboxes`` (field -> {id:
    Checkbox}), ``field_messages`` (field -> HTML shown next to it), ``message`` (the form's
    own message), ``source`` ("demo" or "saved"), ``profile`` (last valid profile).
    """

    def __init__(self, profile: Profile | None = None, source: str | None = None, collapsible: bool = False):
        profile = checked_profile(profile)
        self.collapsible = bool(collapsible)
        problem = ""
        if profile is None:
            profile, source = store.current_profile()
            if source.startswith("demo ("):
                problem = source[len("demo ("):-1]
                source = "demo"
        self.profile = profile
        self.source = source or "demo"
        self._listeners: list = []
        self._quiet = False

        self.inputs: dict[str, widgets.Widget] = {"age": number_box("age", profile.age)}
        self.inputs["age"].placeholder = "5 to 110"
        self.inputs["age"].layout.min_width = "260px"
        self.inputs["sex"] = widgets.Dropdown(
            options=[(label, key) for key, label in answer_labels("sex").items()],
            value=profile.sex, description=question_label("sex"), style=_WIDE)
        for name in FREE_TEXT_LISTS:
            self.inputs[name] = text_list_box(name, getattr(profile, name))
        for name in NUMBER_RANGES:
            self.inputs[name] = number_box(name, getattr(profile, name))
        for name in BOOLEANS:
            self.inputs[name] = widgets.Checkbox(value=getattr(profile, name),
                                                 description=question_label(name), indent=False,
                                                 layout=widgets.Layout(width="auto", height="auto"))
            self.inputs[name].add_class("crampkit-wrap-label")
        self.checkboxes = {name: checkbox_group(name, getattr(profile, name)) for name in CHECKLIST_FIELDS}
        fields = list(self.inputs) + list(self.checkboxes)
        self.field_messages = {name: widgets.HTML("") for name in fields}
        self.message = message()
        self.status = widgets.HTML()
        self.status.add_class("crampkit-profile-status")

        self.save_button = wide_button("Save my details", icon="save",
                                       tooltip="Keep these answers in a file on this computer only")
        self.load_button = wide_button("Load saved details", icon="folder-open",
                                       tooltip="Fill the form from the details saved on this computer")
        self.forget_button = wide_button("Forget my details", icon="trash",
                                         tooltip="Erase your saved details and diary from this computer")
        self.confirm_button = wide_button("Yes, erase", button_style="danger",
                                          tooltip="Erase your saved details and your diary now")
        self.cancel_button = wide_button("No, keep them")
        self.confirm_box = widgets.VBox([
            widgets.HTML(box_html("This erases your saved details and your cramp diary from this "
                                  "computer. It cannot be undone. Are you sure?", "warning")),
            widgets.HBox([self.confirm_button, self.cancel_button]),
        ], layout=widgets.Layout(display="none"))
        for name, button in (("save", self.save_button), ("load", self.load_button),
                             ("forget", self.forget_button), ("erase", self.confirm_button)):
            button.add_class(f"crampkit-profile-{name}")
        self.save_button.on_click(safe(self.message)(self.save))
        self.load_button.on_click(safe(self.message)(self.load))
        self.forget_button.on_click(safe(self.message)(self.ask_forget))
        self.confirm_button.on_click(safe(self.message)(self.confirm_forget))
        self.cancel_button.on_click(safe(self.message)(self.cancel_forget))

        for widget in self.inputs.values():
            widget.observe(self._changed, names="value")
        for group in self.checkboxes.values():
            for box in group.values():
                box.observe(self._changed, names="value")

        self.view = widgets.VBox(self._layout())
        self.view.add_class("crampkit-profile-form")
        self._show_source()
        if problem:
            say(self.message, problem, "error")

    # ------------------------------------------------------------------ layout
    def _row(self, name: str) -> widgets.Widget:
        return widgets.VBox([self.inputs[name], self.field_messages[name]])

    def _group(self, name: str) -> widgets.Widget:
        boxes = widgets.Box(list(self.checkboxes[name].values()),
                            layout=widgets.Layout(width="100%"))
        boxes.add_class("crampkit-grid-2")
        return widgets.VBox([widgets.HTML(f"<b>{html.escape(question_label(name))}</b>"),
                             boxes, self.field_messages[name]])

    def _section(self, title: str, parts) -> widgets.Widget:
        return widgets.VBox([widgets.HTML(f"<h3>{html.escape(title)}</h3>"), *parts])

    SECTION_TITLES = ("About you", "Your cramps", "Your day", "Warning signs and other signs")

    def _sections(self) -> list[list]:
        return [
            [self._row("age"), self._row("sex"), self._row("pregnant"), self._row("conditions"),
             self._row("medications")],
            [self._group("timing"), self._row("typical_duration_minutes"), self._row("episodes_per_week"),
             self._group("relieved_by")],
            [self._row("exercise_minutes_per_week"), self._row("recent_training_increase"),
             self._row("hours_standing_per_day"), self._row("hours_sitting_per_day"),
             self._row("fluids_litres_per_day"), self._row("hot_weather_or_heavy_sweating")],
            [self._group("symptoms")],
        ]

    def _layout(self) -> list:
        sections = self._sections()
        if self.collapsible:
            # The plan app: the answers fold away so the results are near the top; "About you"
            # (five short rows) stays open, a person opens another section to change it.
            self.sections = accordion([widgets.VBox(parts) for parts in sections], self.SECTION_TITLES, 0)
            body = [widgets.HTML("<p><b>Your answers</b> (open a section to check or change it; the "
                                 "plan updates at once)</p>"), self.sections]
        else:
            self.sections = None
            body = [self._section(title, parts) for title, parts in zip(self.SECTION_TITLES, sections, strict=False)]
        return [
            wrap_style(),
            self.status,
            *body,
            widgets.HBox([self.save_button, self.load_button, self.forget_button],
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
        for callback in self._listeners:
            callback()

    def answers(self) -> dict:
        """The answers as typed, as plain values for ``Profile.from_dict`` (not yet checked)."""
        data = {"age": read_number(self.inputs["age"].value), "sex": self.inputs["sex"].value}
        for name in FREE_TEXT_LISTS:
            data[name] = split_list(self.inputs[name].value)
        for name in NUMBER_RANGES:
            data[name] = read_number(self.inputs[name].value)
        for name in BOOLEANS:
            data[name] = bool(self.inputs[name].value)
        for name, group in self.checkboxes.items():
            data[name] = [key for key, box in group.items() if box.value]
        return data

    def check(self) -> tuple[Profile | None, dict[str, str], Profile | None]:
        """Check the answers and show each problem next to its field (see ``check_answers``)."""
        profile, problems, best_effort = check_answers(self.answers(), fields=set(self.field_messages))
        for name, box in self.field_messages.items():
            say(box, problems.get(name, ""), "error")
        if "profile" in problems:
            say(self.message, problems["profile"], "error")
        if profile is not None:
            self.profile = profile
        return profile, problems, best_effort

    def to_profile(self) -> Profile | None:
        """The checked profile, or ``None`` with a message next to each bad answer."""
        return self.check()[0]

    def set_profile(self, profile: Profile, source: str) -> None:
        """Fill every input from ``profile`` (one change notice at the end, not one per box)."""
        self._quiet = True
        try:
            self.inputs["age"].value = str(profile.age)
            self.inputs["sex"].value = profile.sex
            for name in FREE_TEXT_LISTS:
                self.inputs[name].value = ", ".join(getattr(profile, name))
            for name in NUMBER_RANGES:
                value = getattr(profile, name)
                self.inputs[name].value = "" if value is None else f"{value:g}"
            for name in BOOLEANS:
                self.inputs[name].value = getattr(profile, name)
            for name, group in self.checkboxes.items():
                for key, box in group.items():
                    box.value = key in getattr(profile, name)
        finally:
            self._quiet = False
        for box in self.field_messages.values():
            say(box, "")
        self.profile, self.source = profile, source
        self._show_source()
        self._changed()

    def _show_source(self) -> None:
        self.status.value = box_html(source_text(self.source), "info")

    # ------------------------------------------------------------------ buttons
    def save(self, button=None):
        """Save the answers on this computer; returns the file's path (None if not saved)."""
        profile = self.to_profile()
        if profile is None:
            say(self.message, "Your details were not saved: please fix the notes next to the answers above.",
                "error")
            return None
        try:
            path = store.save_profile(profile)
        except OSError as problem:
            say(self.message, f"Your details could not be saved in {data_dir()} ({problem.strerror or problem}).",
                "error")
            return None
        self.source = "saved"
        self._show_source()
        say(self.message, f"Saved on this computer in {path}. Nothing leaves this computer. Press "
                          "Forget my details at any time to erase it.", "ok")
        return path

    def load(self, button=None):
        """Fill the form from the saved details; a damaged file is kept aside and reported."""
        try:
            profile = store.load_profile()
        except store.StoreError as problem:
            self.set_profile(store.demo_profile(), "demo")
            say(self.message, f"{problem} Showing the demo person for now.", "error")
            return None
        if profile is None:
            say(self.message, f"Nothing is saved on this computer yet (looked in {store.profile_path()}).",
                "info")
            return None
        self.set_profile(profile, "saved")
        say(self.message, f"Loaded your saved details from {store.profile_path()}.", "ok")
        return profile

    def ask_forget(self, button=None) -> None:
        """Ask first: show the "Yes, erase" and "No, keep them" buttons."""
        self.confirm_box.layout.display = "flex"
        say(self.message, "")

    def cancel_forget(self, button=None) -> None:
        self.confirm_box.layout.display = "none"
        say(self.message, "Nothing was erased.", "info")

    def confirm_forget(self, button=None) -> list[str]:
        """Erase the saved details and the diary in one step; say what went."""
        self.confirm_box.layout.display = "none"
        erased = store.forget_everything()
        self.set_profile(store.demo_profile(), "demo")
        if erased:
            say(self.message, f"Erased from {data_dir()}: {', '.join(erased)} (your saved details and "
                              "diary). The form shows the demo person again.", "ok")
        else:
            say(self.message, "There was nothing saved to erase. The form shows the demo person.", "info")
        return erased

    def bench_changes(self) -> list:
        return [(self.inputs["age"], "72"), (self.inputs["episodes_per_week"], "4"),
                (self.checkboxes["symptoms"]["swelling"], True)]


def profile_form(profile: Profile | None = None) -> ProfileForm:
    """The profile form, prefilled from ``profile`` or else ``store.current_profile()``."""
    return ProfileForm(profile, "given" if profile is not None else None)
