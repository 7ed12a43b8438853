"""Test-wide setup: no test (or notebook run by nbval) ever touches a person's real files.

``CRAMPKIT_HOME`` points into a temporary folder for the whole run, before any kernel
starts, so saved details and diaries written by tests stay there.
"""
import os
import shutil
import tempfile

_HOME = tempfile.mkdtemp(prefix="crampkit-test-home-")
os.environ["CRAMPKIT_HOME"] = _HOME


def pytest_unconfigure(config):
    shutil.rmtree(_HOME, ignore_errors=True)
