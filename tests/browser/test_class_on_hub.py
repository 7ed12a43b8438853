"""A whole class on a real JupyterHub: answers reach the teacher by themselves.

The test starts JupyterHub on loopback with configurable-http-proxy (installed by
``npm ci`` in ``deploy/hub/``), a test authenticator and a local spawner that runs each
user's server as a real system user ``jupyter-<name>`` with their own home, as The Littlest
JupyterHub does. It loads crampkit's own TLJH settings (``deploy/tljh/``), swapping only the
survey folder for a temporary drop folder made by ``crampkit.classroom.make_drop_folder``.

1. A teacher and five students log in (each in their own browser context).
2. Each student follows the survey link the teacher hands out: the hub's class apps service
   (``crampkit-apps``, one Voila for the class, run as its own account; the students start
   no server) signs them in through the hub and opens the survey form.
3. Each student answers; the answer reaches the class folder through the survey collector
   (the hub's managed service, run as its own account), with no copying by anyone and no
   file owned by a student; the apps service names the student to the collector only, so a
   second answer from the same student is refused. Each student also follows the
   nbgitpuller link (a local git copy of this checkout) to the diary app in their own server
   and adds an entry (their own saved data).
4. The teacher opens the educators' guide (notebook 10) the same way; its class survey page
   counts the answers by itself, closes the survey by a button, and shows the class with the
   small-group rules applied.
5. No student can read another's answer, saved details or diary: file modes, homes, and a
   real attempt as the other student's uid.

Needs root (real users), Debian's Chromium, ``jupyterhub`` and ``nbgitpuller`` (the test
extras) and ``deploy/hub/node_modules`` (``make .venv/.test`` runs ``npm ci``). Where one is
missing it skips saying which; with ``CI`` set it fails instead (never skipped in CI).
"""
from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crampkit import classroom
from crampkit.classroom import teacher as teaching

from .conftest import LOOPBACK, _missing
from .helpers import CHROMIUM, REPO, SlowPage, _note_slow_page
from .servers import Server, free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from system_users import ROOT, missing_tools, python_as, system_users  # noqa: E402

PROXY = REPO / "deploy" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_CONFIG = REPO / "deploy" / "hub" / "jupyterhub_config.py"
TIMEOUT_MS = 240_000  # a server start on a busy 2-core machine, then a kernel
TAG = f"{os.getpid() % 10000:04d}"
TEACHER = f"teacher{TAG}"
COLLECTOR = f"cksurvey{TAG}"  # the collector's service account (crampkit-survey on TLJH)
APPS_ACCOUNT = f"ckapps{TAG}"  # the class apps service's account (crampkit-apps on TLJH)
# Five students: one is 17-18 and one is 11-13, groups too small to show alone.
ANSWERS = [
    {"age": "14-16 years", "exercise": "None", "drinks": "About 1 litre (4 glasses)",
     "often": "Never", "when": []},
    {"age": "14-16 years", "exercise": "1 to 2.5 hours a week",
     "drinks": "About 2 litres (8 glasses)", "often": "About once a week", "when": [0]},
    {"age": "14-16 years", "exercise": "Less than 1 hour a week",
     "drinks": "About 1.5 litres (6 glasses)", "often": "About once a month", "when": [0, 1]},
    {"age": "17-18 years", "exercise": "2.5 to 5 hours a week",
     "drinks": "About 2.5 litres (10 glasses)", "often": "Never", "when": []},
    {"age": "11-13 years", "exercise": "More than 5 hours a week",
     "drinks": "About 2 litres (8 glasses)", "often": "Several times a week", "when": [2, 3]},
]
STUDENTS = [f"student{TAG}{n}" for n in range(1, len(ANSWERS) + 1)]
SURVEY_APP = "apps/class_survey.ipynb"
DIARY_APP = "apps/diary.ipynb"
GUIDE = "10_for_educators.ipynb"


def system_name(hub_name: str) -> str:
    return "jupyter-" + hub_name


