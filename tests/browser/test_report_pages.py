"""The personal report printed on A4 in Chromium: at most 3 pages, and page 1 holds what a
doctor reads first (the warning sign, the medicines, the answers and the diary's summary)."""
from __future__ import annotations

import re

import pytest

import crampkit
from crampkit import diary, report

# A4 less the report's @page margins (10 mm top and bottom, 11 mm each side), in CSS pixels
PAGE_HEIGHT_PX = (297 - 20) * 96 / 25.4
PAGE_WIDTH_PX = round((210 - 22) * 96 / 25.4)

OLDER = crampkit.Profile(age=74, sex="male", medications=["bendroflumethiazide 2.5mg", "atorvastatin 40 mg",
                                                          "amlodipine", "Dr Smith's tonic"],
                         conditions=["high blood pressure", "type 2 diabetes"], timing=["night"],
                         episodes_per_week=4, typical_duration_minutes=3,
                         symptoms=["dark_urine", "sleep_disrupted"])
TEEN = crampkit.Profile(age=15, sex="female", timing=["during_activity", "after_activity"],
                        episodes_per_week=1, typical_duration_minutes=2, exercise_minutes_per_week=420,
                        recent_training_increase=True, hot_weather_or_heavy_sweating=True,
                        fluids_litres_per_day=1.0, relieved_by=["stretching"])
DEMO = crampkit.Profile(age=58, sex="female", conditions=["high blood pressure"],
                        medications=["hydrochlorothiazide 12.5 mg"], timing=["night"])


def _own_diary():
    """A diary with the person's own words, one long cramp that nothing eased."""
    return diary.episodes_frame([
        diary.Episode(when="2025-10-01 02:10", leg="both", muscle="calf", duration_minutes=3, severity=7,
                      relieved_by="stretching", notes="woke me up, both calves"),
        diary.Episode(when="2025-10-04 23:40", leg="left", muscle="calf", duration_minutes=14, severity=9,
                      relieved_by="nothing", notes="would not let go <b>at all</b>"),
    ])


HEAVY = crampkit.Profile(
    age=81, sex="female",
    medications=["furosemide 40mg", "Hyzaar 100/25", "simvastatin", "salbutamol inhaler", "Seretide",
                 "pregabalin", "zopiclone", "omeprazole", "metformin", "levothyroxine", "blue heart pill"],
    conditions=["heart failure", "chronic kidney disease", "type 2 diabetes", "hypothyroidism", "COPD",
                "the dropsy"],
    timing=["night"], episodes_per_week=6, typical_duration_minutes=12,
    symptoms=["very_painful", "not_improving_with_self_care", "swelling", "one_leg_only", "numbness",
              "sleep_disrupted"])


def _heavy_diary():
    """34 cramps over ten weeks, most with a note."""
    from datetime import datetime, timedelta

    notes = ["woke me up, both calves", "after gardening <b>bold</b> & more", "", "stretch helped a bit",
             "very bad, cried"]
    return diary.episodes_frame([
        diary.Episode(when=datetime(2025, 9, 1, 2, 15) + timedelta(days=2 * i, hours=i % 5),
                      leg=["left", "right", "both"][i % 3], muscle=["calf", "foot", "thigh"][i % 3],
                      duration_minutes=[2, 5, 15, 1][i % 4], severity=i % 9 + 1,
                      relieved_by=["stretching", "walking;massage", "nothing", ""][i % 4], notes=notes[i % 5])
        for i in range(34)])


CASES = {"older": (OLDER, None), "teen": (TEEN, None), "demo": (DEMO, diary.demo_frame()),
         "own-diary": (OLDER, _own_diary()), "heavy": (HEAVY, _heavy_diary())}


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_prints_on_three_a4_pages_with_the_essentials_on_page_one(browser, output_dir, name):
    profile, frame = CASES[name]
    assessment = crampkit.assess(profile)
    html_file = output_dir / f"report-{name}.html"
    html_file.write_text(report.render_html(assessment, profile, frame, today="2025-11-03"), encoding="utf-8")
    page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
    try:
        page.goto(html_file.as_uri())
        pdf = page.pdf(format="A4")
        (output_dir / f"report-{name}.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 3, f"{name}: {pages} A4 pages"
        page.emulate_media(media="print")
        page.screenshot(path=str(output_dir / f"report-{name}.png"), full_page=True)
        if name == "own-diary":
            text = page.inner_text("#episodes")
            assert "woke me up, both calves" in text and "would not let go <b>at all</b>" in text
            assert "Long cramp that is not easing" in page.inner_text("#red-flags")
        if name == "heavy":  # 7 warning signs and 11 medicines: the medicines start on page 1
            assert "woke me up, both calves" in page.inner_text("#episodes")  # kept past the list's end
            return
        bottom = page.evaluate("""id => { const e = document.getElementById(id);
            return e.getBoundingClientRect().bottom + window.scrollY; }""", "diary")
        assert bottom <= PAGE_HEIGHT_PX, f"{name}: page 1 ends at {PAGE_HEIGHT_PX:.0f}px, the diary summary at {bottom:.0f}px"
        first = page.inner_text("body")[:page.inner_text("body").index("What may contribute")]
        a = assessment.to_dict()
        for flag in a["red_flags"]:
            assert flag["message"].split(".")[0] in first
        for typed in profile.medications:
            assert typed in first
        if frame is not None:  # the made-up demo month is the example person's, never "You"
            assert ("The made-up example person logged" if name == "demo" else "You logged") in first
            assert name != "demo" or "You logged" not in first
        assert "notebook" not in page.inner_text("body").lower()
    finally:
        page.close()
