"""What a class costs: N students open the plan app through a real JupyterHub within a minute.

    sudo .venv/bin/python benchmarks/bench_class.py --students 30 --within 60
    sudo .venv/bin/python benchmarks/bench_class.py --students 30 --within 60 --servers-running
    sudo .venv/bin/python benchmarks/bench_class.py --students 30 --within 60 --route service

Uses the end-to-end test's hub (tests/browser/test_class_on_hub.py: JupyterHub on loopback,
configurable-http-proxy, each student a real system user ``jupyter-<name>`` whose own server
runs Voila), so it needs the same things: root, Debian's Chromium, ``npm ci`` in deploy/hub.
Every student logs in first; then the students arrive evenly spread over ``--within``
seconds, each following the nbgitpuller link to ``apps/plan.ipynb``. ``--browsers`` of them
(3 by default, spread evenly) use a real Chromium each; the others ask the hub exactly what a
browser asks (the login form, the link, the spawn page's wait, nbgitpuller's event stream,
the app page) but draw nothing, as their own devices would do the drawing: 30 browsers on
this 2-core machine would measure the browsers, not the hub.

* by default a cold start, as at the start of a lesson: their server starts, the series is
  copied into their home, Voila starts a kernel and runs the app. The hub starts at most 10
  servers at once (``concurrent_spawn_limit``, deploy/hub/jupyterhub_config.py); a student it
  turns away ("Too many users trying to log in right now. Try again in 50 seconds.") waits
  as long as it says and follows the link again, as a person would: that wait is counted in
  their time, and the table says how many were told to wait;
* with ``--servers-running``, their servers were started before the clock (as when students
  logged in earlier, or a teacher starts the servers ahead); the link copies the series and
  Voila starts a kernel. (Voila's preheated kernels exist only in the stand-alone ``voila``
  command; inside a hub Voila runs as a server extension, which has none.)

* with ``--route service``, the class apps run once for everyone as the hub's
  ``crampkit-apps`` service (:mod:`crampkit.hub_apps`: one Voila with warm kernels, students
  signed in by the hub, no student server started at all); the link is the service's page
  of the app. The service is warm before the clock (as it is from the hub's start). Memory
  is then the service account's (Voila and every kernel, warm or taken), shared out per
  student; each student without a browser, once their page has arrived and stayed open
  ``--page-open`` seconds, closes it as a browser does (the page's "page closed" call), so
  the memory after the run shows what closing gives back.

Measured for each student, and written as it happens (``benchmarks/results/class-*.jsonl``,
one line per student, so a run stopped early keeps what it saw): seconds from following the
link until (1) the app page has arrived (``page_s``: its app cell has run; for a student
without a browser, its last byte), with ``first_look_s`` the same moment when the page
already holds the first look's chart (a student with saved details); in the browsers,
(2) the live app is ready (its age box drawn), (3) the chart is on screen (``chart_s``: a new
student, whose plan starts when the age is typed, types it at once) and (4) after typing
another age, the plan is redrawn.
Memory: the resident set of each student's processes (server and kernel), sampled every few
seconds (the peak), and again once the pages are closed and the servers sit idle (what
jupyterhub-idle-culler gives back when it stops an idle server). The few browsers run on
the same 2 cores as the hub, so their times are pessimistic for a class whose students bring
their own devices. Prints a Markdown table and writes ``benchmarks/results/class-<label>.json``.
A measurement, not a test (``make bench`` leaves it out: it takes minutes and needs root).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import pwd
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import benchmarks  # noqa: E402,F401  (``tests`` is the repository's folder, see benchmarks/__init__.py)

APP = "apps/plan.ipynb"
SERVICE = "crampkit-apps"
FIRST_LOOK = ".crampkit-first-look-chart svg"
FIRST_LOOK_CHART = "crampkit-first-look-chart"
# The app's cell has run and its output (the live app) is in the page, for the browser to draw.
APP_IN_PAGE = "application/vnd.jupyter.widget-view+json"
STUDENT_AGE = "15"
LIVE_CHART = ".crampkit-causes-chart svg"  # the apps draw their chart as an inline SVG
AGE = ".crampkit-plan-age input"
NEW_AGE = "72"


def cases():  # run.py: this benchmark runs on its own (root, minutes), never in `make bench`
    return []


def _memory_mb(user: str) -> float:
    """Resident memory of every process of system user ``user``, in MB."""
    uid = pwd.getpwnam(user).pw_uid
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid and "VmRSS" in fields:
            total_kb += int(fields["VmRSS"].split()[0])
    return total_kb / 1024


async def _log_in(browser, hub: dict, name: str):
    from tests.browser.conftest import LOOPBACK

    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)

    async def offline(route):  # as the tests: nothing but this machine
        from urllib.parse import urlsplit
        if route.request.url.startswith(("data:", "blob:")) or \
                urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", offline)
    page = await context.new_page()
    # To the hub's home page after logging in: the hub would otherwise start the server now.
    await page.goto(f"{hub['url']}/hub/login?next=%2Fhub%2Fhome")
    await page.fill("#username_input", name)
    await page.fill("#password_input", hub["password"])
    await page.click("#login_submit")
    await page.wait_for_url(lambda url: "/hub/login" not in url, timeout=120_000)
    if "/hub/home" not in page.url:
        raise RuntimeError(f"{name}: the hub sent the student to {page.url}, not /hub/home")
    return context, page


def _http_start_server(hub: dict, name: str, session) -> None:
    """Start ``name``'s server before the clock, as for a student who logged in earlier;
    wait until it answers (the hub shows its spawn page until then)."""
    from urllib.parse import urlsplit

    start = time.monotonic()
    session.get(f"{hub['url']}/hub/spawn/{name}", timeout=600)
    while time.monotonic() - start < 600:
        answer = session.get(f"{hub['url']}/user/{name}/lab", timeout=600)
        if answer.status_code == 200 and urlsplit(answer.url).path.endswith(f"/user/{name}/lab"):
            return
        time.sleep(2)
    raise TimeoutError(f"{name}'s server did not start within 600 s")


async def _start_server(name: str, session, page, hub: dict) -> None:
    if page is None:
        await asyncio.to_thread(_http_start_server, hub, name, session)
        return
    await page.goto(f"{hub['url']}/hub/spawn/{name}", wait_until="commit")
    await page.wait_for_url(lambda url: f"/user/{name}/lab" in url, timeout=600_000)
    await page.goto("about:blank")


BUSY = "Too many users trying to log in"


def _wait_asked(text: str) -> int:
    """Seconds the hub's "Too many users ... Try again in 50 seconds." page asks to wait."""
    words = text.split()
    return next((int(w) for w, nxt in zip(words, words[1:], strict=False)
                 if w.isdigit() and nxt.startswith("second")), 30)


