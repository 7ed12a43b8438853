"""The class drop folder on a hub: answers no one can tie to a student, a survey that stays
closed, and results one student cannot hide or slow.

Checked with real users, groups and file modes: as root (as CI runs) the tests create a
teacher, a teachers' group, the collector's service account and students with
``useradd``/``groupadd``, run the collector as its account, then act as each person in a
child process (real uid and groups), so the kernel's permission checks apply. Each attack
of issue 23 item 3 has a test here. Elsewhere (not root) they skip, saying why.
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from system_users import CI, ROOT, missing_tools, popen_as, python_as, system_users

from crampkit import classroom
from crampkit.classroom import SurveyError, SurveyResponse, collector

needs_root = pytest.mark.skipif(
    not ROOT, reason="real users and file modes: creating users needs root (CI runs as root)")

ANSWERS = [  # seven students: two are 17-18, a group too small to show alone
    SurveyResponse("14-16", "0", 1.0, "never"),
    SurveyResponse("14-16", "60-149", 2.0, "weekly", ("night",), "female"),
    SurveyResponse("14-16", "60-149", 1.5, "monthly", ("night", "rest")),
    SurveyResponse("14-16", "1-59", 1.0, "never", (), "male"),
    SurveyResponse("14-16", "300+", 2.5, "weekly", ("after_activity",), "female"),
    SurveyResponse("17-18", "150-299", 2.0, "monthly", ("during_activity",), "male"),
    SurveyResponse("17-18", "0", 0.5, "less_than_monthly", ("night",)),
]


@pytest.fixture(scope="module")
def people():
    """A teacher, the teachers' group (only the teacher in it), the collector's account and
    eight students (seven answer; the eighth comes late)."""
    if not ROOT:
        pytest.skip("real users and file modes: creating users needs root (CI runs as root)")
    if missing_tools():
        reason = f"missing {', '.join(missing_tools())} (apt-get install passwd acl)"
        if CI:
            pytest.fail(reason + " (CI is set, so this is a failure, not a skip)")
        pytest.skip(reason)
    tag = f"{os.getpid() % 100000:05d}"
    group = f"ckg{tag}"
    teacher = f"ckt{tag}"
    account = f"ckc{tag}"
    students = [f"cks{tag}{n}" for n in range(len(ANSWERS) + 1)]
    with system_users([teacher, account, *students], groups=[group],
                      member_of={teacher: [group]}, reach=[classroom.__file__]):
        yield {"teacher": teacher, "group": group, "collector": account,
               "students": students[:-1], "latecomer": students[-1]}


@pytest.fixture
def shared_base():
    """A folder every user can pass through (pytest's own tmp folder is root's only)."""
    base = Path(tempfile.mkdtemp(prefix="crampkit-drop-"))
    os.chmod(base, 0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


COLLECTORS: dict[Path, subprocess.Popen] = {}  # each running collector, by class folder
COLLECT = "from crampkit.classroom import main; import sys; sys.exit(main(['collect', sys.argv[1]]))"


@pytest.fixture
def hub_folder(people, shared_base):
    """A class folder made as the hub's administrator does, with its collector running as
    the collector's account (as the hub runs it)."""
    folder = classroom.make_drop_folder(shared_base / "class-7b", teacher=people["teacher"],
                                        teacher_group=people["group"],
                                        collector_account=people["collector"])
    process = popen_as(people["collector"], COLLECT, str(folder), home="/nonexistent")
    deadline = time.monotonic() + 60
    while not collector.socket_path(folder).exists():
        assert process.poll() is None, f"the collector stopped: {process.communicate()}"
        assert time.monotonic() < deadline, "the collector did not start"
        time.sleep(0.1)
    COLLECTORS[folder] = process
    try:
        yield folder
    finally:
        del COLLECTORS[folder]
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def run_as(user: str, code: str, *args: str) -> dict:
    """Run Python ``code`` as ``user`` (real uid, gid and groups); it prints one JSON value."""
    done = python_as(user, code, *args, home="/nonexistent")
    assert done.returncode == 0, f"as {user}: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


