"""The teacher's page: a class survey from start to results by buttons, with no code.

``teacher_page()`` shows, top to bottom: where the students are (one computer, a school hub,
Binder) and the link and steps to hand them; "Start the survey"; the number of answers,
which refreshes by itself while the survey is open; "Close the survey"; then the class
results (the same charts and tables as :func:`crampkit.widgets.survey.class_dashboard`,
with the same small-group rule). Everything it does is in :mod:`crampkit.classroom.teacher`.

The live count is a background thread that asks for the count every few seconds
(:data:`REFRESH_SECONDS`), only while the survey is open, and stops by itself when the
survey closes, when the page is stopped (:meth:`TeacherPage.stop`), or after
:data:`LIVE_MINUTES` minutes; then a "Refresh the count" press starts it again. Each tick
counts file names in one folder (or asks the hub's survey service once): no network, no
answer is read.
"""
from __future__ import annotations

import logging
import threading
import time

import ipywidgets as widgets

from crampkit import classroom, palette
from crampkit.classroom import PRIVACY_RULE, SurveyError
from crampkit.classroom import teacher as teaching
from crampkit.content import widget_text
from crampkit.widgets.common import Component, html_join, html_of
from crampkit.widgets.survey import ClassDashboard, survey_form

log = logging.getLogger(__name__)
REFRESH_SECONDS = 3.0
LIVE_MINUTES = 90  # a lesson; the count then waits for a press
_WIDE = {"description_width": "initial"}
# A short problem in words: _ERROR.format(text) escapes ``text`` (an Html template).
_ERROR = html_of('<span style="color:{}" role="alert">{{}}</span>', palette.ERROR_WORDS)


