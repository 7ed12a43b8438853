"""The cramp diary: episodes kept in a small SQLite file in the person's own data folder.

Writing each cramp down (when, which leg and muscle, how long, how bad, what came before,
what helped) shows patterns a memory misses, and gives a clinician facts instead of guesses.
Nothing is ever lost on purpose: every write is one transaction, two programs may write at
once, and a damaged or foreign file is moved aside (never deleted) before a fresh diary starts.

pandas is imported only inside the functions that return tables, so ``import crampkit``
stays light.

>>> ep = Episode(when="2025-10-03 02:15", leg="left", muscle="calf",
...              duration_minutes=2, severity=6, before="long_sitting;heat")
>>> ep.when.isoformat(), ep.before
('2025-10-03T02:15:00', ('long_sitting', 'heat'))
>>> Episode(when="2025-10-03 02:15", leg="middle", muscle="calf",
...         duration_minutes=2, severity=6)
Traceback (most recent call last):
...
crampkit.diary.DiaryError: leg: 'middle' is not allowed; choose one of left, right, both
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import sqlite3
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from crampkit.checks import CrampkitInputError, NumberProblem, parse_choice, parse_choices, parse_flag, parse_number
from crampkit.paths import data_dir
from crampkit.red_flags import FREQUENT_EPISODES_PER_WEEK, LONG_CRAMP_MINUTES

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
CLINICIAN_NOTEBOOK = 'notebook 07 "When to see a clinician"'
_APPLICATION_ID = 0x4352414D  # "CRAM": marks a SQLite file as a crampkit diary
_SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_SECONDS = 30.0
# Diary files this process has open through SQLite: {real path: number of connections}.
# Opening and closing such a file outside SQLite would drop SQLite's POSIX locks on it (a
# close() releases every lock the process holds on the file), so a file already open here
# is known good and is not read again.
_OPEN_FILES: dict[str, int] = {}



class DiaryError(CrampkitInputError):
    """A diary problem a person can act on; the message names the field or the file."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) and, for Python 3.10
# (whose exceptions carry no code), the words of SQLite's own message for each.
_SQLITE_KINDS = (
    ("busy", (5, 6), ("database is locked", "database is busy", "database table is locked")),
    ("full", (13,), ("database or disk is full",)),
    ("readonly", (8, 3, 23), ("readonly database", "read-only", "not authorized",
                             "access permission denied")),
    ("cantopen", (14,), ("unable to open database file",)),
    ("ioerr", (10,), ("disk i/o error",)),
    ("damaged", (11, 26), ("malformed", "file is not a database", "file is encrypted",
                           "database corruption")),
)


def _sqlite_kind(exc: BaseException) -> str:
    """What kind of SQLite problem ``exc`` is: busy, full, readonly, cantopen, ioerr,
    damaged, or other. Only "damaged" ever means the file itself is broken."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        for kind, codes, _ in _SQLITE_KINDS:
            if code & 0xFF in codes:
                return kind
    text = str(exc).lower()
    for kind, _, words in _SQLITE_KINDS:
        if any(w in text for w in words):
            return kind
    return "other"


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
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"the file has {len(self.problems)} problem(s), so nothing was imported "
            f"(fix them, or import with skip_bad_rows=True to keep the good rows):\n{lines}"
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many episodes were added and which rows were skipped."""

    added: int
    skipped: tuple[RowProblem, ...] = ()


# --------------------------------------------------------------------------- validation

