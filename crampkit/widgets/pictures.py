"""A teaching picture shown in a notebook or app: the drawing, a caption and its sources.

The SVG is crampkit's own file (never user text), so it is placed as it is
(:func:`crampkit.widgets.common.crampkit_html`); the caption's words are escaped.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.content import reference
from crampkit.pictures import picture
from crampkit.widgets.common import crampkit_html, html_of


def picture_html(picture_id: str, width: str = "100%") -> str:
    """HTML for one picture: ``<figure>`` with the SVG and a caption naming its sources."""
    p = picture(picture_id)
    sources = "; ".join(reference(r).short_name for r in p.reference_ids)
    return str(html_of('<figure class="crampkit-picture" style="margin:0.5em 0;max-width:{width}">'
                       '<div style="max-width:100%;overflow-x:auto">{svg}</div>'
                       '<figcaption style="font-size:0.95em">{title}. Source: {sources}.</figcaption></figure>',
                       width=width, svg=crampkit_html(p.svg), title=p.title, sources=sources))


def picture_view(picture_id: str, width: str = "560px") -> widgets.HTML:
    """An ipywidgets view of one picture (see :func:`picture_html`)."""
    return widgets.HTML(picture_html(picture_id, width))
