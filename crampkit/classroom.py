"""An anonymous class survey about leg cramps, and the tables an educator shows the class.

Each student answers a few multiple-choice questions (age band, never an exact age; sex,
optional; exercise; drinks; how often and when cramps happen). There are no names and no
free text. Each answer is saved as one small JSON file with a random name, so a folder of
answers says nothing about who wrote which file. The educator loads the folder and sees
class tables and charts.

The small-group rule (``MIN_GROUP`` = 5): no table ever shows a group of 1 to 4 students,
because a group that small can single someone out ("the only 17-year-old drinks ...").

* A class with fewer than 5 answers shows nothing but a message.
* In a table that splits the class (each student in exactly one row), every row with 1 to 4
  students is merged into one "other/combined" row. If that row still has fewer than 5,
  the smallest other row is merged in too, until it has at least 5. Every shown row then has
  0 or at least 5 students, and so does what is left when you subtract shown rows from the
  total, so a small group cannot be worked out by subtraction.
* A yes/no count inside a group (such as "reached the drinks target") is shown only when
  both the "yes" and the "no" side have 0 or at least 5 students; otherwise it is hidden,
  and any total that would let someone subtract their way to it is hidden too.
* "When cramps happen" is counted among students who have cramps; that number is only shown
  when both it and the number who never have cramps are 0 or at least 5.

``min_group`` may be raised (say, to 10) but never lowered below 5.

Privacy across views and over time. A survey folder holds a settings file
(``.crampkit-survey.json``) written when the survey is created: the small-group threshold is
fixed there, once, so two views of one class can never use different thresholds (comparing
a view at 5 with one at 6 would reveal a group of 1 to 4). Class results are shown only
after the educator closes the survey (:func:`close_survey`): the names of the answers are
recorded then, a closed survey refuses late answers, and a file that appears later is
skipped, so reloading can never reveal one late answer by difference.

Where answers go. One setting names the class's survey folder for the teacher's and the
students' notebooks alike: the environment variable ``CRAMPKIT_CLASS_FOLDER``, read only by
:func:`class_folder` (a hub sets it for every user; on one computer it defaults to a folder in
crampkit's own data folder). Three ways of collecting, with the same small-group rules:

* one computer (one account): the folder is 0700 and each answer 0600, as before;
* a hub (many accounts): a *drop folder* made once by :func:`make_drop_folder` (owned by the
  teacher, mode 3733, group = a group only the teacher is in). Students may add an answer
  but cannot list, read, change or delete anyone's; each answer is created under a random
  name with mode 0640, so it takes the folder's group and only the teacher can read it;
* by hand: the teacher copies the answer files into one folder (as on one computer).

What anonymous files cannot prevent: one person sending several answers (or copying files
into the folder) can make a group look bigger than it is. A class avoids it by having
every student answer once, at the same time, on the form, and by closing the survey
straight after.

>>> r = SurveyResponse(age_band="14-16", exercise_band="60-149", drinks_litres_per_day=1.5,
...                    cramp_frequency="monthly", cramp_when=("night",))
>>> r.sex, r.cramp_when
('unspecified', ('night',))
>>> SurveyResponse.from_record(r.to_record()) == r
True
"""
from __future__ import annotations

import json
import math
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from crampkit import safe_files
from crampkit.checks import CrampkitInputError, NumberProblem, parse_number

SCHEMA = "crampkit-survey"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = safe_files.MAX_SURVEY_BYTES  # 64 KB; one answer is about 250 bytes
MAX_FILES = 5000  # a class is far smaller; more files than this are not read at all
MIN_GROUP = 5
SETTINGS_FILE = ".crampkit-survey.json"
SETTINGS_SCHEMA = "crampkit-survey-settings"
#: The one setting that names the class's survey folder (see :func:`class_folder`).
CLASS_FOLDER_VARIABLE = "CRAMPKIT_CLASS_FOLDER"
#: A drop folder: owner rwx, group and others write+enter only (no listing), setgid (answers
#: take the folder's group), sticky (nobody but the owner removes or renames another's file).
DROP_FOLDER_MODE = 0o3733
DROP_ANSWER_MODE = 0o640  # the student who wrote it, and the teacher's group, may read it
DROP_SETTINGS_MODE = 0o644  # students' forms must read "closed?"; only the teacher may change it

AGE_BANDS = ("11-13", "14-16", "17-18", "19-30", "31-50", "51+")
# A typical age inside each band, used only to look up the band's drinks target; each sits
# inside a single life-stage group of the intake tables (9-13, 14-18, 19-30, 31-50, 51-70).
REPRESENTATIVE_AGE = {"11-13": 12, "14-16": 15, "17-18": 17, "19-30": 25, "31-50": 40, "51+": 60}
SEXES = ("female", "male", "unspecified")
EXERCISE_BANDS = ("0", "1-59", "60-149", "150-299", "300+")
DRINKS_CHOICES = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
FREQUENCIES = ("never", "less_than_monthly", "monthly", "weekly", "several_per_week")
TIMINGS = ("night", "rest", "during_activity", "after_activity")

