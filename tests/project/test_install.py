"""Installs that work from any folder (issue 25 item 1).

Binder runs ``postBuild`` in the repository, which is also the learner's home: pip builds the
wheel there and installs it, and then Python started in the home imports the source folder
``crampkit/`` while Python started anywhere else imports the installed wheel. Both must find
the data tables, the report templates and the pictures. The slow test does exactly what
Binder does, in a fresh environment: it runs ``postBuild`` in a copy of the repository, then
runs an assessment, the command line, a report, the pictures and the diary app from the copy's
root and from ``/tmp``. The environment gets crampkit's dependencies from the test
environment (no download), never crampkit itself.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What a person does first: an assessment, a report (Jinja2 templates), the pictures (SVG
# files in the data) and one app; printed as JSON for the test to check.
SCRIPT = r"""
import json
from importlib.metadata import version
import crampkit
from crampkit.content import data_root
from crampkit.pictures import pictures
from crampkit.report import render_html
from crampkit.widgets.apps import diary_page

profile = crampkit.Profile(age=34)
assessment = crampkit.assess(profile)
report = render_html(assessment, profile)
app = diary_page()
print(json.dumps({
    "module": crampkit.__file__, "data": str(data_root()), "urgency": assessment.urgency,
    "causes": len(assessment.causes), "disclaimer": assessment.disclaimer,
    "report": report, "pictures": {k: p.svg[:4] for k, p in pictures().items()},
    "app": type(app).__name__, "version": crampkit.__version__, "installed_version": version("crampkit"),
}))
"""
PROFILE = {"age": 34}
IGNORED = {".git", ".venv", ".venv-oldest", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis",
           "test-output", "build", "dist", "crampkit.egg-info", ".ipynb_checkpoints"}


def _picture_ids() -> set[str]:
    with (ROOT / "data" / "pictures.csv").open(encoding="utf-8") as handle:
        return {row["picture_id"] for row in csv.DictReader(handle)}


def _run(args, cwd, env, timeout=300) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} in {cwd}:\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}"
    return done


def _check_everything_found(python, cwd, env) -> dict:
    """The assessment, report, pictures and app from ``cwd``, and the command line."""
    found = json.loads(_run([str(python), "-c", SCRIPT], cwd, env).stdout.strip().splitlines()[-1])
    assert found["urgency"] == "routine_self_care" and found["causes"] > 0, found
    assert found["disclaimer"] and found["disclaimer"][:40] in " ".join(found["report"].split()), found["disclaimer"]
    assert found["report"].lstrip().lower().startswith("<!doctype html"), found["report"][:200]
    assert set(found["pictures"]) == _picture_ids() and set(found["pictures"].values()) == {"<svg"}
    assert found["app"] == "DiaryApp"
    profile = Path(env["CRAMPKIT_HOME"]) / "profile.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    cli = _run([str(python), "-m", "crampkit", "assess", str(profile)], cwd, env).stdout
    assert cli.startswith("Urgency:") and "What may contribute" in cli, cli[:500]
    as_json = json.loads(_run([str(python), "-m", "crampkit", "assess", str(profile), "--json"], cwd, env).stdout)
    assert as_json["urgency"] == "routine_self_care"
    return found


def _dependencies_only(target: Path) -> Path:
    """A folder of links to the test environment's packages, crampkit's own left out."""
    target.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        name = entry.name.lower()
        if name.startswith(("crampkit", "__editable__")) or name.endswith(".pth"):
            continue
        (target / entry.name).symlink_to(entry)
    return target


def _fresh_environment(tmp_path: Path) -> tuple[Path, dict]:
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False, symlinks=True)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, None).stdout.strip())
    (site / "dependencies.pth").write_text(f"{_dependencies_only(tmp_path / 'dependencies')}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV", "CRAMPKIT"))}
    env.update(PATH=f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(env_dir),
               CRAMPKIT_HOME=str(tmp_path / "crampkit-home"), PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    (tmp_path / "crampkit-home").mkdir()
    return python, env


@pytest.mark.slow
def test_binder_install_works_from_the_home_and_from_elsewhere(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(ROOT, home, symlinks=True, ignore=lambda folder, names: [n for n in names if n in IGNORED])
    python, env = _fresh_environment(tmp_path)
    _run(["bash", "postBuild"], home, env, timeout=600)

    # postBuild built the wheel and installed it into the fresh environment ...
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, env).stdout.strip())
    assert (site / "crampkit" / "data" / "datapackage.json").is_file()
    assert (site / "crampkit" / "report" / "templates").is_dir()
    assert (python.parent.parent / "share/jupyter/voila/templates/crampkit").is_dir()
    # ... and left the home as it was: no build/ or crampkit.egg-info/ beside the notebooks.
    assert not (home / "build").exists() and not (home / "crampkit.egg-info").exists()

    # From the home (the repository root on Binder) Python imports the source folder ...
    found = _check_everything_found(python, home, env)
    assert Path(found["module"]).parent == home / "crampkit" and Path(found["data"]) == home / "data"
    # ... from a notebook folder and from /tmp, the installed wheel.
    for folder in (home / "notebooks", Path("/tmp")):
        found = _check_everything_found(python, folder, env)
        assert Path(found["module"]).parent == site / "crampkit", (folder, found["module"])
        assert Path(found["data"]) == site / "crampkit" / "data", (folder, found["data"])
        assert found["installed_version"] == found["version"], found["installed_version"]
    # The console script too, from the home.
    profile = Path(env["CRAMPKIT_HOME"]) / "profile.json"
    assert _run([str(python.parent / "crampkit"), "assess", str(profile)], home, env).stdout.startswith("Urgency:")


def test_editable_install_works_from_another_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CRAMPKIT"))}
    env["CRAMPKIT_HOME"] = str(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    found = _check_everything_found(Path(sys.executable), elsewhere, env)
    assert Path(found["module"]).parent == ROOT / "crampkit" and Path(found["data"]) == ROOT / "data"
