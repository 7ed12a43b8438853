"""The plan app, the diary app and the class survey by keyboard alone (issue 24 item 6).

A person who cannot use a mouse presses only Tab, Shift+Tab, Space, Enter, the arrow keys
and types. Each test walks its whole app that way in Chromium, at 1366x768 and at 1280x800
with the browser zoomed to 150% (a CSS window of 853x533 drawn at 1.5 pixels per point),
fills every field and sees the answer; screenshots go to ``test-output/browser/keys-*``.
"""
from __future__ import annotations

import pytest

from crampkit.widgets.fields import question_label

from .conftest import block_the_internet
from .helpers import CONTENT_HEIGHT
from .test_voila_apps import (
    BODY,
    DIARY,
    FOCUS_VISIBLE,
    PLAN,
    SURVEY,
    assert_no_problems,
    needs,
    tab_to,
)
from .test_voila_apps import test_survey_app_works_with_the_keyboard_alone as survey_walk

pytestmark = pytest.mark.browser

SIZES = [pytest.param({"width": 1366, "height": 768}, 1, id="1366x768"),
         pytest.param({"width": 853, "height": 533}, 1.5, id="1280x800-zoom150")]

# What the focused element is, in a word the walk acts on.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {kind: 'none'};
  const label = Array.from(e.labels || []).map((l) => l.innerText).join(' ').trim();
  const answer = e.closest('[class*="crampkit-answer-"]');
  const key = answer ? [...answer.classList].find((c) => c.startsWith('crampkit-answer-')) : '';
  return {kind: e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase(), label,
          text: (e.innerText || '').trim(), key: key.replace('crampkit-answer-', ''),
          checked: !!e.checked, expanded: e.getAttribute('aria-expanded'),
          toggle: e.classList.contains('crampkit-section-toggle'),
          submit: !!e.closest('.crampkit-plan-submit'), skip: e.classList.contains('crampkit-skip-link'),
          inForm: !!e.closest('.crampkit-profile-form'), id: e.id || ''};
}"""

# Numbers typed into the plan form, by the field each box asks for (units as people type them).
PLAN_NUMBERS = {
    "age": "15", "typical_duration_minutes": "3", "episodes_per_week": "4",
    "exercise_minutes_per_week": "6 hours", "hours_standing_per_day": "2", "hours_sitting_per_day": "7",
    "fluids_litres_per_day": "4 cups", "alcohol_drinks_per_week": "0",
}
PLAN_TEXTS = {"conditions": "asthma", "medications": "paracetamol"}
PLAN_TICKS = {"night", "stretching", "sleep-disrupted"}


# How long a page may take to be ready on a busy shared machine (readiness, not speed: the
# apps' speed is measured in benchmarks/).
READY_MS = 180_000


def _open(page, server, name: str, ready: str) -> None:
    """Open the app and wait until ``ready`` shows (the live widgets are connected)."""
    page.goto(f"{server.base_url}/voila/render/{name}", timeout=READY_MS, wait_until="domcontentloaded")
    page.locator(ready).first.wait_for(state="visible", timeout=READY_MS)
    assert_no_problems(page, name)


def _context(browser, viewport, scale):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    context.set_default_timeout(30_000)
    outside = block_the_internet(context)
    return context, outside


def _shot(page, output_dir, name: str, viewport) -> None:
    size = "1366x768" if viewport["width"] == 1366 else "1280x800-zoom150"
    page.screenshot(path=str(output_dir / f"keys-{name}-{size}.png"))


def _whole(page, output_dir, name: str, viewport) -> None:
    """The whole page in one picture (Voila scrolls inside an element: grow the window)."""
    height = min(max(viewport["height"], page.evaluate(CONTENT_HEIGHT) + 40), 15_000)
    page.set_viewport_size({"width": viewport["width"], "height": height})
    page.wait_for_timeout(300)
    _shot(page, output_dir, name, viewport)
    page.set_viewport_size(viewport)


def _field_of(label: str) -> str | None:
    for field in (*PLAN_NUMBERS, *PLAN_TEXTS):
        if label.strip() == question_label(field).strip():
            return field
    return None


def _plan_walk(page) -> dict:
    """From the age box, Tab through the whole form: open every closed section with Enter,
    type each box, tick a few boxes with Space, stop on "Show my plan". Returns what was done."""
    done = {"typed": set(), "ticked": set(), "opened": 0, "presses": 0}
    for _ in range(250):
        now = page.evaluate(FOCUSED)
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {now}"
        if now["submit"]:
            return done
        if now["toggle"]:
            if now["expanded"] != "true":
                assert now["expanded"] == "false", f"a section header says no aria-expanded: {now}"
                assert "closed" in now["text"], now
                page.keyboard.press("Enter")
                page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'true'",
                                       timeout=30_000)
                # the section's boxes are drawn just after it opens: Tab goes into them
                page.wait_for_function("() => { const next = document.activeElement.nextElementSibling;"
                                       " return !!(next && next.querySelector('input, textarea, select')); }",
                                       timeout=30_000)
                done["opened"] += 1
        elif now["kind"] == "text" and now["inForm"]:
            field = _field_of(now["label"])
            if field and field not in done["typed"]:
                page.keyboard.press("Control+A")
                page.keyboard.type(PLAN_NUMBERS.get(field) or PLAN_TEXTS[field])
                done["typed"].add(field)
        elif now["kind"] == "checkbox" and now["key"] in PLAN_TICKS and not now["checked"]:
            page.keyboard.press("Space")
            page.wait_for_function("() => document.activeElement.checked", timeout=10_000)
            done["ticked"].add(now["key"])
        elif now["kind"] == "select" and now["inForm"]:
            page.keyboard.press("ArrowDown")  # sex: the next answer
        page.keyboard.press("Tab")
        done["presses"] += 1
    pytest.fail(f"Tab never reached 'Show my plan'; done: {done}", pytrace=False)


@needs(PLAN)
@pytest.mark.parametrize("viewport, scale", SIZES)
def test_the_whole_plan_app_by_keyboard(viewport, scale, browser, voila_server, output_dir):
    """Tab first reaches "Skip to the form"; Enter jumps to the answers; every section
    header opens with Enter and says aria-expanded; every box is typed and tick boxes
    ticked with Space; Enter on "Show my plan" brings the focus to "Your next steps",
    which show this person's answer (a warning sign ticked: see a doctor or nurse soon)."""
    context, outside = _context(browser, viewport, scale)
    page = context.new_page()
    try:
        _open(page, voila_server, PLAN, ".crampkit-plan-age input")
        page.locator(".crampkit-section-toggle").first.wait_for(state="visible")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert first["skip"] and "Skip to the form" in first["text"], f"the first Tab stop is {first}"
        assert page.evaluate(FOCUS_VISIBLE), "the skip link shows no visible focus"
        _shot(page, output_dir, "plan-skip-link", viewport)
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.id === 'crampkit-your-answers'", timeout=10_000)
        presses = tab_to(page, ".crampkit-plan-age", limit=10)
        assert presses <= 6, f"{presses} presses of Tab from the skip link to Age"
        toggles = page.evaluate("() => [...document.querySelectorAll('.crampkit-section-toggle')]"
                                ".map((b) => [b.tagName, b.getAttribute('aria-expanded')])")
        assert toggles == [["BUTTON", "true"]] + [["BUTTON", "false"]] * 3, toggles
        done = _plan_walk(page)
        assert done["typed"] == set(PLAN_NUMBERS) | set(PLAN_TEXTS), done
        assert done["ticked"] == PLAN_TICKS and done["opened"] == 3, done
        _shot(page, output_dir, "plan-form-filled", viewport)
        # What was typed with a unit was read with it: the answers reached the plan.
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.id === 'crampkit-plan-start'", timeout=30_000)
        steps = page.locator(".crampkit-plan-next-steps").first.inner_text()
        assert "Your next steps" in steps and "See a doctor or nurse soon" in steps, steps
        banner = page.locator(".crampkit-urgency-banner").first.inner_text()
        assert "age 15" in banner, banner
        assert "Your plan is ready" in page.locator(BODY).inner_text()
        _shot(page, output_dir, "plan-next-steps", viewport)
        # From the plan back down to the answers: the chart's toolbar is never a Tab stop.
        for presses in range(1, 200):
            page.keyboard.press("Tab")
            where = page.evaluate("() => document.activeElement.closest('.modebar-container, "
                                  ".crampkit-profile-form') ? document.activeElement.closest("
                                  "'.modebar-container, .crampkit-profile-form').className : ''")
            assert "modebar" not in where, f"Tab stop {presses} is on the chart's toolbar"
            if "crampkit-profile-form" in where:
                break
        else:
            pytest.fail("Tab never came back to the answers from the plan", pytrace=False)
        _whole(page, output_dir, "plan-whole", viewport)
        assert_no_problems(page, PLAN)
    finally:
        context.close()
    assert not outside, f"the page asked the internet for: {outside}"


