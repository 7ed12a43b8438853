"""Voila under load: a closed page ends its kernel, visitors of a shared server are kept apart,
and Voila's own pages fetch nothing from outside (issue 23 items 2 and 6).

Each test starts its own Voila (``voila notebooks/`` beside the repository's voila.json, as
a person starts it) so it can count that server's kernels: the processes it started that
run ``ipykernel``. Voila keeps one warm kernel for each of the two apps (voila.json), so
"at most the warm pool" is two kernels.

The 50 loads use a one-button notebook (a cold kernel each, about 5 s on two shared cores);
the apps themselves (whose kernels load pandas and plotly, a minute each on a busy machine)
are loaded and closed in the two-visitor and culling tests. Slow: several minutes in all.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import stat
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import _copy_notebooks, _jupyter, _server_env, block_the_internet
from .helpers import REPO, WIDE, open_page
from .servers import Server, descendants, start_server

pytestmark = pytest.mark.browser

PLAN = "apps/plan.ipynb"
DIARY = "apps/diary.ipynb"
WARM_POOL = sum(entry.get("pool_size", 0) for name, entry in json.loads(
    (REPO / "voila.json").read_text())["VoilaKernelManager"]["kernel_pools_config"].items()
    if name.startswith("apps/"))
LOADS = 50
APP_TIMEOUT_MS = 90_000


PROBE = "load_probe.ipynb"
PROBE_NOTEBOOK = {
    "nbformat": 4, "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "cells": [{"cell_type": "code", "id": "probe", "metadata": {}, "execution_count": None, "outputs": [],
               "source": "import ipywidgets\nbutton = ipywidgets.Button(description='ready')\n"
                         "button.add_class('load-probe')\nbutton"}],
}


def start_voila(root: Path, output_dir: Path, name: str, *extra: str) -> Server:
    notebooks = _copy_notebooks(root)
    (notebooks / PROBE).write_text(json.dumps(PROBE_NOTEBOOK))
    shutil.copy(REPO / "voila.json", root / "voila.json")
    server = start_server(name, lambda port: [
        _jupyter("voila"), "notebooks", "--no-browser", "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}", "--Voila.port_retries=0", *extra],
        env=_server_env(root), cwd=root, probe_path="/voila/static/voila.js",
        log_path=output_dir / f"{name}.log")
    # Voila answers before its warm kernels run (much later on a busy machine): wait for
    # them, so every test starts from the same count, the warm pool alone.
    try:
        if wait_for_kernel_count(server, WARM_POOL, timeout=180) != WARM_POOL:
            raise RuntimeError(f"{name}: the warm pool ({WARM_POOL} kernels) did not start "
                               f"within 180 s; its log ends:\n{server.log_tail()}")
    except BaseException:
        server.stop()
        raise
    return server


def kernels(server: Server) -> list[int]:
    """Process ids of the kernels ``server`` is running now."""
    found = []
    for pid in descendants(server.proc.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"ipykernel" in cmdline:
            found.append(pid)
    return found


def kernel_env(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def wait_for_kernels(server: Server, at_most: int, timeout: float = 90.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        count = len(kernels(server))
        if count <= at_most or time.monotonic() > deadline:
            return count
        time.sleep(0.5)


def wait_for_kernel_count(server: Server, expected: int, timeout: float = 90.0) -> int:
    """The number of kernels once it is ``expected`` (or when ``timeout`` is up): a kernel
    Voila has decided to start is not running at once on a busy machine."""
    deadline = time.monotonic() + timeout
    while True:
        count = len(kernels(server))
        if count == expected or time.monotonic() > deadline:
            return count
        time.sleep(0.25)


def close_window(page) -> None:
    """Close ``page`` as a person closes a window: its "beforeunload" handlers run (Voila's
    page sends its close call there), and the window is gone before this returns."""
    closed = []
    page.on("close", lambda _: closed.append(True))
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 15
    while not closed and time.monotonic() < deadline:
        page.context.cookies()  # a round trip to the browser, which delivers the close event
        time.sleep(0.05)


def open_and_close(browser, server: Server, name: str, ready: str) -> None:
    """Open an app in a new browser window, wait until it is live, close the window as a
    person does (the page's own "page closed" call runs).

    The browser stays open until the server runs no more kernels than before (the page's
    has ended) or 30 s have passed, as a person's browser stays open after one tab closes:
    the close call is a ``sendBeacon`` that Chromium sends as the tab goes, and closing the
    whole browser context at once can drop it on a busy machine (one load in 50 in CI). A
    close call that never arrives still leaves its kernel running, which the count after
    the loop catches."""
    before = len(kernels(server))
    context = browser.new_context(viewport=WIDE)
    outside = block_the_internet(context)
    try:
        page = context.new_page()
        open_page(page, f"{server.base_url}/voila/render/{name}", server,
                  timeout_ms=APP_TIMEOUT_MS, wait_until="domcontentloaded")
        page.locator(ready).first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        close_window(page)
        deadline = time.monotonic() + 30
        while len(kernels(server)) > before and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        context.close()
    assert not outside, f"{name} asked the internet for {outside}"


@pytest.fixture()
def voila(tmp_path, output_dir):
    server = start_voila(tmp_path, output_dir, "voila-load")
    try:
        yield server
    finally:
        server.stop()


def test_the_close_call_of_a_page_is_accepted_and_ends_its_kernel(voila):
    """The call Voila's page makes when it closes (a form with the ``_xsrf`` cookie's value)
    was refused with 403 because Voila never set that cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{voila.base_url}/voila/render/{PLAN}", timeout=120) as answer:
        page = answer.read().decode()
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
    xsrf = {cookie.name: cookie.value for cookie in jar}.get("_xsrf")
    assert xsrf, "the app page set no _xsrf cookie, so its close call will be refused"
    # The page's kernel, and the warm kernel Voila starts in place of the one the page took.
    assert wait_for_kernel_count(voila, WARM_POOL + 1) == WARM_POOL + 1
    body = urllib.parse.urlencode({"_xsrf": xsrf}).encode()
    with opener.open(urllib.request.Request(f"{voila.base_url}/voila/api/shutdown/{kernel_id}",
                                            data=body, method="POST"), timeout=30) as answer:
        assert answer.status == 204
    assert wait_for_kernels(voila, WARM_POOL) <= WARM_POOL, "the page's kernel kept running"


