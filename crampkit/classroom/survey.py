"""An anonymous class survey about leg cramps: the answers, their files and the survey folder.

Each student answers a few multiple-choice questions (age band, never an exact age; sex,
optional; exercise; drinks; how often and when cramps happen). There are no names and no
free text. Each answer is saved as one small JSON file with a random name, so a folder of
answers says nothing about who wrote which file. The educator loads the folder and sees
class tables and charts (:mod:`crampkit.classroom.privacy` makes them).

Privacy across views and over time. A survey folder holds a settings file
(``.crampkit-survey.json``) written when the survey is created: the small-group threshold is
fixed there, once, so two views of one class can never use different thresholds (comparing
a view at 5 with one at 6 would reveal a group of 1 to 4). Class results are shown only
after the educator closes the survey (:func:`close_survey`): the names of the answers are
recorded then, a closed survey refuses late answers, and a file that appears later is
skipped, so reloading can never reveal one late answer by difference.

On a hub, students do not write files: their form hands the answer to the class's
collector (:mod:`crampkit.classroom.collector`), which stores it under its own service
account, so no file names its writer; :func:`is_drop_folder` tells such a folder apart.

Reading is bounded and safe against a folder full of junk: only names of the form
``survey-<letters, digits, - or _>.json`` are answers (:data:`ANSWER_NAME`); other entries
are counted, never named or read; a closed survey reads exactly the answers named in its
settings, by name, without listing the folder; at most :data:`MAX_FILES` answers count.
A folder without a settings file is not a survey folder and nothing in it is read (the
shipped demo class is the one exception).

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
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crampkit import safe_files
from crampkit.classroom.collector import answers_path, close_with_collector, is_collector_folder, send_answer

# The vocabulary, one answer, the errors and the settings file live in survey_model.py, which
# the collector reads too (so the collector never imports this module back); their names
# stay importable from here.
from crampkit.classroom.survey_model import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    ANSWER_NAME,
    CLOSED_MESSAGE,
    DRINKS_CHOICES,
    DRINKS_LABELS,
    DROP_ANSWER_MODE,
    DROP_FOLDER_MODE,
    DROP_SETTINGS_MODE,
    EXERCISE_BANDS,
    EXERCISE_LABELS,
    FREQUENCIES,
    FREQUENCY_LABELS,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_SETTINGS_BYTES,
    MAX_SHOWN_SKIPPED,
    MIN_GROUP,
    SCHEMA,
    SCHEMA_VERSION,
    SETTINGS_FILE,
    SETTINGS_SCHEMA,
    SEX_LABELS,
    SEXES,
    TIMING_LABELS,
    TIMINGS,
    SurveyClosed,
    SurveyError,
    SurveyResponse,
    SurveySettings,
    demo_class_folder,
    folder_path,
    read_choice,
    read_drinks,
    settings_path,
    survey_settings,
    write_settings_file,
)
from crampkit.content import message, widget_text

__all__ = ["AGE_BANDS", "AGE_BAND_LABELS", "ANSWER_NAME", "CLOSED_MESSAGE", "DRINKS_CHOICES",
           "DRINKS_LABELS", "DROP_ANSWER_MODE", "DROP_FOLDER_MODE", "DROP_SETTINGS_MODE", "EXERCISE_BANDS",
           "EXERCISE_LABELS", "FREQUENCIES", "FREQUENCY_LABELS", "FolderScan", "LoadResult", "MAX_FILES",
           "MAX_FILE_BYTES", "MAX_SETTINGS_BYTES", "MAX_SHOWN_SKIPPED", "MIN_GROUP", "RESPONSE_COLUMNS",
           "SCHEMA", "SCHEMA_VERSION", "SETTINGS_FILE", "SETTINGS_SCHEMA", "SEXES", "SEX_LABELS",
           "SurveyClosed", "SurveyError", "SurveyResponse", "SurveySettings", "TIMINGS", "TIMING_LABELS",
           "check_min_group", "close_survey", "create_survey", "demo_class_folder", "folder_path",
           "is_drop_folder", "load_responses", "new_practice_folder", "read_choice", "read_drinks",
           "responses_frame", "save_response", "scan_answers", "survey_settings", "write_settings_file"]


def _write_settings(folder: Path, settings: SurveySettings) -> None:
    try:
        write_settings_file(folder, settings, safe_files.FILE_MODE)
    except OSError as err:
        raise SurveyError(message("survey_folder_unusable", path=safe_files.shown_name(folder),
                                  reason=err.strerror or err)) from None


def _usable_folder(folder) -> Path:
    target = folder_path(folder)
    try:
        if target.exists() and not target.is_dir():
            raise SurveyError(message("survey_folder_is_file", path=repr(str(target)[:300])))
        safe_files.private_folder(target)
    except OSError as err:
        raise SurveyError(message("survey_folder_unusable", path=repr(str(target)[:300]),
                                  reason=err.strerror or err)) from None
    return target


def create_survey(folder, min_group: int = MIN_GROUP) -> SurveySettings:
    """Start a survey in ``folder`` with its small-group threshold fixed once, for good.

    Calling it again with the same threshold is fine; a different one is a
    :class:`SurveyError` (two thresholds for one class would let a small group be worked
    out by comparing views).
    """
    check_min_group(min_group)
    target = _usable_folder(folder)
    if os.path.lexists(settings_path(target)):
        settings = survey_settings(target)
        if settings.min_group != min_group:
            raise SurveyError(message("survey_min_group_fixed", min_group=settings.min_group))
        return settings
    settings = SurveySettings(min_group, closed=False, answers=())
    _write_settings(target, settings)
    return settings


def close_survey(folder) -> SurveySettings:
    """Close the survey in ``folder``: no more answers are taken, and the class results
    use exactly the answers present now (their names are stored). Closing twice is fine.

    On a hub the collector closes it (only for a teacher or root). A folder without
    settings (answers collected by hand) becomes a closed survey only when it holds
    answer files and nothing else; any other folder is refused and left untouched.
    """
    target = folder_path(folder)
    if is_drop_folder(target):
        close_with_collector(target)
        return survey_settings(target)
    settings = survey_settings(target)
    if settings.closed and settings.stored:
        return settings
    try:
        scan = _scan(target, MAX_FILES, None)
    except OSError as err:
        raise SurveyError(message("survey_folder_unreadable", path=repr(str(target)[:300]),
                                  reason=err.strerror or err)) from None
    names = scan.names
    if not settings.stored and (not names or scan.others):
        raise SurveyError(message("survey_folder_not_survey", path=repr(str(target)[:300]),
                                  file=SETTINGS_FILE))
    settings = SurveySettings(settings.min_group, closed=True, answers=tuple(sorted(names)))
    _write_settings(target, settings)
    return settings


@dataclass
class FolderScan:
    """One bounded pass over a folder: answer names, later answers, and other entries."""

    names: list[str] = field(default_factory=list)  # answers (up to the limit), unsorted
    late: list[str] = field(default_factory=list)  # answer names not allowed (a few)
    late_count: int = 0
    others: int = 0  # not answer names (other files, folders, names that are not UTF-8)


def scan_answers(folder, limit: int = MAX_FILES, allowed=None) -> FolderScan:
    """One pass over ``folder`` (a path as text, a ``Path`` or any ``os.PathLike``) that
    never sorts or keeps more than ``limit`` names.

    Names that are not :data:`ANSWER_NAME` are only counted; hidden names are ignored;
    with ``allowed`` (a set of answer names), answer names outside it are "late" (a few
    kept, all counted). Anything that is no folder path, a folder that cannot be listed, a
    ``limit`` that is no whole number from 0 or an ``allowed`` that is no set of names is a
    :class:`SurveyError` naming it, never a traceback.

    >>> scan = scan_answers(str(demo_class_folder()))
    >>> len(scan.names) >= 20, scan.late_count
    (True, 0)
    >>> scan_answers(None)
    Traceback (most recent call last):
    ...
    crampkit.classroom.survey_model.SurveyError: folder must be a folder path; got None
    """
    source = folder_path(folder)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise SurveyError(message("survey_scan_limit", field="limit", typed=repr(limit)[:60]))
    if allowed is not None:
        if not isinstance(allowed, (set, frozenset, list, tuple)) or not all(isinstance(n, str) for n in allowed):
            raise SurveyError(message("survey_scan_allowed", field="allowed", typed=repr(allowed)[:60]))
        allowed = frozenset(allowed)
    try:
        return _scan(source, limit, allowed)
    except (OSError, ValueError) as err:  # ValueError: a name no file system can hold
        raise SurveyError(message("survey_folder_unreadable", path=safe_files.shown_name(source),
                                  reason=getattr(err, "strerror", None) or err)) from err


def _scan(folder: Path, limit: int, allowed) -> FolderScan:
    """:func:`scan_answers` for a checked ``folder``; an unreadable one is an ``OSError``."""
    scan = FolderScan()
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if not ANSWER_NAME.fullmatch(name) or len(scan.names) >= limit:
                scan.others += 1
            elif allowed is not None and name not in allowed:
                scan.late_count += 1
                if len(scan.late) < MAX_SHOWN_SKIPPED:
                    scan.late.append(name)
            else:
                scan.names.append(name)
    return scan


def save_response(resp: SurveyResponse, folder) -> Path:
    """Save one answer in ``folder``; return where it went.

    On one computer: a small JSON file with a random name (``survey-<random hex>.json``,
    no identity or time in it), readable by its owner only (0600); the folder is created if
    needed (with the survey's settings) and an existing file is never overwritten. On a
    hub (a drop folder) the answer goes to the class's collector, which stores it under its
    own account; the folder is returned. A closed survey refuses the answer.
    """
    if not isinstance(resp, SurveyResponse):
        raise SurveyError(message("survey_not_a_response", field="resp", kind=type(resp).__name__))
    target = folder_path(folder)
    if is_drop_folder(target):
        send_answer(resp, target)
        return target
    target = _usable_folder(target)
    settings = survey_settings(target)
    if not settings.stored:
        settings = create_survey(target)
    if settings.closed:
        raise SurveyClosed(CLOSED_MESSAGE)
    data = (json.dumps(resp.to_record(), indent=1) + "\n").encode("utf-8")
    mode = safe_files.FILE_MODE
    while True:
        path = target / f"survey-{secrets.token_hex(8)}.json"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), mode)
        except FileExistsError:  # pragma: no cover - 64 random bits; try another name
            continue
        except OSError as err:
            raise SurveyError(message("survey_folder_unusable", path=repr(str(target)[:300]),
                                      reason=err.strerror or err)) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                if os.name == "posix":  # exactly this mode, whatever the umask
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
        except OSError as err:
            path.unlink(missing_ok=True)
            raise SurveyError(message("survey_answer_not_saved", reason=err.strerror or err)) from None
        return path


def is_drop_folder(folder) -> bool:
    """True when ``folder`` is a hub class folder served by the collector (made by
    :func:`crampkit.classroom.make_drop_folder`): answers go through the collector."""
    return os.name == "posix" and is_collector_folder(folder)


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
        raise SurveyError(message("survey_file_not_json"))
    try:  # a regular file inside the folder only, at most MAX_FILE_BYTES, checked JSON
        record = safe_files.read_json(path, max_bytes=MAX_FILE_BYTES, what="file",
                                      folder=folder if folder is not None else path.parent)
    except safe_files.SafeFileError as err:
        if err.kind == "too_large":
            raise SurveyError(message("survey_file_too_large", kb=MAX_FILE_BYTES // 1024)) from None
        if not err.damaged:
            raise SurveyError(message("survey_file_not_read", reason=err.reason)) from None
        raise SurveyError(message("survey_file_damaged", reason=err.reason)) from None
    if not isinstance(record, dict) or record.get("schema") != SCHEMA:
        raise SurveyError(message("survey_file_not_survey"))
    version = record.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SurveyError(message("survey_file_bad_version", version=repr(version)))
    if version > SCHEMA_VERSION:
        raise SurveyError(message("survey_file_newer", version=version, supported=SCHEMA_VERSION))
    try:
        return SurveyResponse.from_record(record)
    except SurveyError as err:
        raise SurveyError(message("survey_file_damaged", reason=err)) from None


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
        raise SurveyError(message("survey_not_responses", field="responses", kind=type(responses).__name__))
    rows = []
    for number, resp in enumerate(responses):
        if not isinstance(resp, SurveyResponse):
            raise SurveyError(message("survey_not_a_response_at", field=f"responses[{number}]",
                                      typed=repr(resp)))
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
    """Load the survey answers in ``folder``; skip (and name) any answer that is not usable.

    Only files named like answers (:data:`ANSWER_NAME`) are read; other entries are counted
    as one line, never named or opened. A closed survey reads exactly the answers recorded
    when it was closed (on a hub, from ``answers/``), by name. An answer is skipped, with
    the reason, when it is damaged, larger than 64 KB, from a newer survey version, not a
    regular file (a pipe, a device, a link), a second name for a file already counted, or
    arrived after the survey was closed. Nothing is read from a pipe or a device, so loading
    never hangs; at most :data:`MAX_SHOWN_SKIPPED` files are named. A folder without
    settings is not a survey folder: nothing in it is read. Rows are in file-name order,
    which is random.
    """
    source = folder_path(folder)
    try:
        is_folder = source.is_dir()
    except OSError:  # e.g. a name too long for the file system
        is_folder = False
    if not is_folder:
        raise SurveyError(message("survey_folder_missing", path=repr(str(source))))
    settings = survey_settings(source)
    if not settings.stored and settings.answers is not None:  # not a survey folder
        return LoadResult(responses=_frame([]), skipped=[], settings=settings)
    rows, skipped, _ = _load_files(source, settings)
    return LoadResult(responses=_frame(rows), skipped=skipped, settings=settings)


class _Skipped:
    """The skipped list, bounded: the first few named, the rest counted by reason."""

    def __init__(self):
        self.named: list[tuple[str, str]] = []
        self.more: dict[str, int] = {}

    def add(self, name: str, reason: str) -> None:
        if len(self.named) < MAX_SHOWN_SKIPPED:
            self.named.append((safe_files.one_line(name, 80), reason))
        else:
            self.more[reason] = self.more.get(reason, 0) + 1

    def count(self, number: int, what: str, reason: str) -> None:
        """Name ``number`` files as one line (``what`` says how many, from the table)."""
        if number:
            self.named.append((what, reason))

    def result(self) -> list[tuple[str, str]]:
        return self.named + [(widget_text("survey_skipped_more", count=n), reason)
                             for reason, n in self.more.items()]


def _load_files(source: Path, settings: SurveySettings | None):
    """(rows, skipped, names loaded) for the answer files of the survey in ``source``."""
    hub = is_drop_folder(source)
    where = answers_path(source) if hub else source
    closed = settings is not None and settings.closed and settings.answers is not None
    skipped = _Skipped()
    try:
        if closed:  # exactly the answers named when it closed, read by name
            names = list(settings.answers)
            if not hub:  # files that came later: named (a few) and counted, never read
                scan = _scan(source, MAX_FILES, set(names))
                for name in scan.late:
                    skipped.add(name, message("survey_late_file"))
                late = scan.late_count - len(scan.late)
                skipped.count(late, widget_text("survey_skipped_more_late", count=late),
                              message("survey_late_files"))
                skipped.count(scan.others, widget_text("survey_skipped_others", count=scan.others),
                              message("survey_other_files"))
        else:
            scan = _scan(where, MAX_FILES, None)
            names = sorted(scan.names)
            skipped.count(scan.others, widget_text("survey_skipped_others", count=scan.others),
                          message("survey_other_files_open", limit=MAX_FILES))
    except OSError as err:
        raise SurveyError(message("survey_folder_unreadable", path=repr(str(source)),
                                  reason=err.strerror or err)) from None
    rows, loaded, seen = [], [], set()
    for name in names:
        path = where / name
        try:
            info = os.stat(path, follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise SurveyError(message("survey_file_is_link"))
            if not stat.S_ISREG(info.st_mode):
                raise SurveyError(message("survey_file_not_regular"))
            key = (info.st_dev, info.st_ino)
            if key in seen:
                raise SurveyError(message("survey_file_second_name"))
            resp = _read_one(path, where)
            seen.add(key)
        except FileNotFoundError:
            skipped.add(name, message("survey_file_removed"))
            continue
        except SurveyError as err:
            skipped.add(name, str(err))
            continue
        except OSError as err:
            skipped.add(name, message("survey_file_unreadable", reason=err.strerror or err))
            continue
        rows.append(_row(name, resp))
        loaded.append(name)
    return rows, skipped.result(), loaded


def new_practice_folder() -> Path:
    """A new empty temporary folder for trying the survey form without touching the repo."""
    return Path(tempfile.mkdtemp(prefix="crampkit-survey-"))


def check_min_group(min_group: Any) -> None:
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < MIN_GROUP:
        raise SurveyError(message("survey_min_group_too_small", field="min_group", low=MIN_GROUP,
                                  typed=repr(min_group)))
