"""Issue 13: every file a person or a script can hand crampkit, read in one bounded way.

Huge numbers, lone surrogates, named pipes, devices, links, byte-order marks, closed pipes,
read-only folders, full disks, busy diaries, formula cells, broken quoting, and a class
survey that cannot be unpicked across views or over time. No timed assertions: timeouts
here only prove that something never hangs.
"""
from __future__ import annotations

import csv
import json
import multiprocessing
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampkit import classroom, cli, diary, report, safe_files, store
from crampkit.assessment import red_flags
from crampkit.classroom import SurveyError, SurveyResponse
from crampkit.content import read_table
from crampkit.diary import Diary, DiaryError

HANG_LIMIT = 60  # seconds: only to prove "never hangs", never a speed check
EPISODE = dict(when="2025-10-03 02:15", leg="left", muscle="calf", duration_minutes=2,
               severity=6)


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "crampkit", *args], capture_output=True,
                          text=True, timeout=HANG_LIMIT, **kwargs)


def assert_one_clear_line(done):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 300, done.stderr[:500]
    return lines[0]


def in_thread(func, *args):
    """Run ``func`` in a thread and return its result or exception; fail if it hangs."""
    box = {}

    def target():
        try:
            box["result"] = func(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_LIMIT)
    assert not thread.is_alive(), f"{func.__name__} hung"
    return box


# --------------------------------------------------------------------------- command line

@pytest.mark.parametrize("text, field", [
    ('{"age": 40, "typical_duration_minutes": ' + "9" * 400 + "}", "typical_duration_minutes"),
    ('{"age": ' + "9" * 5000 + "}", "age"),
    ('{"age": 40, "episodes_per_week": 1e400}', "episodes_per_week"),
    ('{"age": 40, "episodes_per_week": NaN}', "NaN"),
    ('{"age": 40, "medications": ["ator\\ud800vastatin"]}', "medications[0]"),
    ('{"age": 40, "\\udc80": 1}', "field name"),
])
def test_cli_huge_numbers_and_surrogates_are_one_line_naming_the_field(tmp_path, text, field):
    path = tmp_path / "profile.json"
    path.write_text(text)
    line = assert_one_clear_line(run_cli("assess", str(path)))
    assert field in line


def test_cli_named_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)
    line = assert_one_clear_line(run_cli("assess", str(fifo)))
    assert "named pipe" in line


@pytest.mark.parametrize("target, words", [("/dev/zero", "device"), ("/dev/null", "device")])
def test_cli_link_to_a_device_is_refused_without_reading(tmp_path, target, words):
    if not os.path.exists(target):
        pytest.skip(f"{target} is not on this system")
    link = tmp_path / "profile.json"
    link.symlink_to(target)
    assert words in assert_one_clear_line(run_cli("assess", str(link)))


def test_cli_folder_and_oversized_file(tmp_path):
    assert "folder" in assert_one_clear_line(run_cli("assess", str(tmp_path)))
    big = tmp_path / "big.json"
    big.write_text('{"age": 40, "x": "' + "a" * 1_100_000 + '"}')
    assert "larger than" in assert_one_clear_line(run_cli("assess", str(big)))


def test_cli_ten_megabyte_key_and_newline_key_stay_one_short_line(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"age": 40, "k" * 900_000: 1}))
    assert_one_clear_line(run_cli("assess", str(path)))
    path.write_text(json.dumps({"age": 40, "bad\nkey\r\x00": 1}))
    line = assert_one_clear_line(run_cli("assess", str(path)))
    assert "bad\\nkey" in line


def test_cli_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "profile.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"age": 40}).encode())
    done = run_cli("assess", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["urgency"] == "routine_self_care"


def test_cli_closed_output_pipe_ends_quietly(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"age": 52, "symptoms": ["swelling", "warmth"]}))
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before a byte is written
    try:
        done = subprocess.run([sys.executable, "-m", "crampkit", "assess", str(path)],
                              stdout=write_end, stderr=subprocess.PIPE, text=True,
                              timeout=HANG_LIMIT)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.stderr == ""