AGE_BAND_LABELS = {band: f"{band} years" for band in AGE_BANDS}
SEX_LABELS = {"female": "Female", "male": "Male", "unspecified": "Prefer not to say"}
EXERCISE_LABELS = {
    "0": "None",
    "1-59": "Less than 1 hour a week",
    "60-149": "1 to 2.5 hours a week",
    "150-299": "2.5 to 5 hours a week",
    "300+": "More than 5 hours a week",
}
DRINKS_LABELS = {
    0.5: "About 0.5 litre (2 glasses) or less",
    1.0: "About 1 litre (4 glasses)",
    1.5: "About 1.5 litres (6 glasses)",
    2.0: "About 2 litres (8 glasses)",
    2.5: "About 2.5 litres (10 glasses)",
    3.0: "About 3 litres (12 glasses) or more",
}
FREQUENCY_LABELS = {
    "never": "Never",
    "less_than_monthly": "Less than once a month",
    "monthly": "About once a month",
    "weekly": "About once a week",
    "several_per_week": "Several times a week",
}
TIMING_LABELS = {
    "night": "At night, in bed",
    "rest": "While sitting or resting",
    "during_activity": "During sport or exercise",
    "after_activity": "After sport or exercise",
}
COMBINED_LABEL = "other/combined"

PRIVACY_RULE = (
    "No group of fewer than 5 students is ever shown: small groups are merged into an "
    "'other/combined' group or hidden, and a class with fewer than 5 answers shows only a "
    "message. Nobody can be singled out."
)
TARGET_NOTE = (
    "Drinks targets are the everyday amount from drinks for a typical age in each band "
    "(before extra for sport or hot weather); food supplies the rest of the day's water."
)


class SurveyError(CrampkitInputError):
    """A survey answer, file, folder or table that crampkit cannot use; the message says why."""


def _choice(field_name: str, value: Any, allowed: tuple) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise SurveyError(f"{field_name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _drinks(value: Any) -> float:
    allowed = ", ".join(f"{c:g}" for c in DRINKS_CHOICES)
    try:
        number = parse_number(value, text=False)
    except NumberProblem:
        number = None
    for choice in DRINKS_CHOICES:
        if number is not None and math.isclose(number, choice):
            return choice
    raise SurveyError(f"drinks_litres_per_day must be one of {allowed} (litres); got {value!r}")


@dataclass(frozen=True)
class SurveyResponse:
    """One student's anonymous answer: bands and fixed choices only, nothing identifying."""

    age_band: str
    exercise_band: str
    drinks_litres_per_day: float
    cramp_frequency: str
    cramp_when: tuple[str, ...] = ()
    sex: str = "unspecified"

    def __post_init__(self) -> None:
        _choice("age_band", self.age_band, AGE_BANDS)
        _choice("exercise_band", self.exercise_band, EXERCISE_BANDS)
        object.__setattr__(self, "drinks_litres_per_day", _drinks(self.drinks_litres_per_day))
        _choice("cramp_frequency", self.cramp_frequency, FREQUENCIES)
        _choice("sex", self.sex, SEXES)
        when = self.cramp_when
        if isinstance(when, str) or not isinstance(when, (tuple, list, set, frozenset)):
            raise SurveyError(
                f"cramp_when must be a list drawn from {', '.join(TIMINGS)}; got {when!r}"
            )
        for item in when:
            _choice("cramp_when", item, TIMINGS)
        if when and self.cramp_frequency == "never":
            raise SurveyError(
                f"cramp_when must be empty when cramp_frequency is 'never'; got {tuple(when)!r}"
            )
        object.__setattr__(self, "cramp_when", tuple(t for t in TIMINGS if t in set(when)))

    def to_record(self) -> dict:
        """The JSON-ready record, with the schema marker first."""
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "age_band": self.age_band,
            "sex": self.sex,
            "exercise_band": self.exercise_band,
            "drinks_litres_per_day": self.drinks_litres_per_day,
            "cramp_frequency": self.cramp_frequency,
            "cramp_when": list(self.cramp_when),
        }

    @classmethod
    def from_record(cls, record: Any) -> "SurveyResponse":
        """Rebuild an answer from a version-1 record; ``SurveyError`` says what is wrong."""
        if not isinstance(record, dict):
            raise SurveyError(f"a survey record must be a JSON object; got {type(record).__name__}")
        expected = set(cls(*_EXAMPLE).to_record())
        missing = sorted(expected - set(record))
        extra = sorted(set(record) - expected)
        if missing:
            raise SurveyError(f"missing field(s): {', '.join(missing)}")
        if extra:
            shown = ", ".join(repr(str(name)[:30]) for name in extra[:3])
            raise SurveyError(f"unexpected field(s): {shown}")
        return cls(
            age_band=record["age_band"],
            exercise_band=record["exercise_band"],
            drinks_litres_per_day=record["drinks_litres_per_day"],
            cramp_frequency=record["cramp_frequency"],
            cramp_when=record["cramp_when"] if isinstance(record["cramp_when"], list)
            else record["cramp_when"],
            sex=record["sex"],
        )


_EXAMPLE = ("14-16", "0", 1.0, "never")


def folder_path(folder) -> Path:
    """``folder`` as a Path when it is a usable folder name; else :class:`SurveyError`.

    >>> folder_path(None)
    Traceback (most recent call last):
    ...
    crampkit.classroom.SurveyError: folder must be a folder path; got None
    """
    path = None
    if isinstance(folder, str) and folder.strip() and "\x00" not in folder:
        path = Path(folder)
    elif isinstance(folder, Path) or (hasattr(folder, "__fspath__") and not isinstance(folder, bytes)):
        path = Path(folder)
    if path is not None:
        try:
            os.fsencode(path)
            return path
        except (UnicodeError, TypeError):  # a lone surrogate: no file system holds the name
            pass
    raise SurveyError(f"folder must be a folder path; got {repr(folder)[:60]}")


