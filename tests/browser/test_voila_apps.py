"""The two apps, served by Voila and used in a real browser as a person would.

* Plan app (``notebooks/apps/plan.ipynb``): enter an age, ask for the plan, and an
  urgency banner and the chart of possible causes appear.
* Diary app (``notebooks/apps/diary.ipynb``): add an episode, and it shows in the
  table and the chart. The diary is written under a temporary CRAMPKIT_HOME.
* Both apps pass axe with no "critical" or "serious" accessibility violation.

The tests find widgets by CSS classes the widget code adds with ``widget.add_class(...)``:

==========================  ==============================================================
``crampkit-plan-age``       the age input (BoundedIntText/IntText) of the plan form
``crampkit-plan-submit``    the button that makes the plan (optional if the plan updates
                            on every change)
``crampkit-urgency-banner`` the widget showing the urgency message (HTML/Label/Output)
``crampkit-causes-chart``   the widget holding the chart of possible causes (an inline SVG)
``crampkit-diary-add``      the button that adds an episode (the entry form's defaults
                            must make a valid episode)
``crampkit-diary-table``    the widget showing the episodes (HTML table or Output)
``crampkit-diary-chart``    the widget holding the charts of episodes (inline SVGs)
==========================  ==============================================================

A test is skipped (even in CI) only while its notebook file does not exist yet.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import pagejs
from .helpers import NOTEBOOKS, open_page, screenshot_both_widths
from .interact import seen, wait_until_changed

pytestmark = pytest.mark.browser

PLAN = "apps/plan.ipynb"
DIARY = "apps/diary.ipynb"
SURVEY = "apps/class_survey.ipynb"
BODY = "body"
APP_TIMEOUT_MS = 60_000
PLAN_AGE = "72"
BLOCKING_IMPACTS = ("critical", "serious")


@pytest.fixture()
def saved_details(voila_server):
    """Details saved on the server's computer (its own CRAMPKIT_HOME) for one test, as a
    person who pressed Save my details: one leg swollen, so the answer is urgent."""
    import json

    from crampkit.assessment.profile import Profile

    home = Path(voila_server.env["CRAMPKIT_HOME"])
    path = home / "profile.json"
    profile = Profile(age=66, sex="male", episodes_per_week=4, fluids_litres_per_day=1.5,
                      symptoms=["swelling", "one_leg_only"])
    old = os.environ.get("CRAMPKIT_HOME")
    os.environ["CRAMPKIT_HOME"] = str(home)
    try:
        from crampkit import store
        store.save_profile(profile)
    finally:
        if old is None:
            os.environ.pop("CRAMPKIT_HOME")
        else:
            os.environ["CRAMPKIT_HOME"] = old
    assert json.loads(path.read_text(encoding="utf-8"))
    try:
        yield profile
    finally:
        path.unlink(missing_ok=True)


def needs(name: str):
    """Skip (before any server starts) while the app's notebook does not exist yet."""
    return pytest.mark.skipif(not (NOTEBOOKS / name).exists(),
                              reason=f"notebooks/{name} does not exist yet")


def open_app(page, server, name: str, ready_selector: str) -> None:
    """Open the app and wait until ``ready_selector`` is visible (widgets connected)."""
    try:
        open_page(page, f"{server.base_url}/voila/render/{name}", server,
                  timeout_ms=APP_TIMEOUT_MS, wait_until="domcontentloaded")
        page.locator(ready_selector).first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
    except Exception as error:
        if "Timeout" not in type(error).__name__:
            raise
        try:
            problems = page.evaluate(pagejs.PAGE_PROBLEMS, BODY)
        except Exception:  # the page never loaded
            problems = []
        pytest.fail(f"{name}: {ready_selector!r} was not visible within "
                    f"{APP_TIMEOUT_MS // 1000} s (does the widget have this class, added with "
                    f"widget.add_class?). Errors on the page: {problems or 'none'}.\n"
                    f"Voila log ({server.log_path}) ends:\n{server.log_tail(1500)}",
                    pytrace=False)
    assert_no_problems(page, name)


def assert_no_problems(page, name: str) -> None:
    problems = page.evaluate(pagejs.PAGE_PROBLEMS, BODY)
    text = page.locator(BODY).inner_text()
    if "There was an error when executing cell" in text:
        problems.append("Voila: there was an error when executing a cell")
    assert not problems, f"{name} shows errors:\n" + "\n---\n".join(problems)


