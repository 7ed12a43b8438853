"""The diary's SQLite file: one transaction per write, two writers at once, and a damaged or
foreign file moved aside (never deleted) before a fresh diary starts.
"""
from __future__ import annotations

import os
import sqlite3
import stat
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from crampkit.diary.csv import _frame_from_records, episodes_to_csv, parse_csv
from crampkit.diary.model import (
    _EPISODE_FIELDS,
    DIARY_FILE_NAME,
    DiaryError,
    DiaryImportError,
    Episode,
    ImportResult,
    _episode_from,
    _number,
    _shown,
)
from crampkit.paths import data_dir
from crampkit.safe_files import FILE_MODE, make_private, one_line, private_folder, write_private

_APPLICATION_ID = 0x4352414D  # "CRAM": marks a SQLite file as a crampkit diary
_SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_SECONDS = 30.0
# Diary files this process has open through SQLite: {real path: number of connections}.
# Opening and closing such a file outside SQLite would drop SQLite's POSIX locks on it (a
# close() releases every lock the process holds on the file), so a file already open here
# is known good and is not read again.
_OPEN_FILES: dict[str, int] = {}


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
        path = Path(path)
        try:
            write_private(path, self.to_csv_text())
        except OSError as exc:
            raise DiaryError(one_line(f"path: cannot write {path} ({exc.strerror or exc})")) \
                from None
        return path

    def import_csv(self, source, *, skip_bad_rows: bool = False, date_order: str | None = None) -> ImportResult:
        """Add the episodes of a CSV file (a path, or the CSV text itself).

        Every row is checked first. With any bad row nothing is imported and
        :class:`DiaryImportError` lists each problem (row, field, what is wrong), unless
        ``skip_bad_rows=True``: then the good rows are added and the bad ones reported.
        Ids in the file are ignored; each episode gets a new id. ``date_order``
        (``"day-first"`` or ``"month-first"``) says how the file writes dates such as 10/3/2025
        (see :func:`parse_csv`).
        """
        episodes, problems = parse_csv(source, date_order=date_order)
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
