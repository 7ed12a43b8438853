"""The diary's SQLite file: one transaction per write, two writers at once, and a damaged or
foreign file moved aside (never deleted) before a fresh diary starts.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import struct
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from crampkit.checks import CrampkitInputError
from crampkit.content import message
from crampkit.diary.csv import episodes_frame, episodes_to_csv, parse_csv
from crampkit.diary.model import (
    DIARY_FILE_NAME,
    EPISODE_FIELDS,
    DiaryError,
    DiaryImportError,
    Episode,
    ImportResult,
    episode_from,
    quoted_value,
    read_number_field,
)
from crampkit.paths import SettingsError, checked_data_dir, data_dir
from crampkit.safe_files import (
    FILE_MODE,
    SafeFileError,
    make_private,
    one_line,
    private_folder,
    remember,
    set_aside,
    shown_name,
    write_private,
)

_APPLICATION_ID = 0x4352414D  # "CRAM": marks a SQLite file as a crampkit diary
_SCHEMA_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_SECONDS = 30.0
# Diary files this process has open through SQLite: {real path: number of connections}.
# Opening and closing such a file outside SQLite would drop SQLite's POSIX locks on it (a
# close() releases every lock the process holds on the file), so a file already open here
# is known good and is not read again.
_OPEN_FILES: dict[str, int] = {}
# The kinds of SQLite problem said in words of their own (data/messages.csv, diary_why_*).
_SAID_KINDS = ("busy", "full", "readonly", "cantopen", "ioerr")


# SQLite's primary result codes (https://sqlite.org/rescode.html) and, for Python 3.10
# (whose exceptions carry no code), the words of SQLite's own message for each (matched in
# SQLite's English message, never shown by crampkit).
_SQLITE_KINDS = (
    ("busy", (5, 6), ("database is locked", "database is busy",  # not shown: SQLite's words, matched
                      "database table is locked")),  # not shown: SQLite's words, matched
    ("full", (13,), ("database or disk is full",)),  # not shown: SQLite's words, matched
    ("readonly", (8, 3, 23), ("readonly database", "read-only", "not authorized",
                             "access permission denied")),  # not shown: SQLite's words, matched
    ("cantopen", (14,), ("unable to open database file",)),  # not shown: SQLite's words, matched
    ("ioerr", (10,), ("disk i/o error",)),
    ("damaged", (11, 26), ("malformed", "file is not a database",  # not shown: SQLite's words, matched
                           "file is encrypted",  # not shown: SQLite's words, matched
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


# --------------------------------------------------------------------------- the -wal file
#
# SQLite keeps recent commits in DIARY-wal until it copies them into the diary. Each frame
# (a page) carries a checksum chained from the one before (https://sqlite.org/fileformat.html
# section 4). SQLite reads frames only up to the first bad checksum, so garbage in the middle
# of the file silently drops every commit after it. The diary reads the file itself first: a
# frame that fails its own checksum followed by a good commit means committed episodes would
# vanish, so the file is damaged (and set aside, and repaired in a copy, see _recover).

_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER = 32
_FRAME_HEADER = 24


def _wal_sum(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _wal_frames(data: bytes):
    """(header fields, [(offset, page number, commit size, good)]) for the frames of this
    generation of a -wal file; ``None`` when the header itself is broken. ``good`` is the
    frame's own checksum, chained from the stored checksum of the frame slot before it, so
    one bad frame does not hide the good ones after it."""
    if len(data) < _WAL_HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    big = magic == 0x377F0683
    if magic not in _WAL_MAGIC or page_size < 512 or page_size > 65536 \
            or page_size & (page_size - 1) or _wal_sum(data[:24], 0, 0, big) != (c0, c1):
        return None
    frames, previous = [], (c0, c1)
    step = _FRAME_HEADER + page_size
    for offset in range(_WAL_HEADER, len(data) - step + 1, step):
        page, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", data[offset:offset + 24])
        if (f_salt1, f_salt2) == (salt1, salt2) and page > 0:
            chained = _wal_sum(data[offset:offset + 8], *previous, big)
            good = _wal_sum(data[offset + 24:offset + step], *chained, big) == (f0, f1)
            frames.append((offset, page, commit, good))
        previous = (f0, f1)
    return (magic, page_size, salt1, salt2, big), frames


def _wal_problem(path: Path) -> str:
    """Why the diary's -wal file would lose committed episodes, or ""."""
    wal = path.with_name(path.name + "-wal")
    try:
        data = _read_side_file(wal)
    except OSError:
        return ""
    if not data:
        return ""
    parsed = _wal_frames(data)
    if parsed is None:
        if len(data) > _WAL_HEADER:
            return message("diary_wal_header_damaged")
        return ""
    frames = parsed[1]
    first_bad = next((i for i, f in enumerate(frames) if not f[3]), None)
    if first_bad is not None and any(f[3] and f[2] for f in frames[first_bad + 1:]):
        return message("diary_wal_part_damaged")
    return ""