def _http_log_in(hub: dict, name: str):
    """A requests session logged in as ``name`` (the hub's own login form, with its _xsrf)."""
    import re

    import requests

    session = requests.Session()
    form = session.get(f"{hub['url']}/hub/login", timeout=120).text
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form)
    data = {"username": name, "password": hub["password"]}
    if xsrf:
        data["_xsrf"] = xsrf.group(1)
    done = session.post(f"{hub['url']}/hub/login?next=%2Fhub%2Fhome", data=data, timeout=120)
    if "/hub/home" not in done.url:
        raise RuntimeError(f"{name}: logging in ended at {done.url}")
    return session


def _http_student(hub: dict, name: str, session, link: str, timeout_s: float, row: dict) -> None:
    """What a student's browser asks of the hub, without drawing: follow the link, wait while
    the server starts (as the spawn page does), let nbgitpuller copy the series (its event
    stream, as its page does), then load the app page; the first look (with the chart)
    is in that page, so the time its last byte arrives is when the chart is on screen."""
    from urllib.parse import parse_qs, urlsplit

    start = time.monotonic()
    while True:
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"no app page within {timeout_s:g} s")
        answer = session.get(link, timeout=timeout_s)
        if answer.status_code == 429 or BUSY in answer.text:
            wait = _wait_asked(answer.text)
            row["told_to_wait_s"] = row.get("told_to_wait_s", 0) + wait
            time.sleep(wait)
            continue
        if "/hub/spawn-pending/" in answer.url:
            time.sleep(1)  # the spawn page follows the server's progress, then goes on
            continue
        break
    if "/git-pull" not in answer.url:
        raise RuntimeError(f"expected nbgitpuller's page, got {answer.status_code} {answer.url}")
    query = parse_qs(urlsplit(answer.url).query)
    with session.get(f"{hub['url']}/user/{name}/git-pull/api",
                     params={"repo": query["repo"][0], "branch": query["branch"][0]},
                     stream=True, timeout=timeout_s) as events:
        text = "".join(chunk for chunk in events.iter_content(None, decode_unicode=True))
    if '"finished"' not in text:
        raise RuntimeError(f"nbgitpuller did not finish: {text[-300:]}")
    page = session.get(f"{hub['url']}/user/{name}/{query['urlpath'][0]}", timeout=timeout_s)
    if page.status_code != 200 or APP_IN_PAGE not in page.text:
        raise RuntimeError(f"app page without the app: {page.status_code} {page.url}")
    row["page_s"] = round(time.monotonic() - start, 2)
    if FIRST_LOOK_CHART in page.text:
        row["first_look_s"] = row["page_s"]


