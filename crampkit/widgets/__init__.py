"""ipywidgets views over crampkit's core: forms, tools, quizzes (thin; no rules here)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from crampkit.content import reference


def references_list(ids) -> widgets.HTML:
    """The references with these ids as a numbered list (ids must exist in the table)."""
    items = []
    for ref_id in ids:
        ref = reference(ref_id)
        link = f' <a href="{html.escape(ref.url)}" target="_blank" rel="noopener">{html.escape(ref.url)}</a>' if ref.url else ""
        items.append(f"<li><code>{html.escape(ref.id)}</code>: {html.escape(ref.citation)}{link}</li>")
    return widgets.HTML("<ol>" + "".join(items) + "</ol>")
