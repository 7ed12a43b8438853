"""The plan app: warning signs first, then causes with reasons, the plan, medicines,
references and a report download that needs no network."""
import base64
import html
import re

import pytest

from crampkit import report as crampkit_report
from crampkit import store
from crampkit.assessment.profile import Profile
from crampkit.content import references
from crampkit.widgets.plan import PlanApp, data_uri, plan_app, point_words, reference_ids

pytestmark = pytest.mark.usefixtures("home")  # every test: a fresh data folder (tests/conftest.py)


def text(widget):
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def test_css_hooks_for_the_browser_tests():
    app = plan_app()
    assert "crampkit-plan-age" in app.form.inputs["age"]._dom_classes
    assert "crampkit-plan-submit" in app.submit._dom_classes
    assert "crampkit-urgency-banner" in app.banner._dom_classes
    assert "crampkit-causes-chart" in app.chart._dom_classes
    assert "crampkit-output" in app.results._dom_classes


def test_the_banner_comes_first_in_the_results():
    app = plan_app()
    assert app.results.children[0] is app.banner
    children = list(app.view.children)
    assert children.index(app.results) > children.index(app.submit)


def test_a_new_app_starts_empty_and_waits_for_the_age():
    # Issue 24: the app never opens on someone else's plan.
    app = plan_app()
    assert app.form.source == "empty" and app.assessment is None
    assert app.plan_view.value == "" and app.download.value == ""
    assert "type your age" in text(app.message).lower()
    assert "58" not in text(app.banner)
    # no green all-clear before any answer can be read
    assert "No warning signs ticked" not in text(app.banner) and "Type your age" in text(app.banner)
    assert "crampkit-plan-waiting" in app.view._dom_classes
    app.form.checkboxes["symptoms"]["dark_urine"].value = True  # a sign ticked before the age shows at once
    assert "URGENT" in text(app.banner)


def test_the_made_up_example_is_labelled_on_every_part_it_touches():
    app = plan_app()
    app.form.show_demo()
    a = app.assessment
    assert a is not None and a.profile == store.demo_profile()
    assert "MADE-UP EXAMPLE" in text(app.banner) and "not yours" in text(app.banner)
    assert "MADE-UP EXAMPLE" in text(app.plan_view) and "The example plan" in text(app.plan_view)
    assert "MADE-UP EXAMPLE" in text(app.form.status) and "MADE-UP EXAMPLE" in text(app.chart_summary)
    assert app.report_html == "" and "data:" not in app.download.value, "no report of the made-up answers"
    assert "crampkit-plan-demo" in app.view._dom_classes
    app.form.clear()
    assert app.assessment is None and "crampkit-plan-demo" not in app.view._dom_classes


def test_demo_plan_is_shown_at_once():
    app = plan_app(store.demo_profile())
    a = app.assessment
    assert a is not None and a.urgency == "routine_self_care"
    assert "No warning signs" in text(app.banner) and "age 58" in text(app.banner)
    assert len(app.last_figure.data[0].x) == 6
    assert "Your answers point most to" in text(app.chart_summary)
    assert "hydrochlorothiazide 12.5 mg" in text(app.medicines_view)
    steps = text(app.plan_view)
    first_source = references()[a.plan[0].reference_ids[0]]
    assert a.plan[0].text[:40] in steps and first_source.short_name in steps
    assert a.plan[0].reference_ids[0] not in steps  # short names, never internal ids


def test_button_redraws_after_a_new_age():
    app = plan_app(store.demo_profile())
    app.form.inputs["age"].value = "72"
    app.submit.click()
    assert "age 72" in text(app.banner)
    assert app.assessment.profile.age == 72


def test_plan_updates_live_and_puts_warning_signs_first():
    app = plan_app(store.demo_profile())
    app.form.checkboxes["symptoms"]["swelling"].value = True
    app.form.checkboxes["symptoms"]["one_leg_only"].value = True
    assert app.assessment.urgency == "urgent"
    assert "URGENT: get medical help today" in text(app.banner)
    assert "blood clot" in text(app.flags_view)
    assert app.assessment.plan[0].text.startswith("Warning sign")
    assert "Warning sign" in text(app.plan_view).split("Your plan", 1)[1][:80]


def test_reasons_carry_evidence_words_and_zero_causes_are_named():
    app = PlanApp(Profile(age=30, hours_sitting_per_day=10))
    reasons = text(app.reasons_view)
    assert "Staying in one position too long" in reasons and "expert opinion only" in reasons
    assert "10 hours" in reasons
    assert "No answer points to" in reasons