def test_cli_piped_into_head_ends_quietly(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"age": 52, "medications": ["Lipitor"] * 20}))
    done = subprocess.run(
        f'"{sys.executable}" -m crampkit assess "{path}" --json | head -c 10',
        shell=True, capture_output=True, text=True, timeout=HANG_LIMIT)
    assert len(done.stdout) == 10 and done.stderr == ""


def test_every_urgency_has_words_in_the_answer_labels():
    """The CLI and the report take their words from data/answer_labels.csv."""
    rows = read_table("answer_labels.csv")
    for urgency in red_flags.URGENCY_ORDER:
        for field in ("urgency", "urgency_detail"):
            assert any(r["field"] == field and r["id"] == urgency and r["label"] for r in rows), \
                (field, urgency)


def test_cli_and_report_show_urgency_words_from_the_table(monkeypatch):
    from crampkit import assess
    from crampkit.assessment.profile import Profile

    result = assess(Profile(age=52, symptoms=("swelling", "warmth")))
    text = cli.render_text(result)
    assert text.splitlines()[0] == f"Urgency: {report.urgency_label('urgent')}"
    assert report.urgency_label("urgent", detail=True) in text
    emergency = next(r["label"] for r in read_table("answer_labels.csv")
                     if r["field"] == "urgency" and r["id"] == "emergency")
    assert report.urgency_label("emergency") == emergency and "emergency number" in emergency


# --------------------------------------------------------------------------- saved profile


@pytest.mark.parametrize("content", [
    '{"schema": "crampkit-profile", "version": 1, "profile": {"age": ' + "9" * 400 + "}}",
    '{"schema": "crampkit-profile", "version": ' + "9" * 5000 + ', "profile": {}}',
    '{"schema": "crampkit-profile", "version": 1, "profile": {"age": 40, '
    '"medications": ["\\ud800"]}}',
])
def test_damaged_saved_profile_is_set_aside_byte_identical(home, content):
    home.mkdir()
    (home / "profile.json").write_text(content)
    with pytest.raises(store.StoreError) as caught:
        store.load_profile()
    message = str(caught.value)
    assert "\n" not in message and len(message) <= 300 and "kept as" in message
    (kept,) = [p for p in home.iterdir() if ".damaged-" in p.name]
    assert kept.read_text() == content
    assert store.current_profile()[1] == "demo"


def test_pipe_or_device_in_place_of_saved_profile_is_left_alone(home):
    home.mkdir()
    os.mkfifo(home / "profile.json")
    box = in_thread(store.load_profile)
    assert isinstance(box.get("error"), store.StoreError)
    assert "Nothing was changed" in str(box["error"])
    assert stat.S_ISFIFO(os.lstat(home / "profile.json").st_mode)
    (home / "profile.json").unlink()
    (home / "profile.json").symlink_to("/dev/zero")
    box = in_thread(store.load_profile)
    assert isinstance(box.get("error"), store.StoreError)
    assert os.path.islink(home / "profile.json")


# --------------------------------------------------------------------------- diary

def test_full_disk_is_a_clear_error_and_nothing_is_lost(tmp_path):
    folder = tmp_path / "data"
    d = Diary(folder / "diary.sqlite3")
    first = d.add(**EPISODE, notes="kept")
    con = d._con
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
    with pytest.raises(DiaryError) as caught:
        d.add_many([dict(EPISODE, notes="x" * 1000)] * 50)
    message = str(caught.value)
    assert "full" in message and str(folder) in message and "cannot rollback" not in message
    assert [e.id for e in d.episodes()] == [first.id]
    assert not [p for p in folder.iterdir() if ".damaged-" in p.name]


