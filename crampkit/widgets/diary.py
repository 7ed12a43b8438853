"""The cramp diary app: an entry form, the episodes, charts, patterns, warning signs, downloads.

``diary_app(diary=None)`` returns a :class:`DiaryApp` (an ipywidgets VBox). Until the person
has logged a cramp, the table, charts and summary show crampkit's made-up demo month,
clearly labelled. Downloads (the diary as CSV, a report as HTML) are links holding the file
itself (``data:`` URIs), so nothing goes over a network.

Handlers (``add_episode``, ``delete_episode``, ``erase_all``, ``refresh``) never let an
error pass silently: a bad entry shows a friendly message next to the field, anything else
a message in the view (and the details in the log). Tests call them directly.
"""
from __future__ import annotations

import base64
import functools
import logging
from datetime import datetime

import ipywidgets as widgets

import crampkit
from crampkit import diary as core
from crampkit import palette, report, wording
from crampkit.content import view_words, widget_text
from crampkit.entries import EntryError, conversion_of, read_number
from crampkit.plots import diary as charts
from crampkit.plots.style import CHART_TOOLBAR_CSS, URGENCY_COLOURS, plotly_bundle, summary_of
from crampkit.plots.svg import figure_svg
from crampkit.store import load_profile
from crampkit.widgets.common import (
    CHART_HEIGHT_CSS,
    Component,
    Html,
    checked_profile,
    crampkit_html,
    html_join,
    html_of,
)

log = logging.getLogger(__name__)
_WIDE = {"description_width": "initial"}
# Short words beside the form: _ERROR.format(text) escapes ``text`` (Html templates).
_ERROR = html_of('<span style="color:{}" role="alert">{{}}</span>', palette.ERROR_WORDS)
_OK = html_of('<span style="color:{};font-weight:bold" role="status">{{}}</span>', palette.OK_WORDS)
_NOTE = html_of('<span style="color:{};margin-left:0.6em">{{}}</span>', palette.QUIET_INK)
_ASK = html_of('<span style="color:{};font-weight:bold" role="alert">{{}}</span>', palette.ASK_WORDS)
# A tick box as wide as its words (never cut to "Walking ab..."), in rows that wrap.
_TICK_LAYOUT = {"width": "auto", "margin": "0 1.2em 0 0"}
_WRAP = widgets.Layout(flex_flow="row wrap")
BEFORE_LABELS = {key: widget_text(f"diary_before_{key}")
                 for key in ("activity", "long_sitting", "long_standing", "heat", "nothing")}
FORM_FIELDS = ("when", "leg", "muscle", "duration_minutes", "severity", "before",
               "relieved_by", "swelling", "notes")
SEVERITY_WORDS = {n: widget_text(f"diary_severity_{n}") for n in (0, 5, 10)}
OWN_CAPTION = widget_text("diary_own_caption")
DURATION_LABEL = widget_text("diary_duration")
CHOOSE_EPISODE = widget_text("diary_choose_episode")
DEMO_CAPTION = widget_text("diary_demo_caption")
DEMO_LABEL = html_of("<b>{}</b> {} <b>{}</b> {}", widget_text("diary_demo_mark"), widget_text("diary_demo_asked"),
                     widget_text("diary_demo_made_up"), widget_text("diary_demo_rest"))
# Before the first cramp is logged: the diary is empty (the example month only when asked).
EMPTY_NOTE = html_of("{} <b>{}</b>.", widget_text("diary_empty"), widget_text("diary_show_demo"))
# The example's summary lines speak of the made-up person, never of "you".
DEMO_SUBJECT = view_words("diary_summary_who_made_up")  # kept for code that read it


def _friendly(handler=None, *, near: str = "message"):
    """Run a handler; show any error in the view instead of losing it in a log.

    ``near`` names the message widget beside the button that runs the handler, so the
    person sees the answer where they clicked (not two screens away).
    """
    if handler is None:
        return functools.partial(_friendly, near=near)

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        try:
            return handler(self, *args, **kwargs)
        except core.DiaryError as problem:
            self._show_problem(problem, getattr(self, near))
        except Exception as problem:  # shown to the person and logged, never swallowed
            log.exception("diary app: %s failed", handler.__name__)
            getattr(self, near).value = _ERROR.format(
                widget_text("diary_went_wrong", problem=f"{type(problem).__name__}: {problem}"))
        return None

    return run


def urgency_words(urgency: str) -> str:
    """ "See a doctor or nurse soon", not "see_clinician_soon" (words from the data table)."""
    return wording.label("urgency", urgency) or wording.plain(urgency)