def test_unrecognised_medicines_and_conditions_are_listed():
    app = PlanApp(Profile(age=50, medications=["Lipitor 20mg", "zzqx pill"], conditions=["moonitis", "diabetes"]))
    shown = text(app.medicines_view)
    assert "Lipitor 20mg" in shown and "statin" in shown.lower()
    assert "zzqx pill" in shown and "Not recognised" in shown
    assert "moonitis" in shown and "Diabetes" in shown
    assert "talk to the prescriber" in shown


def test_every_reference_resolves_and_is_listed():
    app = PlanApp(Profile(age=50, medications=["Lipitor 20mg"], symptoms=["dark_urine"]))
    ids = reference_ids(app.assessment)
    assert ids and set(ids) <= set(references())
    shown = text(app.references_view)
    for ref_id in ids:
        assert references()[ref_id].short_name in shown and references()[ref_id].citation[:30] in shown
        assert f'id="crampkit-plan-ref-{ref_id}"' in app.references_view.value
    # every citation in the plan links to an entry of that list
    for target in re.findall(r'href="#([^"]+)"', app.plan_view.value + app.reasons_view.value):
        assert f'id="{target}"' in app.references_view.value


def test_report_download_is_a_data_uri_with_the_report():
    app = PlanApp(Profile(age=50, symptoms=["dark_urine"]))
    links = re.findall(r'href="(data:[^"]+)"', app.download.value)
    assert len(links) == 2
    assert 'download="crampkit-report.html"' in app.download.value
    page = base64.b64decode(links[0].split("base64,", 1)[1]).decode("utf-8")
    assert page == app.report_html and page.startswith("<!DOCTYPE html>")
    assert "Dark urine" in page and "<script" not in page
    markdown = base64.b64decode(links[1].split("base64,", 1)[1]).decode("utf-8")
    assert markdown == app.report_markdown and "Dark urine" in markdown
    assert "http" not in links[0][:40]


def test_a_bad_answer_holds_the_plan_but_not_the_warning_signs():
    app = plan_app(store.demo_profile())
    app.form.checkboxes["symptoms"]["recent_vomiting_or_diarrhoea"].value = True
    app.form.inputs["episodes_per_week"].value = "lots"
    assert app.assessment is None and app.last_figure is None
    assert "URGENT" in text(app.banner) and "need fixing" in text(app.banner)
    assert "Cramps per week" in text(app.form.field_messages["episodes_per_week"])
    assert "fix the notes" in text(app.message)
    assert app.download.value == ""
    app.form.inputs["episodes_per_week"].value = "2"
    assert app.assessment is not None and app.download.value


def test_saved_details_prefill_the_app():
    store.save_profile(Profile(age=66, timing=["rest"]))
    app = plan_app()
    assert app.form.source == "saved" and app.assessment.profile.age == 66


def test_data_uri_round_trips_unicode():
    uri = data_uri("Café ✓", "text/plain")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == "Café ✓"


def test_a_bad_entry_in_the_medicine_box_does_not_hide_the_statin_warning():
    app = PlanApp(Profile(age=60, symptoms=["weakness"]))
    app.form.inputs["medications"].value = "atorvastatin, " + "x" * 250
    assert app.assessment is None  # the plan waits for the fix
    assert "statin" in app.flags_view.value.lower()
    assert "too long" in app.form.field_messages["medications"].value


def test_scores_read_as_words_never_as_chances():
    # Issue 24: "40 out of 100" read like a chance; the plan says how much the answers point.
    app = PlanApp(Profile(age=30, hours_sitting_per_day=10))
    top = app.assessment.causes[0]
    reasons = text(app.reasons_view)
    assert "out of 100" not in reasons and f"{top.score:.2f}" not in reasons and "%" not in reasons
    assert f"Your answers point here: {point_words(top.score)}." in reasons
    assert "may contribute" in reasons
    assert "evidence: " not in text(app.reasons_view).lower()  # never "evidence: weak evidence"