@dataclass(frozen=True)
class SurveySettings:
    """A survey folder's fixed settings: the small-group threshold, and whether (and with
    which answers) the educator closed it. ``answers`` is None for a folder made before
    surveys had settings (every answer file counts, and it is treated as closed)."""

    min_group: int = MIN_GROUP
    closed: bool = False
    answers: tuple[str, ...] | None = ()
    stored: bool = True

    def to_record(self) -> dict:
        return {"schema": SETTINGS_SCHEMA, "version": 1, "min_group": self.min_group,
                "closed": self.closed, "answers": list(self.answers or ())}


def _settings_path(folder: Path) -> Path:
    return folder / SETTINGS_FILE


def survey_settings(folder) -> SurveySettings:
    """The settings stored in a survey folder (see the module docstring).

    A folder without a settings file (made by an older crampkit, or the shipped demo class)
    counts as closed, with the usual threshold of 5 and every answer in it.
    """
    source = folder_path(folder)
    path = _settings_path(source)
    if not os.path.lexists(path):
        return SurveySettings(MIN_GROUP, closed=True, answers=None, stored=False)
    try:
        record = safe_files.read_json(path, max_bytes=MAX_FILE_BYTES, what=SETTINGS_FILE,
                                      folder=source)
    except safe_files.SafeFileError as err:
        raise SurveyError(f"the survey settings cannot be read ({err.reason}); the class "
                          "results stay hidden until it is fixed") from None
    ok = (isinstance(record, dict) and record.get("schema") == SETTINGS_SCHEMA
          and isinstance(record.get("min_group"), int) and not isinstance(record.get("min_group"), bool)
          and record["min_group"] >= MIN_GROUP and isinstance(record.get("closed"), bool)
          and isinstance(record.get("answers"), list)
          and all(isinstance(a, str) for a in record["answers"]))
    if not ok:
        raise SurveyError(f"the survey settings file {SETTINGS_FILE} is damaged; the class "
                          "results stay hidden until it is fixed")
    return SurveySettings(record["min_group"], record["closed"], tuple(record["answers"]))


def _write_settings(folder: Path, settings: SurveySettings) -> None:
    text = json.dumps(settings.to_record(), indent=1) + "\n"
    try:
        if not is_drop_folder(folder):
            safe_files.write_private(_settings_path(folder), text)
            return
        # A drop folder: students' forms must be able to read it (0644), written in one step.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{SETTINGS_FILE}.",
                                             suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, DROP_SETTINGS_MODE)
            os.replace(temporary, _settings_path(folder))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise SurveyError(f"folder {safe_files.shown_name(folder)} cannot be used "
                          f"({err.strerror or err})") from None


def _usable_folder(folder) -> Path:
    target = folder_path(folder)
    try:
        if target.exists() and not target.is_dir():
            raise SurveyError(f"folder {str(target)[:300]!r} is a file, not a folder")
        safe_files.private_folder(target)
    except OSError as err:
        raise SurveyError(f"folder {str(target)[:300]!r} cannot be used ({err.strerror or err})") from None
    return target


def create_survey(folder, min_group: int = MIN_GROUP) -> SurveySettings:
    """Start a survey in ``folder`` with its small-group threshold fixed once, for good.

    Calling it again with the same threshold is fine; a different one is a
    :class:`SurveyError` (two thresholds for one class would let a small group be worked
    out by comparing views).
    """
    _check_min_group(min_group)
    target = _usable_folder(folder)
    if os.path.lexists(_settings_path(target)):
        settings = survey_settings(target)
        if settings.min_group != min_group:
            raise SurveyError(f"min_group: this survey's threshold was fixed at "
                              f"{settings.min_group} when it was created; it cannot change")
        return settings
    settings = SurveySettings(min_group, closed=False, answers=())
    _write_settings(target, settings)
    return settings


def close_survey(folder) -> SurveySettings:
    """Close the survey in ``folder``: no more answers are taken, and the class results
    use exactly the answers present now (their names are stored). Closing twice is fine."""
    target = folder_path(folder)
    settings = survey_settings(target)
    if settings.closed and settings.stored:
        return settings
    try:  # every file present now (a damaged one stays skipped for its own reason)
        names = tuple(sorted(e.name for e in os.scandir(target) if not e.name.startswith(".")))
    except OSError as err:
        raise SurveyError(f"folder {str(target)[:300]!r} cannot be read "
                          f"({err.strerror or err})") from None
    settings = SurveySettings(settings.min_group, closed=True, answers=names)
    _write_settings(target, settings)
    return settings


def save_response(resp: SurveyResponse, folder) -> Path:
    """Write one answer as a small JSON file with a random name in ``folder``; return its path.

    The name holds no identity or time (``survey-<random hex>.json``); the folder is created
    if needed (with the survey's settings), and an existing file is never overwritten. The
    file is readable by its owner only (0600). A closed survey refuses the answer.
    """
    if not isinstance(resp, SurveyResponse):
        raise SurveyError(f"resp must be a SurveyResponse; got {type(resp).__name__}")
    target = _usable_folder(folder)
    settings = survey_settings(target)
    if not settings.stored:
        settings = create_survey(target)
    if settings.closed:
        raise SurveyError("this survey is closed, so no more answers are taken; ask your "
                          "teacher")
    data = (json.dumps(resp.to_record(), indent=1) + "\n").encode("utf-8")
    mode = DROP_ANSWER_MODE if is_drop_folder(target) else safe_files.FILE_MODE
    while True:
        path = target / f"survey-{secrets.token_hex(8)}.json"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), mode)
        except FileExistsError:  # pragma: no cover - 64 random bits; try another name
            continue
        except OSError as err:
            raise SurveyError(f"folder {str(target)[:300]!r} cannot be used "
                              f"({err.strerror or err})") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                if os.name == "posix":  # exactly this mode, whatever the umask
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
        except OSError as err:
            path.unlink(missing_ok=True)
            raise SurveyError(f"the answer could not be saved ({err.strerror or err})") from None
        return path


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
    from crampkit.diary import data_dir

    return Path(data_dir()) / "class_survey"


