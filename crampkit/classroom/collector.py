"""The class's survey collector: answers that no one, the teacher included, can tie to a student.

On a hub, students do not write answer files themselves (a file's owner would name its
writer, and a student could rewrite, pre-make or flood files). Instead one small process,
the *collector*, runs as its own service account (not the teacher, not a student) and
serves the class folder made by :func:`crampkit.classroom.make_drop_folder`::

    FOLDER/                  collector : teachers  2751 (others may only pass through)
      .crampkit-survey.json  0640  settings: threshold, closed?, the answers counted
      inbox.sock             0666  where students' forms send one answer each
      answers/               2750  the answers, moved here when the teacher closes
      private/               0700  collector only
        spool/               0700  answers while the survey is open

A student's form sends one answer over ``inbox.sock``; the collector checks it, writes it
into ``spool/`` under a random name and remembers (in ``spool/``, until closing) only
*that* the account answered, so each account answers once. Only the collector can write
anywhere in the folder, so a closed survey cannot change, and no student can add junk.
When a teacher (a member of the folder's group, or root) closes the survey, the collector
copies every answer into ``answers/`` under new random names, in name order, all with one
time stamp, and deletes the spool: file owner, name, time, inode number and order say
nothing about who answered or when. Students see nothing change: the only things they can
look at (the folder, ``answers/``, ``private/``) change only when the survey is made and
closed. What stays visible is said in ``docs/deploy-hub.md``.

Run by the hub: ``python -m crampkit.classroom collect FOLDER`` (a JupyterHub managed
service with ``user`` set to the service account; see ``deploy/``).

When the class's apps run as one hub service (:mod:`crampkit.hub_apps`, ``collect FOLDER
--apps-account ACCOUNT``), every form connects as that one account, so the collector takes
the student's hub name from it instead (the service sets it from the hub's sign-in; no page
can change it): still one answer per student, and from any other account a name is ignored.
"""
from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import secrets
import socket
import socketserver
import stat
import struct
import sys
import threading
import time
from pathlib import Path

from crampkit import safe_files
from crampkit.classroom.survey_model import (
    ANSWER_NAME,
    CLOSED_MESSAGE,
    MAX_FILES,
    SurveyClosed,
    SurveyError,
    SurveyResponse,
    SurveySettings,
    folder_path,
    survey_settings,
    write_settings_file,
)
from crampkit.content import message

SOCKET_NAME = "inbox.sock"
ANSWERS_DIR = "answers"
PRIVATE_DIR = "private"
SPOOL_DIR = "spool"
ANSWERED_FILE = ".answered.json"
LOCK_FILE = ".collector.lock"
MAX_REQUEST_BYTES = 4096  # one answer is about 250 bytes
CONNECTION_SECONDS = 5.0  # a client that has not sent its whole request by then is dropped
MAX_PER_ACCOUNT = 4  # connections one account may have open at once (but the apps service)
MAX_NAME = 200  # a hub name the apps service passes on
MAX_CONNECTIONS = 64  # connections open at once, all accounts together
ANSWERS_MODE = 0o2750  # set-group-id: answers made here belong to the teachers' group
ANSWER_MODE = 0o640
SETTINGS_MODE = 0o640
SOCKET_MODE = 0o666


def socket_path(folder) -> Path:
    return folder_path(folder) / SOCKET_NAME


def spool_path(folder) -> Path:
    return folder_path(folder) / PRIVATE_DIR / SPOOL_DIR


def answers_path(folder) -> Path:
    return folder_path(folder) / ANSWERS_DIR


def is_collector_folder(folder) -> bool:
    """True when ``folder`` is a hub class folder served by a collector (it has the
    ``answers`` and ``private`` sub-folders of :func:`make_drop_folder`)."""
    try:
        base = folder_path(folder)
        return all(stat.S_ISDIR(os.lstat(base / name).st_mode) for name in (ANSWERS_DIR,
                                                                               PRIVATE_DIR))
    except (OSError, SurveyError):
        return False


# --- the client: what a student's form and the teacher's dashboard call -----------------

