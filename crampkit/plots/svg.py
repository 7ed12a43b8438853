"""A crampkit chart drawn as a plain inline SVG: no script, nothing to load, drawn at once.

The live apps show their charts this way (:func:`figure_svg`): the browser draws them with
the page, with no plotly.js to load and start first, so the app is ready sooner. The SVG is
drawn from the very figure the notebooks show with plotly (same bars, dots, colours, titles
and units), with the figure's one-sentence summary as its description for screen readers
and each bar or dot's plotly hover text as its tooltip. Vertical bars (one or more groups)
and dots or lines over dates are drawn; a figure with nothing to draw shows its message.

>>> import plotly.graph_objects as go
>>> from crampkit.plots.style import finish
>>> fig = finish(go.Figure(go.Bar(x=["a", "b"], y=[1, 3], hovertemplate="%{x}: %{y}")),
...              title="Two bars", x_title="Letter", y_title="Count", summary="b is taller.")
>>> svg = figure_svg(fig)
>>> svg.count('<rect class="bar"'), 'role="img"' in svg, "<title>b: 3</title>" in svg
(2, True, True)
"""
from __future__ import annotations

import html
import math
import re
from datetime import datetime, timedelta

from crampkit.plots.style import SEQUENCE, summary_of

INK, GRID, AXIS = "#1a1a1a", "#e6e6e6", "#595959"
FONT = "font-family:Arial,Helvetica,sans-serif"
_FIELD = re.compile(r"%\{(x|y|customdata)(?:\|([^}]*))?\}")
_ids = iter(range(1, 10**9))


def _text(x: float, y: float, words: str, *, size: int = 12, anchor: str = "middle", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{INK}"'
            f'{extra}>{html.escape(str(words))}</text>')


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if hasattr(value, "astype") and "datetime64" in str(getattr(value, "dtype", "")):
        return datetime.fromisoformat(str(value.astype("datetime64[s]")))
    return None


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _hover(template: str | None, x, y, custom) -> str:
    """Plotly's hover text for one bar or dot (``%{x}``, ``%{y|...}``, ``%{customdata}``)."""
    if not template:
        return f"{x}: {_number(y)}"

    def field(match):
        value = {"x": x, "y": y, "customdata": custom}[match.group(1)]
        moment = _as_datetime(value)
        if moment is not None:
            return moment.strftime(match.group(2) or "%d %b %Y %H:%M")
        return _number(value)

    words = _FIELD.sub(field, template.split("<extra>")[0])
    return re.sub(r"<br\s*/?>", "; ", words)


def _ticks(layout_axis, top: float) -> list[float]:
    dtick = layout_axis.dtick
    if not isinstance(dtick, (int, float)) or dtick <= 0:
        dtick = max(1, math.ceil(top / 5))
    count = int(top // dtick) + 1
    return [i * dtick for i in range(count) if i * dtick >= 0]


def _frame(fig, width: int, height: int, summary: str, uid: int) -> list[str]:
    title = fig.layout.title.text or ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="crampkit-svg-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="crampkit-svg-{uid}-title '
        f'crampkit-svg-{uid}-desc" style="max-width:100%;height:auto;{FONT}">',
        f'<title id="crampkit-svg-{uid}-title">{html.escape(title)}</title>',
        f'<desc id="crampkit-svg-{uid}-desc">{html.escape(summary)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>',
        _text(4, 22, title, size=17, anchor="start"),
    ]


