"""The personal report: warning signs first, self-contained HTML, Markdown in the same order."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import crampkit
from crampkit import diary, report
from crampkit.content import references

URGENT_WORDS = report.urgency_label("urgent")  # from data/answer_labels.csv

CONTRACT_EXAMPLE = {
    "urgency": "urgent",
    "red_flags": [
        {"id": "leg_swelling_redness", "urgency": "urgent",
         "message": "A swollen, warm leg on one side can be a clot: get help today.",
         "reference_ids": ["nhs_dvt"]},
        {"id": "frequent_or_severe", "urgency": "see_clinician_soon",
         "message": "Frequent cramps are worth checking.", "reference_ids": ["mayo_muscle_cramp"]},
    ],
    "causes": [
        {"category": "medical_medications", "score": 0.7,
         "reasons": ["You take Hyzaar 100/25, a water pill <combined> & an ARB."],
         "reference_ids": ["garrison2012_archintern"]},
        {"category": "overuse_fatigue", "score": 0.0,
         "reasons": ["Nothing in your answers points to this."], "reference_ids": []},
    ],
    "medications": [{"input": "Hyzaar 100/25", "class_ids": ["arb", "thiazide_diuretic"],
                     "evidence_level": "moderate"}],
    "unrecognised_medications": ["mystery pill"],
    "conditions": ["diabetes"],
    "unrecognised_conditions": ["gout"],
    "plan": [{"category": "overuse_fatigue", "text": "Stretch your calves before bed.",
              "reference_ids": ["hallegraeff2012_stretching"]}],
    "disclaimer": "crampkit is for learning, not a diagnosis.",
}
PROFILE = {"age": 67, "sex": "female", "medications": ["Hyzaar 100/25", "mystery pill"],
           "episodes_per_week": 4, "symptoms": ["swelling", "one_leg_only"],
           "pregnant": False, "typical_duration_minutes": None}


class Collector(HTMLParser):
    """Records tags, attributes and text in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []
        self.body_order = []  # ids of the body's sections and headings, in order

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        ident = dict(attrs).get("id")
        if tag in ("section", "footer") and ident:
            self.body_order.append(ident)

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def parse(page: str) -> Collector:
    parser = Collector()
    parser.feed(page)
    parser.close()
    return parser


def test_html_parses_and_puts_warning_signs_before_everything_else():
    page = report.render_html(CONTRACT_EXAMPLE, PROFILE, diary.demo_frame(), today="2025-11-03")
    parsed = parse(page)
    # page 1: who, the warning signs, the next steps, the medicines, the answers, the diary's
    # summary; then the causes, the plan, each cramp and the numbered sources
    assert parsed.body_order == ["red-flags", "next-steps", "medications", "answers", "diary",
                                 "causes", "plan", "episodes", "references", "disclaimer"]
    body = page[page.index("<body>"):]
    first_section = body[:body.index('<section id="next-steps"')]
    assert URGENT_WORDS in first_section
    assert "can be a clot" in first_section and "Frequent cramps are worth" in first_section
    # the same sign in the answers and the diary is said once, with what the diary shows
    assert "The diary shows it too" in first_section and "from the diary" not in first_section
    assert "8 cramps within 7 days" in first_section and "the longest 12 minutes" in first_section
    # the most urgent flag is the first thing after the headline
    headline = body.index(URGENT_WORDS)
    assert headline < body.index("can be a clot") < body.index("Your answers")


def test_html_is_self_contained_and_has_no_script():
    page = report.render_html(CONTRACT_EXAMPLE, PROFILE, diary.demo_frame(), today="2025-11-03")
    parsed = parse(page)
    assert "script" not in parsed.tags and "<script" not in page.lower()
    for forbidden in ("link", "img", "iframe", "object", "embed", "video", "audio", "base"):
        assert forbidden not in parsed.tags
    loading = [(t, k, v) for t, k, v in parsed.attrs if k in ("src", "srcset", "data", "poster")
               or (k == "href" and t != "a") or (k.startswith("on"))]
    assert loading == []
    assert "@import" not in page and not re.search(r"url\((?!#)", page)  # only the drawings' own patterns
    assert "javascript:" not in page.lower()
    # the diary chart and the drawings of the plan's steps are drawn inline
    assert parsed.tags.count("svg") == 1 + page.count("<figure>") and page.count("<figure>") >= 1


def test_the_plan_shows_each_pictured_step_drawn_once_with_its_title():
    page = report.render_html(CONTRACT_EXAMPLE, PROFILE, today="2025-11-03")
    plan = page[page.index('<section id="plan"'):]
    plan = plan[:plan.index("</section>")]
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", plan)
    assert captions and len(captions) == len(set(captions))
    assert "Calf stretch against a wall" in captions  # the bedtime stretch step is in this plan
    assert plan.count("<title id=") == len(captions)  # each drawing keeps its screen-reader title


