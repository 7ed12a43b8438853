"""Every notebook is stored clean and carries the sections every lesson has."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
# Apps (notebooks/apps/): one page each, no lesson sections; lighter rules of their own.
APPS = sorted((Path(__file__).resolve().parents[2] / "notebooks" / "apps").glob("*.ipynb"))
REQUIRED_SECTIONS = ("What you will learn", "Time needed", "Self-check", "Key takeaways", "References")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_without_outputs(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_name_kernel_title_sections(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert len(re.findall(r"^# ", markdown, flags=re.M)) == 1
    headings = re.findall(r"^## (.+?)\s*$", markdown, flags=re.M)
    for section in REQUIRED_SECTIONS:
        assert section in headings, f"{path.name} lacks '## {section}'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_absolute_paths(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(/home/|/root/|/Users/|/work/|[A-Z]:\\\\)", text), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_links_to_other_notebooks_resolve(path):
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\(([\w./-]+\.ipynb)(?:#[^)]*)?\)", text):
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_the_three_apps_exist():
    assert {p.stem for p in APPS} >= {"plan", "diary", "class_survey"}


@pytest.mark.parametrize("path", APPS, ids=[p.name for p in APPS])
def test_app_is_clean_titled_and_has_no_lesson(path):
    """An app: stored without outputs, python3 kernel, one title, and none of the lesson
    sections or quiz (the lessons keep those)."""
    assert re.fullmatch(r"[a-z0-9_]+\.ipynb", path.name)
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert len(re.findall(r"^# ", markdown, flags=re.M)) == 1, f"{path.name} needs one title"
    assert not re.findall(r"^## ", markdown, flags=re.M), f"{path.name}: apps have no sections"
    assert "quiz" not in code, f"{path.name}: apps have no quiz"
    assert not re.search(r"(/home/|/root/|/Users/|/work/)", path.read_text(encoding="utf-8"))
