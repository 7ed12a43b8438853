"""Test-wide setup for the whole run (unit tests, doctests, notebooks, browser tests).

- ``CRAMPKIT_HOME`` points into a temporary folder before any kernel starts, so no test
  touches a person's real saved details or diary.
- Network access is blocked: an audit hook in this process and, through ``sitecustomize`` on
  ``PYTHONPATH``, in every Python subprocess (the command line, notebook kernels, Jupyter
  servers). Loopback stays allowed. Any blocked attempt fails the run.
"""
import os
import shutil
import sys
import tempfile
from pathlib import Path

_HOME = tempfile.mkdtemp(prefix="crampkit-test-home-")
_GUARD = Path(__file__).resolve().parent / "tests" / "network_guard"
NETWORK_LOG = Path(_HOME).parent / f"{Path(_HOME).name}-network.log"

os.environ["CRAMPKIT_HOME"] = _HOME
os.environ["CRAMPKIT_NETWORK_LOG"] = str(NETWORK_LOG)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_GUARD), os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(_GUARD))
import crampkit_network_guard  # noqa: E402

crampkit_network_guard.install()


def pytest_sessionfinish(session, exitstatus):
    if NETWORK_LOG.exists() and NETWORK_LOG.read_text().strip():
        print("\nBlocked network access during the tests:\n" + NETWORK_LOG.read_text(), file=sys.stderr)
        session.exitstatus = 1


def pytest_unconfigure(config):
    shutil.rmtree(_HOME, ignore_errors=True)
    NETWORK_LOG.unlink(missing_ok=True)