def test_html_prints_on_any_paper_size():
    page = report.render_html(CONTRACT_EXAMPLE, today="2025-11-03")
    assert re.search(r"@page\s*{\s*size:\s*auto;\s*margin:", page)
    assert "break-inside: avoid" in page and "break-after: avoid" in page


def test_person_text_is_escaped():
    page = report.render_html(CONTRACT_EXAMPLE, {"age": 40, "medications": ["<b>x</b>"]},
                              today="2025-11-03")
    assert "<combined>" not in page and "&lt;combined&gt; &amp; an ARB" in page
    assert "<b>x</b>" not in page
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_html_holds_each_part_of_the_assessment():
    page = report.render_html(CONTRACT_EXAMPLE, PROFILE, today="2025-11-03")
    text = " ".join(parse(page).text)
    for expected in ("Age 67, female", "swelling, one leg only", "your answers point here a lot",
                     "Stretch your calves before bed.", "Water pills (thiazides)", "mystery pill", "gout",
                     "crampkit is for learning, not a diagnosis.", "3 November 2025",
                     "No diary was added"):
        assert expected in text, expected
    assert "Pregnant" not in text  # answers not given are left out


def test_references_are_resolved_with_citations():
    page = report.render_html(CONTRACT_EXAMPLE, diary_df=diary.demo_frame(), today="2025-11-03")
    refs = page[page.index('<section id="references"'):page.index('<footer')]
    for ref_id in ("nhs_dvt", "mayo_muscle_cramp", "garrison2012_archintern",
                   "hallegraeff2012_stretching", "nhs_leg_cramps"):
        assert references()[ref_id].citation.split(".")[0] in refs
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22341378/"' in refs


@pytest.mark.parametrize("render", [report.render_html, report.render_markdown])
def test_sources_are_numbered_and_no_raw_id_is_shown(render):
    """A doctor reads "[1]" and finds source 1 in the list at the end, never "nhs_dvt"."""
    a = crampkit.assess(crampkit.Profile(age=74, sex="male", medications=["bendroflumethiazide", "atorvastatin"],
                                         symptoms=["dark_urine", "swelling", "one_leg_only"]))
    page = render(a, today="2025-11-03", diary_df=diary.demo_frame())
    for ref_id in references():
        if "_" in ref_id:
            assert ref_id not in page, ref_id
    context = report.build_context(a, diary_df=diary.demo_frame(), today="2025-11-03")
    first = context.signs[0]
    numbers = context.cite(first.reference_ids)
    assert re.fullmatch(r"\[\d+(, \d+)*\]", numbers)
    cited = [context.references[int(n) - 1] for n in re.findall(r"\d+", numbers)]
    assert {ref.id for ref in cited} == set(first.reference_ids)
    assert all(ref.short_name for ref in cited)


def test_demo_diary_is_labelled_as_made_up():
    page = report.render_html(CONTRACT_EXAMPLE, diary_df=diary.demo_frame(), today="2025-11-03")
    assert "made-up demo month" in page
    own = diary.demo_frame().copy()
    own.attrs.clear()
    assert "made-up demo month" not in report.render_html(CONTRACT_EXAMPLE, diary_df=own)


def test_markdown_has_the_same_order_and_no_html():
    text = report.render_markdown(CONTRACT_EXAMPLE, PROFILE, diary.demo_frame(),
                                  today="2025-11-03")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Warning signs", "## Your next steps", "## Medicines and health problems",
                        "## Your answers", "## Cramp diary", "## What may contribute",
                        "## Self-care plan, after you have been checked", "## Each cramp in the diary",
                        "## Sources", "## Please note"]
    assert text.splitlines()[2] == f"**{URGENT_WORDS}**"
    assert "<combined>" not in text and "<script" not in text
    assert "3 November 2025" in text and "| 6 Oct 2025 | 7 |" in text


def test_no_warning_signs_is_said_first():
    calm = dict(CONTRACT_EXAMPLE, urgency="routine_self_care", red_flags=[], unrecognised_medications=[],
                unrecognised_conditions=[])
    page = report.render_html(calm, today="2025-11-03")
    body = page[page.index("<body>"):page.index('<section id="next-steps"')]
    assert report.urgency_label("routine_self_care") in body
    assert "None of your answers is a warning sign" in body
    assert "listed below" not in page  # nothing is listed, so nothing says it is


