"""Keeping a person's details on their own machine: save, load, forget.

Nothing is saved until the person asks; the file lives in their crampkit folder
(``crampkit.paths.data_dir()``, or ``CRAMPKIT_HOME``) and one call erases everything. A
damaged file is moved aside, never deleted, and reported with a clear message.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from crampkit import safe_files
from crampkit.assessment.profile import Profile, ProfileError
from crampkit.checks import CrampkitInputError
from crampkit.content import read_json
from crampkit.paths import data_dir

PROFILE_FILE = "profile.json"
SCHEMA = "crampkit-profile"
VERSION = 1
MAX_BYTES = safe_files.MAX_PROFILE_BYTES  # 1 MB, as for the command line
TEMP_PREFIX = ".profile-"


class StoreError(CrampkitInputError):
    """A saved file crampkit cannot use; the message says what happened to it."""


def profile_path() -> Path:
    """Where the saved profile lives."""
    return data_dir() / PROFILE_FILE


def demo_profile() -> Profile:
    """The made-up person the notebooks show when nothing is saved.

    >>> demo_profile().age
    58
    """
    return Profile.from_dict(read_json("demo_profile.json"))


def save_profile(profile: Profile) -> Path:
    """Save ``profile`` (replacing any earlier one in a single step) and return the path."""
    if not isinstance(profile, Profile):
        raise StoreError(f"profile: {type(profile).__name__} is not a crampkit.Profile")
    path = profile_path()
    try:
        safe_files.private_folder(path.parent, tighten=True)  # 0700: the owner's alone
    except OSError as problem:  # e.g. CRAMPKIT_HOME names a file, or a read-only place
        raise StoreError(f"profile: cannot save in the folder {str(path.parent)[:300]!r} "
                         f"({problem.strerror or problem})") from None
    payload = {"schema": SCHEMA, "version": VERSION, "saved": datetime.now().isoformat(timespec="seconds"),
               "profile": profile.to_dict()}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:  # mkstemp makes the file 0600; it replaces the old one in a single step
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=2)
        os.replace(temporary, path)
    except OSError as problem:  # a full disk, a folder made read-only meanwhile
        Path(temporary).unlink(missing_ok=True)
        raise StoreError(safe_files.one_line(
            f"profile: cannot save in the folder {path.parent} ({problem.strerror or problem}); "
            "the details saved before, if any, are unchanged")) from None
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
        raise StoreError(safe_files.one_line(
            f"Your saved details could not be read, and could not be set aside in "
            f"{path.parent} ({problem.strerror or problem}). Nothing was changed.")) from None
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
            raise ValueError("it is not a crampkit profile")
        if not isinstance(payload.get("version"), int) or payload["version"] > VERSION:
            raise ValueError("it was saved by a newer crampkit")
        return Profile.from_dict(payload.get("profile"))
    except safe_files.SafeFileError as problem:
        if not problem.damaged:  # a pipe, a folder, a link elsewhere, no permission: left alone
            raise StoreError(safe_files.one_line(
                f"Your saved details could not be read ({problem.reason}): {path}. Nothing was "
                "changed.")) from None
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(
            f"Your saved details could not be read ({problem.reason}). The file was kept as "
            f"{kept.name} in {kept.parent}; please enter your details again.")) from None
    except (OverflowError, UnicodeError) as problem:  # belt and braces: damaged, kept aside
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(
            f"Your saved details could not be read ({type(problem).__name__}). The file was "
            f"kept as {kept.name} in {kept.parent}; please enter your details again.")) from None
    except RecursionError:  # deeply nested JSON: damaged, not a crash
        kept = _move_aside(path)
        raise StoreError(
            f"Your saved details could not be read (it is nested too deeply to be a crampkit "
            f"profile). The file was kept as {kept.name} in {kept.parent}; please enter your "
            "details again."
        ) from None
    except OSError as problem:  # a folder in its place, no permission: left where it is
        raise StoreError(safe_files.one_line(
            f"Your saved details could not be read: {path} cannot be opened "
            f"({problem.strerror or problem}). Nothing was changed.")) from None
    except (ValueError, UnicodeDecodeError, ProfileError) as problem:
        kept = _move_aside(path)
        raise StoreError(safe_files.one_line(
            f"Your saved details could not be read ({problem}). The file was kept as "
            f"{kept.name} in {kept.parent}; please enter your details again."
        )) from None


def forget_profile() -> bool:
    """Erase the saved profile; ``True`` when there was one."""
    path = profile_path()
    if path.exists():
        path.unlink()
        return True
    return False


def forget_everything() -> list[str]:
    """Erase every file crampkit saved for this person (profile, diary); list what went.

    Files set aside as damaged are erased too, since the person asked for everything gone.
    """
    folder = data_dir()
    if not folder.exists():
        return []
    erased = []
    for item in sorted(folder.iterdir()):
        if item.is_file() and (item.name.startswith(("profile.json", "diary.", "diary-"))
                               or (item.name.startswith(TEMP_PREFIX) and item.name.endswith(".tmp"))
                               or item.suffix in (".sqlite", ".sqlite3", ".db")
                               or ".damaged-" in item.name or item.name.endswith((".db-wal", ".db-shm"))):
            item.unlink()
            erased.append(item.name)
    return erased


def current_profile() -> tuple[Profile, str]:
    """The saved profile if there is one, else the demo person; with a word on which.

    A damaged saved file falls back to the demo person (it was moved aside, not lost).
    """
    try:
        saved = load_profile()
    except StoreError as problem:
        return demo_profile(), f"demo (saved details could not be read: {problem})"
    return (saved, "saved") if saved is not None else (demo_profile(), "demo")
