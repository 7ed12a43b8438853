"""The class apps service (crampkit.hub_apps): who opened a page comes from the hub's
sign-in only, and a page may only talk to the widgets."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

pytest.importorskip("jupyterhub")
pytest.importorskip("voila")

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider  # noqa: E402
from tornado.httputil import HTTPHeaders  # noqa: E402

from crampkit import hub_apps  # noqa: E402
from crampkit.classroom.collector import HUB_USER_ENV  # noqa: E402


def _page_request(monkeypatch, signed_in):
    async def hub_says(self, handler):
        return signed_in

    monkeypatch.setattr(JupyterHubIdentityProvider, "get_user", hub_says)
    monkeypatch.setattr(hub_apps, "give_xsrf_cookie", lambda handler, user: None)
    headers = HTTPHeaders({hub_apps.HUB_USER_HEADER: "someone-else"})
    handler = SimpleNamespace(request=SimpleNamespace(headers=headers, method="GET"))
    visitors = hub_apps.HubVisitors.__new__(hub_apps.HubVisitors)
    # A fresh loop in its own thread: another test in this process may have left one running.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, visitors.get_user(handler)).result(), headers


def test_the_page_kernel_is_told_the_signed_in_student_never_what_the_browser_sent(monkeypatch):
    user, headers = _page_request(monkeypatch, SimpleNamespace(username="ann"))
    assert user.username == "ann"
    assert headers.get_list(hub_apps.HUB_USER_HEADER) == ["ann"]
    # Voila hands the header to the kernel under the name the survey form reads.
    assert HUB_USER_ENV == "HTTP_" + hub_apps.HUB_USER_HEADER.upper().replace("-", "_")


def test_a_visitor_the_hub_has_not_signed_in_names_no_one(monkeypatch):
    user, headers = _page_request(monkeypatch, None)
    assert user is None
    assert hub_apps.HUB_USER_HEADER not in headers


def test_pages_may_send_only_widget_messages_and_every_page_is_kept_apart():
    config = hub_apps.voila_config(4, {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
                                       "JUPYTERHUB_SERVICE_PREFIX": "/services/crampkit-apps/"})
    allowed = config["CrampkitKernelManager"]["allowed_message_types"]
    assert "execute_request" not in allowed and "comm_msg" in allowed
    assert config["CrampkitKernelManager"]["separate_visitors"] == "yes"
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["VoilaConfiguration"]["http_header_envs"] == [hub_apps.HUB_USER_HEADER]
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["apps/class_survey.ipynb"]["pool_size"] == 0  # needs the name at its start
