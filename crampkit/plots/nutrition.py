"""Nutrition charts: the richest foods for a mineral, a day's intake against targets, sodium.

Each chart is drawn from :mod:`crampkit.topics.nutrition` results, with units on every axis and a
one-sentence summary for screen readers (``summary_of(fig)``).
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.content import message, plot_text
from crampkit.plots.style import PALETTE, finish
from crampkit.topics import nutrition
from crampkit.topics.nutrition import NUTRIENT_UNITS, NutritionError

BAR_PX = 26  # height per food bar: enough for every name to show, none skipped

# Day-chart rows: (label, day_totals key, targets key, factor turning the target into the
# day total's unit).
DAY_ROWS = (
    (plot_text("nutrition_day_potassium"), "potassium_mg", "potassium_mg", 1),
    (plot_text("nutrition_day_magnesium"), "magnesium_mg", "magnesium_mg", 1),
    (plot_text("nutrition_day_calcium"), "calcium_mg", "calcium_mg", 1),
    (plot_text("nutrition_day_sodium"), "sodium_mg", "sodium_mg", 1),
    (plot_text("nutrition_day_water"), "water_g", "water_l", 1000),
)


def _check_targets(targets) -> dict:
    needed = {"potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "sodium_limit_mg", "water_l"}
    if not isinstance(targets, dict) or not needed.issubset(targets):
        raise NutritionError(message("nutrition_targets", keys=", ".join(sorted(needed)), typed=repr(targets)))
    return targets


def _top_summary(table, nutrient: str, unit: str, where: str) -> str:
    if table.empty:
        return plot_text("nutrition_top_none", where=where, nutrient=nutrient)
    first, last = table.iloc[0], table.iloc[-1]
    values = dict(food=first["name"], nutrient=nutrient, where=where, amount=f"{first['amount']:.0f}",
                  unit=unit, portion=first["portion_desc"], grams=f"{first['portion_g']:g}")
    if len(table) == 1:
        return plot_text("nutrition_top_summary", **values)
    return plot_text("nutrition_top_summary_last", **values, count=len(table), last_food=last["name"],
                     last_amount=f"{last['amount']:.0f}")


def top_foods_chart(nutrient: str, n: int = 10, food_group: str | None = None) -> go.Figure:
    """Horizontal bars: the ``n`` foods with the most ``nutrient`` in one household portion."""
    table = nutrition.top_foods(nutrient, n=n, per="portion", food_group=food_group)
    nutrient = nutrient.strip().lower()
    unit = NUTRIENT_UNITS[nutrient]
    where = f"({food_group})" if food_group else ""
    portion = plot_text("nutrition_top_hover_portion", portion="%{customdata[0]}", grams="%{customdata[1]}")
    fig = go.Figure(go.Bar(
        x=table["amount"].round(1).tolist(), y=table["name"].tolist(), orientation="h",
        marker_color=PALETTE["blue"],
        customdata=list(zip(table["portion_desc"], table["portion_g"], table["food_group"], strict=False)),
        hovertemplate=f"%{{y}}: %{{x}} {unit} {nutrient}<br>{portion}<br>%{{customdata[2]}}<extra></extra>",
    ))
    names = table["name"].tolist()
    # Every food named: plotly skips every second category label when they would crowd, so
    # the chart grows with the number of foods and lists every name as a tick.
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=names, ticktext=names)
    fig.update_layout(height=max(320, 150 + BAR_PX * len(names)))
    return finish(fig, title=plot_text("nutrition_top_title", nutrient=nutrient, where=where),
                  x_title=plot_text("nutrition_top_x", nutrient=nutrient.capitalize(), unit=unit),
                  y_title=plot_text("nutrition_top_y"), summary=_top_summary(table, nutrient, unit, where))


def day_chart(pairs, targets) -> go.Figure:
    """Bars: each nutrient's day total as a percent of the person's daily target."""
    targets = _check_targets(targets)
    totals = nutrition.day_totals(pairs)
    labels, percents, hover = [], [], []
    for label, total_key, target_key, factor in DAY_ROWS:
        target = targets[target_key] * factor
        unit = "g" if total_key == "water_g" else "mg"
        labels.append(label)
        percents.append(round(100 * totals[total_key] / target, 1))
        hover.append(plot_text("nutrition_day_hover_amounts", total=f"{totals[total_key]:.0f}",
                               target=f"{target:g}", unit=unit))
    fig = go.Figure(go.Bar(
        x=labels, y=percents, marker_color=PALETTE["green"], customdata=hover,
        text=[f"{p:.0f}%" for p in percents], textposition="outside",
        hovertemplate=plot_text("nutrition_day_hover", nutrient="%{x}", percent="%{y}",
                                amounts="%{customdata}") + "<extra></extra>",
    ))
    fig.add_hline(y=100, line_dash="dash", line_color=PALETTE["grey"],
                  annotation_text=plot_text("nutrition_day_target_line"), annotation_position="top left")
    # Sodium (the fourth row) has its own chart; the summary says where it stands apart.
    minerals = [(label, p) for (label, total_key, _, _), p in zip(DAY_ROWS, percents, strict=False)
                if total_key != "sodium_mg"]
    reached = [label for label, p in minerals if p >= 100]
    short = [label for label, p in minerals if p < 100]
    text = plot_text("nutrition_day_summary_short" if short else "nutrition_day_summary",
                     reached=", ".join(r.lower() for r in reached) if reached else plot_text("nutrition_day_none"),
                     short=", ".join(s.lower() for s in short), sodium=f"{percents[3]:.0f}")
    return finish(fig, title=plot_text("nutrition_day_title"),
                  x_title=plot_text("nutrition_day_x"), y_title=plot_text("nutrition_day_y"), summary=text)


def sodium_chart(pairs, targets) -> go.Figure:
    """One bar for the day's sodium, with the adequate intake and the reduce-above level."""
    targets = _check_targets(targets)
    sodium = nutrition.day_totals(pairs)["sodium_mg"]
    adequate, limit = targets["sodium_mg"], targets["sodium_limit_mg"]
    colour = PALETTE["vermillion"] if sodium > limit else PALETTE["blue"]
    fig = go.Figure(go.Bar(
        x=[round(sodium, 1)], y=[plot_text("nutrition_sodium_bar")], orientation="h", marker_color=colour,
        hovertemplate=plot_text("nutrition_sodium_hover", amount="%{x}") + "<extra></extra>",
    ))
    # Each line's label sits just above the plot, centred on its own line, on two rows so
    # they never overlap each other or the axis numbers below (issue 16: the "reduce above"
    # label used to sit on the 2500 tick).
    for x, colour, dash, text, row in (
            (adequate, PALETTE["green"], "dot", plot_text("nutrition_sodium_adequate_line", amount=f"{adequate:g}"), 1),
            (limit, PALETTE["vermillion"], "dash", plot_text("nutrition_sodium_limit_line", amount=f"{limit:g}"), 0)):
        fig.add_vline(x=x, line_dash=dash, line_color=colour)
        fig.add_annotation(x=x, xref="x", y=1, yref="paper", yanchor="bottom", xanchor="center",
                           yshift=4 + 22 * row, text=text, showarrow=False,
                           font={"color": colour}, bgcolor="white")
    fig.update_xaxes(range=[0, max(sodium, limit) * 1.2])
    fig.update_layout(height=280, margin={"t": 120})
    summary = plot_text("nutrition_sodium_summary_above" if sodium > limit
                        else "nutrition_sodium_summary_between" if sodium >= adequate
                        else "nutrition_sodium_summary_below",
                        sodium=f"{sodium:.0f}", adequate=f"{adequate:g}", limit=f"{limit:g}")
    return finish(fig, title=plot_text("nutrition_sodium_title"),
                  x_title=plot_text("nutrition_sodium_x"), y_title=plot_text("nutrition_sodium_y"), summary=summary)
