"""Settings checked once, at first use, each bad value one line naming it; a data folder not
owned by the person, or writable by others, refused (issue 23 item 7)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from system_users import CI, ROOT, missing_tools, python_as, system_users

import crampkit
from crampkit import paths, store
from crampkit.diary import Diary
from crampkit.paths import SettingsError

CALLS = {
    "load_profile": store.load_profile,
    "save_profile": lambda: store.save_profile(store.demo_profile()),
    "forget_everything": store.forget_everything,
    "what_forget_removes": store.what_forget_removes,
    "Diary": Diary,
}


def _refused(monkeypatch, value: str, words: str) -> None:
    """Every reader and writer refuses ``value`` in one line naming CRAMPKIT_HOME."""
    monkeypatch.setenv("CRAMPKIT_HOME", value)
    for name, call in CALLS.items():
        with pytest.raises(ValueError) as caught:
            call()
        message = str(caught.value)
        assert type(caught.value).__module__.startswith("crampkit"), name
        assert message.startswith("CRAMPKIT_HOME: ") and words in message, (name, message)
        assert len(message) <= 300 and "\n" not in message, name


def test_a_file_is_refused_and_left_as_it_was(tmp_path, monkeypatch):
    blocker = tmp_path / "home"
    blocker.write_text("not a folder")
    _refused(monkeypatch, str(blocker), "names a file, not a folder")
    assert blocker.read_text() == "not a folder"


def test_a_path_inside_a_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    _refused(monkeypatch, str(tmp_path / "file" / "crampkit"), "file, not a folder")


def test_an_unknown_users_home_is_refused(monkeypatch):
    _refused(monkeypatch, "~nosuchuser-crampkit/x", "a user this computer does not know")


def test_a_path_too_long_for_the_system_is_refused(tmp_path, monkeypatch):
    _refused(monkeypatch, str(tmp_path / ("a" * 3300)), "is too long for this system")


def test_a_folder_others_may_write_to_is_refused_and_nothing_is_read_or_written(tmp_path,
                                                                                monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    (shared / "diary.sqlite3").write_bytes(b"planted")
    _refused(monkeypatch, str(shared), "others may write to")
    assert sorted(os.listdir(shared)) == ["diary.sqlite3"]
    assert (shared / "diary.sqlite3").read_bytes() == b"planted"
    assert os.stat(shared).st_mode & 0o777 == 0o777, "the folder is not changed either"


@pytest.mark.skipif(not ROOT, reason="giving a folder to another user needs root (CI runs as root)")
def test_a_folder_owned_by_someone_else_is_refused(tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)  # nobody
    _refused(monkeypatch, str(theirs), "owned by another user")
    assert os.listdir(theirs) == []


def test_the_setting_is_checked_once_at_first_use(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)  # (a folder not made yet is checked at each use until it is)
    monkeypatch.setenv("CRAMPKIT_HOME", str(home))
    checks = []
    real = paths._path_problem
    monkeypatch.setattr(paths, "_path_problem", lambda folder: checks.append(folder) or real(folder))
    store.save_profile(store.demo_profile())
    first = len(checks)
    for _ in range(5):
        store.load_profile()
        Diary().close()
    assert first >= 1 and len(checks) == first, "a setting that passed is not checked again"
    monkeypatch.setenv("CRAMPKIT_HOME", str(tmp_path / "other"))
    store.load_profile()
    assert len(checks) > first, "a changed setting is checked again"


def test_the_demo_class_cannot_be_the_class_folder():
    from crampkit.classroom import demo_class_folder

    with pytest.raises(SettingsError) as caught:
        paths.check_class_folder(demo_class_folder())
    assert str(caught.value).startswith("CRAMPKIT_CLASS_FOLDER: is inside crampkit's own files")


# ----------------------------------------------------------------- with real system users

@pytest.fixture(scope="module")
def two_people():
    if not ROOT:
        pytest.skip("real users: creating users needs root (CI runs as root)")
    if missing_tools():
        reason = f"missing {', '.join(missing_tools())} (apt-get install passwd acl)"
        if CI:
            pytest.fail(reason + " (CI is set, so this is a failure, not a skip)")
        pytest.skip(reason)
    tag = f"{os.getpid() % 100000:05d}"
    planter, victim = f"ckp{tag}a", f"ckv{tag}b"
    with system_users([planter, victim], reach=[crampkit.__file__]):
        yield planter, victim


@pytest.fixture
def shared_base():
    base = Path(tempfile.mkdtemp(prefix="crampkit-settings-"))
    os.chmod(base, 0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


TRY = """
import json, os, sys
os.environ["CRAMPKIT_HOME"] = sys.argv[1]
from crampkit import store
from crampkit.diary import Diary
out = {}
for name, call in (("load", store.load_profile), ("diary", Diary),
                   ("save", lambda: store.save_profile(store.demo_profile()))):
    try:
        call()
        out[name] = "used"
    except ValueError as problem:
        out[name] = str(problem)
print(json.dumps(out))
"""


def _as(user: str, folder: Path) -> dict:
    done = python_as(user, TRY, str(folder), home="/nonexistent")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_world_writable_folder_planted_by_another_user_is_refused(two_people, shared_base):
    planter, victim = two_people
    trap = shared_base / "trap"
    trap.mkdir()
    shutil.chown(trap, planter, planter)
    done = python_as(planter, "import os, sys; os.chmod(sys.argv[1], 0o777);"
                     "open(os.path.join(sys.argv[1], 'diary.sqlite3'), 'wb').write(b'planted')",
                     str(trap), home="/nonexistent")
    assert done.returncode == 0, done.stderr
    said = _as(victim, trap)
    for name, message in said.items():
        assert message.startswith("CRAMPKIT_HOME: ") and "owned by another user" in message, name
    assert os.listdir(trap) == ["diary.sqlite3"] and (trap / "diary.sqlite3").read_bytes() == b"planted"


def test_a_folder_that_cannot_be_written_is_named_not_a_permission_error(two_people, shared_base):
    _, victim = two_people
    mine = shared_base / "mine"
    mine.mkdir()
    shutil.chown(mine, victim, victim)
    os.chmod(mine, 0o500)
    said = _as(victim, mine)
    for name, message in said.items():
        assert message.startswith("CRAMPKIT_HOME: ") and "cannot be written" in message, name
    assert os.listdir(mine) == []