def _wal_problem_twice(path: Path) -> str:
    """:func:`_wal_problem`, read twice: a writer in another process never looks like damage."""
    if not _wal_problem(path):
        return ""
    time.sleep(0.2)
    return _wal_problem(path)


def _read_side_file(path: Path) -> bytes:
    """A -wal file's bytes, read as a regular file only (never a pipe or a link elsewhere)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def _repaired_wal(data: bytes) -> bytes | None:
    """The -wal file without its unreadable part: every whole transaction whose frames all
    pass their own checksum, chained afresh, so SQLite reads the commits after the damage."""
    parsed = _wal_frames(data)
    if parsed is None:
        return None
    (_magic, page_size, _s1, _s2, big), frames = parsed
    step = _FRAME_HEADER + page_size
    kept, transaction, broken = [], [], False
    for frame in frames:
        transaction.append(frame)
        broken = broken or not frame[3]
        if frame[2]:  # a commit frame ends a transaction
            if not broken:
                kept += transaction
            transaction, broken = [], False
    out = bytearray(data[:_WAL_HEADER])
    previous = struct.unpack(">2I", data[24:32])
    for offset, *_ in kept:
        header = bytearray(data[offset:offset + 24])
        page = data[offset + 24:offset + step]
        previous = _wal_sum(page, *_wal_sum(bytes(header[:8]), *previous, big), big)
        header[16:24] = struct.pack(">2I", *previous)
        out += header + page
    return bytes(out)


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
_COLUMNS_SQL = ('id, "when", leg, muscle, duration_minutes, severity, before, relieved_by, '
                "swelling, notes")  # not shown: the episodes table's column list, for SQL


def _episode_from_record(record) -> Episode:
    (id_, when, leg, muscle, duration, severity, before, relieved, swelling, notes) = record
    return Episode(when=when, leg=leg, muscle=muscle, duration_minutes=duration,
                   severity=severity, before=before, relieved_by=relieved,
                   swelling=bool(swelling), notes=notes, id=id_)


def _text(data: bytes) -> str:
    """SQLite text as str; bytes that are not UTF-8 (a damaged file) become lone surrogates,
    which the episode's checks then name, instead of an error for the whole diary."""
    return data.decode("utf-8", "surrogateescape")


def _uri(path: Path, mode: str) -> str:
    return f"file:{urllib.parse.quote(os.path.abspath(path))}?mode={mode}"


def _checked_record(record) -> Episode:
    """The episode a diary row holds; a row that fails the checks (a bad date or severity
    written by another program, or a damaged page) is named by its id and field."""
    try:
        return _episode_from_record(record)
    except (DiaryError, TypeError, ValueError) as problem:
        raise DiaryError(message("diary_row_unreadable", id=record[0], problem=problem)) from None


def _unreadable_rows(con: sqlite3.Connection) -> list[str]:
    """Each row that cannot be an episode, as 'episode ID, FIELD: problem'."""
    bad = []
    for record in con.execute(f"SELECT {_COLUMNS_SQL} FROM episodes ORDER BY id"):
        try:
            _episode_from_record(record)
        except (DiaryError, TypeError, ValueError) as problem:
            bad.append(_row_problem(record[0], problem))
    return bad


