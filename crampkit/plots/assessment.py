"""The chart of possible causes: the six category scores of one assessment, side by side.

Bars run from 0 (no supporting answer) to 100 (strong support), as in the report ("81 out
of 100"); the assessment's own scores stay 0.0-1.0. Each bar's label and hover
text carry the category's evidence level, so a high score for a weakly supported cause is
never shown as settled fact.

>>> import crampkit
>>> a = crampkit.assess(crampkit.Profile(age=27, timing=["during_activity"],
...                                      recent_training_increase=True))
>>> fig = causes_chart(a)
>>> len(fig.data[0].x), fig.layout.xaxis.range
(6, (0, 100))
>>> urgency_colour("urgent")
'#C23B00'
"""
from __future__ import annotations

import plotly.graph_objects as go

from crampkit.assessment.causes import CATEGORY_IDS, categories
from crampkit.checks import CrampkitInputError
from crampkit.content import message, plot_text
from crampkit.plots.style import PALETTE, URGENCY_COLOURS, finish
from crampkit.presentation import EVIDENCE_WORDS  # the one evidence wording (data/view_texts.csv)
from crampkit.wording import point_words

X_TITLE = plot_text("assessment_x_title")
TITLE = plot_text("assessment_title")
# Kept for code that read it: the style module now lists emergency with the other urgencies.
EXTRA_URGENCY_COLOURS = {"emergency": URGENCY_COLOURS["emergency"]}


class ChartError(CrampkitInputError):
    """An assessment this chart cannot draw; the message names what is wrong."""


def urgency_colour(urgency: str) -> str:
    """The colour for an urgency level (always shown with words, never colour alone)."""
    colours = {**EXTRA_URGENCY_COLOURS, **URGENCY_COLOURS}
    if urgency not in colours:
        raise ChartError(message("assessment_chart_not_a_choice", field="urgency", value=repr(urgency),
                                 choices=", ".join(colours)))
    return colours[urgency]


def _scores(assessment) -> list[tuple[str, float]]:
    """(category id, score) pairs from an Assessment or its ``to_dict()``."""
    causes = assessment.get("causes") if isinstance(assessment, dict) else getattr(assessment, "causes", None)
    if causes is None:
        raise ChartError(message("assessment_chart_not_an_assessment", field="assessment",
                                 value=type(assessment).__name__))
    pairs = []
    for cause in causes:
        category = cause.get("category") if isinstance(cause, dict) else getattr(cause, "category", None)
        score = cause.get("score") if isinstance(cause, dict) else getattr(cause, "score", None)
        if category not in CATEGORY_IDS:
            raise ChartError(message("assessment_chart_not_a_category", field="causes", value=repr(category),
                                     choices=", ".join(CATEGORY_IDS)))
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
            raise ChartError(message("assessment_chart_bad_score", field="causes", score=repr(score),
                                     category=category))
        pairs.append((category, float(score)))
    return pairs


def _summary(pairs: list[tuple[str, float]]) -> str:
    cats = categories()
    ranked = sorted((p for p in pairs if p[1] > 0), key=lambda p: -p[1])
    if not ranked:
        return plot_text("assessment_summary_nothing")
    top = [f"{cats[c].title.lower()} ({point_words(s)}, "
           f"{EVIDENCE_WORDS.get(cats[c].evidence_level, cats[c].evidence_level)})"
           for c, s in ranked[:2]]
    zero = len(pairs) - len(ranked)
    lead = " and ".join(top)
    if zero:
        return plot_text("assessment_summary_some_none", causes=lead, none=zero, total=len(pairs))
    return plot_text("assessment_summary", causes=lead)


def out_of_100(score: float) -> int:
    """A 0.0-1.0 score as a whole number out of 100 (the bar length; people read words).

    >>> out_of_100(0.814), out_of_100(0)
    (81, 0)
    """
    return round(100 * max(0.0, min(1.0, float(score))))


