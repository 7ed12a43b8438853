"""Every notebook of the series, opened and run in JupyterLab in a real browser.

For each ``notebooks/NN_topic.ipynb`` (found when the tests are collected) the test opens
it in JupyterLab, waits for a connected idle kernel, runs all cells and checks what a
learner would see: every code cell ran, no error or traceback, no "Error displaying widget",
widgets rendered, plotly charts rendered where the notebook has charts, and changing one
input visibly changes an output. A screenshot goes to ``test-output/browser/NN_topic.png``.

Notebook metadata contract: ``metadata.crampkit.browser`` (all keys optional)::

    "crampkit": {"browser": {
        "widgets": true,          # default true: at least one ipywidget renders
        "charts": true,           # default false: true = at least one plotly chart renders
        "interaction": {          # default: change the first slider / number box /
                                  # dropdown and expect the notebook's outputs to change
            "steps": [            # or a single step written inline: {"input": ..., ...}
                {"input": ".crampkit-plan-age input", "action": "fill", "value": "71"},
                {"input": ".crampkit-plan-submit", "action": "click"}
            ],
            "output": ".crampkit-urgency-banner"   # default: all output areas
        }
    }}

``interaction`` may be ``false`` for a notebook with nothing to change (then ``widgets``
may be false too). Selectors are CSS, searched inside the notebook. ``action`` is one of
fill, select, press (a key in ``value``, default ArrowRight), click, check; without it the
element decides (select, click for buttons, press for slider handles, else fill).
"Changes" means the visible text of ``output`` (leaving out the changed controls) or the
data of a plotly chart inside it differs within 15 s.
"""
from __future__ import annotations

import urllib.parse
import warnings

import pytest

from . import pagejs
from .helpers import browser_expectations, series_notebooks
from .interact import PROBE, change_control, do_step, mark_first_control, seen, wait_until_changed

pytestmark = pytest.mark.browser

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
OUTPUTS = ".jp-OutputArea-output"
RUN_TIMEOUT_MS = 120_000

NOTEBOOKS = series_notebooks()


def _steps(interaction: dict) -> list[dict]:
    steps = interaction.get("steps")
    if steps is None:
        steps = [{key: interaction[key] for key in ("input", "action", "value")
                  if key in interaction}]
    if not steps or any("input" not in step for step in steps):
        raise ValueError(f"metadata.crampkit.browser.interaction needs 'input' or 'steps' "
                         f"with an 'input' each, got {interaction!r}")
    return steps


def open_and_run(page, server, name: str) -> None:
    """Open ``name`` in JupyterLab, wait for its kernel, run all cells until done."""
    page.goto(f"{server.base_url}/lab/tree/{urllib.parse.quote(name)}?reset")
    # "Idle" shows before the kernel's websocket connects; Run All would then run nothing.
    page.wait_for_function(pagejs.LAB_KERNEL_READY, arg=name, timeout=60_000)
    page.evaluate(pagejs.LAB_AWAIT_KERNEL_INFO)
    page.evaluate(pagejs.LAB_RUN_ALL)
    page.wait_for_function(pagejs.LAB_RUN_FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)


def check_interaction(page, expectations: dict) -> None:
    interaction = expectations.get("interaction")
    if interaction is False or (interaction is None and expectations.get("widgets") is False):
        return
    if interaction:
        output = interaction.get("output") or OUTPUTS
        steps = _steps(interaction)
        changed = [step["input"] for step in steps]
        before = seen(page, NOTEBOOK, output, changed)
        for step in steps:
            do_step(page, NOTEBOOK, step)
        what = " then ".join(f"{step.get('action', 'change')} {step['input']}" for step in steps)
    else:
        output = OUTPUTS
        kind = mark_first_control(page, NOTEBOOK)
        assert kind is not None, (
            "no slider, number box or dropdown to change: name one in "
            "metadata.crampkit.browser.interaction, or set it to false")
        changed = [PROBE]
        before = seen(page, NOTEBOOK, output, changed)
        change_control(page, NOTEBOOK, kind)
        what = "changing the first slider/number box/dropdown"
    assert wait_until_changed(page, NOTEBOOK, output, changed, before), (
        f"{what} did not visibly change {output!r}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(notebook, lab_server, page, output_dir):
    expectations = browser_expectations(notebook)
    try:
        open_and_run(page, lab_server, notebook.name)
        panel = page.locator(NOTEBOOK)

        errors = page.evaluate(pagejs.LAB_ERROR_OUTPUTS)
        assert not errors, "cells raised errors: " + "; ".join(
            f"cell {e['cell']}: {e['ename']}: {e['evalue']}" for e in errors)
        unrun = page.evaluate(pagejs.LAB_UNRUN_CELLS)
        assert not unrun, f"code cells that did not run: {unrun}"

        if expectations.get("widgets", True):
            panel.locator(".jupyter-widgets").first.wait_for(state="attached", timeout=20_000)
        if expectations.get("charts", False):
            panel.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=20_000)

        problems = page.evaluate(pagejs.PAGE_PROBLEMS, NOTEBOOK)
        assert not problems, "errors shown in the notebook:\n" + "\n---\n".join(problems)
        for text in page.evaluate(pagejs.PAGE_STDERR, NOTEBOOK):
            warnings.warn(f"{notebook.name} writes to stderr: {text}", stacklevel=1)

        check_interaction(page, expectations)
        problems = page.evaluate(pagejs.PAGE_PROBLEMS, NOTEBOOK)
        assert not problems, "errors shown after the interaction:\n" + "\n---\n".join(problems)
    finally:
        page.screenshot(path=str(output_dir / f"{notebook.stem}.png"), full_page=True)
        try:
            page.evaluate(pagejs.LAB_SHUTDOWN_KERNEL)
        except Exception:  # the page may be gone after a failure; the server stops kernels
            pass