def use_plan(page, server) -> None:
    open_app(page, server, PLAN, ".crampkit-plan-age input")
    banner, chart = ".crampkit-urgency-banner", ".crampkit-causes-chart"
    before = seen(page, BODY, banner, [])
    page.locator(".crampkit-plan-age input").first.fill(PLAN_AGE)
    page.locator(".crampkit-plan-age input").first.press("Tab")
    submit = page.locator(".crampkit-plan-submit")
    if submit.count():
        submit.first.click()
    assert wait_until_changed(page, BODY, banner, [], before, timeout_ms=30_000), (
        f"the urgency banner ({banner}) did not change after entering age {PLAN_AGE}"
        f"{' and clicking .crampkit-plan-submit' if submit.count() else ''}")
    assert page.locator(banner).first.inner_text().strip(), "the urgency banner is empty"
    page.locator(f"{chart} svg").first.wait_for(state="visible", timeout=30_000)
    assert_no_problems(page, PLAN)


def use_diary(page, server) -> None:
    open_app(page, server, DIARY, ".crampkit-diary-add")
    table, chart = ".crampkit-diary-table", ".crampkit-diary-chart"
    rows_before = page.locator(f"{table} tr").count()
    chart_before = seen(page, BODY, chart, [])
    page.locator(".crampkit-diary-add").first.click()
    page.wait_for_function(
        "([selector, before]) => document.querySelectorAll(selector + ' tr').length > before",
        arg=[table, rows_before], timeout=30_000)
    page.locator(f"{chart} svg").first.wait_for(state="visible", timeout=30_000)
    assert wait_until_changed(page, BODY, chart, [], chart_before, timeout_ms=30_000), (
        "the diary chart did not change after adding an episode")
    assert_no_problems(page, DIARY)


@needs(PLAN)
def test_plan_app_shows_urgency_and_causes(voila_server, page, output_dir):
    try:
        use_plan(page, voila_server)
    finally:
        screenshot_both_widths(page, output_dir / "app_plan")


@needs(DIARY)
def test_diary_app_adds_an_episode(voila_server, page, output_dir):
    try:
        use_diary(page, voila_server)
    finally:
        screenshot_both_widths(page, output_dir / "app_diary")


@needs(SURVEY)
def test_survey_app_opens_with_its_form(voila_server, page, output_dir):
    try:
        open_app(page, voila_server, SURVEY, ".crampkit-app")
        text = page.locator(".crampkit-app").first.inner_text()
        assert "Self-check" not in text and "Key takeaways" not in text, "lesson parts show"
    finally:
        screenshot_both_widths(page, output_dir / "app_class_survey")


FOCUSED_INSIDE = """(selector) => {
  const active = document.activeElement;
  return !!active && !!active.closest(selector);
}"""

# A visible focus mark on the focused element: an outline or a box shadow.
FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
         || (style.boxShadow && style.boxShadow !== 'none');
}"""


def tab_to(page, selector: str, limit: int = 400) -> int:
    """Press Tab until the focus is inside ``selector``; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_INSIDE, selector):
            return presses
    pytest.fail(f"{limit} presses of Tab never reached {selector}", pytrace=False)


@needs(PLAN)
def test_plan_app_works_with_the_keyboard_alone(voila_server, page, output_dir):
    """Tab to the age box, type an age, Tab to "Show my plan", press Enter: the banner
    changes. No mouse at all."""
    open_app(page, voila_server, PLAN, ".crampkit-plan-age input")
    banner = ".crampkit-urgency-banner"
    before = seen(page, BODY, banner, [])
    tab_to(page, ".crampkit-plan-age")
    assert page.evaluate(FOCUS_VISIBLE), "the age box shows no visible focus"
    page.keyboard.press("Control+A")
    page.keyboard.type(PLAN_AGE)
    tab_to(page, ".crampkit-plan-submit")
    assert page.evaluate(FOCUS_VISIBLE), "the 'Show my plan' button shows no visible focus"
    page.keyboard.press("Enter")
    assert wait_until_changed(page, BODY, banner, [], before, timeout_ms=30_000), (
        "the banner did not change after typing an age and pressing Enter, keyboard only")
    assert f"age {PLAN_AGE}" in page.locator(banner).first.inner_text()
    assert_no_problems(page, PLAN)


