"""Test-wide setup for the whole run (unit tests, doctests, notebooks, browser tests).

- ``CRAMPKIT_HOME`` points into a temporary folder before any kernel starts, so no test
  touches a person's real saved details or diary.
- Network access is blocked: an audit hook in this process and, through ``sitecustomize`` on
  ``PYTHONPATH``, in every Python subprocess (the command line, notebook kernels, Jupyter
  servers). Loopback stays allowed. Any blocked attempt, in any worker, fails the run.
- With pytest-xdist (``make test`` uses two workers with ``--dist loadfile``), each file, so
  each notebook with its kernel, runs on one worker; every worker shares the network log.
"""
import os
import shutil
import sys
import tempfile
from pathlib import Path

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_OWNER = not (_WORKER and os.environ.get("CRAMPKIT_TEST_RUN_DIR"))
if _OWNER:
    os.environ["CRAMPKIT_TEST_RUN_DIR"] = tempfile.mkdtemp(prefix="crampkit-test-run-")
RUN_DIR = Path(os.environ["CRAMPKIT_TEST_RUN_DIR"])
HOME = RUN_DIR / f"home-{_WORKER or 'main'}"
HOME.mkdir(exist_ok=True)
NETWORK_LOG = RUN_DIR / "network.log"
_GUARD = Path(__file__).resolve().parent / "tests" / "network_guard"

os.environ["CRAMPKIT_HOME"] = str(HOME)
os.environ["CRAMPKIT_NETWORK_LOG"] = str(NETWORK_LOG)
if str(_GUARD) not in os.environ.get("PYTHONPATH", ""):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_GUARD), os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(_GUARD))
import crampkit_network_guard  # noqa: E402

crampkit_network_guard.install()


def pytest_sessionfinish(session, exitstatus):
    if _OWNER and NETWORK_LOG.exists() and NETWORK_LOG.read_text().strip():
        print("\nBlocked network access during the tests:\n" + NETWORK_LOG.read_text(), file=sys.stderr)
        session.exitstatus = 1


def pytest_unconfigure(config):
    if _OWNER:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
