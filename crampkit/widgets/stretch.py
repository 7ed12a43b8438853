"""The bedtime calf and hamstring stretch routine with a timer (notebook 03).

The countdown runs in the browser: an ``ipywidgets.Play`` widget ticks once a second and its
value (seconds elapsed) drives the display through ``observe``. No Python threads, so it
works in JupyterLab, Notebook 7 and Voila. Labelled Start, Pause and Start again buttons
(reachable with Tab, pressed with Enter or Space) only switch the Play widget on or off. The steps and words come from
:func:`crampkit.topics.activity.stretch_routine` and :func:`crampkit.topics.activity.timer_state`.
"""
from __future__ import annotations

import ipywidgets as widgets

from crampkit.content import widget_text
from crampkit.topics import activity
from crampkit.topics.activity import HOLD_OPTIONS
from crampkit.widgets.citations import evidence_words, sources_html
from crampkit.widgets.common import Component, box_html, crampkit_html, html_join, html_of, message, safe

_WIDE = {"description_width": "initial"}


class StretchTimer(Component):
    """Hold length choice, a Play widget (seconds elapsed) and the step being done now.

    State: ``steps`` (the routine), ``state`` (the last :class:`activity.TimerState`),
    ``play`` (set ``play.value`` in tests to move the clock).
    """

    def __init__(self, hold_seconds: int = 10):
        activity.stretch_routine(hold_seconds)  # a hold length not offered: ActivityError
        self.hold = widgets.Dropdown(
            options=[(label, seconds) for seconds, (label, _, _) in HOLD_OPTIONS.items()],
            value=hold_seconds, description=widget_text("stretch_hold"), style=_WIDE,
            layout=widgets.Layout(width="auto"))
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=1000,
                                 description=widget_text("stretch_play"), tooltip=widget_text("stretch_play"),
                                 show_repeat=False)
        self.start_button = widgets.Button(description=widget_text("stretch_start"), icon="play",
                                           button_style="primary",
                                           tooltip=widget_text("stretch_start_tip"),
                                           layout=widgets.Layout(width="auto"))
        self.pause_button = widgets.Button(description=widget_text("stretch_pause"), icon="pause",
                                           tooltip=widget_text("stretch_pause_tip"),
                                           layout=widgets.Layout(width="auto"))
        self.restart_button = widgets.Button(description=widget_text("stretch_again"), icon="undo",
                                             tooltip=widget_text("stretch_again_tip"),
                                             layout=widgets.Layout(width="auto"))
        self.start_button.add_class("crampkit-stretch-start")
        self.start_button.on_click(self.start)
        self.pause_button.on_click(self.pause)
        self.restart_button.on_click(self.restart)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description=widget_text("stretch_progress"),
                                            style=_WIDE)
        self.now = widgets.HTML()
        self.now.add_class("crampkit-output")
        self.play.add_class("crampkit-stretch-play")
        self.hold.add_class("crampkit-stretch-hold")
        self.instruction = widgets.HTML()
        self.evidence = widgets.HTML()
        self.plan = widgets.HTML()
        self.message = message()
        self.steps = []
        self.state = None
        self.tick = safe(self.message)(self._tick)
        self.choose = safe(self.message)(self._choose)
        self.play.observe(lambda change: self.tick(), names="value")
        self.hold.observe(lambda change: self.choose(), names="value")
        self.view = widgets.VBox([
            self.hold, self.evidence,
            widgets.HBox([self.start_button, self.pause_button, self.restart_button]),
            widgets.HBox([widgets.Label(widget_text("stretch_timer")), self.play, self.progress]),
            self.message, self.now, self.instruction, self.plan])
        self.view.add_class("crampkit-stretch-timer")
        self.choose()

    def _choose(self) -> None:
        self.play.playing = False
        self.steps = activity.stretch_routine(self.hold.value)
        total = activity.total_seconds(self.steps)
        label, level, references = HOLD_OPTIONS[self.hold.value]
        self.evidence.value = html_of(
            "<p><small>{} {}. {}</small></p>",
            widget_text("stretch_evidence", label=label, level=evidence_words(level)),
            crampkit_html(sources_html(references)),
            widget_text("stretch_whole_routine", minutes=total // 60, seconds=f"{total % 60:02d}"))
        rows = html_join(html_of("<li>{}</li>", widget_text("stretch_step", title=s.title, leg=s.leg, repeat=s.repeat,
                                                            seconds=s.seconds)) for s in self.steps)
        self.plan.value = html_of("<details><summary>{}</summary><ol>{}</ol></details>",
                                  widget_text("stretch_all_steps"), rows)
        self.play.max = total
        self.progress.max = total
        if self.play.value != 0:
            self.play.value = 0  # the observer redraws
        else:
            self._tick()

    def _tick(self) -> None:
        elapsed = self.play.value
        self.state = activity.timer_state(self.steps, elapsed)
        self.progress.value = min(elapsed, self.progress.max)
        if self.state.finished:
            self.now.value = box_html(self.state.text, "ok")
            self.instruction.value = ""
            return
        if elapsed == 0:
            text = widget_text("stretch_ready", first=self.state.text.split(":")[0])
            self.now.value = box_html(text, "info")
        else:
            self.now.value = html_of('<div role="timer" aria-live="polite" style="font-size:1.4em;'
                                     'font-weight:bold">{}</div>', self.state.text)
        self.instruction.value = html_of("<p>{}</p>", self.state.step.instruction)

    def start(self, button=None) -> None:
        """Button handler: start (or continue); after the last step, start from the top.

        Only the ``playing`` flag changes here: the ticking happens in the browser."""
        if self.play.value >= self.play.max:
            self.play.value = 0
        self.play.playing = True

    def pause(self, button=None) -> None:
        """Button handler: pause the countdown where it is."""
        self.play.playing = False

    def restart(self, button=None) -> None:
        """Button handler: stop and go back to the first stretch."""
        self.play.playing = False
        self.play.value = 0


def stretch_timer(hold_seconds: int = 10) -> StretchTimer:
    """The bedtime stretch routine with its timer (3 x 10 s holds by default)."""
    return StretchTimer(hold_seconds)
