"""Where the class's answers go: the class folder setting and the drop folder for hubs.

One setting names the class's survey folder for the teacher's and the students' notebooks
alike: the environment variable ``CRAMPKIT_CLASS_FOLDER``, read only by :func:`class_folder`
(a hub sets it for every user; on one computer it defaults to a folder in crampkit's own data
folder). Three ways of collecting, with the same small-group rules:

* one computer (one account): the folder is 0700 and each answer 0600, as before;
* a hub (many accounts): a class folder made once by :func:`make_drop_folder`, owned by a
  service account of its own and served by the collector
  (:mod:`crampkit.classroom.collector`), group = a group only the teacher is in. Students
  hand answers to the collector and cannot write, list or read anything in the folder; the
  teacher reads the answers once the survey is closed, and no file names who wrote it;
* by hand: the teacher copies the answer files into one folder (as on one computer).

From the command line: ``python -m crampkit.classroom make-drop-folder FOLDER --collector
ACCOUNT --teacher USER --group GROUP``, and ``python -m crampkit.classroom collect FOLDER``
(the collector, run by the hub as ``ACCOUNT``).
"""
from __future__ import annotations

import argparse
import grp
import os
import pwd
import stat
import sys
from pathlib import Path

from crampkit.classroom import collector
from crampkit.classroom.survey import (
    DROP_FOLDER_MODE,
    DROP_SETTINGS_MODE,
    MIN_GROUP,
    SETTINGS_FILE,
    SurveyError,
    SurveySettings,
    check_min_group,
    folder_path,
    write_settings_file,
)
from crampkit.content import command_text, message
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
        raise SurveyError(message("class_no_user", field=what, typed=repr(user)[:60])) from None
    except TypeError:
        raise SurveyError(message("class_no_user", field=what, typed=repr(user)[:60])) from None
    return entry.pw_uid, entry.pw_name


def _group_id(group, what: str) -> tuple[int, str]:
    number = _numeric(group)
    try:
        entry = grp.getgrgid(number) if number is not None else grp.getgrnam(group)
    except KeyError:
        if number is not None:
            return number, str(number)
        raise SurveyError(message("class_no_group", field=what, typed=repr(group)[:60])) from None
    except TypeError:
        raise SurveyError(message("class_no_group", field=what, typed=repr(group)[:60])) from None
    return entry.gr_gid, entry.gr_name


def _others_in_group(gid: int, teacher: str) -> list[str]:
    """Users other than ``teacher`` who are in group ``gid`` (as a member or primary group)."""
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:  # a bare group id: only primary groups can be checked
        members = set()
    members |= {u.pw_name for u in pwd.getpwall() if u.pw_gid == gid}
    return sorted(members - {teacher})


def make_drop_folder(path, teacher=None, teacher_group=None, min_group: int = MIN_GROUP,
                     collector_account=None) -> Path:
    """Make ``path`` a new hub class folder: students hand in answers, only the teacher reads.

    Run once by the hub's administrator (as root), before the lesson. ``collector_account``
    (a user name or id; default: whoever runs this) is the service account the collector
    runs as (``python -m crampkit.classroom collect``): it owns the folder and every answer,
    so no file names a student. It must not be the teacher (the teacher could then swap the
    collector for one that notes who connects). ``teacher_group`` (default: the teacher's
    own group) may read the answers and close the survey; it must hold nobody but the
    teacher, or :class:`SurveyError` says who else is in it. The folder must not exist yet
    (one a student made, or one with settings in it, is refused), and its parent must not
    be writable by others (a sticky folder such as /tmp is fine). From the command line::

        python -m crampkit.classroom make-drop-folder /srv/crampkit/class-7b \\
            --collector crampkit-survey --teacher jupyter-teacher --group crampkit-teachers
    """
    if os.name != "posix":
        raise SurveyError(message("class_drop_needs_linux"))
    check_min_group(min_group)
    target = folder_path(path)
    owner, owner_name = _user_id(os.geteuid() if collector_account is None
                                 else collector_account, "collector")
    uid, name = _user_id(os.geteuid() if teacher is None else teacher, "teacher")
    if uid == owner and uid != 0:
        raise SurveyError(message("class_collector_is_teacher", teacher=name))
    if teacher_group is None:
        try:
            teacher_group = pwd.getpwuid(uid).pw_gid
        except KeyError:
            raise SurveyError(message("class_teacher_no_entry", teacher=name)) from None
    gid, group = _group_id(teacher_group, "teacher_group")
    others = sorted(set(_others_in_group(gid, name)) - {owner_name})
    if others:
        shown = ", ".join(others[:5]) + (" ..." if len(others) > 5 else "")
        raise SurveyError(message("class_group_not_only_teacher", group=repr(group), others=shown))
    _check_parent(target)
    try:
        target.mkdir(mode=0o700)  # atomic: a folder someone made first is never taken over
    except FileExistsError:
        raise SurveyError(message("class_folder_exists", path=repr(str(target)[:300]))) from None
    except OSError as err:
        raise SurveyError(message("class_folder_not_made", path=repr(str(target)[:300]),
                                  reason=err.strerror or err)) from None
    try:
        _lay_out(target, owner, gid, min_group)
    except OSError as err:
        raise SurveyError(message("class_folder_not_laid_out", path=repr(str(target)[:300]),
                                  reason=err.strerror or err)) from None
    return target