def _connected(path: bytes, timeout: float) -> socket.socket:
    """A socket connected to the collector at ``path``. While a whole class sends at once the
    collector's queue can be full for a moment; Linux then refuses at once (EAGAIN) instead of
    waiting, so this tries again until ``timeout`` has passed."""
    deadline = time.monotonic() + timeout
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(timeout)
        try:
            conn.connect(path)
            return conn
        except BlockingIOError:
            conn.close()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.02)
        except BaseException:
            conn.close()
            raise


def _ask(folder, request: dict, timeout: float = 30.0) -> dict:
    """Send one request to the folder's collector; its reply, or :class:`SurveyError`."""
    path = socket_path(folder)
    data = (json.dumps(request) + "\n").encode("utf-8")
    try:
        with _connected(os.fsencode(path), timeout) as conn:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
            reply = _read_line(conn)
    except (FileNotFoundError, ConnectionRefusedError):
        raise SurveyError(message("collect_not_running")) from None
    except OSError as err:
        raise SurveyError(message("collect_unreachable", reason=err.strerror or err)) from None
    try:
        answer = json.loads(reply.decode("utf-8"))
    except (UnicodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        raise SurveyError(message("collect_no_reply"))
    if "error" in answer:
        kind = SurveyClosed if answer.get("closed") is True else SurveyError
        raise kind(safe_files.one_line(str(answer["error"]), 300))
    return answer


def _read_line(conn, deadline: float | None = None) -> bytes:
    """One line of at most about MAX_REQUEST_BYTES; with ``deadline`` (a monotonic time),
    ``TimeoutError`` once it passes, however slowly the other side sends."""
    chunks, size = [], 0
    while size <= MAX_REQUEST_BYTES:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the other side was too slow")
            conn.settimeout(left)
        chunk = conn.recv(MAX_REQUEST_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if b"\n" in chunk:
            break
    return b"".join(chunks).split(b"\n", 1)[0]


#: Set by the class apps service (:mod:`crampkit.hub_apps`) in a page's kernel: the hub
#: name of the student who opened it.
HUB_USER_ENV = "HTTP_X_CRAMPKIT_HUB_USER"


def send_answer(resp: SurveyResponse, folder) -> None:
    """Give one answer to the class's collector (a student's form calls this on a hub)."""
    request = {"op": "answer", "record": resp.to_record()}
    student = os.environ.get(HUB_USER_ENV, "").strip()
    if student:  # heeded only from the apps service's account (see Collector.take)
        request["student"] = student
    _ask(folder, request)


def close_with_collector(folder) -> None:
    """Ask the collector to close the survey (only a teacher or root may)."""
    _ask(folder, {"op": "close"}, timeout=120.0)


def collector_status(folder) -> dict:
    """``{"open": bool, "answers": n}`` from the collector (a teacher or root only)."""
    return _ask(folder, {"op": "status"})


# --- the collector itself ----------------------------------------------------------------

def _peer_uid(conn) -> int:
    size = struct.calcsize("3i")
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET,
                                                          socket.SO_PEERCRED, size))
    return uid