def is_drop_folder(folder) -> bool:
    """True when ``folder`` is a hub drop folder (setgid and sticky, not readable by others):
    answers written there are 0640 so the teacher's group can read them."""
    if os.name != "posix":
        return False
    try:
        mode = os.stat(folder_path(folder)).st_mode
    except OSError:
        return False
    return (stat.S_ISDIR(mode) and bool(mode & stat.S_ISGID) and bool(mode & stat.S_ISVTX)
            and not mode & stat.S_IROTH)


def _numeric(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return int(value)
    return None


def _user_id(user, what: str) -> tuple[int, str]:
    """(uid, name) for a user name or a number; a number needs no entry in the user list
    (containers such as Zero to JupyterHub's run users with bare ids)."""
    import pwd

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
    import grp

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
    import grp
    import pwd

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
    import pwd

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


RESPONSE_COLUMNS = (
    "file", "age_band", "sex", "exercise_band", "drinks_litres_per_day", "cramp_frequency",
    "has_cramps", *(f"when_{t}" for t in TIMINGS),
)


@dataclass
class LoadResult:
    """The answers that loaded (one row each) and the files skipped, each with the reason."""

    responses: Any  # pandas.DataFrame with RESPONSE_COLUMNS
    skipped: list[tuple[str, str]] = field(default_factory=list)
    settings: SurveySettings | None = None


def _read_one(path: Path, folder: Path | None = None) -> SurveyResponse:
    if path.suffix.lower() != ".json":
        raise SurveyError("not a crampkit survey file (survey files end in .json)")
    try:  # a regular file inside the folder only, at most MAX_FILE_BYTES, checked JSON
        record = safe_files.read_json(path, max_bytes=MAX_FILE_BYTES, what="file",
                                      folder=folder if folder is not None else path.parent)
    except safe_files.SafeFileError as err:
        if "larger than" in err.reason:
            raise SurveyError(f"too large; a survey file is under {MAX_FILE_BYTES // 1024} KB") \
                from None
        if not err.damaged:
            raise SurveyError(f"not read: {err.reason}") from None
        raise SurveyError(f"damaged: {err.reason}") from None
    if not isinstance(record, dict) or record.get("schema") != SCHEMA:
        raise SurveyError("not a crampkit survey file")
    version = record.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SurveyError(f"damaged: schema version {version!r} is not a whole number from 1")
    if version > SCHEMA_VERSION:
        raise SurveyError(
            f"made by a newer crampkit (survey version {version}; this one reads up to "
            f"{SCHEMA_VERSION}): update crampkit to include it"
        )
    try:
        return SurveyResponse.from_record(record)
    except SurveyError as err:
        raise SurveyError(f"damaged: {err}") from None


def _frame(rows: list[dict]):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(RESPONSE_COLUMNS))
    for column, allowed in (("age_band", AGE_BANDS), ("sex", SEXES),
                            ("exercise_band", EXERCISE_BANDS), ("cramp_frequency", FREQUENCIES)):
        frame[column] = pd.Categorical(frame[column], categories=list(allowed), ordered=True)
    frame["drinks_litres_per_day"] = frame["drinks_litres_per_day"].astype(float)
    for column in ("has_cramps", *(f"when_{t}" for t in TIMINGS)):
        frame[column] = frame[column].astype(bool)
    return frame


def responses_frame(responses) -> Any:
    """A DataFrame (``RESPONSE_COLUMNS``) from an iterable of :class:`SurveyResponse`.

    >>> bool(responses_frame([SurveyResponse("14-16", "0", 2, "weekly", ["rest"])]).loc[0, "when_rest"])
    True
    """
    if isinstance(responses, (str, bytes, dict)) or not hasattr(responses, "__iter__"):
        raise SurveyError(f"responses must be a list of SurveyResponse; got {type(responses).__name__}")
    rows = []
    for number, resp in enumerate(responses):
        if not isinstance(resp, SurveyResponse):
            raise SurveyError(f"responses[{number}] must be a SurveyResponse; got {resp!r}")
        rows.append(_row(f"answer-{number + 1}", resp))
    return _frame(rows)


def _row(name: str, resp: SurveyResponse) -> dict:
    row = {
        "file": name,
        "age_band": resp.age_band,
        "sex": resp.sex,
        "exercise_band": resp.exercise_band,
        "drinks_litres_per_day": resp.drinks_litres_per_day,
        "cramp_frequency": resp.cramp_frequency,
        "has_cramps": resp.cramp_frequency != "never",
    }
    row.update({f"when_{t}": t in resp.cramp_when for t in TIMINGS})
    return row


def load_responses(folder) -> LoadResult:
    """Load every survey file in ``folder``; skip (and name) any file that is not usable.

    A file is skipped, with the reason, when it is not a crampkit survey file, is damaged,
    is larger than 64 KB, comes from a newer survey version, is not a regular file (a pipe,
    a device, a link to a file elsewhere), is a second name for a file already counted
    (a hard or symbolic link), or arrived after the survey was closed. Nothing is read from
    a pipe or a device, so loading never hangs. Hidden files (names starting with ".") and
    sub-folders are ignored. Rows are in file-name order, which is random.
    """
    source = folder_path(folder)
    try:
        is_folder = source.is_dir()
    except OSError:  # e.g. a name too long for the file system
        is_folder = False
    if not is_folder:
        raise SurveyError(f"folder {str(source)!r} does not exist or is not a folder")
    settings = survey_settings(source)
    rows, skipped, _ = _load_files(source, settings)
    return LoadResult(responses=_frame(rows), skipped=skipped, settings=settings)