def _http_service_student(hub: dict, session, link: str, timeout_s: float, row: dict,
                          page_open_s: float) -> None:
    """What a student's browser asks of the apps service: the app page (the hub signs the
    student in to the service on the way, by its OAuth redirects); the chart is in the page,
    so the time its last byte arrives is when it is on screen. Then, after ``page_open_s``,
    the "page closed" call a browser makes (so the kernel is given back)."""
    import re

    start = time.monotonic()
    page = session.get(link, timeout=timeout_s)
    if page.status_code != 200 or APP_IN_PAGE not in page.text:
        raise RuntimeError(f"app page without the app: {page.status_code} {page.url}")
    row["page_s"] = round(time.monotonic() - start, 2)
    if FIRST_LOOK_CHART in page.text:
        row["first_look_s"] = row["page_s"]
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.text) or \
        re.search(r"kernel_id\W+([0-9a-f-]{36})", page.text)
    time.sleep(page_open_s)
    if kernel:
        # The service's own _xsrf cookie (the hub has one of the same name for /hub/).
        xsrf = next((c.value for c in session.cookies if c.name == "_xsrf"
                     and (c.path or "").startswith(f"/services/{SERVICE}")), "")
        closed = session.post(f"{hub['url']}/services/{SERVICE}/voila/api/shutdown/"
                              f"{kernel.group(1)}", params={"_xsrf": xsrf}, timeout=60)
        row["page_closed"] = closed.status_code
    else:
        row["page_closed"] = "no kernel id in the page"


