"""Diary episodes as CSV text and pandas tables: export (spreadsheet-safe), import (every
row checked, each problem named by row and field) and the demo diary.

pandas is imported only inside the functions that return tables.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import replace

from crampkit.content import message, read_text
from crampkit.diary.model import (
    BEFORE,
    CSV_COLUMNS,
    DEMO_FILE_NAME,
    EPISODE_FIELDS,
    LEGS,
    MAX_DURATION_MINUTES,
    MUSCLES,
    RELIEVED_BY,
    DiaryError,
    Episode,
    RowProblem,
    episode_from,
    quoted_value,
    read_choices,
    read_flag,
    read_notes,
    read_number_field,
    read_one_of,
    read_when,
)
from crampkit.diary.spreadsheet import file_date_order, iso_when, separator_of, separator_words
from crampkit.safe_files import MAX_CSV_BYTES, SafeFileError, read_stream
from crampkit.safe_files import read_text as read_file_text

# --------------------------------------------------------------------------- CSV and frames

def _episode_list(episodes) -> list:
    if isinstance(episodes, (str, bytes, dict)) or not hasattr(episodes, "__iter__"):
        raise DiaryError(message("diary_csv_episodes_not_a_list", value=quoted_value(episodes)))
    items = list(episodes)
    for item in items:
        if not isinstance(item, Episode):
            raise DiaryError(message("diary_csv_not_an_episode", value=quoted_value(item)))
    return items


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with one of
# these, perhaps after apostrophes already added. Export adds one apostrophe in front (a
# spreadsheet then shows the text as typed); import takes exactly one away again.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise_cell(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a leading ``=``, ``+``, ``-``, ``@``, tab or
    carriage return gets an apostrophe in front, so it is shown, never run as a formula.

    >>> neutralise_cell("=1+1"), neutralise_cell("calf")
    ("'=1+1", 'calf')
    """
    return "'" + text if isinstance(text, str) and _FORMULA_START.match(text) else text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralise_cell`, used on import (so notes round-trip)."""
    return text[1:] if isinstance(text, str) and _NEUTRALISED.match(text) else text


def episodes_to_csv(episodes) -> str:
    """CSV text for some episodes, header included.

    Cells that a spreadsheet would run as formulas are neutralised (:func:`neutralise_cell`);
    lines end in CR LF, so a note holding a line break or a carriage return is quoted and
    comes back unchanged on import.
    """
    episodes = _episode_list(episodes)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for ep in episodes:
        writer.writerow({k: neutralise_cell(v) for k, v in ep.to_row().items()})
    return buffer.getvalue()


def parse_csv(source, *, date_order: str | None = None) -> tuple[list[Episode], list[RowProblem]]:
    """Read episodes from a CSV path or text; returns the good episodes and every problem.

    >>> eps, problems = parse_csv("when,leg,muscle,duration_minutes,severity\\n"
    ...                           "2025-10-01 23:00,left,calf,2,5\\n"
    ...                           "2025-10-02 23:00,up,calf,2,50\\n")
    >>> len(eps)
    1
    >>> for p in problems: print(p)
    row 3, leg: 'up' is not allowed; choose one of left, right, both
    row 3, severity: '50' is out of range; give a number from 0 to 10
    >>> eps, _ = parse_csv("when;leg;muscle;duration_minutes;severity\\n"
    ...                    "10/3/2025 2:15 PM;left;calf;2,5;6\\n", date_order="month-first")
    >>> eps[0].when.isoformat(), eps[0].duration_minutes
    ('2025-10-03T14:15:00', 2.5)

    A spreadsheet from any country: columns separated by ``,``, ``;`` or tabs (European
    Excel's ``sep=;`` first line too), decimal commas, and dates day first or month first
    with 24- or 12-hour times. ``date_order`` (``"day-first"`` or ``"month-first"``) says how
    the file writes dates such as 10/3/2025; without it the file must show the order itself
    (a day above 12 somewhere), else a :class:`DiaryError` asks which and nothing is read.
    """
    text, separator = separator_of(_csv_text(source), CSV_COLUMNS)
    nul = _placeholder(text)
    if "\x00" in text:  # Python 3.10's csv refuses NUL outright: keep it as a cell problem
        text = text.replace("\x00", nul)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=separator)
    records = _csv_records(reader)
    header = _header(next(records, None), separator)
    records = list(records)
    column = header.index("when")
    date_order = file_date_order((r[column] for r in records if not isinstance(r, RowProblem) and len(r) > column),
                                 date_order)
    episodes, problems = [], []
    cut_short = not text.endswith(("\n", "\r"))  # an interrupted copy or download
    for row_number, record in enumerate(records, start=2):
        if cut_short and row_number == len(records) + 1 and _ends_early(record, header):
            problems.append(RowProblem(row_number, header[len(record)], message("diary_csv_cut_short")))
            continue
        episode, row_problems = _row(row_number, record, header, nul, date_order)
        problems.extend(row_problems)
        if episode is not None:
            episodes.append(episode)
    return episodes, problems


def _header(header_record, separator: str = ",") -> list[str]:
    """The column names of the first line, checked; a message names the separator seen."""
    if header_record is None:
        raise DiaryError(message("diary_csv_empty", columns=", ".join(CSV_COLUMNS)))
    if isinstance(header_record, RowProblem):
        raise DiaryError(message("diary_csv_header_unreadable", problem=header_record.problem))
    header = [h.strip() for h in header_record]
    required = ("when", "leg", "muscle", "duration_minutes", "severity")
    missing = [name for name in required if name not in header]
    if missing:
        raise DiaryError(message("diary_csv_missing_columns", missing=", ".join(missing),
                                 separator=separator_words(separator),
                                 start=quoted_value(header[0][:24]) if header else "empty",
                                 columns=", ".join(CSV_COLUMNS)))
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise DiaryError(message("diary_csv_unknown_column", column=quoted_value(unknown[0]),
                                 columns=", ".join(CSV_COLUMNS)))
    return header


def _row(row_number: int, record, header: list[str], nul: str, date_order: str | None = None):
    """(the episode or None, the row's problems) for one CSV record."""
    if isinstance(record, RowProblem):
        return None, [replace(record, row=row_number)]
    if len(record) > len(header):
        return None, [RowProblem(row_number, "columns", message("diary_csv_more_cells"))]
    values = {header[i]: restore_cell(record[i]) if i < len(record) else ""
              for i in range(len(header))}
    if not any(v.strip() for v in values.values()):
        return None, []  # a blank line in a spreadsheet export
    if nul in "".join(values.values()):
        bad = next(k for k, v in values.items() if nul in v)
        return None, [RowProblem(row_number, bad, message("diary_csv_nul"))]
    values.pop("id", None)
    row_problems = []
    try:  # a spreadsheet's 10/3/2025 2:15 PM becomes 2025-10-03 14:15 (or a problem)
        values["when"] = iso_when(values["when"], date_order)
    except DiaryError as exc:
        row_problems.append(RowProblem(row_number, "when", _problem_text(exc, "when")))
    for name in EPISODE_FIELDS:
        if name not in values or name == "id" or (name == "when" and row_problems):
            continue
        try:  # check each field alone so every bad cell of a row is reported
            _check_field(name, values[name])
        except DiaryError as exc:
            row_problems.append(RowProblem(row_number, name, _problem_text(exc, name)))
    if row_problems:
        return None, row_problems
    try:
        return episode_from(values), []
    except DiaryError as exc:
        field_name = str(exc).split(":", 1)[0]
        return None, [RowProblem(row_number, field_name, _problem_text(exc, field_name))]


def _ends_early(record, header: list[str]) -> bool:
    """A row with fewer cells than the header that still has a meaningful cell to come (an
    empty swelling cell would read as "no", which the file may not have said)."""
    return (not isinstance(record, RowProblem) and 0 < len(record) < len(header)
            and any(name != "notes" for name in header[len(record):]))


def _placeholder(text: str) -> str:
    """A character not in ``text``, to stand in for NUL while the csv module reads it."""
    for code in range(0xE000, 0xF900):  # the private use area: never in a real diary
        if chr(code) not in text:
            return chr(code)
    return "\x00"  # pragma: no cover - a text holding all 6,400 private characters


def _csv_records(reader):
    """The reader's records; a cell over the csv size limit becomes a RowProblem (row number
    filled in by the caller), and broken quoting stops the import: rows after an unclosed
    quote cannot be told apart from the text of a note."""
    records = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            records += 1
            text = str(exc)
            if "field larger than field limit" in text:  # not shown: the csv module's words, matched
                yield RowProblem(0, "cell", message("diary_csv_cell_too_long", limit=f"{csv.field_size_limit():,}"))
                continue
            raise DiaryError(message("diary_csv_bad_quotes", row=records + 1 if records > 1 else 1,
                                     line=reader.line_num, error=quoted_value(text))) from None
        records += 1
        yield record


def _check_field(name: str, value) -> None:
    checks = {
        "when": lambda v: read_when(v),
        "leg": lambda v: read_one_of(v, "leg", LEGS),
        "muscle": lambda v: read_one_of(v, "muscle", MUSCLES),
        "duration_minutes": lambda v: read_number_field(v, name, 0, MAX_DURATION_MINUTES),
        "severity": lambda v: read_number_field(v, name, 0, 10, whole=True),
        "before": lambda v: read_choices(v, name, BEFORE),
        "relieved_by": lambda v: read_choices(v, name, RELIEVED_BY),
        "swelling": lambda v: read_flag(v, name),
        "notes": read_notes,
    }
    checks[name](value)


def _problem_text(exc: Exception, name: str) -> str:
    message = str(exc)
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _csv_text(source) -> str:
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_CSV_BYTES:
            raise DiaryError(message("diary_csv_too_large", megabytes=MAX_CSV_BYTES // 1_000_000))
        try:
            return bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DiaryError(message("diary_csv_not_utf8", reason=exc.reason, byte=exc.start)) from None
    if isinstance(source, str) and ("\n" in source or "\r" in source):  # CSV text itself
        if len(source) > MAX_CSV_BYTES:
            raise DiaryError(message("diary_csv_too_large", megabytes=MAX_CSV_BYTES // 1_000_000))
        return source.lstrip("\ufeff")
    if isinstance(source, (str, os.PathLike)):
        try:  # a regular file only (never a pipe or a device), at most MAX_CSV_BYTES
            return read_file_text(source, max_bytes=MAX_CSV_BYTES, what="path")
        except SafeFileError as exc:
            raise DiaryError(str(exc) if exc.kind == "cannot_read"
                             else message("diary_csv_path_unreadable", reason=exc.reason)) from None
    if hasattr(source, "read"):  # an open file: read at most MAX_CSV_BYTES (never /dev/zero's all)
        try:
            data = read_stream(source, max_bytes=MAX_CSV_BYTES, what="source")
        except SafeFileError as exc:
            raise DiaryError(str(exc)) from None
        return _csv_text(data if isinstance(data, (bytes, bytearray)) else data + "\n")
    raise DiaryError(message("diary_csv_not_a_source", value=quoted_value(source)))


def _frame_from_records(records):
    import pandas as pd  # lazy: pandas only for tables (see the package docstring)

    frame = pd.DataFrame.from_records(list(records), columns=list(CSV_COLUMNS))
    frame["when"] = pd.to_datetime(frame["when"], format="%Y-%m-%d %H:%M")
    frame["duration_minutes"] = frame["duration_minutes"].astype(float)
    frame["severity"] = frame["severity"].astype(int)
    frame["swelling"] = frame["swelling"].astype(bool)
    frame["id"] = frame["id"].astype("Int64")
    return frame.sort_values(["when", "id"], kind="stable").reset_index(drop=True)


def episodes_frame(episodes):
    """A DataFrame (``CSV_COLUMNS``, sorted by time) for some Episode objects."""
    episodes = _episode_list(episodes)
    return _frame_from_records(
        (ep.id, ep.to_row()["when"], ep.leg, ep.muscle, ep.duration_minutes, ep.severity,
         ";".join(ep.before), ";".join(ep.relieved_by), ep.swelling, ep.notes)
        for ep in episodes
    )


def demo_frame():
    """The shipped synthetic demo month (``data/demo_diary.csv``) as a diary DataFrame.

    >>> df = demo_frame()
    >>> 20 <= len(df) <= 30, df["when"].is_monotonic_increasing
    (True, True)
    """
    episodes, problems = parse_csv(read_text(DEMO_FILE_NAME))
    if problems:  # a broken shipped file is a bug in crampkit, said plainly
        raise DiaryError(f"{DEMO_FILE_NAME}: {problems[0]}")
    numbered = [replace(ep, id=i) for i, ep in enumerate(episodes, start=1)]
    frame = episodes_frame(numbered)
    frame.attrs["synthetic"] = True  # the report and widget label it as made-up
    return frame
