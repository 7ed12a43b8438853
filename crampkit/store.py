"""Keeping a person's details on their own machine: save, load, forget.

Nothing is saved until the person asks; the file lives in their crampkit folder
(``crampkit.paths.data_dir()``, or ``CRAMPKIT_HOME``) and one call erases everything. A
damaged file is moved aside, never deleted, and reported with a clear message.
"""
from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from datetime import datetime
from pathlib import Path

from crampkit import safe_files
from crampkit.assessment.profile import Profile, ProfileError
from crampkit.checks import CrampkitInputError
from crampkit.content import message, read_json
from crampkit.paths import checked_data_dir

PROFILE_FILE = "profile.json"
SCHEMA = "crampkit-profile"
VERSION = 1
MAX_BYTES = safe_files.MAX_PROFILE_BYTES  # 1 MB, as for the command line
TEMP_PREFIX = ".profile-"


class StoreError(CrampkitInputError):
    """A saved file crampkit cannot use; the message says what happened to it."""


def profile_path() -> Path:
    """Where the saved profile lives."""
    return checked_data_dir() / PROFILE_FILE


def demo_profile() -> Profile:
    """The made-up person the notebooks show when nothing is saved.

    >>> demo_profile().age
    58
    """
    return Profile.from_dict(read_json("demo_profile.json"))


#: The unit settings a person can keep with their details: the units number boxes show
#: and suggest (metric: kg, litres; us: lb, cups, fl oz). Typed units are read either way.
UNIT_SYSTEMS = ("metric", "us")
DEFAULT_UNITS = "metric"


def save_profile(profile: Profile, units: str | None = None) -> Path:
    """Save ``profile`` (replacing any earlier one in a single step) and return the path;
    ``units`` ("metric" or "us"), when given, is kept with it (see :func:`saved_units`)."""
    if not isinstance(profile, Profile):
        raise StoreError(message("store_not_a_profile_object", kind=type(profile).__name__))
    if units is not None and units not in UNIT_SYSTEMS:
        raise StoreError(message("choice_not_from", field="units", typed=repr(str(units)[:40]),
                                 choices=", ".join(UNIT_SYSTEMS)))
    path = profile_path()
    try:
        safe_files.private_folder(path.parent, tighten=True)  # 0700: the owner's alone
    except OSError as problem:  # e.g. CRAMPKIT_HOME names a file, or a read-only place
        raise StoreError(message("store_cannot_make_folder", folder=repr(str(path.parent)[:300]),
                                 why=problem.strerror or problem)) from None
    payload = {"schema": SCHEMA, "version": VERSION, "saved": datetime.now().isoformat(timespec="seconds"),
               "profile": profile.to_dict()}
    if units is not None:
        payload["settings"] = {"units": units}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:  # mkstemp makes the file 0600; it replaces the old one in a single step
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=2)
        os.replace(temporary, path)
    except OSError as problem:  # a full disk, a folder made read-only meanwhile
        Path(temporary).unlink(missing_ok=True)
        raise StoreError(safe_files.one_line(message(
            "store_cannot_save", folder=path.parent, why=problem.strerror or problem))) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)  # never leave a stray copy of the details
        raise
    return path


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    try:
        path.rename(target)
    except OSError as problem:  # a read-only folder: the file stays exactly where it was
        raise StoreError(safe_files.one_line(message(
            "store_cannot_set_aside", folder=path.parent, why=problem.strerror or problem))) from None
    return target


