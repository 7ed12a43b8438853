"""Where crampkit keeps a person's own files (diary, saved profile, class survey), and the
check of the settings that name folders.

One place for the folder, so the diary, the saved profile and the widgets never disagree.
:func:`data_dir` only says where the folder is; :func:`checked_data_dir` is what every reader
and writer of the person's files calls first. It checks the setting once (again only when the
setting changes) and refuses, in one line naming ``CRAMPKIT_HOME``, a value that names a
file, a user that does not exist, a path too long for the system, a folder that cannot be
written, a folder owned by someone else, or one that others may write to (they could plant a
diary, or read what is saved there).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from crampkit.checks import CrampkitInputError, one_line

HOME_VARIABLE = "CRAMPKIT_HOME"
CLASS_FOLDER_VARIABLE = "CRAMPKIT_CLASS_FOLDER"
_CHECKED: dict[str, Path] = {}  # setting value -> its folder, once that folder passed


class SettingsError(CrampkitInputError):
    """A setting (an environment variable) that crampkit cannot use; the message names it."""


def data_dir() -> Path:
    """The folder where crampkit keeps a person's own files (diary, saved profile).

    ``CRAMPKIT_HOME`` wins when set (tests and classrooms use it); otherwise the
    platform's usual per-user data folder. The folder is not created or checked here
    (see :func:`checked_data_dir`), and this never raises.

    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"CRAMPKIT_HOME": "/tmp/some-folder"}):
    ...     str(data_dir())
    '/tmp/some-folder'
    """
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        return Path(os.path.expanduser(home))  # never raises (Path.expanduser may)
    return Path(platformdirs.user_data_dir("crampkit", appauthor=False))


def _setting_name() -> str:
    return HOME_VARIABLE if os.environ.get(HOME_VARIABLE, "").strip() else "crampkit's data folder"


def _refuse(problem: str) -> SettingsError:
    name = _setting_name()
    value = os.environ.get(HOME_VARIABLE, "").strip() or str(data_dir())
    shown = one_line(repr(value[:80] + ("..." if len(value) > 80 else "")), 90)
    return SettingsError(f"{name}: {problem} ({shown}); "
                         + ("set it to a folder of your own, or unset it" if name == HOME_VARIABLE
                            else "check that folder, or set CRAMPKIT_HOME to a folder of your own"))


def checked_data_dir() -> Path:
    """:func:`data_dir`, checked: usable by this person alone. Raises :class:`SettingsError`.

    The checks run at the first use of a setting's value (and while its folder does not
    exist yet, at each use, so a folder made meanwhile is checked too).
    """
    raw = os.environ.get(HOME_VARIABLE, "").strip()
    if raw in _CHECKED:
        return _CHECKED[raw]
    if "\x00" in raw:
        raise _refuse("is not a path (it holds a NUL character)")
    if raw.startswith("~") and os.path.expanduser(raw) == raw:
        user = raw[1:].split("/", 1)[0]
        raise _refuse(f"names the home folder of {one_line(repr(user[:40]), 50)}, a user this "
                      "computer does not know")
    folder = data_dir()
    try:
        os.fsencode(folder)
    except UnicodeError:
        raise _refuse("is not a path this system can use (it holds a broken character)") from None
    problem = _path_problem(folder)
    if problem:
        raise _refuse(problem)
    if folder.is_dir():
        _CHECKED[raw] = folder
    return folder


def _path_problem(folder: Path) -> str:
    """Why ``folder`` cannot hold a person's files, or ""."""
    text = os.fsencode(folder)
    limit = _limit("PC_PATH_MAX", 4096)
    if len(text) >= limit or any(len(part) > _limit("PC_NAME_MAX", 255)
                                 for part in text.split(b"/")):
        return f"is too long for this system ({len(text):,} bytes)"
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return _creatable(folder)
    except NotADirectoryError:
        return "is inside a file, not a folder"
    except OSError as problem:
        return f"cannot be used ({problem.strerror or type(problem).__name__})"
    if not stat.S_ISDIR(info.st_mode):
        return "names a file, not a folder"
    return _ownership_problem(folder, info) or _ancestor_problem(folder)


def _limit(name: str, default: int) -> int:
    try:
        return int(os.pathconf("/", name))
    except (OSError, ValueError, AttributeError):
        return default


def _creatable(folder: Path) -> str:
    parent = Path(os.path.abspath(folder)).parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"is inside {one_line(str(parent)[:80], 90)}, which is a file, not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"does not exist and cannot be made ({one_line(str(parent)[:80], 90)} is not writable)"
    return _ancestor_problem(parent, include_self=True)


def _ownership_problem(folder: Path, info: os.stat_result) -> str:
    if os.name != "posix":
        return ""
    if info.st_uid != os.geteuid():
        return "is a folder owned by another user; your details must be in a folder of your own"
    if stat.S_IMODE(info.st_mode) & (stat.S_IWGRP | stat.S_IWOTH):
        return ("is a folder others may write to (they could add or change files in it); make "
                "it yours alone (chmod 700)")
    if not os.access(folder, os.W_OK | os.X_OK) or _read_only_mount(folder):
        return "is a folder that cannot be written to"
    return ""


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1))
    except (OSError, AttributeError):
        return False


def _ancestor_problem(folder: Path, include_self: bool = False) -> str:
    """A folder on the way that anyone may write to without the sticky bit (anyone could
    swap the data folder for their own): refused."""
    if os.name != "posix":
        return ""
    real = Path(os.path.realpath(folder))
    for parent in ([real] if include_self else []) + list(real.parents):
        try:
            mode = os.stat(parent).st_mode
        except OSError:
            continue
        if mode & stat.S_IWOTH and not mode & stat.S_ISVTX:
            return (f"is inside {one_line(str(parent)[:80], 90)}, a folder anyone may change "
                    "(they could replace yours)")
    return ""


def check_class_folder(folder) -> Path:
    """``folder`` (the value of ``CRAMPKIT_CLASS_FOLDER``) when answers may be written there;
    :class:`SettingsError` for a folder inside crampkit's own installed files (the packaged
    demo class, the data tables), which answers must never change.

    >>> import crampkit.content
    >>> check_class_folder(str(crampkit.content.data_file("demo_class")))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crampkit.paths.SettingsError: CRAMPKIT_CLASS_FOLDER: is inside crampkit's own files ...
    """
    path = Path(os.path.expanduser(str(folder)))
    real = os.path.realpath(path)
    for own in _own_folders():
        if real == own or real.startswith(own.rstrip(os.sep) + os.sep):
            raise SettingsError(f"{CLASS_FOLDER_VARIABLE}: is inside crampkit's own files (the "
                                "demo class and data tables are read-only); set it to a folder "
                                "of the class's own")
    return path


def _own_folders() -> list[str]:
    from crampkit import content

    folders = [os.path.realpath(Path(__file__).parent)]  # crampkit's own folder: this file's
    try:
        folders.append(os.path.realpath(str(content.data_root())))
    except (OSError, TypeError, ValueError):
        pass
    return folders