async def _student(n: int, who, link: str, arrive_at: float, timeout_s: float, hub: dict,
                   record, args=None) -> None:
    await asyncio.sleep(max(0.0, arrive_at - time.monotonic()))
    name, session, page = who
    row: dict = {"student": n, "browser": page is not None}
    start = time.monotonic()
    row["arrived_s"] = round(start - record.clock, 1)
    if page is None:
        try:
            if args is not None and args.route == "service":
                await asyncio.to_thread(_http_service_student, hub, session, link, timeout_s,
                                        row, args.page_open)
            else:
                await asyncio.to_thread(_http_student, hub, name, session, link, timeout_s,
                                        row)
        except Exception as error:  # noqa: BLE001 - a student who never saw it is a result too
            row["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        record(row)
        return
    try:
        busy = page.get_by_text(BUSY)
        while True:
            await page.goto(link, wait_until="commit", timeout=timeout_s * 1000)
            await page.locator(FIRST_LOOK).or_(page.locator(AGE)).or_(busy).first.wait_for(
                state="visible", timeout=timeout_s * 1000)
            if not await busy.count():
                break
            # The hub is starting as many servers as it allows at once: like a student, read
            # how long it asks to wait ("Try again in 50 seconds."), wait, and follow the link again.
            wait = _wait_asked(await busy.first.inner_text())
            row["told_to_wait_s"] = row.get("told_to_wait_s", 0) + wait
            await asyncio.sleep(wait)
        row["page_s"] = round(time.monotonic() - start, 2)
        if await page.locator(FIRST_LOOK).count():
            row["first_look_s"] = row["page_s"]
        box = page.locator(AGE).first
        await box.wait_for(state="visible", timeout=timeout_s * 1000)
        row["live_app_s"] = round(time.monotonic() - start, 2)
        if not await page.locator(LIVE_CHART).count():
            # A new student (no saved details): the plan and its chart start once the age is
            # typed, as the page asks; "chart on screen" is then, counted from the link.
            await box.fill(STUDENT_AGE)
            await box.press("Tab")
        await page.locator(LIVE_CHART).first.wait_for(state="visible", timeout=timeout_s * 1000)
        row["chart_s"] = round(time.monotonic() - start, 2)
        banner = page.locator(".crampkit-urgency-banner")
        asked = time.monotonic()
        await box.fill(NEW_AGE)
        await box.press("Tab")
        await banner.get_by_text(f"age {NEW_AGE}").first.wait_for(timeout=timeout_s * 1000)
        await page.locator(LIVE_CHART).first.wait_for(state="visible", timeout=timeout_s * 1000)
        row["redraw_s"] = round(time.monotonic() - asked, 2)
    except Exception as error:  # noqa: BLE001 - a student who never saw it is a result too
        row["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    record(row)


class Recorder:
    """Appends each student's row to a JSON-lines file and prints it, as it happens."""

    def __init__(self, path: Path):
        self.path, self.rows, self.clock = path, [], time.monotonic()
        path.write_text("")

    def __call__(self, row: dict) -> None:
        self.rows.append(row)
        with self.path.open("a") as out:
            out.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)


async def _sample_memory(users: list[str], peak: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        for user in users:
            peak[user] = max(peak.get(user, 0.0), _memory_mb(user))
        try:
            await asyncio.wait_for(stop.wait(), timeout=3)
        except TimeoutError:
            pass


def _kernels(user: str) -> int:
    """How many Jupyter kernels system user ``user`` runs."""
    uid = pwd.getpwnam(user).pw_uid
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid and \
                    b"ipykernel_launcher" in (entry / "cmdline").read_bytes():
                count += 1
        except OSError:
            continue
    return count


def _wait_warm(user: str, pool: int, timeout_s: float = 600) -> None:
    """Wait until the apps service holds its warm kernels (``pool`` for the plan app, one
    for the diary) and has settled, as it has long before a lesson."""
    start = time.monotonic()
    while _kernels(user) < pool + 1:
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"the apps service has {_kernels(user)} warm kernels after "
                               f"{timeout_s:g} s")
        time.sleep(2)
    time.sleep(20)  # the warm kernels finish running the apps


def _median(values):
    return round(statistics.median(values), 2) if values else None


def _worst(values):
    return round(max(values), 2) if values else None


async def _run(args, hub, students, recorder) -> dict:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.browser.helpers import CHROMIUM
    from tests.browser.test_class_on_hub import APPS_ACCOUNT, _pull_link, system_name

    service = args.route == "service"
    users = [APPS_ACCOUNT] if service else [system_name(name) for name in students]
    step = max(1, len(students) // max(1, args.browsers)) if args.browsers else 0
    in_browser = {n for n in range(0, len(students), step)} if step else set()
    async with async_playwright() as playwright:
        # A real browser for a few students (one Chromium each, as each brings their own
        # device: one Chromium's contexts share its connections, at most 6 to one host, and
        # the hub's spawn pages hold one open each). The others ask the hub exactly what a
        # browser asks but draw nothing: their drawing happens on their own devices, and 30
        # browsers on this 2-core machine would measure the browsers, not the hub.
        browsers, who = [], []
        for n, name in enumerate(students):  # one after another, as students logging in
            if n in in_browser:
                browsers.append(await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS))
                who.append((name, None, (await _log_in(browsers[-1], hub, name))[1]))
            else:
                who.append((name, await asyncio.to_thread(_http_log_in, hub, name), None))
        if service:
            await asyncio.to_thread(_wait_warm, APPS_ACCOUNT, args.pool)
        if args.servers_running and not service:
            await asyncio.gather(*(_start_server(*one, hub) for one in who))
            await asyncio.sleep(10)  # let the machine settle after the starts
        before = {user: _memory_mb(user) for user in users}
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        link = (f"{hub['url']}/services/{SERVICE}/voila/render/{APP}" if service
                else _pull_link(hub, APP))
        gap = args.within / max(1, len(students) - 1)
        peak: dict[str, float] = {}
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_memory(users, peak, stop))
        recorder.clock = time.monotonic()
        await asyncio.gather(*(_student(n, one, link, recorder.clock + n * gap,
                                        args.timeout, hub, recorder, args)
                               for n, one in enumerate(who)))
        stop.set()
        await sampler
        for _name, _session, page in who:  # closing the page (its "page closed" call)
            if page is not None:
                with contextlib.suppress(Exception):
                    await page.goto("about:blank")
        for browser in browsers:
            await browser.close()
    await asyncio.sleep(args.idle_after)  # pages closed: the servers sit idle
    idle = {user: _memory_mb(user) for user in users}
    load = {"before": load_before, "after": Path("/proc/loadavg").read_text().split()[:3]}
    service = None
    if args.route == "service":
        service = {"before_clock": round(sum(before.values())),
                   "peak": round(sum(peak.values())),
                   "after_pages_closed": round(sum(idle.values())),
                   "kernels_after_pages_closed": _kernels(users[0])}
    return {"before": before, "peak": peak, "idle": idle, "load": load, "service": service}


