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

import warnings

import pytest

from . import pagejs
from .helpers import NOTEBOOKS as NOTEBOOK_DIR
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


def open_and_run(page, name: str) -> None:
    """Open ``name`` in JupyterLab, wait for its kernel, run all cells until done."""
    page.evaluate(pagejs.LAB_OPEN, name)
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
        assert page.locator(f"{NOTEBOOK} {output}").count(), (
            f"interaction output {output!r} matches nothing in the notebook")
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


def screenshot_notebook(page, path) -> None:
    """Screenshot the whole notebook: the viewport grows to its height for the shot."""
    height = page.evaluate(pagejs.LAB_NOTEBOOK_HEIGHT, NOTEBOOK)
    viewport = page.viewport_size
    page.set_viewport_size({"width": viewport["width"],
                            "height": max(viewport["height"], min(height + 150, 12_000))})
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)


def wait_for(locator, what: str, timeout_ms: int = 20_000, state: str = "visible") -> None:
    try:
        locator.first.wait_for(state=state, timeout=timeout_ms)
    except Exception as error:
        if "Timeout" not in type(error).__name__:
            raise
        pytest.fail(f"{what} did not appear within {timeout_ms // 1000} s", pytrace=False)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(notebook, lab_page, output_dir):
    expectations = browser_expectations(notebook)
    page = lab_page.open()
    passed = False
    try:
        open_and_run(page, notebook.name)
        panel = page.locator(NOTEBOOK)

        errors = page.evaluate(pagejs.LAB_ERROR_OUTPUTS)
        assert not errors, "cells raised errors: " + "; ".join(
            f"cell {e['cell']}: {e['ename']}: {e['evalue']}" for e in errors)
        unrun = page.evaluate(pagejs.LAB_UNRUN_CELLS)
        assert not unrun, f"code cells that did not run: {unrun}"

        if expectations.get("widgets", True):
            wait_for(panel.locator(".jupyter-widgets"), "a widget (.jupyter-widgets; set "
                     "metadata.crampkit.browser.widgets to false if there is none)",
                     state="attached")
        if expectations.get("charts", False):
            wait_for(panel.locator(".js-plotly-plot"),
                     "a plotly chart (metadata.crampkit.browser.charts is true)")

        problems = page.evaluate(pagejs.PAGE_PROBLEMS, NOTEBOOK)
        assert not problems, "errors shown in the notebook:\n" + "\n---\n".join(problems)
        for text in page.evaluate(pagejs.PAGE_STDERR, NOTEBOOK):
            warnings.warn(f"{notebook.name} writes to stderr: {text}", stacklevel=1)

        check_interaction(page, expectations)
        problems = page.evaluate(pagejs.PAGE_PROBLEMS, NOTEBOOK)
        assert not problems, "errors shown after the interaction:\n" + "\n---\n".join(problems)
        passed = True
    finally:
        try:
            screenshot_notebook(page, output_dir / f"{notebook.stem}.png")
        finally:
            if passed:
                lab_page.close_notebook()
            else:  # start the next notebook in a fresh page, whatever state this one is in
                lab_page.discard()


APPS = sorted((NOTEBOOK_DIR / "apps").glob("*.ipynb"))
# The apps' live chart: an inline SVG (crampkit.widgets.apps.LIVE_CHART).
APP_CHART = ".crampkit-app :is(.crampkit-causes-chart, .crampkit-diary-chart) svg"
APP_INPUTS = {"plan": ".crampkit-plan-age input", "diary": ".crampkit-diary-duration input",
              "class_survey": "select"}
# The outline (or ring) the apps' own style gives a focused input (as crampkit's Voila page does).
APP_FOCUS_OUTLINE = """(selector) => {
  const input = document.querySelector(selector);
  input.focus();
  const style = getComputedStyle(input);
  return {focused: document.activeElement === input,
          styled: document.querySelectorAll('.crampkit-app-style style').length,
          outline: style.outlineStyle !== 'none' ? style.outlineWidth : '',
          shadow: style.boxShadow};
}"""


@pytest.mark.parametrize("app", APPS, ids=[path.stem for path in APPS])
def test_app_looks_the_same_in_jupyterlab(app, lab_page, output_dir):
    """Each app notebook run in JupyterLab: the live app draws (its first look then hidden),
    and a focused input gets the apps' own thick outline, as in Voila. The screenshot
    (``lab_app_NAME.png``) is for a person to compare with ``app_NAME-1366.png``."""
    page = lab_page.open()
    passed = False
    try:
        open_and_run(page, f"apps/{app.name}")
        errors = page.evaluate(pagejs.LAB_ERROR_OUTPUTS)
        assert not errors, "cells raised errors: " + "; ".join(
            f"cell {e['cell']}: {e['ename']}: {e['evalue']}" for e in errors)
        panel = page.locator(NOTEBOOK)
        wait_for(panel.locator(".crampkit-app"), "the app (.crampkit-app)")
        expectations = browser_expectations(app)
        if expectations.get("charts"):
            if not panel.locator(APP_CHART).count() and expectations.get("interaction"):
                # the app starts empty (no saved details here): answer as its interaction says
                for step in _steps(expectations["interaction"]):
                    do_step(page, f"{NOTEBOOK} .crampkit-app", step)
            wait_for(panel.locator(APP_CHART), "the app's chart")
            look = panel.locator(".crampkit-first-look")
            # a first look is drawn only from saved details (issue 24: never a made-up answer)
            assert look.count() <= 1, "the app has more than one first look"
            assert not (look.count() and look.first.is_visible()), "the first look still shows beside the live app"
        problems = page.evaluate(pagejs.PAGE_PROBLEMS, NOTEBOOK)
        assert not problems, "errors shown in the notebook:\n" + "\n---\n".join(problems)
        box = APP_INPUTS.get(app.stem, "input")
        page.keyboard.press("Shift")  # a key press: the browser then marks focus as a keyboard user's
        focus = page.evaluate(APP_FOCUS_OUTLINE, f"{NOTEBOOK} .crampkit-app {box}")
        assert focus["styled"] == 1, "the app's own style is not in the notebook"
        # JupyterLab's own rules take the outline off inputs; the 3 px ring stays.
        assert focus["focused"] and (focus["outline"] == "3px" or " 3px" in focus["shadow"]), (
            f"a focused input has no thick outline or ring ({focus})")
        passed = True
    finally:
        try:
            screenshot_notebook(page, output_dir / f"lab_app_{app.stem}.png")
        finally:
            if passed:
                lab_page.close_notebook()
            else:
                lab_page.discard()
