# JupyterHub configuration for crampkit's end-to-end class test
# (tests/browser/test_class_on_hub.py) and benchmarks/bench_class.py; not for a real hub.
#
# A hub on loopback only, set up the way The Littlest JupyterHub runs one: each hub user
# is a real system user named jupyter-<name>, with their own home, and their server runs
# as that user. crampkit's own TLJH settings (deploy/tljh/jupyterhub_config.d/crampkit.py)
# are loaded unchanged; only the survey folder (and the collector's account and Python) are
# swapped for the test's own.
# Everything specific to one run comes from CRAMPKIT_HUB_* environment variables that the
# test sets. The test authenticator takes a shared password (DummyAuthenticator).
import os
import pwd
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid

REPO = Path(os.environ["CRAMPKIT_HUB_REPO"])
RUN = Path(os.environ["CRAMPKIT_HUB_DIR"])
USER_PREFIX = "jupyter-"  # as on The Littlest JupyterHub


class TLJHLikeSpawner(LocalProcessSpawner):
    """A local server per user, run as the system user jupyter-<hub name> in their home."""

    def system_name(self) -> str:
        return USER_PREFIX + self.user.name

    def make_preexec_fn(self, name):
        return set_user_setuid(self.system_name())

    def user_env(self, env):
        entry = pwd.getpwnam(self.system_name())
        env.update(USER=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell)
        return env


c = get_config()  # noqa: F821
load_subconfig(str(REPO / "deploy" / "tljh" / "jupyterhub_config.d" / "crampkit.py"))  # noqa: F821
# The survey collector and the class apps: the same managed services, with the test's
# folder, accounts, copy of the series, port and Python.
_services = c.JupyterHub.services
_services = _services.get_value([]) if hasattr(_services, "get_value") else list(_services)
_APPS = os.environ["CRAMPKIT_HUB_APPS_ACCOUNT"]
_SERIES_NOTEBOOKS = str(Path(os.environ["CRAMPKIT_HUB_SERIES"]) / "notebooks")


def _for_the_test(service: dict) -> dict:
    if service["name"] == "crampkit-survey":
        return {**service, "user": os.environ["CRAMPKIT_HUB_COLLECTOR"],
                "command": [sys.executable, "-m", "crampkit.classroom", "collect",
                            os.environ["CRAMPKIT_HUB_CLASS_FOLDER"], "--apps-account", _APPS]}
    if service["name"] == "crampkit-apps":
        return {**service, "user": _APPS,
                "url": f"http://127.0.0.1:{os.environ['CRAMPKIT_HUB_APPS_PORT']}",
                "command": [sys.executable, "-m", "crampkit.hub_apps", _SERIES_NOTEBOOKS,
                            *(["--pool", os.environ["CRAMPKIT_HUB_APPS_POOL"]]
                              if os.environ.get("CRAMPKIT_HUB_APPS_POOL")
                              else service["command"][4:])],
                "cwd": _SERIES_NOTEBOOKS,
                "environment": {**service.get("environment", {}),
                                "CRAMPKIT_CLASS_FOLDER": os.environ["CRAMPKIT_HUB_CLASS_FOLDER"],
                                **{k: os.environ[k] for k in ("PATH", "LANG",
                                                              "CRAMPKIT_NETWORK_LOG")
                                   if k in os.environ}}}
    return service


c.JupyterHub.services = [_for_the_test(service) for service in _services]
c.Spawner.environment.update({
    "CRAMPKIT_CLASS_FOLDER": os.environ["CRAMPKIT_HUB_CLASS_FOLDER"],
    # nbgitpuller clones the test's local repository (owned by root): git settings that
    # let git read it (safe.directory).
    "GIT_CONFIG_GLOBAL": os.environ["CRAMPKIT_HUB_GIT_CONFIG"],
    # crampkit's server settings, found where TLJH's user environment keeps them.
    "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "tljh" / "jupyter"),
})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["CRAMPKIT_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["CRAMPKIT_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CRAMPKIT_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [str(REPO / "deploy" / "hub" / "node_modules" / ".bin"
                                       / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{RUN / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(RUN / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(RUN / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["CRAMPKIT_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["CRAMPKIT_HUB_USERS"].split(","))
c.Authenticator.admin_users = {os.environ["CRAMPKIT_HUB_TEACHER"]}
c.JupyterHub.spawner_class = TLJHLikeSpawner
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "CRAMPKIT_NETWORK_LOG"]
c.Spawner.args.append("--ServerApp.ip=127.0.0.1")
c.JupyterHub.concurrent_spawn_limit = 10