def _requirements() -> None:
    if not ROOT:
        _missing("the class-on-a-hub test makes real system users, which needs root "
                 "(CI runs as root)")
    if missing_tools():
        _missing(f"missing {', '.join(missing_tools())} (apt-get install passwd acl)")
    for module in ("jupyterhub", "nbgitpuller"):
        try:
            __import__(module)
        except ImportError:
            _missing(f"{module} is not installed: pip install -e '.[test]'")
    if not PROXY.exists():
        _missing(f"{PROXY} is missing: run `npm ci` in deploy/hub (make .venv/.test does)")
    if not shutil.which("node"):
        _missing("Node.js is missing (configurable-http-proxy runs on it): apt-get install nodejs")
    if not shutil.which("git"):
        _missing("git is missing (nbgitpuller uses it)")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: apt-get install chromium")


def _world_readable_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(folder, 0o755)
    return folder


def _git_copy_of_checkout(target: Path) -> Path:
    """A git repository (branch main, one commit) holding this checkout's files as they are
    now, so nbgitpuller serves the notebooks under test."""
    repo = target / "crampkit"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git = ["git", "-c", "user.name=crampkit test", "-c", "user.email=test@localhost",
           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "class"]):
        subprocess.run([*git, *command], cwd=repo, check=True, capture_output=True)
    bare = target / "remote" / "crampkit"  # what students' servers clone, as from a host
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(bare)], check=True,
                   capture_output=True)
    # git refuses a repository folder owned by another user (here root's local copy) unless
    # the reader's git settings name it; a real hub clones over https, where this does not arise.
    (target / "gitconfig").write_text(f"[safe]\n\tdirectory = {bare}\n")
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
    return bare


def run_as(user: str, code: str, *args: str) -> subprocess.CompletedProcess:
    return python_as(user, code, *args, timeout=60)


def _end_processes_of(users: list[str]) -> None:
    """Stop every process of the test's own service accounts ``users`` (SIGTERM, then SIGKILL)."""
    import signal

    uids = {pwd.getpwnam(user).pw_uid for user in users}
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except OSError:
                continue
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        if not pids:
            return
        time.sleep(3)


@contextlib.contextmanager
def running_class_hub(teacher: str, students: list[str], log_path: Path):
    """Users, a drop folder, a git copy of this checkout and a running hub (as root)."""
    teachers_group = f"ckteach{os.getpid() % 10000:04d}"
    names = [system_name(n) for n in [teacher, *students]] + [COLLECTOR, APPS_ACCOUNT]
    with system_users(names, groups=[teachers_group], homes=True,
                      member_of={system_name(teacher): [teachers_group]},
                      reach=[REPO, PROXY]):
        shared = _world_readable_folder("crampkit-hub-shared-")
        copy = _world_readable_folder("crampkit-hub-repo-")
        run = Path(tempfile.mkdtemp(prefix="crampkit-hub-run-"))
        try:
            drop = classroom.make_drop_folder(shared / "class-survey",
                                              teacher=system_name(teacher),
                                              teacher_group=teachers_group,
                                              collector_account=COLLECTOR)
            repo = _git_copy_of_checkout(copy)
            port = free_port()
            password = secrets.token_urlsafe(12)
            env = dict(os.environ)
            env.update({
                "CRAMPKIT_HUB_REPO": str(REPO), "CRAMPKIT_HUB_DIR": str(run),
                "CRAMPKIT_HUB_CLASS_FOLDER": str(drop), "CRAMPKIT_HUB_PORT": str(port),
                "CRAMPKIT_HUB_COLLECTOR": COLLECTOR,
                "CRAMPKIT_HUB_APPS_ACCOUNT": APPS_ACCOUNT,
                "CRAMPKIT_HUB_APPS_PORT": str(free_port()),
                "CRAMPKIT_HUB_SERIES": str(repo.parent.parent / "crampkit"),
                "CRAMPKIT_HUB_API_PORT": str(free_port()),
                "CRAMPKIT_HUB_PROXY_API_PORT": str(free_port()),
                "CRAMPKIT_HUB_PASSWORD": password,
                "CRAMPKIT_HUB_USERS": ",".join([teacher, *students]),
                "CRAMPKIT_HUB_TEACHER": teacher,
                "CRAMPKIT_HUB_GIT_CONFIG": str(copy / "gitconfig"),
            })
            env.pop("CRAMPKIT_HOME", None)  # each user's own home decides where data go
            hub = Server("JupyterHub", [sys.executable, "-m", "jupyterhub", "-f",
                                        str(HUB_CONFIG)],
                         env=env, cwd=run, base_url=f"http://127.0.0.1:{port}",
                         probe_path="/hub/api", log_path=log_path)
            hub.start(timeout=120)
            try:
                yield {"hub": hub, "url": hub.base_url, "password": password, "drop": drop,
                       "repo": repo, "group": teachers_group}
            finally:
                hub.stop(grace=20)
                # A hub that stopped on an error leaves its managed services running.
                _end_processes_of([COLLECTOR, APPS_ACCOUNT])
        finally:
            shutil.rmtree(shared, ignore_errors=True)
            shutil.rmtree(run, ignore_errors=True)
            shutil.rmtree(copy, ignore_errors=True)