def summary(args, rows: list[dict], memory: dict) -> dict:
    def column(key):
        return [row[key] for row in rows if key in row]

    peak = list(memory["peak"].values())
    idle = list(memory["idle"].values())
    before = list(memory["before"].values())
    if args.route == "service":  # one account holds everything: shared out per student
        share = max(1, len(rows))
        peak, idle, before = ([sum(values) / share] for values in (peak, idle, before))
    return {
        "route": args.route, "warm_kernels": args.pool if args.route == "service" else None,
        "load_average_before_after": memory.get("load"),
        "service_mb": memory.get("service"),
        "when": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
        "students": len(rows), "arrived_within_s": args.within,
        "servers_running_before": bool(args.servers_running),
        "saw_the_chart": len(column("first_look_s")), "live_app_ready": len(column("live_app_s")),
        "page_s": {"median": _median(column("page_s")), "worst": _worst(column("page_s"))},
        "chart_after_typing_age_s": {"median": _median(column("chart_s")),
                                     "worst": _worst(column("chart_s"))},
        "first_look_s": {"median": _median(column("first_look_s")),
                         "worst": _worst(column("first_look_s"))},
        "live_app_s": {"median": _median(column("live_app_s")),
                       "worst": _worst(column("live_app_s"))},
        "redraw_s": {"median": _median(column("redraw_s")), "worst": _worst(column("redraw_s"))},
        "errors": [row["error"] for row in rows if "error" in row],
        "told_to_wait": {"students": len(column("told_to_wait_s")),
                         "seconds_median": _median(column("told_to_wait_s"))},
        "memory_mb_per_student": {
            "before_clock_median": round(statistics.median(before)) if before else None,
            "peak_median": round(statistics.median(peak)) if peak else None,
            "peak_max": round(max(peak)) if peak else None,
            "idle_median": round(statistics.median(idle)) if idle else None,
        },
        "memory_mb_all_students_peak_sum": round(sum(peak)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--within", type=float, default=60.0, help="arrival window, seconds")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="a student gives up waiting after this many seconds")
    parser.add_argument("--servers-running", action="store_true",
                        help="start every student's server before the clock")
    parser.add_argument("--browsers", type=int, default=3,
                        help="how many of the students use a real Chromium (spread evenly)")
    parser.add_argument("--route", choices=("servers", "service"), default="servers",
                        help="servers: each student's own server (nbgitpuller link); service: "
                             "the hub's crampkit-apps service (one Voila for the class)")
    parser.add_argument("--pool", type=int, default=8,
                        help="with --route service: warm kernels for the plan app")
    parser.add_argument("--page-open", type=float, default=30.0,
                        help="with --route service: seconds a student without a browser keeps "
                             "the page open before closing it")
    parser.add_argument("--idle-after", type=float, default=20.0,
                        help="seconds after the pages close before the idle memory is read")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("bench_class: needs root (it makes a system user for each student)")
        return 2
    # Stopped from outside (timeout, Ctrl-C): still stop the hub and remove the users.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    from tests.browser.test_class_on_hub import running_class_hub

    tag = f"{os.getpid() % 10000:04d}"
    students = [f"b{tag}s{n:02d}" for n in range(args.students)]
    label = f"{args.students}{'-running' if args.servers_running else '-cold'}"
    if args.route == "service":
        label = f"{args.students}-service"
        os.environ["CRAMPKIT_HUB_APPS_POOL"] = str(args.pool)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    recorder = Recorder(out / f"class-{label}.jsonl")
    with running_class_hub(f"b{tag}teacher", students, out / "class-hub.log") as hub:
        memory = asyncio.run(_run(args, hub, students, recorder))
    result = summary(args, sorted(recorder.rows, key=lambda r: r["student"]), memory)
    (out / f"class-{label}.json").write_text(json.dumps(result, indent=2))
    m = result["memory_mb_per_student"]
    print("| students | servers | app page (median / worst) | live app (median / worst) "
          "| chart, age typed (median / worst) "
          "| redraw (median / worst) | memory per student (peak median / max; idle) "
          "| told to wait | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {result['students']} in {args.within:g} s | "
          f"{'service' if args.route == 'service' else 'running' if args.servers_running else 'cold'}"
          " | "
          f"{result['page_s']['median']} / {result['page_s']['worst']} s | "
          f"{result['live_app_s']['median']} / {result['live_app_s']['worst']} s | "
          f"{result['chart_after_typing_age_s']['median']} / "
          f"{result['chart_after_typing_age_s']['worst']} s | "
          f"{result['redraw_s']['median']} / {result['redraw_s']['worst']} s | "
          f"{m['peak_median']} / {m['peak_max']} MB; {m['idle_median']} MB | "
          f"{result['told_to_wait']['students']} | {len(result['errors'])} |")
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
