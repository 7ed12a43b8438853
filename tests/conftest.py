"""Fixtures shared by the test files."""
import pytest


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh, empty data folder for crampkit (``CRAMPKIT_HOME``), not yet made on disk."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CRAMPKIT_HOME", str(folder))
    return folder