@needs(DIARY)
@pytest.mark.parametrize("viewport, scale", SIZES)
def test_the_whole_diary_form_by_keyboard(viewport, scale, browser, voila_server, output_dir):
    """Tab through "Log a cramp": a bad length ("-5") is a note beside the box and nothing
    is saved; "2 hours" is read as 120 minutes; a tick with Space, a note typed; Enter on
    "Add to my diary" adds exactly one row, of 120 minutes."""
    context, outside = _context(browser, viewport, scale)
    page = context.new_page()
    try:
        _open(page, voila_server, DIARY, ".crampkit-diary-add")
        table = ".crampkit-diary-table"
        rows_before = page.locator(f"{table} tr").count()
        tab_to(page, ".crampkit-diary-duration")
        page.keyboard.press("Control+A")
        page.keyboard.type("-5")
        tab_to(page, ".crampkit-diary-add")
        page.keyboard.press("Enter")
        page.get_by_text("'-5' is out of range").first.wait_for(state="visible", timeout=30_000)
        _shot(page, output_dir, "diary-bad-length", viewport)
        assert page.locator(f"{table} tr").count() == rows_before, "a bad length was saved"
        page.keyboard.press("Shift+Tab")
        tab_to(page, ".crampkit-diary-duration")
        page.keyboard.press("Control+A")
        page.keyboard.type("2 hours")
        page.keyboard.press("Tab")
        page.get_by_text("2 hours = 120 min").first.wait_for(state="visible", timeout=30_000)
        ticked = notes = False
        for _ in range(60):
            now = page.evaluate(FOCUSED)
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {now}"
            if now["kind"] == "checkbox" and not ticked:
                page.keyboard.press("Space")
                ticked = True
            elif now["kind"] == "textarea":
                page.keyboard.type("woke me up, both calves")
                notes = True
            elif now["kind"] == "button" and "Add to my diary" in now["text"]:
                break
            page.keyboard.press("Tab")
        else:
            pytest.fail("Tab never reached 'Add to my diary'", pytrace=False)
        assert ticked and notes
        page.keyboard.press("Enter")
        page.wait_for_function("([s, n]) => document.querySelectorAll(s + ' tr').length > n",
                               arg=[table, rows_before], timeout=30_000)
        rows = page.locator(f"{table} tr").all_inner_texts()
        assert len(rows) == rows_before + (2 if rows_before == 0 else 1)  # a header row comes with the first
        assert any("\t120\t" in f"\t{row}\t" for row in rows), rows
        _shot(page, output_dir, "diary-added", viewport)
        assert_no_problems(page, DIARY)
    finally:
        context.close()
    assert not outside, f"the page asked the internet for: {outside}"


@needs(SURVEY)
@pytest.mark.parametrize("viewport, scale", SIZES)
def test_the_class_survey_by_keyboard(viewport, scale, browser, voila_server, output_dir):
    """The survey's keyboard walk (test_voila_apps) at both sizes, with a screenshot."""
    context, outside = _context(browser, viewport, scale)
    page = context.new_page()
    try:
        survey_walk(voila_server, page)
        _shot(page, output_dir, "survey-sent", viewport)
    finally:
        context.close()
    assert not outside, f"the page asked the internet for: {outside}"