SAVE = """
import json, sys
from crampkit import classroom
from crampkit.classroom import SurveyResponse
try:
    classroom.save_response(SurveyResponse.from_record(json.loads(sys.argv[2])), sys.argv[1])
    print(json.dumps({"saved": True}))
except classroom.SurveyError as err:
    print(json.dumps({"error": str(err)}))
"""

SNOOP = """
import json, os, socket, sys
folder = sys.argv[1]
j = lambda *p: os.path.join(folder, *p)
def ask(request):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(j("inbox.sock")); s.sendall(request); s.shutdown(socket.SHUT_WR)
        return s.recv(4096).decode()
def create(path):
    with open(path, "x") as out:
        out.write("{}")
tries = {
    "list folder": lambda: os.listdir(folder),
    "list answers": lambda: os.listdir(j("answers")),
    "list spool": lambda: os.listdir(j("private", "spool")),
    "read settings": lambda: open(j(".crampkit-survey.json")).read(),
    "change settings": lambda: open(j(".crampkit-survey.json"), "a").write("x"),
    "create in folder": lambda: create(j("survey-mine.json")),
    "create in answers": lambda: create(j("answers", "survey-mine.json")),
    "create in spool": lambda: create(j("private", "spool", "survey-mine.json")),
    "settings in folder": lambda: create(j("survey.json")),
    "name not UTF-8": lambda: create(os.path.join(os.fsencode(folder), b"\\xff\\xfe.json")),
    "empty answer file": lambda: open(j("answers", "survey-0000.json"), "x").close(),
    "junk sorted first": lambda: create(j("answers", "0000-junk.json")),
    "remove socket": lambda: os.unlink(j("inbox.sock")),
}
out = {}
for name, attempt in tries.items():
    try:
        attempt()
        out[name] = "allowed"
    except PermissionError:
        out[name] = "refused"
    except OSError as err:
        out[name] = f"other: {err}"
out["status"] = ask(b'{"op": "status"}\\n')
if sys.argv[2:] == ["close"]:
    out["close"] = ask(b'{"op": "close"}\\n')
print(json.dumps(out))
"""

REFUSED = {"list folder", "list answers", "list spool", "read settings", "change settings",
           "create in folder", "create in answers", "create in spool", "settings in folder",
           "name not UTF-8", "empty answer file", "junk sorted first", "remove socket"}

TEACHER = """
import json, sys
from crampkit import classroom
classroom.close_survey(sys.argv[1])
result, summary = classroom.class_summary(sys.argv[1])
print(json.dumps({"message": summary.message, "skipped": result.skipped,
                  "frequency": summary.frequency.to_dict("records"),
                  "drinks": summary.drinks.astype(object).where(summary.drinks.notna(), None).to_dict("records"),
                  "notes": list(summary.notes)}))
"""

LOOK = """
import json, os, sys
out = {}
for path in sys.argv[1:]:
    try:
        info = os.lstat(path)
        out[path] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_nlink, info.st_ino]
    except OSError as err:
        out[path] = type(err).__name__
print(json.dumps(out))
"""


def _answer_all(people, folder) -> None:
    for student, answer in zip(people["students"], ANSWERS):
        out = run_as(student, SAVE, str(folder), json.dumps(answer.to_record()))
        assert out == {"saved": True}, out


@needs_root
def test_make_drop_folder_lays_out_a_folder_only_the_collector_writes(people, shared_base):
    folder = classroom.make_drop_folder(shared_base / "class-7b", teacher=people["teacher"],
                                        teacher_group=people["group"],
                                        collector_account=people["collector"])
    owner = pwd.getpwnam(people["collector"]).pw_uid
    group = grp.getgrnam(people["group"]).gr_gid
    expected = {folder: 0o2751, folder / "answers": 0o2750, folder / "private": 0o700,
                folder / "private" / "spool": 0o700,
                folder / classroom.SETTINGS_FILE: 0o640}
    for path, mode in expected.items():
        info = path.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (owner, group, mode), path
    assert classroom.is_drop_folder(folder)
    assert classroom.survey_settings(folder).min_group == classroom.MIN_GROUP
    with pytest.raises(SurveyError, match="collector: the collector account must not be the "
                                          "teacher"):
        classroom.make_drop_folder(shared_base / "own", teacher=people["teacher"],
                                   teacher_group=people["group"],
                                   collector_account=people["teacher"])


