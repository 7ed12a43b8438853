"""The class survey's vocabulary and one anonymous answer: the choices and their labels,
:class:`SurveyResponse`, the survey's errors, the folder path and its settings file.

Both :mod:`crampkit.classroom.survey` (saving, closing and loading answers) and
:mod:`crampkit.classroom.collector` (the hub's survey service) build on this module, so
neither imports the other back; every name here stays importable from ``survey`` and from
``crampkit.classroom``.

>>> SurveyResponse("14-16", "0", 1.0, "never").to_record()["schema"]
'crampkit-survey'
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crampkit import safe_files
from crampkit.checks import CrampkitInputError
from crampkit.content import data_file, message, widget_text
from crampkit.entries import EntryError, number_message, read_number
from crampkit.wording import label

SCHEMA = "crampkit-survey"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = safe_files.MAX_SURVEY_BYTES  # 64 KB; one answer is about 250 bytes
MAX_FILES = 5000  # a class is far smaller; no more answers than this are ever counted
MAX_SETTINGS_BYTES = 512 * 1024  # settings name at most MAX_FILES answers (under 200 KB)
MAX_SHOWN_SKIPPED = 20  # files named in "skipped"; the rest are counted
MIN_GROUP = 5
SETTINGS_FILE = ".crampkit-survey.json"
SETTINGS_SCHEMA = "crampkit-survey-settings"
#: The only file names that can be answers: ASCII, short, no path, no hidden file.
ANSWER_NAME = re.compile(r"survey-[A-Za-z0-9_-]{1,64}\.json")
#: A hub class folder (see :mod:`crampkit.classroom.collector`): the collector's account
#: owns it, the teachers' group may read, everyone else may only pass through to the inbox.
#: The set-group-id bit (0o2000) makes every file made inside belong to the teachers' group
#: (the collector's account is not in that group, so it could not give files to it itself).
DROP_FOLDER_MODE = 0o2751
DROP_ANSWER_MODE = 0o640  # the collector writes them; the teachers' group may read them
DROP_SETTINGS_MODE = 0o640  # students never read the settings: the collector answers them

AGE_BANDS = ("11-13", "14-16", "17-18", "19-30", "31-50", "51+")
# A typical age inside each band, used only to look up the band's drinks target; each sits
# inside a single life-stage group of the intake tables (9-13, 14-18, 19-30, 31-50, 51-70).
SEXES = ("female", "male", "unspecified")
EXERCISE_BANDS = ("0", "1-59", "60-149", "150-299", "300+")
DRINKS_CHOICES = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
FREQUENCIES = ("never", "less_than_monthly", "monthly", "weekly", "several_per_week")
TIMINGS = ("night", "rest", "during_activity", "after_activity")

# The words of each choice, from data/widget_texts.csv (rows survey_answer_...; the sex
# labels are the ones every tool uses, rows "sex" of data/answer_labels.csv).
AGE_BAND_LABELS = {band: widget_text("survey_answer_age_band", band=band) for band in AGE_BANDS}
SEX_LABELS = {sex: label("sex", sex, sex) for sex in SEXES}
EXERCISE_LABELS = {
    "0": widget_text("survey_answer_exercise_none"),
    "1-59": widget_text("survey_answer_exercise_under_1h"),
    "60-149": widget_text("survey_answer_exercise_1h_to_2h30"),
    "150-299": widget_text("survey_answer_exercise_2h30_to_5h"),
    "300+": widget_text("survey_answer_exercise_over_5h"),
}
DRINKS_LABELS = {
    0.5: widget_text("survey_answer_drinks_0_5"),
    1.0: widget_text("survey_answer_drinks_1_0"),
    1.5: widget_text("survey_answer_drinks_1_5"),
    2.0: widget_text("survey_answer_drinks_2_0"),
    2.5: widget_text("survey_answer_drinks_2_5"),
    3.0: widget_text("survey_answer_drinks_3_0"),
}
FREQUENCY_LABELS = {f: widget_text(f"survey_answer_frequency_{f}") for f in FREQUENCIES}
TIMING_LABELS = {t: widget_text(f"survey_answer_timing_{t}") for t in TIMINGS}


class SurveyError(CrampkitInputError):
    """A survey answer, file, folder or table that crampkit cannot use; the message says why."""


class SurveyClosed(SurveyError):
    """An answer sent after the teacher closed the survey (it is not saved)."""


CLOSED_MESSAGE = message("survey_closed")


def read_choice(field_name: str, value: Any, allowed: tuple) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise SurveyError(message("survey_not_a_choice", field=field_name, choices=", ".join(allowed),
                                  typed=repr(value)))
    return value


def read_drinks(value: Any) -> float:
    field, choices = "drinks_litres_per_day", ", ".join(f"{c:g}" for c in DRINKS_CHOICES)
    try:
        number = read_number(value, field, -math.inf, math.inf, "litres", typed=False)
    except EntryError as problem:
        kind = "not_a_choice" if problem.kind == "out_of_range" else problem.kind
        raise SurveyError(number_message(kind, field, value, 0, 0, "litres", allowed="choice",
                                         choices=choices)) from None
    for choice in DRINKS_CHOICES:
        if math.isclose(number, choice):
            return choice
    raise SurveyError(number_message("not_a_choice", field, value, 0, 0, "litres", allowed="choice",
                                     choices=choices))


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
        read_choice("age_band", self.age_band, AGE_BANDS)
        read_choice("exercise_band", self.exercise_band, EXERCISE_BANDS)
        object.__setattr__(self, "drinks_litres_per_day", read_drinks(self.drinks_litres_per_day))
        read_choice("cramp_frequency", self.cramp_frequency, FREQUENCIES)
        read_choice("sex", self.sex, SEXES)
        when = self.cramp_when
        if isinstance(when, str) or not isinstance(when, (tuple, list, set, frozenset)):
            raise SurveyError(message("survey_when_not_a_list", field="cramp_when",
                                      choices=", ".join(TIMINGS), typed=repr(when)))
        for item in when:
            read_choice("cramp_when", item, TIMINGS)
        if when and self.cramp_frequency == "never":
            raise SurveyError(message("survey_when_without_cramps", field="cramp_when",
                                      typed=repr(tuple(when))))
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
    def from_record(cls, record: Any) -> SurveyResponse:
        """Rebuild an answer from a version-1 record; ``SurveyError`` says what is wrong."""
        if not isinstance(record, dict):
            raise SurveyError(message("survey_record_not_object", kind=type(record).__name__))
        expected = set(cls(*_EXAMPLE).to_record())
        missing = sorted(expected - set(record))
        extra = sorted(set(record) - expected)
        if missing:
            raise SurveyError(message("survey_record_missing", fields=", ".join(missing)))
        if extra:
            shown = ", ".join(repr(str(name)[:30]) for name in extra[:3])
            raise SurveyError(message("survey_record_extra", fields=shown))
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
    crampkit.classroom.survey_model.SurveyError: folder must be a folder path; got None
    """
    path = None
    if isinstance(folder, str) and folder.strip() and "\x00" not in folder:
        path = Path(folder)
    elif isinstance(folder, Path) or (hasattr(folder, "__fspath__") and not isinstance(folder, bytes)):
        path = Path(folder)
    if path is not None and "\x00" not in str(path):  # a NUL: no file system holds the name
        try:
            os.fsencode(path)
            return path
        except (UnicodeError, TypeError):  # a lone surrogate: no file system holds the name
            pass
    raise SurveyError(message("survey_folder_not_a_path", field="folder", typed=repr(folder)[:60]))


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