def test_download_comes_right_after_the_warnings_and_the_form_folds_away():
    app = plan_app(store.demo_profile())
    order = list(app.results.children)
    # what crampkit did not understand sits with the warning signs; then "Your next steps"
    # (issue 24: at the top of the plan, after the warnings), then the download
    assert order.index(app.understood_view) == order.index(app.flags_view) + 1
    assert order.index(app.next_steps) == order.index(app.understood_view) + 1
    assert order.index(app.download) == order.index(app.next_steps) + 1
    assert order.index(app.download) < order.index(app.chart)
    # only 'About you' is open: the other sections fold away
    assert app.form.sections is not None and app.form.sections.selected_index == 0


def test_emergency_sign_in_the_plan_form_gives_the_emergency_banner(monkeypatch):
    app = plan_app(store.demo_profile())
    app.form.checkboxes["symptoms"]["heat_illness_signs"].value = True
    assert app.assessment.urgency == "emergency"
    banner = text(app.banner)
    assert "999" in banner and "911" in banner and "112" in banner and "URGENT:" not in banner


def test_a_report_that_cannot_be_made_never_hides_the_plan_or_warnings(monkeypatch):
    def broken(*_args, **_kwargs):
        raise crampkit_report.ReportError("assessment: urgency 'emergency' is not allowed")

    monkeypatch.setattr("crampkit.widgets.plan.render_html", broken)
    app = PlanApp(Profile(age=50, symptoms=["dark_urine"]))
    assert app.assessment is not None and "URGENT" in text(app.banner)
    assert "Your plan" in text(app.plan_view) and "could not be made" in text(app.download)


def test_the_app_page_first_look_says_what_the_live_app_says():
    """The plan app's first look (plain HTML shown before the live widgets) comes from the
    app's own assessment: the same banner, warning signs and plan, and one bar per cause
    with the chart's numbers; it is hidden by a style rule once the live chart is drawn."""
    from crampkit.widgets.apps import plan_first_look, plan_page

    profile = Profile(age=72, symptoms=["swelling", "one_leg_only"])
    app = plan_page(profile)
    look = plan_first_look(app)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", look))
    squash = lambda s: " ".join(s.split())  # noqa: E731
    for widget in (app.banner, app.flags_view, app.plan_view):
        assert squash(text(widget)) in squash(plain)
    assert look.count('<rect class="bar"') == len(app.assessment.causes)
    for cause in app.assessment.causes:  # the chart's words, never a number like a percentage
        assert (f"{point_words(cause.score)} ·" if cause.score > 0 else "no supporting answer ·") in plain
    # hidden once the live app's chart (an inline SVG in the app) is drawn
    assert ".crampkit-causes-chart svg" in look and "display: none" in look
    assert 'role="alert"' not in look  # the live banner is the one read out


def test_the_app_page_has_no_first_look_while_an_answer_needs_fixing():
    from crampkit.widgets.apps import plan_first_look, plan_page

    app = plan_page()
    app.assessment = None  # what show_plan leaves while an answer needs fixing
    assert plan_first_look(app) == ""


# ---------------------------------------------------------------- contract v3: fail safe
def test_words_not_understood_are_named_and_the_risky_advice_is_shown_as_held_back():
    app = PlanApp(Profile(age=70, conditions=["zorblax syndrome"], medications=["qqqpill"]))
    understood = text(app.understood_view)
    assert "did not understand" in understood and "'zorblax syndrome'" in understood and "'qqqpill'" in understood
    plan = text(app.plan_view)
    assert "Held back for now" in plan and "drinks" in plan and "salt" in plan and "potassium" in plan
    assert "'zorblax syndrome'" in plan
    assert "crampkit-plan-held-back" in app.plan_view.value


def test_no_all_clear_banner_while_something_typed_was_not_understood():
    app = PlanApp(Profile(age=30, conditions=["zorblax syndrome"]))
    assert app.assessment.red_flags == ()
    banner = text(app.banner)
    assert "No warning signs ticked" not in banner
    assert "among the answers crampkit understood" in banner and "'zorblax syndrome'" in banner
    clear = PlanApp(Profile(age=30))
    assert "No warning signs ticked" in text(clear.banner)
    assert "Held back" not in text(clear.plan_view) and clear.understood_view.value == ""


