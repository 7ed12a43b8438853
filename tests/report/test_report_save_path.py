"""Saving a report takes its place as text, a Path or any os.PathLike; anything else (or a
name no file system can hold) is one message naming ``path``, and nothing is written."""
from __future__ import annotations

from pathlib import Path

import pytest
from path_like import Named

from crampkit import report

PAGE = "<p>report</p>"


@pytest.mark.parametrize("kind", [str, Path, Named], ids=["text", "Path", "PathLike"])
def test_a_report_is_saved_where_text_a_path_or_a_pathlike_says(tmp_path, kind):
    saved = report.save_report(kind(tmp_path / "out" / "report.html"), PAGE)
    assert saved == tmp_path / "out" / "report.html" and saved.read_text(encoding="utf-8") == PAGE


@pytest.mark.parametrize("value", ["r\x00.html", Named("r\x00.html"), None, 3, ["r.html"]], ids=repr)
def test_a_place_that_is_no_file_path_is_named_and_nothing_is_written(tmp_path, value, monkeypatch):
    """A NUL in the name gave a ValueError traceback ("embedded null byte") before."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(report.ReportError, match="^path: .* is not a file path this system can use"):
        report.save_report(value, PAGE)
    assert list(tmp_path.iterdir()) == []