def _load_files(source: Path, settings: SurveySettings | None):
    """(rows, skipped, names loaded) for the answer files in ``source``."""
    allowed = None if settings is None or not settings.closed or settings.answers is None \
        else set(settings.answers)
    rows, skipped, names, seen = [], [], [], set()
    try:
        entries = sorted(os.scandir(source), key=lambda e: e.name)
    except OSError as err:
        raise SurveyError(f"folder {str(source)!r} cannot be read ({err.strerror or err})") from None
    for number, entry in enumerate(entries):
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            pass
        shown = safe_files.one_line(name, 80)
        if number >= MAX_FILES:
            skipped.append((shown, f"not read: the folder has more than {MAX_FILES} files"))
            continue
        if allowed is not None and name not in allowed:
            skipped.append((shown, "arrived after the survey was closed, so it is not counted"))
            continue
        try:
            if entry.is_symlink():
                raise SurveyError("not read: it is a link, not an answer file")
            info = os.stat(entry.path, follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                raise SurveyError("not read: it is not a regular file (a pipe or a device)")
            key = (info.st_dev, info.st_ino)
            if key in seen:
                raise SurveyError("not counted: it is a second name for a file already counted")
            resp = _read_one(Path(entry.path), source)
            seen.add(key)
        except SurveyError as err:
            skipped.append((shown, str(err)))
            continue
        except OSError as err:
            skipped.append((shown, f"could not be read ({err.strerror or err})"))
            continue
        rows.append(_row(name, resp))
        names.append(name)
    return rows, skipped, names


def class_summary(folder, min_group: int | None = None) -> tuple[LoadResult, "ClassSummary"]:
    """The class results for a survey folder, as the educator's dashboard shows them.

    The threshold is the folder's own (``min_group`` may be given only to check it). While
    the survey is open nothing is shown but a message: close it first (:func:`close_survey`).
    """
    result = load_responses(folder)
    settings = result.settings
    if min_group is not None:
        _check_min_group(min_group)
        if min_group != settings.min_group:
            raise SurveyError(f"min_group: this survey's threshold is fixed at "
                              f"{settings.min_group} (set when it was created); every view of "
                              "the class uses it")
    if not settings.closed:
        empty_freq, empty_timing, empty_drinks = _empty_tables()
        return result, ClassSummary(
            False, "The survey is still open, so no class results are shown yet. Close the "
                   "survey when everyone has answered; then the results appear.",
            None, None, empty_freq, empty_timing, empty_drinks, (), settings.min_group)
    return result, aggregate(result.responses, settings.min_group)


def demo_class_folder() -> Path:
    """The folder of the synthetic demo class shipped with crampkit (about 30 answers)."""
    from crampkit.content import data_file

    return Path(str(data_file("demo_class")))


def new_practice_folder() -> Path:
    """A new empty temporary folder for trying the survey form without touching the repo."""
    return Path(tempfile.mkdtemp(prefix="crampkit-survey-"))


# --- drinks targets ---------------------------------------------------------------------

def target_litres(age_band: str, sex: str = "unspecified") -> float:
    """The everyday drinks target (litres a day) for a typical age in ``age_band``.

    Uses :func:`crampkit.hydration.drinks_target` with the band's representative age, no
    extra for sport or heat; "unspecified" sex gets the higher of the female/male values.
    """
    _choice("age_band", age_band, AGE_BANDS)
    _choice("sex", sex, SEXES)
    return _target_cached(age_band, sex)


@lru_cache(maxsize=None)
def _target_cached(age_band: str, sex: str) -> float:
    from crampkit.topics.hydration import drinks_target

    return float(drinks_target(REPRESENTATIVE_AGE[age_band], sex).litres)


# --- aggregation with small-group suppression --------------------------------------------

@dataclass(frozen=True)
class ClassSummary:
    """Class tables that never show a group of 1 to ``min_group - 1`` students.

    ``frequency``: group, students, percent (of the class).
    ``timing``: group, students, percent (of students who have cramps).
    ``drinks``: group, students, target_low_litres, target_high_litres,
    median_drinks_litres, reached_target, reached_target_percent (missing when hidden).
    ``notes`` say what was merged or hidden, never how many were in a hidden group.
    """

    shown: bool
    message: str
    students: int | None
    with_cramps: int | None
    frequency: Any
    timing: Any
    drinks: Any
    notes: tuple[str, ...] = ()
    min_group: int = MIN_GROUP


def _allowed_count(count: int, base: int, min_group: int) -> bool:
    """True when ``count`` of ``base`` can be shown: both it and the rest are 0 or >= min."""
    rest = base - count
    return (count == 0 or count >= min_group) and (rest == 0 or rest >= min_group)


def _percent(count: int, base: int) -> int:
    return int(math.floor(100 * count / base + 0.5)) if base else 0


def merge_small_groups(counts: dict, min_group: int = MIN_GROUP) -> list[tuple[str, int, tuple]]:
    """Rows (label, count, members) for a split of the class, with small groups merged.

    Groups of 1 to ``min_group - 1`` go into one "other/combined" row (last); while that row
    has fewer than ``min_group``, the smallest remaining non-empty group joins it. Empty
    groups stay as 0.

    >>> merge_small_groups({"a": 10, "b": 3, "c": 0, "d": 6})
    [('a', 10, ('a',)), ('c', 0, ('c',)), ('other/combined: b, d', 9, ('b', 'd'))]
    >>> merge_small_groups({"a": 10, "b": 5})
    [('a', 10, ('a',)), ('b', 5, ('b',))]
    """
    _check_min_group(min_group)
    if not isinstance(counts, dict) or not all(
            isinstance(k, str) and not isinstance(v, bool) and isinstance(v, int) and v >= 0
            for k, v in counts.items()):
        raise SurveyError(f"counts must map group names to whole numbers from 0; got {repr(counts)[:60]}")
    order = list(counts)
    merged = [k for k in order if 0 < counts[k] < min_group]
    if merged:
        while sum(counts[k] for k in merged) < min_group:
            candidates = [k for k in order if k not in merged and counts[k] > 0]
            if not candidates:
                break
            smallest = min(counts[k] for k in candidates)
            merged.append([k for k in candidates if counts[k] == smallest][-1])
        merged = [k for k in order if k in merged]
    rows = [(k, int(counts[k]), (k,)) for k in order if k not in merged]
    if merged:
        label = f"{COMBINED_LABEL}: " + ", ".join(merged)
        rows.append((label, int(sum(counts[k] for k in merged)), tuple(merged)))
    return rows


def _check_min_group(min_group: Any) -> None:
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < MIN_GROUP:
        raise SurveyError(
            f"min_group must be a whole number of at least {MIN_GROUP}; got {min_group!r}"
        )


def _check_frame(df) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise SurveyError(f"df must be a pandas DataFrame of answers; got {type(df).__name__}")
    needed = ["age_band", "sex", "drinks_litres_per_day", "cramp_frequency",
              *(f"when_{t}" for t in TIMINGS)]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise SurveyError(f"df is missing column(s): {', '.join(missing)}")
    for column, allowed in (("age_band", AGE_BANDS), ("sex", SEXES),
                            ("cramp_frequency", FREQUENCIES)):
        bad = sorted({str(v) for v in df[column] if v not in allowed})
        if bad:
            raise SurveyError(f"df column {column} has {bad[0]!r}; allowed: {', '.join(allowed)}")
    for value in df["drinks_litres_per_day"]:
        _drinks(value.item() if hasattr(value, "item") else value)


def _labelled(rows, labels: dict) -> list[tuple[str, int]]:
    out = []
    for label, count, members in rows:
        if len(members) == 1 and not label.startswith(COMBINED_LABEL):
            out.append((labels.get(members[0], members[0]), count))
        else:
            out.append((f"{COMBINED_LABEL}: " + ", ".join(labels.get(m, m) for m in members),
                        count))
    return out


def _empty_tables():
    import pandas as pd

    return (
        pd.DataFrame(columns=["group", "students", "percent"]),
        pd.DataFrame(columns=["group", "students", "percent"]),
        pd.DataFrame(columns=["group", "students", "target_low_litres", "target_high_litres",
                              "median_drinks_litres", "reached_target",
                              "reached_target_percent"]),
    )


def aggregate(df, min_group: int = MIN_GROUP) -> ClassSummary:
    """Class tables from loaded answers, applying the small-group rule (module docstring).

    ``df`` is ``load_responses(folder).responses`` (or :func:`responses_frame`).
    """
    import pandas as pd

    _check_min_group(min_group)
    _check_frame(df)
    total = int(len(df))
    empty_freq, empty_timing, empty_drinks = _empty_tables()
    if total < min_group:
        message = (f"Fewer than {min_group} answers so far, so nothing is shown yet: the class "
                   f"tables appear once at least {min_group} students have answered.")
        return ClassSummary(False, message, None, None, empty_freq, empty_timing, empty_drinks,
                            (), min_group)

    notes: list[str] = []
    freq_counts = {f: int((df["cramp_frequency"] == f).sum()) for f in FREQUENCIES}
    never = freq_counts["never"]
    with_cramps = total - never

    # How common: first never / any cramps, then the detail among those with cramps.
    if _allowed_count(with_cramps, total, min_group):
        detail = merge_small_groups({f: freq_counts[f] for f in FREQUENCIES[1:]}, min_group)
        rows = [("never", never, ("never",))] + detail
        shown_with_cramps: int | None = with_cramps
    else:
        rows = merge_small_groups(freq_counts, min_group)
        shown_with_cramps = None
        notes.append("How many students have cramps at all is hidden: one side is too small.")
    if any(len(members) > 1 for _, _, members in rows):
        notes.append("Some answers to 'how often' were merged into 'other/combined' because "
                     f"fewer than {min_group} students gave them.")
    frequency = pd.DataFrame(
        [(label, count, _percent(count, total)) for label, count in _labelled(rows, FREQUENCY_LABELS)],
        columns=["group", "students", "percent"],
    )

    # When: among students with cramps, each time a yes/no split of that group.
    timing_rows = []
    if shown_with_cramps:
        has = df["cramp_frequency"] != "never"
        counts = {t: int((df[f"when_{t}"].astype(bool) & has).sum()) for t in TIMINGS}
        hidden = [t for t in TIMINGS if not _allowed_count(counts[t], with_cramps, min_group)]
        for t in TIMINGS:
            if t not in hidden:
                timing_rows.append((TIMING_LABELS[t], counts[t],
                                    _percent(counts[t], with_cramps)))
        if len(hidden) >= 2:
            either = df[[f"when_{t}" for t in hidden]].astype(bool).any(axis=1) & has
            union = int(either.sum())
            if _allowed_count(union, with_cramps, min_group):
                label = f"{COMBINED_LABEL}: " + ", ".join(TIMING_LABELS[t] for t in hidden)
                timing_rows.append((label, union, _percent(union, with_cramps)))
                hidden = []
        if hidden:
            notes.append("Some times of day are hidden because fewer than "
                         f"{min_group} students (or all but fewer than {min_group}) chose them: "
                         + ", ".join(TIMING_LABELS[t] for t in hidden) + ".")
        elif any(r[0].startswith(COMBINED_LABEL) for r in timing_rows):
            notes.append("Some times of day were merged into 'other/combined'.")
    elif with_cramps:
        notes.append("'When cramps happen' is hidden: too few students in one group.")
    timing = pd.DataFrame(timing_rows, columns=["group", "students", "percent"])

    # Drinks against the target for each age band (bands merged by the same rule).
    own_target = [target_litres(band, sex) for band, sex in zip(df["age_band"], df["sex"])]
    reached = df["drinks_litres_per_day"].astype(float).to_numpy() >= (
        pd.Series(own_target, index=df.index).to_numpy() - 1e-9)
    band_counts = {b: int((df["age_band"] == b).sum()) for b in AGE_BANDS}
    band_rows = [r for r in merge_small_groups(band_counts, min_group) if r[1] > 0]
    if any(len(members) > 1 for _, _, members in band_rows):
        notes.append("Some age bands were merged into 'other/combined' because fewer than "
                     f"{min_group} students were in them.")
    drink_rows, any_hidden = [], False
    for label, count, members in band_rows:
        in_group = df["age_band"].isin(members).to_numpy()
        targets = [target_litres(b, s) for b in members for s in SEXES]
        n_reached = int(reached[in_group].sum())
        show = _allowed_count(n_reached, count, min_group)
        any_hidden = any_hidden or not show
        name = AGE_BAND_LABELS[members[0]] if len(members) == 1 else (
            f"{COMBINED_LABEL}: " + ", ".join(AGE_BAND_LABELS[m] for m in members))
        drink_rows.append((name, count, min(targets), max(targets),
                           float(df.loc[in_group, "drinks_litres_per_day"].astype(float).median()),
                           n_reached if show else None,
                           _percent(n_reached, count) if show else None))
    if len(drink_rows) > 1:
        n_reached = int(reached.sum())
        show = not any_hidden and _allowed_count(n_reached, total, min_group)
        all_targets = [target_litres(b, s) for b in AGE_BANDS if band_counts[b] for s in SEXES]
        drink_rows.append(("Whole class", total, min(all_targets), max(all_targets),
                           float(df["drinks_litres_per_day"].astype(float).median()),
                           n_reached if show else None,
                           _percent(n_reached, total) if show else None))
    if any_hidden:
        notes.append("'Reached the drinks target' is hidden where fewer than "
                     f"{min_group} students (or all but fewer than {min_group}) reached it.")
    drinks = pd.DataFrame(drink_rows, columns=list(empty_drinks.columns))
    drinks["reached_target"] = drinks["reached_target"].astype("Int64")
    drinks["reached_target_percent"] = drinks["reached_target_percent"].astype("Int64")

    message = f"{total} answers. " + (
        f"{shown_with_cramps} of {total} students ({_percent(shown_with_cramps, total)}%) "
        "have leg cramps at least sometimes." if shown_with_cramps is not None else "")
    return ClassSummary(True, message.strip(), total, shown_with_cramps, frequency, timing,
                        drinks, tuple(notes), min_group)


# --- the educators' guide: lesson plans, answer keys, app links ----------------------------

LESSON_TABLE = "lesson_plans.csv"
LESSON_PARTS = ("warm_up", "activity", "discussion", "exit")


@dataclass(frozen=True)
class LessonPlan:
    """A lesson of about 45 minutes built around one notebook (a row of lesson_plans.csv)."""

    notebook: str
    title: str
    objectives: tuple[str, ...]
    warm_up: str
    activity: tuple[str, ...]
    discussion_prompts: tuple[str, ...]
    exit_question: str
    minutes: dict
    adapt_12_14: str
    adapt_15_18: str
    reference_ids: tuple[str, ...]

    @property
    def total_minutes(self) -> int:
        """The planned length of the lesson in minutes."""
        return sum(self.minutes.values())


@lru_cache(maxsize=None)
def lesson_plans() -> tuple[LessonPlan, ...]:
    """Every lesson plan in ``data/lesson_plans.csv`` (an educator may edit that file).

    >>> [p.notebook for p in lesson_plans()][:3]
    ['00', '01', '02']
    """
    from crampkit.content import read_table, split_ids

    plans = []
    for number, row in enumerate(read_table(LESSON_TABLE), start=2):
        try:
            minutes = {part: int(row[f"{part}_minutes"]) for part in LESSON_PARTS}
        except (KeyError, ValueError):
            raise SurveyError(f"{LESSON_TABLE} line {number}: each *_minutes cell must be a "
                              "whole number") from None
        plans.append(LessonPlan(
            notebook=row["notebook"].zfill(2), title=row["title"],
            objectives=split_ids(row["objectives"]), warm_up=row["warm_up"],
            activity=split_ids(row["activity"]),
            discussion_prompts=split_ids(row["discussion_prompts"]),
            exit_question=row["exit_question"], minutes=minutes,
            adapt_12_14=row["adapt_12_14"], adapt_15_18=row["adapt_15_18"],
            reference_ids=split_ids(row["reference_ids"]),
        ))
    return tuple(plans)


def lesson_plan(notebook: str) -> LessonPlan:
    """The lesson plan for ``notebook`` ("00" to "09")."""
    for plan in lesson_plans():
        if isinstance(notebook, str) and plan.notebook == notebook:
            return plan
    known = ", ".join(p.notebook for p in lesson_plans())
    raise SurveyError(f"notebook must be one of {known}; got {notebook!r}")


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def lesson_plan_markdown(notebook: str) -> str:
    """The lesson plan for ``notebook`` as Markdown, with timings, adaptations and sources.

    >>> print(lesson_plan_markdown("00").splitlines()[0])
    ### Lesson for notebook 00: Start here: what is a leg cramp? (45 minutes)
    """
    from crampkit.content import reference

    plan = lesson_plan(notebook)
    m = plan.minutes
    sources = ", ".join(reference(i).id for i in plan.reference_ids)
    return "\n".join([
        f"### Lesson for notebook {plan.notebook}: {plan.title} ({plan.total_minutes} minutes)",
        "", "**Objectives.** By the end, students can:", _bullets(plan.objectives), "",
        f"**Warm-up question ({m['warm_up']} min).** {plan.warm_up}", "",
        f"**Activity ({m['activity']} min).**", _bullets(plan.activity), "",
        f"**Discussion prompts ({m['discussion']} min).**", _bullets(plan.discussion_prompts), "",
        f"**Exit question ({m['exit']} min).** {plan.exit_question}", "",
        f"**Ages 12-14.** {plan.adapt_12_14}", "",
        f"**Ages 15-18.** {plan.adapt_15_18}", "",
        f"*Sources (full citations under References):* {sources}",
    ])


def answer_key_markdown(notebook: str) -> str:
    """The self-check answer key for ``notebook`` as Markdown (from data/quiz.csv)."""
    from crampkit.quiz import answer_key

    key = answer_key(notebook)
    if not key:
        return f"*No self-check questions for notebook {notebook} yet.*"
    lines = [f"**Answer key, notebook {notebook}**", ""]
    for number, item in enumerate(key, start=1):
        refs = ", ".join(item["reference_ids"])
        lines.append(f"{number}. {item['question']}  \n   **Answer:** {item['answer']}  \n"
                     f"   {item['explanation']}" + (f" *(sources: {refs})*" if refs else ""))
    return "\n".join(lines)


def binder_app_link(github_repo: str, notebook: str, branch: str = "main") -> str:
    """A mybinder.org link that opens ``notebook`` directly as a Voila app (code hidden).

    >>> binder_app_link("example/crampkit", "08_your_plan.ipynb")
    'https://mybinder.org/v2/gh/example/crampkit/main?urlpath=voila/render/notebooks/08_your_plan.ipynb'
    """
    _check_link_parts(github_repo=github_repo, notebook=notebook, branch=branch)
    return (f"https://mybinder.org/v2/gh/{github_repo}/{branch}"
            f"?urlpath=voila/render/notebooks/{notebook}")


def nbgitpuller_link(hub_url: str, repo_url: str, notebook: str, branch: str = "main",
                     app: bool = True) -> str:
    """A JupyterHub nbgitpuller link: copies the repository into each student's space, then
    opens ``notebook`` as a Voila app (``app=True``) or in JupyterLab.

    >>> nbgitpuller_link("https://hub.example.org", "https://github.com/example/crampkit",
    ...                  "08_your_plan.ipynb")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fcrampkit&branch=main&urlpath=voila%2Frender%2Fcrampkit%2Fnotebooks%2F08_your_plan.ipynb'
    """
    from urllib.parse import quote

    _check_link_parts(hub_url=hub_url, repo_url=repo_url, notebook=notebook, branch=branch)
    if not isinstance(app, bool):
        raise SurveyError(f"app must be True (open as an app) or False (open in JupyterLab); got {repr(app)[:60]}")
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    path = (f"voila/render/{folder}/notebooks/{notebook}" if app
            else f"lab/tree/{folder}/notebooks/{notebook}")
    return (f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo_url, safe='')}"
            f"&branch={quote(branch, safe='')}&urlpath={quote(path, safe='')}")


