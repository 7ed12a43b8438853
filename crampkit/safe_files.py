"""One bounded way in (and one private way out) for every file crampkit reads or writes.

Reading (a profile for the command line, the saved profile, a diary CSV, survey answers):

* only a regular file is read: a folder, a named pipe, a device (``/dev/zero``) or a socket
  is refused by name, without reading it. The file is opened with ``O_NONBLOCK`` and checked
  with ``fstat`` before any byte is read, so a named pipe never hangs;
* with ``folder`` given, the file must really be inside that folder: a symbolic link
  pointing elsewhere (another class's answers, ``/dev/zero``) is refused;
* the size is capped before parsing (``MAX_*_BYTES`` below), and reading stops at the cap
  even if the file grows meanwhile;
* text is UTF-8, with or without a byte-order mark (Notepad writes one);
* JSON numbers are checked before conversion: an integer of more than ``MAX_INT_DIGITS``
  digits becomes a float (``inf`` when huge), so checks downstream say "out of range" for
  the field instead of raising ``OverflowError`` (or spending seconds on a 100,000-digit
  integer); ``NaN`` and ``Infinity`` (not JSON) are refused;
* text that is not valid Unicode (a lone surrogate such as ``"\\ud800"`` from a JSON escape)
  is refused with the field named.

Every message is one line of at most ``MAX_MESSAGE_CHARS`` characters whatever the input:
see :func:`one_line`.

Writing: :func:`private_folder` makes a folder only its owner can open (0700) and
:func:`write_private` writes a file only its owner can read (0600), atomically.

>>> one_line("bad key 'a\\nb'" + "x" * 1000)[:16], len(one_line("x" * 10_000))
("bad key 'a\\\\nb'xx", 300)
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from crampkit.checks import MAX_MESSAGE_CHARS, CrampkitInputError, one_line  # noqa: F401 - re-exported
from crampkit.content import message

MAX_PROFILE_BYTES = 1_000_000  # a profile is a few hundred bytes; the contract's cap is 1 MB
MAX_CSV_BYTES = 16_000_000  # a diary CSV: about 10,000 episodes with long notes
MAX_SURVEY_BYTES = 64 * 1024  # one survey answer is about 250 bytes
MAX_INT_DIGITS = 30
FILE_MODE = 0o600
FOLDER_MODE = 0o700


class SafeFileError(CrampkitInputError):
    """A file crampkit will not read (or cannot write). ``damaged`` is True when the content
    is the problem (so a saved file may be set aside) and False when the file could not be
    opened at all (wrong kind of file, no permission: nothing should be moved).

    ``kind`` says what went wrong as a word a program may match, whatever the words of
    ``data/messages.csv`` (``not_a_path``, ``cannot_read``, ``too_large``, ``wrong_kind``,
    ``not_utf8``, ``too_deep``, ``not_json``, ``not_unicode``, ...; "" when not said) and
    ``detail`` the parser's own words for a file that is not JSON."""

    def __init__(self, message: str, *, damaged: bool = False, reason: str | None = None,
                 kind: str = "", detail: str = ""):
        self.damaged, self.kind, self.detail = damaged, kind, detail
        #: what is wrong, without the file's name (for messages that name the file anyway)
        self.reason = one_line(reason or message)
        super().__init__(one_line(message))


def shown_name(path) -> str:
    """A file name fit for a message: escaped and cut (a path can be thousands of bytes)."""
    return one_line(repr(str(path)), 120)