@needs_root
def test_no_one_can_tie_an_answer_to_a_student(people, hub_folder):
    """ls -l names no student, the times and inode order say nothing about who came when,
    and the teacher sees nothing before closing."""
    folder = hub_folder
    students = {pwd.getpwnam(s).pw_uid for s in people["students"]}
    _answer_all(people, folder)
    before_close = run_as(people["teacher"], SNOOP, str(folder))
    assert before_close["list spool"] == "refused"  # not even the teacher, while it is open
    assert before_close["list answers"] == "allowed" and not os.listdir(folder / "answers")
    status = json.loads(before_close["status"])
    assert status == {"open": True, "answers": len(ANSWERS)}

    seen = run_as(people["teacher"], TEACHER, str(folder))
    assert seen["skipped"] == [] and seen["message"].startswith(f"{len(ANSWERS)} answers.")
    owner = pwd.getpwnam(people["collector"]).pw_uid
    every = [Path(root) / name for root, dirs, files in os.walk(folder) for name in dirs + files]
    assert not [p for p in every if p.lstat().st_uid in students]  # no file of any student
    answers = sorted((folder / "answers").iterdir())
    assert len(answers) == len(ANSWERS)
    assert {p.stat().st_uid for p in answers} == {owner}
    assert len({p.stat().st_mtime_ns for p in answers}) == 1  # one time stamp for all
    # written at closing in name order (random), so the order they were made in says nothing
    # about who answered first
    by_ctime = [p.name for p in sorted(answers, key=lambda p: (p.stat().st_ctime_ns, p.name))]
    assert by_ctime == [p.name for p in answers]
    assert not list((folder / "private" / "spool").iterdir())  # nor who answered, once closed
    drinks_groups = [row["group"] for row in seen["drinks"]]
    assert "17-18 years" not in drinks_groups  # 2 students: merged, never shown alone
    # every band is merged into one, which reads as all ages together (issue 26)
    assert drinks_groups == [classroom.ALL_AGES_LABEL]


@needs_root
def test_students_can_only_hand_in_one_answer(people, hub_folder):
    folder = hub_folder
    _answer_all(people, folder)
    student = people["students"][1]
    again = run_as(student, SAVE, str(folder), json.dumps(ANSWERS[0].to_record()))
    assert "already answered" in again["error"]
    tried = run_as(student, SNOOP, str(folder), "close")
    assert {k: tried[k] for k in REFUSED} == dict.fromkeys(REFUSED, "refused"), tried
    assert "only the teacher may close" in tried["close"]
    assert "only the teacher may status" in tried["status"]
    assert not classroom.survey_settings(folder).closed
    counted = run_as(people["teacher"], TEACHER, str(folder))
    assert counted["message"].startswith(f"{len(ANSWERS)} answers.")


@needs_root
def test_a_closed_survey_no_write_can_change(people, hub_folder):
    folder = hub_folder
    _answer_all(people, folder)
    first = run_as(people["teacher"], TEACHER, str(folder))
    late = run_as(people["latecomer"], SAVE, str(folder), json.dumps(ANSWERS[0].to_record()))
    assert "closed" in late["error"]
    for student in (people["latecomer"], people["students"][0]):
        tried = run_as(student, SNOOP, str(folder))
        assert {k: tried[k] for k in REFUSED} == dict.fromkeys(REFUSED, "refused"), tried
    again = run_as(people["teacher"], TEACHER, str(folder))  # closing twice changes nothing
    assert again == first
    assert len(classroom.survey_settings(folder).answers) == len(ANSWERS)


