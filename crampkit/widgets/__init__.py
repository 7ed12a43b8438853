"""ipywidgets views over crampkit's core: forms, tools, quizzes (thin; no rules here)."""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.widgets.citations import references_html


def references_list(ids) -> widgets.HTML:
    """The references with these ids as a numbered list (ids must exist in the table).

    Each entry shows the reference's short name (as cited in the text, e.g. "NHS"), the full
    citation and its link, and carries the anchor that in-text citations link to.
    """
    view = widgets.HTML(references_html(ids))
    view.add_class("crampkit-references")
    return view
