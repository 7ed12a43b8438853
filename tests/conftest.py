"""Fixtures shared by the test files."""
import os

import pytest
from hypothesis import settings

# Property tests explore new random examples on a developer's machine, where a failure is a
# find to fix; in CI (`.ci/run` sets CI) they run a fixed sequence, so a run on main is
# repeatable and a red CI always means a change broke something.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