HAMMER = """
import json, os, socket, sys, time
folder, record, stop = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
def ask(data, wait=True):
    s = socket.socket(socket.AF_UNIX)
    s.connect(folder + "/inbox.sock")
    s.sendall(data)
    if not wait:
        return s
    s.shutdown(socket.SHUT_WR)
    reply = s.recv(4096).decode()
    s.close()
    return reply
held, opened, printed = [], 0, False
while not os.path.exists(stop):  # keep 300 connections open that never finish a request
    held = [c for c in held if c.fileno() != -1]
    while len(held) < 300:
        try:
            held.append(ask(b'{"op": "answer"', wait=False))
        except OSError:  # refused at once (too many from this account): try again later
            break
        opened += 1
    if opened >= 300 and not printed:
        printed = print("holding", flush=True) or True
    for c in held[:50]:  # trickle one byte now and then, as a slow client would
        try:
            c.send(b" ")
        except OSError:
            c.close()
    time.sleep(0.2)
for c in held:
    c.close()
time.sleep(CONNECTION_SECONDS + 0.5)  # anything still held by the collector has been dropped
replies = [ask(b"\\xff\\xfe not json\\n"), ask(b"x" * 100_000),
           ask(json.dumps({"op": "answer", "record": {**record, "pad": "x" * 3000}}).encode())]
accepted = sum('"ok"' in ask((json.dumps({"op": "answer", "record": record}) + "\\n").encode())
               for _ in range(200))
print(json.dumps({"replies": replies, "accepted": accepted, "opened": opened}))
""".replace("CONNECTION_SECONDS", repr(collector.CONNECTION_SECONDS))


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("Threads:")))


@needs_root
def test_one_student_cannot_hide_flood_or_stall_the_results(people, hub_folder, shared_base):
    """One student keeps 300 connections open (trickling bytes, as a slow client) and sends
    200 answers and junk: the collector keeps a handful of threads, every classmate still
    hands in their answer, and the attacker's answer counts once."""
    folder = hub_folder
    attacker, *others = people["students"]
    stop = shared_base / "stop"
    hammer = popen_as(attacker, HAMMER, str(folder), json.dumps(ANSWERS[0].to_record()),
                      str(stop), home="/nonexistent")
    try:
        assert hammer.stdout.readline().strip() == "holding", hammer.stderr.read()
        for student, answer in zip(others, ANSWERS[1:]):  # while the attack goes on
            assert run_as(student, SAVE, str(folder), json.dumps(answer.to_record())) == {
                "saved": True}
            assert hammer.poll() is None, hammer.communicate()  # still attacking
            threads = _threads(COLLECTORS[folder].pid)
            assert threads <= collector.MAX_PER_ACCOUNT + 3, threads
        stop.touch()
        out, err = hammer.communicate(timeout=300)
    finally:
        if hammer.poll() is None:
            hammer.kill()
            hammer.communicate()
    result = json.loads(out.strip().splitlines()[-1])
    assert result["accepted"] == 1  # 200 answers sent, one counted
    assert all("error" in reply for reply in result["replies"]), result["replies"]
    seen = run_as(people["teacher"], TEACHER, str(folder))
    assert seen["message"].startswith(f"{len(ANSWERS)} answers.") and seen["skipped"] == []


@needs_root
def test_students_see_nothing_change_when_a_classmate_answers(people, hub_folder):
    """Size, times, link counts and inode numbers of everything a student can look at stay
    the same when another student answers."""
    folder = hub_folder
    visible = [str(p) for p in (folder, folder / "answers", folder / "private",
                                folder / "private" / "spool", folder / classroom.SETTINGS_FILE,
                                folder / "inbox.sock")]
    watcher = people["students"][0]
    before = run_as(watcher, LOOK, *visible)
    assert before[str(folder / "private" / "spool")] == "PermissionError"
    time.sleep(0.05)  # time stamps would move on
    for student, answer in zip(people["students"][1:4], ANSWERS[1:4]):
        assert run_as(student, SAVE, str(folder), json.dumps(answer.to_record())) == {
            "saved": True}
    assert run_as(watcher, LOOK, *visible) == before