@pytest.mark.parametrize("render", [report.render_html, report.render_markdown])
def test_no_warning_signs_is_never_said_while_something_is_not_understood(render):
    """Contract v3: no warning sign *among the answers crampkit understood*, and the rest named."""
    calm = dict(CONTRACT_EXAMPLE, urgency="routine_self_care", red_flags=[],
                unrecognised_conditions=["the dropsy"], unrecognised_medications=[])
    page = render(calm, today="2025-11-03")
    top = page[:page.index("Your answers")]
    assert "none of your answers is a warning sign" not in page.lower()
    assert "No warning signs were found" not in page
    assert "among the answers crampkit understood" in top and "the dropsy" in top
    assert "Not understood" in top


def test_report_says_what_the_medicines_suggest_and_what_is_not_counted():
    a = crampkit.assess(crampkit.Profile(age=48, conditions=["gout"], symptoms=["urge_to_move"],
                                         alcohol_drinks_per_week=20))
    page = report.render_markdown(a, today="2025-11-03")
    assert "The answers suggest: drinking more than the low-risk limit (because of 20 drinks a week)" in page
    assert "Can feel like a cramp, but is not" in page and "Restless legs" in page
    look_alikes = page[page.index("## Can feel like a cramp"):]
    assert re.search(r"\\\[\d+", look_alikes.split("\n- ", 2)[1]), "each look-alike cites a numbered source"


def test_diary_warning_raises_the_headline_urgency():
    calm = dict(CONTRACT_EXAMPLE, urgency="routine_self_care", red_flags=[])
    swollen = diary.episodes_frame([diary.Episode(when="2025-10-01 23:00", leg="left",
                                                  muscle="calf", duration_minutes=2,
                                                  severity=5, swelling=True)])
    page = report.render_html(calm, diary_df=swollen, today="2025-11-03")
    assert URGENT_WORDS in page and "clot" in page


@pytest.mark.parametrize("bad,field", [
    ("not an assessment", "assessment"),
    ({"urgency": "urgent"}, "assessment"),
    (dict(CONTRACT_EXAMPLE, urgency="panic"), "assessment"),
])
def test_bad_assessment_names_the_argument(bad, field):
    with pytest.raises(report.ReportError, match=f"^{field}"):
        report.render_html(bad)


def test_bad_date_and_diary_are_named():
    with pytest.raises(report.ReportError, match="^today"):
        report.render_markdown(CONTRACT_EXAMPLE, today="someday")
    with pytest.raises(report.ReportError, match="^diary_df"):
        report.render_html(CONTRACT_EXAMPLE, diary_df=[1, 2, 3])


def test_save_report_writes_the_file(tmp_path):
    page = report.render_html(CONTRACT_EXAMPLE, today="2025-11-03")
    path = report.save_report(tmp_path / "out" / "report.html", page)
    assert path.read_text(encoding="utf-8") == page
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


def test_report_from_the_real_assessment():
    profile = crampkit.Profile(age=67, sex="female", medications=["Hyzaar 100/25"],
                               timing=["night"], episodes_per_week=4,
                               symptoms=["swelling", "one_leg_only"])
    assessment = crampkit.assess(profile)
    page = report.render_html(assessment, profile, diary.demo_frame(), today="2025-11-03")
    parsed = parse(page)
    assert parsed.body_order[0] == "red-flags"
    first = page[page.index("<body>"):page.index('<section id="next-steps"')]
    for flag in assessment.to_dict()["red_flags"]:
        assert flag["message"].split(".")[0] in first.replace("&#x27;", "'")
    assert "script" not in parsed.tags
    text = report.render_markdown(assessment, profile, diary.demo_frame(), today="2025-11-03")
    assert text.index("Warning signs") < text.index("## Your answers")


def test_a_long_diary_charts_the_last_half_year():
    from datetime import datetime, timedelta

    episodes = [diary.Episode(when=datetime(2023, 1, 2, 23) + timedelta(days=3 * i), leg="left",
                              muscle="calf", duration_minutes=1, severity=3) for i in range(200)]
    page = report.render_html(CONTRACT_EXAMPLE, diary_df=diary.episodes_frame(episodes),
                              today="2025-11-03")
    assert page.count('<rect class="bar"') == report.REPORT_WEEKS
    assert f"the last {report.REPORT_WEEKS} weeks" in page


def test_diary_only_report_says_the_questionnaire_was_not_included():
    page = report.render_html(None, diary_df=diary.demo_frame(), today="2025-11-03")
    first = page[page.index("<body>"):page.index('<section id="next-steps"')]
    assert "Frequent cramps" in first and "One or more answers" in first
    assert "Frequent cramps" in first
    assert "crampkit is for learning, not a diagnosis" in page  # data/disclaimer.md


def test_headline_is_never_calmer_than_a_listed_warning_sign():
    mismatched = dict(CONTRACT_EXAMPLE, urgency="routine_self_care")
    page = report.render_html(mismatched, today="2025-11-03")
    text = report.render_markdown(mismatched, today="2025-11-03")
    assert "No warning signs found" not in page and "No warning signs found" not in text
    assert URGENT_WORDS in page and URGENT_WORDS in text


