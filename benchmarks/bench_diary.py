"""The cramp diary: adding 1,000 episodes, listing them, rendering the clinician report.

Each case works in its own temporary folder, never in a person's real diary.
"""
from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.harness import Case

START = datetime(2024, 1, 1, 23, 0)


def _episodes(count: int = 1000) -> list[dict]:
    return [dict(when=START + timedelta(hours=7 * i), leg=("left", "right", "both")[i % 3],
                 muscle=("calf", "foot", "thigh", "other")[i % 4], duration_minutes=1 + i % 5,
                 severity=i % 11, before="long_sitting", relieved_by="stretching;massage",
                 notes=f"benchmark episode {i}")
            for i in range(count)]


def _empty_diary():
    from crampkit.diary import Diary

    return Diary(Path(tempfile.mkdtemp(prefix="crampkit-bench-")) / "diary.sqlite3"), _episodes()


def _add_one_by_one(ready):
    diary, episodes = ready
    for values in episodes:
        diary.add(**values)  # one transaction each, as the app does


def _add_in_one_go(ready):
    diary, episodes = ready
    diary.add_many(episodes)


_FULL = {}


def _full_diary():
    if "diary" not in _FULL:
        diary, episodes = _empty_diary()
        diary.add_many(episodes)
        _FULL["diary"] = diary
    return _FULL["diary"]


def _report_inputs():
    import crampkit
    from crampkit.store import demo_profile

    profile = demo_profile()
    return crampkit.assess(profile), profile, _full_diary().list()


def _render(inputs):
    from crampkit.report import render_html

    assessment, profile, frame = inputs
    render_html(assessment, profile, frame, today="2025-11-03")


def cases() -> list[Case]:
    return [
        Case("diary: add 1,000 episodes, one transaction each", _add_one_by_one, 1000,
             _empty_diary, repeat=5),
        Case("diary: add 1,000 episodes with add_many (one transaction)", _add_in_one_go,
             1000, _empty_diary, repeat=5),
        Case("diary: list 1,000 episodes as a DataFrame", lambda d: d.list(), 100, _full_diary,
             repeat=20),
        Case("report: render_html with 1,000 diary episodes", _render, 300, _report_inputs,
             repeat=10),
    ]
