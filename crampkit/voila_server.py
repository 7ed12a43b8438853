"""How crampkit's apps are served by Voila: kernels that end, and visitors kept apart.

``voila.json`` (beside ``notebooks/``) names the two classes here, and the module is also a
Jupyter server extension for JupyterLab's Voila preview (at the end); nothing else imports
it, and ``import crampkit`` does not load it (it needs jupyter_server).

* :class:`PageIdentity` gives each app page the ``_xsrf`` cookie that Voila 0.5's own
  "page closed" call needs. Voila draws a page without ever making that cookie, so the
  call (a ``sendBeacon`` to ``/voila/api/shutdown/<kernel>``) was refused with 403
  "'_xsrf' argument missing" and every closed page left its kernel running (17 reloads
  held 17 kernels and 3 GB).
* :class:`CrampkitKernelManager` keeps the warm kernels Voila prepares ahead of visitors out of the
  idle-kernel cull (culling them would empty the warm pool for good, since Voila refills
  a pool only when a visitor takes a kernel), and, on a server that more than one person
  can reach, gives every page its own private, empty data folder that is deleted when the
  page's kernel ends. Two visitors then never see each other's saved details or diary,
  and nothing a visitor typed stays on the server after their page closes.

Whether a server is shared is decided by ``separate_visitors``: "auto" (the default) keeps
the person's usual data folder when Voila listens only on this computer (``localhost``,
``127.0.0.1``, ``::1``: a person's own ``make app``) and separates visitors otherwise;
"yes" and "no" decide outright (``--CrampkitKernelManager.separate_visitors=yes``).
"""
from __future__ import annotations

import atexit
import inspect
import os
import shutil
import tempfile

from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Enum

from crampkit.content import command_text

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# Set in a visitor's kernel on a shared server: the apps may say that details last only
# as long as the page is open.
VISIT_ONLY_ENV = "CRAMPKIT_VISIT_ONLY"


def is_shared(ip: str | None) -> bool:
    """Can people on other computers reach a server listening on ``ip``?

    >>> is_shared("127.0.0.1"), is_shared("localhost"), is_shared("0.0.0.0"), is_shared("")
    (False, False, True, True)
    """
    return (ip or "").strip().strip("[]").lower() not in LOOPBACK


class PageIdentity(PasswordIdentityProvider):
    """Voila's usual anonymous visitors, plus the page's ``_xsrf`` cookie (see the module
    docstring): asking tornado for the token sets the cookie when the browser has none."""

    def get_user(self, handler):
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            return self._with_cookie(handler, user)
        give_xsrf_cookie(handler, user)
        return user

    @staticmethod
    async def _with_cookie(handler, pending):
        user = await pending
        give_xsrf_cookie(handler, user)
        return user


def give_xsrf_cookie(handler, user) -> None:
    """Set the ``_xsrf`` cookie on a page's answer when the browser has none (tornado makes
    it when the token is first read; it needs to know the user first)."""
    if user is None or handler.request.method != "GET" or handler.get_cookie("_xsrf"):
        return
    handler.current_user = user  # what jupyter_server's prepare() sets next anyway
    handler.xsrf_token  # noqa: B018 (reading it sets the cookie)


class CrampkitKernelManager(AsyncMappingKernelManager):
    """The kernel manager under Voila's warm pool (``VoilaConfiguration.multi_kernel_manager_class``)."""

    separate_visitors = Enum(["auto", "yes", "no"], default_value="auto", config=True,
                             help=command_text("voila_separate_visitors_help"))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._visit_folders: dict[str, str] = {}
        self._visits_root: str | None = None

    def separating(self) -> bool:
        """Does this server give every page its own data folder?"""
        if self.separate_visitors != "auto":
            return self.separate_visitors == "yes"
        return is_shared(getattr(self.parent, "ip", "localhost"))

    def _new_visit_folder(self) -> str:
        if self._visits_root is None:
            self._visits_root = tempfile.mkdtemp(prefix="crampkit-visits-")
            atexit.register(shutil.rmtree, self._visits_root, True)
        return tempfile.mkdtemp(prefix="visit-", dir=self._visits_root)  # mode 0700

    async def start_kernel(self, **kwargs):
        if not self.separating():
            return await super().start_kernel(**kwargs)
        folder = self._new_visit_folder()
        env = dict(kwargs.get("env") or os.environ)
        env.update({"CRAMPKIT_HOME": folder, VISIT_ONLY_ENV: "1"})
        kwargs["env"] = env
        try:
            kernel_id = await super().start_kernel(**kwargs)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._visit_folders[kernel_id] = folder
        return kernel_id

    async def _async_shutdown_kernel(self, kernel_id, now=False, restart=False):
        try:
            return await super()._async_shutdown_kernel(kernel_id, now=now, restart=restart)
        finally:
            folder = None if restart else self._visit_folders.pop(kernel_id, None)
            if folder:
                shutil.rmtree(folder, ignore_errors=True)

    shutdown_kernel = _async_shutdown_kernel

    def warm_kernel_ids(self) -> set[str]:
        """Kernels Voila has prepared and no visitor has taken yet."""
        warm = set()
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    warm.add(task.result().get("kernel_id"))
        return warm

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self.warm_kernel_ids():
            return None
        return await super().cull_kernel_if_idle(kernel_id)


# JupyterLab's "Render with Voila" preview is Voila running inside the Jupyter server, where
# voila.json is read only from the folder the server was started in, and Voila's page asks
# cdnjs for MathJax unless the server's settings say otherwise. crampkit enables this module
# as a Jupyter server extension (jupyter-config/jupyter_server_config.d/crampkit.json): it
# loads before Voila's (extensions load in name order) and sets both, unless already set.
def _jupyter_server_extension_points():
    return [{"module": "crampkit.voila_server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    for key in ("mathjax_url", "mathjax_config"):
        settings.setdefault(key, None)  # Voila then uses JupyterLab's own MathJax
    voila = serverapp.config.VoilaConfiguration
    if "template" not in voila:
        voila.template = "crampkit"