def test_fifty_loads_and_closes_leave_at_most_the_warm_pool(browser, voila):
    most = 0
    for _ in range(LOADS):
        open_and_close(browser, voila, PROBE, ".load-probe")
        most = max(most, len(kernels(voila)))
    left = wait_for_kernels(voila, WARM_POOL)
    assert left <= WARM_POOL, (f"{left} kernels still run after {LOADS} loads and closes "
                               f"(warm pool {WARM_POOL}; most at once {most})")
    # The closes kept up with the loads: no pile of kernels while people came and went.
    assert most <= WARM_POOL + 2, f"{most} kernels at once during {LOADS} loads one after another"


@pytest.fixture()
def shared_voila(tmp_path, output_dir):
    """Voila set up as on a server people reach from other computers."""
    server = start_voila(tmp_path, output_dir, "voila-shared", "--CrampkitKernelManager.separate_visitors=yes")
    try:
        yield server
    finally:
        server.stop()


def _visit_folders(server: Server) -> dict[int, str]:
    """Each running kernel's data folder (a kernel that ends while it is read is left out)."""
    folders = {}
    for pid in kernels(server):
        try:
            folders[pid] = kernel_env(pid).get("CRAMPKIT_HOME", "")
        except OSError:  # it ended between the two looks at /proc
            continue
    return folders


