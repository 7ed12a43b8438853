"""The diary's vocabulary and one checked episode: what each field may hold and why not.

Every value a person types or a file holds goes through :class:`Episode`, so the SQLite
storage, the CSV import and the widgets all refuse the same things with the same message.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from dateutil.parser import isoparse

from crampkit.checks import (
    CrampkitInputError,
    one_line,
    parse_choice,
    parse_choices,
    parse_flag,
    quoted,
)
from crampkit.content import message, read_table
from crampkit.entries import EntryError, number_message, read_number

LEGS = ("left", "right", "both")
MUSCLES = ("calf", "foot", "thigh", "other")
BEFORE = ("activity", "long_sitting", "long_standing", "heat", "nothing")
RELIEVED_BY = ("stretching", "walking", "massage", "heat", "rest", "nothing", "other")
MAX_DURATION_MINUTES = 1440
MAX_NOTES_CHARS = 1000
NIGHT_START_HOUR = 22  # night is 22:00 to 06:00
NIGHT_END_HOUR = 6
DIARY_FILE_NAME = "diary.sqlite3"
DEMO_FILE_NAME = "demo_diary.csv"
CSV_COLUMNS = (
    "id", "when", "leg", "muscle", "duration_minutes", "severity",
    "before", "relieved_by", "swelling", "notes",
)
# Where the warning signs are explained: notebook 07, by its title in data/lesson_plans.csv.
_CLINICIAN_TITLE = next(row["title"] for row in read_table("lesson_plans.csv") if row["notebook"] == "07")
CLINICIAN_NOTEBOOK = f'notebook 07 "{_CLINICIAN_TITLE}"'

class DiaryError(CrampkitInputError):
    """A diary problem a person can act on; the message names the field or the file."""


@dataclass(frozen=True)
class RowProblem:
    """One bad cell in an imported CSV: spreadsheet row (header is row 1), field, problem."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.problem}"


class DiaryImportError(DiaryError):
    """An import found bad rows; ``problems`` lists each one. Nothing was imported."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = list(problems)
        # One line naming where the problems are (row and field) within the 300-character
        # limit, however many there are; ``problems`` holds each one in full.
        count = len(self.problems)
        where = [f"row {p.row}, {p.field}" for p in self.problems[:10]]
        if count > len(where):
            where.append(message("diary_import_more", count=f"{count - len(where):,}"))
        first = message("diary_import_first", problem=self.problems[0]) if self.problems else ""
        super().__init__(message("diary_import_refused", count=f"{count:,}", where="; ".join(where),
                                 first=first))


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many episodes were added and which rows were skipped."""

    added: int
    skipped: tuple[RowProblem, ...] = ()


# --------------------------------------------------------------------------- validation

def read_choices(value, field_name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A list or ``;``-separated string of vocabulary words, deduplicated, in order."""
    return parse_choices(value, field_name, allowed, DiaryError)


def read_one_of(value, field_name: str, allowed: tuple[str, ...]) -> str:
    return parse_choice(value, field_name, allowed, DiaryError)


def read_when(value) -> datetime:
    if value is None or _is_missing(value) or (isinstance(value, str) and not value.strip()):
        raise DiaryError(message("diary_when_missing"))
    if isinstance(value, str):
        value = _parse_when(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    elif hasattr(value, "to_pydatetime"):  # a pandas Timestamp (which may hold nanoseconds)
        value = value.to_pydatetime(warn=False)
    if not isinstance(value, datetime):
        raise DiaryError(message("diary_when_not_a_date", typed=repr(value)))
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    value = value.replace(second=0, microsecond=0)
    if value.year < 1900:
        raise DiaryError(message("diary_when_too_old", typed=f"{value:%Y-%m-%d %H:%M}"))
    if value > datetime.now() + timedelta(days=1):
        raise DiaryError(message("diary_when_future", typed=f"{value:%Y-%m-%d %H:%M}"))
    return value


def _parse_when(text: str) -> datetime:
    """An ISO 8601 date and time, parsed the same way on every supported Python.

    ``datetime.fromisoformat`` accepts more on 3.11+ than on 3.10 (``Z``, ``20251003``), so
    dateutil's ``isoparse`` (a dependency of pandas, listed in crampkit's own dependencies)
    reads all of them, with a space or a ``T`` between date and time.
    """
    shown = text.strip()
    cleaned = shown
    if len(cleaned) > 40:  # no date and time is this long: never hand a huge cell to a parser
        cleaned = ""
    if len(cleaned) > 10 and cleaned[10] == " ":
        cleaned = cleaned[:10] + "T" + cleaned[11:].strip()
    try:
        return isoparse(cleaned)
    except (ValueError, OverflowError, TypeError):
        raise DiaryError(message("diary_when_not_a_date", typed=quoted_value(shown))) from None


def _is_missing(value) -> bool:
    try:
        return bool(value != value)  # NaT and NaN are the only values not equal to themselves
    except (TypeError, ValueError):  # pandas' NA (its truth is ambiguous), arrays
        return type(value).__name__ == "NAType"


def read_number_field(value, field_name: str, low: float, high: float, *, whole: bool = False):
    """The number in ``value`` for the diary's ``field_name`` (read by
    :func:`crampkit.entries.read_number`, said with its sentences), else a :class:`DiaryError`.

    >>> read_number_field(" 2,5 ", "duration_minutes", 0, 1440), read_number_field("7", "severity", 0, 10, whole=True)
    (2.5, 7)
    >>> read_number_field("60", "severity", 0, 10, whole=True)
    Traceback (most recent call last):
    ...
    crampkit.diary.DiaryError: severity: '60' is out of range; give a number from 0 to 10
    """
    try:
        number = read_number(value, field_name, low, high, None, whole=whole, allowed="given")
    except EntryError as problem:
        raise DiaryError(str(problem)) from None
    if whole:
        exact = _exact_whole(value)  # an id near 2**62 is past a float's last digit
        if exact is not None and not low <= exact <= high:
            raise DiaryError(number_message("out_of_range", field_name, value, low, high, allowed="given"))
        return int(number) if exact is None else exact
    return int(number) if number == int(number) else round(number, 2)


def _exact_whole(value) -> int | None:
    """``value`` as an exact whole number when it is one (an int, or digits typed), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.lstrip("+-").isdigit() and len(text) < 40 else None


