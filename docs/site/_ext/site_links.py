"""Links inside a notebook page that JupyterLab understands and Sphinx does not by itself.

* ``[References](#References)``: JupyterLab names a heading's anchor after its text (spaces
  become ``-``); Sphinx gives the section its own id (``references``). The link is pointed
  at that section.
* ``#crampkit-ref-...``: the numbered reference list is HTML the notebook prints, so Sphinx
  cannot see its anchors; the link is kept as it is (the browser test checks it lands).
"""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PRINTED_ANCHORS = ("crampkit-ref-",)


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
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") == "doc":
                continue
            target = node.get("reftarget", "")
            refid = sections.get(target) or (target if target.startswith(PRINTED_ANCHORS) else None)
            if refid is None:
                continue
            link = nodes.reference("", "", internal=True, refid=refid)
            link += node.children
            node.replace_self(link)
