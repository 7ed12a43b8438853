"""Diary CSV files saved by spreadsheets set up for other countries (issue 25 item 5): US
month-first dates with 12-hour times, European Excel's semicolons, ``sep=;`` line and decimal
commas, tab-separated files; ambiguous dates asked about, never guessed."""
import pytest

from crampkit.diary import Diary, DiaryError, DiaryImportError, parse_csv

HEADER = ["when", "leg", "muscle", "duration_minutes", "severity", "before", "notes"]


def sheet(rows, separator=",", line_end="\n", header=HEADER) -> str:
    return line_end.join(separator.join(cells) for cells in [header, *rows]) + line_end


def whens(text, **options) -> list[str]:
    episodes, problems = parse_csv(text, **options)
    assert problems == [], problems
    return [f"{ep.when:%Y-%m-%d %H:%M}" for ep in episodes]


US_ROWS = [
    ["10/3/2025 2:15 PM", "left", "calf", "2", "6", "activity", "after football"],
    ["10/4/2025 12:05 AM", "right", "foot", "1.5", "4", "nothing", ""],
    ["10/5/2025 12:30 pm", "both", "calf", "3", "5", "heat", ""],
    ["10/6/2025 9:45PM", "left", "thigh", "1", "3", "long_sitting", ""],
]


def test_a_us_file_is_read_month_first_when_the_person_says_so():
    assert whens(sheet(US_ROWS), date_order="month-first") == [
        "2025-10-03 14:15", "2025-10-04 00:05", "2025-10-05 12:30", "2025-10-06 21:45"]


def test_the_same_file_read_day_first_gives_the_other_dates():
    assert whens(sheet(US_ROWS), date_order="day-first") == [
        "2025-03-10 14:15", "2025-04-10 00:05", "2025-05-10 12:30", "2025-06-10 21:45"]


def test_an_ambiguous_file_is_never_guessed_and_nothing_is_imported(tmp_path):
    diary = Diary(tmp_path / "diary.sqlite3")
    with pytest.raises(DiaryError) as raised:
        diary.import_csv(sheet(US_ROWS))
    message = str(raised.value)
    assert "10 March 2025" in message and "3 October 2025" in message
    assert "date_order='day-first'" in message and "date_order='month-first'" in message
    assert "nothing was imported" in message and len(message) <= 300
    assert diary.episodes() == []
    assert diary.import_csv(sheet(US_ROWS), date_order="month-first").added == 4
    assert f"{diary.episodes()[0].when:%d %B}" == "03 October"


def test_a_day_above_12_shows_the_order_of_the_whole_file():
    day_first = [["25/3/2025 23:00", "left", "calf", "2", "6", "", ""],
                 ["10/3/2025 22:00", "left", "calf", "2", "6", "", ""]]
    assert whens(sheet(day_first)) == ["2025-03-25 23:00", "2025-03-10 22:00"]
    month_first = [["3/25/2025 11:00 PM", "left", "calf", "2", "6", "", ""],
                   ["3/10/2025 10:00 PM", "left", "calf", "2", "6", "", ""]]
    assert whens(sheet(month_first)) == ["2025-03-25 23:00", "2025-03-10 22:00"]


def test_a_file_with_both_orders_is_refused_naming_an_example_of_each():
    mixed = [["25/3/2025 23:00", "left", "calf", "2", "6", "", ""],
             ["3/25/2025 23:00", "left", "calf", "2", "6", "", ""]]
    with pytest.raises(DiaryError) as raised:
        parse_csv(sheet(mixed))
    message = str(raised.value)
    assert "'25/3/2025 23:00'" in message and "'3/25/2025 23:00'" in message and len(message) <= 300


def test_a_date_that_does_not_fit_the_stated_order_is_a_problem_on_its_row():
    rows = [["10/3/2025 2:15 PM", "left", "calf", "2", "6", "", ""],
            ["25/12/2025 2:15 PM", "left", "calf", "2", "6", "", ""]]
    episodes, problems = parse_csv(sheet(rows), date_order="month-first")
    assert len(episodes) == 1
    assert [str(p) for p in problems] == [
        "row 3, when: '25/12/2025 2:15 PM' has no month 25 (the file was read month first); check the date"]


def test_impossible_dates_times_and_short_years_are_named_by_row():
    rows = [["31/2/2025 10:00", "left", "calf", "2", "6", "", ""],
            ["13/2/2025 13:15 PM", "left", "calf", "2", "6", "", ""],
            ["13/2/25 10:00", "left", "calf", "2", "6", "", ""],
            ["13/2/2025 10:00", "up", "calf", "2", "60", "", ""]]
    episodes, problems = parse_csv(sheet(rows), date_order="day-first")
    assert episodes == []
    assert [str(p) for p in problems] == [
        "row 2, when: '31/2/2025 10:00' is not a real date (February has no day 31); check the date",
        "row 3, when: '13/2/2025 13:15 PM' is not a time; with AM or PM the hour is 1 to 12",
        "row 4, when: '13/2/25 10:00' has a two-digit year; write the year in full, like 2025",
        "row 5, leg: 'up' is not allowed; choose one of left, right, both",
        "row 5, severity: '60' is out of range; give a number from 0 to 10",
    ]