def read_flag(value, field_name: str) -> bool:
    return parse_flag(value, field_name, DiaryError)


def read_notes(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DiaryError(message("diary_notes_not_text", typed=repr(value)))
    text = value.strip()
    if "\x00" in text:
        raise DiaryError(message("diary_notes_nul"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DiaryError(message("diary_notes_surrogate")) from None
    if len(text) > MAX_NOTES_CHARS:
        raise DiaryError(message("diary_notes_too_long", length=len(text), limit=MAX_NOTES_CHARS))
    return text


@dataclass(frozen=True)
class Episode:
    """One cramp. Values are checked and tidied on creation; bad ones raise DiaryError.

    ``before`` and ``relieved_by`` accept a list or a ``;``-separated string.
    ``swelling`` means the leg was swollen, warm or red afterwards.
    """

    when: datetime
    leg: str
    muscle: str
    duration_minutes: float
    severity: int
    before: tuple[str, ...] = ()
    relieved_by: tuple[str, ...] = ()
    swelling: bool = False
    notes: str = ""
    id: int | None = None

    def __post_init__(self):
        tidy = object.__setattr__
        tidy(self, "when", read_when(self.when))
        tidy(self, "leg", read_one_of(self.leg, "leg", LEGS))
        tidy(self, "muscle", read_one_of(self.muscle, "muscle", MUSCLES))
        tidy(self, "duration_minutes", read_number_field(self.duration_minutes, "duration_minutes",
                                                         0, MAX_DURATION_MINUTES))
        tidy(self, "severity", read_number_field(self.severity, "severity", 0, 10, whole=True))
        tidy(self, "before", read_choices(self.before, "before", BEFORE))
        tidy(self, "relieved_by", read_choices(self.relieved_by, "relieved_by", RELIEVED_BY))
        tidy(self, "swelling", read_flag(self.swelling, "swelling"))
        tidy(self, "notes", read_notes(self.notes))
        if self.id is not None:
            tidy(self, "id", read_number_field(self.id, "id", 1, 2**62, whole=True))

    def to_row(self) -> dict:
        """The episode as plain strings and numbers, the way CSV and SQLite hold it."""
        return {
            "id": self.id,
            "when": self.when.strftime("%Y-%m-%d %H:%M"),
            "leg": self.leg,
            "muscle": self.muscle,
            "duration_minutes": self.duration_minutes,
            "severity": self.severity,
            "before": ";".join(self.before),
            "relieved_by": ";".join(self.relieved_by),
            "swelling": "yes" if self.swelling else "no",
            "notes": self.notes,
        }


EPISODE_FIELDS = tuple(f.name for f in fields(Episode))


def episode_from(values: dict) -> Episode:
    unknown = sorted(set(values) - set(EPISODE_FIELDS))
    if unknown:
        raise DiaryError(message("diary_not_a_field", field=unknown[0], fields=", ".join(EPISODE_FIELDS)))
    needed = ("when", "leg", "muscle", "duration_minutes", "severity")
    missing = [name for name in needed if name not in values]
    if missing:
        raise DiaryError(message("diary_field_missing", field=missing[0], fields=", ".join(needed[:-1]),
                                 last=needed[-1]))
    return Episode(**values)


def quoted_value(value) -> str:
    """A value as a message quotes it: text cut to 40 characters before quoting (a 10 MB
    value costs nothing) and escaped; other values by their repr, cut."""
    if isinstance(value, str):
        return quoted(value, 40)
    return one_line(repr(value), 40)


