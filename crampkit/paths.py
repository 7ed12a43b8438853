"""Where crampkit keeps a person's own files (diary, saved profile, class survey).

One place for the folder, so the diary, the saved profile and the widgets never disagree.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The folder where crampkit keeps a person's own files (diary, saved profile).

    ``CRAMPKIT_HOME`` wins when set (tests and classrooms use it); otherwise the
    platform's usual per-user data folder. The folder is not created here.

    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"CRAMPKIT_HOME": "/tmp/some-folder"}):
    ...     str(data_dir())
    '/tmp/some-folder'
    """
    home = os.environ.get("CRAMPKIT_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir("crampkit", appauthor=False))