def read_bytes(path, *, max_bytes: int, what: str = "file", folder=None) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them.

    Raises :class:`SafeFileError` (one line, naming ``what`` and the file) for a missing
    file, a folder, a pipe, a device, a link out of ``folder``, or a file over the cap.
    """
    try:
        path = os.fspath(path)
    except TypeError:
        raise SafeFileError(message("file_not_a_path", what=what, path=one_line(repr(path), 60)),
                            kind="not_a_path") from None
    if isinstance(path, bytes) or "\x00" in path:
        raise SafeFileError(message("file_not_a_path", what=what, path=one_line(repr(path), 60)),
                            kind="not_a_path")
    name = shown_name(path)
    try:
        if folder is not None:
            real_folder = os.path.realpath(folder)
            real = os.path.realpath(path)
            if os.path.dirname(real) != real_folder:
                raise SafeFileError(message("file_link_outside", what=what, name=name,
                                            folder=shown_name(folder)), kind="link_outside")
        info = os.stat(path)
        _check_kind(info, what, name)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
            | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except SafeFileError:
        raise
    except (UnicodeError, ValueError):  # a name the file system cannot hold (a lone surrogate)
        raise SafeFileError(message("file_bad_path", what=what, name=name), kind="bad_path") from None
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        raise SafeFileError(message("file_cannot_read", what=what, name=name, why=reason),
                            kind="cannot_read") from None
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed at a moment ago
        _check_kind(info, what, name)
        if info.st_size > max_bytes:
            raise SafeFileError(message("file_too_large_size", what=what, name=name, limit=_size(max_bytes),
                                        size=_size(info.st_size)), damaged=True, kind="too_large",
                                reason=message("file_reason_too_large", limit=_size(max_bytes)))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise SafeFileError(message("file_too_large", what=what, name=name, limit=_size(max_bytes)),
                                damaged=True, reason=message("file_reason_too_large", limit=_size(max_bytes)),
                                kind="too_large")
        return b"".join(chunks)
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        raise SafeFileError(message("file_cannot_read", what=what, name=name, why=reason),
                            kind="cannot_read") from None
    finally:
        os.close(fd)


def read_stream(stream, *, max_bytes: int, what: str = "file"):
    """What an open file (anything with ``read``) holds, at most ``max_bytes`` of it: bytes
    or text, as the stream gives. Reading stops one chunk past the cap, so an endless stream
    (``open('/dev/zero', 'rb')``) ends in a one-line :class:`SafeFileError`, never a
    MemoryError.

    >>> import io
    >>> read_stream(io.BytesIO(b"abc"), max_bytes=10)
    b'abc'
    >>> read_stream(io.StringIO("x" * 50), max_bytes=10, what="source")
    Traceback (most recent call last):
    ...
    crampkit.safe_files.SafeFileError: source: the file is larger than 1 KB, so it was not read
    """
    chunks, total = [], 0
    try:
        while total <= max_bytes:
            chunk = stream.read(min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            if not isinstance(chunk, (bytes, bytearray, str)):
                raise SafeFileError(message("file_read_gave", what=what, kind=type(chunk).__name__))
            chunks.append(chunk)
            total += len(chunk)
    except SafeFileError:
        raise
    except (OSError, ValueError, TypeError) as problem:  # closed, not readable, a bad read()
        reason = getattr(problem, "strerror", None) or type(problem).__name__
        raise SafeFileError(message("file_cannot_be_read", what=what, why=reason)) from None
    if total > max_bytes:
        raise SafeFileError(message("file_stream_too_large", what=what, limit=_size(max_bytes)),
                            reason=message("file_reason_too_large", limit=_size(max_bytes)))
    if not chunks:
        return b""
    if all(isinstance(c, str) for c in chunks):
        return "".join(chunks)
    if any(isinstance(c, str) for c in chunks):
        raise SafeFileError(message("file_text_and_bytes", what=what))
    return b"".join(bytes(c) for c in chunks)


def _check_kind(info: os.stat_result, what: str, name: str) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    kind = _kind_words(mode)
    raise SafeFileError(message("file_wrong_kind", what=what, name=name, kind=kind),
                        reason=message("file_reason_wrong_kind", kind=kind),
                        kind="other_kind" if kind == message("file_kind_other") else "wrong_kind")


def _kind_words(mode: int) -> str:
    """What a file of ``mode`` that is no regular file is: a link, a folder, a named pipe...

    >>> _kind_words(stat.S_IFDIR), _kind_words(stat.S_IFIFO)
    ('a folder', 'a named pipe')
    """
    return message("file_kind_link" if stat.S_ISLNK(mode) else "file_kind_folder" if stat.S_ISDIR(mode)
                   else "file_kind_pipe" if stat.S_ISFIFO(mode)
                   else "file_kind_device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                   else "file_kind_socket" if stat.S_ISSOCK(mode) else "file_kind_other")


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{max(1, round(count / 1000))} KB"


def decode_text(data: bytes, *, what: str = "file", name: str = "") -> str:
    """UTF-8 text, with a byte-order mark accepted and dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        reason = message("file_reason_not_utf8", why=problem.reason, byte=problem.start)
        raise SafeFileError(message("file_not_utf8", what=what, name=name, why=problem.reason,
                                    byte=problem.start), damaged=True, reason=reason,
                            kind="not_utf8") from None


