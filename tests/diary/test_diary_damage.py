"""Damage found and set aside, never silent (issue 23 item 4): a damaged -wal, damaged pages
and bad rows are found when the diary opens, the files are kept byte-identical beside it, the
message says what was recovered; a row is named, never a pandas error; an open file is read
up to a cap; the owner's read-only choice stays."""
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from crampkit.diary import Diary, DiaryError

PAGE = 4096


def episode(i):
    return dict(when=f"2025-10-{1 + i % 28:02d} {i % 24:02d}:15", leg="left", muscle="calf",
                duration_minutes=2, severity=5, notes=f"episode {i}")


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.fixture
def diary_with_wal(tmp_path):
    """A diary whose 50 episodes are all still in its -wal file (as after a crash)."""
    live = tmp_path / "live"
    live.mkdir()
    book = Diary(live / "diary.sqlite3")
    book._con.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(50):
        book.add(**episode(i))
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # copied while open: the commits are only in the -wal
        shutil.copyfile(live / f"diary.sqlite3{suffix}", crashed / f"diary.sqlite3{suffix}")
    book.close()
    return crashed / "diary.sqlite3"


def test_garbage_in_the_wal_is_found_set_aside_and_every_commit_recovered(diary_with_wal):
    wal = diary_with_wal.with_name("diary.sqlite3-wal")
    data = bytearray(wal.read_bytes())
    start = 32 + (24 + PAGE) * 10 + 100  # inside the 11th frame: SQLite would stop there
    data[start:start + 200] = bytes(range(200))
    wal.write_bytes(bytes(data))
    kept_main, kept_wal = digest(diary_with_wal), digest(wal)
    with pytest.raises(DiaryError) as caught:
        Diary(diary_with_wal)
    message = str(caught.value)
    assert "-wal" in message and "50 episode(s) could be read" in message and len(message) <= 300
    moved = caught.value.moved_to
    assert digest(moved) == kept_main, "the damaged diary is kept byte-identical"
    assert digest(moved.with_name(moved.name + "-wal")) == kept_wal, "and its -wal beside it"
    again = Diary(diary_with_wal)
    assert len(again) == 50 and {e.notes for e in again.episodes()} == {
        f"episode {i}" for i in range(50)}


def test_a_flipped_byte_on_every_page_is_found_when_the_diary_opens(tmp_path):
    path = tmp_path / "diary.sqlite3"
    book = Diary(path)
    book.add_many([episode(i) for i in range(300)])
    book._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    book.close()
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // PAGE):
        data[page * PAGE + 2000] ^= 0x55
    path.write_bytes(bytes(data))
    kept = digest(path)
    with pytest.raises(DiaryError) as caught:
        Diary(path)
    message = str(caught.value)
    assert "damaged" in message and "kept, unchanged" in message and len(message) <= 300
    assert digest(caught.value.moved_to) == kept
    again = Diary(path)
    assert len(again) == caught.value.recovered > 0
    assert len(again.to_dataframe()) == len(again), "listing works after the set-aside"


def _write_bad_row(path, sql):
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql, field", [
    ("UPDATE episodes SET \"when\" = 'not a date' WHERE id = 2", "when"),
    ("UPDATE episodes SET severity = 99 WHERE id = 2", "severity"),
])
def test_a_bad_row_is_named_when_the_diary_opens(tmp_path, sql, field):
    path = tmp_path / "diary.sqlite3"
    book = Diary(path)
    book.add(**episode(1))
    book.add(**episode(2))
    book.close()
    _write_bad_row(path, sql)
    with pytest.raises(DiaryError) as caught:
        Diary(path)
    assert f"episode 2: {field}" in str(caught.value)
    again = Diary(path)
    assert len(again.to_dataframe()) == 1 and again.episodes()[0].notes == "episode 1"


def test_a_bad_row_written_while_open_is_named_not_a_pandas_error(tmp_path):
    path = tmp_path / "diary.sqlite3"
    book = Diary(path)
    book.add(**episode(1))
    _write_bad_row(path, "INSERT INTO episodes (\"when\", leg, muscle, duration_minutes, "
                         "severity) VALUES ('2025-13-45 99:99', 'left', 'calf', 2, 5)")
    for read in (book.to_dataframe, book.episodes, book.to_csv_text):
        with pytest.raises(DiaryError) as caught:
            read()
        assert str(caught.value).startswith("episode 2: when:"), read.__name__


def test_the_owners_read_only_choice_stays_and_is_explained(tmp_path):
    path = tmp_path / "diary.sqlite3"
    book = Diary(path)
    book.add(**episode(1))
    book.close()
    os.chmod(path, 0o444)
    again = Diary(path)
    assert len(again) == 1
    with pytest.raises(DiaryError) as caught:
        again.add(**episode(2))
    assert "read-only" in str(caught.value) and "Nothing was changed" in str(caught.value)
    assert os.stat(path).st_mode & 0o777 == 0o444, "crampkit never undoes the owner's chmod"
    assert len(Diary(path)) == 1


def test_an_open_file_is_read_up_to_the_cap(tmp_path):
    book = Diary(tmp_path / "diary.sqlite3")
    stream = io.StringIO("when,leg,muscle,duration_minutes,severity\n" + "x" * 40_000_000)
    with pytest.raises(DiaryError) as caught:
        book.import_csv(stream)
    assert "larger than 16.0 MB" in str(caught.value) and len(book) == 0
    assert stream.tell() <= 17_000_000, "reading stopped at the cap, not at the end"


def test_importing_dev_zero_ends_with_one_line(tmp_path):
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "from crampkit.diary import Diary, DiaryError\n"
        f"book = Diary({str(tmp_path / 'diary.sqlite3')!r})\n"
        "try:\n"
        "    book.import_csv(open('/dev/zero', 'rb'))\n"
        "except DiaryError as problem:\n"
        "    print(problem)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr[-300:]
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and "larger than" in lines[0] and len(lines[0]) <= 300