@needs_root
def test_make_drop_folder_refuses_a_folder_it_did_not_make(people, shared_base):
    open_base = shared_base / "open"
    open_base.mkdir()
    os.chmod(open_base, 0o1777)  # like /tmp: anyone may create, nobody may take another's
    student = people["students"][0]
    premade = open_base / "class-7b"
    done = python_as(student, "import json, os, sys\n"
                     "os.mkdir(sys.argv[1], 0o777); os.chmod(sys.argv[1], 0o777)\n"
                     "open(os.path.join(sys.argv[1], '.crampkit-survey.json'), 'w').write(json.dumps("
                     "{'schema': 'crampkit-survey-settings', 'version': 1, 'min_group': 5, "
                     "'closed': True, 'answers': []}))", str(premade), home="/nonexistent")
    assert done.returncode == 0, done.stderr
    with pytest.raises(SurveyError, match="already exists"):
        classroom.make_drop_folder(premade, teacher=people["teacher"],
                                   teacher_group=people["group"],
                                   collector_account=people["collector"])
    assert pwd.getpwuid(premade.stat().st_uid).pw_name == student  # left as it was
    assert not classroom.is_drop_folder(premade)
    made = classroom.make_drop_folder(shared_base / "twice", teacher=people["teacher"],
                                      teacher_group=people["group"],
                                      collector_account=people["collector"])
    with pytest.raises(SurveyError, match="already exists"):  # with its settings: not again
        classroom.make_drop_folder(made, teacher=people["teacher"],
                                   teacher_group=people["group"],
                                   collector_account=people["collector"])
    theirs = open_base / "theirs"  # a parent the student made: they could swap its contents
    done = python_as(student, "import os, sys; os.mkdir(sys.argv[1], 0o755)", str(theirs),
                     home="/nonexistent")
    assert done.returncode == 0, done.stderr
    with pytest.raises(SurveyError, match="belongs to another user"):
        classroom.make_drop_folder(theirs / "class", teacher=people["teacher"],
                                   teacher_group=people["group"],
                                   collector_account=people["collector"])
    assert not (theirs / "class").exists()
    loose = shared_base / "loose"
    loose.mkdir()
    os.chmod(loose, 0o777)  # anyone could rename the class folder away and put theirs there
    with pytest.raises(SurveyError, match="may be changed by other users"):
        classroom.make_drop_folder(loose / "class", teacher=people["teacher"],
                                   teacher_group=people["group"],
                                   collector_account=people["collector"])


@needs_root
def test_same_class_same_tables_on_a_hub_one_computer_or_collected_by_hand(people, hub_folder,
                                                                          shared_base):
    _answer_all(people, hub_folder)
    on_hub = run_as(people["teacher"], TEACHER, str(hub_folder))

    one_computer = shared_base / "one"
    for answer in ANSWERS:  # every student on the teacher's computer, one after another
        classroom.save_response(answer, one_computer)
    by_hand = shared_base / "by-hand"
    by_hand.mkdir()
    for n, answer in enumerate(ANSWERS):  # files handed in, copied into one folder
        (by_hand / f"survey-handin{n:02d}.json").write_text(json.dumps(answer.to_record()))
    for folder in (one_computer, by_hand):
        classroom.close_survey(folder)
        _, summary = classroom.class_summary(folder)
        assert summary.message == on_hub["message"]
        assert summary.frequency.to_dict("records") == on_hub["frequency"]
        assert list(summary.notes) == on_hub["notes"]
    assert stat.S_IMODE(one_computer.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in one_computer.iterdir()} == {0o600}