class Collector:
    """The state of one class folder's collector (one process per folder, see :func:`serve`)."""

    def __init__(self, folder, apps_uid: int | None = None):
        self.folder = folder_path(folder)
        self.apps_uid = apps_uid  # the class apps service's account, which names students
        self.spool = spool_path(self.folder)
        self.answers = answers_path(self.folder)
        self.lock = threading.Lock()
        info = os.stat(self.folder)
        self.owner, self.group = info.st_uid, info.st_gid
        self.settings = survey_settings(self.folder)
        if self.settings.closed:  # a close that stopped before clearing the spool
            self._clear_spool()
        self.answered = self._load_answered()
        self.count = (len(self.settings.answers or ()) if self.settings.closed
                      else sum(1 for _ in _spool_names(self.spool)))

    def _load_answered(self) -> set[int | str]:
        path = self.spool / ANSWERED_FILE
        if not path.exists():
            return set()
        record = safe_files.read_json(path, max_bytes=1_000_000, what=ANSWERED_FILE,
                                      folder=self.spool)
        return ({n for n in record if isinstance(n, int | str) and not isinstance(n, bool)}
                if isinstance(record, list) else set())

    def is_teacher(self, uid: int) -> bool:
        """Root, the collector's own account, or a member of the folder's (teachers') group."""
        if uid in (0, self.owner):
            return True
        try:
            entry = pwd.getpwuid(uid)
        except KeyError:
            return False
        if entry.pw_gid == self.group:
            return True
        try:
            return entry.pw_name in grp.getgrgid(self.group).gr_mem
        except KeyError:
            return False

    def handle(self, request, uid: int) -> dict:
        if not isinstance(request, dict):
            return {"error": message("collect_bad_request")}
        op = request.get("op")
        with self.lock:
            if op == "answer":
                return self.take(request.get("record"), uid, request.get("student"))
            if op in ("close", "status") and not self.is_teacher(uid):
                return {"error": message("collect_only_teacher", op=op)}
            if op == "close":
                return self.close()
            if op == "status":
                return {"open": not self.settings.closed, "answers": self.count}
        return {"error": message("collect_unknown_request")}

    def who(self, uid: int, student) -> int | str | None:
        """Who answers: the account that connected, or, from the apps service's account
        only, the hub name it gives (None: the apps service gave no usable name)."""
        if self.apps_uid is None or uid != self.apps_uid:
            return uid
        if not isinstance(student, str) or not student.strip() or len(student) > MAX_NAME:
            return None
        return f"hub:{student.strip()}"

    def take(self, record, uid: int, student=None) -> dict:
        who = self.who(uid, student)
        if who is None:
            return {"error": message("collect_no_student")}
        try:
            resp = SurveyResponse.from_record(record)
        except SurveyError as err:
            return {"error": message("collect_answer_unusable", problem=safe_files.one_line(str(err), 200))}
        if self.settings.closed:
            return {"error": CLOSED_MESSAGE, "closed": True}
        if who in self.answered:
            return {"error": message("collect_already_answered")}
        if self.count >= MAX_FILES:
            return {"error": message("collect_full", count=MAX_FILES)}
        data = (json.dumps(resp.to_record(), indent=1) + "\n").encode("utf-8")
        _write_new(self.spool, data, 0o600)
        self.count += 1
        self.answered.add(who)
        safe_files.write_private(self.spool / ANSWERED_FILE,
                                 json.dumps(sorted(self.answered, key=str)) + "\n")
        return {"ok": True}

    def close(self) -> dict:
        if self.settings.closed:
            return {"ok": True, "answers": len(self.settings.answers or ())}
        olds = sorted(_spool_names(self.spool))[:MAX_FILES]  # random names, never arrival
        fresh: set[str] = set()
        while len(fresh) < len(olds):
            fresh.add(_answer_name())
        names = []
        stamp = time.time()
        for old, name in zip(olds, sorted(fresh), strict=True):  # in new-name order, one time
            data = (self.spool / old).read_bytes()
            new = _write_new(self.answers, data, ANSWER_MODE, self.group, name)
            os.utime(new, (stamp, stamp))
            names.append(new.name)
        settings = SurveySettings(self.settings.min_group, closed=True,
                                  answers=tuple(sorted(names)))
        write_settings_file(self.folder, settings, SETTINGS_MODE, self.group)
        self.settings = settings
        self._clear_spool()
        self.answered = set()
        self.count = len(names)
        return {"ok": True, "answers": len(names)}

    def _clear_spool(self) -> None:
        """Delete the open survey's copies and the list of accounts that answered."""
        for old in list(_spool_names(self.spool)) + [ANSWERED_FILE]:
            with contextlib.suppress(FileNotFoundError):
                (self.spool / old).unlink()


def _spool_names(spool: Path):
    with os.scandir(spool) as entries:
        for entry in entries:
            if ANSWER_NAME.fullmatch(entry.name):
                yield entry.name


def _answer_name() -> str:
    return f"survey-{secrets.token_hex(8)}.json"


