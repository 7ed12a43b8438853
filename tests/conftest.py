"""Fixtures shared by the test files."""
import pytest


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh, empty data folder for crampkit (``CRAMPKIT_HOME``), not yet made on disk."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CRAMPKIT_HOME", str(folder))
    return folder


@pytest.fixture
def empty_home(home):
    """The same fresh data folder, for tests that only need crampkit to read nothing saved
    (a file uses it for every test with ``pytestmark = pytest.mark.usefixtures("empty_home")``)."""
    return home
