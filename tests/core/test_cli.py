"""``python -m crampkit assess``: text, JSON, and exit code 2 with one line for bad input."""
import json
import subprocess
import sys

import pytest

import crampkit
from crampkit.wording import point_words


def run(*args):
    return subprocess.run([sys.executable, "-m", "crampkit", *args], capture_output=True, text=True)


def write(tmp_path, content):
    path = tmp_path / "profile.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_text_output(tmp_path):
    done = run("assess", write(tmp_path, {"age": 52, "symptoms": ["swelling", "warmth"]}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Urgency: URGENT")
    assert done.stdout.index("Warning signs") < done.stdout.index("What may contribute")


def test_json_output(tmp_path):
    done = run("assess", write(tmp_path, {"age": 30, "medications": ["Hyzaar"]}), "--json")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["medications"][0]["class_ids"] == ["arb", "thiazide_diuretic"]
    assert len(result["causes"]) == 6


@pytest.mark.parametrize("content, message", [
    ({"age": -1}, "age:"),
    ({"age": 30, "fluids_litres_per_day": "two"}, "fluids_litres_per_day:"),
    ({"age": 30, "favourite_colour": "blue"}, "favourite_colour:"),
    ("{not json", "not valid JSON"),
    ("[" * 100_000, "nested far too deeply"),
    ([1, 2], "profile:"),
])
def test_bad_profiles_exit_2_with_one_line(tmp_path, content, message):
    done = run("assess", write(tmp_path, content))
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_missing_file_and_bad_usage(tmp_path):
    done = run("assess", str(tmp_path / "nope.json"))
    assert done.returncode == 2 and "cannot read" in done.stderr and "Traceback" not in done.stderr
    done = run("diagnose")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_text_output_names_medicines_and_how_much_answers_point_in_words(tmp_path):
    from crampkit.cli import render_text

    result = crampkit.assess(crampkit.Profile(age=70, medications=["Evista", "tonic water", "metformin"]))
    text = render_text(result)
    medicines = text.split("Medicines:")[1].split("\n\n")[0]
    assert "none evidence" not in medicines and "raloxifene:" not in medicines
    assert "tonic water: Quinine" in medicines
    assert "tonic water: Quinine (also in tonic water and bitter lemon): not recommended for cramps (see the plan)" in medicines
    assert "Evista: Raloxifene (bone medicine): may contribute to cramps (moderate evidence)" in medicines
    assert "metformin: no known link with cramps" in medicines
    assert "out of 100" not in text and "score 0 to 1" not in text and "not a chance" in text
    top = result.causes[0]
    assert f"{point_words(top.score)}" in text.split("What may contribute")[1].split("\n")[1]


# --- contract v3 --------------------------------------------------------------------------

def test_nothing_is_called_safe_while_words_are_not_understood():
    from crampkit.cli import render_text
    calm = crampkit.assess(crampkit.Profile(age=70, conditions=["the zorblax"], timing=["night"]))
    text = render_text(calm)
    assert calm.urgency == "routine_self_care"
    assert "none of your answers is a warning sign" not in text.lower()
    assert "No warning sign among the answers crampkit understood" in text.splitlines()[0]
    assert "the zorblax" in text[:text.index("Your plan:")]
    understood = render_text(crampkit.assess(crampkit.Profile(age=70, timing=["night"])))
    assert "None of your answers is a warning sign" in understood


def test_a_flag_worded_as_now_says_now_first():
    from crampkit.cli import render_text
    pregnant = crampkit.assess(crampkit.Profile(age=30, sex="female", pregnant=True,
                                                symptoms=["pregnancy_warning_signs"]))
    first = render_text(pregnant).splitlines()[0]
    assert "now" in first and "today" not in first


def test_look_alikes_are_printed(tmp_path):
    done = run("assess", write(tmp_path, {"age": 48, "symptoms": ["urge_to_move"], "timing": ["rest"]}))
    assert done.returncode == 0, done.stderr
    assert "Can feel like a cramp, but is not" in done.stdout and "Restless legs" in done.stdout


def test_file_problems_are_told_apart_by_their_kind_whatever_the_table_says(tmp_path, monkeypatch, capsys):
    """An educator who rewords a file message in data/messages.csv never turns a file that is
    not JSON into an "invalid profile" (the command line no longer matches the words)."""
    from crampkit import cli, content

    edited = dict(content._messages(), file_not_json="{what}: no JSON here ({why})")
    monkeypatch.setattr(content, "_messages", lambda: edited)
    path = write(tmp_path, "{not json")
    assert cli.main(["assess", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"crampkit: '{path}' is not valid JSON (Expecting property name")
    assert "invalid profile" not in err