def blocking_violations(page) -> list[str]:
    """axe's violations of impact critical or serious, one readable line per element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} "
                         f"({violation['helpUrl']})\n    at {', '.join(map(str, node['target']))}: "
                         f"{node.get('html', '')[:200]}")
    return lines


@pytest.mark.parametrize("name, use", [pytest.param(PLAN, use_plan, marks=needs(PLAN), id="plan"),
                                       pytest.param(DIARY, use_diary, marks=needs(DIARY),
                                                    id="diary")])
def test_app_has_no_serious_accessibility_problems(name, use, voila_server, page):
    use(page, voila_server)  # check the page as it looks once in use (banner, charts)
    problems = blocking_violations(page)
    assert not problems, (f"axe found {len(problems)} critical/serious accessibility "
                          f"problems in {name}:\n" + "\n".join(problems))


# Every input, drop-down and text box on screen has a name a screen reader reads out: a
# <label> with words, aria-label or aria-labelledby. Lists the ones that have none.
UNLABELLED = """(root) => Array.from(document.querySelectorAll(
    `${root} input, ${root} select, ${root} textarea`))
  .filter((e) => e.type !== 'hidden' && e.getClientRects().length > 0)
  .filter((e) => !(e.labels && Array.from(e.labels).some((l) => l.innerText.trim()))
                 && !(e.getAttribute('aria-label') || '').trim()
                 && !(e.getAttribute('aria-labelledby') || '').trim())
  .map((e) => e.outerHTML.slice(0, 160))"""


def press_with_visible_focus(page, selector: str, what: str) -> None:
    """Tab to ``selector``; the focus must be visible there."""
    tab_to(page, selector)
    assert page.evaluate(FOCUS_VISIBLE), f"{what} shows no visible focus"


@needs(DIARY)
def test_diary_app_works_with_the_keyboard_alone(voila_server, page):
    """Tab to "How long", type 3, Tab to "Add to my diary", press Enter: the new cramp is in
    the table. Every input has a label a screen reader reads."""
    open_app(page, voila_server, DIARY, ".crampkit-diary-add")
    page.locator(".crampkit-diary-chart svg").first.wait_for(state="visible")
    unlabelled = page.evaluate(UNLABELLED, ".crampkit-app")
    assert not unlabelled, "inputs with no label:\n" + "\n".join(unlabelled)
    table = ".crampkit-diary-table"
    rows_before = page.locator(f"{table} tr").all_inner_texts()
    press_with_visible_focus(page, ".crampkit-diary-duration", "the 'How long' box")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")  # a number box hands its value over on Enter (or on leaving)
    assert page.evaluate("() => document.activeElement.value") == "3", "typing did not give 3"
    press_with_visible_focus(page, ".crampkit-diary-add", "the 'Add to my diary' button")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([selector, before]) => document.querySelectorAll(selector + ' tr').length > before",
        arg=[table, len(rows_before)], timeout=30_000)
    # The new row (other tests may have logged cramps in the same minute): 3 minutes.
    added = list(page.locator(f"{table} tr").all_inner_texts())
    for row in rows_before:
        if row in added:
            added.remove(row)
    assert len(added) == 1 and "\t3\t" in f"\t{added[0]}\t", (
        f"the new row does not say 3 minutes: {added!r}")
    assert_no_problems(page, DIARY)


ACTIVE_LABEL = """() => Array.from(document.activeElement.labels || [])
  .map((l) => l.innerText).join(' ')"""
SURVEY_STEP = """() => {
  const e = document.activeElement;
  if (!e || !e.closest('.crampkit-survey-form')) return 'outside';
  // "Choose one" (the first option) or nothing chosen yet (-1) is not an answer.
  if (e.tagName === 'SELECT') return e.selectedIndex < 1 ? 'choose' : 'chosen';
  if (e.type === 'checkbox') return e.checked ? 'ticked' : 'tick';
  if (e.tagName === 'BUTTON') return e.innerText.includes('Send') ? 'send' : 'button';
  return 'other';
}"""


@needs(SURVEY)
def test_survey_app_works_with_the_keyboard_alone(voila_server, page):
    """Tab through the survey, choose with the arrow keys, tick a box with Space, send with
    Enter: "Thank you" shows. Every stop shows its focus; every input has a label."""
    open_app(page, voila_server, SURVEY, ".crampkit-survey-form select")
    # Each question a student has not answered says "Choose one", never an empty box.
    shown = page.evaluate("() => [...document.querySelectorAll('.crampkit-survey-form select')]"
                          ".map((s) => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text.replace(/\u00a0/g, ' '))")
    assert shown.count("Choose one") == 4 and "" not in shown, shown
    unlabelled = page.evaluate(UNLABELLED, ".crampkit-survey-form")
    assert not unlabelled, "inputs with no label:\n" + "\n".join(unlabelled)
    tab_to(page, ".crampkit-survey-form")
    ticked = False
    for _ in range(60):
        step = page.evaluate(SURVEY_STEP)
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on a survey control ({step})"
        if step == "send":
            break
        if step == "choose":
            # Past "Choose one" to the second answer (for "How often": not "Never", so the
            # "When do they happen?" boxes show).
            for _press in range(3):
                if page.evaluate("() => document.activeElement.selectedIndex") < 2:
                    page.keyboard.press("ArrowDown")
            assert page.evaluate(SURVEY_STEP) == "chosen", "ArrowDown did not choose an answer"
            if "How often" in page.evaluate(ACTIVE_LABEL):
                # The "When" boxes open once the answer is not "Never" (a kernel round trip).
                page.wait_for_function(
                    "() => !document.querySelector('.crampkit-survey-form "
                    "input[type=checkbox]').disabled", timeout=30_000)
        elif step == "tick" and not ticked:
            page.keyboard.press("Space")
            assert page.evaluate(SURVEY_STEP) == "ticked", "Space did not tick the box"
            ticked = True
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the 'Send my answer' button", pytrace=False)
    page.keyboard.press("Enter")
    try:
        page.get_by_text("Thank you!").first.wait_for(state="visible", timeout=30_000)
    except Exception as error:
        if "Timeout" not in type(error).__name__:
            raise
        pytest.fail("no 'Thank you!' after sending, keyboard only; the form says: "
                    + page.locator(".crampkit-survey-form").first.inner_text()[-300:],
                    pytrace=False)
    assert ticked, "Tab never reached a tick box in the survey"
    assert_no_problems(page, SURVEY)


@needs(PLAN)
def test_plan_app_first_look_shows_without_javascript_and_gives_way(voila_server, browser,
                                                                      page, output_dir, saved_details):
    """Voila puts the plan's first look (warnings, answer, chart as SVG) into the page
    itself: it shows with JavaScript switched off. With JavaScript, once the live app has
    drawn its chart the first look is hidden, and both say the same. The first look is of
    the person's saved details (issue 24: never of the made-up example)."""
    from .conftest import block_the_internet
    from .helpers import WIDE

    context = browser.new_context(viewport=WIDE, java_script_enabled=False)
    outside = block_the_internet(context)
    try:
        still = context.new_page()
        open_page(still, f"{voila_server.base_url}/voila/render/{PLAN}", voila_server,
                  timeout_ms=APP_TIMEOUT_MS)
        look = still.locator(".crampkit-first-look")
        look.locator("svg").first.wait_for(state="visible", timeout=APP_TIMEOUT_MS)
        text = look.first.inner_text()
        for words in ("Your plan", "What may contribute to your cramps", "age 66"):
            assert words in text, f"the first look does not show {words!r}"
        assert "MADE-UP" not in text and "age 58" not in text
        assert look.locator("[class^='crampkit-first-banner-']").count() == 1, "no banner"
        still.screenshot(path=str(output_dir / "app_plan_first_look-1366.png"))
    finally:
        context.close()
    assert not outside, f"the page asked the internet for: {outside}"

    open_app(page, voila_server, PLAN, ".crampkit-plan-age input")
    page.locator(".crampkit-causes-chart svg").first.wait_for(state="visible")
    look = page.locator(".crampkit-first-look")
    assert look.count() == 1 and not look.first.is_visible(), (
        "the first look still shows beside the live app")
    first_banner = look.locator("[class^='crampkit-first-banner-']").first.text_content()
    live_banner = page.locator(".crampkit-urgency-banner").first.inner_text()
    squash = lambda s: "".join(s.split())  # noqa: E731 (textContent drops line breaks)
    assert squash(first_banner) == squash(live_banner), (
        f"the first look and the live app disagree: {first_banner!r} / {live_banner!r}")


