"""Diary CSV files from spreadsheets set up for other countries: separators and dates.

European Excel separates columns with ``;`` (its decimal mark is the comma) and may start the
file with a ``sep=;`` line; other programs use tabs. A US spreadsheet writes dates month first
("10/3/2025 2:15 PM" is 3 October), most other countries day first ("3/10/2025 14:15",
"03.10.2025 14:15"). crampkit reads all of these but never guesses between them: a date such
as 10/3/2025 is read only when the file itself shows the order (another row has a day above
12, like 25/12/2025) or the person says which with ``date_order``.

>>> separator_of("when;leg;muscle;duration_minutes;severity\\n2025-10-03 02:15;left;calf;2,5;6\\n",
...              ("when", "leg", "muscle"))[1]
';'
>>> file_date_order(["10/3/2025 2:15 PM", "25/3/2025 23:00"])
'day-first'
>>> iso_when("10/3/2025 2:15 PM", "month-first")
'2025-10-03 14:15'
>>> file_date_order(["10/3/2025 2:15 PM"])
Traceback (most recent call last):
...
crampkit.diary.DiaryError: date_order: the file writes dates like '10/3/2025 2:15 PM', which could be
10 March 2025 or 3 October 2025; nothing was imported. Say which: date_order='day-first' ...
"""
from __future__ import annotations

import csv
import re
from datetime import datetime

from crampkit.content import message
from crampkit.diary.model import DiaryError, quoted_value

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST)
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "commas (,)", ";": "semicolons (;)", "\t": "tabs"}
SAMPLE_CHARS = 64_000  # the separator is decided from this much of the file, never all of it
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_EXCEL_SEPARATOR_LINE = re.compile(r"\A\"?sep=(.)\"?[ \t]*\r?\n", re.IGNORECASE)
# 10/3/2025, 03.10.2025, 3-10-2025 (day and month in either order), then perhaps a time
# (14:15, 14:15:00, 2:15 PM, 2:15pm, 2:15 p.m.).
_TIME = r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<half>[ap]\.?\s?m\.?)?)?"
_NUMERIC_DATE = re.compile(r"(?P<a>\d{1,2})(?P<mark>[/.\-])(?P<b>\d{1,2})(?P=mark)(?P<year>\d{2,4})" + _TIME,
                           re.IGNORECASE)
# 2025/10/03 and 2025-10-03 with a 12-hour time: year first is never ambiguous.
_YEAR_FIRST = re.compile(r"(?P<year>\d{4})(?P<mark>[/\-])(?P<b>\d{1,2})(?P=mark)(?P<a>\d{1,2})" + _TIME,
                         re.IGNORECASE)


def separator_of(text: str, columns: tuple[str, ...]) -> tuple[str, str]:
    """(the text without Excel's ``sep=`` line, the separator between its columns).

    The separator is the one of ``,``, ``;`` and tab that makes the first line name the most
    diary ``columns``; with none of them (an unreadable header), the one ``csv.Sniffer``
    sees in the first :data:`SAMPLE_CHARS` characters, so the message can say what it saw.
    """
    hint = _EXCEL_SEPARATOR_LINE.match(text)
    if hint and hint.group(1) in SEPARATORS:
        return text[hint.end():], hint.group(1)
    first_line = text[:SAMPLE_CHARS].splitlines()[0] if text.strip() else ""
    known = {name: _count_known(first_line, name, columns) for name in SEPARATORS}
    best = max(SEPARATORS, key=lambda name: known[name])  # ties: the first, the comma
    if known[best]:
        return text, best
    return text, _sniffed(text)


def _count_known(line: str, separator: str, columns) -> int:
    try:
        cells = next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return 0
    return sum(cell.strip() in columns for cell in cells)


