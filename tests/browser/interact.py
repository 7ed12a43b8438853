"""Change an input the way a person would, and tell whether the output visibly changed."""
from __future__ import annotations

from . import pagejs

PROBE = '[data-crampkit-probe="first-control"]'


def mark_first_control(page, root: str) -> str | None:
    """Mark the first visible slider, number box or dropdown under ``root``.

    Returns its kind ("slider", "number" or "dropdown"), or None when there is none; the
    control is then found with the selector ``PROBE``.
    """
    return page.evaluate(pagejs.FIRST_CONTROL, root)


def change_control(page, root: str, kind: str) -> None:
    """Change the marked control as a person would.

    Sliders move one step with an arrow key, number boxes go up by one (down at their
    maximum), dropdowns pick another option.
    """
    control = page.locator(f"{root} {PROBE}")
    if kind == "slider":
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        control.focus()
        control.press("ArrowLeft" if at_max else "ArrowRight")
    elif kind == "number":
        value = float(control.input_value() or 0)
        top = control.get_attribute("max")
        new = value - 1 if top is not None and value + 1 > float(top) else value + 1
        control.fill(str(int(new)) if new == int(new) else str(new))
        control.press("Tab")
    else:
        current = control.input_value()
        values = control.locator("option").evaluate_all("options => options.map(o => o.value)")
        others = [value for value in values if value != current]
        assert others, "the first dropdown has a single option: nothing to change"
        control.select_option(others[0])


def do_step(page, root: str, step: dict) -> str:
    """Carry out one ``{"input", "action", "value"}`` step; returns the input's selector.

    Actions: ``fill`` (type ``value`` then Tab), ``select`` (choose the option whose value or
    label is ``value``), ``press`` (press the key ``value``, default ArrowRight, on the
    focused element), ``click``, ``check`` (tick a checkbox). Without an action: ``select`` for
    a <select>, ``click`` for a button, ``press`` for a slider handle, else ``fill``.
    """
    selector = step["input"]
    target = page.locator(f"{root} {selector}").first
    action = step.get("action")
    if action is None:
        tag = target.evaluate("e => e.matches('.noUi-handle') ? 'handle' : e.tagName")
        action = {"SELECT": "select", "BUTTON": "click", "handle": "press"}.get(tag, "fill")
    value = step.get("value")
    if action == "fill":
        target.fill(str(value))
        target.press("Tab")
    elif action == "select":
        try:
            target.select_option(value=str(value), timeout=2_000)
        except Exception:  # the option's label rather than its value
            target.select_option(label=str(value))
    elif action == "press":
        target.focus()
        target.press(str(value or "ArrowRight"))
    elif action == "click":
        target.click()
    elif action == "check":
        target.check()
    else:
        raise ValueError(f"interaction action {action!r}: use fill, select, press, click or check")
    return selector


def seen(page, root: str, output: str, changed: list[str]) -> str:
    page.evaluate(pagejs.INSTALL_SEEN)
    return page.evaluate(pagejs.SEEN, [root, output, changed])


def wait_until_changed(page, root: str, output: str, changed: list[str], before: str,
                       timeout_ms: int = 15_000) -> bool:
    """True once the visible output differs from ``before``; False after ``timeout_ms``."""
    try:
        page.wait_for_function(pagejs.SEEN_CHANGED, arg=[root, output, changed, before],
                               timeout=timeout_ms)
        return True
    except Exception as error:  # playwright's TimeoutError
        if "Timeout" in type(error).__name__:
            return False
        raise