def _check_link_parts(**parts: Any) -> None:
    for name, value in parts.items():
        if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
            raise SurveyError(f"{name} must be a non-empty text without spaces; got {repr(value)[:60]}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise SurveyError(f"{name} has a character a link cannot hold; got {repr(value)[:60]}") from None
    notebook = parts.get("notebook")
    if notebook is not None and not notebook.endswith(".ipynb"):
        raise SurveyError(f"notebook must be a file name ending in .ipynb; got {notebook!r}")


def answer_keys_markdown(notebooks=None) -> str:
    """Answer keys for several notebooks (default "00" to "10") as one Markdown text."""
    chosen = notebooks if notebooks is not None else [f"{n:02d}" for n in range(11)]
    if isinstance(chosen, str) or not isinstance(chosen, (list, tuple)):
        raise SurveyError(f"notebooks must be a list such as ['01', '02']; got {chosen!r}")
    return "\n\n".join(answer_key_markdown(n) for n in chosen)


def main(argv=None) -> int:
    """``python -m crampkit.classroom make-drop-folder PATH [--teacher U] [--group G]``."""
    import argparse

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
        print(f"crampkit: {err}", file=__import__("sys").stderr)
        return 2
    print(f"drop folder ready: {folder} (mode {DROP_FOLDER_MODE:o}); set "
          f"{CLASS_FOLDER_VARIABLE}={folder} for the teacher and every student")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
