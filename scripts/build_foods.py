"""Build crampkit's curated food table ``data/foods.csv`` from USDA SR28 files.

Reads the chosen foods (``data/food_choices.csv``: ndb_no, name, portion_seq, why) and
copies each food's description, food group, minerals, water and one household portion
straight from the SR28 text files, so every value can be traced to a row in SR28.
Nutrient values are copied as SR28 text (never re-typed or re-formatted); an empty SR28
field stays an empty cell. Run from anywhere:

    python scripts/build_foods.py [--sr28 PATH] [--choices PATH] [--out PATH]

The default SR28 folder is ``../shared/usda-sr28`` beside the repository.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SR28 = REPO / ".." / "shared" / "usda-sr28"
COLUMNS = [
    "ndb_no", "name", "usda_description", "food_group",
    "potassium_mg", "magnesium_mg", "calcium_mg", "sodium_mg", "water_g",
    "portion_desc", "portion_g",
]
# Zero-based ABBREV.txt field indexes (see the SR28 README).
ABBREV_FIELDS = {"water_g": 2, "calcium_mg": 10, "magnesium_mg": 12, "potassium_mg": 14, "sodium_mg": 15}
ABBREV_SHORT_DESC = 1


def sr28_records(path: Path) -> list[list[str]]:
    """Records of one SR28 file: fields split on ``^`` with the ``~`` text marks removed."""
    records = []
    with open(path, encoding="latin-1", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                records.append([field.strip("~") for field in line.split("^")])
    return records


def format_amount(text: str) -> str:
    """An SR28 WEIGHT ``Amount`` as people write it: ``"1"``, ``"0.5"``, ``"0.333"``."""
    value = float(text)
    return str(int(value)) if value == int(value) else format(value, "g")


def group_by_prefix(food_des: dict[str, list[str]]) -> dict[str, str]:
    """Food group code shared by every FOOD_DES food whose NDB number starts with the same
    three digits (prefixes whose foods span several groups are left out)."""
    codes: dict[str, set[str]] = {}
    for ndb, record in food_des.items():
        codes.setdefault(ndb[:3], set()).add(record[1])
    return {prefix: next(iter(found)) for prefix, found in codes.items() if len(found) == 1}


def build_rows(sr28: Path, choices_path: Path) -> list[dict]:
    """One output row per chosen food, sorted by NDB number."""
    abbrev = {r[0]: r for r in sr28_records(sr28 / "ABBREV.txt")}
    food_des = {r[0]: r for r in sr28_records(sr28 / "FOOD_DES.txt")}
    groups = {r[0]: r[1] for r in sr28_records(sr28 / "FD_GROUP.txt")}
    weights = {(r[0], r[1]): r for r in sr28_records(sr28 / "WEIGHT.txt")}
    with open(choices_path, encoding="utf-8", newline="") as handle:
        choices = list(csv.DictReader(handle))

    rows, problems, seen = [], [], set()
    for choice in choices:
        ndb = choice["ndb_no"].strip()
        if ndb in seen:
            problems.append(f"ndb_no {ndb!r} is chosen twice")
            continue
        seen.add(ndb)
        if ndb not in abbrev:
            problems.append(f"ndb_no {ndb!r} ({choice['name']}) is not in ABBREV.txt")
            continue
        nutrients = abbrev[ndb]
        if ndb in food_des:
            description, group = food_des[ndb][2], groups[food_des[ndb][1]]
        else:  # NDB 33879 is only in ABBREV.txt: SR28's README says to use Shrt_Desc.
            description = nutrients[ABBREV_SHORT_DESC]
            group = groups.get(group_by_prefix(food_des).get(ndb[:3], ""), "")
        seq = choice["portion_seq"].strip()
        if seq:
            weight = weights.get((ndb, seq))
            if weight is None:
                problems.append(f"ndb_no {ndb!r}: WEIGHT.txt has no Seq {seq!r}")
                continue
            portion_desc = f"{format_amount(weight[2])} {weight[3]}"
            portion_g = weight[4]
        else:
            portion_desc, portion_g = "100 g", "100"
        row = {
            "ndb_no": ndb,
            "name": choice["name"].strip(),
            "usda_description": description,
            "food_group": group,
            "portion_desc": portion_desc,
            "portion_g": portion_g,
        }
        row.update({column: nutrients[index] for column, index in ABBREV_FIELDS.items()})
        rows.append(row)
    if problems:
        raise SystemExit("food_choices.csv has problems:\n  " + "\n  ".join(problems))
    return sorted(rows, key=lambda row: row["ndb_no"])


def write_rows(rows: list[dict], out: Path) -> None:
    """Write ``rows`` as UTF-8 CSV with ``\\n`` line ends (stable, byte for byte)."""
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sr28", type=Path, default=DEFAULT_SR28, help="folder holding the SR28 .txt files")
    parser.add_argument("--choices", type=Path, default=REPO / "data" / "food_choices.csv")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "foods.csv")
    args = parser.parse_args(argv)
    if not (args.sr28 / "ABBREV.txt").is_file():
        parser.error(f"--sr28 {args.sr28} does not hold SR28 files (ABBREV.txt is missing)")
    rows = build_rows(args.sr28, args.choices)
    write_rows(rows, args.out)
    print(f"wrote {len(rows)} foods to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