def _write_new(folder: Path, data: bytes, mode: int, group: int | None = None,
               name: str | None = None) -> Path:
    """A new file in ``folder`` (named ``name``, else a random answer name), written and
    synced; an existing file is never replaced."""
    while True:
        path = folder / (name or _answer_name())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:  # pragma: no cover - 64 random bits
            if name:  # left by a close that stopped half-way: never overwritten, never read
                name = None
            continue
        try:
            with os.fdopen(fd, "wb") as out:
                if group is not None and os.fstat(out.fileno()).st_gid != group:
                    os.fchown(out.fileno(), -1, group)
                os.fchmod(out.fileno(), mode)
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        conn = self.request
        uid = self.client_address  # the account the kernel says connected (see _Server)
        try:
            line = _read_line(conn, time.monotonic() + CONNECTION_SECONDS)
            try:
                request = json.loads(line.decode("utf-8")) if len(line) <= MAX_REQUEST_BYTES \
                    else None
            except (UnicodeError, ValueError):
                request = None
            try:
                reply = self.server.collector.handle(request, uid)
            except (OSError, SurveyError, safe_files.SafeFileError) as err:
                print(f"crampkit collector: {safe_files.one_line(str(err), 200)}",
                      file=sys.stderr)
                reply = {"error": message("collect_not_stored")}
            conn.sendall((json.dumps(reply) + "\n").encode("utf-8"))
        except OSError:  # the client went away or was too slow: nothing was stored for it
            pass


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """One thread per connection, at most :data:`MAX_PER_ACCOUNT` per account and
    :data:`MAX_CONNECTIONS` in all, each dropped after :data:`CONNECTION_SECONDS`: one
    student holding connections open can neither use up the collector nor keep the others
    out."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.active: dict[int, int] = {}
        self.active_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        try:
            uid = _peer_uid(request)
        except OSError:
            self.shutdown_request(request)
            return
        with self.active_lock:
            limit = MAX_CONNECTIONS if uid == self.collector.apps_uid else MAX_PER_ACCOUNT
            admitted = (self.active.get(uid, 0) < limit
                        and sum(self.active.values()) < MAX_CONNECTIONS)
            if admitted:
                self.active[uid] = self.active.get(uid, 0) + 1
        if not admitted:
            with contextlib.suppress(OSError):
                request.setblocking(False)
                request.send(_busy())
            self.shutdown_request(request)
            return
        super().process_request(request, uid)  # the handler gets the uid as its address

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.active_lock:
                self.active[client_address] -= 1
                if not self.active[client_address]:
                    del self.active[client_address]


def _busy() -> bytes:
    """The reply to a connection turned away: that account has too many open at once."""
    return (json.dumps({"error": message("collect_busy")}) + "\n").encode("utf-8")


def serve(folder, ready: threading.Event | None = None, apps_account=None) -> None:
    """Serve ``folder`` until stopped (SIGTERM/Ctrl-C). Runs as the folder's owner.
    ``apps_account`` (a name or id): the class apps service's account, whose requests name
    the student (see :meth:`Collector.who`)."""
    if not sys.platform.startswith("linux"):
        raise SurveyError(message("collect_needs_linux"))
    base = folder_path(folder)
    if not is_collector_folder(base):
        raise SurveyError(message("collect_not_class_folder", path=repr(str(base)[:200])))
    if os.stat(base).st_uid != os.geteuid():
        raise SurveyError(message("collect_not_owner"))
    import fcntl

    lock = open(base / PRIVATE_DIR / LOCK_FILE, "a")  # noqa: SIM115 - held while serving
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SurveyError(message("collect_already_served")) from None
    apps_uid = None
    if apps_account is not None:
        try:
            apps_uid = (int(apps_account) if str(apps_account).isdigit()
                        else pwd.getpwnam(str(apps_account)).pw_uid)
        except KeyError:
            raise SurveyError(message("collect_no_apps_account", account=repr(str(apps_account)[:60]))) from None
        if apps_uid in (0, os.geteuid()):
            raise SurveyError(message("collect_apps_account_own"))
    path = socket_path(base)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    server = _Server(os.fsencode(path), _Handler)
    os.chmod(path, SOCKET_MODE)
    server.collector = Collector(base, apps_uid)
    if ready is not None:
        ready.set()
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        lock.close()

