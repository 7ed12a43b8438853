"""The class apps as one JupyterHub service: one Voila, warm kernels, students signed in by the hub.

On a school hub, every student who opens an app through their own Jupyter server waits for
that server to start and holds it (about 150 MB) until it is culled. Instead, the hub can run
crampkit's apps once for the whole class as a managed service (``deploy/``)::

    python -m crampkit.hub_apps NOTEBOOKS_FOLDER

It is Voila on its own (not inside a Jupyter server), so it keeps warm kernels that have
already run the apps ahead of the students (``--pool`` each), and:

* students are signed in by the hub (:class:`HubVisitors`, the hub's OAuth, as any hub
  service); a student needs no server of their own for the apps;
* every page gets its own private, empty data folder, deleted with its kernel when the
  page closes (:class:`crampkit.voila_server.CrampkitKernelManager`, ``separate_visitors``
  "yes"), so nothing a student typed stays and no student sees another's;
* a page may only talk to its kernel through the widgets (:data:`WIDGET_MESSAGES`): a
  student cannot make their page's kernel run code of their choosing, which would run as
  the service's account;
* the kernel of a page is told (:data:`HUB_USER_ENV`) which hub user opened it, set by
  the service from the hub's sign-in, never from anything the browser sends: the class
  survey uses it so that each student answers once while every answer is stored by the
  survey service under its own account.

Run by the hub (it sets ``JUPYTERHUB_SERVICE_URL``, ``JUPYTERHUB_SERVICE_PREFIX`` and the
OAuth settings); nothing imports this module but that command (it needs voila and
jupyterhub).
"""
from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import urlsplit

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from jupyterhub.utils import url_path_join

from crampkit.content import command_text
from crampkit.voila_server import give_xsrf_cookie

#: The request header the service sets from the hub's sign-in (a browser's own value is
#: always replaced); Voila hands it to the page's kernel as :data:`HUB_USER_ENV`.
HUB_USER_HEADER = "X-Crampkit-Hub-User"
HUB_USER_ENV = "HTTP_X_CRAMPKIT_HUB_USER"
#: What a page may send its kernel: the widgets' messages and nothing that runs code.
WIDGET_MESSAGES = ["comm_open", "comm_msg", "comm_close", "comm_info_request",
                   "kernel_info_request"]
#: Warm kernels kept for each app, by default (``--pool``).
DEFAULT_POOL = 8  # 30 students in a minute on 2 cores: 4 left the 4th-12th waiting 7-24 s
APPS = ("apps/plan.ipynb", "apps/diary.ipynb", "apps/class_survey.ipynb")
#: Warm kernels for apps a lesson does not open all at once (the others get ``--pool``); the
#: survey has none, as its page needs the student's hub name when its kernel starts (a warm
#: kernel started before anyone asked for it).
WARM = {"apps/diary.ipynb": 1, "apps/class_survey.ipynb": 0}


class HubVisitors(JupyterHubIdentityProvider):
    """The hub's sign-in for Voila on its own: the OAuth callback under the service's
    address, the ``_xsrf`` cookie a page's "page closed" call needs, and the signed-in
    user's hub name in :data:`HUB_USER_HEADER` for the page's kernel."""

    def get_handlers(self):
        base = self.parent.base_url if self.parent is not None else "/"
        return [(url_path_join(base, path), *rest) for path, *rest in super().get_handlers()]

    async def get_user(self, handler):
        handler.request.headers.pop(HUB_USER_HEADER, None)  # never the browser's own
        user = await super().get_user(handler)
        if user is not None:
            handler.request.headers[HUB_USER_HEADER] = user.username
            give_xsrf_cookie(handler, user)
        return user


def voila_config(pool: int = DEFAULT_POOL, environ=None) -> dict:
    """Voila's settings for the service, from the hub's settings in ``environ``.

    >>> config = voila_config(3, {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
    ...                           "JUPYTERHUB_SERVICE_PREFIX": "/services/crampkit-apps/"})
    >>> config["Voila"]["port"], config["Voila"]["base_url"]
    (10101, '/services/crampkit-apps/')
    >>> config["VoilaKernelManager"]["kernel_pools_config"]["apps/plan.ipynb"]
    {'pool_size': 3}
    """
    env = os.environ if environ is None else environ
    url = urlsplit(env.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8866"))
    pools = {name: {"pool_size": WARM.get(name, pool)} for name in APPS}
    pools["default"] = {"pool_size": 0}
    return {
        "Voila": {"ip": url.hostname or "127.0.0.1", "port": url.port or 8866,
                  "port_retries": 0, "open_browser": False,
                  "base_url": env.get("JUPYTERHUB_SERVICE_PREFIX", "/"),
                  "identity_provider_class": "crampkit.hub_apps.HubVisitors"},
        "VoilaConfiguration": {
            "template": "crampkit", "preheat_kernel": True,
            "multi_kernel_manager_class": "crampkit.voila_server.CrampkitKernelManager",
            "http_header_envs": [HUB_USER_HEADER]},
        "CrampkitKernelManager": {"separate_visitors": "yes",
                                  "allowed_message_types": list(WIDGET_MESSAGES)},
        # A page left open but unused gives its kernel back after 15 minutes.
        "MappingKernelManager": {"cull_idle_timeout": 900, "cull_interval": 60,
                                 "cull_connected": False, "cull_busy": False},
        "VoilaKernelManager": {"kernel_pools_config": pools},
        # A page's output may come late when many arrive at once (Voila's default: 4 s, after
        # which the page is sent without the app).
        "VoilaExecutor": {"iopub_timeout": 60},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", help=command_text("hub_apps_notebooks_help"))
    parser.add_argument("--pool", type=int, default=DEFAULT_POOL, help=command_text("hub_apps_pool_help"))
    args = parser.parse_args(argv)
    if not os.path.isdir(os.path.join(args.notebooks, "apps")):
        print(command_text("hub_apps_no_apps_folder", folder=repr(args.notebooks[:200])), file=sys.stderr)
        return 2
    from traitlets.config import Config
    from voila.app import Voila

    Voila.launch_instance([args.notebooks], config=Config(voila_config(args.pool)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