def _row_problem(row_id, problem) -> str:
    """'episode 17: when' (the row and the field; the whole problem is in the DiaryError)."""
    field = str(problem).split(":", 1)[0] if ":" in str(problem) else "values"
    return message("diary_row_field", id=one_line(row_id, 20), field=one_line(field, 40))


def _read_rows(con: sqlite3.Connection) -> tuple[list[Episode], list[str]]:
    """Every row of a damaged diary that can still be read, chunk by chunk; where a chunk
    fails (a damaged page), id by id, so one bad page costs only its own rows."""
    good, bad, last, misses = [], [], 0, 0
    try:
        top = con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'episodes'").fetchone()
        top = int(top[0]) if top else 0
    except (sqlite3.Error, TypeError, ValueError):
        top = 0
    while True:
        try:
            rows = con.execute(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id > ? ORDER BY id "
                               "LIMIT 200", (last,)).fetchall()
        except sqlite3.Error:
            rows = None
        if rows is None:  # probe the next ids one at a time
            last += 1
            try:
                rows = con.execute(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id = ?",
                                   (last,)).fetchall()
            except sqlite3.Error:
                bad.append(message("diary_row_damaged_page", id=last))
                rows = []
            misses = 0 if rows else misses + 1
            if not rows and misses > 2000 and last >= top:
                break
        elif not rows:
            break
        for record in rows:
            last = max(last, record[0])
            try:
                good.append(_episode_from_record(record))
            except (DiaryError, TypeError, ValueError) as problem:
                bad.append(_row_problem(record[0], problem))
    unique = {}
    for episode in good:  # a damaged page may show a row twice
        unique.setdefault(episode.id, episode)
    return list(unique.values()), list(dict.fromkeys(bad))


