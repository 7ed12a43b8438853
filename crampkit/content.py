"""Loading crampkit's data tables: references, causes, tips, conditions, quizzes.

The tables are plain CSV files an educator can edit in a spreadsheet (``data/`` in the
repository, ``crampkit/data`` once installed). This module reads them with the standard
library only, so the rule engine stays light and fast to import.

>>> ref = reference("hallegraeff2012_stretching")
>>> ref.id, "J Physiother" in ref.citation
('hallegraeff2012_stretching', True)
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_PACKAGE = "crampkit.data"


def data_file(name: str):
    """The shipped data file ``name`` (a ``Traversable`` path), whether installed or not."""
    return resources.files(DATA_PACKAGE).joinpath(name)


def read_text(name: str) -> str:
    """The text of a shipped data file."""
    return data_file(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict, ...]:
    """Rows of a shipped CSV table as dicts of strings (cached; treat as read-only)."""
    reader = csv.DictReader(io.StringIO(read_text(name)))
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


@lru_cache(maxsize=None)
def read_json(name: str):
    """A shipped JSON file, parsed (cached; treat as read-only)."""
    return json.loads(read_text(name))


def split_ids(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell into its non-empty, stripped parts."""
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


@dataclass(frozen=True)
class Reference:
    """One source in ``references.csv``: a short id, the full citation and a URL."""

    id: str
    citation: str
    url: str = ""
    accessed: str = ""


@lru_cache(maxsize=None)
def references() -> dict[str, Reference]:
    """Every reference by id."""
    return {
        row["id"]: Reference(row["id"], row["citation"], row["url"], row.get("accessed", ""))
        for row in read_table("references.csv")
    }


def reference(ref_id: str) -> Reference:
    """The reference with id ``ref_id``; ``KeyError`` names the id when it is unknown."""
    try:
        return references()[ref_id]
    except KeyError:
        raise KeyError(f"unknown reference id {ref_id!r}") from None