@pytest.fixture(scope="module")
def class_hub(browser, output_dir):
    """A running hub with the teacher and students as system users; yields a dict."""
    _requirements()
    with running_class_hub(TEACHER, STUDENTS, output_dir / "jupyterhub.log") as hub:
        yield hub


def _log_in(browser, hub: dict, name: str, home: bool = False):
    """A browser context logged in as ``name``; with ``home``, left on the hub's home page
    (otherwise the hub goes on to start the user's own server)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    blocked = []

    def handle(route):  # as block_the_internet, naming the page that asked
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
            return
        try:
            where = route.request.frame.url
        except Exception:  # a frame already gone
            where = "?"
        blocked.append(f"{url} (asked by {where})")
        route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    page.goto(f"{hub['url']}/hub/login" + ("?next=%2Fhub%2Fhome" if home else ""))
    page.fill("#username_input", name)
    page.fill("#password_input", hub["password"])
    page.click("#login_submit")
    page.wait_for_url(lambda url: "/hub/login" not in url, timeout=60_000)
    return context, page, blocked


def _pull_link(hub: dict, notebook: str) -> str:
    return classroom.nbgitpuller_link(hub["url"], f"file://{hub['repo']}", notebook)


def _wait_visible(page, selector: str, what: str, hub: dict) -> None:
    """Wait up to TIMEOUT_MS for ``selector``. A page still on the hub's "server starting"
    page after a minute is reloaded, as a student would press refresh: on a busy machine its
    progress stream can miss the "ready" event (seen once: the server started in 38 s, the
    page never moved). Reloading that page never asks for the app twice; each reload is
    reported as a SlowPage warning and in test-output/browser/slow-pages.log."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        left_ms = int((deadline - time.monotonic()) * 1000)
        try:
            page.locator(selector).first.wait_for(state="visible", timeout=max(min(left_ms, 60_000), 1))
            return
        except Exception as error:
            if "Timeout" not in type(error).__name__:
                raise
        if time.monotonic() < deadline and "/hub/spawn-pending/" in page.url:
            warnings.warn(SlowPage(f"{what}: still on the server-starting page after a minute; reloaded"),
                          stacklevel=2)
            _note_slow_page(f"{what}: reloaded the hub's server-starting page {page.url}")
            with contextlib.suppress(Exception):  # a slow reload: the wait above goes on
                page.reload(wait_until="commit", timeout=max(min(left_ms, 60_000), 1))
            continue
        if time.monotonic() < deadline:
            continue
        pytest.fail(f"{what}: {selector!r} not visible within {TIMEOUT_MS // 1000} s at "
                    f"{page.url}\nHub log ends:\n{hub['hub'].log_tail(3000)}", pytrace=False)


def _server_running(hub: dict, name: str) -> bool:
    """Does hub user ``name`` have a server running (asked as their system user's processes)?"""
    uid = pwd.getpwnam(system_name(name)).pw_uid
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                return True
        except OSError:  # a process that ended meanwhile
            continue
    return False


def _answer(page, answer: dict, expect: str = "Thank you") -> None:
    form = page.locator(".crampkit-survey-form")
    selects = form.locator("select")
    for index, key in ((0, "age"), (2, "exercise"), (3, "drinks"), (4, "often")):
        selects.nth(index).select_option(label=answer[key])
    boxes = form.locator("input[type=checkbox]")
    for index in answer["when"]:
        boxes.nth(index).check()
    page.locator(".crampkit-survey-submit").first.click()
    page.locator(".crampkit-survey-message").get_by_text(expect).wait_for(timeout=60_000)


