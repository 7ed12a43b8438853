"""A teaching picture shown in a notebook or app: the drawing, a caption and its sources.

The SVG is crampkit's own file (never user text), so it is placed as it is; the caption's
words are escaped.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from crampkit.content import reference
from crampkit.pictures import picture


def picture_html(picture_id: str, width: str = "100%") -> str:
    """HTML for one picture: ``<figure>`` with the SVG and a caption naming its sources."""
    p = picture(picture_id)
    sources = "; ".join(reference(r).short_name for r in p.reference_ids)
    return (f'<figure class="crampkit-picture" style="margin:0.5em 0;max-width:{html.escape(width)}">'
            f'<div style="max-width:100%;overflow-x:auto">{p.svg}</div>'
            f'<figcaption style="font-size:0.95em">{html.escape(p.title)}. '
            f'Source: {html.escape(sources)}.</figcaption></figure>')


def picture_view(picture_id: str, width: str = "560px") -> widgets.HTML:
    """An ipywidgets view of one picture (see :func:`picture_html`)."""
    return widgets.HTML(picture_html(picture_id, width))