class TeacherPage(Component):
    """The teacher's page. Button handlers (``start``, ``refresh``, ``close``,
    ``new_survey``, ``toggle_form``) are public so tests can press them.

    Model: ``folder``, ``status`` (:class:`crampkit.classroom.teacher.SurveyStatus`),
    ``dashboard`` once results are shown; ``view`` is one VBox.
    """

    def __init__(self, folder=None, where: str | None = None, hub_url: str | None = None,
                 repo_url: str | None = None, refresh_seconds: float = REFRESH_SECONDS,
                 live_minutes: float = LIVE_MINUTES):
        self.folder = classroom.folder_path(folder if folder is not None
                                            else classroom.class_folder())
        self.refresh_seconds = refresh_seconds
        self.live_minutes = live_minutes
        self.status = None
        self.dashboard: ClassDashboard | None = None
        self.form = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._confirm_clear = False
        where = where or teaching.guess_where(self.folder)
        self.where = widgets.ToggleButtons(
            options=[(teaching.WHERE_LABELS[w], w) for w in teaching.WHERE], value=where,
            description=widget_text("teacher_where"), style=_WIDE)
        self.hub_url = widgets.Text(value=hub_url if hub_url is not None
                                    else teaching.guess_hub_url(),
                                    description=widget_text("teacher_hub_address"), style=_WIDE,
                                    placeholder="https://hub.example.school",
                                    layout=widgets.Layout(width="32em"))
        self.repo_url = widgets.Text(value=repo_url or teaching.guess_repo_url(),
                                     description=widget_text("teacher_repository"), style=_WIDE,
                                     layout=widgets.Layout(width="32em"))
        self.min_group = widgets.Dropdown(
            options=[(widget_text("teacher_students", count=n), n) for n in (5, 8, 10, 15)], value=classroom.MIN_GROUP,
            description=widget_text("teacher_min_group"), style=_WIDE,
            tooltip=widget_text("teacher_min_group_tip"))
        self.handout = widgets.HTML("")
        self.count = widgets.HTML("")
        self.message = widgets.HTML("")
        self.start_button = self._button("start", "play", "start")
        self.refresh_button = self._button("refresh", "refresh", "refresh")
        self.close_button = self._button("close", "lock", "close")
        self.form_button = self._button("show_form", "pencil", "toggle_form")
        self.new_button = self._button("new", "trash", "new_survey")
        self.form_box = widgets.VBox([])
        self.results = widgets.VBox([])
        for w in (self.where, self.hub_url, self.repo_url):
            w.observe(self._where_changed, names="value")
        self.count.add_class("crampkit-teacher-count")
        self.view = widgets.VBox([
            widgets.HTML(html_of("<h3>{}</h3><p>{}</p><p><i>{}</i></p>", widget_text("teacher_title"),
                                 widget_text("teacher_intro"), PRIVACY_RULE)),
            widgets.HTML(html_of("<h4>{}</h4>", widget_text("teacher_step_where"))), self.where,
            self.hub_url, self.repo_url, self.handout,
            widgets.HTML(html_of("<h4>{}</h4>", widget_text("teacher_step_start"))), self.min_group,
            widgets.HBox([self.start_button, self.refresh_button, self.close_button,
                          self.form_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.count, self.message, self.form_box,
            widgets.HTML(html_of("<p><small>{} <code class='crampkit-teacher-folder'>{}</code>.</small></p>",
                                 widget_text("teacher_folder"), str(self.folder))),
            widgets.HTML(html_of("<h4>{}</h4>", widget_text("teacher_step_results"))), self.results,
            self.new_button,
        ])
        self.view.add_class("crampkit-teacher-page")
        self._where_changed()
        self.refresh()

    def _button(self, words: str, icon: str, handler: str) -> widgets.Button:
        """A button worded by the rows ``teacher_<words>`` and ``teacher_<words>_tip``."""
        button = widgets.Button(description=widget_text(f"teacher_{words}"), icon=icon,
                                tooltip=widget_text(f"teacher_{words}_tip"),
                                layout=widgets.Layout(width="auto"))
        button.on_click(getattr(self, handler))
        button.add_class(f"crampkit-teacher-{handler.replace('_', '-')}")
        return button

    # --- what to hand out ---------------------------------------------------------------

    def _where_changed(self, change=None) -> None:
        where = self.where.value
        self.hub_url.layout.display = None if where == "hub" else "none"
        self.repo_url.layout.display = None if where in ("hub", "binder") else "none"
        try:
            out = teaching.handout(where, self.hub_url.value, self.repo_url.value)
        except SurveyError as err:
            self.handout.value = _ERROR.format(str(err))
            return
        label = widget_text("teacher_type_command" if where == "computer" else
                            "teacher_open_link" if where == "binder" else "teacher_hand_out")
        steps = html_join(html_of("<li>{}</li>", step) for step in out.steps)
        self.handout.value = html_of("<p><b>{}:</b><br><code style='user-select:all;word-break:break-all'>"
                                     "{}</code></p><ul>{}</ul>", label, out.link, steps)

    # --- the survey ---------------------------------------------------------------------

    def start(self, button=None):
        """Open the survey (made if needed) and start the live count."""
        self._confirm_clear = False
        try:
            self.status = teaching.start_survey(self.folder, self.min_group.value)
        except SurveyError as err:
            self.message.value = _ERROR.format(str(err))
            return None
        except Exception as err:  # shown to the teacher, and logged in full
            log.exception("unexpected error while starting the survey")
            self.message.value = _ERROR.format(widget_text("teacher_could_not_start", kind=type(err).__name__))
            return None
        self.message.value = ""
        self._show(self.status)
        if not self.status.closed:
            self._start_live()
        return self.status

    def refresh(self, button=None):
        """Count the answers now; (re)start the live count while the survey is open."""
        status = self._count()
        if status is not None and status.exists and not status.closed:
            self._start_live()
        return status

    def _count(self):
        try:
            status = teaching.survey_status(self.folder)
        except SurveyError as err:
            self.count.value = _ERROR.format(str(err))
            return None
        except Exception as err:  # a tick must never kill the page; logged in full
            log.exception("unexpected error while counting answers")
            self.count.value = _ERROR.format(widget_text("teacher_could_not_count", kind=type(err).__name__))
            return None
        self._show(status)
        return status

    def _show(self, status) -> None:
        changed = self.status is None or (self.status.closed, self.status.exists) != (
            status.closed, status.exists)
        self.status = status
        hint = ""
        if status.exists and not status.closed and not status.problem:
            hint = " " + widget_text("teacher_count_hint")
        self.count.value = html_of('<p role="status" aria-live="polite"><b>{}</b>{}</p>', status.text, hint)
        self.start_button.disabled = status.exists
        if status.exists or status.hub:  # fixed when the survey was made
            choices = sorted({5, 8, 10, 15, status.min_group})
            self.min_group.options = [(widget_text("teacher_students", count=n), n) for n in choices]
            self.min_group.value = status.min_group
            self.min_group.disabled = True
        else:
            self.min_group.disabled = False
        self.close_button.disabled = not status.exists or status.closed
        self.form_button.disabled = not status.exists or status.closed or status.hub
        self.new_button.layout.display = None if status.closed and not status.hub else "none"
        if status.closed:
            self._stop.set()
            self.form_box.children = ()
        if changed or (status.closed and self.dashboard is None):
            self._show_results(status)

    def _show_results(self, status) -> None:
        if not status.closed:
            self.results.children = (widgets.HTML(html_of("<p>{}</p>", widget_text("teacher_results_later"))),)
            self.dashboard = None
            return
        self.dashboard = ClassDashboard(self.folder)
        # no folder box or buttons (the page has its own), no second copy of the rule
        for part in self.dashboard.view.children[:2]:
            part.layout.display = "none"
        self.results.children = (self.dashboard.view,)

    def close(self, button=None):
        """Close the survey (no more answers) and show the class results."""
        try:
            status = teaching.finish_survey(self.folder)
        except SurveyError as err:
            self.message.value = _ERROR.format(str(err))
            return None
        except Exception as err:  # shown to the teacher, and logged in full
            log.exception("unexpected error while closing the survey")
            self.message.value = _ERROR.format(widget_text("teacher_could_not_close", kind=type(err).__name__))
            return None
        self.message.value = ""
        self._show(status)
        return self.dashboard.summary if self.dashboard else None

    def new_survey(self, button=None):
        """Delete this closed survey's answers (after a second press) and start a new one."""
        if not self._confirm_clear:
            self._confirm_clear = True
            n = self.status.answers if self.status else None
            self.message.value = _ERROR.format(widget_text("teacher_new_ask", answers=teaching.answers_text(n)))
            return None
        self._confirm_clear = False
        try:
            removed = teaching.clear_closed_survey(self.folder)
        except (SurveyError, OSError) as err:
            self.message.value = _ERROR.format(str(err))
            return None
        self.message.value = html_of("<p>{}</p>", widget_text("teacher_deleted", count=removed))
        self.dashboard = None
        self._stop = threading.Event()
        status = teaching.start_survey(self.folder, self.min_group.value)
        self._show(status)
        self._start_live()
        return status

    def toggle_form(self, button=None):
        """Show (or hide) the student form on this page, for answering on one screen."""
        if self.form_box.children:
            self.form_box.children = ()
            self.form_button.description = widget_text("teacher_show_form")
            return None
        self.form = survey_form(self.folder)
        self.form_box.children = (self.form.view,)
        self.form_button.description = widget_text("teacher_hide_form")
        return self.form

    # --- the live count -----------------------------------------------------------------

    def _start_live(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._live, args=(self._stop,),
                                        name="crampkit-teacher-count", daemon=True)
        self._thread.start()

    def _live(self, stop: threading.Event) -> None:
        until = time.monotonic() + 60 * self.live_minutes
        while not stop.wait(self.refresh_seconds):
            if time.monotonic() >= until:
                self.count.value = str(self.count.value) + str(html_of(
                    "<p>{}</p>", widget_text("teacher_count_stopped", minutes=f"{self.live_minutes:g}")))
                return
            status = self._count()
            if status is not None and (status.closed or not status.exists):
                return

    @property
    def live(self) -> bool:
        """True while the count refreshes by itself."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop the live count (the page stays as it is)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def teacher_page(folder=None, **options) -> TeacherPage:
    """The teacher's class-survey page (no code needed): for the class folder
    (``CRAMPKIT_CLASS_FOLDER`` on a hub, else ``class_survey`` in crampkit's data folder),
    the same folder the student form (``notebooks/apps/class_survey.ipynb``) uses."""
    return TeacherPage(folder, **options)


# --- the guide's folded lesson plans and answer keys (notebook 10) ----------------------

def _folded(title: str, body: str) -> str:
    """Markdown that shows only ``title`` (escaped) until it is clicked open (sources by short name).

    ``body`` is Markdown from crampkit's tables, left as Markdown (its own ``**``, lists and
    links), so it is not HTML-escaped; the notebook renders it as Markdown.
    """
    from crampkit.widgets.citations import readable_ids

    return str(html_of("<details><summary><b>{}</b></summary>", title)) + "\n\n" + readable_ids(body) + "\n\n</details>"


def lesson_plans_view():
    """Every lesson plan (``data/lesson_plans.csv``), each folded under its title."""
    from IPython.display import Markdown

    plans = [classroom.lesson_plan_markdown(plan.notebook) for plan in classroom.lesson_plans()]
    return Markdown("\n\n".join(
        _folded(plan.splitlines()[0].lstrip("# "), "\n".join(plan.splitlines()[1:]))
        for plan in plans))


def answer_keys_view():
    """Every self-check answer key (``data/quiz.csv``), each folded under its notebook."""
    import re

    from IPython.display import Markdown

    keys = re.split(r"\*\*Answer key, notebook (\d\d)\*\*", classroom.answer_keys_markdown())
    return Markdown("\n\n".join(_folded(widget_text("teacher_answer_key", number=number), key.strip())
                                for number, key in zip(keys[1::2], keys[2::2], strict=True)))