def test_junk_in_a_folder_neither_hides_nor_floods_the_results(tmp_path):
    """A folder collected by hand (or an older shared folder) full of junk: names that are
    not UTF-8, 3,000 empty answer-like files, 5,000 files sorted before the answers. The
    results still show, the settings stay small, and the skipped list stays short."""
    folder = tmp_path / "class"
    for answer in ANSWERS:
        classroom.save_response(answer, folder)
    (folder / os.fsdecode(b"\xff\xfejunk.json")).write_bytes(b"{}")
    for n in range(3000):
        (folder / f"survey-empty{n:05d}.json").touch()
    for n in range(5000):
        (folder / f"0000-{n:05d}.json").touch()
    (folder / "survey-big.json").write_bytes(b" " * 200_000)
    settings = classroom.close_survey(folder)
    assert (folder / classroom.SETTINGS_FILE).stat().st_size < classroom.survey.MAX_SETTINGS_BYTES
    result, summary = classroom.class_summary(folder)
    assert summary.shown and summary.students == len(ANSWERS)
    assert len(result.skipped) <= classroom.survey.MAX_SHOWN_SKIPPED + 3
    shown = " ".join(f"{name} {reason}" for name, reason in result.skipped)
    assert "0000-" not in shown and "junk" not in shown  # other names are counted, not named
    assert "5001 other file(s)" in shown or "5001" in shown
    assert len(settings.answers) == len(ANSWERS) + 3001


@needs_root
def test_a_group_that_holds_students_is_refused(people, shared_base):
    student = people["students"][0]
    subprocess.run(["usermod", "-a", "-G", people["group"], student], check=True)
    try:
        with pytest.raises(SurveyError, match=f"teacher_group: .*{student}"):
            classroom.make_drop_folder(shared_base / "leaky", teacher=people["teacher"],
                                       teacher_group=people["group"],
                                       collector_account=people["collector"])
    finally:
        subprocess.run(["gpasswd", "-d", student, people["group"]], capture_output=True)
    assert not (shared_base / "leaky").exists()


def test_drop_folder_refuses_unknown_people(tmp_path):
    if os.name != "posix":
        pytest.skip("drop folders need POSIX file modes")
    with pytest.raises(SurveyError, match="teacher: no user"):
        classroom.make_drop_folder(tmp_path / "x", teacher="no-such-teacher-here")
    with pytest.raises(SurveyError, match="collector: no user"):
        classroom.make_drop_folder(tmp_path / "x", collector_account="no-such-account-here")
    with pytest.raises(SurveyError, match="teacher_group: no group"):
        classroom.make_drop_folder(tmp_path / "x", teacher_group="no-such-group-here",
                                   collector_account=0 if ROOT else "nobody")
    assert not (tmp_path / "x").exists()


@needs_root
def test_command_line_makes_the_folder_and_names_the_setting(people, shared_base, capsys):
    folder = shared_base / "c"
    assert classroom.main(["make-drop-folder", str(folder), "--collector", people["collector"],
                           "--teacher", people["teacher"], "--group", people["group"]]) == 0
    out = capsys.readouterr().out
    assert "CRAMPKIT_CLASS_FOLDER=" in out and "collect" in out
    assert stat.S_IMODE(folder.stat().st_mode) == classroom.DROP_FOLDER_MODE
    assert classroom.main(["make-drop-folder", str(shared_base / "d"), "--teacher",
                           "no-such-teacher-here"]) == 2
    assert "teacher: no user" in capsys.readouterr().err
    assert classroom.main(["collect", str(shared_base)]) == 2  # not a class folder
    assert "not a class folder" in capsys.readouterr().err


def test_class_folder_is_the_one_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("CRAMPKIT_CLASS_FOLDER", str(tmp_path / "class"))
    assert classroom.class_folder() == tmp_path / "class"
    monkeypatch.setenv("CRAMPKIT_CLASS_FOLDER", "  ")
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "home"))
    assert classroom.class_folder() == tmp_path / "home" / "class_survey"


@needs_root
def test_bare_ids_work_as_in_a_container(shared_base):
    """Containers run servers with bare ids (no user list entry): the collector's account
    and the teacher's group may be bare numbers."""
    free = [n for n in range(61000, 62000) if not _known_id(n)][:3]
    folder = classroom.make_drop_folder(shared_base / "k8s", teacher=str(free[0]),
                                        teacher_group=str(free[1]), collector_account=free[2])
    info = folder.stat()
    assert (info.st_uid, info.st_gid) == (free[2], free[1])
    assert stat.S_IMODE(info.st_mode) == classroom.DROP_FOLDER_MODE
    with pytest.raises(SurveyError, match="teacher_group: give"):
        classroom.make_drop_folder(shared_base / "k8s-2", teacher=free[0],
                                   collector_account=free[2])


