"""Bounded messages (issue 23 item 5): at most 300 characters, one line, the problem still
shown whatever the value, quoted values cut, control characters shown escaped."""
import pytest

from crampkit import Profile, ProfileError
from crampkit.checks import CrampkitInputError, bounded, parse_choice, parse_choices, quoted
from crampkit.diary import Diary, DiaryError, DiaryImportError

HOSTILE = "\x1b[31mred\x07\u202eevil\nnext"


def _plain(message: str) -> bool:
    """One printable line: no control character, no bidirectional override."""
    return not any(ord(c) < 0x20 or ord(c) == 0x7F or 0x202A <= ord(c) <= 0x202E
                   or 0x2066 <= ord(c) <= 0x2069 for c in message)


def test_a_ten_megabyte_leg_gives_a_short_message_that_names_the_problem(tmp_path):
    book = Diary(tmp_path / "diary.sqlite3")
    with pytest.raises(DiaryError) as caught:
        book.add(when="2025-10-03 02:15", leg="L" * 10_000_000, muscle="calf",
                 duration_minutes=2, severity=5)
    message = str(caught.value)
    assert len(message) <= 300 and message.startswith("leg: ")
    assert "is not allowed; choose one of left, right, both" in message


def test_many_bad_csv_rows_give_one_line_naming_rows_and_fields(tmp_path):
    book = Diary(tmp_path / "diary.sqlite3")
    text = "when,leg,muscle,duration_minutes,severity\n" + "bad,bad,calf,2,5\n" * 60_000
    with pytest.raises(DiaryImportError) as caught:
        book.import_csv(text)
    message = str(caught.value)
    assert len(message) <= 300 and "\n" not in message
    # (450,000 such rows once made one 67 MB exception; 60,000 keep the test quick)
    assert message.startswith("the file has 120,000 problem(s), so nothing was imported")
    assert "row 2, when" in message and "row 2, leg" in message
    assert len(caught.value.problems) == 120_000, "every problem is still there to list"


def test_a_900_kb_profile_key_leaves_the_problem_in_view():
    with pytest.raises(ProfileError) as caught:
        Profile.from_dict({"age": 50, "k" * 900_000: 1})
    message = str(caught.value)
    assert len(message) <= 300 and "is not a profile field" in message


@pytest.mark.parametrize("make", [
    lambda: parse_choice(HOSTILE, "leg", ("left", "right")),
    lambda: parse_choices([HOSTILE], "before", ("heat",)),
    lambda: parse_choices(HOSTILE, "before", ("heat",)),
    lambda: Profile.from_dict({"age": 50, "sex": HOSTILE}),
])
def test_control_characters_in_a_value_are_shown_escaped(make):
    with pytest.raises(CrampkitInputError) as caught:
        make()
    message = str(caught.value)
    assert _plain(message), repr(message)
    assert "\\x1b" in message or "\\u202e" in message or "\\x07" in message


def test_every_crampkit_message_is_bounded_and_escaped():
    problem = CrampkitInputError("medicine: " + HOSTILE * 100_000 + " is not known")
    message = str(problem)
    assert len(message) <= 300 and _plain(message) and message.startswith("medicine: ")


def test_quoted_values_are_cut_before_anything_else_is_done():
    assert quoted("x" * 10_000_000) == "'" + "x" * 27 + "...'"
    assert quoted("calf\x1b[2J") == "'calf\\x1b[2J'"
    assert bounded("k" * 900_000 + ": is not a profile field").endswith(": is not a profile field")


def _reworded(monkeypatch, message_id: str, text: str) -> None:
    """Make ``message_id`` of data/messages.csv read ``text``, as an educator's edit would
    (as tests/core/test_number_wording.py edits a row)."""
    from crampkit import content

    edited = dict(content._messages(), **{message_id: text})
    monkeypatch.setattr(content, "_messages", lambda: edited)


def test_choice_and_file_problems_are_said_with_the_words_of_messages_csv(monkeypatch, tmp_path):
    from crampkit import safe_files

    _reworded(monkeypatch, "choice_not_one_of", "{field}: pick {choices}, not {typed}")
    with pytest.raises(CrampkitInputError, match=r"^leg: pick left, right, not 'middle'$"):
        parse_choice("middle", "leg", ("left", "right"))
    _reworded(monkeypatch, "file_wrong_kind", "{what}: {name} is {kind}; give a file")
    with pytest.raises(safe_files.SafeFileError, match=r"^diary: '.*' is a folder; give a file$"):
        safe_files.read_bytes(tmp_path, max_bytes=10, what="diary")


def test_the_error_every_tool_raises_is_one_class_wherever_it_is_imported_from():
    from crampkit import content, errors, paths, safe_files

    assert CrampkitInputError is errors.CrampkitInputError
    for error in (content.ContentError, paths.SettingsError, safe_files.SafeFileError, ProfileError):
        assert issubclass(error, errors.CrampkitInputError) and issubclass(error, ValueError)
