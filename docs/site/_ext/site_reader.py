"""How the book site reads a notebook: as stored, with every code cell folded away.

MyST-NB folds a code cell tagged ``hide-input`` behind a "Show code" toggle. The tag is added
here, as each notebook is read for the site, so the stored notebooks stay as they are.
"""
from __future__ import annotations

import nbformat

FOLD = "hide-input"
ALREADY_CHOSEN = {"hide-input", "remove-input", "remove_input", "hide-cell", "remove-cell", "remove_cell"}


def read_folded(text: str) -> nbformat.NotebookNode:
    """The notebook in ``text`` with ``hide-input`` on each code cell that has no choice of its own."""
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))
        if not ALREADY_CHOSEN & set(tags):
            cell.metadata["tags"] = tags + [FOLD]
    return notebook
