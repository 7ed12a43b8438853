"""Real system users for the class tests (drop folder, JupyterHub), made and removed by the test.

Only as root (CI runs as root). Users get a name prefix that marks them as test users, a
group of their own, and are removed with their home at the end. So that they can run this
checkout's Python (which may live under a folder only root may enter, such as /root/.pyenv),
every folder on the way that others may not pass through gets a POSIX ACL entry letting the
test's own group pass (enter, not list), removed at the end: nothing else changes.
"""
from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = os.name == "posix" and os.geteuid() == 0
TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "usermod", "setfacl")
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if not shutil.which(tool)]


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")


def _ancestors_closed_to_others(paths) -> list[Path]:
    closed = []
    for path in paths:
        path = Path(os.path.realpath(path))
        for folder in [path, *path.parents] if path.is_dir() else list(path.parents):
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    return closed


@contextlib.contextmanager
def system_users(names, *, groups=(), homes: bool = False, member_of=None, reach=()):
    """Create ``groups`` and users ``names`` (each with its own group; with ``homes``, a home
    folder made by useradd as on The Littlest JupyterHub), add ``member_of`` memberships
    ({user: [group, ...]}), let all of them pass into the folders ``reach`` needs, and remove
    everything at the end. Yields the group that all the made users share (``pass group``)."""
    made_users, made_groups, acls = [], [], []
    tag = f"ckp{os.getpid() % 100000:05d}"
    try:
        for group in [tag, *groups]:
            _run("groupadd", group)
            made_groups.append(group)
        for name in names:
            _run("useradd", "--user-group", "--shell", "/bin/bash", "-G", tag,
                 *(["--create-home"] if homes else ["--no-create-home"]), name)
            made_users.append(name)
        for user, extra in (member_of or {}).items():
            for group in extra:
                _run("usermod", "-a", "-G", group, user)
        for folder in _ancestors_closed_to_others([sys.executable, *reach]):
            _run("setfacl", "-m", f"g:{tag}:x", str(folder))
            acls.append(folder)
        yield tag
    finally:
        for folder in acls:
            subprocess.run(["setfacl", "-x", f"g:{tag}", str(folder)], capture_output=True)
        for name in made_users:
            home = None
            with contextlib.suppress(KeyError):
                home = pwd.getpwnam(name).pw_dir
            subprocess.run(["userdel", name], capture_output=True)
            if homes and home and home.startswith("/home/"):
                shutil.rmtree(home, ignore_errors=True)
        for group in made_groups:
            subprocess.run(["groupdel", group], capture_output=True)


def _as_user(user: str, home: str | None):
    """(a pre-exec function that becomes ``user`` with its groups, a minimal environment)."""
    entry = pwd.getpwnam(user)
    groups = os.getgrouplist(user, entry.pw_gid)

    def become():
        os.setgroups(groups)
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home or entry.pw_dir,
           "PYTHONDONTWRITEBYTECODE": "1"}
    return become, env


def python_as(user: str, code: str, *args: str, home: str | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess:
    """Run Python ``code`` as system user ``user`` (real uid, gid and groups), from ``/``, with
    only PATH and HOME set (HOME is ``home``, else the user's own home)."""
    become, env = _as_user(user, home)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=become, env=env, cwd="/")


def popen_as(user: str, code: str, *args: str, home: str | None = None) -> subprocess.Popen:
    """Start Python ``code`` as system user ``user`` in the background (as :func:`python_as`);
    the caller stops it."""
    become, env = _as_user(user, home)
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=become, env=env,
                            cwd="/")