def _check_parent(target: Path) -> None:
    parent = target.parent
    shown = repr(str(parent)[:300])
    try:
        info = os.stat(parent)
    except FileNotFoundError:
        raise SurveyError(message("class_parent_missing", path=shown)) from None
    except OSError as err:
        raise SurveyError(message("class_parent_unusable", path=shown, reason=err.strerror or err)) from None
    if info.st_uid not in (0, os.geteuid()):  # its owner could swap the class folder
        raise SurveyError(message("class_parent_owner", path=shown))
    writable_by_others = info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX
    if writable_by_others:
        raise SurveyError(message("class_parent_writable", path=shown))


def _lay_out(target: Path, owner: int, gid: int, min_group: int) -> None:
    """The folder, answers/, private/spool/ and the settings, owned by the collector."""
    answers = target / collector.ANSWERS_DIR
    private = target / collector.PRIVATE_DIR
    spool = private / collector.SPOOL_DIR
    for folder, mode in ((answers, collector.ANSWERS_MODE), (private, 0o700), (spool, 0o700)):
        folder.mkdir(mode=0o700)
        os.chown(folder, owner, gid)
        os.chmod(folder, mode)
    write_settings_file(target, SurveySettings(min_group, closed=False, answers=()),
                        DROP_SETTINGS_MODE, gid)
    os.chown(target / SETTINGS_FILE, owner, gid)
    os.chown(target, owner, gid)
    os.chmod(target, DROP_FOLDER_MODE)


def main(argv=None) -> int:
    """``python -m crampkit.classroom make-drop-folder PATH ...`` or ``collect PATH``."""
    parser = argparse.ArgumentParser(prog="python -m crampkit.classroom",
                                     description=command_text("class_description"))
    commands = parser.add_subparsers(dest="command", required=True)
    drop = commands.add_parser("make-drop-folder", help=command_text("class_make_drop_folder_help"))
    drop.add_argument("folder")
    drop.add_argument("--collector", help=command_text("class_collector_help"))
    drop.add_argument("--teacher", help=command_text("class_teacher_help"))
    drop.add_argument("--group", help=command_text("class_group_help"))
    drop.add_argument("--min-group", type=int, default=MIN_GROUP,
                      help=command_text("class_min_group_help", min_group=MIN_GROUP))
    serve = commands.add_parser("collect", help=command_text("collect_help"))
    serve.add_argument("folder")
    serve.add_argument("--apps-account", help=command_text("collect_apps_account_help"))
    args = parser.parse_args(argv)
    try:
        if args.command == "collect":
            return _collect(args.folder, args.apps_account)
        folder = make_drop_folder(args.folder, args.teacher, args.group, args.min_group,
                                  args.collector)
    except SurveyError as err:
        print(f"crampkit: {err}", file=sys.stderr)
        return 2
    print(command_text("class_drop_folder_ready", folder=folder, mode=f"{DROP_FOLDER_MODE:o}",
                       variable=CLASS_FOLDER_VARIABLE))
    return 0


def _collect(folder, apps_account=None) -> int:
    import signal
    import threading

    def stop(signum, frame):
        raise SystemExit(0)

    # Python sets signal handlers only from the main thread; elsewhere (a test runner's
    # worker thread) SIGTERM keeps its default, which ends the process just the same.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    print(command_text("collect_serving", folder=folder), file=sys.stderr, flush=True)
    try:
        collector.serve(folder, apps_account=apps_account)
    except KeyboardInterrupt:
        pass
    return 0