def load_profile() -> Profile | None:
    """The saved profile, or ``None`` when nothing is saved.

    A damaged, foreign or newer file raises :class:`StoreError` after moving the file
    aside (renamed, kept) so the person can start again without losing it.
    """
    path = profile_path()
    if not os.path.lexists(path):
        return None
    try:
        payload = safe_files.read_json(path, max_bytes=MAX_BYTES, what="saved details",
                                       folder=path.parent)
        if not isinstance(payload, dict) or payload.get("schema") != SCHEMA:
            raise ValueError(message("store_not_a_profile"))
        if not isinstance(payload.get("version"), int) or payload["version"] > VERSION:
            raise ValueError(message("store_newer"))
        return Profile.from_dict(payload.get("profile"))
    except safe_files.SafeFileError as problem:
        if not problem.damaged:  # a pipe, a folder, a link elsewhere, no permission: left alone
            raise StoreError(safe_files.one_line(message(
                "store_unreadable_left", why=problem.reason, path=path))) from None
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(message(
            "store_unreadable_kept", why=problem.reason, name=kept.name, folder=kept.parent))) from None
    except (OverflowError, UnicodeError) as problem:  # belt and braces: damaged, kept aside
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(message(
            "store_unreadable_kept", why=type(problem).__name__, name=kept.name, folder=kept.parent))) from None
    except RecursionError:  # deeply nested JSON: damaged, not a crash
        kept = _move_aside(path)
        raise StoreError(message("store_unreadable_kept", why=message("store_nested_too_deep"),
                                 name=kept.name, folder=kept.parent)) from None
    except OSError as problem:  # a folder in its place, no permission: left where it is
        raise StoreError(safe_files.one_line(message(
            "store_cannot_open", path=path, why=problem.strerror or problem))) from None
    except (ValueError, UnicodeDecodeError, ProfileError) as problem:
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(message(
            "store_unreadable_kept", why=problem, name=kept.name, folder=kept.parent))) from None


def saved_units() -> str:
    """The unit setting saved with the details ("metric" or "us"); ``DEFAULT_UNITS`` when
    none is saved, or the file cannot be read (:func:`load_profile` says why and sets a
    damaged file aside; this only reads)."""
    path = profile_path()
    if not os.path.lexists(path):
        return DEFAULT_UNITS
    try:
        payload = safe_files.read_json(path, max_bytes=MAX_BYTES, what="saved details", folder=path.parent)
    except (safe_files.SafeFileError, OSError, ValueError, RecursionError, OverflowError):
        return DEFAULT_UNITS
    settings = payload.get("settings") if isinstance(payload, dict) else None
    units = settings.get("units") if isinstance(settings, dict) else None
    return units if units in UNIT_SYSTEMS else DEFAULT_UNITS


def forget_profile() -> bool:
    """Erase the saved profile; ``True`` when there was one."""
    path = profile_path()
    if path.exists():
        path.unlink()
        return True
    return False


# Files crampkit wrote in the data folder before the list of its files existed (older
# versions), found by their exact names only: the diary and its SQLite side files, the saved
# details, a file set aside as damaged (NAME.damaged-YYYYmmdd-HHMMSS, -N when two came in one
# second), and a temporary copy left by a crash mid-save.
_KNOWN_NAMES = re.compile(
    r"(?:diary\.sqlite3(?:-wal|-shm|-journal)?|profile\.json"
    r"|(?:diary\.sqlite3|profile\.json|\.crampkit-files\.json)\.damaged-\d{8}-\d{6}(?:-\d+)?"
    r"(?:-wal|-shm|-journal)?"
    r"|\.profile-[a-z0-9_]+\.tmp"
    r"|\.(?:profile\.json|crampkit-files\.json)\.[a-z0-9_]{8}\.partial"
    r"|\.crampkit-files\.json\.[a-z0-9_]{8}\.partial)")
_SURVEY_FOLDER = "class_survey"
# The class survey's own folder in the data folder (one computer): answers, its settings.
_SURVEY_NAMES = re.compile(r"survey-[0-9a-f]{16}\.json|\.crampkit-survey\.json"
                           r"|\.crampkit-survey\.json\.[a-z0-9_]{8}\.partial")
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _regular(folder: str, name: str, expect: dict | None = None) -> bool:
    """True when ``folder/name`` is a regular file (a link is never followed) and, with
    ``expect`` (a manifest entry), still the very file crampkit wrote."""
    try:
        info = os.lstat(os.path.join(folder, name))
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    return expect is None or safe_files.same_file(info, expect)