def read_text(path, *, max_bytes: int, what: str = "file", folder=None) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark is fine)."""
    data = read_bytes(path, max_bytes=max_bytes, what=what, folder=folder)
    return decode_text(data, what=what, name=shown_name(path))


def _parse_int(text: str):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return float(text)  # 1e400 and beyond become inf: "out of range", never OverflowError
    return int(text)


def _parse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str, *, what: str = "file"):
    """JSON with bounded numbers, no NaN/Infinity, and only valid Unicode text.

    >>> parse_json('{"age": ' + '9' * 400 + '}')
    {'age': inf}
    >>> parse_json('{"name": "\\\\ud800"}')
    Traceback (most recent call last):
    ...
    crampkit.safe_files.SafeFileError: name: the text holds \\ud800, which is not valid Unicode (a lone surrogate)
    """
    try:
        value = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except RecursionError:
        reason = message("file_json_too_deep")
        raise SafeFileError(f"{what}: {reason}", damaged=True, reason=reason, kind="too_deep") from None
    except ValueError as problem:  # JSONDecodeError is a ValueError
        why = one_line(problem, 120)
        raise SafeFileError(message("file_not_json", what=what, why=why), damaged=True,
                            reason=message("file_reason_not_json", why=why), kind="not_json",
                            detail=why) from None
    check_unicode(value, what)
    return value


def check_unicode(value, what: str = "file") -> None:
    """Raise :class:`SafeFileError` naming the field when any text in ``value`` (a parsed
    JSON value) is not valid Unicode. Walks without recursion, so depth does not matter."""
    stack = [(value, None)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            _valid_text(item, where or what)
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    _valid_text(key, message("file_field_name_in", where=where or what))
                stack.append((child, key if where is None else f"{where}.{key}"))
        elif isinstance(item, list):
            for number, child in enumerate(item):
                stack.append((child, f"{where or what}[{number}]"))


def _valid_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as problem:
        bad = f"\\u{ord(text[problem.start]):04x}"
        raise SafeFileError(message("file_not_unicode", where=one_line(where, 80), bad=bad),
                            damaged=True, kind="not_unicode") from None


def read_json(path, *, max_bytes: int, what: str = "file", folder=None):
    """A JSON file read through every check above."""
    return parse_json(read_text(path, max_bytes=max_bytes, what=what, folder=folder), what=what)


# --------------------------------------------------------------------------- writing

def private_folder(path, *, tighten: bool = False) -> Path:
    """Create ``path`` (and parents) if needed; a folder crampkit creates is 0700.

    With ``tighten=True`` an existing folder owned by this user is made 0700 too (crampkit's
    own data folder, which older versions made 0755).
    """
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if (not existed or tighten) and os.name == "posix":
        try:
            info = path.stat()
            if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != FOLDER_MODE:
                os.chmod(path, FOLDER_MODE)
        except OSError:
            pass  # a folder we may not change (read-only mount): leave it as it is
    return path


def make_private(path) -> None:
    """Make an existing file crampkit wrote readable by its owner only: group and others lose
    every access; the owner's own bits are left (a file its owner made read-only stays so)."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:  # others' access taken away; the owner's own choice (0400) kept
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


def check_write_target(path, what: str = "file") -> None:
    """Refuse (:class:`SafeFileError`) to write to ``path`` when something other than a
    regular file is there: a device (``/dev/null``), a named pipe, a socket, a folder, or a
    link (which may point at any of those, or at a file elsewhere). Replacing any of them with
    a regular file would break or hide something of the person's."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        return  # the write itself will say what is wrong (a name too long, no permission)
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    raise SafeFileError(message("file_cannot_replace", what=what, name=shown_name(path),
                                kind=_kind_words(mode)))


def write_private(path, data, *, encoding: str = "utf-8", kind: str | None = None,
                  what: str = "file") -> Path:
    """Write ``data`` (text or bytes) to ``path`` with mode 0600, replacing it in one step.

    The data go to a temporary file next to ``path`` first, so a crash or an error (text
    that cannot be encoded, a full disk) never leaves half a file, or a stray temporary one.
    A device, pipe, folder or link at ``path`` is refused (:func:`check_write_target`).
    With ``kind`` ("export", "report", ...) the file is noted in the person's list of files
    crampkit wrote (:func:`remember`), so "Forget my details" erases it; when it cannot be
    noted, it is not kept either.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode(encoding)  # before any file exists: a bad character leaves nothing
    check_write_target(path, what)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.",
                                         suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if os.name == "posix":
            os.chmod(temporary, FILE_MODE)
        check_write_target(path, what)  # nothing was put there meanwhile
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if kind is not None:
        try:
            remember(path, kind)
        except BaseException:
            path.unlink(missing_ok=True)  # a file Forget could not find is not kept
            raise
    return path


# --------------------------------------------------------------------------- the manifest
#
# Every file crampkit writes for a person is noted in one small JSON file in their data
# folder, so "Forget my details" erases exactly those files, wherever they are, and nothing
# else. Each entry holds the file's path (relative inside the data folder) and its device and
# inode numbers: a file that is no longer the one crampkit wrote (replaced by the person's
# own file of the same name) is left alone.

