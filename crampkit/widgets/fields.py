"""Form helpers shared by crampkit's widgets: labels from the data table, number and list
boxes, tick-box groups, the label-wrapping style and answer checks.

Every widget that asks for profile answers (the profile form, the red-flag checklist, the
pattern explorer) builds its inputs and reads them back with these, so they look and
behave the same everywhere.
"""
from __future__ import annotations

import html
import math
import re
from functools import cache, lru_cache

import ipywidgets as widgets

from crampkit import entries, store
from crampkit.assessment import red_flags
from crampkit.assessment.assess import assess
from crampkit.assessment.profile import (
    FREE_TEXT_LISTS,
    MAX_LIST_LENGTH,
    MAX_TEXT_LENGTH,
    NUMBER_RANGES,
    VOCABULARIES,
    Profile,
    ProfileError,
)
from crampkit.content import read_table, widget_text
from crampkit.entries import EntryError
from crampkit.units import AMBIGUOUS_COMMA, BOX_UNITS, UnitProblem, read_amount
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
    # Section headers: dark words on a light panel, left-aligned like a heading.
    " .crampkit-section-toggle {color:#1a1a1a !important; background:#eef1f4 !important;"
    " border:1px solid #8c959f !important; text-align:left !important; justify-content:flex-start;"
    " font-weight:bold; margin-top:6px !important; padding:6px 10px !important}"
)


OPEN_MARK, CLOSED_MARK = "\u25be", "\u25b8"  # a triangle pointing down (open) or right (closed)


class _Sections(widgets.VBox):
    """Sections that fold away, each under a header that is a real button: Tab reaches it,
    Enter or Space opens and closes it, and its words say which ("Your cramps (open)").
    Any number may be open at once. (Not an ipywidgets Accordion: its headers cannot be
    reached with the keyboard.) ``selected_index`` is the first open section, or None.

    A header button carries ``crampkit-section-toggle`` and, while open, ``crampkit-open``;
    crampkit's Voila page gives it ``aria-expanded`` from that.
    """

    def __init__(self, children, titles, selected_index=None):
        self.titles = tuple(titles)
        self.bodies = list(children)
        self.buttons = []
        for index in range(len(self.titles)):
            button = widgets.Button(layout=widgets.Layout(width="100%", height="auto"))
            button.add_class("crampkit-section-toggle")
            button.add_class("crampkit-wide-button")
            button.on_click(lambda _button, index=index: self.toggle(index))
            self.buttons.append(button)
        parts = [part for pair in zip(self.buttons, self.bodies, strict=True) for part in pair]
        super().__init__(parts)
        self.add_class("crampkit-sections")
        for index in range(len(self.titles)):
            self.set_open(index, index == selected_index)

    def is_open(self, index: int) -> bool:
        return self.bodies[index].layout.display != "none"

    def set_open(self, index: int, is_open: bool) -> None:
        """Open (show) or close (hide) section ``index``; its button says which."""
        button, body = self.buttons[index], self.bodies[index]
        body.layout.display = None if is_open else "none"
        state = widget_text("fields_section_open" if is_open else "fields_section_closed")
        button.description = f"{OPEN_MARK if is_open else CLOSED_MARK} {self.titles[index]} ({state})"
        button.tooltip = widget_text("fields_section_close_tip" if is_open else "fields_section_open_tip",
                                     title=self.titles[index])
        (button.add_class if is_open else button.remove_class)("crampkit-open")

    def toggle(self, index: int) -> None:
        self.set_open(index, not self.is_open(index))

    @property
    def selected_index(self):
        return next((i for i in range(len(self.bodies)) if self.is_open(i)), None)


def accordion(children, titles, selected_index=None) -> _Sections:
    """Sections that fold away under header buttons the keyboard reaches (a layout box, not
    a component: it takes no entries)."""
    return _Sections(children, titles, selected_index)


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


def read_number(text: str, unit: str | None = None):
    """What a typed number box holds: ``None`` when empty, a number, else the text itself.

    A comma works as the decimal point ("1,5" litres), as in every crampkit tool: the text is
    read by the one reader, :func:`crampkit.entries.read_number`. With the box's ``unit`` ("litres", "minutes",
    "hours"), an amount in another unit of the same kind is converted ("2 cups" -> 0.48,
    "2 hours" -> 120; :mod:`crampkit.units`). Text that is no number is passed on unchanged so
    the core's check names the field and what is allowed.

    >>> read_number(" 72 "), read_number("1.5"), read_number("1,5"), read_number(""), read_number("two")
    (72, 1.5, 1.5, None, 'two')
    >>> read_number("2 cups", "litres"), read_number("1 h 30 min", "minutes"), read_number("154 lb", "litres")
    (0.48, 90.0, '154 lb')
    >>> read_number("1,200", "minutes"), read_number("1,5", "litres")
    ('1,200', 1.5)
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if AMBIGUOUS_COMMA.match(cleaned):  # "1,200": 1200 or 1.2? never guessed (the check asks)
        return cleaned
    try:  # the one reader, without a range: the core's check says what is allowed
        number = entries.read_number(cleaned, "box", -math.inf, math.inf, unit if unit in BOX_UNITS else None)
    except EntryError:
        return cleaned
    plain = not any(c in cleaned for c in ".,eE") and not any(c.isalpha() for c in cleaned)
    return int(number) if plain and number.is_integer() else number


def unit_message(field: str, text: str, unit: str | None) -> str | None:
    """A clearer note than "is not a number" for an amount the unit reader can explain
    ("1,200": 1200 or 1.2?; "154 lb" in a litres box), or None.

    >>> unit_message("episodes_per_week", "1,200", None)
    "Cramps per week: is '1,200' 1200 or 1.2? type it without the comma (1200) or with a point"
    """
    cleaned = (text or "").strip()
    if not cleaned or (unit not in BOX_UNITS and not AMBIGUOUS_COMMA.match(cleaned)):
        return None
    try:
        read_amount(cleaned, field_name(field), unit if unit in BOX_UNITS else "minutes")
    except UnitProblem as problem:
        if problem.kind in ("ambiguous_comma", "wrong_unit", "unknown_unit", "too_big"):
            return str(problem)
    return None


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


def help_text(field: str) -> widgets.HTML | None:
    """The line under a question that explains it (``help`` rows of the labels table), or
    ``None`` when the table has none ("One drink is a small glass of wine ...")."""
    words = answer_labels("help").get(field)
    if not words:
        return None
    line = widgets.HTML(f"<div style='margin:0 0 4px;font-size:92%;color:#404040'>{html.escape(words)}</div>")
    line.add_class("crampkit-help")
    return line


def _assess(profile):
    return assess(profile)


def _urgency_rank(urgency: str) -> int:
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


def source_text(source: str, in_form: bool = False) -> str:
    """What the form is showing, in words, from ``store.current_profile()``'s second value
    (or ``empty``: a form that starts with no answers)."""
    if source == "saved":
        return widget_text("fields_started_saved", path=store.profile_path())
    if source == "given":
        return widget_text("fields_started_given")
    if source == "empty":
        return widget_text("fields_started_empty")
    text = (widget_text("fields_started_demo", age=store.demo_profile().age) + " "
            + widget_text("fields_demo_in_form" if in_form else "fields_demo_elsewhere"))
    if source.startswith("demo (") and source.endswith(")"):  # the saved file was damaged
        text += " " + source[len("demo ("):-1]
    return text