def _sniffed(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:  # whole lines only
        sample = sample[:sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        return ","


def separator_words(separator: str) -> str:
    """How a message names a separator: ``semicolons (;)``."""
    return SEPARATOR_NAMES.get(separator, repr(separator))


def file_date_order(cells, stated: str | None = None) -> str | None:
    """Whether the file's numeric dates are day first or month first, or ``None`` when none
    is ambiguous (ISO dates, year-first dates, days equal to months).

    ``stated`` (``"day-first"`` or ``"month-first"``) wins. Otherwise the file must show the
    order itself: a first number above 12 (day first), a second above 12 (month first), or a
    date with dots (03.10.2025, day first). A file showing both, or neither while holding a
    date that could be read two ways, is a :class:`DiaryError` that asks which.
    """
    if stated is not None and not (isinstance(stated, str) and stated in DATE_ORDERS):
        raise DiaryError(message("diary_sheet_bad_date_order", value=quoted_value(stated)))
    examples = {}
    ambiguous = None
    for cell in cells:
        match = _NUMERIC_DATE.fullmatch(cell.strip()) if isinstance(cell, str) else None
        if match is None:
            continue
        order = _shown_order(match)
        if order:
            examples.setdefault(order, cell.strip())
        elif ambiguous is None and match["a"].lstrip("0") != match["b"].lstrip("0"):
            ambiguous = cell.strip()
    if stated is not None:
        return stated
    if len(examples) == 2:
        raise DiaryError(message("diary_sheet_mixed_orders", day_first=quoted_value(examples[DAY_FIRST]),
                                 month_first=quoted_value(examples[MONTH_FIRST])))
    if examples:
        return next(iter(examples))
    if ambiguous is not None:
        match = _NUMERIC_DATE.fullmatch(ambiguous)
        a, b, year = int(match["a"]), int(match["b"]), _year_words(match["year"])
        day_first, month_first = f"{a} {_month(b)}", f"{b} {_month(a)}"
        raise DiaryError(message("diary_sheet_ambiguous", example=quoted_value(ambiguous),
                                 day_first=day_first, month_first=month_first, year=year))
    return None


def _shown_order(match) -> str | None:
    a, b = int(match["a"]), int(match["b"])
    if match["mark"] == ".":
        return DAY_FIRST  # 03.10.2025: dots are written day first
    if a > 12 >= b:
        return DAY_FIRST
    if b > 12 >= a:
        return MONTH_FIRST
    return None


def _month(number: int) -> str:
    return _MONTHS[number - 1] if 1 <= number <= 12 else f"month {number}"


def _year_words(year: str) -> str:
    return year if len(year) == 4 else f"'{year}"


def iso_when(cell: str, date_order: str | None) -> str:
    """A spreadsheet's date and time as ``YYYY-MM-DD HH:MM``; any other text unchanged (the
    diary's own check then reads ISO dates and names what is wrong with the rest).

    >>> iso_when("03.10.2025 14:15", "day-first"), iso_when("2025-10-03 12:05 AM", None)
    ('2025-10-03 14:15', '2025-10-03 00:05')
    >>> iso_when("2025-10-03 02:15", None)
    '2025-10-03 02:15'
    """
    text = cell.strip() if isinstance(cell, str) else cell
    if not isinstance(text, str):
        return cell
    match = _YEAR_FIRST.fullmatch(text)
    if match and (match["mark"] == "/" or match["half"]):
        return _iso(text, match, int(match["a"]), int(match["b"]))
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return cell
    if len(match["year"]) != 4:
        raise DiaryError(message("diary_sheet_two_digit_year", value=quoted_value(text)))
    order = date_order or _shown_order(match)
    if order is None and match["a"].lstrip("0") == match["b"].lstrip("0"):
        order = DAY_FIRST  # 3/3/2025: the same date either way
    if order is None:  # pragma: no cover - parse_csv asks before it gets here
        raise DiaryError(message("diary_sheet_either_order", value=quoted_value(text)))
    day, month = (int(match["a"]), int(match["b"])) if order == DAY_FIRST else (int(match["b"]), int(match["a"]))
    return _iso(text, match, day, month, order)


def _iso(text: str, match, day: int, month: int, order: str | None = None) -> str:
    hour, minute = _clock(text, match)
    if not 1 <= month <= 12:
        read = message("diary_sheet_read_as", order=order.replace("-", " ")) if order else ""
        raise DiaryError(message("diary_sheet_no_month", value=quoted_value(text), month=month, read=read))
    try:
        return datetime(int(match["year"]), month, day, hour, minute).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        raise DiaryError(message("diary_sheet_no_day", value=quoted_value(text), month=_month(month),
                                 day=day)) from None


def _clock(text: str, match) -> tuple[int, int]:
    """(hour, minute) on a 24-hour clock; 12:30 AM is 00:30 and 12:30 PM is 12:30."""
    if match["hour"] is None:
        return 0, 0
    hour, minute = int(match["hour"]), int(match["minute"])
    half = (match["half"] or "").lower().replace(".", "").replace(" ", "")
    if half and not 1 <= hour <= 12:
        raise DiaryError(message("diary_sheet_half_day_hour", value=quoted_value(text)))
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DiaryError(message("diary_sheet_not_a_time", value=quoted_value(text)))
    return hour, minute
