"""crampkit's Voila settings: kernels that end, visitors kept apart, nothing fetched from
outside (issue 23 items 2 and 6). The real-server checks are in
``tests/browser/test_voila_load.py`` and ``tests/browser/test_privacy_preview.py``."""
from __future__ import annotations

import asyncio
import json
import os
import stat
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
from traitlets.utils.importstring import import_item

from crampkit.voila_server import VISIT_ONLY_ENV, CrampkitKernelManager, PageIdentity, is_shared

REPO = Path(__file__).resolve().parents[2]
VOILA_JSON = json.loads((REPO / "voila.json").read_text())
SERVER_SETTINGS = REPO / "jupyter-config" / "jupyter_server_config.d" / "crampkit.json"


def test_voila_json_names_crampkits_classes_and_culls_idle_kernels():
    assert import_item(VOILA_JSON["VoilaConfiguration"]["multi_kernel_manager_class"]) is CrampkitKernelManager
    assert import_item(VOILA_JSON["Voila"]["identity_provider_class"]) is PageIdentity
    cull = VOILA_JSON["MappingKernelManager"]
    assert 0 < cull["cull_idle_timeout"] <= 3600 and 0 < cull["cull_interval"] <= cull["cull_idle_timeout"]
    # A page someone is reading keeps its kernel; a page whose window is gone does not.
    assert cull["cull_connected"] is False
    assert VOILA_JSON["CrampkitKernelManager"]["separate_visitors"] == "auto"
    assert VOILA_JSON["VoilaConfiguration"]["template"] == "crampkit"


def test_jupyterlabs_voila_preview_gets_crampkits_template_and_no_cdn_mathjax():
    settings = json.loads(SERVER_SETTINGS.read_text())
    assert settings["ServerApp"]["jpserver_extensions"] == {"crampkit.voila_server": True}
    from traitlets.config import Config

    from crampkit import voila_server

    app = SimpleNamespace(web_app=SimpleNamespace(settings={}), config=Config())
    voila_server._load_jupyter_server_extension(app)
    assert app.web_app.settings == {"mathjax_url": None, "mathjax_config": None}
    assert app.config.VoilaConfiguration.template == "crampkit"
    chosen = SimpleNamespace(web_app=SimpleNamespace(settings={"mathjax_url": "/static/mathjax.js"}), config=Config())
    chosen.config.VoilaConfiguration.template = "lab"
    voila_server._load_jupyter_server_extension(chosen)  # a server's own choices stay
    assert chosen.web_app.settings["mathjax_url"] == "/static/mathjax.js"
    assert chosen.config.VoilaConfiguration.template == "lab"
    data_files = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    assert data_files["etc/jupyter/jupyter_server_config.d"] == [str(SERVER_SETTINGS.relative_to(REPO))]
    assert "jupyter-config/jupyter_server_config.d/crampkit.json" in (REPO / "Makefile").read_text()


@pytest.mark.parametrize("ip, shared", [("127.0.0.1", False), ("localhost", False), ("::1", False),
                                        ("[::1]", False), ("0.0.0.0", True), ("", True),
                                        ("192.168.1.20", True), ("LOCALHOST", False)])
def test_a_server_is_shared_when_it_listens_beyond_this_computer(ip, shared):
    assert is_shared(ip) is shared


def test_yes_and_no_decide_outright():
    assert CrampkitKernelManager(separate_visitors="yes").separating()
    assert not CrampkitKernelManager(separate_visitors="no").separating()


def test_auto_follows_the_address_voila_listens_on(monkeypatch):
    manager = CrampkitKernelManager()
    monkeypatch.setattr(CrampkitKernelManager, "parent", SimpleNamespace(ip="0.0.0.0"), raising=False)
    assert manager.separating()
    monkeypatch.setattr(CrampkitKernelManager, "parent", SimpleNamespace(ip="127.0.0.1"), raising=False)
    assert not manager.separating()


@pytest.fixture()
def fake_kernels(monkeypatch):
    """The manager's parent class starts and stops nothing: it records the env it was given."""
    started = {}

    async def start_kernel(self, **kwargs):
        kernel_id = f"kernel-{len(started)}"
        started[kernel_id] = kwargs.get("env")
        return kernel_id

    async def shutdown_kernel(self, kernel_id, now=False, restart=False):
        started.pop(kernel_id)

    monkeypatch.setattr(MappingKernelManager, "start_kernel", start_kernel)
    monkeypatch.setattr(MappingKernelManager, "_async_shutdown_kernel", shutdown_kernel)
    return started


def test_each_visitor_of_a_shared_server_gets_a_private_folder_gone_when_the_page_closes(fake_kernels, monkeypatch):
    monkeypatch.setenv("CRAMPKIT_HOME", "/srv/everyones-details")
    manager = CrampkitKernelManager(separate_visitors="yes")

    async def visit():
        ann = await manager.start_kernel(kernel_name="python3", env={"PATH": "/bin"})
        ben = await manager.start_kernel(kernel_name="python3")
        homes = {k: fake_kernels[k]["CRAMPKIT_HOME"] for k in (ann, ben)}
        modes = {k: stat.S_IMODE(os.stat(h).st_mode) for k, h in homes.items()}
        (Path(homes[ann]) / "profile.json").write_text("{}")
        await manager.shutdown_kernel(ann)
        return ann, ben, homes, modes

    ann, ben, homes, modes = asyncio.run(visit())
    assert homes[ann] != homes[ben] and "/srv/everyones-details" not in homes.values()
    assert modes == {ann: 0o700, ben: 0o700}
    assert fake_kernels[ben][VISIT_ONLY_ENV] == "1" and fake_kernels[ben]["PATH"] == os.environ["PATH"]
    assert not Path(homes[ann]).exists(), "Ann's folder outlived her page"
    assert Path(homes[ben]).exists()
    asyncio.run(manager.shutdown_kernel(ben))
    assert not Path(homes[ben]).exists()


def test_a_persons_own_voila_keeps_their_usual_folder(fake_kernels, monkeypatch):
    monkeypatch.setenv("CRAMPKIT_HOME", "/home/ann/crampkit")
    manager = CrampkitKernelManager(separate_visitors="no")
    kernel = asyncio.run(manager.start_kernel(kernel_name="python3", env=dict(os.environ)))
    assert fake_kernels[kernel]["CRAMPKIT_HOME"] == "/home/ann/crampkit"
    assert VISIT_ONLY_ENV not in fake_kernels[kernel]


def test_warm_kernels_are_never_culled(monkeypatch):
    culled = []

    async def cull(self, kernel_id):
        culled.append(kernel_id)

    monkeypatch.setattr(MappingKernelManager, "cull_kernel_if_idle", cull)
    manager = CrampkitKernelManager()

    async def run():
        warm = asyncio.get_running_loop().create_future()
        warm.set_result({"kernel_id": "warm-1"})
        manager._pools = {"apps/plan.ipynb": [warm]}
        await manager.cull_kernel_if_idle("warm-1")
        await manager.cull_kernel_if_idle("left-open")

    asyncio.run(run())
    assert culled == ["left-open"]
