"""Packaging: the same runtime packages and floors for pip and conda, floors the oldest-versions
check can pin, commands that work as root, and a wheel that carries its data."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]



def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _floor(requirement: str) -> str:
    match = re.search(r">=\s*([\w.]+)", requirement)
    assert match, f"{requirement!r} has no '>=' floor"
    return match.group(1)


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


def test_pip_and_conda_give_the_same_floors():
    pip_floors = {_name(r): _floor(r) for r in pyproject()["project"]["dependencies"]}
    conda_floors = {_name(d): _floor(d) for d in conda_dependencies() if _name(d) not in ("python", "pip")}
    assert conda_floors == pip_floors


def test_lower_bounds_not_pins():
    project = pyproject()["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert "==" not in requirement and ">=" in requirement, requirement


def test_jupyter_notebook_7_comes_with_crampkit():
    names = {_name(r): r for r in pyproject()["project"]["dependencies"]}
    assert "notebook" in names and int(_floor(names["notebook"]).split(".")[0]) >= 7
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    done = subprocess.run([jupyter, "notebook", "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().startswith("7."), done.stderr[-1000:]


def _floor_pins_module():
    spec = importlib.util.spec_from_file_location("floor_pins", ROOT / "scripts" / "floor_pins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_oldest_check_pins_every_dependency_at_its_floor():
    module = _floor_pins_module()
    project = pyproject()["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = module.floor_pins(pyproject())
    assert len(pins) == len(requirements)
    for requirement, pin in zip(requirements, pins, strict=False):
        assert pin.startswith(f"{requirement.split('>=')[0].strip()}=={_floor(requirement)}"), (requirement, pin)
    assert module.floor_pin('tomli>=2.0.1; python_version < "3.11"') == 'tomli==2.0.1; python_version < "3.11"'
    assert module.floor_pin("pandas>=1.5,<4") == "pandas==1.5"
    try:
        module.floor_pin("pandas")
    except ValueError as error:
        assert "'pandas' has no '>=' floor" in str(error)
    else:
        raise AssertionError("a requirement without a floor was accepted")


def _make_variable(name: str) -> str:
    return re.search(rf"^{name} \?= (\S+)$", (ROOT / "Makefile").read_text(), flags=re.M).group(1)


def _supported_pythons() -> list[tuple[int, int]]:
    found = [re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c) for c in pyproject()["project"]["classifiers"]]
    return sorted((3, int(m.group(1))) for m in found if m)


def test_supported_pythons_are_3_11_to_3_13_with_no_gap():
    supported = _supported_pythons()
    assert supported[0] == (3, 11) and supported == [(3, minor) for minor in range(11, supported[-1][1] + 1)]
    assert supported[-1] >= (3, 13), supported


def test_oldest_check_uses_the_oldest_supported_python():
    oldest = _make_variable("OLDEST")
    assert pyproject()["project"]["requires-python"] == f">={oldest}"
    assert f"3.{_supported_pythons()[0][1]}" == oldest
    assert pyproject()["tool"]["ruff"]["target-version"] == "py" + oldest.replace(".", "")


def test_newest_check_uses_the_newest_supported_python_and_newest_releases():
    assert _make_variable("NEWEST") == f"3.{_supported_pythons()[-1][1]}"
    recipe = [line.strip() for line in _dry_run("test-newest").splitlines()]
    install = [line for line in recipe if " -m pip install " in line and "-e" in line]
    assert len(install) == 1 and "--upgrade --upgrade-strategy eager" in install[0] and " -c " not in install[0]
    assert any(line.endswith('-m pytest --nbval-lax --nbval-current-env -m "not browser" -n 2 --dist loadfile')
               for line in recipe), recipe


JUPYTER_STACK = {"jupyter-server", "nbconvert", "ipykernel", "jupyterlab-widgets"}


def test_oldest_check_pins_the_jupyter_server_stack_too():
    stack_file = ROOT / _make_variable("OLDEST_STACK")
    pins = {}
    for line in stack_file.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    assert set(pins) == JUPYTER_STACK and all(re.fullmatch(r"[\d.]+", v) for v in pins.values()), pins
    oldest = (ROOT / "Makefile").read_text().split("$(OLDEST_VENV)/.test:", 1)[1].split("\ntest-oldest:", 1)[0]
    assert "$(OLDEST_STACK)" in oldest.split("\n", 1)[0]  # a changed pin rebuilds the environment
    assert "-c $(OLDEST_VENV)/floors.txt -c $(OLDEST_STACK)" in oldest


def _dry_run(*args: str) -> str:
    make = shutil.which("make")
    if make is None:
        import pytest
        pytest.skip("make is not installed")
    done = subprocess.run([make, "-n", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_lab_and_app_take_extra_options_and_allow_root_only_for_root():
    as_root = os.geteuid() == 0
    lab = [line for line in _dry_run("lab", "ARGS=--no-browser --port=8899").splitlines() if "jupyter lab" in line]
    assert len(lab) == 1 and "--no-browser --port=8899" in lab[0], lab
    assert ("--allow-root" in lab[0]) == as_root, lab
    app = [line for line in _dry_run("app", "NB=09_cramp_diary", "ARGS=--no-browser").splitlines() if "voila" in line]
    assert len(app) == 1 and "--no-browser" in app[0] and "notebooks/09_cramp_diary.ipynb" in app[0], app


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
    assert "crampkit/data/datapackage.json" in inside
    # The version from crampkit/__init__.py, and both licences, in the wheel's metadata.
    version = _crampkit_version()
    assert wheel.name.startswith(f"crampkit-{version}-")
    metadata = zipfile.ZipFile(wheel).read(f"crampkit-{version}.dist-info/METADATA").decode()
    assert f"\nVersion: {version}\n" in metadata and "License-Expression: MIT AND CC-BY-4.0" in metadata
    assert {f"crampkit-{version}.dist-info/licenses/{name}" for name in ("LICENSE", "LICENSE-content")} <= inside


# ----------------------------------------------------------------- a release (issue 25 item 4)

def _crampkit_version() -> str:
    source = (ROOT / "crampkit" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"$', source, flags=re.M).group(1)


def test_the_version_is_written_once():
    project = pyproject()
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "crampkit.__version__"}
    import crampkit
    assert crampkit.__version__ == _crampkit_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", crampkit.__version__), crampkit.__version__


def test_the_hub_installs_the_release_tag_of_this_version_never_main():
    requirements = (ROOT / "deploy" / "tljh" / "requirements.txt").read_text()
    pins = re.findall(r"^crampkit @ git\+https://\S+@(\S+)$", requirements, flags=re.M)
    version = _crampkit_version()
    if ".dev" in version:  # between releases the hub keeps the last release, the newest dated one
        release = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$",
                             (ROOT / "CHANGELOG.md").read_text(), flags=re.M)[0]
    else:
        release = version
    assert pins == [f"v{release}"], pins


def test_the_changelog_has_an_unreleased_section_naming_issues_and_the_current_release():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, flags=re.M)
    assert headings and headings[0] == ("Unreleased", ""), headings
    version = _crampkit_version()
    if ".dev" not in version:  # a release: its own section, dated, right under Unreleased
        assert headings[1][0] == version and headings[1][1], headings
    unreleased = changelog.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    entries = re.findall(r"^- .*?(?=^- |^#|\Z)", unreleased, flags=re.M | re.S)
    assert all(re.search(r"\(issues? \d+", e) for e in entries), entries
    assert entries or ".dev" not in version, "changes since the last release are listed under Unreleased"
    released = changelog.split(f"## [{version}]", 1)[-1].split("\n## [", 1)[0] if ".dev" not in version else ""
    assert ".dev" in version or re.search(r"\(issues? \d+", released), "the release lists its changes"


def test_citation_file_names_the_project_and_both_licences():
    yaml = pytest.importorskip("yaml")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(citation) and citation["authors"]
    assert set(citation["license"]) == {"MIT", "CC-BY-4.0"}


def test_code_and_content_licences_are_declared_and_shipped(tmp_path):
    project = pyproject()["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-content"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-content").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in content
    for covered in ("notebooks/", "docs/", "data/pictures/"):
        assert covered in content.split("The licence text follows")[0], covered