def _known_id(number: int) -> bool:
    try:
        pwd.getpwuid(number)
        return True
    except KeyError:
        pass
    try:
        grp.getgrgid(number)
        return True
    except KeyError:
        return False


@needs_root
def test_a_close_that_stopped_half_way_leaves_no_trace_of_who_answered(people, shared_base):
    """The collector stopped after writing the closed settings but before clearing its spool
    (a power cut): when it starts again, the copies and the list of accounts that answered
    are deleted, and the survey stays closed with the answers it had."""
    folder = classroom.make_drop_folder(shared_base / "cut", teacher=people["teacher"],
                                        teacher_group=people["group"],
                                        collector_account=people["collector"])
    spool = collector.spool_path(folder)
    running = collector.Collector(folder)
    for uid, answer in zip((2001, 2002, 2003), ANSWERS, strict=False):
        assert running.take(answer.to_record(), uid) == {"ok": True}
    kept = {p.name: p.read_bytes() for p in spool.iterdir()}
    assert collector.ANSWERED_FILE in kept and len(kept) == 4
    assert running.close() == {"ok": True, "answers": 3}
    for name, data in kept.items():  # as if the spool had not been cleared
        (spool / name).write_bytes(data)
    again = collector.Collector(folder)
    assert not list(spool.iterdir())
    assert again.handle({"op": "status"}, 0) == {"open": False, "answers": 3}
    assert "closed" in again.handle({"op": "answer", "record": ANSWERS[4].to_record()},
                                    2004)["error"]
    result = classroom.load_responses(folder)
    assert len(result.responses) == 3 and result.skipped == []


@needs_root
def test_a_form_without_its_survey_service_says_so_and_stores_nothing(people, shared_base):
    folder = classroom.make_drop_folder(shared_base / "nobody-serving", teacher=people["teacher"],
                                        teacher_group=people["group"],
                                        collector_account=people["collector"])
    out = run_as(people["students"][0], SAVE, str(folder), json.dumps(ANSWERS[0].to_record()))
    assert "survey service is not running" in out["error"] and len(out["error"]) <= 300
    assert not list((folder / "answers").iterdir())
    assert not list(collector.spool_path(folder).iterdir())


def test_collect_run_from_another_thread_says_what_is_wrong_not_a_traceback(tmp_path, capsys):
    """Test runners and embedding programs call the command line from a worker thread, where
    Python refuses signal handlers: the person still gets the folder's problem, code 2."""
    import threading

    codes = []
    worker = threading.Thread(target=lambda: codes.append(
        classroom.main(["collect", str(tmp_path)])))
    worker.start()
    worker.join(30)
    assert codes == [2]
    assert "not a class folder" in capsys.readouterr().err


def test_a_student_whose_answer_meets_a_full_queue_waits_a_moment_instead_of_failing(tmp_path):
    """With 30 students sending at once the collector's queue can be full; Linux then refuses a
    connection at once (EAGAIN). The form tries again until its timeout instead of telling the
    student the survey service cannot be reached."""
    import socket
    import threading

    path = str(tmp_path / "s")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(0)
    # Fill the queue: these clients connect but are never accepted until the server thread runs.
    waiting = []
    for _ in range(4):
        blocker = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        blocker.setblocking(False)
        try:
            blocker.connect(path)
        except BlockingIOError:
            blocker.close()
            break
        waiting.append(blocker)

    def drain_later():
        time.sleep(0.3)
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.close()

    once = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    once.settimeout(5)
    with pytest.raises(BlockingIOError):  # what a single try (the old client) met
        once.connect(path)
    once.close()
    threading.Thread(target=drain_later, daemon=True).start()
    conn = collector._connected(path.encode(), timeout=5)  # refused at first, then accepted
    conn.close()
    for blocker in waiting:
        blocker.close()
    server.close()
