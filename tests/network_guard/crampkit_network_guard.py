"""Block and record every network connection that leaves this machine.

Installed in the test process by the root ``conftest.py`` and, through ``sitecustomize``
on ``PYTHONPATH``, in every Python subprocess the tests start (the command line, notebook
kernels, Jupyter servers). Loopback and local sockets stay allowed: kernels and test servers
use them. Each blocked attempt is appended to the file named by ``CRAMPKIT_NETWORK_LOG``,
and the test run fails if that file is not empty.
"""
import os
import sys

LOCAL_PREFIXES = ("127.", "::1", "localhost", "0.0.0.0")
EVENTS = ("socket.connect", "socket.sendto", "socket.getaddrinfo")


def _host(event, args):
    if event == "socket.getaddrinfo":
        return args[0]
    address = args[1]
    if isinstance(address, (str, bytes)):  # a Unix socket path
        return None
    return address[0] if isinstance(address, tuple) and address else None


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]")
    return host in ("", "::", "ip6-localhost") or host.startswith(LOCAL_PREFIXES)


def _hook(event, args):
    if event not in EVENTS:
        return
    host = _host(event, args)
    if _is_local(host):
        return
    log = os.environ.get("CRAMPKIT_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {event} {host!r} {' '.join(sys.argv)[:200]}\n")
    raise ConnectionRefusedError(f"crampkit tests block network access (tried {host!r})")


def install():
    if not getattr(sys, "_crampkit_network_guard", False):
        sys.addaudithook(_hook)
        sys._crampkit_network_guard = True
