"""Packaging: the same runtime packages for pip and conda, and a wheel that carries its data."""
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = None


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject():
    text = (ROOT / "pyproject.toml").read_text()
    if tomllib is None:
        pytest.skip("tomllib needs Python 3.11")
    return tomllib.loads(text)


def conda_dependencies() -> list[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:")
    deps = []
    for line in lines[start + 1:]:
        match = re.match(r"\s+-\s+(.+)", line)
        if not match:
            break
        deps.append(match.group(1))
    return deps


def test_pip_and_conda_list_the_same_runtime_packages():
    pip_names = {_name(r) for r in pyproject()["project"]["dependencies"]}
    conda_names = {_name(d) for d in conda_dependencies()} - {"python", "pip"}
    assert pip_names == conda_names


def test_lower_bounds_not_pins():
    for requirement in pyproject()["project"]["dependencies"]:
        assert "==" not in requirement and ">=" in requirement, requirement


def test_conda_pins_the_python_minor_version():
    python = [d for d in conda_dependencies() if _name(d) == "python"]
    assert python and re.fullmatch(r"python=3\.\d+", python[0])


def test_binder_installs_crampkit_itself():
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps ." in post_build


def _data_files_read_by_the_package() -> set[str]:
    names = set()
    for source in (ROOT / "crampkit").rglob("*.py"):
        names.update(re.findall(r"""["']([\w./-]+\.(?:csv|json|md))["']""", source.read_text()))
    return {n for n in names if (ROOT / "data" / n).exists()}


def test_wheel_carries_every_data_file(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("crampkit-*.whl"))
    inside = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
               if p.is_file() and p.suffix in (".csv", ".json", ".md")}
    assert shipped, "no data files found"
    missing = sorted(f for f in shipped if f"crampkit/data/{f}" not in inside)
    assert missing == []
    assert _data_files_read_by_the_package() <= shipped
    assert "crampkit/plots/style.py" in inside and "crampkit/widgets/quiz.py" in inside