# Heights of every chart drawn in the live app (its inline SVG), in pixels.
CHART_HEIGHTS = """() => Array.from(document.querySelectorAll(
    '.crampkit-app .crampkit-causes-chart svg, .crampkit-app .crampkit-diary-chart svg'))
  .map((e) => Math.round(e.getBoundingClientRect().height))"""


@pytest.mark.parametrize("name, use", [pytest.param(PLAN, use_plan, marks=needs(PLAN), id="plan"),
                                       pytest.param(DIARY, use_diary, marks=needs(DIARY),
                                                    id="diary")])
def test_app_charts_stay_visible_when_the_window_narrows(name, use, voila_server, page):
    """A person who makes the window narrower (or turns a tablet) still sees every chart:
    plotly used to shrink a resized chart to nothing."""
    use(page, voila_server)
    wide = page.evaluate(CHART_HEIGHTS)
    assert wide and min(wide) > 100, f"{name}: charts not drawn at 1366 px: {wide}"
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_timeout(1000)  # plotly redraws a resized chart after a short delay
    narrow = page.evaluate(CHART_HEIGHTS)
    assert narrow == wide, f"{name}: chart heights {wide} at 1366 px became {narrow} at 800 px"


@needs(PLAN)
def test_a_new_plan_app_is_empty_and_shows_the_made_up_example_only_when_asked(voila_server, page,
                                                                                output_dir):
    """Issue 24: the app opens on nobody's plan; the made-up example comes only with its
    button, and then every part says it is made up."""
    try:
        open_app(page, voila_server, PLAN, ".crampkit-plan-age input")
        assert page.locator(".crampkit-plan-age input").first.input_value() == ""
        assert not page.locator(".crampkit-first-look").count(), "a first look of an empty form"
        text = page.locator(BODY).inner_text()
        assert "age 58" not in text and "Your plan starts when you type your age" in text
        screenshot_both_widths(page, output_dir / "app_plan_empty")
        page.locator(".crampkit-profile-demo").first.click()
        page.get_by_text("The example plan").first.wait_for(state="visible", timeout=30_000)
        banner = page.locator(".crampkit-urgency-banner").first.inner_text()
        assert "MADE-UP EXAMPLE" in banner, banner
        assert "MADE-UP EXAMPLE" in page.locator(".crampkit-profile-status").first.inner_text()
        assert not page.locator(".crampkit-report-download a").count(), "a report of made-up answers"
        assert_no_problems(page, PLAN)
    finally:
        screenshot_both_widths(page, output_dir / "app_plan_made_up_example")


