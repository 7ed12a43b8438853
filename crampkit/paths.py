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
from crampkit.content import message

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
    return HOME_VARIABLE if os.environ.get(HOME_VARIABLE, "").strip() else message("settings_data_folder")


def _refuse(problem: str) -> SettingsError:
    name = _setting_name()
    value = os.environ.get(HOME_VARIABLE, "").strip() or str(data_dir())
    shown = one_line(repr(value[:80] + ("..." if len(value) > 80 else "")), 90)
    fix = message("settings_fix_home" if name == HOME_VARIABLE else "settings_fix_folder")
    return SettingsError(message("settings_refused", setting=name, problem=problem, value=shown, fix=fix))


def checked_data_dir() -> Path:
    """:func:`data_dir`, checked: usable by this person alone. Raises :class:`SettingsError`.

    The checks run at the first use of a setting's value (and while its folder does not
    exist yet, at each use, so a folder made meanwhile is checked too).
    """
    raw = os.environ.get(HOME_VARIABLE, "").strip()
    if raw in _CHECKED:
        return _CHECKED[raw]
    if "\x00" in raw:
        raise _refuse(message("settings_nul"))
    if raw.startswith("~") and os.path.expanduser(raw) == raw:
        user = raw[1:].split("/", 1)[0]
        raise _refuse(message("settings_unknown_user", user=one_line(repr(user[:40]), 50)))
    folder = data_dir()
    try:
        os.fsencode(folder)
    except UnicodeError:
        raise _refuse(message("settings_broken_character")) from None
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
        return message("settings_too_long", size=f"{len(text):,}")
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return _creatable(folder)
    except NotADirectoryError:
        return message("settings_inside_a_file")
    except OSError as problem:
        return message("settings_cannot_be_used", why=problem.strerror or type(problem).__name__)
    if not stat.S_ISDIR(info.st_mode):
        return message("settings_names_a_file")
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
        return message("settings_inside_file", folder=one_line(str(parent)[:80], 90))
    if not os.access(parent, os.W_OK | os.X_OK):
        return message("settings_cannot_be_made", folder=one_line(str(parent)[:80], 90))
    return _ancestor_problem(parent, include_self=True)


def _ownership_problem(folder: Path, info: os.stat_result) -> str:
    if os.name != "posix":
        return ""
    if info.st_uid != os.geteuid():
        return message("settings_owned_by_another")
    if stat.S_IMODE(info.st_mode) & (stat.S_IWGRP | stat.S_IWOTH):
        return message("settings_others_may_write")
    if not os.access(folder, os.W_OK | os.X_OK) or _read_only_mount(folder):
        return message("settings_not_writable")
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
            return message("settings_inside_open_folder", folder=one_line(str(parent)[:80], 90))
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

    A value that is no folder path (not text, a ``Path`` or an ``os.PathLike``, or holding a
    NUL character) is a :class:`SettingsError` too, never read as a folder named "None".
    """
    text = os.fspath(folder) if isinstance(folder, (str, os.PathLike)) else None
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        raise SettingsError(message("settings_class_folder_not_a_path", setting=CLASS_FOLDER_VARIABLE,
                                    typed=one_line(repr(folder), 60)))
    path = Path(os.path.expanduser(text))
    real = os.path.realpath(path)
    for own in _own_folders():
        if real == own or real.startswith(own.rstrip(os.sep) + os.sep):
            raise SettingsError(message("settings_class_folder_own", setting=CLASS_FOLDER_VARIABLE))
    return path


def _own_folders() -> list[str]:
    from crampkit import content

    folders = [os.path.realpath(Path(__file__).parent)]  # crampkit's own folder: this file's
    try:
        folders.append(os.path.realpath(str(content.data_root())))
    except (OSError, TypeError, ValueError):
        pass
    return folders