def test_two_visitors_of_a_shared_server_never_see_each_others_diary(browser, shared_voila):
    """Ann adds a cramp to the diary; Ben, on another computer at the same time, opens the
    diary and sees none of hers. Each page has its own private folder, gone when it closes."""
    table, add = ".crampkit-diary-table", ".crampkit-diary-add"
    pages = []
    for _ in ("ann", "ben"):
        context = browser.new_context(viewport=WIDE)
        block_the_internet(context)
        pages.append(context.new_page())
    ann, ben = pages
    try:
        open_page(ann, f"{shared_voila.base_url}/voila/render/{DIARY}", shared_voila,
                  timeout_ms=APP_TIMEOUT_MS)
        ann.locator(add).first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        rows_before = ann.locator(f"{table} tr").count()
        ann.locator(add).first.click()
        ann.wait_for_function("([s, n]) => document.querySelectorAll(s + ' tr').length > n",
                              arg=[table, rows_before], timeout=30_000)
        ann_text = ann.locator(table).first.inner_text()

        open_page(ben, f"{shared_voila.base_url}/voila/render/{DIARY}", shared_voila,
                  timeout_ms=APP_TIMEOUT_MS)
        ben.locator(add).first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        assert ben.locator(f"{table} tr").count() == rows_before, (
            f"Ben's diary shows Ann's cramp:\n{ben.locator(table).first.inner_text()}\n"
            f"(Ann's: {ann_text})")

        folders = _visit_folders(shared_voila)
        homes = [home for home in folders.values() if home]
        assert len(homes) == len(folders) and len(set(homes)) == len(homes), folders
        for home in homes:
            mode = stat.S_IMODE(os.stat(home).st_mode)
            assert mode == 0o700, f"{home} is open to others ({oct(mode)})"
    finally:
        for page in pages:
            close_window(page)
            page.context.close()
    assert wait_for_kernels(shared_voila, WARM_POOL) <= WARM_POOL
    deadline = time.monotonic() + 30  # a folder goes just after its kernel, which a busy machine shows
    while True:
        left = {home for home in homes if os.path.exists(home)}
        warm = set(_visit_folders(shared_voila).values())
        if left <= warm or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert left <= warm, f"closed pages left their folders behind: {sorted(left - warm)}"


@pytest.fixture()
def quick_cull_voila(tmp_path, output_dir):
    """Voila whose idle kernels are culled after 10 s (voila.json says 15 minutes)."""
    server = start_voila(tmp_path, output_dir, "voila-cull", "--MappingKernelManager.cull_idle_timeout=10",
                         "--MappingKernelManager.cull_interval=2")
    try:
        yield server
    finally:
        server.stop()


def test_a_page_lost_without_its_close_call_is_culled_but_the_warm_pool_stays(browser, quick_cull_voila):
    """A browser that crashes or loses the network never sends the close call: its idle
    kernel is culled. The warm kernels waiting for the next visitors are never culled."""
    server = quick_cull_voila
    assert wait_for_kernel_count(server, WARM_POOL) == WARM_POOL
    context = browser.new_context(viewport=WIDE)
    block_the_internet(context)
    page = context.new_page()
    open_page(page, f"{server.base_url}/voila/render/{DIARY}", server, timeout_ms=APP_TIMEOUT_MS)
    page.locator(".crampkit-diary-add").first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
    # The warm pool refills (Voila waits a second, then starts a kernel: longer when busy).
    assert wait_for_kernel_count(server, WARM_POOL + 1) == WARM_POOL + 1
    page.close(run_before_unload=False)  # no "beforeunload": no close call, as in a crash
    context.close()
    assert wait_for_kernels(server, WARM_POOL, timeout=60) == WARM_POOL, "the lost page's kernel was never culled"
    time.sleep(15)  # longer than the idle time: the warm kernels have been idle all along
    assert len(kernels(server)) == WARM_POOL, "the warm pool was culled"
    assert "Culling" in server.log_tail(20_000)


def test_voilas_own_pages_fetch_nothing_from_outside(browser, voila):
    """The list of notebooks and a "not found" page (Voila links Font Awesome from a CDN)."""
    context = browser.new_context(viewport=WIDE)
    outside = block_the_internet(context)
    try:
        page = context.new_page()
        for path in ("/", "/voila/tree/apps", "/voila/render/no-such-notebook.ipynb"):
            open_page(page, voila.base_url + path, voila, timeout_ms=60_000, wait_until="load")
            page.wait_for_timeout(1_000)
    finally:
        context.close()
    assert not outside, f"Voila's pages asked the internet for {sorted(set(outside))}"
