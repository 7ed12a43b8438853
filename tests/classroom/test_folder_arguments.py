"""Every public classroom function that takes a folder takes it as text, a ``Path`` or any
``os.PathLike``; anything else is one clear message naming the folder, never a traceback.

Before this was fixed, ``scan_answers`` gave FileNotFoundError, TypeError or ValueError
tracebacks (and ``scan_answers(None)`` counted the files of the current folder), and
``settings_path`` and ``write_settings_file`` failed with a TypeError on any folder given
as text.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from path_like import Named

from crampkit import paths
from crampkit.classroom import survey, survey_model, teacher
from crampkit.classroom.survey_model import SurveyError, SurveySettings
from crampkit.errors import MAX_MESSAGE_CHARS


class Something:
    """Any other object."""

    def __repr__(self):
        return "Something()"


NOT_A_FOLDER = [None, 3, 2.5, b"class", [], {}, "", "   ", "a\x00b", Named("a\x00b"), "\ud800", Something()]


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A copy of the shipped demo class (about 30 answers, a settings file)."""
    folder = tmp_path / "class"
    shutil.copytree(survey_model.demo_class_folder(), folder)
    return folder


@pytest.mark.parametrize("kind", [str, Path, Named], ids=["text", "Path", "PathLike"])
def test_scan_answers_takes_a_folder_as_text_a_path_or_a_pathlike(demo_copy, kind):
    scan = survey.scan_answers(kind(demo_copy))
    assert sorted(scan.names) == sorted(survey.scan_answers(demo_copy).names)
    assert len(scan.names) >= 20 and scan.others == 0


@pytest.mark.parametrize("value", NOT_A_FOLDER, ids=repr)
def test_scan_answers_refuses_what_is_no_folder_by_name(value):
    with pytest.raises(SurveyError, match="^folder must be a folder path") as caught:
        survey.scan_answers(value)
    assert len(str(caught.value)) <= MAX_MESSAGE_CHARS


def test_scan_answers_of_a_folder_that_is_missing_or_a_file_says_which_folder(tmp_path):
    missing, a_file = str(tmp_path / "nowhere"), tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for where in (missing, a_file, str(tmp_path / ("x" * 5000))):
        with pytest.raises(SurveyError, match="^folder .* cannot be read") as caught:
            survey.scan_answers(where)
        assert str(where)[:40] in str(caught.value) and len(str(caught.value)) <= MAX_MESSAGE_CHARS


def test_scan_answers_refuses_a_limit_or_allowed_list_it_cannot_use(demo_copy):
    for limit in (-1, 2.5, "10", True, None):
        with pytest.raises(SurveyError, match="^limit: "):
            survey.scan_answers(demo_copy, limit=limit)
    for allowed in ("survey-1.json", 3, [None], {"a": 1}):  # text would match parts of names
        with pytest.raises(SurveyError, match="^allowed: "):
            survey.scan_answers(demo_copy, allowed=allowed)
    names = sorted(survey.scan_answers(demo_copy).names)
    first = survey.scan_answers(str(demo_copy), limit=5)
    assert len(first.names) == 5 and first.others == len(names) - 5
    closed = survey.scan_answers(str(demo_copy), allowed=names[:3])
    assert sorted(closed.names) == names[:3] and closed.late_count == len(names) - 3


@pytest.mark.parametrize("kind", [str, Path, Named], ids=["text", "Path", "PathLike"])
def test_the_settings_file_of_a_folder_given_as_text_or_a_pathlike(tmp_path, kind):
    folder = kind(tmp_path)
    assert survey_model.settings_path(folder) == tmp_path / survey_model.SETTINGS_FILE
    survey_model.write_settings_file(folder, SurveySettings(7), 0o600)
    assert survey_model.survey_settings(folder).min_group == 7


@pytest.mark.parametrize("value", NOT_A_FOLDER, ids=repr)
def test_the_settings_file_of_no_folder_is_refused_and_nothing_is_written(tmp_path, value, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for call in (lambda: survey_model.settings_path(value),
                 lambda: survey_model.write_settings_file(value, SurveySettings(), 0o600)):
        with pytest.raises(SurveyError, match="^folder must be a folder path"):
            call()
    assert list(tmp_path.iterdir()) == []


def test_a_class_folder_that_cannot_be_listed_is_still_a_status_saying_why(demo_copy, monkeypatch):
    """The teacher's page counts the answers with scan_answers: a folder it cannot list is a
    status with the system's reason, as before, not an error."""
    settings = survey_model.survey_settings(demo_copy)
    survey_model.write_settings_file(demo_copy, SurveySettings(settings.min_group), 0o600)  # open

    def refused(_):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "scandir", refused)
    status = teacher.survey_status(str(demo_copy))
    assert status.answers is None and status.exists and not status.closed
    assert status.problem == f"The answers cannot be counted ({os.strerror(errno.EACCES)})."


@pytest.mark.parametrize("value", [None, 3, b"/srv/class", "", "a\x00b", Named("a\x00b")], ids=repr)
def test_a_class_folder_setting_that_is_no_path_is_refused_not_read_as_a_folder_name(value):
    with pytest.raises(paths.SettingsError, match="^CRAMPKIT_CLASS_FOLDER: .* is not a folder path"):
        paths.check_class_folder(value)


@pytest.mark.parametrize("kind", [str, Path, Named], ids=["text", "Path", "PathLike"])
def test_a_class_folder_setting_as_text_a_path_or_a_pathlike(tmp_path, kind):
    assert paths.check_class_folder(kind(tmp_path / "class-7b")) == tmp_path / "class-7b"
