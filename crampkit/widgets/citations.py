"""Readable citations: a short name such as "(NHS)" that links to the numbered reference list.

Internal reference ids (``nhs_leg_cramps``) are never shown to a learner: the text shows the
reference's ``short_name`` from ``data/references.csv`` (the id only if that is empty), and
links to the entry of the numbered list made by :func:`references_html`, whose items carry
matching anchors.

>>> cite(["nhs_leg_cramps", "allen2012_aafp"])
'(<a href="#crampkit-ref-nhs_leg_cramps" class="crampkit-cite"
style="color:#0b5cad;text-decoration:underline">NHS</a>; <a href="#crampkit-ref-allen2012_aafp"
class="crampkit-cite" style="color:#0b5cad;text-decoration:underline">Allen 2012</a>)'
>>> cite([])
''
>>> short_names(["nhs_dvt", "no_such_id"])
['NHS (DVT)']

In prose and tool output that needs no link, :func:`sources_text` and :func:`sources_html`
give the short names alone (the id kept in ``data-ref`` and the citation as hover text):

>>> sources_text(["nhs_leg_cramps", "who2020_activity"])
'NHS, WHO 2020'
>>> 'data-ref="nhs_leg_cramps"' in sources_html(["nhs_leg_cramps"])
True
"""
from __future__ import annotations

import re

from crampkit.content import reference, references
from crampkit.markup import Html
from crampkit.presentation import PALETTE, evidence_level_name

ANCHOR_PREFIX = "crampkit-ref-"
LINK_STYLE = f"color:{PALETTE['link']};text-decoration:underline"  # looks like a link in JupyterLab and Voila


def short_name(ref_id: str) -> str:
    """The label a learner sees for ``ref_id``: its short name, else the id itself."""
    ref = references().get(ref_id)
    return (ref.short_name if ref is not None and ref.short_name else "") or ref_id


def short_names(ids) -> list[str]:
    """Short names of the known ids among ``ids``, in order, without repeats."""
    known = references()
    return [short_name(i) for i in dict.fromkeys(ids) if i in known]


def anchor(ref_id: str, prefix: str = ANCHOR_PREFIX) -> str:
    """The HTML id of ``ref_id``'s entry in the numbered list (safe for an ``id`` attribute)."""
    return prefix + "".join(c if c.isalnum() or c in "-_" else "-" for c in ref_id)


def cite(ids, prefix: str = ANCHOR_PREFIX, brackets: bool = True) -> str:
    """HTML: the short names of ``ids`` joined by "; ", each a link to its list entry.

    Unknown ids are left out (they are a content error the data tests catch, never shown).
    """
    known = references()
    links = [Html('<a href="#{}" class="crampkit-cite" style="{}">{}</a>').format(
        anchor(i, prefix), LINK_STYLE, short_name(i)) for i in dict.fromkeys(ids) if i in known]
    if not links:
        return ""
    joined = Html("; ").join(links)
    return str(Html("({})").format(joined) if brackets else joined)


def references_html(ids, prefix: str = ANCHOR_PREFIX) -> str:
    """The references with these ids as a numbered list: short name in bold, the full
    citation and a link to open it; each item has the anchor :func:`cite` links to.

    Every id must exist (:class:`crampkit.content.UnknownReferenceError` otherwise).
    """
    items = []
    for ref_id in dict.fromkeys(ids):
        ref = reference(ref_id)
        link = (Html(' <a href="{}" target="_blank" rel="noopener" style="{}">{}</a>').format(
            ref.url, LINK_STYLE, ref.url) if ref.url else "")
        items.append(Html('<li id="{}"><b>{}</b>: {}{}</li>').format(
            anchor(ref_id, prefix), short_name(ref_id), ref.citation, link))
    return str(Html('<ol class="crampkit-references" style="overflow-wrap:anywhere">{}</ol>').format(
        Html("").join(items)))


def _name(ref_id: str) -> str:
    """The short name of a known id (an unknown id is an error here, as in ``reference``)."""
    return short_name(reference(ref_id).id)


def sources_text(ids) -> str:
    """The short names of the references ``ids``, joined with commas (plain text)."""
    return ", ".join(_name(i) for i in ids)


def sources_html(ids) -> str:
    """The short names as HTML, each a ``<cite>`` holding its id and full citation."""
    parts = []
    for ref_id in ids:
        ref = reference(ref_id)
        parts.append(Html('<cite data-ref="{}" title="{}" style="font-style:normal">{}</cite>').format(
            ref.id, ref.citation, _name(ref_id)))
    return str(Html(", ").join(parts))


def evidence_words(level: str) -> str:
    """The evidence level's name alone, for text that already says "evidence:" (the
    sentence "how sure the science is" uses ``crampkit.presentation.evidence_words``).

    >>> evidence_words("expert_opinion"), evidence_words("weak")
    ('expert opinion', 'weak')
    """
    return evidence_level_name(level)


def readable_ids(markdown: str) -> str:
    """``markdown`` with every reference id turned into its short name, linked to the id.

    >>> readable_ids("Sources: nhs_leg_cramps, allen2012_aafp")
    'Sources: [NHS](#crampkit-ref-nhs_leg_cramps), [Allen 2012](#crampkit-ref-allen2012_aafp)'
    """
    known = references()

    def swap(match):
        ref = known.get(match.group(0))
        return f"[{ref.short_name or ref.id}](#{anchor(ref.id)})" if ref else match.group(0)

    return re.sub(r"(?<![\w#-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w])", swap, markdown)
