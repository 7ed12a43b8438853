"""The notebooks run under every common runner, each notebook once.

`make test` itself runs every notebook with nbval (``pytest --nbval-lax --nbval-current-env``).
These tests check the other runners people use, on small notebooks to keep the suite quick:
``pytest --nbmake``, ``jupyter nbconvert --execute``, papermill, and Voila serving a notebook
as an app. The browser tests render every notebook in Voila and JupyterLab.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

# The browser tests' server starter (tests/ is on the path, as for system_users): a free
# port the system does not hand out by itself, another one if it is taken all the same.
from browser.servers import start_server

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))  # the lessons and the apps
SMALL = ROOT / "notebooks" / "07_when_to_see_a_clinician.ipynb"
BIN = Path(sys.executable).parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(*cmd, cwd=ROOT, timeout=300):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def assert_ran_cleanly(path: Path):
    """Every code cell of an executed notebook ran, none raised, and widgets were shown."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] for c in code), f"{path.name}: a code cell did not run"
    outputs = [o for c in code for o in c["outputs"]]
    errors = [o for o in outputs if o["output_type"] == "error"]
    assert errors == [], f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}" if errors else ""
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), f"{path.name}: no widget shown"
    stderr = "".join("".join(o["text"]) for o in outputs if o.get("name") == "stderr")
    assert "Traceback" not in stderr, stderr
    return notebook


def test_nbmake_runs_each_notebook_once():
    """One nbmake item per notebook (nbval's options would add one per cell), and one runs."""
    done = run(sys.executable, "-m", "pytest", "--nbmake", "notebooks/", "-k", SMALL.stem, "-q",
               "-p", "no:cacheprovider")
    assert done.stdout.splitlines()[-1].startswith(f"1 passed, {len(NOTEBOOKS) - 1} deselected"), done.stdout


def test_nbconvert_executes_a_notebook_without_storing_widget_state(tmp_path):
    run(BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.store_widget_state=False", "--output-dir", tmp_path, SMALL)
    notebook = assert_ran_cleanly(tmp_path / SMALL.name)
    assert "widgets" not in notebook["metadata"], "nbconvert stored widget state"
    assert not list((ROOT / "notebooks").glob("*.nbconvert.ipynb"))


def test_papermill_executes_a_notebook(tmp_path):
    out = tmp_path / SMALL.name
    run(BIN / "papermill", "--cwd", ROOT / "notebooks", "--no-progress-bar", SMALL, out)
    notebook = assert_ran_cleanly(out)
    assert notebook["metadata"]["papermill"]["exception"] in (None, False)


def _get(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        assert answer.status == 200, url
        return answer.read().decode("utf-8", errors="replace")


def test_voila_serves_a_notebook_as_an_app(tmp_path):
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    # Started as the browser tests start theirs: answering on /voila/static/voila.js within
    # 90 s (polled), on another port if a busy machine gave ours away first.
    server = start_server("Voila", lambda port: [
        str(BIN / "voila"), str(SMALL), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
        "--Voila.port_retries=0"],
        env=env, cwd=ROOT, probe_path="/voila/static/voila.js", log_path=tmp_path / "voila.log")
    try:
        page = _get(server.base_url + "/")
    finally:
        server.stop(grace=20)
    title = re.search(r"^# (.+)$", "".join(json.loads(SMALL.read_text())["cells"][0]["source"]), re.M)
    assert title and title.group(1) in page, "Voila did not show the notebook's title"
    assert WIDGET_VIEW in page, "Voila showed no widget"
    assert "Traceback" not in page and "jp-RenderedText\" data-mime-type=\"application/vnd.jupyter.stderr" not in page
    assert not re.search(r"from crampkit[\w.]* import", page), "Voila showed the code"
