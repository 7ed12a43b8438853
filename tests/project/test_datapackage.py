"""data/datapackage.json: a Frictionless Data package describing every table an educator may
edit (columns, types, allowed values, ids, links), checked with the ``frictionless`` library.

Table Schema cannot make a foreign key of a cell holding several ids (``a;b;c``): such a
field's ``pattern`` checks its form, and its ``itemReferences`` (a crampkit property that other
tools ignore) names the table each id must be found in. :class:`ItemReferences` below checks
those ids, as part of the same frictionless report, so every problem is one line naming the
file, the row (as a spreadsheet numbers it: the header is row 1) and the column.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

frictionless = pytest.importorskip("frictionless")
from frictionless import Checklist, Package, errors  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "data"
DESCRIPTOR = DATA / "datapackage.json"


class ItemReferenceError(errors.CellError):
    type = "item-reference"
    title = "Item Reference Error"
    description = "Every id in a list of ids must exist in the table the schema names."
    template = 'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}": {note}'


class ItemReferences(frictionless.Check):
    """Each ``;``-separated id in a field with ``itemReferences`` exists in the named table."""

    type = "crampkit-item-references"
    Errors = [ItemReferenceError]

    def __init__(self, descriptor: dict, data_dir: Path):
        super().__init__()
        self._fields = {}  # resource name -> {field name: [(prefix, known ids, "table.column")]}
        for resource in descriptor["resources"]:
            for field in resource["schema"]["fields"]:
                targets = []
                for ref in field.get("itemReferences", ()):
                    target = next(r for r in descriptor["resources"] if r["name"] == ref["resource"])
                    with open(data_dir / target["path"], encoding="utf-8", newline="") as handle:
                        known = {row.get(ref["field"], "").strip() for row in csv.DictReader(handle)}
                    targets.append((ref.get("prefix", ""), known, f'{target["path"]} column {ref["field"]}'))
                if targets:
                    self._fields.setdefault(resource["name"], {})[field["name"]] = targets

    def validate_row(self, row):
        for field_name, targets in self._fields.get(self.resource.name, {}).items():
            cell = row[field_name]
            if not isinstance(cell, str):
                continue
            for item in (part.strip() for part in cell.split(";") if part.strip()):
                for prefix, known, where in targets:
                    if item.startswith(prefix) and item[len(prefix):] not in known:
                        note = f'"{item[len(prefix):]}" is not an id in {where}'
                        yield ItemReferenceError.from_row(row, note=note, field_name=field_name)


def problems(data_dir: Path = DATA) -> list[str]:
    """Every problem in the package at ``data_dir``, one line each:
    ``FILE row N column C: what is wrong``."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    package = Package(str(data_dir / "datapackage.json"))
    report = package.validate(checklist=Checklist(checks=[ItemReferences(descriptor, data_dir)]))
    lines = [f"datapackage.json: {error.message}" for error in report.errors]
    for task in report.tasks:
        resource = next((r for r in descriptor["resources"] if r["name"] == task.name), {})
        place = resource.get("path", task.name)
        header = _header(data_dir / place) if (data_dir / place).exists() else []
        for error in task.errors:
            where = [place]
            if getattr(error, "row_number", None):
                where.append(f"row {error.row_number}")
            field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []) or [])
            if not field:
                field = getattr(error, "label", None)
            if not field and 0 < (getattr(error, "field_number", None) or 0) <= len(header):
                field = header[error.field_number - 1]  # older frictionless leaves extra labels unnamed
            if field:
                where.append(f"column {field}")
            lines.append(f"{' '.join(where)}: {error.type}: {error.note or error.message}")
    return lines


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_every_csv_table_has_a_schema():
    described = {r["path"] for r in json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]}
    tables = {p.name for p in DATA.glob("*.csv")}
    assert not tables - described, (
        f"data/datapackage.json has no resource for {sorted(tables - described)}: add one with a schema")
    assert not described - tables, f"data/datapackage.json describes missing files {sorted(described - tables)}"