def _lock_exclusively(path):
    con = sqlite3.connect(path, isolation_level=None, timeout=HANG_LIMIT,
                          check_same_thread=False)
    con.execute("PRAGMA locking_mode = EXCLUSIVE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("INSERT INTO episodes (\"when\", leg, muscle, duration_minutes, severity) "
                "VALUES ('2025-10-03 02:15', 'left', 'calf', 1, 1)")
    con.execute("COMMIT")  # in exclusive locking mode the lock stays after the commit
    return con


def test_busy_diary_is_never_called_damaged(tmp_path, monkeypatch):
    path = tmp_path / "diary.sqlite3"
    with Diary(path) as first:
        first.add(**EPISODE)
    holder = _lock_exclusively(path)
    monkeypatch.setattr(diary.storage, "_BUSY_TIMEOUT_SECONDS", 0.5)
    with pytest.raises(DiaryError) as caught:
        Diary(path)
    assert "another program" in str(caught.value) and "damaged" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir() if ".damaged" in p.name) == []
    holder.close()
    assert len(Diary(path)) == 2  # nothing lost, nothing moved


def test_a_lock_released_while_waiting_is_waited_for(tmp_path):
    path = tmp_path / "diary.sqlite3"
    with Diary(path) as first:
        first.add(**EPISODE)
    holder = _lock_exclusively(path)
    timer = threading.Timer(0.5, holder.close)
    timer.start()
    try:
        d = Diary(path)  # waits (busy timeout 30 s) instead of failing or moving the file
        assert len(d) == 2
    finally:
        timer.join()


def _deny_create(monkeypatch, folder):
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(folder)) and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_read_only_folder_new_diary_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    _deny_create(monkeypatch, folder)
    with pytest.raises(DiaryError) as caught:
        Diary(folder / "diary.sqlite3")
    assert str(folder) in str(caught.value) and "read-only" in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("where, words", [
    ("_check_sqlite", "unable to open database file"),
    ("_initialise_once", "attempt to write a readonly database"),
])
def test_healthy_diary_in_read_only_folder_is_not_damaged(tmp_path, monkeypatch, where, words):
    path = tmp_path / "diary.sqlite3"
    with Diary(path) as first:
        first.add(**EPISODE)
    before = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))

    def refuse(self, *args, **kwargs):
        raise sqlite3.OperationalError(words)  # what SQLite says in a read-only folder

    monkeypatch.setattr(Diary, where, refuse)
    with pytest.raises(DiaryError) as caught:
        Diary(path)
    assert "damaged" not in str(caught.value) and str(tmp_path) in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()
                  if not p.name.endswith(("-wal", "-shm"))) == before  # nothing moved
    monkeypatch.undo()
    assert len(Diary(path)) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_for_real_as_a_non_root_user(tmp_path):
    """As root, permissions do not apply: drop to 'nobody' in a child, when that can run."""
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"crampkit-ro-{os.getpid()}"
    base.mkdir(mode=0o755, exist_ok=True)
    code = ("import sys, pathlib\nfrom crampkit.diary import Diary, DiaryError\n"
            "p = pathlib.Path(sys.argv[1]) / 'diary.sqlite3'\n"
            "try:\n    Diary(p)\n    print('opened')\n"
            "except DiaryError as e:\n    print('DiaryError', e)\n")
    folder = base / "data"
    folder.mkdir(mode=0o555, exist_ok=True)
    kwargs = {}
    if os.geteuid() == 0:
        os.chown(folder, 0, 0)
        kwargs["preexec_fn"] = lambda: (os.setgid(65534), os.setuid(65534))
    try:
        done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                              text=True, timeout=HANG_LIMIT, **kwargs)
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot run Python as a non-root user here ({exc})")
    if "ModuleNotFoundError" in done.stderr or "Permission denied" in done.stderr and \
            "DiaryError" not in done.stdout:
        pytest.skip("crampkit is not readable by the non-root user here")
    assert done.stdout.startswith("DiaryError") and "Traceback" not in done.stderr
    assert str(folder) in done.stdout