def settings_path(folder) -> Path:
    """Where a survey folder (a path as text, a ``Path`` or any ``os.PathLike``) keeps its
    settings file; anything else is a :class:`SurveyError` naming the folder.

    >>> settings_path("class-7b").as_posix()
    'class-7b/.crampkit-survey.json'
    """
    return folder_path(folder) / SETTINGS_FILE


def survey_settings(folder) -> SurveySettings:
    """The settings stored in a survey folder (see the module docstring).

    A folder without a settings file is not a survey folder (``stored`` is False, nothing
    in it counts), except the shipped demo class, which counts as closed with every answer.
    """
    source = folder_path(folder)
    path = settings_path(source)
    if not os.path.lexists(path):
        if _is_demo(source):
            return SurveySettings(MIN_GROUP, closed=True, answers=None, stored=False)
        return SurveySettings(MIN_GROUP, closed=False, answers=(), stored=False)
    try:
        record = safe_files.read_json(path, max_bytes=MAX_SETTINGS_BYTES, what=SETTINGS_FILE,
                                      folder=source)
    except safe_files.SafeFileError as err:
        raise SurveyError(message("survey_settings_unreadable", reason=err.reason)) from None
    ok = (isinstance(record, dict) and record.get("schema") == SETTINGS_SCHEMA
          and isinstance(record.get("min_group"), int) and not isinstance(record.get("min_group"), bool)
          and record["min_group"] >= MIN_GROUP and isinstance(record.get("closed"), bool)
          and isinstance(record.get("answers"), list) and len(record["answers"]) <= MAX_FILES
          and all(isinstance(a, str) and ANSWER_NAME.fullmatch(a) for a in record["answers"]))
    if not ok:
        raise SurveyError(message("survey_settings_damaged", file=SETTINGS_FILE))
    return SurveySettings(record["min_group"], record["closed"], tuple(record["answers"]))


def _is_demo(folder: Path) -> bool:
    try:
        return os.path.samefile(folder, demo_class_folder())
    except OSError:
        return False


def write_settings_file(folder, settings: SurveySettings, mode: int,
                        group: int | None = None) -> None:
    """Write the settings in one step (a new file renamed into place) with ``mode``;
    ``folder`` as for :func:`settings_path`."""
    folder = folder_path(folder)
    text = json.dumps(settings.to_record(), indent=1) + "\n"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{SETTINGS_FILE}.",
                                         suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            if group is not None and os.fstat(out.fileno()).st_gid != group:
                os.fchown(out.fileno(), -1, group)
            if os.name == "posix":
                os.fchmod(out.fileno(), mode)
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, settings_path(folder))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def demo_class_folder() -> Path:
    """The folder of the synthetic demo class shipped with crampkit (about 30 answers)."""
    return Path(str(data_file("demo_class")))