def test_european_excel_semicolons_sep_line_decimal_commas_and_dotted_dates():
    rows = [["03.10.2025 14:15", "left", "calf", "2,5", "6", "long_sitting", "\"nach dem Sport; müde\""],
            ["04.10.2025 02:00", "right", "foot", "0,5", "3", "", ""]]
    text = "\ufeffsep=;\r\n" + sheet(rows, separator=";", line_end="\r\n")
    episodes, problems = parse_csv(text)
    assert problems == []
    assert [(f"{e.when:%Y-%m-%d %H:%M}", e.duration_minutes, e.notes) for e in episodes] == [
        ("2025-10-03 14:15", 2.5, "nach dem Sport; müde"), ("2025-10-04 02:00", 0.5, "")]


def test_row_numbers_match_the_spreadsheet_after_excels_sep_line():
    rows = [["03.10.2025 14:15", "left", "calf", "2,5", "6", "", ""],
            ["04.10.2025 02:00", "middle", "foot", "0,5", "3", "", ""]]
    _, problems = parse_csv("sep=;\n" + sheet(rows, separator=";"))
    assert [str(p) for p in problems] == ["row 3, leg: 'middle' is not allowed; choose one of left, right, both"]


def test_a_semicolon_file_without_a_sep_line_and_a_tab_file():
    rows = [["2025-10-03 14:15", "left", "calf", "2,5", "6", "activity", ""]]
    for separator in (";", "\t"):
        episodes, problems = parse_csv(sheet(rows, separator=separator))
        assert problems == [] and episodes[0].duration_minutes == 2.5, separator


def test_a_comma_file_keeps_its_several_choices_in_one_cell():
    rows = [["2025-10-03 14:15", "left", "calf", "2", "6", "long_sitting;heat", "a; b"]]
    episodes, problems = parse_csv(sheet(rows))
    assert problems == [] and episodes[0].before == ("long_sitting", "heat") and episodes[0].notes == "a; b"


def test_an_unreadable_layout_names_the_missing_column_and_the_separator_seen():
    german = ["Zeitpunkt", "Bein", "Muskel", "Dauer", "Stärke"]
    rows = [["03.10.2025 14:15", "links", "Wade", "2,5", "6"]] * 3
    with pytest.raises(DiaryError) as raised:
        parse_csv(sheet(rows, separator=";", header=german))
    message = str(raised.value)
    assert message.startswith("columns: the file has no when, leg, muscle, duration_minutes, severity column")
    assert "semicolons (;)" in message and "'Zeitpunkt'" in message and len(message) <= 300
    with pytest.raises(DiaryError) as raised:
        parse_csv(sheet(rows[:1], separator=",", header=["when", "leg", "muscle", "severity"]))
    assert "no duration_minutes column" in str(raised.value) and "commas (,)" in str(raised.value)


def test_iso_and_year_first_dates_need_no_date_order():
    rows = [["2025-10-03 14:15", "left", "calf", "2", "6", "", ""],
            ["2025/10/04 2:15 PM", "left", "calf", "2", "6", "", ""],
            ["2025-10-05 12:10 AM", "left", "calf", "2", "6", "", ""],
            ["3/3/2025 10:00", "left", "calf", "2", "6", "", ""]]
    assert whens(sheet(rows)) == ["2025-10-03 14:15", "2025-10-04 14:15", "2025-10-05 00:10", "2025-03-03 10:00"]


@pytest.mark.parametrize("order", ["DD/MM", "us", "", 1, None.__class__])
def test_an_unknown_date_order_is_named(order):
    with pytest.raises(DiaryError) as raised:
        parse_csv(sheet(US_ROWS), date_order=order)
    assert str(raised.value).startswith("date_order:") and "'day-first'" in str(raised.value)


def test_a_bad_file_with_a_stated_order_still_imports_nothing(tmp_path):
    diary = Diary(tmp_path / "diary.sqlite3")
    rows = US_ROWS + [["10/32/2025 1:00 AM", "left", "calf", "2", "6", "", ""]]
    with pytest.raises(DiaryImportError) as raised:
        diary.import_csv(sheet(rows), date_order="month-first")
    assert [str(p) for p in raised.value.problems] == [
        "row 6, when: '10/32/2025 1:00 AM' is not a real date (October has no day 32); check the date"]
    assert diary.episodes() == []