def _first_open(path, barrier, results):
    try:
        barrier.wait(HANG_LIMIT)
        d = Diary(path)
        d.add(**EPISODE)
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_first_opens_never_fail(tmp_path, attempt):
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    path = tmp_path / "fresh" / "diary.sqlite3"
    count = 6
    barrier, results = context.Barrier(count), context.Queue()
    workers = [context.Process(target=_first_open, args=(path, barrier, results))
               for _ in range(count)]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=HANG_LIMIT) for _ in workers]
    for w in workers:
        w.join(HANG_LIMIT)
    assert outcomes == ["ok"] * count
    assert len(Diary(path)) == count


def test_a_diary_made_by_another_program_while_it_is_checked_is_not_called_foreign(
        tmp_path, monkeypatch):
    """Seen in CI: of six programs opening a new diary at once, one read the file's id (not
    set yet) and, a moment later, its tables (made by then), called the half-made diary
    "another program's" and moved it aside. Here another program makes the diary and adds
    a cramp exactly between those two reads; the check must see one moment, not two."""
    path = tmp_path / "diary.sqlite3"
    empty = sqlite3.connect(path)  # an empty SQLite file: safe to make a diary of
    empty.execute("CREATE TABLE t (x)")
    empty.execute("DROP TABLE t")
    empty.close()
    other: dict = {}

    def another_program():
        try:
            Diary(path).add(**EPISODE)
            other["result"] = "ok"
        except Exception as exc:  # noqa: BLE001 - reported to the test
            other["result"] = f"{type(exc).__name__}: {exc}"

    class Checker(sqlite3.Connection):
        def execute(self, sql, *args):
            found = super().execute(sql, *args)
            if sql == "PRAGMA application_id" and "thread" not in other:
                other["thread"] = threading.Thread(target=another_program)
                other["thread"].start()
                other["thread"].join(3)  # it finishes meanwhile unless the check holds the file
            return found

    connect = sqlite3.connect

    def connect_checking(database, *args, **kwargs):
        if kwargs.get("uri") and "thread" not in other:
            kwargs["factory"] = Checker
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect_checking)
    mine = Diary(path)
    mine.add(**EPISODE)
    other["thread"].join(HANG_LIMIT)
    assert other.get("result") == "ok"
    assert len(mine) == 2
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []


def test_pipe_in_place_of_the_diary_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "diary.sqlite3")
    box = in_thread(Diary, tmp_path / "diary.sqlite3")
    assert isinstance(box.get("error"), DiaryError)
    assert stat.S_ISFIFO(os.lstat(tmp_path / "diary.sqlite3").st_mode)


# --------------------------------------------------------------------------- CSV

@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3",
                                  "@SUM(A1)", "'=already quoted", "''=twice"])
def test_formula_cells_are_neutralised_and_round_trip(tmp_path, note):
    d = Diary(tmp_path / "diary.sqlite3")
    d.add(**EPISODE, notes=note)
    path = d.export_csv(tmp_path / "out.csv")
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert rows[0]["notes"].startswith("'") and rows[0]["notes"][1:] == note
    again = Diary(tmp_path / "again.sqlite3")
    again.import_csv(path)
    assert again.episodes()[0].notes == note


def test_broken_quoting_is_refused_not_swallowed(tmp_path):
    lines = ["when,leg,muscle,duration_minutes,severity,notes",
             '2025-10-01 23:00,left,calf,2,5,"a note that never closes']
    lines += [f"2025-10-{day:02d} 23:00,left,calf,2,5,fine" for day in range(2, 12)]
    text = "\n".join(lines) + "\n"
    d = Diary(tmp_path / "diary.sqlite3")
    for skip in (False, True):
        with pytest.raises(DiaryError, match="quote"):
            d.import_csv(text, skip_bad_rows=skip)
    bad_middle = text.replace("2025-10-05 23:00,left,calf,2,5,fine",
                              '2025-10-05 23:00,left,calf,2,5,"x"y')
    with pytest.raises(DiaryError, match="quote"):
        d.import_csv(bad_middle.replace('"a note that never closes', "ok"))
    assert len(d) == 0