def test_implied_conditions_and_phrases_not_counted_are_said_in_plain_words():
    from dataclasses import replace

    from crampkit.assessment.assess import assess
    from crampkit.assessment.understanding import ImpliedCondition
    from crampkit.widgets.banners import understanding_html

    a = replace(assess(Profile(age=70)),
                implied_conditions=(ImpliedCondition("dialysis", ("Renvela", "Sensipar"),
                                                     "kidney disease treated with dialysis"),),
                conditions_not_counted=(("no diabetes", "absent"), ("mum has diabetes", "other_person")),
                other_conditions=("asthma",), clot_risks=("long_journey",))
    shown = html.unescape(re.sub(r"<[^>]+>", " ", understanding_html(a)))
    assert "suggest kidney disease treated with dialysis" in shown and "Renvela, Sensipar" in shown
    assert "If that is right" in shown  # a suggestion, not a diagnosis
    assert "'no diabetes': not counted, you said you do not have it" in shown
    assert "'mum has diabetes': not counted, it is about someone else" in shown
    assert "'asthma'" in shown and "journey of 4 hours" in shown
    assert "_" not in shown  # no internal ids


# ---------------------------------------------------------------- issue 24: only this person's answer
@pytest.mark.parametrize("field, typed", [
    ("age", "abc"), ("age", "-5"), ("age", "1e400"), ("age", ""),
    ("episodes_per_week", "abc"), ("episodes_per_week", "-5"), ("episodes_per_week", "1e400"),
    ("fluids_litres_per_day", "abc"), ("fluids_litres_per_day", "-5"), ("fluids_litres_per_day", "1e400"),
])
def test_bad_input_keeps_the_form_and_a_message_beside_the_field_and_never_the_first_look(field, typed):
    from crampkit.widgets.apps import FIRST_LOOK_STYLE, plan_page

    store.save_profile(Profile(age=66, episodes_per_week=4, fluids_litres_per_day=1.5,
                               symptoms=["swelling", "one_leg_only"]))
    app = plan_page()
    assert app.assessment is not None and app.assessment.urgency == "urgent"
    app.form.inputs[field].value = typed
    assert app.assessment is None
    note = text(app.form.field_messages[field])
    assert note.strip() and len(note) <= 300 and "Traceback" not in note
    if typed:
        assert repr(typed) in note or typed in note
    # the person's own warning signs stay up; nobody else's answer stands in
    assert "URGENT" in text(app.banner) and "58" not in text(app.banner)
    assert {"crampkit-changed", "crampkit-plan-waiting"} <= set(app.view._dom_classes)
    # the page's style hides the first look for good once an answer changed or needs fixing
    assert "body:has(.crampkit-app.crampkit-changed) .crampkit-first-look" in FIRST_LOOK_STYLE
    assert ":not(:has(.crampkit-changed))" in FIRST_LOOK_STYLE


def test_a_new_app_page_has_no_first_look_and_closed_sections_hold_no_made_up_answers():
    from crampkit.widgets.apps import plan_first_look, plan_page

    app = plan_page()
    assert plan_first_look(app) == ""
    for name in ("hours_sitting_per_day", "exercise_minutes_per_week", "fluids_litres_per_day",
                 "episodes_per_week", "typical_duration_minutes", "alcohol_drinks_per_week"):
        assert app.form.inputs[name].value == "", name
    app.form.inputs["age"].value = "15"
    a = app.assessment
    assert a is not None and a.profile.hours_sitting_per_day is None and a.profile.fluids_litres_per_day is None
    assert "MADE-UP" not in text(app.plan_view) and "age 15" in text(app.banner)


def test_the_bedtime_stretch_step_shows_the_two_stretches_drawn():
    app = PlanApp(Profile(age=60, timing=["night"]))
    steps = [s for s in app.assessment.plan if "stretch your calves" in s.text]
    assert steps, "the plan gives the bedtime stretch"
    value = app.plan_view.value
    stretch = next(item for item in value.split("<li style=") if "stretch your calves" in item)
    assert stretch.count("<svg") == 2 and "crampkit-plan-pictures" in stretch  # its own two drawings
    assert "Calf stretch against a wall" in stretch and "hamstring" in stretch.lower()
    assert "<title" in value  # accessible drawings: each has its title
    urgent = PlanApp(Profile(age=60, symptoms=["swelling", "one_leg_only"]))
    assert not any("stretch your calves" in s.text for s in urgent.assessment.plan)
    assert "<svg" not in urgent.plan_view.value  # no stretch pictures while stretching waits