def _recover(kept: Path) -> tuple[list[Episode], list[str]]:
    """The episodes still readable in the file set aside as ``kept`` (which is never
    changed: a copy is read, with its -wal repaired when it is damaged)."""
    if not kept.is_file():
        return [], []
    with open(kept, "rb") as source:
        if source.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            return [], []  # not a SQLite file at all: nothing to read
    scratch = Path(tempfile.mkdtemp(prefix=".crampkit-recover-", dir=kept.parent))
    try:
        copy = scratch / "diary.sqlite3"
        shutil.copyfile(kept, copy)
        wal = kept.with_name(kept.name + "-wal")
        if wal.is_file():
            data = _read_side_file(wal)
            (scratch / "diary.sqlite3-wal").write_bytes(_repaired_wal(data) or data)
        best: tuple[list[Episode], list[str]] = ([], [])
        for use_wal in (True, False):  # with the repaired -wal first, then the file alone
            if not use_wal:
                (scratch / "diary.sqlite3-wal").unlink(missing_ok=True)
                (scratch / "diary.sqlite3-shm").unlink(missing_ok=True)
            try:
                con = sqlite3.connect(copy, timeout=1)
                con.text_factory = _text
                try:
                    found = _read_rows(con)
                finally:
                    con.close()
            except sqlite3.Error:
                continue
            if len(found[0]) > len(best[0]):
                best = found
        return best
    except OSError:
        return [], []
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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
            raise DiaryError(message("diary_path_not_a_path", typed=quoted_value(path)))
        if path is None:
            try:
                path = checked_data_dir() / DIARY_FILE_NAME
            except SettingsError as problem:
                raise DiaryError(str(problem)) from None
        self.path = Path(path)
        try:
            os.fsencode(self.path)
        except UnicodeError:  # a lone surrogate: no file system can hold the name
            raise DiaryError(message("diary_path_unusable_give", typed=quoted_value(str(self.path)))) from None
        self._connection: sqlite3.Connection | None = None
        self._pid = None
        #: True when the file's owner made it read-only (chmod 444): crampkit reads it and
        #: says so when asked to write, and never changes that choice.
        self.read_only = False
        self._created = False
        self._open()

    # -- connection and safety --------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            con = sqlite3.connect(_uri(self.path, "ro"), uri=True, timeout=_BUSY_TIMEOUT_SECONDS,
                                  isolation_level=None)
        else:
            con = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None)
        con.text_factory = _text
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
        why = message(f"diary_why_{kind}", folder=folder) if kind in _SAID_KINDS \
            else str(getattr(exc, "strerror", None) or exc)
        error = DiaryError(one_line(message("diary_file_problem", doing=doing, name=self.path.name,
                                            folder=folder, why=why)))
        error.kind = kind
        return error

    def _open(self) -> None:
        try:
            private_folder(self.path.parent, tighten=self.path.parent == data_dir())
        except OSError as exc:
            raise self._problem(exc, message("diary_doing_create_folder")) from None
        try:
            problem = self._check_existing_file()
        except OSError as exc:  # e.g. a name too long for the file system
            raise DiaryError(message("diary_cannot_use_file", name=shown_name(self.path),
                                     why=exc.strerror or exc)) from None
        if problem:
            raise self._set_aside_and_recover(problem)
        con = self._connect()
        try:
            if not self.read_only:
                self._initialise(con)
        except (sqlite3.Error, OSError) as exc:
            con.close()
            if _sqlite_kind(exc) == "damaged":
                raise DiaryError(message("diary_cannot_open_damaged", name=shown_name(self.path),
                                         why=exc)) from None
            raise self._problem(exc, message("diary_doing_open")) from None
        self._connection, self._pid = con, os.getpid()
        self._held(+1)
        if self._created:
            self._remember(self.path, "diary")

    def _remember(self, path: Path, kind: str) -> None:
        """Note the file in the person's list of crampkit's files (so Forget erases it)."""
        try:
            remember(path, kind)
        except (OSError, CrampkitInputError) as exc:
            if kind == "diary" and self._created:
                self.close()
                for suffix in ("", "-wal", "-shm"):
                    self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise DiaryError(message("diary_not_remembered", name=shown_name(path), why=why)) from None

    def _set_aside_and_recover(self, problem: str) -> DiaryError:
        """Move the damaged file (with its -wal/-shm) aside byte-identical, start a new diary
        holding every episode that can still be read, and say so."""
        moved_to = self._move_aside()
        for suffix in ("", "-wal", "-shm", "-journal"):
            side = moved_to.with_name(moved_to.name + suffix)
            if side.is_file():
                self._remember(side, "damaged")
        recovered, unreadable = _recover(moved_to)
        self.read_only = False
        self._check_existing_file()  # the new, empty file (0600)
        con = self._connect()
        try:
            self._initialise(con)
            if recovered:
                _insert_recovered(con, recovered)
        except (sqlite3.Error, OSError) as exc:
            raise self._problem(exc, message("diary_doing_fill")) from None
        finally:
            con.close()
        if self._created:
            self._remember(self.path, "diary")
        saved = (message("diary_recovered", count=len(recovered)) if recovered
                 else message("diary_recovered_none"))
        lost = ""
        if unreadable:
            lost = message("diary_unreadable_kept", count=len(unreadable),
                           which="; ".join(unreadable[:2]) + ("; ..." if len(unreadable) > 2 else ""))
        error = DiaryError(one_line(message("diary_set_aside", name=self.path.name, problem=problem,
                                            moved_to=moved_to.name, saved=saved, lost=lost), 600))
        error.moved_to, error.recovered, error.unreadable = moved_to, len(recovered), unreadable
        return error

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
            raise DiaryError(message("diary_path_unusable", typed=quoted_value(str(self.path)))) from None
        if stat.S_ISDIR(info.st_mode):
            raise DiaryError(message("diary_is_folder", path=self.path))
        if not stat.S_ISREG(info.st_mode):
            raise DiaryError(message("diary_not_regular", path=self.path))
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DiaryError(message("diary_not_regular_now", path=self.path))
            return os.read(fd, len(_SQLITE_MAGIC))
        finally:
            os.close(fd)

    def _note_owner_choice(self) -> None:
        """A file its owner made read-only (chmod 444) is read, never written, and no mode
        bit of it is changed (the 0700 folder already keeps others out); a write says why it
        cannot. A writable one is made 0600 (with its -wal/-shm)."""
        self.read_only = os.name == "posix" and not os.stat(self.path).st_mode & stat.S_IWUSR
        if not self.read_only:
            try:
                self._make_private()
            except OSError:
                pass

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
                    raise self._problem(exc, message("diary_doing_create")) from None
                self._created = True
                return ""
            self._note_owner_choice()
            if not head:
                return ""
            if len(head) < len(_SQLITE_MAGIC) and _SQLITE_MAGIC.startswith(head) \
                    and time.monotonic() < deadline:
                time.sleep(0.05)  # another process is writing the first page right now
                continue
            if head != _SQLITE_MAGIC:
                return message("diary_not_sqlite")
            wal = _wal_problem_twice(self.path)
            if wal:
                return wal
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
                    return message("diary_damaged_because", why=exc)
                if kind == "busy" and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise self._problem(exc, message("diary_doing_check")) from None

    def _check_sqlite(self, read_only: bool = True) -> str:
        if read_only:
            con = sqlite3.connect(_uri(self.path, "ro"), uri=True, timeout=_BUSY_TIMEOUT_SECONDS)
            con.text_factory = _text
        else:
            con = self._connect()
        try:
            # One read transaction: the header's id and the tables are read from the same
            # moment. Read one statement at a time, a diary another process was making just
            # then looked like another program's file (no id yet, but tables already).
            con.execute("BEGIN")
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return message("diary_damaged_check")
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            bad = _unreadable_rows(con) if app_id == _APPLICATION_ID and "episodes" in tables else []
        finally:
            _rollback(con)
            con.close()
        if bad:
            return message("diary_rows_unreadable", count=len(bad),
                           which="; ".join(bad[:3]) + ("; ..." if len(bad) > 3 else ""))
        if app_id == _APPLICATION_ID:
            return ""
        if app_id == 0 and not (tables - {"sqlite_sequence"}):
            return ""  # an empty SQLite file: safe to make it a diary
        return message("diary_foreign")

    def _move_aside(self) -> Path:
        try:
            target = set_aside(self.path)
        except OSError as exc:  # a read-only folder: the file stays exactly where it was
            raise self._problem(exc, message("diary_doing_set_aside")) from None
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
        if self.read_only:
            raise DiaryError(message("diary_read_only", name=shown_name(self.path)))
        try:
            con = self._con
            con.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc, message("diary_doing_write")) from None
        try:
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(con)
            raise self._error(exc, message("diary_doing_save")) from None
        except BaseException:
            _rollback(con)
            raise

    def _error(self, exc: BaseException, doing: str) -> DiaryError:
        if isinstance(exc, sqlite3.Error) and _sqlite_kind(exc) in ("damaged", "other"):
            return DiaryError(message("diary_damaged_write", doing=doing, path=self.path, why=exc))
        return self._problem(exc, doing)

    def _read(self, sql: str, params: tuple = ()) -> list:
        try:
            return self._con.execute(sql, params).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc, message("diary_doing_read")) from None

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
        episode_id = read_number_field(episode_id, "id", 1, 2**62, whole=True)
        rows = self._read(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id = ?", (episode_id,))
        if not rows:
            raise DiaryError(message("diary_no_episode", id=episode_id))
        return _checked_record(rows[0])

    def episodes(self) -> list[Episode]:
        """Every episode, oldest first."""
        rows = self._read(f'SELECT {_COLUMNS_SQL} FROM episodes ORDER BY "when", id')
        return [_checked_record(r) for r in rows]

    def __len__(self) -> int:
        return self._read("SELECT COUNT(*) FROM episodes")[0][0]

    def to_dataframe(self):
        """Every episode as a pandas DataFrame sorted by time (columns: ``CSV_COLUMNS``)."""
        return episodes_frame(self.episodes())  # every row checked: a bad one is named

    list = to_dataframe  # "list the diary" reads naturally as diary.list()

    def edit(self, episode_id: int, **changes) -> Episode:
        """Change some fields of one episode; returns the updated episode."""
        if "id" in changes:
            raise DiaryError(message("diary_id_fixed"))
        episode_id = read_number_field(episode_id, "id", 1, 2**62, whole=True)
        with self._write() as con:  # read and write in one transaction: no lost updates
            rows = con.execute(f"SELECT {_COLUMNS_SQL} FROM episodes WHERE id = ?",
                               (episode_id,)).fetchall()
            if not rows:
                raise DiaryError(message("diary_no_episode", id=episode_id))
            current = _checked_record(rows[0])
            values = {name: getattr(current, name) for name in EPISODE_FIELDS}
            values.update(changes)
            updated = episode_from(values)
            con.execute(
                'UPDATE episodes SET "when"=?, leg=?, muscle=?, duration_minutes=?, '
                "severity=?, before=?, relieved_by=?, swelling=?, notes=? WHERE id=?",
                _record(updated) + (updated.id,),
            )
        return updated

    def delete(self, episode_id: int) -> None:
        """Remove one episode; DiaryError when there is none with that id."""
        episode_id = read_number_field(episode_id, "id", 1, 2**62, whole=True)
        with self._write() as con:
            cursor = con.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
            if cursor.rowcount != 1:
                raise DiaryError(message("diary_no_episode", id=episode_id))

    def erase_all(self, *, confirm: bool = False) -> int:
        """Delete every episode, only with ``confirm=True``; returns how many were erased."""
        if confirm is not True:
            raise DiaryError(message("diary_erase_confirm"))
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
        try:
            path = Path(path)
            os.fsencode(path)
            if "\x00" in str(path):  # a NUL: no file system holds the name
                raise ValueError
        except (TypeError, UnicodeError, ValueError):
            shown = str(path) if isinstance(path, Path) else path
            raise DiaryError(message("diary_path_unusable", typed=quoted_value(shown))) from None
        try:
            write_private(path, self.to_csv_text(), kind="export", what="path")
        except SafeFileError as exc:
            raise DiaryError(str(exc)) from None
        except OSError as exc:
            raise DiaryError(message("diary_cannot_write_export", name=shown_name(path),
                                     why=exc.strerror or exc)) from None
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


def _insert_recovered(con: sqlite3.Connection, recovered: list[Episode]) -> None:
    """Put episodes read from a set-aside file into the new diary, keeping their ids; one
    whose id is already taken (another program added to the new diary meanwhile) gets a
    new id rather than being lost."""
    con.execute("BEGIN IMMEDIATE")
    try:
        for ep in recovered:
            taken = con.execute("SELECT 1 FROM episodes WHERE id = ?", (ep.id,)).fetchone()
            if taken:
                con.execute('INSERT INTO episodes ("when", leg, muscle, duration_minutes, '
                            "severity, before, relieved_by, swelling, notes) "
                            "VALUES (?,?,?,?,?,?,?,?,?)", _record(ep))
            else:
                con.execute(f"INSERT INTO episodes ({_COLUMNS_SQL}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (ep.id, *_record(ep)))
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on a full disk)."""
    if con.in_transaction:
        try:
            con.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled back itself: there is nothing left to undo


def _as_episode(episode, values: dict) -> Episode:
    if episode is None:
        return episode_from(dict(values))
    if values:
        raise DiaryError(message("diary_episode_both"))
    if isinstance(episode, Episode):
        return replace(episode, id=None)
    if isinstance(episode, dict):
        return episode_from({k: v for k, v in episode.items() if k != "id"})
    raise DiaryError(message("diary_not_an_episode", typed=repr(episode)))
