"""Readable source names for the topic tools: "Mayo Clinic, MSD Manual", not reference ids.

Each name carries its reference id (``data-ref``) and full citation (hover text), so every
claim stays traceable to ``data/references.csv`` while a learner reads a short name.

>>> sources_text(["nhs_leg_cramps", "who2020_activity"])
'NHS, WHO 2020'
>>> 'data-ref="nhs_leg_cramps"' in sources_html(["nhs_leg_cramps"])
True
"""
from __future__ import annotations

import html

from crampkit.content import reference


def _name(ref_id: str) -> str:
    ref = reference(ref_id)
    return ref.short_name or ref.id


def sources_text(ids) -> str:
    """The short names of the references ``ids``, joined with commas (plain text)."""
    return ", ".join(_name(i) for i in ids)


def sources_html(ids) -> str:
    """The short names as HTML, each a ``<cite>`` holding its id and full citation."""
    parts = []
    for ref_id in ids:
        ref = reference(ref_id)
        parts.append(f'<cite data-ref="{html.escape(ref.id)}" title="{html.escape(ref.citation)}" '
                     f'style="font-style:normal">{html.escape(_name(ref_id))}</cite>')
    return ", ".join(parts)


def evidence_words(level: str) -> str:
    """The evidence level in words, without doubling "evidence".

    >>> evidence_words("expert_opinion"), evidence_words("weak")
    ('expert opinion', 'weak')
    """
    return (level or "not rated").replace("_", " ")


def readable_ids(markdown: str) -> str:
    """``markdown`` with every reference id turned into its short name, linked to the id.

    >>> readable_ids("Sources: nhs_leg_cramps, allen2012_aafp")
    'Sources: [NHS](#ref-nhs_leg_cramps), [Allen 2012](#ref-allen2012_aafp)'
    """
    import re

    from crampkit.content import references

    known = references()

    def swap(match):
        ref = known.get(match.group(0))
        return f"[{ref.short_name or ref.id}](#ref-{ref.id})" if ref else match.group(0)

    return re.sub(r"(?<![\w#-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w])", swap, markdown)