@needs(PLAN)
@pytest.mark.parametrize("typed", ["abc", "-5", "1e400", ""])
def test_a_bad_age_keeps_the_form_and_the_persons_own_answer(typed, voila_server, page, output_dir,
                                                              saved_details):
    """Issue 24: a typo never brings back the page's first look (another moment's answer):
    the form stays, with a note beside the age, and the person's own warning stays up."""
    stem = output_dir / f"app_plan_bad_age_{typed.replace('-', 'minus') or 'empty'}"
    try:
        open_app(page, voila_server, PLAN, ".crampkit-plan-age input")
        page.locator(".crampkit-causes-chart svg").first.wait_for(state="visible")
        age = page.locator(".crampkit-plan-age input").first
        assert age.input_value() == "66"
        age.fill(typed)
        age.press("Tab")
        page.wait_for_selector(".crampkit-app.crampkit-plan-waiting", timeout=30_000)
        assert age.is_visible(), "the form went away after a bad age"
        note = page.locator(".crampkit-profile-form").first.inner_text()
        assert ("Age" in note and (typed in note if typed else "type your age" in note)), note[-400:]
        look = page.locator(".crampkit-first-look")
        assert not look.count() or not look.first.is_visible(), "the first look came back"
        banner = page.locator(".crampkit-urgency-banner").first.inner_text()
        assert "URGENT" in banner and "58" not in banner, banner
        assert_no_problems(page, PLAN)
    finally:
        screenshot_both_widths(page, stem)