def _data_folder(user: str) -> Path:
    """crampkit's data folder (saved details, diary) for ``user``, as their server finds it."""
    done = run_as(user, "from crampkit.diary import data_dir; print(data_dir())")
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


READ_ONE = """
import json, os, sys
out = {}
for path in sys.argv[1:]:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        out[path] = "read"
    except PermissionError:
        out[path] = "refused"
    except OSError as err:
        out[path] = f"other: {err}"
print(json.dumps(out))
"""


def test_a_class_answers_and_the_teacher_sees_the_class(class_hub, browser, output_dir):
    started = time.monotonic()
    hub, drop = class_hub, class_hub["drop"]
    contexts = []
    try:
        # 1-2. Every student logs in and follows the survey link the teacher's page hands
        # out: the hub's class apps service, no server of their own.
        survey_link = teaching.handout("hub", hub["url"]).link
        pages = []
        for name in STUDENTS:
            context, page, blocked = _log_in(browser, hub, name, home=True)
            contexts.append((context, blocked))
            page.evaluate("url => { window.location.href = url; }", survey_link)
            pages.append(page)
        # 3. Each answers in the survey app served by the class apps service.
        for name, page, answer in zip(STUDENTS, pages, ANSWERS):
            _wait_visible(page, ".crampkit-survey-submit", f"{name}'s survey app", hub)
            assert page.url.startswith(survey_link), page.url
            _answer(page, answer)
        assert not [n for n in STUDENTS if _server_running(hub, n)], "a student's server started"
        pages[0].screenshot(path=str(output_dir / "hub_survey_student.png"), full_page=True)
        # The same student again (a fresh page of the service): refused, nothing stored.
        pages[1].reload(wait_until="domcontentloaded")
        _wait_visible(pages[1], ".crampkit-survey-submit", "the survey app again", hub)
        _answer(pages[1], ANSWERS[1], expect="already answered")
        for name, page in zip(STUDENTS, pages):  # each student's own saved data: a diary
            page.evaluate("url => { window.location.href = url; }", _pull_link(hub, DIARY_APP))
        for name, page in zip(STUDENTS, pages):
            _wait_visible(page, ".crampkit-diary-add", f"{name}'s diary app", hub)
            assert f"/user/{name}/voila/render/crampkit/notebooks/{DIARY_APP}" in page.url
            home = Path(pwd.getpwnam(system_name(name)).pw_dir)
            assert (home / "crampkit" / "notebooks" / DIARY_APP).is_file(), (
                f"nbgitpuller did not put the series in {home}")
            rows = page.locator(".crampkit-diary-table tr").count()
            page.locator(".crampkit-diary-add").first.click()
            page.wait_for_function(
                "([s, n]) => document.querySelectorAll(s + ' tr').length > n",
                arg=[".crampkit-diary-table", rows], timeout=60_000)

        # The answers reached the class folder through the collector: none is visible yet
        # (the survey is open), and no file anywhere in the folder belongs to a student.
        students = {pwd.getpwnam(system_name(n)).pw_uid for n in STUDENTS}
        everything = [Path(root) / name for root, dirs, files in os.walk(drop)
                      for name in dirs + files]
        assert not [p for p in everything if p.lstat().st_uid in students]
        assert not list((drop / "answers").iterdir())
        assert classroom.collector_status(drop) == {"open": True, "answers": len(STUDENTS)}
        assert stat.S_IMODE(drop.stat().st_mode) == classroom.DROP_FOLDER_MODE

        # 4. The teacher follows the guide's link: her class survey page counts the answers
        # while the survey is open (by itself), closes it by a button, and shows the class.
        context, page, blocked = _log_in(browser, hub, TEACHER)
        contexts.append((context, blocked))
        page.goto(_pull_link(hub, GUIDE), wait_until="domcontentloaded")
        _wait_visible(page, ".crampkit-teacher-page", "the teacher's class survey page", hub)
        teacher_page = page.locator(".crampkit-teacher-page").first
        page.wait_for_function(
            "n => document.querySelector('.crampkit-teacher-count').innerText.includes("
            "`The survey is open: ${n} answers so far.`)", arg=len(STUDENTS), timeout=60_000)
        assert "School hub" in teacher_page.inner_text()  # guessed from the class folder
        assert "class_survey.ipynb" in teacher_page.inner_text()  # the link to hand out
        teacher_page.locator(".crampkit-teacher-close").first.click()
        board = teacher_page.locator(".crampkit-class-dashboard")
        board.locator("table").first.wait_for(state="visible", timeout=60_000)
        assert "closed with" in page.locator(".crampkit-teacher-count").first.inner_text()
        text = board.first.inner_text()
        assert f"{len(STUDENTS)} answers." in text
        groups = board.first.evaluate(
            "b => [...b.querySelectorAll('table tr td:first-child')].map(td => td.innerText)")
        assert "other/combined" in text
        for small in ("17-18 years", "11-13 years"):  # one student each: never shown alone
            assert small not in groups, groups
        # For the screenshot: a window tall enough for the whole dashboard (JupyterLab draws
        # only what is in view), and its three charts drawn.
        page.set_viewport_size({"width": 1280, "height": 2600})
        board.first.scroll_into_view_if_needed()
        page.wait_for_function(
            "b => [...b.querySelectorAll('.js-plotly-plot')].filter("
            "p => p.getBoundingClientRect().height > 100).length >= 3",
            arg=board.first.element_handle(), timeout=60_000)
        board.first.screenshot(path=str(output_dir / "hub_class_dashboard.png"))
        assert classroom.survey_settings(drop).closed
        # One answer per student, each owned by the collector's account (not a student),
        # readable by the teachers' group only, all with one time stamp.
        answers = sorted((drop / "answers").iterdir())
        assert len(answers) == len(STUDENTS)
        assert {p.stat().st_uid for p in answers} == {pwd.getpwnam(COLLECTOR).pw_uid}
        teachers_gid = grp.getgrnam(hub["group"]).gr_gid
        for path in answers:
            info = path.stat()
            assert stat.S_IMODE(info.st_mode) == 0o640 and info.st_gid == teachers_gid, path
        assert len({p.stat().st_mtime_ns for p in answers}) == 1
        for name in STUDENTS:  # no copy of an answer left in any home
            home = Path(pwd.getpwnam(system_name(name)).pw_dir)
            names = {p.name for p in answers}
            assert not [p for p in home.rglob("survey-*.json") if p.name in names], home
    finally:
        for context, _ in contexts:
            context.close()
    leaked = [url for _, blocked in contexts for url in blocked]
    assert not leaked, f"the pages asked the internet for: {sorted(set(leaked))}"

    # 5. Nobody reads anyone else's files: not the answers, not saved details or diaries.
    for name, other in zip(STUDENTS, STUDENTS[1:] + STUDENTS[:1]):
        home = Path(pwd.getpwnam(system_name(name)).pw_dir)
        data = _data_folder(system_name(name))
        assert home in data.parents, f"{name}'s crampkit data are not in their home: {data}"
        # The home may be open to others (Debian's useradd makes 0755 homes); crampkit's own
        # folder in it never is, and neither is any file crampkit saved.
        assert stat.S_IMODE(data.stat().st_mode) == 0o700, data
        own = [p for p in data.rglob("*") if p.is_file()]
        assert own, f"no crampkit data saved in {data}"
        for path in own:
            assert not stat.S_IMODE(path.stat().st_mode) & 0o077, f"{path} is not private"
        answers = [str(p) for p in (drop / "answers").iterdir()]
        targets = [str(data)] + [str(p) for p in own] + answers + [str(drop),
                                                                    str(drop / "answers")]
        tried = run_as(system_name(other), READ_ONE, *targets)
        assert tried.returncode == 0, tried.stderr
        assert set(json.loads(tried.stdout).values()) == {"refused"}, tried.stdout
    print(f"\nclass on a hub: {len(STUDENTS)} students and a teacher in "
          f"{time.monotonic() - started:.0f} s")