def causes_chart(assessment) -> go.Figure:
    """Horizontal bars of the six cause scores (highest at the top), with evidence levels."""
    pairs = _scores(assessment)
    cats = categories()
    ordered = list(reversed(pairs))  # plotly draws the first bar at the bottom
    titles = [cats[c].title for c, _ in ordered]
    evidence = [EVIDENCE_WORDS.get(cats[c].evidence_level, cats[c].evidence_level) for c, _ in ordered]
    scores = [out_of_100(s) for _, s in ordered]
    colours = [PALETTE["blue"] if s > 0 else PALETTE["grey"] for s in scores]
    words = [point_words(s) if s > 0 else plot_text("assessment_not_at_all") for _, s in ordered]
    labels = [f"{w} · {e}" if s > 0 else plot_text("assessment_bar_none", evidence=e)
              for s, w, e in zip(scores, words, evidence, strict=False)]
    fig = go.Figure(go.Bar(
        x=scores, y=titles, orientation="h", marker_color=colours, text=labels,
        textposition="outside", cliponaxis=False, customdata=list(zip(words, evidence, strict=False)),
        hovertemplate=plot_text("assessment_hover"),
    ))
    finish(fig, title=TITLE, x_title=X_TITLE, y_title=plot_text("assessment_y_title"), summary=_summary(pairs))
    fig.update_layout({"height": 380, "showlegend": False,
                       "xaxis": {"range": [0, 100], "showticklabels": False},  # no number to read as a %
                       "margin": {"l": 60, "r": 200, "t": 60, "b": 60}})
    return fig


def _svg_title(title: str, x: float, y: float) -> str:
    """A cause title right-aligned before its bar; a long one on two lines, the term in
    brackets on the second ("Tired or overworked muscles" / "(overuse or fatigue)"), so it
    is never cut at the picture's edge."""
    import html

    main, bracket, term = title.partition(" (")
    if len(title) <= 38 or not bracket:
        return (f'<text x="{x}" y="{y:.1f}" font-size="13" text-anchor="end" '
                f'fill="#1a1a1a">{html.escape(title)}</text>')
    return (f'<text x="{x}" y="{y - 7:.1f}" font-size="13" text-anchor="end" fill="#1a1a1a">'
            f'<tspan x="{x}">{html.escape(main)}</tspan>'
            f'<tspan x="{x}" dy="15">{html.escape("(" + term)}</tspan></text>')


def causes_svg(assessment, *, width: int = 720, id_prefix: str = "crampkit-causes-svg") -> str:
    """The chart of :func:`causes_chart` as a plain inline SVG (no script, loads nothing),
    from the same scores, titles and evidence words: the apps' "first look", drawn by the
    browser before any JavaScript runs (and the live apps' chart, with another ``id_prefix``
    so the two never share an id).

    >>> import crampkit
    >>> svg = causes_svg(crampkit.assess(crampkit.Profile(age=27)))
    >>> svg.count('<rect class="bar"'), 'role="img"' in svg
    (6, True)
    """
    import html

    pairs = _scores(assessment)
    cats = categories()
    ranked = sorted(pairs, key=lambda p: -p[1])  # highest at the top, as in causes_chart
    row, above, label_w, right = 34, 40, 285, 215
    height = above + row * len(ranked) + 40
    plot_w = max(width - label_w - right, 60)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{id_prefix}-title '
        f'{id_prefix}-desc" style="max-width:100%;height:auto;font-family:Arial,'
        f'Helvetica,sans-serif">',
        f'<title id="{id_prefix}-title">{html.escape(TITLE)}</title>',
        f'<desc id="{id_prefix}-desc">{html.escape(_summary(pairs))}</desc>',
        f'<text x="4" y="22" font-size="17" fill="#1a1a1a">{html.escape(TITLE)}</text>',
    ]
    for tick in (0, 50, 100):  # grid lines only: no number that reads like a percentage
        x = label_w + plot_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{above - 4}" x2="{x:.1f}" '
                     f'y2="{above + row * len(ranked)}" stroke="#d9d9d9" stroke-width="1"/>')
    for i, (category, score) in enumerate(ranked):
        value = out_of_100(score)
        evidence = EVIDENCE_WORDS.get(cats[category].evidence_level, cats[category].evidence_level)
        label = f"{point_words(score)} · {evidence}" if value > 0 else plot_text("assessment_bar_none",
                                                                                   evidence=evidence)
        y = above + row * i
        bar_w = plot_w * value / 100
        colour = PALETTE["blue"] if value > 0 else PALETTE["grey"]
        parts.append(_svg_title(cats[category].title, label_w - 8, y + row / 2 + 4))
        parts.append(f'<rect class="bar" x="{label_w}" y="{y + 6}" width="{bar_w:.1f}" '
                     f'height="{row - 12}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + bar_w + 6:.1f}" y="{y + row / 2 + 4:.1f}" '
                     f'font-size="12" fill="#1a1a1a">{html.escape(label)}</text>')
    parts.append(f'<text x="{label_w + plot_w / 2:.1f}" y="{height - 4}" font-size="12" '
                 f'text-anchor="middle" fill="#1a1a1a">{html.escape(X_TITLE)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