def relieved_labels() -> dict[str, str]:
    """What eased a cramp, in the diary's order, worded as in ``data/answer_labels.csv``."""
    return {key: wording.label("relieved_by", key) or wording.plain(key).capitalize()
            for key in core.RELIEVED_BY}


def _figure_output(fig) -> dict:
    """A display_data output holding ``fig`` as plotly JSON, with its summary as plain text."""
    return {"output_type": "display_data", "metadata": {},
            "data": {**plotly_bundle(fig), "text/plain": summary_of(fig)}}


def _tick_boxes(labels: dict) -> dict:
    """A tick box for each key of ``labels``, as wide as its words."""
    return {key: widgets.Checkbox(description=text, value=False, indent=False, layout=_TICK_LAYOUT)
            for key, text in labels.items()}


def _data_link(text: str, filename: str, mime: str, label: str) -> Html:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return html_of('<a download="{}" href="data:{};charset=utf-8;base64,{}" style="margin-right:1.5em">{}</a>',
                   filename, mime, payload, label)


class _DiaryOnFirstSave:
    """The person's own diary, whose file is made only when they add their first cramp.

    Until then it reads as empty, so opening the diary app writes nothing to disk. Every
    other use opens the real :class:`crampkit.diary.Diary` (``opened()``).
    """

    def __init__(self, blocked: bool = False):
        self._diary: core.Diary | None = None
        self._blocked = blocked  # the file exists but cannot be opened now (busy, read-only)

    def opened(self) -> core.Diary:
        if self._diary is None:
            self._diary = core.Diary()
        return self._diary

    def _unopened_and_empty(self) -> bool:
        return self._diary is None and (
            self._blocked or not (core.data_dir() / core.DIARY_FILE_NAME).exists())

    def list(self):
        if self._unopened_and_empty():
            return core.episodes_frame([])
        return self.opened().list()

    def __len__(self) -> int:
        return 0 if self._unopened_and_empty() else len(self.opened())

    def erase_all(self, *, confirm: bool = False) -> int:
        if self._unopened_and_empty() and confirm:
            return 0
        return self.opened().erase_all(confirm=confirm)

    def close(self) -> None:
        if self._diary is not None:
            self._diary.close()

    def __getattr__(self, name):
        return getattr(self.opened(), name)


