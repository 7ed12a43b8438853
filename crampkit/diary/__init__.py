"""The cramp diary: episodes kept in a small SQLite file in the person's own data folder.

Writing each cramp down (when, which leg and muscle, how long, how bad, what came before,
what helped) shows patterns a memory misses, and gives a clinician facts instead of guesses.
Nothing is ever lost on purpose: every write is one transaction, two programs may write at
once, and a damaged or foreign file is moved aside (never deleted) before a fresh diary starts.

The package has four parts: ``model`` (the vocabulary and one checked :class:`Episode`),
``storage`` (the SQLite file, :class:`Diary`), ``csv`` (CSV text and pandas tables) and
``analysis`` (weekly counts, summary, pattern flags). Every public name is importable from
``crampkit.diary`` itself. pandas is imported only inside the functions that return tables,
so ``import crampkit`` stays light.

>>> ep = Episode(when="2025-10-03 02:15", leg="left", muscle="calf",
...              duration_minutes=2, severity=6, before="long_sitting;heat")
>>> ep.when.isoformat(), ep.before
('2025-10-03T02:15:00', ('long_sitting', 'heat'))
>>> Episode(when="2025-10-03 02:15", leg="middle", muscle="calf",
...         duration_minutes=2, severity=6)
Traceback (most recent call last):
...
crampkit.diary.DiaryError: leg: 'middle' is not allowed; choose one of left, right, both
"""
from __future__ import annotations

from pathlib import Path

from crampkit.assessment.red_flags import FREQUENT_EPISODES_PER_WEEK, LONG_CRAMP_MINUTES
from crampkit.diary.analysis import (
    PatternFlag,
    checked_frame,
    is_night,
    pattern_flags,
    summary,
    weekly_counts,
)
from crampkit.diary.csv import demo_frame, episodes_frame, episodes_to_csv, neutralise_cell, parse_csv, restore_cell
from crampkit.diary.model import (
    BEFORE,
    CLINICIAN_NOTEBOOK,
    CSV_COLUMNS,
    DEMO_FILE_NAME,
    DIARY_FILE_NAME,
    LEGS,
    MAX_DURATION_MINUTES,
    MAX_NOTES_CHARS,
    MUSCLES,
    NIGHT_END_HOUR,
    NIGHT_START_HOUR,
    RELIEVED_BY,
    DiaryError,
    DiaryImportError,
    Episode,
    ImportResult,
    RowProblem,
)
from crampkit.diary.storage import Diary
from crampkit.paths import data_dir

__all__ = [
    "BEFORE", "CLINICIAN_NOTEBOOK", "CSV_COLUMNS", "DEMO_FILE_NAME", "DIARY_FILE_NAME",
    "FREQUENT_EPISODES_PER_WEEK", "LEGS", "LONG_CRAMP_MINUTES", "MAX_DURATION_MINUTES",
    "MAX_NOTES_CHARS", "MUSCLES", "NIGHT_END_HOUR", "NIGHT_START_HOUR", "RELIEVED_BY", "Diary",
    "DiaryError", "DiaryImportError", "Episode", "ImportResult", "Path", "PatternFlag", "RowProblem",
    "checked_frame", "data_dir", "demo_frame", "episodes_frame", "episodes_to_csv", "is_night",
    "neutralise_cell", "parse_csv", "pattern_flags", "restore_cell", "summary", "weekly_counts", "_is_night",
]
_is_night = is_night  # its name before it became public; crampkit.diary exported it

# The public classes say they live in crampkit.diary (as before the split), so messages,
# tracebacks and outside checks keep naming crampkit.diary.DiaryError.
for _public in (Diary, DiaryError, DiaryImportError, Episode, ImportResult, PatternFlag, RowProblem):
    _public.__module__ = __name__
del _public
