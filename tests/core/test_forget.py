"""'Forget my details' erases exactly the files crampkit wrote for this person, all of them,
and lists them first (issue 23 item 1)."""
import os

import pytest

from crampkit import store
from crampkit.diary import Diary
from crampkit.report import save_report

EPISODE = dict(when="2025-10-03 02:15", leg="left", muscle="calf", duration_minutes=2, severity=6)


pytestmark = pytest.mark.usefixtures("home")  # every test: a fresh data folder (tests/conftest.py)


def _everything_crampkit_writes(home, elsewhere):
    """A saved profile, a diary (with -wal/-shm), an export and a report in the data folder
    and outside it, a class survey answer and a diary set aside as damaged."""
    store.save_profile(store.demo_profile())
    diary = Diary()
    diary.add(**EPISODE)
    diary.export_csv(home / "my-diary.csv")
    diary.export_csv(elsewhere / "for-the-doctor.csv")
    save_report(home / "report.html", "<p>report</p>")
    save_report(elsewhere / "report.html", "<p>report</p>")
    diary.close()
    survey = home / "class_survey"
    survey.mkdir(mode=0o700)
    (survey / "survey-0123456789abcdef.json").write_text("{}")
    (home / "diary.sqlite3.damaged-20251003-021500").write_bytes(b"old damaged diary")
    (home / "diary.sqlite3.damaged-20251003-021500-wal").write_bytes(b"its wal")


def test_the_persons_own_files_in_the_data_folder_survive(home):
    home.mkdir(mode=0o700)
    for name in ("thesis.db", "diary.docx", "diary-2024.xlsx", "notes.sqlite", "profile.json.txt"):
        (home / name).write_text("mine")
    store.save_profile(store.demo_profile())
    Diary().add(**EPISODE)
    erased = store.forget_everything()
    assert "profile.json" in erased and "diary.sqlite3" in erased
    assert sorted(p.name for p in home.iterdir()) == [
        "diary-2024.xlsx", "diary.docx", "notes.sqlite", "profile.json.txt", "thesis.db"]
    assert all((home / name).read_text() == "mine" for name in ("thesis.db", "diary.docx"))


def test_forget_erases_every_file_crampkit_wrote_and_leaves_nothing_of_its_own(home, tmp_path):
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "unrelated.csv").write_text("mine")
    _everything_crampkit_writes(home, elsewhere)
    erased = store.forget_everything()
    for name in ("profile.json", "diary.sqlite3", "my-diary.csv", "report.html",
                 "class_survey/survey-0123456789abcdef.json",
                 "diary.sqlite3.damaged-20251003-021500",
                 "diary.sqlite3.damaged-20251003-021500-wal",
                 str(elsewhere / "for-the-doctor.csv"), str(elsewhere / "report.html")):
        assert name in erased, f"{name} was left behind"
    assert not home.exists(), "crampkit's folder (and its list of files) is gone when empty"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["unrelated.csv"]
    assert store.forget_everything() == []


def test_the_dry_run_lists_exactly_what_forget_then_erases_and_erases_nothing(home, tmp_path):
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    _everything_crampkit_writes(home, elsewhere)
    (home / "thesis.db").write_text("mine")
    before = sorted(os.listdir(home))
    listed = store.what_forget_removes()
    assert store.forget_everything(dry_run=True) == listed
    assert sorted(os.listdir(home)) == before, "a dry run erases nothing"
    assert "thesis.db" not in listed
    assert store.forget_everything() == listed


def test_a_file_that_replaced_an_export_is_the_persons_and_stays(home, tmp_path):
    diary = Diary()
    diary.add(**EPISODE)
    export = tmp_path / "export.csv"
    diary.export_csv(export)
    export.unlink()
    export.write_text("the person's own file, saved later under the same name")
    assert str(export) not in store.what_forget_removes()
    store.forget_everything()
    assert export.read_text().startswith("the person's own file")


def test_an_export_the_person_saved_over_in_place_is_theirs_and_stays(home, tmp_path):
    # Saving over a file in place (as a spreadsheet program may) keeps its inode, just as a
    # new file often gets the inode of one just erased: the inode alone cannot tell.
    diary = Diary()
    diary.add(**EPISODE)
    export = tmp_path / "export.csv"
    diary.export_csv(export)
    with open(export, "w") as mine:
        mine.write("my own notes for the doctor")
    assert str(export) not in store.what_forget_removes()
    assert store.what_forget_leaves() == [str(export)], "what stays is said, not left silently"
    store.forget_everything()
    assert export.read_text() == "my own notes for the doctor"


def test_forget_leaves_nothing_unsaid_only_changed_files_are_listed(home, tmp_path):
    diary = Diary()
    diary.add(**EPISODE)
    kept, changed = tmp_path / "kept.csv", tmp_path / "changed.csv"
    diary.export_csv(kept)
    diary.export_csv(changed)
    diary.add(**{**EPISODE, "when": "2025-10-04 02:15"})  # the diary grows: still crampkit's
    assert store.what_forget_leaves() == []
    with open(changed, "a") as mine:
        mine.write("my line\n")
    assert store.what_forget_leaves() == [str(changed)]
    assert str(kept) in store.what_forget_removes() and "diary.sqlite3" in store.what_forget_removes()


def test_a_link_is_never_followed(home, tmp_path):
    home.mkdir(mode=0o700)
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, home / "profile.json")
    os.symlink(target, home / "diary.sqlite3-wal")
    assert store.forget_everything() == []
    assert target.read_text() == "keep me"


@pytest.fixture
def labelled_form(monkeypatch):
    """The profile form; the question labels of fields another branch adds (contract v3)
    fall back to the field name, so this test checks only the forget buttons."""
    from crampkit.widgets import fields, profile_form

    real = fields.question_label

    def label(field):
        try:
            return real(field)
        except KeyError:
            return field

    monkeypatch.setattr(fields, "question_label", label)
    return profile_form.profile_form


def test_the_forget_button_lists_the_files_before_yes_erase(home, tmp_path, labelled_form):
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    _everything_crampkit_writes(home, elsewhere)
    (home / "thesis.db").write_text("mine")
    form = labelled_form()
    listed = form.ask_forget()
    shown = form.forget_list.value
    assert form.confirm_box.layout.display != "none"
    assert listed == store.what_forget_removes()
    for name in ("profile.json", "diary.sqlite3", "my-diary.csv", "for-the-doctor.csv",
                 "survey-0123456789abcdef.json", "damaged"):
        assert name in shown
    assert "thesis.db" not in shown and (home / "profile.json").exists(), "asking is not erasing"
    assert form.confirm_forget() == listed
    assert (home / "thesis.db").read_text() == "mine"


def test_the_forget_button_says_when_there_is_nothing_to_erase(home, labelled_form):
    form = labelled_form()
    assert form.ask_forget() == []
    assert form.confirm_box.layout.display == "none"
    assert "nothing to erase" in form.message.value