def test_nul_and_huge_cells_are_row_problems(tmp_path):
    text = ("when,leg,muscle,duration_minutes,severity,notes\n"
            "2025-10-01 23:00,left,calf,2,5,ok\n"
            "2025-10-02 23:00,left,calf,2,5,bad\x00note\n"
            '2025-10-03 23:00,left,calf,2,5,"' + "y" * 200_000 + '"\n'
            "2025-10-04 23:00,left,calf,2,5,ok\n")
    episodes, problems = diary.parse_csv(text)
    assert len(episodes) == 2
    assert {p.row for p in problems} == {3, 4}
    assert any("NUL" in p.problem for p in problems)
    d = Diary(tmp_path / "diary.sqlite3")
    with pytest.raises(diary.DiaryImportError):
        d.import_csv(text)
    assert d.import_csv(text, skip_bad_rows=True).added == 2


@pytest.mark.parametrize("text", ["2025-10-03T02:15:00Z", "2025-10-03T02:15", "2025-10-03 02:15",
                                  "2025-10-03 02:15:40", "20251003T0215", "2025-10-03T02:15+00:00"])
def test_iso_dates_parse_the_same_on_every_python(text):
    ep = diary.Episode(**dict(EPISODE, when=text))
    assert ep.when.date().isoformat() in ("2025-10-03", "2025-10-02", "2025-10-04")


def test_csv_path_that_is_a_pipe_is_refused(tmp_path):
    os.mkfifo(tmp_path / "in.csv")
    box = in_thread(diary.parse_csv, tmp_path / "in.csv")
    assert isinstance(box.get("error"), DiaryError)


NOTES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=60).map(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(NOTES, min_size=1, max_size=4) | st.lists(
    st.sampled_from(["a\rb", 'say "hi", ok', "line\nbreak", "crlf\r\nx", "café ✓ 日本",
                     "=1+1", "-x", "@y", "+z", "'=w", "a,b,,c", '"', "\r"]).map(str.strip),
    min_size=1, max_size=5))
def test_every_note_the_diary_can_store_round_trips_through_csv(tmp_path_factory, notes):
    folder = tmp_path_factory.mktemp("rt")
    d = Diary(folder / "diary.sqlite3")
    d.add_many([dict(EPISODE, notes=n) for n in notes])
    stored = [e.notes for e in d.episodes()]
    again = Diary(folder / "again.sqlite3")
    again.import_csv(d.to_csv_text())
    assert [e.notes for e in again.episodes()] == stored


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_hostile_csv_text_never_escapes_as_an_unexpected_error(text):
    try:
        diary.parse_csv("when,leg,muscle,duration_minutes,severity,notes\n" + text)
    except DiaryError as exc:
        assert "\n" not in str(exc) or isinstance(exc, diary.DiaryImportError)


# --------------------------------------------------------------------------- survey

ANSWER = SurveyResponse(age_band="14-16", exercise_band="60-149", drinks_litres_per_day=1.5,
                        cramp_frequency="monthly", cramp_when=("night",))


def _class(folder, n=6, resp=ANSWER):
    for _ in range(n):
        classroom.save_response(resp, folder)


def test_survey_reading_is_bounded_and_skips_by_name(tmp_path):
    folder, other = tmp_path / "class", tmp_path / "other"
    _class(folder)
    _class(other, 1)
    first = next(folder.glob("survey-*.json"))  # an ordinary answer, before the odd files join
    (folder / "survey-huge.json").write_text(
        json.dumps(ANSWER.to_record()).replace('"version": 1', '"version": ' + "9" * 5000))
    os.mkfifo(folder / "survey-pipe.json")
    (folder / "survey-zero.json").symlink_to("/dev/zero")
    (folder / "survey-foreign.json").symlink_to(next(other.glob("survey-*.json")))
    os.link(first, folder / "survey-hardlink.json")
    classroom.close_survey(folder)
    box = in_thread(classroom.class_summary, folder)
    result, summary = box["result"]
    skipped = dict(result.skipped)
    assert {"survey-huge.json", "survey-pipe.json", "survey-zero.json",
            "survey-foreign.json"} <= set(skipped)
    twins = {first.name, "survey-hardlink.json"} & set(skipped)
    assert len(twins) == 1 and "second name" in skipped[twins.pop()]
    assert len(skipped) == 5
    assert summary.students == 6 and len(result.responses) == 6


