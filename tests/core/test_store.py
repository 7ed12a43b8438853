"""The saved-profile store: nothing saved until asked, damaged files kept aside, one-step erase."""
import json

import pytest

from crampkit import store
from crampkit.assessment.profile import Profile

pytestmark = pytest.mark.usefixtures("home")  # every test: a fresh data folder (tests/conftest.py)


def person():
    return Profile(age=71, sex="male", conditions=["type 2 diabetes"], medications=["Lipitor 20mg"],
                   timing=["night", "rest"], episodes_per_week=4, symptoms=["numbness"])


def test_nothing_is_saved_until_save(home):
    profile, source = store.current_profile()
    assert source == "demo" and profile == store.demo_profile()
    assert store.load_profile() is None
    assert not home.exists() or not any(home.iterdir())


def test_save_and_load_round_trip(home):
    path = store.save_profile(person())
    assert path == home / "profile.json" and path.exists()
    assert store.load_profile() == person()
    assert store.current_profile() == (person(), "saved")
    assert [p.name for p in home.iterdir()] == ["profile.json"], "no temporary files left behind"


def test_saving_again_replaces_the_earlier_profile():
    store.save_profile(person())
    store.save_profile(Profile(age=30))
    assert store.load_profile() == Profile(age=30)


def test_save_refuses_something_that_is_not_a_profile():
    with pytest.raises(store.StoreError, match="profile"):
        store.save_profile({"age": 40})


def _write(home, text):
    home.mkdir(parents=True, exist_ok=True)
    (home / "profile.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("text, words", [
    ("{not json", "could not be read"),
    (json.dumps({"schema": "something-else", "version": 1, "profile": {"age": 40}}), "not a crampkit profile"),
    (json.dumps({"schema": "crampkit-profile", "version": 99, "profile": {"age": 40}}), "newer crampkit"),
    (json.dumps({"schema": "crampkit-profile", "version": 1, "profile": {"age": -3}}), "age"),
    (json.dumps([1, 2, 3]), "not a crampkit profile"),
])
def test_damaged_foreign_or_newer_file_is_kept_aside(home, text, words):
    _write(home, text)
    with pytest.raises(store.StoreError, match=words) as caught:
        store.load_profile()
    kept = [p for p in home.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    assert kept[0].name in str(caught.value)
    assert not (home / "profile.json").exists()


def test_huge_file_is_refused_and_kept(home):
    _write(home, " " * (store.MAX_BYTES + 1))
    with pytest.raises(store.StoreError, match="larger than"):
        store.load_profile()
    assert any(".damaged-" in p.name for p in home.iterdir())


def test_binary_file_is_refused_and_kept(home):
    home.mkdir(parents=True)
    (home / "profile.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(store.StoreError):
        store.load_profile()
    assert any(".damaged-" in p.name for p in home.iterdir())


def test_current_profile_falls_back_to_demo_when_damaged(home):
    _write(home, "{broken")
    profile, source = store.current_profile()
    assert profile == store.demo_profile()
    assert source.startswith("demo") and "could not be read" in source


def test_two_damaged_files_in_a_row_are_both_kept(home):
    for text in ("{one", "{two"):
        _write(home, text)
        with pytest.raises(store.StoreError):
            store.load_profile()
    kept = sorted(p.read_text() for p in home.iterdir() if ".damaged-" in p.name)
    assert kept == ["{one", "{two"]


def test_forget_everything_erases_profile_and_diary_only(home):
    from crampkit.diary import Diary

    store.save_profile(person())
    diary = Diary()
    diary.add(when="2025-01-05 03:00", leg="left", muscle="calf", duration_minutes=3, severity=5)
    diary.close()
    other = home / "my-notes.txt"
    other.write_text("keep me")
    erased = store.forget_everything()
    assert "profile.json" in erased and any(name.startswith("diary") for name in erased)
    assert store.load_profile() is None
    assert other.exists(), "files crampkit did not write are left alone"
    assert store.current_profile()[1] == "demo"


def test_forget_with_nothing_saved_erases_nothing():
    assert store.forget_everything() == []
    assert store.forget_profile() is False


def test_forget_profile_keeps_the_diary(home):
    store.save_profile(person())
    (home / "diary.sqlite").write_bytes(b"")
    assert store.forget_profile() is True
    assert (home / "diary.sqlite").exists()


def test_deeply_nested_file_is_a_store_error_not_a_crash(home):
    _write(home, "[" * 60_000)
    with pytest.raises(store.StoreError, match="nested too deeply"):
        store.load_profile()
    assert any(".damaged-" in p.name for p in home.iterdir())
    assert store.current_profile()[1].startswith("demo")


def test_forget_everything_also_erases_a_leftover_temporary_copy(home):
    home.mkdir(parents=True)
    (home / ".profile-abc123.tmp").write_text('{"age": 40}')
    assert store.forget_everything() == [".profile-abc123.tmp"]


def test_a_failed_save_leaves_no_temporary_copy(home, monkeypatch):
    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.json, "dump", broken_dump)
    with pytest.raises(store.StoreError, match="disk full"):  # a clear message, not OSError
        store.save_profile(person())
    assert list(home.iterdir()) == []


def test_changing_what_a_data_file_read_gave_never_changes_the_next_read():
    """A test once changed the shared parsed demo file, and later tests' made-up person
    became someone else; each read now gets its own copy."""
    from crampkit import content

    changed = content.read_json("demo_profile.json")
    changed["age"], changed["medications"] = 3, ["something hostile"]
    again = content.read_json("demo_profile.json")
    assert again["age"] != 3 and "something hostile" not in again["medications"]
    assert store.demo_profile().age == again["age"]