def _legend(traces, left: float, top: float) -> list[str]:
    parts, x = [], left
    for i, trace in enumerate(traces):
        colour = _colour(trace, i)
        if trace.type == "scatter" and trace.mode == "lines":
            parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x + 18:.1f}" y2="{top - 4}" '
                         f'stroke="{colour}" stroke-width="3"/>')
        else:
            parts.append(f'<rect x="{x:.1f}" y="{top - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 22, top, trace.name, anchor="start"))
        x += 34 + 7 * len(trace.name or "")
    return parts


def _colour(trace, i: int, j: int | None = None) -> str:
    marker = getattr(trace, "marker", None)
    colour = getattr(marker, "color", None)
    if trace.type == "scatter" and trace.mode == "lines":
        colour = trace.line.color
    if isinstance(colour, (list, tuple)):
        return colour[j or 0]
    return colour or SEQUENCE[i % len(SEQUENCE)]


def figure_svg(fig, *, width: int = 720, height: int = 340) -> str:
    """``fig`` (a crampkit plotly figure: vertical bars, or dots and lines over dates) as an
    inline SVG with its title, axis titles, summary (description) and tooltips."""
    uid = next(_ids)
    summary = summary_of(fig)
    parts = _frame(fig, width, height, summary, uid)
    traces = list(fig.data)
    if not traces:  # nothing to draw: the figure's own message
        message = fig.layout.annotations[0].text if fig.layout.annotations else summary
        parts.append(_text(width / 2, height / 2, message, size=15))
        return "\n".join(parts + ["</svg>"])
    named = [t for t in traces if t.name]
    left, right, above, below = 64, 16, 56 if len(named) > 1 else 40, 64
    plot_w, plot_h = width - left - right, height - above - below
    if len(named) > 1:
        parts += _legend(named, left, 44)
    ys = [float(v) for t in traces for v in t.y]
    y_range = fig.layout.yaxis.range
    low, top = (float(y_range[0]), float(y_range[1])) if y_range else (0.0, max(ys + [1.0]) * 1.15)

    def y_at(value: float) -> float:
        return above + plot_h - plot_h * (float(value) - low) / ((top - low) or 1)

    for tick in _ticks(fig.layout.yaxis, top):
        if tick < low:
            continue
        y = y_at(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, _number(tick), anchor="end"))
    if traces[0].type == "bar":
        parts += _bars(traces, left, plot_w, above + plot_h, y_at)
    else:
        parts += _dots_over_time(fig, traces, left, plot_w, above + plot_h, y_at)
    parts.append(f'<line x1="{left}" y1="{above + plot_h}" x2="{width - right}" y2="{above + plot_h}" '
                 f'stroke="{AXIS}"/>')
    parts.append(f'<line x1="{left}" y1="{above}" x2="{left}" y2="{above + plot_h}" stroke="{AXIS}"/>')
    parts.append(_text(left + plot_w / 2, height - 8, fig.layout.xaxis.title.text or ""))
    middle = above + plot_h / 2
    parts.append(_text(16, middle, fig.layout.yaxis.title.text or "",
                       extra=f' transform="rotate(-90 16 {middle:.1f})"'))
    return "\n".join(parts + ["</svg>"])


def _bars(traces, left: float, plot_w: float, base: float, y_at) -> list[str]:
    """Vertical bars over categories, one bar per trace in each (grouped)."""
    labels = [str(x) for x in traces[0].x]
    step = plot_w / max(len(labels), 1)
    group_w = step * 0.8
    bar_w = group_w / len(traces)
    every = max(1, math.ceil(46 / step))  # no crowded labels: every 2nd or 3rd when narrow
    parts = []
    for j, label in enumerate(labels):
        if j % every == 0:
            parts.append(_text(left + step * (j + 0.5), base + 16, label))
    for i, trace in enumerate(traces):
        custom = list(trace.customdata) if trace.customdata is not None else [None] * len(labels)
        for j, (label, value) in enumerate(zip(labels, trace.y, strict=False)):
            x = left + step * j + (step - group_w) / 2 + bar_w * i
            y = y_at(value)
            tip = _hover(trace.hovertemplate, label, value, custom[j])
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                         f'height="{max(base - y, 0):.1f}" fill="{_colour(trace, i, j)}">'
                         f"<title>{html.escape(tip)}</title></rect>")
            if trace.text is not None and value:
                parts.append(_text(x + bar_w / 2, y - 4, _number(value), size=11))
    return parts


def _dots_over_time(fig, traces, left: float, plot_w: float, base: float, y_at) -> list[str]:
    """Dots (``markers``) and lines (``lines``) over dates, with day ticks."""
    moments = [_as_datetime(x) for t in traces for x in t.x]
    first, last = min(moments), max(moments)
    x_range = fig.layout.xaxis.range
    if x_range:
        first, last = (_as_datetime(v) or datetime.fromisoformat(str(v)) for v in x_range)
    span = (last - first).total_seconds() or 1.0

    def x_at(moment) -> float:
        return left + plot_w * (_as_datetime(moment) - first).total_seconds() / span

    fmt = fig.layout.xaxis.tickformat or "%d %b"
    parts = []
    days = (last - first).days
    if days <= 7:  # a few days: one tick at each midnight, never the same day twice
        start = first.replace(hour=0, minute=0, second=0, microsecond=0)
        ticks = [start + timedelta(days=k) for k in range(days + 2)]
        ticks = [t for t in ticks if first <= t <= last]
    else:
        ticks = [first + (last - first) * (k / 5) for k in range(6)]
    for moment in ticks:  # the last day's label ends at the axis, never past the picture
        x = x_at(moment)
        end = x > left + plot_w - 24
        parts.append(_text(x, base + 16, moment.strftime(fmt), anchor="end" if end else "middle"))
    for i, trace in enumerate(traces):
        colour = _colour(trace, i)
        points = [(x_at(x), y_at(y)) for x, y in zip(trace.x, trace.y, strict=False)]
        if trace.mode == "lines":
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3">'
                         f"<title>{html.escape(trace.name or '')}</title></polyline>")
            continue
        for (x, y), moment, value in zip(points, trace.x, trace.y, strict=False):
            tip = _hover(trace.hovertemplate, moment, value, None)
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
                         f"<title>{html.escape(tip)}</title></circle>")
    return parts
