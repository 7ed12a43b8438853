"""What the teacher's page does, as plain functions: start a survey, count the answers while
it is open, close it, start again, and the link and steps to hand students.

The page itself (:mod:`crampkit.widgets.teacher`) only calls these. The count while a survey
is open is the number of answers and nothing else: no answer is read before closing, so no
view of an open survey can show a group at all.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "class"
>>> survey_status(folder).text
'No survey yet: press "Start the survey".'
>>> start_survey(folder).text
'The survey is open: 0 answers so far.'
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from crampkit.classroom.lessons import binder_app_link
from crampkit.classroom.survey import (
    ANSWER_NAME,
    MAX_FILES,
    MIN_GROUP,
    SETTINGS_FILE,
    SurveyError,
    close_survey,
    create_survey,
    folder_path,
    is_drop_folder,
    scan_answers,
    survey_settings,
)
from crampkit.content import message, widget_text

#: The student form's page, relative to the repository's ``notebooks/`` folder.
STUDENT_APP = "apps/class_survey.ipynb"
#: The repository the hub's and Binder's links copy (a school may use its own copy).
DEFAULT_REPO_URL = "https://github.com/crampkit/crampkit"
#: Where the students are: the three ways of running a class survey.
WHERE = ("computer", "hub", "binder")
HUB_PLACEHOLDER = "https://YOUR-HUB-ADDRESS"
#: The hub service that serves the class apps once for everyone (``crampkit.hub_apps``,
#: ``deploy/tljh/jupyterhub_config.d/crampkit.py``): students need no server of their own.
APPS_SERVICE = "crampkit-apps"
WHERE_LABELS = {where: widget_text(f"class_where_{where}") for where in WHERE}  # data/widget_texts.csv


@dataclass(frozen=True)
class SurveyStatus:
    """Where a class survey stands: made yet? open or closed? how many answers?

    ``answers`` is None when it could not be counted (``problem`` says why).
    """

    folder: Path
    hub: bool
    exists: bool
    closed: bool
    answers: int | None
    min_group: int = MIN_GROUP
    problem: str = ""

    @property
    def text(self) -> str:
        """One plain sentence for the teacher."""
        if self.problem:
            return self.problem
        if not self.exists:
            return widget_text("class_status_none")
        count = answers_text(self.answers)
        return widget_text("class_status_closed" if self.closed else "class_status_open", answers=count)


def answers_text(n: int | None) -> str:
    if n is None:
        return widget_text("class_answers_unknown")
    return widget_text("class_answers_one") if n == 1 else widget_text("class_answers_many", count=n)


def survey_status(folder) -> SurveyStatus:
    """The state of the survey in ``folder`` and how many answers it holds.

    Counting never opens an answer: on one computer it counts answer names in one bounded
    pass over the folder; on a hub it asks the class's survey service.
    """
    target = folder_path(folder)
    if is_drop_folder(target):
        return _hub_status(target)
    try:
        is_folder = target.is_dir()
    except OSError:
        is_folder = False
    if not is_folder:
        return SurveyStatus(target, False, False, False, 0)
    settings = survey_settings(target)
    if not settings.stored:
        return SurveyStatus(target, False, False, False, 0, settings.min_group)
    if settings.closed:
        return SurveyStatus(target, False, True, True, len(settings.answers or ()),
                            settings.min_group)
    try:
        count = len(scan_answers(target, MAX_FILES).names)
    except SurveyError as err:  # the folder cannot be listed: the system's reason, as before
        reason = getattr(err.__cause__, "strerror", None) or err.__cause__ or err
        return SurveyStatus(target, False, True, False, None, settings.min_group,
                            message("teacher_count_failed", reason=reason))
    return SurveyStatus(target, False, True, False, count, settings.min_group)


def _hub_status(target: Path) -> SurveyStatus:
    from crampkit.classroom.collector import collector_status

    try:
        settings = survey_settings(target)
        min_group = settings.min_group
    except (SurveyError, OSError):
        min_group = MIN_GROUP
    try:
        reply = collector_status(target)
    except SurveyError as err:
        return SurveyStatus(target, True, True, False, None, min_group,
                            message("teacher_count_failed_hub", problem=err))
    answers = reply.get("answers")
    if isinstance(answers, bool) or not isinstance(answers, int):
        answers = None
    return SurveyStatus(target, True, True, not reply.get("open", True), answers, min_group)


def start_survey(folder, min_group: int = MIN_GROUP) -> SurveyStatus:
    """Open a survey in ``folder`` (made if needed), with its small-group threshold fixed
    now; an open survey is left as it is. A closed one is not reopened: see
    :func:`clear_closed_survey`. On a hub the class folder's survey is opened when the hub's
    administrator makes the folder."""
    target = folder_path(folder)
    if is_drop_folder(target):
        status = survey_status(target)
        if status.closed:
            raise SurveyError(message("teacher_hub_survey_closed"))
        return status
    status = survey_status(target)
    if status.closed:
        raise SurveyError(message("teacher_survey_closed"))
    if not status.exists:
        create_survey(target, min_group)
    return survey_status(target)


def finish_survey(folder) -> SurveyStatus:
    """Close the survey in ``folder`` (no more answers; results can be shown)."""
    close_survey(folder)
    return survey_status(folder)


def clear_closed_survey(folder) -> int:
    """Delete a closed survey's answers and settings on one computer; return how many
    answer files were deleted. Only crampkit's own files go: answer files and the settings
    file; anything else in the folder stays. An open survey, a hub class folder or a folder
    that is not a survey is refused, and nothing is changed."""
    target = folder_path(folder)
    if is_drop_folder(target):
        raise SurveyError(message("teacher_hub_answers"))
    status = survey_status(target)
    if not status.exists:
        raise SurveyError(message("teacher_no_survey", path=repr(str(target)[:200])))
    if not status.closed:
        raise SurveyError(message("teacher_still_open"))
    removed = 0
    with os.scandir(target) as entries:
        names = [e.name for e in entries if ANSWER_NAME.fullmatch(e.name)
                 and e.is_file(follow_symlinks=False)]
    for name in names:
        (target / name).unlink(missing_ok=True)
        removed += 1
    (target / SETTINGS_FILE).unlink(missing_ok=True)
    return removed


#: The steps under each link (an educator may edit them): ``data/handout_steps.csv``.
HANDOUT_TABLE = "handout_steps.csv"


def handout_steps(where: str, hub_address_known: bool = True) -> tuple[str, ...]:
    """The steps for ``where`` from :data:`HANDOUT_TABLE`, in order; a step shown only while
    the hub's address is unknown is left out when it is known.

    >>> handout_steps("computer")[0]
    'Students answer on this computer, one at a time.'
    >>> len(handout_steps("hub", False)) == len(handout_steps("hub")) + 1
    True
    """
    from crampkit.content import read_table

    rows = sorted((row for row in read_table(HANDOUT_TABLE) if row["where"] == where),
                  key=lambda row: int(row["step"]))
    return tuple(row["text"].replace("{placeholder}", HUB_PLACEHOLDER) for row in rows
                 if row["shown"] == "always" or not hub_address_known)


@dataclass(frozen=True)
class Handout:
    """What the teacher hands students: a link (or a command), and short steps."""

    where: str
    link: str
    steps: tuple[str, ...]


def handout(where: str, hub_url: str = "", repo_url: str = DEFAULT_REPO_URL,
            branch: str = "main") -> Handout:
    """The link and steps for students, for ``where`` in :data:`WHERE`.

    >>> handout("hub", "https://hub.example.school").link
    'https://hub.example.school/services/crampkit-apps/voila/render/apps/class_survey.ipynb'
    >>> handout("computer").link
    'voila notebooks/apps/class_survey.ipynb'
    """
    if where == "computer":
        return Handout(where, f"voila notebooks/{STUDENT_APP}", handout_steps(where))
    if where == "hub":
        if not isinstance(hub_url, str):
            raise SurveyError(message("teacher_hub_not_address", typed=repr(hub_url)[:60]))
        typed = hub_url.strip()
        if typed and not typed.startswith(("https://", "http://")):
            raise SurveyError(message("teacher_hub_not_https", typed=repr(typed[:60])))
        if not isinstance(repo_url, str):
            raise SurveyError(message("teacher_repo_not_address", typed=repr(repo_url)[:60]))
        return Handout(where, service_app_link(typed or HUB_PLACEHOLDER, STUDENT_APP),
                       handout_steps(where, bool(typed)))
    if where == "binder":
        link = binder_app_link(_github_repo(repo_url), "10_for_educators.ipynb", branch)
        return Handout(where, link, handout_steps(where))
    raise SurveyError(message("teacher_unknown_where", choices=", ".join(WHERE), typed=repr(where)[:60]))


def service_app_link(hub_url: str, app: str) -> str:
    """The page of ``app`` (relative to ``notebooks/``) in the hub's class apps service: the
    hub signs the student in, and the app opens at once, with no server of their own.

    >>> service_app_link("https://hub.example.school/", "apps/plan.ipynb")
    'https://hub.example.school/services/crampkit-apps/voila/render/apps/plan.ipynb'
    """
    return f"{hub_url.rstrip('/')}/services/{APPS_SERVICE}/voila/render/{app}"


def _github_repo(repo_url: str) -> str:
    """``owner/name`` from a GitHub address (Binder's links use it)."""
    if not isinstance(repo_url, str):
        raise SurveyError(message("teacher_repo_not_github", typed=repr(repo_url)[:60]))
    text = repo_url.strip().removesuffix("/").removesuffix(".git")
    for prefix in ("https://github.com/", "http://github.com/", "github.com/"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.count("/") != 1 or not all(text.split("/")):
        raise SurveyError(message("teacher_repo_not_github_example", typed=repr(repo_url)[:60]))
    return text


def guess_where(folder=None, environ=None) -> str:
    """Where this page runs: "hub" (a hub class folder, or JupyterHub's settings), "binder"
    (Binder's settings) or "computer".

    >>> guess_where(environ={"BINDER_LAUNCH_HOST": "https://mybinder.org/"})
    'binder'
    """
    env = os.environ if environ is None else environ
    if env.get("BINDER_LAUNCH_HOST") or env.get("BINDER_REPO_URL"):  # Binder is a hub too
        return "binder"
    if (folder is not None and is_drop_folder(folder)) or env.get("JUPYTERHUB_USER"):
        return "hub"
    return "computer"


def guess_repo_url(environ=None) -> str:
    """The repository this copy came from when Binder says it, else :data:`DEFAULT_REPO_URL`."""
    env = os.environ if environ is None else environ
    value = env.get("BINDER_REPO_URL", "").strip()
    return value if value.startswith("https://github.com/") else DEFAULT_REPO_URL


def guess_hub_url(environ=None) -> str:
    """The hub's public address when JupyterHub says it (else "")."""
    env = os.environ if environ is None else environ
    for name in ("JUPYTERHUB_PUBLIC_HUB_URL", "JUPYTERHUB_PUBLIC_URL"):
        value = env.get(name, "").strip()
        if value.startswith(("https://", "http://")):
            return value.split("/hub/")[0].rstrip("/")
    return ""
