"""Nutrition charts: the richest foods for a mineral, a day's intake against targets, sodium.

Each chart is drawn from :mod:`crampkit.topics.nutrition` results, with units on every axis and a
one-sentence summary for screen readers (``summary_of(fig)``).
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.plots.style import PALETTE, finish
from crampkit.topics import nutrition
from crampkit.topics.nutrition import NUTRIENT_UNITS, NutritionError

BAR_PX = 26  # height per food bar: enough for every name to show, none skipped

# Day-chart rows: (label, day_totals key, targets key, factor turning the target into the
# day total's unit).
DAY_ROWS = (
    ("Potassium", "potassium_mg", "potassium_mg", 1),
    ("Magnesium", "magnesium_mg", "magnesium_mg", 1),
    ("Calcium", "calcium_mg", "calcium_mg", 1),
    ("Sodium", "sodium_mg", "sodium_mg", 1),
    ("Water (drinks and food)", "water_g", "water_l", 1000),
)


def _check_targets(targets) -> dict:
    needed = {"potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "sodium_limit_mg", "water_l"}
    if not isinstance(targets, dict) or not needed.issubset(targets):
        raise NutritionError(
            "targets must be the dict from nutrition.daily_targets(...) with keys "
            f"{', '.join(sorted(needed))}; got {targets!r}")
    return targets


def top_foods_chart(nutrient: str, n: int = 10, food_group: str | None = None) -> go.Figure:
    """Horizontal bars: the ``n`` foods with the most ``nutrient`` in one household portion."""
    table = nutrition.top_foods(nutrient, n=n, per="portion", food_group=food_group)
    nutrient = nutrient.strip().lower()
    unit = NUTRIENT_UNITS[nutrient]
    where = f" ({food_group})" if food_group else ""
    fig = go.Figure(go.Bar(
        x=table["amount"].round(1).tolist(), y=table["name"].tolist(), orientation="h",
        marker_color=PALETTE["blue"],
        customdata=list(zip(table["portion_desc"], table["portion_g"], table["food_group"], strict=False)),
        hovertemplate=(f"%{{y}}: %{{x}} {unit} {nutrient}<br>portion: %{{customdata[0]}} "
                       "(%{customdata[1]} g)<br>%{customdata[2]}<extra></extra>"),
    ))
    names = table["name"].tolist()
    # Every food named: plotly skips every second category label when they would crowd, so
    # the chart grows with the number of foods and lists every name as a tick.
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=names, ticktext=names)
    fig.update_layout(height=max(320, 150 + BAR_PX * len(names)))
    if table.empty:
        text = f"No food in the table{where} has a {nutrient} value."
    else:
        first = table.iloc[0]
        text = (f"{first['name']} has the most {nutrient} per portion{where}: "
                f"{first['amount']:.0f} {unit} in {first['portion_desc']} "
                f"({first['portion_g']:g} g)")
        if len(table) > 1:
            last = table.iloc[-1]
            text += f"; number {len(table)}, {last['name']}, has {last['amount']:.0f} {unit}"
        text += "."
    return finish(fig, title=f"Foods with the most {nutrient} per portion{where}",
                  x_title=f"{nutrient.capitalize()} per portion ({unit})",
                  y_title="Food (one household portion)", summary=text)


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
        hover.append(f"{totals[total_key]:.0f} {unit} of {target:g} {unit}")
    fig = go.Figure(go.Bar(
        x=labels, y=percents, marker_color=PALETTE["green"], customdata=hover,
        text=[f"{p:.0f}%" for p in percents], textposition="outside",
        hovertemplate="%{x}: %{y}% of target (%{customdata})<extra></extra>",
    ))
    fig.add_hline(y=100, line_dash="dash", line_color=PALETTE["grey"],
                  annotation_text="daily target", annotation_position="top left")
    reached = [label for label, p in zip(labels, percents, strict=False) if p >= 100 and label != "Sodium"]
    short = [label for label, p in zip(labels, percents, strict=False) if p < 100 and label != "Sodium"]
    minerals = ", ".join(r.lower() for r in reached) if reached else "none of the minerals or water"
    text = "These foods reach the daily target for " + minerals
    if short:
        text += "; they fall short for " + ", ".join(s.lower() for s in short)
    text += (f"; sodium is at {percents[3]:.0f}% of its adequate intake "
             f"(see the sodium chart for the upper level).")
    return finish(fig, title="Your day's foods against your daily targets",
                  x_title="Nutrient (name)", y_title="Share of daily target (%)", summary=text)


def sodium_chart(pairs, targets) -> go.Figure:
    """One bar for the day's sodium, with the adequate intake and the reduce-above level."""
    targets = _check_targets(targets)
    sodium = nutrition.day_totals(pairs)["sodium_mg"]
    adequate, limit = targets["sodium_mg"], targets["sodium_limit_mg"]
    colour = PALETTE["vermillion"] if sodium > limit else PALETTE["blue"]
    fig = go.Figure(go.Bar(
        x=[round(sodium, 1)], y=["Your day"], orientation="h", marker_color=colour,
        hovertemplate="Sodium: %{x} mg<extra></extra>",
    ))
    # Each line's label sits just above the plot, centred on its own line, on two rows so
    # they never overlap each other or the axis numbers below (issue 16: the "reduce above"
    # label used to sit on the 2500 tick).
    for x, colour, dash, text, row in (
            (adequate, PALETTE["green"], "dot", f"adequate intake {adequate:g} mg", 1),
            (limit, PALETTE["vermillion"], "dash", f"reduce above {limit:g} mg", 0)):
        fig.add_vline(x=x, line_dash=dash, line_color=colour)
        fig.add_annotation(x=x, xref="x", y=1, yref="paper", yanchor="bottom", xanchor="center",
                           yshift=4 + 22 * row, text=text, showarrow=False,
                           font={"color": colour}, bgcolor="white")
    fig.update_xaxes(range=[0, max(sodium, limit) * 1.2])
    fig.update_layout(height=280, margin={"t": 120})
    if sodium > limit:
        where = f"above the {limit:g} mg level where cutting down lowers health risks"
    elif sodium >= adequate:
        where = f"between the adequate intake ({adequate:g} mg) and the reduce-above level ({limit:g} mg)"
    else:
        where = f"below the adequate intake of {adequate:g} mg"
    return finish(fig, title="Sodium in your day's foods",
                  x_title="Sodium (mg per day)", y_title="Day (total of listed foods)",
                  summary=f"Your day's foods hold {sodium:.0f} mg of sodium, {where}.")