def test_diary_only_report_does_not_claim_the_answers_were_checked():
    empty = diary.episodes_frame([])
    page = report.render_html(None, diary_df=empty, today="2025-11-03")
    first = page[page.index("<body>"):page.index('<section id="next-steps"')]
    assert "No warning signs found in the diary" in first
    assert "questionnaire was not part of this report" in first
    assert "None of your answers" not in page


# --------------------------------------------------------------------------- what a GP notices (issue 24)

def _own_diary(count=3):
    from datetime import datetime, timedelta

    notes = ["woke me up, both calves", "<script>x</script> & more", ""]
    return diary.episodes_frame([
        diary.Episode(when=datetime(2025, 9, 1, 2, 15) + timedelta(days=2 * i), leg="left", muscle="calf",
                      duration_minutes=[2, 14][i % 2], severity=6,
                      relieved_by=["stretching", "nothing"][i % 2], notes=notes[i % 3])
        for i in range(count)])


@pytest.mark.parametrize("render", [report.render_html, report.render_markdown])
def test_each_cramp_is_listed_with_the_persons_own_notes_escaped(render):
    page = render(None, diary_df=_own_diary(3), today="2025-11-03")
    episodes = page[page.index("Each cramp in the diary"):]
    assert "woke me up, both calves" in episodes
    assert "<script>" not in page and "x" in episodes
    assert "5 Sep 2025 02:15" in episodes and "14" in episodes and "nothing" in episodes


def test_a_long_diary_lists_the_newest_and_keeps_every_note():
    page = report.render_html(None, diary_df=_own_diary(30), today="2025-11-03")
    episodes = page[page.index('<section id="episodes"'):page.index('<section id="references"')]
    listed = episodes.count("<tr>") - 1
    assert listed == report.context.EPISODE_ROWS
    assert f"And {30 - listed} more, older cramps" in episodes
    # the oldest cramp's note is kept even though its row is not listed
    assert "1 Sep 2025" in episodes and "woke me up, both calves" in episodes.split("more, older cramps")[1]


def test_a_long_cramp_nothing_eased_is_urgent_in_the_red_flag_tables_words():
    from crampkit.content import read_table

    page = report.render_html(None, diary_df=_own_diary(2), today="2025-11-03")
    top = page[:page.index('<section id="next-steps"')]
    urgent = next(r for r in read_table("red_flags.csv")
                  if (r["flag_id"], r["urgency"], r["variant"]) == ("frequent_or_severe", "urgent", ""))
    assert URGENT_WORDS in top and urgent["title"] in top
    assert urgent["message"].replace("'", "&#x27;") in top


@pytest.mark.parametrize("case", ["calm", "urgent", "diary only", "not understood"])
def test_no_notebook_words_and_no_listed_below_without_a_list(case):
    calm = dict(CONTRACT_EXAMPLE, urgency="routine_self_care", red_flags=[], unrecognised_medications=[],
                unrecognised_conditions=[])
    inputs = {"calm": (calm, None), "urgent": (CONTRACT_EXAMPLE, diary.demo_frame()),
              "diary only": (None, diary.demo_frame()),
              "not understood": (dict(calm, unrecognised_medications=["blue pill"]), None)}[case]
    for render in (report.render_html, report.render_markdown):
        page = render(inputs[0], PROFILE, inputs[1], today="2025-11-03")
        assert "notebook" not in page.lower()
        assert "listed below" not in page.lower() or "Not understood" in page


def test_page_one_names_what_was_not_understood_and_keeps_the_medicines_as_typed():
    page = report.render_html(CONTRACT_EXAMPLE, PROFILE, today="2025-11-03")
    medicines = page[page.index('<section id="medications"'):page.index('<section id="answers"')]
    assert "Hyzaar 100/25" in medicines and "Water pills (thiazides)" in medicines
    assert "mystery pill" in medicines and "Not understood" in medicines and "gout" in medicines
    steps = page[page.index('<section id="next-steps"'):page.index('<section id="medications"')]
    assert "mystery pill" in steps and "Do not stop or change one on your own" in steps


def test_the_made_up_person_is_labelled_and_a_real_one_is_not():
    import json

    from crampkit.content import read_text

    demo = json.loads(read_text("demo_profile.json"))
    a = crampkit.assess(crampkit.Profile(**demo))
    assert "MADE-UP EXAMPLE" in report.render_html(a, demo, today="2025-11-03")
    own = dict(demo, age=59)
    assert "MADE-UP EXAMPLE" not in report.render_html(crampkit.assess(crampkit.Profile(**own)), own,
                                                         today="2025-11-03")
    assert "MADE-UP EXAMPLE" in report.render_markdown(a, own, today="2025-11-03", made_up=True)
