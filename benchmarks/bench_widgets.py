"""Widget response: time from setting an input's value to the output being updated.

Setting ``widget.value`` runs the component's observers at once (as in a kernel), so the
time of the assignment is the time until the component's output is updated. The inputs each
component's benchmark sets are listed here (``bench_changes``), reached through the
component's public attributes; the diary and the class survey update on a button, so their
handler is timed instead. Target: median under 30 ms, worst under 100 ms.
"""
from __future__ import annotations

import os
import tempfile
from itertools import cycle

from benchmarks.harness import Case

os.environ.setdefault("CRAMPKIT_HOME", tempfile.mkdtemp(prefix="crampkit-bench-"))


def _as_in_a_notebook():
    """Every notebook starts with this call; the widgets are timed under the same setup."""
    from crampkit.plots import use_offline_renderers

    use_offline_renderers()


def _changes_table() -> dict:
    """Component class -> function giving the (input widget, new value) pairs to set."""
    from crampkit.widgets import (
        activity,
        fluids,
        foods,
        medications,
        patterns,
        plan,
        profile_form,
        red_flags,
        static_day,
        stretch,
    )

    return {
        activity.WeeklyLoad: lambda c: [(c.boxes[-1], "200")],
        activity.GuidelineView: lambda c: [(c.minutes, "200")],
        fluids.FluidsCalculator: lambda c: [(c.age, "35"), (c.hot, not c.hot.value), (c.exercise, "45")],
        foods.FoodExplorer: lambda c: [(c.nutrient, "magnesium"), (c.group, "Nut and Seed Products"),
                                       (c.count, 5)],
        foods.DayBuilder: lambda c: [],  # nothing redraws on a typed value: its button does
        medications.MedicationChecker: lambda c: [(c.text, "Hyzaar 100/25, atorvastatine, Symbicort"),
                                                  (c.text, "lasix 40mg")],
        medications.ConditionsView: lambda c: [(c.text, "cirrhosis, dialysis"),
                                               (c.text, "type 2 diabetes, hypothyroid")],
        patterns.PatternExplorer: lambda c: [(c.boxes["on_walking"], not c.boxes["on_walking"].value),
                                             (c.boxes["swelling"], not c.boxes["swelling"].value)],
        plan.PlanApp: lambda c: [(c.form.inputs["age"], "72"),
                                 (c.form.checkboxes["symptoms"]["dark_urine"], True)],
        profile_form.ProfileForm: lambda c: [(c.inputs["age"], "72"), (c.inputs["episodes_per_week"], "4"),
                                             (c.checkboxes["symptoms"]["swelling"], True)],
        red_flags.RedFlagChecklist: lambda c: [(c.checkboxes["symptoms"]["swelling"], True),
                                               (c.inputs["episodes_per_week"], "5")],
        static_day.StaticDay: lambda c: [(c.sitting, "6"), (c.every, 45)],
        stretch.StretchTimer: lambda c: [(c.play, 15), (c.hold, 30)],
    }


def bench_changes(component) -> list:
    """The (input widget, new value) pairs the benchmarks set on ``component``."""
    return _changes_table().get(type(component), lambda c: [])(component)


def _component_factories():
    from crampkit.widgets import (
        activity,
        fluids,
        foods,
        medications,
        patterns,
        plan,
        profile_form,
        red_flags,
        static_day,
        stretch,
    )

    return {
        "profile form (00, 08)": profile_form.profile_form,
        "fluids calculator (01)": fluids.fluids_calculator,
        "food explorer (01)": foods.food_explorer,
        "weekly load (02)": activity.weekly_load_tool,
        "activity guideline (03)": activity.guideline_tool,
        "stretch timer (03)": stretch.stretch_timer,
        "day of sitting and standing (04)": static_day.static_day_tool,
        "pattern explorer (05)": patterns.pattern_explorer,
        "medication checker (06)": medications.medication_checker,
        "conditions (06)": medications.conditions_view,
        "red-flag checklist (07)": red_flags.red_flag_checklist,
        "plan app (08)": plan.plan_app,
    }


def _once(make):
    """A setup that builds its object once (outside the timing) and reuses it."""
    made = []

    def setup():
        if not made:
            made.append(make())
        return made[0]
    return setup


def _changes(factory):
    def make():
        component = factory()
        changes = bench_changes(component)
        if not changes:
            raise RuntimeError(f"benchmarks list no inputs to set for {type(component).__name__}")
        originals = [(w, w.value) for w, _ in changes]
        return cycle(changes + originals)
    return _once(make)


def _set_next(steps) -> None:
    widget, value = next(steps)
    widget.value = value


def _day_builder():
    from crampkit.widgets.foods import day_builder

    return day_builder()


def _diary_add():
    from crampkit.diary import Diary
    from crampkit.widgets.diary import diary_app

    app = diary_app(diary=Diary(os.path.join(tempfile.mkdtemp(), "diary.sqlite3")))
    app.duration.value = "3"
    return app


def _survey_dashboard():
    from crampkit.classroom import demo_class_folder
    from crampkit.widgets.survey import class_dashboard

    return class_dashboard(demo_class_folder())


def cases():
    _as_in_a_notebook()
    result = [Case(f"set an input: {name}", _set_next, 30, _changes(factory), repeat=40,
                   note="worst target 100 ms")
              for name, factory in _component_factories().items()]
    result.append(Case("add a food: build a day (01)", lambda day: day.add(), 30, _once(_day_builder), repeat=20,
                       note="updates on its button; worst target 100 ms"))
    result.append(Case("add an episode: diary app (09)", lambda app: app.add_episode(), 30,
                       _once(_diary_add), repeat=20, note="worst target 100 ms"))
    result.append(Case("load the demo class: class dashboard (10)", lambda d: d.load(), 30,
                       _once(_survey_dashboard), repeat=10, note="worst target 100 ms"))
    return result


def finalise(rows: list[dict]) -> None:
    """A widget meets its target only if the median is under 30 ms and the worst under 100 ms."""
    for row in rows:
        row["met"] = row["median_ms"] <= 30 and row["worst_ms"] <= 100