def test_threshold_is_fixed_once_per_survey_folder(tmp_path):
    classroom.create_survey(tmp_path, min_group=6)
    _class(tmp_path, 7)
    classroom.close_survey(tmp_path)
    assert classroom.class_summary(tmp_path)[1].min_group == 6
    with pytest.raises(SurveyError, match="fixed at 6"):
        classroom.class_summary(tmp_path, min_group=5)
    with pytest.raises(SurveyError, match="fixed at 6"):
        classroom.create_survey(tmp_path, min_group=7)
    from crampkit.widgets.survey import class_dashboard

    board = class_dashboard(tmp_path, min_group=5)
    assert board.summary is None and "fixed at 6" in board.status.value


def test_results_only_after_closing_and_late_answers_change_nothing(tmp_path):
    _class(tmp_path, 9)
    assert not classroom.class_summary(tmp_path)[1].shown  # still open
    classroom.close_survey(tmp_path)
    before = classroom.class_summary(tmp_path)[1]
    assert before.shown
    with pytest.raises(SurveyError, match="closed"):
        classroom.save_response(ANSWER, tmp_path)
    late = tmp_path / "survey-late0000000000.json"  # copied in by hand after closing
    late.write_text(json.dumps(SurveyResponse("51+", "0", 3.0, "weekly", ["rest"]).to_record()))
    result, after = classroom.class_summary(tmp_path)
    assert ("survey-late0000000000.json",
            "arrived after the survey was closed, so it is not counted") in result.skipped
    for name in ("frequency", "timing", "drinks"):
        assert getattr(before, name).equals(getattr(after, name))
    assert before.message == after.message


