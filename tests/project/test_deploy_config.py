"""The deployment files in deploy/ (docs/deploy-hub.md) parse, and say what the tests use.

The end-to-end class test (tests/browser/test_class_on_hub.py) loads deploy/tljh's crampkit
settings as they are and makes its survey folder with ``make_drop_folder``; these checks
keep The Littlest JupyterHub and Zero to JupyterHub files in step with it: the same setting
names the survey folder, the folder is made by the same command (so with the same modes),
servers read the same Jupyter settings, and idle servers are culled.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

from crampkit import classroom

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TLJH_SNIPPET = DEPLOY / "tljh" / "jupyterhub_config.d" / "crampkit.py"
SERVER_SETTINGS = DEPLOY / "tljh" / "jupyter" / "jupyter_server_config.json"
HUB_TEST_CONFIG = DEPLOY / "hub" / "jupyterhub_config.py"
DOC = ROOT / "docs" / "deploy-hub.md"


def tljh_settings() -> tuple[Config, dict]:
    c = Config()
    namespace = {"c": c, "get_config": lambda: c}
    exec(compile(TLJH_SNIPPET.read_text(), str(TLJH_SNIPPET), "exec"), namespace)
    return c, namespace


def tljh_folder() -> str:
    c, namespace = tljh_settings()
    env = c.Spawner.environment
    env = env.get_value({}) if hasattr(env, "get_value") else env
    assert env[classroom.CLASS_FOLDER_VARIABLE] == namespace["CLASS_FOLDER"]
    return namespace["CLASS_FOLDER"]


def test_tljh_names_the_class_folder_with_crampkits_one_setting():
    folder = tljh_folder()
    assert classroom.CLASS_FOLDER_VARIABLE == "CRAMPKIT_CLASS_FOLDER"
    assert folder.startswith("/") and " " not in folder


def test_the_end_to_end_test_loads_the_tljh_file_unchanged():
    source = HUB_TEST_CONFIG.read_text()
    assert '"deploy" / "tljh" / "jupyterhub_config.d" / "crampkit.py"' in source
    assert '"deploy" / "tljh" / "jupyter"' in source  # the same server settings
    # The test only swaps the folder (for a temporary one), through the same setting.
    assert '"CRAMPKIT_CLASS_FOLDER": os.environ["CRAMPKIT_HUB_CLASS_FOLDER"]' in source
    test = (ROOT / "tests" / "browser" / "test_class_on_hub.py").read_text()
    assert "classroom.make_drop_folder(" in test and "DROP_FOLDER_MODE" in test


def test_server_settings_use_crampkits_template_offline():
    settings = json.loads(SERVER_SETTINGS.read_text())
    assert settings["VoilaConfiguration"]["template"] == "crampkit"
    assert settings["ServerApp"]["tornado_settings"] == {"mathjax_url": None,
                                                         "mathjax_config": None}


def test_tljh_class_folder_script_makes_a_drop_folder_where_the_settings_say():
    script = (DEPLOY / "tljh" / "make-class-folder.sh").read_text()
    assert f'folder="${{2:-{tljh_folder()}}}"' in script
    assert "-m crampkit.classroom make-drop-folder" in script and "--group" in script
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(DEPLOY / "tljh" / "make-class-folder.sh")], check=True)


def test_tljh_config_culls_idle_servers_and_installs_crampkit():
    config = yaml.safe_load((DEPLOY / "tljh" / "config.yaml").read_text())
    cull = config["services"]["cull"]
    assert cull["enabled"] is True and isinstance(cull["timeout"], int) and cull["timeout"] > 0
    requirements = (DEPLOY / "tljh" / "requirements.txt").read_text()
    assert re.search(r"^crampkit @ git\+https://", requirements, re.M)
    assert re.search(r"^nbgitpuller>=", requirements, re.M)


def z2jh() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh" / "config.yaml").read_text())


def test_z2jh_uses_the_same_folder_setting_on_a_shared_volume():
    values = z2jh()
    folder = values["singleuser"]["extraEnv"][classroom.CLASS_FOLDER_VARIABLE]
    assert folder == tljh_folder()
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    volumes = {v["name"]: v for v in values["singleuser"]["storage"]["extraVolumes"]}
    mount = next(m for m in mounts if folder.startswith(m["mountPath"].rstrip("/") + "/"))
    claim = volumes[mount["name"]]["persistentVolumeClaim"]["claimName"]
    pvc = yaml.safe_load((DEPLOY / "z2jh" / "pvc.yaml").read_text())
    assert pvc["metadata"]["name"] == claim
    assert "ReadWriteMany" in pvc["spec"]["accessModes"]


def test_z2jh_teacher_ids_match_the_drop_folder_job():
    values = z2jh()
    code = values["hub"]["extraConfig"]["crampkit-teacher"]
    compile(code, "crampkit-teacher", "exec")
    uid = int(re.search(r"spawner\.uid = (\d+)", code).group(1))
    gid = int(re.search(r"spawner\.gid = (\d+)", code).group(1))
    assert uid != values["singleuser"]["uid"]  # the teacher is not the students' user
    job = yaml.safe_load((DEPLOY / "z2jh" / "make-class-folder.yaml").read_text())
    container = job["spec"]["template"]["spec"]["containers"][0]
    command = container["command"]
    assert command[:4] == ["python", "-m", "crampkit.classroom", "make-drop-folder"]
    assert command[4] == values["singleuser"]["extraEnv"][classroom.CLASS_FOLDER_VARIABLE]
    assert command[command.index("--teacher") + 1] == str(uid)
    assert command[command.index("--group") + 1] == str(gid)
    image = values["singleuser"]["image"]
    assert container["image"] == f"{image['name']}:{image['tag']}"


def test_z2jh_culls_idle_servers_and_its_image_installs_crampkit():
    values = z2jh()
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text()
    assert "pip install" in dockerfile and "nbgitpuller" in dockerfile
    assert "deploy/tljh/jupyter/jupyter_server_config.json" in dockerfile


@pytest.mark.parametrize("name", ["deploy/tljh/jupyterhub_config.d/crampkit.py",
                                  "deploy/tljh/config.yaml", "deploy/tljh/requirements.txt",
                                  "deploy/tljh/make-class-folder.sh",
                                  "deploy/tljh/jupyter/jupyter_server_config.json",
                                  "deploy/z2jh/config.yaml", "deploy/z2jh/Dockerfile",
                                  "deploy/z2jh/pvc.yaml", "deploy/z2jh/make-class-folder.yaml"])
def test_the_deployment_page_names_every_file(name):
    assert name in DOC.read_text()
