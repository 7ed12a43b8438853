"""Where the class's answers go: the class folder setting and the drop folder for hubs.

One setting names the class's survey folder for the teacher's and the students' notebooks
alike: the environment variable ``CRAMPKIT_CLASS_FOLDER``, read only by :func:`class_folder`
(a hub sets it for every user; on one computer it defaults to a folder in crampkit's own data
folder). Three ways of collecting, with the same small-group rules:

* one computer (one account): the folder is 0700 and each answer 0600, as before;
* a hub (many accounts): a *drop folder* made once by :func:`make_drop_folder` (owned by the
  teacher, mode 3733, group = a group only the teacher is in). Students may add an answer
  but cannot list, read, change or delete anyone's; each answer is created under a random
  name with mode 0640, so it takes the folder's group and only the teacher can read it;
* by hand: the teacher copies the answer files into one folder (as on one computer).

From the command line: ``python -m crampkit.classroom make-drop-folder FOLDER``.
"""
from __future__ import annotations

import argparse
import grp
import os
import pwd
import sys
from pathlib import Path

from crampkit.classroom.survey import (
    DROP_FOLDER_MODE,
    DROP_SETTINGS_MODE,
    MIN_GROUP,
    SurveyError,
    _check_min_group,
    _settings_path,
    create_survey,
    folder_path,
)
from crampkit.paths import data_dir

#: The one setting that names the class's survey folder (see :func:`class_folder`).
CLASS_FOLDER_VARIABLE = "CRAMPKIT_CLASS_FOLDER"


def class_folder() -> Path:
    """The class's survey folder: ``CRAMPKIT_CLASS_FOLDER`` when set (a hub sets it for the
    teacher and every student, so all their notebooks use one folder), else a
    ``class_survey`` folder in crampkit's data folder on this computer.

    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"CRAMPKIT_CLASS_FOLDER": "/srv/crampkit/class-7b"}):
    ...     str(class_folder())
    '/srv/crampkit/class-7b'
    """
    chosen = os.environ.get(CLASS_FOLDER_VARIABLE, "").strip()
    if chosen:
        return folder_path(chosen)
    return Path(data_dir()) / "class_survey"


def _numeric(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return int(value)
    return None


def _user_id(user, what: str) -> tuple[int, str]:
    """(uid, name) for a user name or a number; a number needs no entry in the user list
    (containers such as Zero to JupyterHub's run users with bare ids)."""
    number = _numeric(user)
    try:
        entry = pwd.getpwuid(number) if number is not None else pwd.getpwnam(user)
    except KeyError:
        if number is not None:
            return number, str(number)
        raise SurveyError(f"{what}: no user {repr(user)[:60]} on this computer") from None
    except TypeError:
        raise SurveyError(f"{what}: no user {repr(user)[:60]} on this computer") from None
    return entry.pw_uid, entry.pw_name


def _group_id(group, what: str) -> tuple[int, str]:
    number = _numeric(group)
    try:
        entry = grp.getgrgid(number) if number is not None else grp.getgrnam(group)
    except KeyError:
        if number is not None:
            return number, str(number)
        raise SurveyError(f"{what}: no group {repr(group)[:60]} on this computer") from None
    except TypeError:
        raise SurveyError(f"{what}: no group {repr(group)[:60]} on this computer") from None
    return entry.gr_gid, entry.gr_name


def _others_in_group(gid: int, teacher: str) -> list[str]:
    """Users other than ``teacher`` who are in group ``gid`` (as a member or primary group)."""
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:  # a bare group id: only primary groups can be checked
        members = set()
    members |= {u.pw_name for u in pwd.getpwall() if u.pw_gid == gid}
    return sorted(members - {teacher})


def make_drop_folder(path, teacher=None, teacher_group=None, min_group: int = MIN_GROUP) -> Path:
    """Make ``path`` a class drop folder: students add answers, only the teacher reads them.

    Run once by the teacher or by the hub's administrator (as root), before the lesson. The
    folder is owned by ``teacher`` (a user name or id; default: whoever runs this), its group
    is ``teacher_group`` (default: the teacher's own group), and its mode is 3733: everyone
    may add a file, nobody but the teacher may list the folder, and nobody may remove or
    rename a file they did not write. The group must hold nobody but the teacher, or its
    members could read every answer: otherwise :class:`SurveyError` says who is in it. The
    survey settings (the small-group threshold, see :func:`create_survey`) are written at
    once. From the command line::

        python -m crampkit.classroom make-drop-folder /srv/crampkit/class-7b \\
            --teacher jupyter-teacher --group crampkit-teachers
    """
    if os.name != "posix":
        raise SurveyError("a drop folder needs a Linux or macOS server (file modes); on one "
                          "computer the survey folder works as it is")
    _check_min_group(min_group)
    target = folder_path(path)
    uid, name = _user_id(os.geteuid() if teacher is None else teacher, "teacher")
    if teacher_group is None:
        try:
            teacher_group = pwd.getpwuid(uid).pw_gid
        except KeyError:
            raise SurveyError("teacher_group: give the teachers' group (the teacher "
                              f"{name} has no entry in this computer's user list)") from None
    gid, group = _group_id(teacher_group, "teacher_group")
    others = _others_in_group(gid, name)
    if others:
        shown = ", ".join(others[:5]) + (" ..." if len(others) > 5 else "")
        raise SurveyError(f"teacher_group: group {group!r} also holds {shown}, who could read "
                          "every answer; choose a group that holds only the teacher")
    try:
        if target.exists() and not target.is_dir():
            raise SurveyError(f"folder {str(target)[:300]!r} is a file, not a folder")
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        if any(not e.name.startswith(".") for e in os.scandir(target)):
            raise SurveyError(f"folder {str(target)[:300]!r} already holds files; a drop folder "
                              "starts empty (use a new folder for each survey)")
        info = os.stat(target)
        if (info.st_uid, info.st_gid) != (uid, gid):
            os.chown(target, uid, gid)
        os.chmod(target, DROP_FOLDER_MODE)
        create_survey(target, min_group)
        settings = _settings_path(target)
        if os.stat(settings).st_uid != uid:
            os.chown(settings, uid, gid)
        os.chmod(settings, DROP_SETTINGS_MODE)
    except OSError as err:
        raise SurveyError(f"folder {str(target)[:300]!r} cannot be made a drop folder "
                          f"({err.strerror or err}); run this as the teacher or as root") from None
    return target


def main(argv=None) -> int:
    """``python -m crampkit.classroom make-drop-folder PATH [--teacher U] [--group G]``."""
    parser = argparse.ArgumentParser(prog="python -m crampkit.classroom",
                                     description="Class survey tools for a teacher or a hub.")
    commands = parser.add_subparsers(dest="command", required=True)
    drop = commands.add_parser("make-drop-folder", help="make a survey folder students can "
                               "add answers to but not read (run as the teacher or root)")
    drop.add_argument("folder")
    drop.add_argument("--teacher", help="the teacher's user name (default: you)")
    drop.add_argument("--group", help="a group holding only the teacher "
                      "(default: the teacher's own group)")
    drop.add_argument("--min-group", type=int, default=MIN_GROUP,
                      help=f"the small-group threshold (at least {MIN_GROUP})")
    args = parser.parse_args(argv)
    try:
        folder = make_drop_folder(args.folder, args.teacher, args.group, args.min_group)
    except SurveyError as err:
        print(f"crampkit: {err}", file=sys.stderr)
        return 2
    print(f"drop folder ready: {folder} (mode {DROP_FOLDER_MODE:o}); set "
          f"{CLASS_FOLDER_VARIABLE}={folder} for the teacher and every student")
    return 0
