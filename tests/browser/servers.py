"""Start and stop Jupyter servers for the browser tests, leaving nothing running.

Each server runs in its own process group with a log file; stopping sends SIGTERM to the
group, waits, then kills what is left of the group and of every process it started (kernels
run in their own sessions, so they are tracked by parent id, not by group).

Ports, on a busy machine: a port found free (bound, then closed) can be taken by someone
else before the server binds it. :func:`free_port` picks at random BELOW the range the
system hands out by itself (to every ``bind(0)``: kernels' five ports each, and to every
outgoing connection: browsers, kernels' clients), so only another test choosing at the same
moment can take it; :func:`start_server` then starts the server again on another port
(a server told ``port_retries=0`` says "no available port" and exits). A server is
"started" once its probe URL answers AND the port is held by its own process tree, never
by another test's server that happened to get the same port.
"""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

# What a Jupyter server, Voila or tornado writes when its port is taken (port_retries=0).
PORT_TAKEN_WORDS = ("no available port", "Address already in use", "EADDRINUSE",
                    "is already in use")
LOWEST_PORT = 20_000
# Not the module's random: pytest-randomly seeds that one alike in every xdist worker,
# which would make both workers pick the same "random" ports.
_RANDOM = random.SystemRandom()
_GIVEN: set[int] = set()  # ports this process handed out already (never twice)


class PortTaken(RuntimeError):
    """The server could not listen on its port: someone else took it first."""


def _system_port_range() -> tuple[int, int] | None:
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        return None
    return low, high


def _can_listen(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing uses right now, never given twice by this
    process, and (where the system says which ports it hands out by itself) outside them."""
    system = _system_port_range()
    if system and system[0] - 1 - LOWEST_PORT >= 1_000:
        for _ in range(200):
            port = _RANDOM.randint(LOWEST_PORT, system[0] - 1)
            if port not in _GIVEN and _can_listen(port):
                _GIVEN.add(port)
                return port
    while True:  # the system's own choice (a machine whose range leaves nothing below)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port


def _listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on TCP ``port`` (any address), from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def _holds_any(pids: list[int], inodes: set[str]) -> bool | None:
    """Does one of ``pids`` hold one of the sockets ``inodes``? None: could not tell."""
    readable = False
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        readable = True
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            return True
    return False if readable else None


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces: split after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """Process ids of every process started (directly or not) by ``pid``."""
    tree = _children_by_parent()
    found, todo = [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Server:
    """One server process: started, probed until it answers, and always stopped."""

    def __init__(self, name: str, cmd: list[str], *, env: dict, cwd: Path, base_url: str,
                 probe_path: str, log_path: Path):
        self.name, self.cmd, self.env, self.cwd = name, cmd, env, cwd
        self.base_url, self.probe_path, self.log_path = base_url, probe_path, log_path
        self.proc: subprocess.Popen | None = None

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    @property
    def port(self) -> int | None:
        return urllib.parse.urlsplit(self.base_url).port

    def _port_taken(self) -> bool:
        log = self.log_tail(20_000)
        return any(words in log for words in PORT_TAKEN_WORDS)

    def holds_its_port(self) -> bool:
        """Is the port of ``base_url`` held by this server's own processes? (True when
        this machine does not say: no /proc, or sockets of processes we may not read.)"""
        inodes = _listening_inodes(self.port) if self.port else set()
        if not inodes or self.proc is None:
            return True
        held = _holds_any([self.proc.pid, *descendants(self.proc.pid)], inodes)
        return held is not False

    def answers(self, timeout: float = 10.0) -> bool:
        """Is the server still running, and does its probe URL answer within ``timeout``?"""
        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(self.base_url + self.probe_path, timeout=timeout) as answer:
                return answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def start(self, timeout: float = 90.0) -> Server:
        """Start the server and wait until its probe URL answers (polled, never a fixed
        sleep). Raises :class:`PortTaken` when its port was taken by someone else."""
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.cwd, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        url = self.base_url + self.probe_path
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                error, code = (PortTaken if self._port_taken() else RuntimeError), self.proc.returncode
                self.stop()  # anything it started before it exited goes too
                raise error(f"{self.name} exited with code {code}:\n"
                            f"{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        else:
            self.stop()
            raise RuntimeError(f"{self.name} did not answer {url} within {timeout:.0f} s:\n"
                               f"{self.log_tail()}")
        if not self.holds_its_port():
            self.stop()
            raise PortTaken(f"{self.name}: another program answered on port {self.port}")
        return self

    def stop(self, grace: float = 10.0) -> None:
        proc = self.proc
        if proc is None:
            return
        started = descendants(proc.pid)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for pid in started + descendants(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None


def start_server(name: str, command: Callable[[int], list[str]], *, env: dict, cwd: Path,
                 probe_path: str, log_path: Path, timeout: float = 90.0,
                 attempts: int = 5) -> Server:
    """Start ``command(port)`` on a free port of 127.0.0.1 (``http://127.0.0.1:<port>``),
    on another port when someone else took that one first (said on stderr, so a run's log
    shows it). Any other failure to start is raised at once."""
    taken = []
    for _ in range(attempts):
        port = free_port()
        server = Server(name, command(port), env=env, cwd=cwd,
                        base_url=f"http://127.0.0.1:{port}", probe_path=probe_path,
                        log_path=log_path)
        try:
            server.start(timeout)
        except PortTaken:
            taken.append(port)
            print(f"{name}: port {port} was taken by another program; trying another",
                  file=sys.stderr)
            continue
        return server
    raise RuntimeError(f"{name}: ports {taken} were each taken by another program before "
                       f"{name} could listen on them; its log ends:\n{server.log_tail()}")
