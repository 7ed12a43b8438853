"""The command line's output and error path (issue 23 item 5): terminal escapes in a
medicine name are printed escaped, and a closed or full output ends with one line and
status 1, never a traceback."""
import copy
import json
import os
import subprocess
import sys

import pytest

from crampkit.content import read_json

NASTY = "ibu\x1b[31mprofen\x07\u202eabc"


@pytest.fixture
def profile_file(tmp_path):
    data = copy.deepcopy(read_json("demo_profile.json"))  # the cached table stays as shipped
    data["medications"] = [NASTY]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _run(args, **redirect):
    return subprocess.run([sys.executable, "-m", "crampkit", *args], capture_output=True,
                          timeout=120, **redirect)


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_terminal_escapes_in_a_medicine_name_are_shown_escaped(profile_file, extra):
    done = _run(["assess", str(profile_file), *extra])
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert ("ibu\\x1b[31mprofen" in out) if not extra else ("ibu\\u001b[31mprofen" in out)
    if extra:
        assert json.loads(out)["unrecognised_medications"] == [NASTY], "the JSON still says it"


def _one_line_status_1(done):
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, err
    assert "Traceback" not in err and len(err.splitlines()) == 1 and len(err) <= 301, err
    assert "could not be written to standard output" in err


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_full_output_ends_with_one_line_and_status_1(profile_file, extra):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "crampkit", "assess", str(profile_file),
                               *extra], stdout=full, stderr=subprocess.PIPE, timeout=120)
    _one_line_status_1(done)
    assert "No space left" in done.stderr.decode()


def test_a_closed_output_ends_with_one_line_and_status_1(profile_file):
    done = subprocess.run(f'"{sys.executable}" -m crampkit assess "{profile_file}" >&-',
                          shell=True, stderr=subprocess.PIPE, timeout=120)
    _one_line_status_1(done)


def test_a_closed_error_output_still_gives_status_2_and_writes_nothing_elsewhere(tmp_path):
    done = subprocess.run(f'"{sys.executable}" -m crampkit assess "{tmp_path}/missing.json" 2>&-',
                          shell=True, stdout=subprocess.PIPE, timeout=120)
    assert done.returncode == 2 and done.stdout == b""


def test_a_reader_that_stops_early_is_quiet(profile_file):
    done = subprocess.run(f'"{sys.executable}" -m crampkit assess "{profile_file}" | head -c 10',
                          shell=True, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert done.stderr == b"" and len(done.stdout) == 10