def test_look_alikes_are_listed_apart_with_their_sources():
    from dataclasses import replace

    from crampkit.assessment.assess import LookAlike, assess
    from crampkit.widgets.banners import understanding_html

    a = replace(assess(Profile(age=50)), look_alikes=(
        LookAlike("restless_legs", "An urge to move the legs that eases while you move is restless legs.",
                  ("allen2012_aafp",)),))
    shown = html.unescape(re.sub(r"<[^>]+>", " ", understanding_html(a)))
    assert "can feel like a cramp but are not" in shown and "restless legs" in shown
    assert references()["allen2012_aafp"].short_name in shown
    assert understanding_html(assess(Profile(age=50))) == ""  # nothing to say, nothing shown


def test_next_steps_come_after_the_warning_and_say_what_to_do_first():
    app = PlanApp(Profile(age=40, episodes_per_week=5))
    steps = text(app.next_steps)
    assert "Your next steps" in steps and "See a doctor or nurse soon" in steps
    assert f"Read your plan below ({len(app.assessment.plan)} steps)" in steps
    assert "Download your report" in steps


def test_under_an_emergency_the_next_steps_are_the_call_alone():
    app = PlanApp(Profile(age=40, symptoms=["heat_illness_signs"]))
    assert app.assessment.urgency == "emergency"
    steps = text(app.next_steps)
    assert "EMERGENCY" in steps and "can wait" in steps and "Read your plan" not in steps


def test_the_plan_says_how_to_read_it():
    app = PlanApp(Profile(age=40))
    key = text(app.how_to_read)
    for term in ("May contribute", "not a diagnosis", "not a chance", "How sure the science is", "(NHS)"):
        assert term in key


def test_show_my_plan_says_where_the_plan_is():
    app = PlanApp(Profile(age=40))
    app.show_button()
    assert "Your plan is ready" in app.message.value and 'role="status"' in app.message.value
    assert "crampkit-changed" in app.view._dom_classes


def test_the_made_up_example_gets_no_report_step():
    app = plan_app(store.demo_profile())
    app.form.show_demo()
    assert "Download your report" not in text(app.next_steps)


def test_the_toes_up_and_ankle_circle_steps_show_their_drawings():
    app = PlanApp(Profile(age=40, hours_sitting_per_day=9))
    plan = app.plan_view.value
    assert "During a cramp: pull your toes up towards you" in plan
    assert "Ankle circles and ankle flexes" in plan
    steps = plan.split("<li style=")
    toes = next(s for s in steps if "When a cramp starts" in s[:80])
    assert "During a cramp: pull your toes up" in toes  # the drawing sits with its own step


def _counting(monkeypatch, name):
    """Replace ``crampkit.widgets.plan.<name>`` by a wrapper that counts its calls."""
    import crampkit.widgets.plan as plan_module

    calls = []
    real = getattr(plan_module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_module, name, counted)
    return calls


def test_one_changed_answer_assesses_once_and_works_out_the_report_once(monkeypatch):
    app = PlanApp(Profile(age=50, symptoms=["dark_urine"]))
    assessed, contexts = _counting(monkeypatch, "assess"), _counting(monkeypatch, "build_context")
    app.form.inputs["age"].value = "61"
    assert len(assessed) == 1 and assessed[0][0].age == 61
    assert len(contexts) == 1
    # the one context gives both downloads, each saying the new age's plan
    assert app.assessment.profile.age == 61 and "URGENT" in text(app.banner)
    assert app.report_html.startswith("<!DOCTYPE html>") and "Dark urine" in app.report_markdown
    assert "(age 61)" in text(app.banner)


def test_an_answer_that_needs_fixing_assesses_only_the_answers_that_can_be_read(monkeypatch):
    app = PlanApp(Profile(age=50, symptoms=["dark_urine"]))
    assessed, contexts = _counting(monkeypatch, "assess"), _counting(monkeypatch, "build_context")
    app.form.inputs["age"].value = "five hundred"
    assert len(assessed) == 1 and contexts == []
    assert app.assessment is None and "URGENT" in text(app.banner)


def test_the_plan_says_what_the_presentation_says():
    """The page lays out crampkit.presentation's words and order, deciding none of its own."""
    from crampkit.presentation import present

    app = PlanApp(Profile(age=72, symptoms=["swelling", "one_leg_only"], medications=["furosemide"]))
    shown = present(app.assessment)
    assert app.presentation == shown
    for step in shown.next_steps:
        assert step in text(app.next_steps)
    for cause in shown.causes:
        assert cause.title in text(app.reasons_view) and cause.evidence in text(app.reasons_view)
    assert shown.medicines[0].link in text(app.medicines_view)
    assert f"({len(shown.reference_ids)})" in text(app.references_view)
