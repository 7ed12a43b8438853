"""Notebooks 01-04: the activity and static-day cores, and each tool's input -> output time.

Widget cases set one input (from ``bench_widgets.bench_changes``) and time until the
outputs are redrawn, alternating between the new and the original value so every run
really changes something. Targets: 1 ms for the cores, 150 ms for a tool to respond.
"""
from __future__ import annotations

from benchmarks.bench_widgets import bench_changes
from benchmarks.harness import Case


def _toggle(component_factory, index):
    """A setup/func pair that flips input ``index`` between its bench value and the original."""
    state = {}

    def setup():
        if "component" not in state:
            component = component_factory()
            widget, value = bench_changes(component)[index]
            state.update(component=component, widget=widget, values=[value, widget.value], turn=0)
        state["turn"] += 1
        return state

    def func(s):
        s["widget"].value = s["values"][s["turn"] % 2]

    return setup, func


def cases():
    from crampkit.store import demo_profile
    from crampkit.topics import activity, static_day
    from crampkit.widgets.activity import guideline_tool, weekly_load_tool
    from crampkit.widgets.fluids import fluids_calculator
    from crampkit.widgets.foods import day_builder, food_explorer
    from crampkit.widgets.static_day import static_day_tool
    from crampkit.widgets.stretch import stretch_timer

    profile = demo_profile()
    steps = activity.stretch_routine(30)
    result = [
        Case("weekly_load: four weeks", lambda _: activity.weekly_load([60, 60, 90, 95]), 1),
        Case("guideline_check", lambda _: activity.guideline_check(60, 58), 1),
        Case("timer_state: last step of the 30 s routine", lambda _: activity.timer_state(steps, 359), 1),
        Case("day_timeline: 9 h sitting, 2 h standing", lambda _: static_day.day_timeline(9, 2), 1),
    ]
    tools = [
        ("fluids calculator", lambda: fluids_calculator(profile)),
        ("food explorer", food_explorer),
        ("weekly load", lambda: weekly_load_tool(profile)),
        ("guideline", lambda: guideline_tool(profile)),
        ("stretch timer", stretch_timer),
        ("static day", lambda: static_day_tool(profile)),
    ]
    for name, factory in tools:
        count = len(bench_changes(factory()))
        for index in range(count):
            setup, func = _toggle(factory, index)
            result.append(Case(f"{name}: input {index + 1} -> output", func, 150, setup=setup, repeat=10))

    def one_more_food():
        if "builder" not in state:
            state["builder"] = day_builder(profile)
        builder = state["builder"]
        if len(builder.items) > 6:  # undo the last run's food (not timed)
            builder.remove_last()
        return builder

    state: dict = {}
    result.append(Case("build a day: add a food -> both charts", lambda b: b.add(), 150,
                       setup=one_more_food, repeat=10))
    return result