class DiaryApp(Component):
    """The diary view. ``diary`` is the :class:`crampkit.diary.Diary` it writes to.

    Model: ``diary``, ``profile``, ``frame`` (the episodes shown) and ``showing_demo``;
    ``view`` is one VBox holding the form, the results and the buttons that change the diary.
    """

    def __init__(self, diary: core.Diary | None = None, profile=None, svg_charts: bool = False):
        if diary is not None and not isinstance(diary, core.Diary):
            raise core.DiaryError(widget_text("diary_not_a_diary", kind=type(diary).__name__))
        self.profile = checked_profile(profile)
        self.svg_charts = bool(svg_charts)  # the apps: charts as inline SVGs (no plotly.js)
        self.message = widgets.HTML("")
        self.diary = diary if diary is not None else self._open_default_diary()
        self.showing_demo = False
        self.frame = None
        self.demo_button = widgets.ToggleButton(
            description=widget_text("diary_show_demo"), value=False, icon="eye",
            tooltip=widget_text("diary_show_demo_tip"),
            layout=widgets.Layout(width="auto"))
        self.demo_button.add_class("crampkit-diary-demo")
        self.demo_button.observe(lambda _change: self.refresh(), names="value")
        self._make_entry_inputs()
        self._make_change_controls()
        self._make_results()
        self.view = widgets.VBox([
            self._form_box(), self.demo_note, self.demo_button,
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_flags_title"))), self.flags,
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_patterns_title"))), self.summary,
            widgets.HTML(html_of("<style>{} {}</style><h3>{}</h3>", crampkit_html(CHART_HEIGHT_CSS),
                                 crampkit_html(CHART_TOOLBAR_CSS), widget_text("diary_charts_title"))),
            self.charts, self.chart_summaries,
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_episodes_title"))), self.table, self.demo_table,
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_take_title"))), self.prepare_button,
            self.downloads,
            self._change_box(),
        ])
        self.refresh()

    # -- building the view ----------------------------------------------------------------
    def _make_entry_inputs(self) -> None:
        """The "Log a cramp" inputs, their error notes and the add button."""
        now = datetime.now()
        self.date = widgets.DatePicker(description=widget_text("diary_date"), value=now.date(),
                                       style=_WIDE)
        self.time = widgets.TimePicker(description=widget_text("diary_time"),
                                       value=now.time().replace(second=0, microsecond=0),
                                       style=_WIDE)
        self.leg = widgets.ToggleButtons(description=widget_text("diary_leg"), options=[
            (widget_text(f"diary_leg_{key}"), key) for key in ("left", "right", "both")], value="left", style=_WIDE)
        self.muscle = widgets.Dropdown(description=widget_text("diary_muscle"), options=[
            (widget_text(f"diary_muscle_{key}"), key) for key in ("calf", "foot", "thigh", "other")],
            value="calf", style=_WIDE)
        # Text, read like every crampkit number box: minutes or hours ("2 hours", "1 h 30 min"),
        # a decimal comma; a bad entry is a note beside the box and nothing is saved.
        self.duration = widgets.Text(
            description=DURATION_LABEL, value="1", placeholder=widget_text("diary_duration_hint"),
            continuous_update=False, style=_WIDE)
        self.duration_note = widgets.HTML("")
        self.duration_note.add_class("crampkit-conversion")
        self.duration.observe(lambda _change: self._show_duration_conversion(), names="value")
        # A drop-down, not a slider: screen readers name it, and keyboards reach every value.
        self.severity = widgets.Dropdown(
            description=widget_text("diary_severity"), value=5, style=_WIDE,
            options=[(SEVERITY_WORDS.get(n, str(n)), n) for n in range(11)])
        self.before = _tick_boxes(BEFORE_LABELS)
        self.relieved_by = _tick_boxes(relieved_labels())
        self.swelling = widgets.Checkbox(
            description=widget_text("diary_swelling"), value=False,
            indent=False, layout=widgets.Layout(width="auto"))
        self.notes = widgets.Textarea(description=widget_text("diary_notes"),
                                      placeholder=widget_text("diary_notes_hint"),
                                      style=_WIDE, layout=widgets.Layout(width="95%"))
        self.errors = {name: widgets.HTML("") for name in FORM_FIELDS}
        self.add_button = widgets.Button(description=widget_text("diary_add"), button_style="primary",
                                         icon="plus", tooltip=widget_text("diary_add_tip"))
        self.add_button.on_click(lambda _button: self.add_episode())
        self.add_button.add_class("crampkit-diary-add")

    def _make_change_controls(self) -> None:
        """Delete one episode (asks first) and erase the whole diary (needs "I am sure")."""
        self.delete_choice = widgets.Dropdown(description=widget_text("diary_delete_choice"), options=[],
                                              style=_WIDE,
                                              layout=widgets.Layout(width="auto", min_width="30em"))
        self.delete_button = widgets.Button(description=widget_text("diary_delete"), icon="trash",
                                            tooltip=widget_text("diary_delete_tip"),
                                            layout=widgets.Layout(width="auto"))
        self.delete_button.on_click(lambda _button: self.delete_episode())
        # A question asked about one episode never stays up for another.
        self.delete_choice.observe(lambda _change: self._hide_delete_question(), names="value")
        self.delete_message = widgets.HTML("")
        self.confirm_delete_button = widgets.Button(
            description=widget_text("diary_delete_yes"), button_style="danger", layout=widgets.Layout(width="auto"),
            tooltip=widget_text("diary_delete_yes_tip"))
        self.confirm_delete_button.on_click(lambda _button: self.delete_episode(confirm=True))
        self.keep_button = widgets.Button(description=widget_text("diary_delete_no"),
                                          layout=widgets.Layout(width="auto"))
        self.keep_button.on_click(lambda _button: self._keep_episode())
        self.delete_question = widgets.HBox([self.confirm_delete_button, self.keep_button],
                                            layout=widgets.Layout(display="none"))
        self.confirm_erase = widgets.Checkbox(
            description=widget_text("diary_erase_sure"), value=False,
            indent=False, layout=widgets.Layout(width="auto"))
        self.erase_button = widgets.Button(description=widget_text("diary_erase"), button_style="danger",
                                           tooltip=widget_text("diary_erase_tip"),
                                           layout=widgets.Layout(width="auto"))
        self.erase_button.on_click(lambda _button: self.erase_all())
        self.erase_message = widgets.HTML("")

    def _make_results(self) -> None:
        """The demo note, table, patterns, warning signs, charts and download links."""
        self.demo_note = widgets.HTML("")
        self.demo_table = widgets.HTML("")
        self.table = widgets.HTML("")
        self.summary = widgets.HTML("")
        self.flags = widgets.HTML("")
        self.chart_summaries = widgets.HTML("")
        self.charts = widgets.HTML() if self.svg_charts else widgets.Output()
        self.downloads = widgets.HTML("")
        self.prepare_button = widgets.Button(
            description=widget_text("diary_make_report"), icon="file", layout=widgets.Layout(width="auto"),
            tooltip=widget_text("diary_make_report_tip"))
        self.prepare_button.on_click(lambda _: self.prepare_downloads())
        self.table.add_class("crampkit-diary-table")
        self.charts.add_class("crampkit-diary-chart")

    def _form_box(self) -> widgets.VBox:
        def row(name, widget):
            return widgets.HBox([widget, self.errors[name]])

        return widgets.VBox([
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_log_title"))),
            row("when", widgets.HBox([self.date, self.time])),
            row("leg", self.leg), row("muscle", self.muscle),
            row("duration_minutes", widgets.HBox([self.duration, self.duration_note])),
            row("severity", self.severity),
            widgets.HTML(html_of("<b>{}</b> {}", widget_text("diary_before_title"), widget_text("diary_tick_all"))),
            row("before", widgets.HBox(list(self.before.values()), layout=_WRAP)),
            widgets.HTML(html_of("<b>{}</b> {}", widget_text("diary_helped_title"), widget_text("diary_tick_all"))),
            row("relieved_by", widgets.HBox(list(self.relieved_by.values()), layout=_WRAP)),
            row("swelling", self.swelling), row("notes", self.notes),
            widgets.HBox([self.add_button, self.message]),
        ])

    def _change_box(self) -> widgets.VBox:
        return widgets.VBox([
            widgets.HTML(html_of("<h3>{}</h3>", widget_text("diary_change_title"))),
            widgets.HBox([self.delete_choice, self.delete_button], layout=_WRAP),
            self.delete_message, self.delete_question,
            widgets.HBox([self.confirm_erase, self.erase_button], layout=_WRAP),
            self.erase_message,
        ])

    # -- helpers --------------------------------------------------------------------------
    def _open_default_diary(self):
        if not (core.data_dir() / core.DIARY_FILE_NAME).exists():
            return _DiaryOnFirstSave()  # nothing is written until the first cramp is added
        try:
            return core.Diary()
        except core.DiaryError as problem:  # damaged file moved aside; a fresh one is ready
            self.message.value = _ERROR.format(str(problem))
            if getattr(problem, "moved_to", None) is None:
                # busy, read-only folder, full disk: nothing was moved; the message says why,
                # and adding a cramp tries again (and says so again if it still cannot)
                return _DiaryOnFirstSave(blocked=True)
            return core.Diary()

    def _show_problem(self, problem: core.DiaryError, target: widgets.HTML | None = None) -> None:
        target = self.message if target is None else target
        text = str(problem)
        name, _, detail = text.partition(": ")
        if name in self.errors:
            self.errors[name].value = _ERROR.format(detail)
            target.value = _ERROR.format(widget_text("diary_check_red"))
        elif name in ("id", "confirm"):  # about a button, not a field: the reason alone
            target.value = _ERROR.format(detail[:1].upper() + detail[1:] + ".")
        else:
            target.value = _ERROR.format(text)

    def _clear_errors(self) -> None:
        for widget in self.errors.values():
            widget.value = ""
        for widget in (self.message, self.delete_message, self.erase_message):
            widget.value = ""
        self.delete_question.layout.display = "none"

    def _hide_delete_question(self) -> None:
        if self.delete_question.layout.display != "none":
            self.delete_question.layout.display = "none"
            self.delete_message.value = ""

    def _keep_episode(self) -> None:
        self.delete_question.layout.display = "none"
        self.delete_message.value = _OK.format(widget_text("diary_nothing_deleted"))

    def form_values(self) -> dict:
        """The form as episode values (checked by :class:`crampkit.diary.Episode`)."""
        if self.date.value is None or self.time.value is None:
            raise core.DiaryError(widget_text("diary_need_when"))
        return {
            "when": datetime.combine(self.date.value, self.time.value),
            "leg": self.leg.value,
            "muscle": self.muscle.value,
            "duration_minutes": self._duration_minutes(),
            "severity": self.severity.value,
            "before": [k for k, box in self.before.items() if box.value],
            "relieved_by": [k for k, box in self.relieved_by.items() if box.value],
            "swelling": self.swelling.value,
            "notes": self.notes.value,
        }

    def _duration_minutes(self) -> float:
        """The "How long" box in minutes (hours converted); a bad entry is a
        :class:`crampkit.diary.DiaryError` naming the box, so nothing is saved."""
        try:
            return read_number(self.duration.value, DURATION_LABEL, 0, core.MAX_DURATION_MINUTES, "minutes")
        except EntryError as problem:
            raise core.DiaryError(f"duration_minutes: {problem}") from None

    def _show_duration_conversion(self) -> None:
        """Beside the box: what a typed unit was read as ("2 hours = 120 min")."""
        said = conversion_of(self.duration.value, DURATION_LABEL, "minutes")
        self.duration_note.value = _NOTE.format(said) if said else ""

    # -- handlers -------------------------------------------------------------------------
    @_friendly
    def add_episode(self) -> core.Episode:
        """Save the form as a new episode, then redraw everything."""
        self._clear_errors()
        episode = self.diary.add(**self.form_values())
        self.notes.value = ""
        self.swelling.value = False
        for box in list(self.before.values()) + list(self.relieved_by.values()):
            box.value = False
        self.refresh()
        self.message.value = _OK.format(widget_text("diary_saved", when=f"{episode.when:%d %b %Y %H:%M}",
                                                    leg=episode.leg, muscle=episode.muscle))
        return episode

    @_friendly(near="delete_message")
    def delete_episode(self, confirm: bool = False) -> None:
        """Delete the episode chosen in the drop-down: first ask (the "Delete episode"
        button), then delete when ``confirm`` is true (the "Yes, delete it" button)."""
        self._clear_errors()
        if self.delete_choice.value is None:
            raise core.DiaryError(widget_text("diary_choose_first"))
        chosen = self.delete_choice.label
        if not confirm:
            self.delete_message.value = _ASK.format(widget_text("diary_delete_ask", episode=chosen))
            self.delete_question.layout.display = "flex"
            return
        self.diary.delete(self.delete_choice.value)
        self.refresh()
        self.delete_message.value = _OK.format(widget_text("diary_deleted", episode=chosen))

    @_friendly(near="erase_message")
    def erase_all(self) -> None:
        """Erase the whole diary, only when "I am sure" is ticked."""
        self._clear_errors()
        if not self.confirm_erase.value:
            raise core.DiaryError(widget_text("diary_tick_sure_first"))
        erased = self.diary.erase_all(confirm=True)
        self.confirm_erase.value = False
        self.refresh()
        self.erase_message.value = _OK.format(widget_text("diary_erased", count=erased))

    @_friendly
    def refresh(self) -> None:
        """Redraw table, summary, warning signs, charts and downloads from the diary."""
        own = self.diary.list()
        # The made-up month only when asked for, and only while nothing of the person's is logged.
        self.showing_demo = len(own) == 0 and self.demo_button.value
        self.frame = core.demo_frame() if self.showing_demo else own
        self.demo_button.layout.display = "none" if len(own) else ""
        self.demo_button.description = widget_text("diary_hide_demo" if self.showing_demo else "diary_show_demo")
        # Warning signs first, so a failure further down never leaves old ones showing.
        # the made-up month is said as the example person's (never "You logged 8 cramps")
        flags = self._flags_html(core.pattern_flags(self.frame, made_up=self.showing_demo))
        self.flags.value = (html_of("<p><b>{}</b></p>{}", widget_text("diary_demo_not_yours"), flags)
                            if self.showing_demo else flags)
        self.demo_note.value = (html_of('<div style="border:2px dashed {};padding:6px">{}</div>', palette.GREY,
                                        DEMO_LABEL) if self.showing_demo else
                                html_of("<p>{}</p>", EMPTY_NOTE) if not len(own) else "")
        # Folded: one line, so deleting your last cramp does not push the message beside
        # the Delete button out of sight when the demo month comes back.
        self.demo_table.value = (
            html_of("<details><summary>{}</summary>{}</details>", widget_text("diary_show_demo_cramps"),
                    self._table_html(self.frame, DEMO_CAPTION)) if self.showing_demo else "")
        episodes = [(f"{when:%d %b %Y %H:%M}, {leg} {muscle}", int(i))
                    for i, when, leg, muscle in zip(own["id"], own["when"], own["leg"], own["muscle"], strict=True)]
        self.delete_choice.options = [(CHOOSE_EPISODE, None)] + episodes if episodes else []
        lines = core.summary(self.frame, made_up=self.showing_demo)
        self.summary.value = html_of("{}<ul>{}</ul>", html_of("<p><b>{}</b></p>", widget_text("diary_demo_not_yours"))
                                     if self.showing_demo else "", html_join(html_of("<li>{}</li>", s) for s in lines))
        self.table.value = (self._table_html(own, OWN_CAPTION) if len(own) else
                            html_of("<p>{}</p>", widget_text("diary_none_yet")))
        figures = charts.all_charts(self.frame, lines)
        self.chart_summaries.value = html_of("<p><b>{}</b></p><ul>{}</ul>", widget_text("diary_charts_show"),
                                             html_join(html_of("<li>{}</li>", summary_of(fig)) for fig in figures))
        # Set the Output's contents directly (plotly's own mime bundle), so nothing goes
        # through IPython's display: nothing leaks, and Voila and nbclient do not stall on
        # the first figure shown inside an Output widget.
        if self.svg_charts:  # the same figures drawn as inline SVGs (plots.svg)
            self.charts.value = html_join(html_of("<div>{}</div>", crampkit_html(figure_svg(fig))) for fig in figures)
        else:
            self.charts.outputs = tuple(_figure_output(fig) for fig in figures)
        # The report is built when asked for, not on every change: it is the slowest part.
        self.downloads.value = ""

    @_friendly
    def prepare_downloads(self) -> None:
        """Build the report (HTML) and the diary export (CSV) as download links."""
        self.downloads.value = self._downloads_html()

    # -- views ------------------------------------------------------------------------------
    @staticmethod
    def _flags_html(flags) -> Html:
        if not flags:
            return html_of("<p>{}</p>", widget_text("diary_no_flags"))
        return html_join(
            html_of('<div style="border-left:5px solid {};padding:2px 8px;margin:4px 0"><b>{}</b> ({}): {}</div>',
                    URGENCY_COLOURS.get(flag.urgency, palette.GREY), flag.title, urgency_words(flag.urgency),
                    flag.message) for flag in flags)

    @staticmethod
    def _table_html(frame, caption: str) -> Html:
        head = html_of("<tr>{}</tr>", html_join(html_of("<th>{}</th>", widget_text(f"diary_col_{key}")) for key in (
            "when", "leg", "muscle", "minutes", "severity", "before", "helped", "swollen", "notes")))
        rows = []
        for rec in frame.sort_values("when", ascending=False).itertuples():
            cells = (f"{rec.when:%d %b %Y %H:%M}", rec.leg, rec.muscle,
                     f"{rec.duration_minutes:g}", rec.severity,
                     str(rec.before).replace("_", " ").replace(";", ", "),
                     str(rec.relieved_by).replace(";", ", "),
                     widget_text("diary_yes" if rec.swelling else "diary_no"), rec.notes)
            rows.append(html_of("<tr>{}</tr>", html_join(html_of("<td>{}</td>", str(c)) for c in cells)))
        return html_of('<div style="max-height:320px;overflow:auto"><table style="border-collapse:'
                       'collapse"><caption>{}</caption>{}{}</table></div>', caption, head, html_join(rows))

    def _assessment(self):
        """The assessment for the report: from the given or saved profile, else None."""
        profile = self.profile
        if profile is None:
            try:
                profile = load_profile()
            except ValueError:
                profile = None
        if profile is None:
            return None, None
        return crampkit.assess(profile), profile

    def _downloads_html(self) -> Html:
        assessment, profile = self._assessment()
        page = report.render_html(assessment, profile, self.frame)
        stamp = datetime.now().strftime("%Y-%m-%d")
        link_words = widget_text("diary_download_demo_report" if self.showing_demo else "diary_download_report")
        links = [_data_link(page, f"cramp-report-{stamp}.html", "text/html", link_words)]
        csv_text = core.episodes_to_csv([]) if self.showing_demo else self.diary.to_csv_text()
        if not self.showing_demo:
            links.append(_data_link(csv_text, f"cramp-diary-{stamp}.csv", "text/csv",
                                    widget_text("diary_export")))
        note = ("" if assessment is not None else
                html_of('<p style="font-size:90%">{}</p>', widget_text("diary_report_without_answers")))
        return html_of("<p>{}</p>{}", html_join(links), note)


def diary_app(diary: core.Diary | None = None, profile=None) -> DiaryApp:
    """The cramp diary app for a notebook; uses the person's own diary when none is given."""
    return DiaryApp(diary, profile)
