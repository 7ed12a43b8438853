"""Fixtures for the real-browser tests: JupyterLab, Voila and Chromium, all throw-away.

* Servers listen on 127.0.0.1 on free ports (``servers.start_server``: another port when a
  busy machine gave theirs to someone else first) without a token, serve a TEMPORARY COPY of the
  notebooks folder, and get a temporary HOME, JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR,
  JUPYTER_RUNTIME_DIR, IPYTHONDIR, XDG_* folders and CRAMPKIT_HOME: no test reads or writes
  a real person's saved details or diary.
* Each server has its own process group and is always stopped (SIGTERM, wait, kill).
* Chromium is Debian's /usr/bin/chromium (never ``playwright install``). When it is missing
  the tests are SKIPPED locally but FAIL when the ``CI`` environment variable is set.
* ``CRAMPKIT_BROWSER_NOTEBOOKS=/some/folder`` tests another notebooks folder (used to prove
  the fixtures on sample notebooks); by default the repository's ``notebooks/``.
* Screenshots and server logs go to ``test-output/browser/``.
* Offline: in the Voila pages every request to a host other than this machine is recorded
  and aborted, and the test fails naming it (crampkit's pages fetch nothing from outside).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from . import pagejs
from .helpers import CHROMIUM, NOTEBOOKS, OUTPUT_DIR, REPO, WIDE, open_page
from .servers import start_server

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 # Offline and fast: any host but the local servers fails at once instead of
                 # hanging (Voila's page links a CDN stylesheet that blocks the load event).
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
LAB_SETTINGS = {
    # No news toast, no update check: both pop up over the notebook.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    # Render every cell (no windowing) and start the kernel without a "Select Kernel" dialog.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"windowingMode": "none", "autoStartDefaultKernel": True},
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _missing(reason: str) -> None:
    """Skip locally; fail in CI, where the browser tests must never be skipped."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, shared by every browser test of the session."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install Debian's chromium "
                 "(apt-get install chromium) to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _server_env(root: Path) -> dict:
    """Environment for a server whose every home-like folder sits under ``root``."""
    env = dict(os.environ)
    folders = {
        "HOME": "home", "JUPYTER_CONFIG_DIR": "jupyter-config", "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime", "IPYTHONDIR": "ipython",
        "XDG_CONFIG_HOME": "xdg-config", "XDG_DATA_HOME": "xdg-data",
        "XDG_CACHE_HOME": "xdg-cache", "CRAMPKIT_HOME": "crampkit-home",
    }
    for name, folder in folders.items():
        path = root / folder
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # The kernel imports this checkout's crampkit even from the copied notebooks folder.
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO), env.get("PYTHONPATH", "")] if p)
    env.pop("JUPYTER_PREFER_ENV_PATH", None)
    # crampkit's Voila page template from this checkout (an editable install does not copy
    # share/ into the environment; a normal install does).
    env["JUPYTER_PATH"] = str(REPO / "share" / "jupyter")
    return env


def _copy_notebooks(root: Path) -> Path:
    target = root / "notebooks"
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(
        ".ipynb_checkpoints", "__pycache__"))
    return target


def _jupyter(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory, output_dir):
    """JupyterLab serving a throw-away copy of the notebooks; yields its base URL."""
    root = tmp_path_factory.mktemp("lab")
    notebooks = _copy_notebooks(root)
    settings = root / "lab-user-settings"
    for relative, values in LAB_SETTINGS.items():
        path = settings / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    def cmd(port: int) -> list[str]:
        return [_jupyter("jupyter-lab"), "--no-browser", "--allow-root", "--ip=127.0.0.1",
                f"--port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
                "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={notebooks}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}",
                f"--LabApp.workspaces_dir={root / 'lab-workspaces'}"]

    server = start_server("JupyterLab", cmd, env=_server_env(root), cwd=notebooks,
                          probe_path="/api/status", log_path=output_dir / "jupyterlab.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_server(browser, tmp_path_factory, output_dir):
    """Voila in tree mode over a throw-away copy of the notebooks; yields the server.

    Started as a person starts it (``voila notebooks/`` beside the repository's voila.json),
    so the tests use crampkit's Voila configuration and page template. Apps open at
    ``server.base_url + "/voila/render/NAME.ipynb"``.
    """
    root = tmp_path_factory.mktemp("voila")
    _copy_notebooks(root)
    shutil.copy(REPO / "voila.json", root / "voila.json")
    server = start_server("Voila", lambda port: [
        _jupyter("voila"), "notebooks", "--no-browser", "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}", "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=True"],
        env=_server_env(root), cwd=root, probe_path="/voila/static/voila.js",
        log_path=output_dir / "voila.log")
    try:
        yield server
    finally:
        server.stop()


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def block_the_internet(context) -> list[str]:
    """Abort every request of ``context`` whose host is not this machine; returns the list
    the aborted URLs are added to."""
    outside: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", handle)
    return outside


@pytest.fixture()
def page(browser):
    """A fresh page in its own browser context (no shared storage between tests) that may
    fetch nothing from outside this machine: such a request fails the test."""
    context = browser.new_context(viewport=WIDE)
    context.set_default_timeout(30_000)
    outside = block_the_internet(context)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        context.close()
    if outside:
        pytest.fail("the page asked the internet for: " + ", ".join(sorted(set(outside))),
                    pytrace=False)


class LabPage:
    """One JupyterLab page reused for every notebook: loading the app costs about 3 s.

    ``open()`` gives the page (loading JupyterLab when there is none); after a test that
    passed, ``close_notebook()`` shuts the kernel and closes the notebook; after a failure,
    ``discard()`` throws the whole page away so the next notebook starts clean.
    """

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.context = self.page = None

    def open(self):
        if self.page is None:
            self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            self.context.set_default_timeout(30_000)
            self.page = self.context.new_page()
            open_page(self.page, f"{self.server.base_url}/lab?reset", self.server,
                      timeout_ms=60_000)
            self.page.wait_for_function(
                "() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=60_000)
            self.page.evaluate("async () => { await window.jupyterapp.restored; }")
        return self.page

    def close_notebook(self):
        self.page.evaluate(pagejs.LAB_CLOSE_NOTEBOOK)

    def discard(self):
        if self.context is not None:
            self.context.close()
        self.context = self.page = None


@pytest.fixture(scope="session")
def lab_page(browser, lab_server):
    lab = LabPage(browser, lab_server)
    try:
        yield lab
    finally:
        lab.discard()