def _forget_plan(folder: Path) -> list[tuple[str, str, str]]:
    """What "forget" erases: (shown name, folder, file name) for every file crampkit wrote
    for this person. Never a link, never a file crampkit did not write."""
    plan: dict[str, tuple[str, str, str]] = {}
    base = str(folder)
    if not os.path.isdir(folder):
        return []

    def add(shown: str, where: str, name: str) -> None:
        plan.setdefault(os.path.join(where, name), (shown, where, name))

    for entry in safe_files.read_manifest(folder):
        where, name = os.path.split(safe_files.entry_target(entry, base))
        if not _regular(where, name, entry):
            continue  # gone, or no longer the file crampkit wrote: left alone
        shown = entry["path"]
        add(shown, where, name)
        if entry["kind"] in ("diary", "damaged"):
            for side in _SIDE_FILES:
                if _regular(where, name + side):
                    add(shown + side, where, name + side)
    for item in os.scandir(folder):
        if _KNOWN_NAMES.fullmatch(item.name) and _regular(base, item.name):
            add(item.name, base, item.name)
    survey = os.path.join(base, _SURVEY_FOLDER)
    if os.path.isdir(survey) and not os.path.islink(survey):
        for item in os.scandir(survey):
            if _SURVEY_NAMES.fullmatch(item.name) and _regular(survey, item.name):
                add(f"{_SURVEY_FOLDER}/{item.name}", survey, item.name)
    return sorted(plan.values())


def what_forget_leaves() -> list[str]:
    """Files crampkit noted writing that were changed or replaced since, so may be the
    person's now: "forget" leaves them and says so, rather than erase them or stay silent.

    Names inside the data folder, full paths elsewhere, as :func:`what_forget_removes`.
    """
    folder = checked_data_dir()
    if not os.path.isdir(folder):
        return []
    erased = {os.path.join(where, name) for _, where, name in _forget_plan(folder)}
    left = set()
    for entry in safe_files.read_manifest(folder):
        full = safe_files.entry_target(entry, folder)
        where, name = os.path.split(full)
        if full not in erased and _regular(where, name) and not _regular(where, name, entry):
            left.add(entry["path"])
    return sorted(left)


def what_forget_removes() -> list[str]:
    """The files "Forget my details" would erase, without erasing anything: names inside
    the data folder, full paths elsewhere (an exported CSV, a saved report).

    Raises :class:`~crampkit.paths.SettingsError` when the data folder setting is unusable.
    """
    return [shown for shown, _, _ in _forget_plan(checked_data_dir())]


def forget_everything(dry_run: bool = False) -> list[str]:
    """Erase every file crampkit wrote for this person; list what went (see
    :func:`what_forget_removes`; ``dry_run=True`` only lists).

    That is the saved details, the diary with its ``-wal``/``-shm`` files, exported CSVs,
    saved reports, class survey answers kept in the data folder, and files set aside as
    damaged: those noted in crampkit's list of its files (still the same file), and in the
    data folder those with the exact names older versions used. Nothing else is touched: a
    ``thesis.db`` or a ``diary.docx`` of the person's stays, and a link is never followed.
    The list itself goes too, and the data folder when it is then empty.
    """
    folder = checked_data_dir()
    if dry_run:
        return what_forget_removes()
    if not folder.is_dir():
        return []
    with safe_files.FolderLock(folder):
        erased = []
        for shown, where, name in _forget_plan(folder):
            try:
                os.unlink(os.path.join(where, name))
            except FileNotFoundError:
                continue
            except OSError as problem:
                raise StoreError(safe_files.one_line(message(
                    "store_cannot_erase", name=safe_files.shown_name(os.path.join(where, name)),
                    why=problem.strerror or problem, count=len(erased)))) from None
            erased.append(shown)
        manifest = folder / safe_files.MANIFEST_FILE
        if _regular(str(folder), safe_files.MANIFEST_FILE):
            manifest.unlink()
        for empty in (folder / _SURVEY_FOLDER, folder):
            if empty.is_dir() and not empty.is_symlink():
                try:
                    empty.rmdir()  # only when empty: a file of the person's keeps it
                except OSError:
                    pass
    return erased


def current_profile() -> tuple[Profile, str]:
    """The saved profile if there is one, else the demo person; with a word on which.

    A damaged saved file falls back to the demo person (it was moved aside, not lost).
    """
    try:
        saved = load_profile()
    except CrampkitInputError as problem:  # a damaged file (kept aside), an unusable setting
        return demo_profile(), message("store_demo_unreadable", why=problem)
    return (saved, "saved") if saved is not None else (demo_profile(), "demo")
