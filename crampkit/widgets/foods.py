"""Foods: an explorer of the richest foods for a mineral, "build a day" against the
person's targets, and the food and supplement advice that is safe for them (notebook 01).

Thin views over :mod:`crampkit.topics.nutrition` and :mod:`crampkit.plots.nutrition`; the targets
come from the saved profile (or the demo person).
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.assessment.facts import gather_facts
from crampkit.content import widget_text
from crampkit.entries import EntryError, read_number
from crampkit.plots import nutrition as nutrition_plots
from crampkit.plots.style import summary_of
from crampkit.topics import nutrition
from crampkit.widgets.citations import sources_html
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
ALL_GROUPS = widget_text("foods_all_groups")
NUTRIENT_LABELS = {key: widget_text(f"foods_nutrient_{key}") for key in ("potassium", "magnesium", "calcium",
                                                                         "sodium", "water")}
# A made-up starting day so the charts show something before the person picks foods.
EXAMPLE_DAY = (("08180", 1.0), ("01079", 1.0), ("09040", 1.0), ("12061", 1.0), ("16070", 1.0),
               ("11674", 1.0))
MAX_PORTIONS = 20


def _targets_for(profile) -> dict:
    sex = profile.sex
    return nutrition.daily_targets(profile.age, sex, pregnant=profile.pregnant)


class FoodExplorer(Component):
    """Nutrient, food group and how many foods -> the top foods chart (portion in the hover)
    and a text summary. State: ``last_figure``, ``summary``, ``table`` (the foods shown)."""

    def __init__(self):
        groups = sorted(nutrition.foods()["food_group"].unique())
        self.nutrient = widgets.Dropdown(
            options=[(label, key) for key, label in NUTRIENT_LABELS.items()], value="potassium",
            description=widget_text("foods_nutrient"), style=_WIDE)
        self.group = widgets.Dropdown(options=[ALL_GROUPS, *groups], value=ALL_GROUPS,
                                      description=widget_text("foods_group"), style=_WIDE,
                                      layout=widgets.Layout(width="auto"))
        self.count = widgets.IntSlider(value=10, min=3, max=20, step=1, description=widget_text("foods_how_many"),
                                       style=_WIDE, continuous_update=False)
        self.out = widgets.Output()
        self.out.add_class("crampkit-output")
        self.summary = widgets.HTML()
        self.message = message()
        self.last_figure = None
        self.table = None
        self.redraw = safe(self.message)(self._redraw)
        for widget in (self.nutrient, self.group, self.count):
            widget.observe(lambda change: self.redraw(), names="value")
        self.view = widgets.VBox([widgets.HBox([self.nutrient, self.group]), self.count,
                                  self.message, self.out, self.summary])
        self.view.add_class("crampkit-foods")
        self.redraw()

    def _redraw(self) -> None:
        say(self.message, "")
        group = None if self.group.value == ALL_GROUPS else self.group.value
        self.table = nutrition.top_foods(self.nutrient.value, n=self.count.value, food_group=group)
        fig = nutrition_plots.top_foods_chart(self.nutrient.value, n=self.count.value, food_group=group)
        self.last_figure = fig
        show_figure(self.out, fig)
        unit = nutrition.NUTRIENT_UNITS[self.nutrient.value]
        rows = html_join(
            html_of("<li>{}: {:.0f} {} in {} ({:g} g)</li>", r["name"], r["amount"], unit, str(r["portion_desc"]),
                    r["portion_g"])
            for _, r in self.table.head(5).iterrows())
        shown = html_of("<p>{}</p>", summary_of(fig))
        if len(self.table) < self.count.value:
            shown += html_of("<p>{}</p>", widget_text("foods_only_some", count=len(self.table),
                                                      nutrient=self.nutrient.value))
        if rows:
            shown += html_of("<p>{}</p><ul>{}</ul>", widget_text("foods_top", count=min(5, len(self.table))), rows)
        self.summary.value = shown


def care_team_note(profile) -> str:
    """A warning (HTML) when the general water or potassium targets in the charts do not
    apply to this person (kidney disease, dialysis, heart failure, a fluid limit); the
    texts are the matching rows of ``data/nutrition_advice.csv``. "" otherwise."""
    facts = gather_facts(profile)
    shown = [item for item in nutrition.advice(conditions=facts.conditions)
             if item.id in ("fluid_limit", "kidney_no_supplements")]
    if not shown:
        return ""
    text = " ".join(item.text for item in shown)
    ids = crampkit_html(sources_html(dict.fromkeys(i for item in shown for i in item.reference_ids)))
    return str(message_box(html_of("{} {} <small>{} {})</small>", widget_text("foods_general_targets"), text,
                                   widget_text("foods_sources"), ids), "warning"))


class DayBuilder(Component):
    """Pick foods and portions -> the day's totals against the person's targets, and sodium
    against its limit. State: ``items`` [(ndb_no, portions)], ``targets``, ``day_figure``,
    ``sodium_figure``, ``totals``."""

    def __init__(self, profile=None, items=EXAMPLE_DAY):
        profile, self.source = given_or_saved(profile)
        self.profile = profile
        self.targets = _targets_for(profile)
        table = nutrition.foods().sort_values("name", kind="mergesort")
        self.foods = {row.ndb_no: row for row in table.itertuples(index=False)}
        self.food = widgets.Dropdown(
            options=[(f"{row.name} ({row.portion_desc})", row.ndb_no) for row in table.itertuples()],
            value="09040", description=widget_text("foods_food"), style=_WIDE, layout=widgets.Layout(width="auto"))
        self.portions = widgets.Text(value="1", description=widget_text("foods_portions"), style=_WIDE,
                                     placeholder=widget_text("foods_portions_hint", most=MAX_PORTIONS),
                                     continuous_update=False)
        self.portions_error = message()
        self.add_button = widgets.Button(description=widget_text("foods_add"), icon="plus", button_style="primary",
                                         layout=widgets.Layout(width="auto"))
        self.remove_button = widgets.Button(description=widget_text("foods_remove"), icon="minus",
                                            layout=widgets.Layout(width="auto"))
        self.clear_button = widgets.Button(description=widget_text("foods_clear"), icon="trash",
                                           layout=widgets.Layout(width="auto"))
        self.listing = widgets.HTML()
        self.message = message()
        self.day_out = widgets.Output()
        self.day_out.add_class("crampkit-output")
        self.sodium_out = widgets.Output()
        self.day_summary = widgets.HTML()
        self.sodium_summary = widgets.HTML()
        self.care_note = widgets.HTML(care_team_note(profile))
        self.items: list[tuple[str, float]] = [(ndb, float(n)) for ndb, n in items]
        self.day_figure = self.sodium_figure = None
        self.totals = None
        self.add_button.on_click(self.add)
        self.remove_button.on_click(self.remove_last)
        self.clear_button.on_click(self.clear)
        self.view = widgets.VBox([
            self.food, widgets.HBox([self.portions, self.portions_error]),
            widgets.HBox([self.add_button, self.remove_button, self.clear_button]),
            self.message, self.listing, self.care_note, self.day_out, self.day_summary, self.sodium_out,
            self.sodium_summary])
        self.view.add_class("crampkit-day")
        self.redraw()

    def pairs(self) -> list[tuple[str, float]]:
        """The day as (ndb_no, grams) pairs for the core."""
        return [(ndb, n * float(self.foods[ndb].portion_g)) for ndb, n in self.items]

    def add(self, button=None) -> None:
        """Button handler: add the chosen food and portions to the day."""
        safe(self.message)(self._add)()

    def _add(self) -> None:
        say(self.portions_error, "")
        say(self.message, "")
        try:
            count = read_number(self.portions.value, widget_text("foods_portions"), 0.25, MAX_PORTIONS, "portions")
        except EntryError as error:
            say(self.portions_error, str(error), "error")
            return
        self.items.append((self.food.value, count))
        self.redraw()

    def remove_last(self, button=None) -> None:
        """Button handler: take the last food off the list."""
        safe(self.message)(self._remove_last)()

    def _remove_last(self) -> None:
        if not self.items:
            say(self.message, widget_text("foods_already_empty"), "info")
            return
        self.items.pop()
        self.redraw()

    def clear(self, button=None) -> None:
        """Button handler: start an empty day."""
        safe(self.message)(self._clear)()

    def _clear(self) -> None:
        self.items.clear()
        self.redraw()

    def redraw(self) -> None:
        """Redraw the list and both charts from ``items``."""
        rows = html_join(html_of("<li>{:g} x {} ({})</li>", n, self.foods[ndb].name, str(self.foods[ndb].portion_desc))
                         for ndb, n in self.items)
        self.listing.value = (html_of("<p><b>{}</b></p><ol>{}</ol>",
                                      widget_text("foods_your_day", count=len(self.items)), rows)
                              if rows else html_of("<p><b>{}</b> {}</p>", widget_text("foods_day_empty"),
                                                   widget_text("foods_pick_a_food")))
        pairs = self.pairs()
        self.totals = nutrition.day_totals(pairs)
        self.day_figure = nutrition_plots.day_chart(pairs, self.targets)
        self.sodium_figure = nutrition_plots.sodium_chart(pairs, self.targets)
        show_figure(self.day_out, self.day_figure)
        show_figure(self.sodium_out, self.sodium_figure)
        self.day_summary.value = html_of('<p class="crampkit-summary">{}</p>', summary_of(self.day_figure))
        self.sodium_summary.value = html_of('<p class="crampkit-summary">{}</p>', summary_of(self.sodium_figure))


def food_explorer() -> FoodExplorer:
    """The top-foods explorer (nutrient, food group, how many)."""
    return FoodExplorer()


def day_builder(profile=None) -> DayBuilder:
    """"Build a day" against the targets of ``profile`` (default: saved, else demo person)."""
    return DayBuilder(profile)


def advice_items(profile=None) -> list:
    """The food and supplement advice that is safe for ``profile``, from
    :func:`crampkit.topics.nutrition.advice` (kidney disease, dialysis and potassium-raising
    medicines are taken into account)."""
    profile, _ = given_or_saved(profile)
    facts = gather_facts(profile)
    return nutrition.advice(conditions=facts.conditions, medication_classes=sorted(facts.class_ids),
                            age=profile.age)


def advice_view(profile=None) -> widgets.HTML:
    """The safe advice for ``profile`` as a list, each item with its sources."""
    items = advice_items(profile)
    rows = html_join(html_of("<li>{} <small>(sources: {})</small></li>", item.text,
                             crampkit_html(sources_html(item.reference_ids))) for item in items)
    view = widgets.HTML(message_box(html_of("<ul>{}</ul>", rows), "info"))
    view.add_class("crampkit-output")
    return view