def _choices(value, field_name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A list or ``;``-separated string of vocabulary words, deduplicated, in order."""
    return parse_choices(value, field_name, allowed, DiaryError)


def _one_of(value, field_name: str, allowed: tuple[str, ...]) -> str:
    return parse_choice(value, field_name, allowed, DiaryError)


def _when(value) -> datetime:
    if value is None or _is_missing(value) or (isinstance(value, str) and not value.strip()):
        raise DiaryError("when: is missing; give the date and time the cramp started, "
                         "like 2025-10-03 02:15")
    if isinstance(value, str):
        value = _parse_when(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    elif hasattr(value, "to_pydatetime"):  # a pandas Timestamp (which may hold nanoseconds)
        value = value.to_pydatetime(warn=False)
    if not isinstance(value, datetime):
        raise DiaryError(f"when: {value!r} is not a date and time; "
                         "write it like 2025-10-03 02:15")
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    value = value.replace(second=0, microsecond=0)
    if value.year < 1900:
        raise DiaryError(f"when: {value:%Y-%m-%d %H:%M} is too long ago; "
                         "give a date from 1900 on")
    if value > datetime.now() + timedelta(days=1):
        raise DiaryError(f"when: {value:%Y-%m-%d %H:%M} is in the future; "
                         "give the date and time the cramp happened")
    return value


def _parse_when(text: str) -> datetime:
    """An ISO 8601 date and time, parsed the same way on every supported Python.

    ``datetime.fromisoformat`` accepts more on 3.11+ than on 3.10 (``Z``, ``20251003``), so
    dateutil's ``isoparse`` (a dependency of pandas, listed in crampkit's own dependencies)
    reads all of them, with a space or a ``T`` between date and time.
    """
    from dateutil.parser import isoparse

    shown = text.strip()
    cleaned = shown
    if len(cleaned) > 40:  # no date and time is this long: never hand a huge cell to a parser
        cleaned = ""
    if len(cleaned) > 10 and cleaned[10] == " ":
        cleaned = cleaned[:10] + "T" + cleaned[11:].strip()
    try:
        return isoparse(cleaned)
    except (ValueError, OverflowError, TypeError):
        raise DiaryError(f"when: {_shown(shown)} is not a date and time; "
                         "write it like 2025-10-03 02:15") from None


def _is_missing(value) -> bool:
    try:
        return bool(value != value)  # NaT and NaN are the only values not equal to themselves
    except (TypeError, ValueError):  # pandas' NA (its truth is ambiguous), arrays
        return type(value).__name__ == "NAType"


def _number(value, field_name: str, low: float, high: float, *, whole: bool = False):
    shown = value.strip() if isinstance(value, str) else value
    try:
        number = parse_number(value, low, high, whole=whole)
    except NumberProblem as problem:
        if problem.kind in ("out_of_range", "not_finite"):
            raise DiaryError(f"{field_name}: {shown!r} is out of range; "
                             f"give a number from {low:g} to {high:g}") from None
        if problem.kind == "not_whole":
            raise DiaryError(f"{field_name}: {shown!r} is not a whole number; "
                             f"give a whole number from {low:g} to {high:g}") from None
        raise DiaryError(f"{field_name}: {shown!r} is not a number; "
                         f"give a number from {low:g} to {high:g}") from None
    if whole:
        return int(number)
    return int(number) if number == int(number) else round(number, 2)


def _flag(value, field_name: str) -> bool:
    return parse_flag(value, field_name, DiaryError)


def _notes(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DiaryError(f"notes: {value!r} is not text; write a few words")
    text = value.strip()
    if "\x00" in text:
        raise DiaryError("notes: holds a NUL (zero) character, which a diary cannot keep; "
                         "remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DiaryError("notes: holds a character that is not valid Unicode (a lone "
                         "surrogate); remove it") from None
    if len(text) > MAX_NOTES_CHARS:
        raise DiaryError(f"notes: {len(text)} characters is too long; "
                         f"keep notes to {MAX_NOTES_CHARS} characters")
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
        tidy(self, "when", _when(self.when))
        tidy(self, "leg", _one_of(self.leg, "leg", LEGS))
        tidy(self, "muscle", _one_of(self.muscle, "muscle", MUSCLES))
        tidy(self, "duration_minutes", _number(self.duration_minutes, "duration_minutes",
                                               0, MAX_DURATION_MINUTES))
        tidy(self, "severity", _number(self.severity, "severity", 0, 10, whole=True))
        tidy(self, "before", _choices(self.before, "before", BEFORE))
        tidy(self, "relieved_by", _choices(self.relieved_by, "relieved_by", RELIEVED_BY))
        tidy(self, "swelling", _flag(self.swelling, "swelling"))
        tidy(self, "notes", _notes(self.notes))
        if self.id is not None:
            tidy(self, "id", _number(self.id, "id", 1, 2**62, whole=True))

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


_EPISODE_FIELDS = tuple(f.name for f in fields(Episode))


def _episode_from(values: dict) -> Episode:
    unknown = sorted(set(values) - set(_EPISODE_FIELDS))
    if unknown:
        raise DiaryError(f"{unknown[0]}: is not an episode field; "
                         f"fields are {', '.join(_EPISODE_FIELDS)}")
    missing = [name for name in ("when", "leg", "muscle", "duration_minutes", "severity")
               if name not in values]
    if missing:
        raise DiaryError(f"{missing[0]}: is missing; every episode needs when, leg, "
                         "muscle, duration_minutes and severity")
    return Episode(**values)


# --------------------------------------------------------------------------- storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    "when" TEXT NOT NULL,
    leg TEXT NOT NULL,
    muscle TEXT NOT NULL,
    duration_minutes REAL NOT NULL,
    severity INTEGER NOT NULL,
    before TEXT NOT NULL DEFAULT '',
    relieved_by TEXT NOT NULL DEFAULT '',
    swelling INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS episodes_when ON episodes("when");
"""
_COLUMNS_SQL = 'id, "when", leg, muscle, duration_minutes, severity, before, relieved_by, ' \
               "swelling, notes"


def _episode_from_record(record) -> Episode:
    (id_, when, leg, muscle, duration, severity, before, relieved, swelling, notes) = record
    return Episode(when=when, leg=leg, muscle=muscle, duration_minutes=duration,
                   severity=severity, before=before, relieved_by=relieved,
                   swelling=bool(swelling), notes=notes, id=id_)


def _record(ep: Episode) -> tuple:
    row = ep.to_row()
    return (row["when"], ep.leg, ep.muscle, ep.duration_minutes, ep.severity, row["before"],
            row["relieved_by"], int(ep.swelling), ep.notes)


