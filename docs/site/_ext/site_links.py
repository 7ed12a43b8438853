"""Links inside a notebook page that JupyterLab understands and Sphinx does not by itself.

* ``[References](#References)``: JupyterLab names a heading's anchor after its text (spaces
  become ``-``); Sphinx gives the section its own id (``references``). The link is pointed
  at that section.
* ``#crampkit-ref-...``: the numbered reference list is HTML the notebook prints, so Sphinx
  cannot see its anchors. A citation whose entry the page prints keeps its link; one whose
  source the page does not list (notebook 10's answer keys cite other notebooks' sources)
  goes to the site's page of all references (``references.md``), which has every anchor.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PRINTED_ANCHORS = ("crampkit-ref-",)
ALL_REFERENCES = "references"
PRINTED_ID = re.compile(r'id="(crampkit-ref-[^"]+)"')
PRINTED_LINK = re.compile(r'href="#(crampkit-ref-[^"]+)"')


def lab_anchor(title: str) -> str:
    """The anchor JupyterLab gives a heading: its text with spaces turned into ``-``."""
    return "-".join(title.split())


class NotebookAnchors(SphinxPostTransform):
    """Resolve ``#Heading-text`` and printed anchors before MyST warns about them."""

    default_priority = 5  # before MyST's own resolver

    def run(self, **kwargs) -> None:
        sections = {}
        for section in self.document.findall(nodes.section):
            if section.children and section["ids"]:
                sections.setdefault(lab_anchor(section[0].astext()), section["ids"][0])
        raws = list(self.document.findall(nodes.raw))
        printed = {anchor for raw in raws for anchor in PRINTED_ID.findall(raw.astext())}
        if self.env.docname != ALL_REFERENCES:
            self._printed_links_elsewhere(raws, printed)
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") == "doc":
                continue
            target = node.get("reftarget", "")
            if target in sections or target in printed:
                link = nodes.reference("", "", internal=True, refid=sections.get(target, target))
            elif target.startswith(PRINTED_ANCHORS) and self.env.docname != ALL_REFERENCES:
                uri = self.app.builder.get_relative_uri(self.env.docname, ALL_REFERENCES)
                link = nodes.reference("", "", internal=True, refuri=f"{uri}#{target}")
            else:
                continue
            link += node.children
            node.replace_self(link)

    def _printed_links_elsewhere(self, raws, printed) -> None:
        """Printed HTML citing a source this page does not list: link to the references page."""
        uri = self.app.builder.get_relative_uri(self.env.docname, ALL_REFERENCES)

        def relink(match):
            return match.group(0) if match.group(1) in printed else f'href="{uri}#{match.group(1)}"'

        for ref in self.document.findall(nodes.reference):  # Markdown a cell printed
            anchor = ref.get("refuri", "")[1:] if ref.get("refuri", "").startswith("#") else ""
            if anchor.startswith(PRINTED_ANCHORS) and anchor not in printed:
                ref["refuri"] = f"{uri}#{anchor}"
        for raw in raws:
            text = raw.astext()
            changed = PRINTED_LINK.sub(relink, text)
            if changed != text:
                raw.replace_self(nodes.raw(changed, changed, format=raw.get("format", "html")))