MANIFEST_FILE = ".crampkit-files.json"
MANIFEST_SCHEMA = "crampkit-files"
MAX_MANIFEST_BYTES = 8_000_000
KINDS = ("diary", "profile", "export", "report", "survey", "damaged")
# Files that change after crampkit notes them, so only their inode identifies them.
GROWING_KINDS = ("diary",)


def manifest_path() -> Path:
    """Where the list of files crampkit wrote lives (in the checked data folder)."""
    from crampkit.paths import checked_data_dir

    return checked_data_dir() / MANIFEST_FILE


class FolderLock:
    """An exclusive lock on the data folder itself (no extra file), so two processes never
    lose each other's entries."""

    def __init__(self, folder: Path):
        self.folder, self.fd = folder, None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # Windows: one process at a time is assumed
            return self
        self.fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock


def read_manifest(folder: Path) -> list[dict]:
    """The entries of the manifest in ``folder`` ([] when there is none). A damaged
    manifest is set aside (kept, and erased by Forget like any crampkit file)."""
    path = folder / MANIFEST_FILE
    if not os.path.lexists(path):
        return []
    try:
        record = read_json(path, max_bytes=MAX_MANIFEST_BYTES, what=message("file_manifest_name"),
                           folder=folder)
        if isinstance(record, dict) and record.get("schema") == MANIFEST_SCHEMA \
                and isinstance(record.get("files"), list):
            return [e for e in record["files"] if _valid_entry(e)]
    except SafeFileError as problem:
        if not problem.damaged:
            raise
    set_aside(path, "damaged")
    return []


def _valid_entry(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("path"), str) and entry["path"]
            and entry.get("kind") in KINDS and all(isinstance(entry.get(k), int)
                                                   and not isinstance(entry.get(k), bool)
                                                   for k in ("dev", "ino"))
            and all(type(entry.get(k, 0)) is int for k in ("size", "mtime_ns")))


def _write_manifest(folder: Path, entries: list[dict]) -> None:
    text = json.dumps({"schema": MANIFEST_SCHEMA, "version": 1, "files": entries}, indent=1)
    path = folder / MANIFEST_FILE
    check_write_target(path, message("file_manifest_name"))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f"{MANIFEST_FILE}.",
                                         suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if os.name == "posix":
            os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def entry_name(path, folder: Path) -> str:
    """How the manifest names ``path``: relative inside ``folder``, else absolute."""
    full = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))),
                        os.path.basename(path))
    base = os.path.realpath(folder)
    if full.startswith(base + os.sep):
        return full[len(base) + 1:]
    return full


def remember(path, kind: str) -> None:
    """Note that crampkit wrote ``path`` (a regular file, now) for this person.

    Raises :class:`~crampkit.paths.SettingsError` when the data folder cannot be used, and
    ``OSError`` when the note cannot be written: then the caller does not keep the file.
    """
    if kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    info = os.lstat(path)
    folder = private_folder(manifest_path().parent, tighten=True)
    name = entry_name(path, folder)
    with FolderLock(folder):
        entries = [e for e in read_manifest(folder) if e["path"] != name and _still_there(e, folder)]
        entry = {"path": name, "kind": kind, "dev": info.st_dev, "ino": info.st_ino}
        if kind not in GROWING_KINDS:
            entry.update(size=info.st_size, mtime_ns=info.st_mtime_ns)
        entries.append(entry)
        _write_manifest(folder, entries)


def same_file(info: os.stat_result, entry: dict) -> bool:
    """True when ``info`` is still the very file a manifest ``entry`` noted.

    Device and inode alone are not enough: a file the person saves under the same name
    right after erasing crampkit's often gets the freed inode back. So a file crampkit
    writes whole (all but the diary, which grows) must also keep its size and time.
    """
    if (info.st_dev, info.st_ino) != (entry["dev"], entry["ino"]):
        return False
    return all(entry.get(key) in (None, value) for key, value in
               (("size", info.st_size), ("mtime_ns", info.st_mtime_ns)))


def entry_target(entry: dict, folder) -> str:
    """The full path of a manifest ``entry``: its own when absolute, else inside ``folder``."""
    return entry["path"] if os.path.isabs(entry["path"]) else os.path.join(str(folder), entry["path"])


def _still_there(entry: dict, folder: Path) -> bool:
    target = entry_target(entry, folder)
    try:
        info = os.lstat(target)
    except OSError:
        return False
    return same_file(info, entry)


def set_aside(path, kind: str = "damaged") -> Path:
    """Rename ``path`` to ``NAME.damaged-YYYYmmdd-HHMMSS[-N]`` in the same folder (kept
    byte-identical, never deleted) and return the new path. ``OSError`` when it cannot be
    renamed (then nothing moved)."""
    from datetime import datetime

    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    os.rename(path, target)
    return target