class Diary:
    """A person's cramp diary in one SQLite file (default: ``data_dir()/diary.sqlite3``).

    Opening a file that is damaged or is not a crampkit diary moves it aside (renamed with
    a timestamp, never deleted), starts a fresh diary in its place and raises
    :class:`DiaryError` saying where the old file went; opening again then just works.

    >>> import tempfile, pathlib
    >>> d = Diary(pathlib.Path(tempfile.mkdtemp()) / "diary.sqlite3")
    >>> ep = d.add(when="2025-10-03 02:15", leg="left", muscle="calf",
    ...            duration_minutes=2, severity=6)
    >>> len(d), d.get(ep.id).leg
    (1, 'left')
    """

    def __init__(self, path: str | os.PathLike | None = None):
        if path is not None and (not isinstance(path, (str, os.PathLike)) or "\x00" in str(path)):
            raise DiaryError(f"path: {_shown(path)} is not a file path; give a path such as "
                             "'diary.sqlite3'")
        self.path = Path(path) if path is not None else data_dir() / DIARY_FILE_NAME
        try:
            os.fsencode(self.path)
        except UnicodeError:  # a lone surrogate: no file system can hold the name
            raise DiaryError(f"path: {_shown(str(self.path))} is not a file path this system "
                             "can use; give a path such as 'diary.sqlite3'") from None
        self._connection: sqlite3.Connection | None = None
        self._pid = None
        self._open()

    # -- connection and safety --------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_SECONDS * 1000)}")
        return con

    def _key(self) -> str:
        return os.path.realpath(self.path)

    def _held(self, change: int) -> None:
        key = self._key()
        count = _OPEN_FILES.get(key, 0) + change
        if count > 0:
            _OPEN_FILES[key] = count
        else:
            _OPEN_FILES.pop(key, None)

    def _problem(self, exc: BaseException, doing: str) -> DiaryError:
        """A clear DiaryError for a SQLite or file-system problem that is not damage."""
        from crampkit.safe_files import one_line

        kind = _sqlite_kind(exc) if isinstance(exc, sqlite3.Error) else (
            "readonly" if isinstance(exc, PermissionError)
            or getattr(exc, "errno", None) == 30 else
            "full" if getattr(exc, "errno", None) == 28 else "other")
        folder = self.path.parent
        why = {
            "busy": "another program is using the diary file; close it (or wait) and try again",
            "full": f"the disk holding {folder} is full; free some space and try again",
            "readonly": f"the folder {folder} (or the diary file) is read-only or not yours",
            "cantopen": f"the folder {folder} cannot be written to, or the file cannot be opened",
            "ioerr": f"the disk holding {folder} reported an error",
        }.get(kind, str(getattr(exc, "strerror", None) or exc))
        error = DiaryError(one_line(f"path: {doing} the diary file {self.path.name} in {folder}: "
                                    f"{why}. Nothing was changed or moved."))
        error.kind = kind
        return error

    def _open(self) -> None:
        from crampkit.safe_files import private_folder

        try:
            private_folder(self.path.parent, tighten=self.path.parent == data_dir())
        except OSError as exc:
            raise self._problem(exc, "cannot create the folder for") from None
        try:
            problem = self._check_existing_file()
        except OSError as exc:  # e.g. a name too long for the file system
            raise DiaryError(f"path: cannot use the diary file {str(self.path)[:300]!r} "
                             f"({exc.strerror or exc})") from None
        if problem:
            moved_to = self._move_aside()
            con = self._connect()
            self._initialise(con)
            con.close()
            error = DiaryError(
                f"path: the diary file {self.path} {problem}. It was kept, unchanged, as "
                f"{moved_to.name} in the same folder, and a new empty diary was started."
            )
            error.moved_to = moved_to
            raise error
        con = self._connect()
        try:
            self._initialise(con)
        except (sqlite3.Error, OSError) as exc:
            con.close()
            if _sqlite_kind(exc) == "damaged":
                raise DiaryError(f"path: cannot open the diary file {self.path} ({exc})") from None
            raise self._problem(exc, "cannot open") from None
        self._connection, self._pid = con, os.getpid()
        self._held(+1)

    def _make_private(self) -> None:
        """The diary and its -wal/-shm files readable by their owner only (0600); a new file
        is made 0600 before SQLite opens it, and SQLite gives -wal/-shm the same mode."""
        from crampkit.safe_files import FILE_MODE, make_private

        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
            os.close(fd)
        except FileExistsError:
            pass
        for suffix in ("", "-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.is_file():
                make_private(side)

    def _head(self) -> bytes | None:
        """The first bytes of the diary file; None when there is no file yet. A folder,
        pipe or device in its place is refused without reading (a pipe never hangs)."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        except UnicodeError:  # a name the file system cannot hold (a lone surrogate)
            raise DiaryError(f"path: {_shown(str(self.path))} is not a file path this system "
                             "can use") from None
        if stat.S_ISDIR(info.st_mode):
            raise DiaryError(f"path: {self.path} is a folder; give a file name for the diary")
        if not stat.S_ISREG(info.st_mode):
            raise DiaryError(f"path: {self.path} is not a regular file (a pipe or a device); "
                             "give a file name for the diary. Nothing was changed.")
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DiaryError(f"path: {self.path} is not a regular file; nothing was changed")
            return os.read(fd, len(_SQLITE_MAGIC))
        finally:
            os.close(fd)

    def _check_existing_file(self) -> str:
        """Why the existing file cannot be used as a diary, or "" when it can (or is new).

        Only SQLite's own "damaged" answers count as damage: a file another program is
        using is waited for, and a read-only folder or a full disk is a DiaryError that
        moves nothing.
        """
        if _OPEN_FILES.get(self._key()) and self.path.is_file():
            return ""  # open in this process already: checked then, and never re-read here
        deadline = time.monotonic() + _BUSY_TIMEOUT_SECONDS
        while True:
            head = self._head()
            if head is None:
                try:
                    self._make_private()  # a new diary: made 0600 before SQLite opens it
                except OSError as exc:
                    raise self._problem(exc, "cannot create") from None
                return ""
            try:
                self._make_private()
            except OSError:
                pass
            if not head:
                return ""
            if len(head) < len(_SQLITE_MAGIC) and _SQLITE_MAGIC.startswith(head) \
                    and time.monotonic() < deadline:
                time.sleep(0.05)  # another process is writing the first page right now
                continue
            if head != _SQLITE_MAGIC:
                return "is not a SQLite database (it may be damaged, or be some other file)"
            try:
                try:
                    return self._check_sqlite()
                except sqlite3.Error as exc:
                    if _sqlite_kind(exc) not in ("ioerr", "cantopen", "readonly"):
                        raise
                    # A read-only connection cannot open a WAL file whose -shm is missing
                    # (left by a crash, or removed by hand): check with a normal connection,
                    # which rebuilds it and writes nothing to the diary itself.
                    return self._check_sqlite(read_only=False)
            except sqlite3.Error as exc:
                kind = _sqlite_kind(exc)
                if kind == "damaged":
                    return f"is damaged ({exc})"
                if kind == "busy" and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise self._problem(exc, "cannot check") from None

    def _check_sqlite(self, read_only: bool = True) -> str:
        if read_only:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                  timeout=_BUSY_TIMEOUT_SECONDS)
        else:
            con = self._connect()
        try:
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "is damaged (SQLite's check failed)"
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
        if app_id == _APPLICATION_ID:
            return ""
        if app_id == 0 and not (tables - {"sqlite_sequence"}):
            return ""  # an empty SQLite file: safe to make it a diary
        return "belongs to another program, not crampkit"

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as exc:  # a read-only folder: the file stays exactly where it was
            raise self._problem(exc, "cannot set aside") from None
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        return target

    def _initialise(self, con: sqlite3.Connection) -> None:
        """Make the file a crampkit diary (WAL mode, schema); safe to run in several
        processes at once: SQLite may answer "busy" without waiting while another process
        switches the file to WAL, so busy answers are retried until the busy timeout."""
        deadline = time.monotonic() + _BUSY_TIMEOUT_SECONDS
        delay = 0.01
        while True:
            try:
                self._initialise_once(con)
                return
            except sqlite3.OperationalError as exc:
                if _sqlite_kind(exc) != "busy" or time.monotonic() >= deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    def _initialise_once(self, con: sqlite3.Connection) -> None:
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != _APPLICATION_ID:
                con.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        self._make_private()  # -wal and -shm now exist

    @property
    def _con(self) -> sqlite3.Connection:
        if self._connection is not None and not self.path.exists():
            # The file was erased while open (e.g. "forget my details"): start a new, empty
            # diary instead of writing into the erased file, where entries would be lost.
            self.close()
            self._open()
        if self._connection is None or self._pid != os.getpid():
            # A fresh connection after a fork or close: SQLite connections must not cross
            # processes.
            if self._pid != os.getpid():
                _OPEN_FILES.clear()  # the parent's connections are not this process's
            self._connection, self._pid = self._connect(), os.getpid()
            self._held(+1)
        return self._connection

    @contextmanager
    def _write(self):
        """One all-or-nothing write transaction; waits politely for other writers.

        A full disk, a read-only folder or a busy file is a :class:`DiaryError` naming the
        folder; SQLite has already undone the transaction, so nothing is lost.
        """
        try:
            con = self._con
            con.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc, "cannot write to") from None
        try:
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(con)
            raise self._error(exc, "could not save to") from None
        except BaseException:
            _rollback(con)
            raise

    def _error(self, exc: BaseException, doing: str) -> DiaryError:
        if isinstance(exc, sqlite3.Error) and _sqlite_kind(exc) in ("damaged", "other"):
            return DiaryError(f"path: {doing} the diary file {self.path} ({exc}); "
                              "nothing was changed")
        return self._problem(exc, doing)

    def _read(self, sql: str, params: tuple = ()) -> list:
        try:
            return self._con.execute(sql, params).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc, "cannot read") from None

    def close(self) -> None:
        """Close the file (the diary reopens it when used again)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
            self._held(-1)
        self._connection = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit modules may be gone
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"Diary({str(self.path)!r})"

    # -- the API ------------------------------------------------------------------------
    def add(self, episode: Episode | dict | None = None, **values) -> Episode:
        """Save one episode (an Episode, a dict, or keyword values); return it with its id."""
        return self.add_many([_as_episode(episode, values)])[0]

    def add_many(self, episodes) -> list[Episode]:
        """Save several episodes in one transaction: all of them, or none if one is bad."""
        checked = [_as_episode(ep, {}) for ep in episodes]
        saved = []
        with self._write() as con:
            for ep in checked:
                cursor = con.execute(
                    'INSERT INTO episodes ("when", leg, muscle, duration_minutes, severity, '
                    "before, relieved_by, swelling, notes) VALUES (?,?,?,?,?,?,?,?,?)",
                    _record(ep),
                )
                saved.append(replace(ep, id=cursor.lastrowid))
        return saved

    def get(self, episode_id: int) -> Episode:
        """The episode with this id; DiaryError when there is none."""
        episode_id = _number(episode_id, "id", 1, 2**62, whole=True)
        rows = self._read(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id = ?", (episode_id,))
        if not rows:
            raise DiaryError(f"id: there is no episode {episode_id} in the diary")
        return _episode_from_record(rows[0])

    def episodes(self) -> list[Episode]:
        """Every episode, oldest first."""
        rows = self._read(f'SELECT {_COLUMNS_SQL} FROM episodes ORDER BY "when", id')
        return [_episode_from_record(r) for r in rows]

    def __len__(self) -> int:
        return self._read("SELECT COUNT(*) FROM episodes")[0][0]

    def to_dataframe(self):
        """Every episode as a pandas DataFrame sorted by time (columns: ``CSV_COLUMNS``)."""
        rows = self._read(f'SELECT {_COLUMNS_SQL} FROM episodes ORDER BY "when", id')
        return _frame_from_records(rows)

    list = to_dataframe  # "list the diary" reads naturally as diary.list()

    def edit(self, episode_id: int, **changes) -> Episode:
        """Change some fields of one episode; returns the updated episode."""
        if "id" in changes:
            raise DiaryError("id: an episode's id cannot be changed")
        episode_id = _number(episode_id, "id", 1, 2**62, whole=True)
        with self._write() as con:  # read and write in one transaction: no lost updates
            rows = con.execute(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id = ?",
                               (episode_id,)).fetchall()
            if not rows:
                raise DiaryError(f"id: there is no episode {episode_id} in the diary")
            current = _episode_from_record(rows[0])
            values = {name: getattr(current, name) for name in _EPISODE_FIELDS}
            values.update(changes)
            updated = _episode_from(values)
            con.execute(
                'UPDATE episodes SET "when"=?, leg=?, muscle=?, duration_minutes=?, '
                "severity=?, before=?, relieved_by=?, swelling=?, notes=? WHERE id=?",
                _record(updated) + (updated.id,),
            )
        return updated

    def delete(self, episode_id: int) -> None:
        """Remove one episode; DiaryError when there is none with that id."""
        episode_id = _number(episode_id, "id", 1, 2**62, whole=True)
        with self._write() as con:
            cursor = con.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
            if cursor.rowcount != 1:
                raise DiaryError(f"id: there is no episode {episode_id} in the diary")

    def erase_all(self, *, confirm: bool = False) -> int:
        """Delete every episode, only with ``confirm=True``; returns how many were erased."""
        if confirm is not True:
            raise DiaryError("confirm: erasing the whole diary cannot be undone; "
                             "call erase_all(confirm=True) if you are sure")
        with self._write() as con:
            return con.execute("DELETE FROM episodes").rowcount

    def to_csv_text(self) -> str:
        """The whole diary as CSV text (the same columns ``import_csv`` reads)."""
        return episodes_to_csv(self.episodes())

    def export_csv(self, path: str | os.PathLike) -> Path:
        """Write the diary to a CSV file a spreadsheet can open; returns the path.

        The file is readable by its owner only (0600) and written in one step; cells a
        spreadsheet would run as formulas are neutralised (:func:`neutralise_cell`).
        """
        from crampkit.safe_files import one_line, write_private

        path = Path(path)
        try:
            write_private(path, self.to_csv_text())
        except OSError as exc:
            raise DiaryError(one_line(f"path: cannot write {path} ({exc.strerror or exc})")) \
                from None
        return path

    def import_csv(self, source, *, skip_bad_rows: bool = False) -> ImportResult:
        """Add the episodes of a CSV file (a path, or the CSV text itself).

        Every row is checked first. With any bad row nothing is imported and
        :class:`DiaryImportError` lists each problem (row, field, what is wrong), unless
        ``skip_bad_rows=True``: then the good rows are added and the bad ones reported.
        Ids in the file are ignored; each episode gets a new id.
        """
        episodes, problems = parse_csv(source)
        if problems and not skip_bad_rows:
            raise DiaryImportError(problems)
        self.add_many(episodes)
        return ImportResult(added=len(episodes), skipped=tuple(problems))


def _rollback(con: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
    if con.in_transaction:
        try:
            con.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back itself: there is nothing left to undo


def _as_episode(episode, values: dict) -> Episode:
    if episode is None:
        return _episode_from(dict(values))
    if values:
        raise DiaryError("episode: give an Episode or keyword values, not both")
    if isinstance(episode, Episode):
        return replace(episode, id=None)
    if isinstance(episode, dict):
        return _episode_from({k: v for k, v in episode.items() if k != "id"})
    raise DiaryError(f"episode: {episode!r} is not an episode; give an Episode or a dict")


# --------------------------------------------------------------------------- CSV and frames

def _episode_list(episodes) -> list:
    if isinstance(episodes, (str, bytes, dict)) or not hasattr(episodes, "__iter__"):
        raise DiaryError(f"episodes: {_shown(episodes)} is not allowed; give a list of Episode")
    items = list(episodes)
    for item in items:
        if not isinstance(item, Episode):
            raise DiaryError(f"episodes: {_shown(item)} is not an Episode")
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


def parse_csv(source) -> tuple[list[Episode], list[RowProblem]]:
    """Read episodes from a CSV path or text; returns the good episodes and every problem.

    >>> eps, problems = parse_csv("when,leg,muscle,duration_minutes,severity\\n"
    ...                           "2025-10-01 23:00,left,calf,2,5\\n"
    ...                           "2025-10-02 23:00,up,calf,2,50\\n")
    >>> len(eps)
    1
    >>> for p in problems: print(p)
    row 3, leg: 'up' is not allowed; choose one of left, right, both
    row 3, severity: '50' is out of range; give a number from 0 to 10
    """
    text = _csv_text(source)
    nul = _placeholder(text)
    if "\x00" in text:  # Python 3.10's csv refuses NUL outright: keep it as a cell problem
        text = text.replace("\x00", nul)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = _csv_records(reader)
    header_record = next(records, None)
    if header_record is None:
        raise DiaryError(f"columns: the file is empty; the first line must name the columns "
                         f"{', '.join(CSV_COLUMNS)}")
    if isinstance(header_record, RowProblem):
        raise DiaryError(f"columns: the first line cannot be read ({header_record.problem})")
    header = [h.strip() for h in header_record]
    required = ("when", "leg", "muscle", "duration_minutes", "severity")
    missing = [name for name in required if name not in header]
    if missing:
        raise DiaryError(f"columns: the file has no {', '.join(missing)} column; the first "
                         f"line must name the columns {', '.join(CSV_COLUMNS)}")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise DiaryError(f"columns: {_shown(unknown[0])} is not a diary column; "
                         f"columns are {', '.join(CSV_COLUMNS)}")
    episodes, problems = [], []
    for row_number, record in enumerate(records, start=2):
        if isinstance(record, RowProblem):
            problems.append(replace(record, row=row_number))
            continue
        if len(record) > len(header):
            problems.append(RowProblem(row_number, "columns", "has more cells than the header"))
            continue
        values = {header[i]: restore_cell(record[i]) if i < len(record) else ""
                  for i in range(len(header))}
        if not any(v.strip() for v in values.values()):
            continue  # a blank line in a spreadsheet export
        if nul in "".join(values.values()):
            bad = next(k for k, v in values.items() if nul in v)
            problems.append(RowProblem(row_number, bad, "holds a NUL (zero) character, which a "
                                                        "diary cannot keep"))
            continue
        values.pop("id", None)
        episode = None
        row_problems = []
        for name in _EPISODE_FIELDS:
            if name not in values or name == "id":
                continue
            try:  # check each field alone so every bad cell of a row is reported
                _check_field(name, values[name])
            except DiaryError as exc:
                row_problems.append(RowProblem(row_number, name, _problem_text(exc, name)))
        if not row_problems:
            try:
                episode = _episode_from(values)
            except DiaryError as exc:
                field_name = str(exc).split(":", 1)[0]
                row_problems.append(RowProblem(row_number, field_name,
                                               _problem_text(exc, field_name)))
        if row_problems:
            problems.extend(row_problems)
        else:
            episodes.append(episode)
    return episodes, problems


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
            if "field larger than field limit" in text:
                yield RowProblem(0, "cell", f"a cell is longer than {csv.field_size_limit():,} "
                                            "characters; no diary value is that long")
                continue
            raise DiaryError(
                f"row {records + 1 if records > 1 else 1}: a quote mark (\") is not closed "
                f"properly near line {reader.line_num} ({_shown(text)}), so the rows after it "
                "cannot be read safely; nothing was imported. Fix the quotes or save the file "
                "again from the spreadsheet") from None
        records += 1
        yield record


def _check_field(name: str, value) -> None:
    checks = {
        "when": lambda v: _when(v),
        "leg": lambda v: _one_of(v, "leg", LEGS),
        "muscle": lambda v: _one_of(v, "muscle", MUSCLES),
        "duration_minutes": lambda v: _number(v, name, 0, MAX_DURATION_MINUTES),
        "severity": lambda v: _number(v, name, 0, 10, whole=True),
        "before": lambda v: _choices(v, name, BEFORE),
        "relieved_by": lambda v: _choices(v, name, RELIEVED_BY),
        "swelling": lambda v: _flag(v, name),
        "notes": _notes,
    }
    checks[name](value)


def _problem_text(exc: Exception, name: str) -> str:
    message = str(exc)
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _csv_text(source) -> str:
    from crampkit.safe_files import MAX_CSV_BYTES, SafeFileError, read_text

    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_CSV_BYTES:
            raise DiaryError(f"source: the CSV is larger than {MAX_CSV_BYTES // 1_000_000} MB")
        try:
            return bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DiaryError(f"source: the CSV is not UTF-8 text ({exc.reason} at byte "
                             f"{exc.start}); save it from the spreadsheet as CSV UTF-8") from None
    if isinstance(source, str) and ("\n" in source or "\r" in source):  # CSV text itself
        if len(source) > MAX_CSV_BYTES:
            raise DiaryError(f"source: the CSV is larger than {MAX_CSV_BYTES // 1_000_000} MB")
        return source.lstrip("\ufeff")
    if isinstance(source, (str, os.PathLike)):
        try:  # a regular file only (never a pipe or a device), at most MAX_CSV_BYTES
            return read_text(source, max_bytes=MAX_CSV_BYTES, what="path")
        except SafeFileError as exc:
            raise DiaryError(f"path: cannot read it as a CSV text file ({exc.reason})"
                             if "cannot read" not in str(exc) else str(exc)) from None
    if hasattr(source, "read"):
        data = source.read()
        return _csv_text(data if isinstance(data, (bytes, bytearray)) else str(data) + "\n")
    raise DiaryError(f"source: {source!r} is not a CSV file path or CSV text")


def _frame_from_records(records):
    import pandas as pd

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
    from crampkit.content import read_text

    episodes, problems = parse_csv(read_text(DEMO_FILE_NAME))
    if problems:  # a broken shipped file is a bug in crampkit, said plainly
        raise DiaryError(f"{DEMO_FILE_NAME}: {problems[0]}")
    numbered = [replace(ep, id=i) for i, ep in enumerate(episodes, start=1)]
    frame = episodes_frame(numbered)
    frame.attrs["synthetic"] = True  # the report and widget label it as made-up
    return frame


# --------------------------------------------------------------------------- patterns

def _is_night(hour: int) -> bool:
    return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _split(cell) -> list[str]:
    return [p for p in str(cell or "").split(";") if p]


def _day(moment, year: bool = True) -> str:
    """A date the way people write it: "3 Oct 2025" (no leading zero, any platform)."""
    return f"{moment.day} {moment:%b}" + (f" {moment.year}" if year else "")


def _nice(word: str) -> str:
    return word.replace("_", " ")


def _minutes(value: float) -> str:
    if value < 1:
        return f"{round(value * 60)} seconds"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} minute" + ("" if text == "1" else "s")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def checked_frame(df, field: str = "df"):
    """A copy of the diary table ``df`` with ``when`` as timestamps, after checking every
    cell the summaries use; anything else (not a table, a missing column, a bad cell) raises
    :class:`DiaryError` naming the column and the value. ``None`` stays ``None``.

    >>> checked_frame(demo_frame())["when"].dtype.kind
    'M'
    """
    import pandas as pd

    if df is None:
        return None
    if not isinstance(df, pd.DataFrame):
        raise DiaryError(f"{field}: {type(df).__name__} is not a diary table; give "
                         "Diary().to_dataframe() or crampkit.diary.demo_frame()")
    if df.columns.duplicated().any():
        raise DiaryError(f"{field}: the column {_shown(df.columns[df.columns.duplicated()][0])} "
                         "appears twice")
    required = ("when", "leg", "muscle", "duration_minutes", "severity")
    missing = [name for name in required if name not in df.columns]
    if missing:
        raise DiaryError(f"{field}: the column {missing[0]!r} is missing; a diary table has "
                         f"the columns {', '.join(CSV_COLUMNS)}")
    df = df.copy()
    if len(df) == 0:
        return df

    def bad(column, ok):
        values = [v for v, good in zip(df[column], ok) if not good]
        if values:
            raise DiaryError(f"{field}: the column {column} has {_shown(values[0])}, which is "
                             "not allowed")

    try:
        when = df["when"]
        if not pd.api.types.is_datetime64_any_dtype(when):
            when = pd.to_datetime(when, errors="coerce", format="mixed")
        if getattr(when.dt, "tz", None) is not None:
            when = when.dt.tz_localize(None)
    except (TypeError, ValueError, OverflowError, AttributeError):
        when = pd.Series([pd.NaT] * len(df), index=df.index)
    bad("when", when.notna())
    df["when"] = when
    for column, allowed in (("leg", LEGS), ("muscle", MUSCLES)):
        bad(column, [isinstance(v, str) and v in allowed for v in df[column]])
    for column, high in (("duration_minutes", MAX_DURATION_MINUTES), ("severity", 10)):
        numbers = []
        for value in df[column]:
            try:
                numbers.append(_number(value, column, 0, high))
            except DiaryError:
                numbers.append(None)
        bad(column, [n is not None for n in numbers])
        df[column] = [float(n) for n in numbers]
    if "swelling" in df.columns:
        flags = []
        for value in df["swelling"]:
            try:
                flags.append(_flag(value, "swelling"))
            except (DiaryError, ValueError):
                flags.append(None)
        bad("swelling", [f is not None for f in flags])
        df["swelling"] = [bool(f) for f in flags]
    if "id" in df.columns:
        ids = []
        for value in df["id"]:
            try:
                ids.append(None if pd.isna(value) else _number(value, "id", 1, 2**62, whole=True))
            except (DiaryError, TypeError, ValueError):
                ids.append(False)
        bad("id", [i is not False for i in ids])
        df["id"] = pd.array(ids, dtype="Int64")
    return df


def weekly_counts(df):
    """Episodes per calendar week (weeks start on Monday), gaps filled with 0.

    Returns a pandas Series indexed by each week's Monday (a Timestamp).
    """
    import pandas as pd

    df = checked_frame(df)
    if df is None or len(df) == 0:
        return pd.Series(dtype=int)
    when = pd.to_datetime(df["when"])
    monday = (when - pd.to_timedelta(when.dt.day_of_week, unit="D")).dt.normalize()
    counts = monday.value_counts().sort_index()
    weeks = pd.date_range(counts.index.min(), counts.index.max(), freq="7D")
    return counts.reindex(weeks, fill_value=0).astype(int).rename("episodes")


def summary(df) -> list[str]:
    """Plain-language sentences about the patterns in a diary DataFrame.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"when": pd.to_datetime(["2025-10-01 23:00", "2025-10-02 03:00",
    ...                    "2025-10-04 15:00"]), "leg": ["left", "left", "right"],
    ...                    "muscle": ["calf", "calf", "foot"], "duration_minutes": [2, 3, 1],
    ...                    "severity": [5, 6, 4]})
    >>> summary(df)[1]
    '2 of your 3 cramps were at night (22:00–06:00).'
    """
    import pandas as pd

    df = checked_frame(df)
    if df is None or len(df) == 0:
        return ["No cramps logged yet. Add one each time it happens to see your patterns."]
    df = df.sort_values("when")
    when = pd.to_datetime(df["when"])
    total = len(df)
    if total == 1:
        return _summary_of_one(df.iloc[0], when.iloc[0])
    sentences = [
        f"You logged {_plural(total, 'cramp')} between {_day(when.iloc[0])} "
        f"and {_day(when.iloc[-1])}."
    ]
    night = int(when.dt.hour.map(_is_night).sum())
    sentences.append(f"{night} of your {_plural(total, 'cramp')} "
                     f"{'was' if total == 1 else 'were'} at night (22:00–06:00).")

    weeks = weekly_counts(df)
    if len(weeks) > 1:
        busiest = weeks.idxmax()
        sentences.append(
            f"That is about {weeks.mean():.1f} a week over {len(weeks)} weeks; the busiest "
            f"week (starting Monday {_day(busiest, year=False)}) had {_plural(int(weeks.max()), 'cramp')}."
        )
    else:
        sentences.append(f"All of them were in one week (starting Monday "
                         f"{_day(weeks.index[0], year=False)}).")

    legs = df["leg"].value_counts()
    leg_words = {"left": "left leg", "right": "right leg", "both": "both legs at once"}
    leg_parts = [f"{leg_words.get(k, k)} {int(v)}" for k, v in legs.items()]
    sentences.append("By leg: " + ", ".join(leg_parts) + ".")

    muscles = df["muscle"].value_counts()
    top_muscle, top_count = muscles.index[0], int(muscles.iloc[0])
    if len(muscles) == 1:
        sentences.append(f"All of them were in the {top_muscle}.")
    else:
        others = ", ".join(f"{k} {int(v)}" for k, v in muscles.iloc[1:].items())
        sentences.append(f"Most were in the {top_muscle} ({top_count} of {total}); "
                         f"others: {others}.")

    durations = df["duration_minutes"].astype(float)
    sentences.append(f"They lasted {_minutes(durations.median())} as a middle value "
                     f"(median); the longest lasted {_minutes(durations.max())}.")

    severity = df["severity"].astype(float)
    if total >= 4:
        half = total // 2
        early, late = severity.iloc[:half].mean(), severity.iloc[total - half:].mean()
        if late - early >= 1:
            trend = f"got worse: from {early:.1f} to {late:.1f} out of 10 on average"
        elif early - late >= 1:
            trend = f"eased: from {early:.1f} to {late:.1f} out of 10 on average"
        else:
            trend = f"stayed about the same (about {severity.mean():.1f} out of 10)"
        sentences.append(f"Comparing your earlier and later cramps, how bad they felt {trend}.")
    else:
        sentences.append(f"They felt {severity.mean():.1f} out of 10 on average.")

    for column, lead in (("before", "Before them, the most common thing was"),
                         ("relieved_by", "What helped most often was")):
        if column not in df:
            continue
        words = [w for cell in df[column] for w in _split(cell) if w != "nothing"]
        if words:
            common = pd.Series(words).value_counts()
            sentences.append(f"{lead} {_nice(common.index[0])} "
                             f"({_plural(int(common.iloc[0]), 'time')}).")
    return sentences


def _summary_of_one(row, when) -> list[str]:
    """The summary sentences for a diary with a single cramp (no patterns yet)."""
    leg = "both legs" if row["leg"] == "both" else f"the {row['leg']} leg"
    night = "at night (22:00–06:00)" if _is_night(when.hour) else "in the daytime"
    return [
        f"You logged 1 cramp, on {_day(when)} at {when:%H:%M}, {night}.",
        f"It was in the {row['muscle']} of {leg}, lasted "
        f"{_minutes(float(row['duration_minutes']))} and felt {int(row['severity'])} out of 10.",
        "Keep logging each cramp: patterns show up after a few weeks.",
    ]


@dataclass(frozen=True)
class PatternFlag:
    """A warning sign seen in the diary, named with the assessment's red-flag ids."""

    id: str
    pattern: str  # "frequent", "long" or "swelling"
    urgency: str
    message: str
    reference_ids: tuple[str, ...] = ()
    episode_ids: tuple[int, ...] = field(default=())

    @property
    def title(self) -> str:
        """A short heading for the flag, in plain words."""
        return {"frequent": "Frequent cramps", "long": "Cramps longer than 10 minutes",
                "swelling": "Swollen, warm or red leg"}.get(self.pattern, self.id)


def _ids(frame) -> tuple[int, ...]:
    if "id" not in frame:
        return ()
    return tuple(int(i) for i in frame["id"].dropna())


def pattern_flags(df) -> list[PatternFlag]:
    """Red-flag hints from a diary, using the same thresholds as the assessment.

    3 or more cramps within 7 days, or a cramp longer than 10 minutes, is
    ``frequent_or_severe``; a leg swollen, warm or red afterwards is ``leg_swelling_redness``
    (urgent when always the same single leg, as a clot can look like that).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"when": pd.to_datetime(["2025-10-01 23:00"]), "leg": ["left"],
    ...                    "muscle": ["calf"], "duration_minutes": [15], "severity": [8],
    ...                    "swelling": [False]})
    >>> [(f.id, f.pattern, f.urgency) for f in pattern_flags(df)]
    [('frequent_or_severe', 'long', 'see_clinician_soon')]
    """
    import numpy as np
    import pandas as pd


    df = checked_frame(df)
    if df is None or len(df) == 0:
        return []
    df = df.sort_values("when")
    when = pd.to_datetime(df["when"])
    flags: list[PatternFlag] = []
    see_07 = f"See {CLINICIAN_NOTEBOOK}."

    # Most cramps within any 7 days (a moving window, so weeks need not start on Monday).
    times = when.to_numpy()
    window_ends = np.searchsorted(times, times + np.timedelta64(7, "D"), side="left")
    in_window = window_ends - np.arange(len(times))
    first = int(in_window.argmax())
    best, best_start = int(in_window[first]), when.iloc[first]
    if best >= FREQUENT_EPISODES_PER_WEEK:
        flags.append(PatternFlag(
            "frequent_or_severe", "frequent", "see_clinician_soon",
            f"You logged {best} cramps within 7 days (from {_day(best_start)}). "
            f"{FREQUENT_EPISODES_PER_WEEK} or more a week is a reason to talk to a clinician "
            f"about them. {see_07}",
            ("mayo_muscle_cramp", "nhs_leg_cramps"),
        ))

    durations = df["duration_minutes"].astype(float)
    long = df[durations > LONG_CRAMP_MINUTES]
    if len(long):
        # The assessment's rule (contract v2): over 10 minutes AND not improving with
        # self-care is urgent; over 10 minutes alone is "see a clinician soon". In a diary
        # "not improving" is a long cramp the person marked as eased by nothing; a cramp
        # with nothing ticked says nothing either way, as in the demo month.
        unrelieved = long["relieved_by"].map(lambda c: set(_split(c)) == {"nothing"}) \
            if "relieved_by" in long else pd.Series(False, index=long.index)
        urgent = bool(unrelieved.any())
        longest = float(long["duration_minutes"].max())
        message = (f"{_plural(len(long), 'cramp')} lasted longer than {LONG_CRAMP_MINUTES} "
                   f"minutes (the longest {_minutes(longest)}). ")
        if urgent:
            message += ("A cramp over 10 minutes that nothing eased needs an urgent "
                        "appointment if it happens again. ")
        else:
            message += "Cramps that last this long are worth checking with a clinician. "
        flags.append(PatternFlag(
            "frequent_or_severe", "long", "urgent" if urgent else "see_clinician_soon",
            message + see_07, ("nhs_leg_cramps",), _ids(long),
        ))

    if "swelling" in df:
        swollen = df[df["swelling"].map(lambda v: _flag(v, "swelling"))]
        if len(swollen):
            legs = set(swollen["leg"])
            one_leg = len(legs) == 1 and legs <= {"left", "right"}
            if one_leg:
                leg = next(iter(legs))
                message = (f"After {_plural(len(swollen), 'cramp')} your {leg} leg was "
                           f"swollen, warm or red, always the same leg. Swelling in one leg "
                           f"can be a sign of a blood clot (DVT): get medical advice today. ")
            else:
                message = (f"After {_plural(len(swollen), 'cramp')} a leg was swollen, warm or "
                           "red. Tell a clinician about this soon. ")
            flags.append(PatternFlag(
                "leg_swelling_redness", "swelling",
                "urgent" if one_leg else "see_clinician_soon",
                message + see_07, ("mayo_muscle_cramp", "nhs_leg_cramps", "nhs_dvt"),
                _ids(swollen),
            ))
    return flags