def test_survey_files_and_settings_are_private(tmp_path):
    folder = tmp_path / "class"
    path = classroom.save_response(ANSWER, folder)
    classroom.close_survey(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / classroom.SETTINGS_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


RESPONSES = st.builds(
    SurveyResponse,
    age_band=st.sampled_from(classroom.AGE_BANDS),
    exercise_band=st.sampled_from(classroom.EXERCISE_BANDS),
    drinks_litres_per_day=st.sampled_from(classroom.DRINKS_CHOICES),
    cramp_frequency=st.sampled_from(classroom.FREQUENCIES[1:]),
    cramp_when=st.lists(st.sampled_from(classroom.TIMINGS), max_size=2),
    sex=st.sampled_from(classroom.SEXES),
)


@settings(max_examples=25, deadline=None)
@given(answers=st.lists(RESPONSES, min_size=5, max_size=25), late=RESPONSES,
       threshold=st.integers(5, 7), other=st.integers(5, 8))
def test_no_pair_of_views_reveals_a_small_group(tmp_path_factory, answers, late, threshold,
                                                other):
    """Views at two thresholds cannot both exist, and a late answer changes no view."""
    folder = tmp_path_factory.mktemp("class")
    classroom.create_survey(folder, threshold)
    for resp in answers:
        classroom.save_response(resp, folder)
    classroom.close_survey(folder)
    first = classroom.class_summary(folder)[1]
    if other != threshold:
        with pytest.raises(SurveyError):
            classroom.class_summary(folder, min_group=other)
    with pytest.raises(SurveyError):
        classroom.save_response(late, folder)
    second = classroom.class_summary(folder)[1]
    assert first.message == second.message
    if first.shown:
        for table in ("frequency", "timing", "drinks"):
            assert getattr(first, table).equals(getattr(second, table))
        drinks = first.drinks
        # every statistic belongs to a group of at least the threshold
        assert ((drinks["students"] == 0) | (drinks["students"] >= threshold)).all()
        shown_counts = list(first.frequency["students"]) + list(first.timing["students"])
        assert all(c == 0 or c >= threshold for c in shown_counts)


# --------------------------------------------------------------------------- file modes

def test_everything_crampkit_writes_is_private(home, tmp_path):
    old = os.umask(0o022)
    try:
        from crampkit.assessment.profile import Profile

        saved = store.save_profile(Profile(age=40))
        d = Diary()
        d.add(**EPISODE)
        export = d.export_csv(tmp_path / "export.csv")
        page = report.save_report(tmp_path / "reports" / "report.html",
                                  report.render_html(None, diary_df=d.to_dataframe()))
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    written = [saved, export, page] + [p for p in home.iterdir() if p.name.startswith("diary")]
    assert {p.name for p in written} >= {"diary.sqlite3", "diary.sqlite3-wal",
                                         "diary.sqlite3-shm"}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_old_world_readable_diary_is_made_private(home):
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    Diary().add(**EPISODE)
    os.chmod(home / "diary.sqlite3", 0o644)
    Diary()
    assert stat.S_IMODE((home / "diary.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


# --------------------------------------------------------------------------- report

def _assessment(**changes):
    base = {"urgency": "urgent", "red_flags": [{"id": "dark_urine", "urgency": "urgent",
                                                "message": "m", "reference_ids": []}],
            "causes": [{"category": "dehydration_electrolytes", "score": 0.5, "reasons": [],
                        "reference_ids": []}],
            "medications": [], "unrecognised_medications": [], "conditions": [],
            "unrecognised_conditions": [], "plan": [], "disclaimer": "."}
    base.update(changes)
    return base


@pytest.mark.parametrize("urgency", ["**bold** <b>x</b>", "urgent\n# heading", "[x](http://e)"])
def test_markdown_report_never_writes_a_raw_urgency(urgency):
    bad = _assessment(red_flags=[{"id": "dark_urine", "urgency": urgency, "message": "m",
                                  "reference_ids": []}])
    with pytest.raises(report.ReportError, match="red_flags"):
        report.render_markdown(bad)


def test_markdown_report_escapes_every_field():
    text = report.render_markdown(_assessment(
        red_flags=[{"id": "dark_urine", "urgency": "urgent", "message": "*x* <y> [z]",
                    "reference_ids": ["a_b"]}], unrecognised_medications=["`rm`|#"]))
    assert "*x*" not in text and "<y>" not in text and "`rm`" not in text


@pytest.mark.parametrize("score", ["high", None.__class__, float("nan"), [1]])
def test_non_numeric_score_is_a_clear_error(score):
    with pytest.raises(report.ReportError, match=r"causes\[0\]"):
        report.render_html(_assessment(causes=[{"category": "x", "score": score,
                                                "reasons": [], "reference_ids": []}]))


def test_lone_surrogate_leaves_no_partial_file(tmp_path):
    with pytest.raises(report.ReportError):
        report.render_html(_assessment(unrecognised_medications=["\ud800"]))
    with pytest.raises(report.ReportError):
        report.save_report(tmp_path / "r.html", "text \ud800 here")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- diary vs rules

@pytest.mark.parametrize("relieved, words", [("", ()), ("stretching", ()),
                                             ("nothing", ("not_improving_with_self_care",))])
def test_long_cramp_gets_the_same_urgency_in_diary_and_questionnaire(relieved, words):
    import pandas as pd

    from crampkit.assessment.profile import Profile

    minutes = red_flags.LONG_CRAMP_MINUTES + 2
    df = pd.DataFrame({"when": pd.to_datetime(["2025-10-01 23:00"]), "leg": ["left"],
                       "muscle": ["calf"], "duration_minutes": [minutes], "severity": [7],
                       "relieved_by": [relieved]})
    (flag,) = [f for f in diary.pattern_flags(df) if f.pattern == "long"]
    (expected,) = red_flags.evaluate_red_flags(
        Profile(age=40, typical_duration_minutes=minutes, symptoms=words), ())
    assert flag.urgency == expected.urgency


def test_demo_month_and_own_diary_agree_on_a_long_cramp(tmp_path):
    demo = diary.demo_frame()
    long_demo = demo[demo["duration_minutes"] > red_flags.LONG_CRAMP_MINUTES].iloc[0]
    d = Diary(tmp_path / "diary.sqlite3")
    d.add(when=long_demo["when"], leg=long_demo["leg"], muscle=long_demo["muscle"],
          duration_minutes=long_demo["duration_minutes"], severity=long_demo["severity"])
    own = [f.urgency for f in diary.pattern_flags(d.to_dataframe()) if f.pattern == "long"]
    shown = [f.urgency for f in diary.pattern_flags(demo) if f.pattern == "long"]
    assert own == shown


# --------------------------------------------------------------------------- property tests

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=3),
    max_leaves=8)
HOSTILE_NUMBERS = st.sampled_from(["9" * 400, "-" + "9" * 5000, "1e400", "NaN", "-Infinity",
                                   '"\\ud800"', '"\\udfff x"', '"a\\nb"', "[" * 50 + "]" * 50])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.dictionaries(st.sampled_from(["age", "typical_duration_minutes", "medications",
                                             "conditions", "symptoms", "episodes_per_week",
                                             "weird\nkey", "k" * 400]),
                            JSON_VALUES, max_size=4),
       field=st.sampled_from(["age", "episodes_per_week", "medications", "x\ny"]),
       hostile=HOSTILE_NUMBERS, bom=st.booleans())
