"""No network, ever: the guard blocks outside connections in every process the tests start.

The whole suite (command line, every notebook through nbval, browser tests) runs under this
guard and fails if anything tried to reach the network; these tests prove the guard works.
"""
import os
import socket
import subprocess
import sys

import pytest

ATTEMPT = ("import socket\n"
           "try:\n    socket.create_connection(('93.184.216.34', 80), timeout=1)\n"
           "except ConnectionRefusedError as e:\n    print('blocked:', e)\n")


@pytest.fixture
def private_log(tmp_path, monkeypatch):
    log = tmp_path / "attempts.log"
    monkeypatch.setenv("CRAMPKIT_NETWORK_LOG", str(log))
    return log


def test_blocked_in_this_process(private_log):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    assert "93.184.216.34" in private_log.read_text()


def test_blocked_in_subprocesses(private_log):
    done = subprocess.run([sys.executable, "-c", ATTEMPT], capture_output=True, text=True,
                          env=dict(os.environ))
    assert "blocked:" in done.stdout
    assert "93.184.216.34" in private_log.read_text()


def test_blocked_in_a_notebook_kernel(private_log):
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", env=dict(os.environ))
    try:
        reply = client.execute_interactive(ATTEMPT, timeout=30)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "93.184.216.34" in private_log.read_text()


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with socket.create_connection(server.getsockname(), timeout=1):
        pass
    server.close()
