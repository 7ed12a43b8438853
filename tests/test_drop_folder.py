"""The class drop folder: students add answers, only the teacher reads them.

Checked with real users, groups and file modes: as root (as CI runs) the tests create a
teacher, a teachers' group and students with ``useradd``/``groupadd``, then act as each of
them in a child process (real uid and groups), so the kernel's permission checks apply.
Elsewhere (not root) they skip, saying why.
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
from pathlib import Path

import pytest
from system_users import CI, ROOT, missing_tools, python_as, system_users

from crampkit import classroom
from crampkit.classroom import SurveyError, SurveyResponse, dropfolder

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
    """A teacher, the teachers' group (only the teacher in it) and seven students."""
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
    students = [f"cks{tag}{n}" for n in range(len(ANSWERS))]
    with system_users([teacher, *students], groups=[group], member_of={teacher: [group]},
                      reach=[classroom.__file__]):
        yield {"teacher": teacher, "group": group, "students": students}


@pytest.fixture
def shared_base():
    """A folder every user can pass through (pytest's own tmp folder is root's only)."""
    base = Path(tempfile.mkdtemp(prefix="crampkit-drop-"))
    os.chmod(base, 0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def run_as(user: str, code: str, *args: str) -> dict:
    """Run Python ``code`` as ``user`` (real uid, gid and groups); it prints one JSON value."""
    done = python_as(user, code, *args, home="/nonexistent")
    assert done.returncode == 0, f"as {user}: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


SAVE = """
import json, os, sys
from crampkit import classroom
from crampkit.classroom import SurveyResponse
try:
    path = classroom.save_response(SurveyResponse.from_record(json.loads(sys.argv[2])), sys.argv[1])
    info = os.stat(path)
    print(json.dumps({"saved": path.name, "mode": info.st_mode & 0o7777, "gid": info.st_gid}))
except classroom.SurveyError as err:
    print(json.dumps({"error": str(err)}))
"""

SNOOP = """
import json, os, sys
folder, victim = sys.argv[1], sys.argv[2]
tries = {
    "list": lambda: os.listdir(folder),
    "read": lambda: open(os.path.join(folder, victim)).read(),
    "change": lambda: open(os.path.join(folder, victim), "a").write("x"),
    "delete": lambda: os.unlink(os.path.join(folder, victim)),
    "rename": lambda: os.rename(os.path.join(folder, victim), os.path.join(folder, "mine.json")),
    "settings": lambda: open(os.path.join(folder, ".crampkit-survey.json"), "a").write("x"),
    "replace settings": lambda: os.replace(os.path.join(folder, sys.argv[3]),
                                           os.path.join(folder, ".crampkit-survey.json")),
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
print(json.dumps(out))
"""

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


@needs_root
def test_make_drop_folder_sets_owner_group_and_modes(people, shared_base):
    folder = classroom.make_drop_folder(shared_base / "class-7b", teacher=people["teacher"],
                                        teacher_group=people["group"])
    info = folder.stat()
    assert stat.S_IMODE(info.st_mode) == classroom.DROP_FOLDER_MODE == 0o3733
    assert pwd.getpwuid(info.st_uid).pw_name == people["teacher"]
    assert grp.getgrgid(info.st_gid).gr_name == people["group"]
    settings = folder / classroom.SETTINGS_FILE
    assert stat.S_IMODE(settings.stat().st_mode) == 0o644
    assert settings.stat().st_uid == info.st_uid
    assert classroom.is_drop_folder(folder)
    assert classroom.survey_settings(folder).min_group == classroom.MIN_GROUP


@needs_root
def test_students_add_answers_but_cannot_list_read_change_or_delete(people, shared_base):
    folder = classroom.make_drop_folder(shared_base / "drop", teacher=people["teacher"],
                                        teacher_group=people["group"])
    group_id = grp.getgrnam(people["group"]).gr_gid
    saved = []
    for student, answer in zip(people["students"], ANSWERS):
        out = run_as(student, SAVE, str(folder), json.dumps(answer.to_record()))
        assert "error" not in out, out
        assert out["mode"] == 0o640 and out["gid"] == group_id  # only the teacher's group reads
        saved.append(out["saved"])
    assert len(set(saved)) == len(ANSWERS)

    # Another student knows a file's name (the worst case) and still can do nothing with it.
    own = saved[1]
    tried = run_as(people["students"][1], SNOOP, str(folder), saved[0], own)
    assert tried == {"list": "refused", "read": "refused", "change": "refused",
                     "delete": "refused", "rename": "refused", "settings": "refused",
                     "replace settings": "refused"}, tried

    # The teacher closes the survey and sees the class, with the small-group rules.
    seen = run_as(people["teacher"], TEACHER, str(folder))
    assert seen["skipped"] == []
    assert seen["message"].startswith(f"{len(ANSWERS)} answers.")
    drinks_groups = [row["group"] for row in seen["drinks"]]
    assert "17-18 years" not in drinks_groups  # 2 students: merged, never shown alone
    assert any(g.startswith("other/combined") for g in drinks_groups)

    # A closed survey takes no late answer, even from a student who has not answered.
    late = run_as(people["students"][0], SAVE, str(folder), json.dumps(ANSWERS[0].to_record()))
    assert "closed" in late["error"]


@needs_root
def test_same_class_same_tables_on_a_hub_one_computer_or_collected_by_hand(people, shared_base):
    drop = classroom.make_drop_folder(shared_base / "hub", teacher=people["teacher"],
                                      teacher_group=people["group"])
    for student, answer in zip(people["students"], ANSWERS):
        run_as(student, SAVE, str(drop), json.dumps(answer.to_record()))
    on_hub = run_as(people["teacher"], TEACHER, str(drop))

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


@needs_root
def test_a_group_that_holds_students_is_refused(people, shared_base):
    student = people["students"][0]
    subprocess.run(["usermod", "-a", "-G", people["group"], student], check=True)
    try:
        with pytest.raises(SurveyError, match=f"teacher_group: .*{student}"):
            classroom.make_drop_folder(shared_base / "leaky", teacher=people["teacher"],
                                       teacher_group=people["group"])
    finally:
        subprocess.run(["gpasswd", "-d", student, people["group"]], capture_output=True)
    assert not (shared_base / "leaky").exists() or not classroom.is_drop_folder(
        shared_base / "leaky")


def test_drop_folder_refuses_unknown_people_and_used_folders(tmp_path):
    if os.name != "posix":
        pytest.skip("drop folders need POSIX file modes")
    with pytest.raises(SurveyError, match="teacher: no user"):
        classroom.make_drop_folder(tmp_path / "x", teacher="no-such-teacher-here")
    with pytest.raises(SurveyError, match="teacher_group: no group"):
        classroom.make_drop_folder(tmp_path / "x", teacher_group="no-such-group-here")
    used = tmp_path / "used"
    classroom.save_response(ANSWERS[0], used)
    own_group = grp.getgrgid(pwd.getpwuid(os.geteuid()).pw_gid).gr_name
    others = dropfolder._others_in_group(pwd.getpwuid(os.geteuid()).pw_gid,
                                         pwd.getpwuid(os.geteuid()).pw_name)
    if others:
        pytest.skip(f"this user's own group {own_group} holds other users too")
    with pytest.raises(SurveyError, match="already holds files"):
        classroom.make_drop_folder(used)


def test_command_line_names_the_setting(tmp_path, capsys):
    if os.name != "posix":
        pytest.skip("drop folders need POSIX file modes")
    me = pwd.getpwuid(os.geteuid())
    if dropfolder._others_in_group(me.pw_gid, me.pw_name):
        pytest.skip("this user's own group holds other users too")
    assert classroom.main(["make-drop-folder", str(tmp_path / "c")]) == 0
    assert "CRAMPKIT_CLASS_FOLDER=" in capsys.readouterr().out
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o3733
    assert classroom.main(["make-drop-folder", str(tmp_path / "d"), "--teacher",
                           "no-such-teacher-here"]) == 2
    assert "teacher: no user" in capsys.readouterr().err


def test_class_folder_is_the_one_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("CRAMPKIT_CLASS_FOLDER", str(tmp_path / "class"))
    assert classroom.class_folder() == tmp_path / "class"
    monkeypatch.setenv("CRAMPKIT_CLASS_FOLDER", "  ")
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "home"))
    assert classroom.class_folder() == tmp_path / "home" / "class_survey"


@needs_root
def test_bare_ids_work_as_in_a_container(shared_base):
    """Zero to JupyterHub runs servers with bare ids (no user list entry): 1001 is the teacher."""
    free = next(n for n in range(61000, 62000) if not _known_id(n))
    folder = classroom.make_drop_folder(shared_base / "k8s", teacher=str(free),
                                        teacher_group=str(free))
    info = folder.stat()
    assert (info.st_uid, info.st_gid) == (free, free)
    assert stat.S_IMODE(info.st_mode) == 0o3733
    with pytest.raises(SurveyError, match="teacher_group: give"):
        classroom.make_drop_folder(shared_base / "k8s-2", teacher=free)


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