def test_cli_property_any_profile_file_gives_output_or_one_short_line(
        tmp_path_factory, capsys, base, field, hostile, bom):
    text = json.dumps(base)[:-1] + ("," if base else "") + f"{json.dumps(field)}: {hostile}}}"
    path = tmp_path_factory.mktemp("p") / "profile.json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    status = cli.main(["assess", str(path)])
    out, err = capsys.readouterr()
    assert status in (0, 2)
    if status == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and len(lines[0]) <= 300 and out == ""


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_one_line_is_always_one_short_printable_line(text):
    line = safe_files.one_line(text)
    assert "\n" not in line and "\r" not in line and len(line) <= 300
    line.encode("utf-8")  # never a lone surrogate


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | HOSTILE_NUMBERS.map(
    lambda h: f'{{"schema": "crampkit-survey", "version": 1, "age_band": {h}}}'.encode()))
def test_survey_property_any_file_is_skipped_by_name_never_raised(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("class")
    _class(folder, 5)
    (folder / "survey-crafted.json").write_bytes(content)
    classroom.close_survey(folder)
    result, summary = classroom.class_summary(folder)
    assert summary.students in (5, 6)
    names = [name for name, _ in result.skipped]
    assert names in ([], ["survey-crafted.json"])


def test_diary_app_on_a_busy_diary_shows_a_message_not_a_traceback(home, monkeypatch):
    from crampkit.widgets.diary import diary_app

    with Diary() as d:
        d.add(**EPISODE)
    holder = _lock_exclusively(home / "diary.sqlite3")
    monkeypatch.setattr(diary.storage, "_BUSY_TIMEOUT_SECONDS", 0.3)
    try:
        app = diary_app()
        assert "another program" in app.message.value
    finally:
        holder.close()
    assert len(Diary()) == 2  # nothing lost, nothing moved


@pytest.mark.parametrize("call", [
    lambda: Diary("/tmp/\ud800/diary.sqlite3"),
    lambda: diary.parse_csv("\ud800"),
    lambda: classroom.save_response(ANSWER, "/tmp/\ud800"),
    lambda: classroom.close_survey("/tmp/\ud800"),
    lambda: report.save_report("/tmp/\ud800/r.html", "x"),
])
def test_paths_no_file_system_can_hold_are_a_clear_error(call):
    with pytest.raises((DiaryError, SurveyError, report.ReportError)) as caught:
        call()
    assert "\\ud800" in str(caught.value)
