"""The report's chart: an inline SVG bar chart of cramps per week (no script, loads nothing)."""
from __future__ import annotations

import html

from crampkit.content import message, plot_text
from crampkit.report.context import ReportError

BAR_COLOUR = "#0072B2"


def weekly_bar_svg(week_counts, *, width: int = 560, height: int = 220) -> str:
    """An inline SVG bar chart of cramps per week (no script, loads nothing).

    ``week_counts`` is ``crampkit.diary.weekly_counts(df)``: counts indexed by Monday.

    >>> import pandas as pd
    >>> svg = weekly_bar_svg(pd.Series([2, 5], index=pd.to_datetime(["2025-10-06",
    ...                                                               "2025-10-13"])))
    >>> svg.count("<rect class=\\"bar\\""), 'role="img"' in svg
    (2, True)
    """
    import pandas as pd  # lazy: a report without a diary chart (the CLI's) loads no pandas

    for name, size in (("width", width), ("height", height)):
        if isinstance(size, bool) or not isinstance(size, int) or not 100 <= size <= 4000:
            raise ReportError(message("report_chart_size", field=name, value=repr(size)))
    if not isinstance(week_counts, pd.Series) or not isinstance(week_counts.index, pd.DatetimeIndex):
        raise ReportError(message("report_chart_not_counts", field="week_counts", value=type(week_counts).__name__))
    numbers = pd.to_numeric(week_counts, errors="coerce")
    if week_counts.index.hasnans or numbers.isna().any() or (numbers < 0).any() \
            or (numbers > 10**6).any() or (numbers % 1 != 0).any():
        raise ReportError(message("report_chart_bad_counts", field="week_counts"))
    labels = [f"{monday.day} {monday:%b}" for monday in week_counts.index]
    values = [int(v) for v in numbers]
    top = max(values + [1])
    left, right, above, below = 44, 12, 16, 48
    plot_w, plot_h = width - left - right, height - above - below
    step = plot_w / max(len(values), 1)
    bar_w = step * 0.7
    description = ", ".join(plot_text("report_chart_week", week=lab, count=val)
                            for lab, val in zip(labels, values, strict=False))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title '
        f'chart-desc" style="max-width:100%;height:auto">',
        f'<title id="chart-title">{html.escape(plot_text("report_chart_title"))}</title>',
        f'<desc id="chart-desc">{html.escape(plot_text("report_chart_desc", weeks=description))}</desc>',
    ]
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    for tick in ticks:
        y = above + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     'stroke="#d9d9d9" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#1a1a1a">{tick}</text>')
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        x = left + i * step + (step - bar_w) / 2
        bar_h = plot_h * value / top
        y = above + plot_h - bar_h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{bar_h:.1f}" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="11" '
                     f'text-anchor="middle" fill="#1a1a1a">{value}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{above + plot_h + 16:.1f}" '
                     f'font-size="11" text-anchor="middle" fill="#1a1a1a">'
                     f'{html.escape(label)}</text>')
    parts.append(f'<line x1="{left}" y1="{above + plot_h}" x2="{width - right}" '
                 f'y2="{above + plot_h}" stroke="#595959" stroke-width="1"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" font-size="12" '
                 f'text-anchor="middle" fill="#1a1a1a">{html.escape(plot_text("report_chart_x_title"))}</text>')
    parts.append(f'<text x="12" y="{above + plot_h / 2:.1f}" font-size="12" '
                 f'text-anchor="middle" fill="#1a1a1a" transform="rotate(-90 12 '
                 f'{above + plot_h / 2:.1f})">{html.escape(plot_text("report_chart_y_title"))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