def test_every_column_is_described_in_order():
    for resource in json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]:
        schema = [f["name"] for f in resource["schema"]["fields"]]
        header = _header(DATA / resource["path"])
        assert header == schema, (
            f"data/{resource['path']}: columns {header} but data/datapackage.json describes {schema}; "
            f"new columns: {[c for c in header if c not in schema]}, "
            f"described but absent: {[c for c in schema if c not in header]}")


def test_every_table_is_valid():
    found = problems()
    assert found == [], "data/datapackage.json finds problems:\n" + "\n".join(found)


def test_single_id_columns_are_foreign_keys_and_id_lists_name_their_table():
    """Every column of source ids is checked against references.csv one way or the other."""
    for resource in json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]:
        keys = {f for fk in resource["schema"].get("foreignKeys", []) for f in fk["fields"]}
        for field in resource["schema"]["fields"]:
            if field["name"] == "reference_id":
                assert field["name"] in keys, f"{resource['path']}: reference_id is not a foreign key"
            if field["name"] == "reference_ids":
                assert field.get("itemReferences") == [{"resource": "references", "field": "id"}], (
                    f"{resource['path']}: reference_ids names no table for its ids")


@pytest.fixture
def edited(tmp_path):
    """A copy of data/ to edit as an educator would in a spreadsheet."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "demo_class"))
    return copy


def _edit(path: Path, row_number: int, column: str, value: str) -> str:
    """Set one cell (``row_number`` counts the header as row 1); returns the old value."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    old, rows[row_number - 1][index] = rows[row_number - 1][index], value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return old


def test_a_typo_in_a_single_source_id_names_file_row_and_column(edited):
    old = _edit(edited / "dri.csv", 4, "reference_id", "nasem2019_sodium_potasium")
    assert old == "nasem2019_sodium_potassium"
    found = problems(edited)
    assert len(found) == 1, found
    assert found[0].startswith("dri.csv row 4 column reference_id: foreign-key"), found
    assert "nasem2019_sodium_potasium" in found[0]


def test_a_typo_inside_a_list_of_source_ids_names_file_row_and_column(edited):
    old = _edit(edited / "cause_rules.csv", 5, "reference_ids", "mayo_muscle_cramp;bergeron2008_sodum")
    assert old.startswith("mayo_muscle_cramp;bergeron2008_sodium")
    found = problems(edited)
    assert found == [
        'cause_rules.csv row 5 column reference_ids: item-reference: "bergeron2008_sodum" is not an id '
        "in references.csv column id"], found


def test_a_missing_reference_is_reported_where_it_is_cited(edited):
    with open(edited / "references.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    removed = [r for r in rows if r[0] == "iom2005_water"]
    assert removed
    with open(edited / "references.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(r for r in rows if r[0] != "iom2005_water")
    found = problems(edited)
    assert found, "removing a cited source went unnoticed"
    assert any(line.startswith("dri.csv row ") and "column reference_id" in line for line in found), found
    # contract v3: the drinks rules cite EFSA 2010; the 1-3 years row of drinks_targets.csv still cites IOM
    assert any(line.startswith("drinks_targets.csv row 2 column reference_ids: item-reference") for line in found), found
    assert all("iom2005_water" in line for line in found), found


def test_a_value_outside_the_allowed_list_or_type_is_named(edited):
    _edit(edited / "causes.csv", 2, "evidence_level", "strng")
    _edit(edited / "foods.csv", 5, "potassium_mg", "lots")
    found = problems(edited)
    assert len(found) == 2, found
    assert found[0].startswith("causes.csv row 2 column evidence_level: constraint-error"), found
    assert found[1].startswith("foods.csv row 5 column potassium_mg: type-error"), found


def test_a_new_column_is_named(edited):
    path = edited / "patterns.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([row + [f"x{n}"] for n, row in enumerate(rows)])
    found = problems(edited)
    assert found and all(line.startswith("patterns.csv") for line in found), found
    assert any("column x0" in line and "extra-label" in line for line in found), found
