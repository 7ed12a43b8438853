"""The pattern explorer as a person uses it: tick boxes, read the banner, chart and table."""
import pytest
from v2_signs import NEW_SIGNS

from crampkit import Profile
from crampkit.plots import summary_of
from crampkit.widgets.patterns import PatternExplorer, pattern_explorer

pytestmark = pytest.mark.usefixtures("empty_home")  # tests/conftest.py


def tick(explorer, *words, value=True):
    for word in words:
        explorer.boxes[word].value = value


def test_every_box_is_labelled():
    explorer = pattern_explorer()
    assert all(box.description.strip() for box in explorer.boxes.values())


def test_demo_person_is_prefilled_and_resembles_an_ordinary_cramp():
    explorer = pattern_explorer()
    assert "MADE-UP EXAMPLE" in explorer.source_note.value and "not yours" in explorer.source_note.value
    assert explorer.boxes["at_rest_or_night"].value and explorer.boxes["eased_stretching"].value
    assert explorer.comparison.closest == ("muscle_cramp",)
    assert "crampkit-urgency-banner" not in explorer.banner._dom_classes
    assert explorer.banner.value == ""


def test_walking_pain_eased_by_standing_still_shows_circulation_first_and_a_flag():
    explorer = PatternExplorer(Profile(age=70))
    tick(explorer, "on_walking", "eased_standing_still")
    assert "circulation" in explorer.headline.value.lower()
    bars = dict(zip(explorer.last_figure.data[0].y, explorer.last_figure.data[0].x, strict=False))
    assert bars["Circulation (narrowed leg arteries)"] == max(bars.values())
    # calf pain on walking relieved by rest is a red flag in the engine: shown on top
    assert "crampkit-urgency-banner" in explorer.banner._dom_classes
    assert "Health conditions or a circulation pattern" in explorer.flags.value
    assert "not a cramp to stretch away" in explorer.table.value


def test_sitting_or_bending_forward_points_to_the_spine():
    explorer = PatternExplorer(Profile(age=70))
    tick(explorer, "on_standing", "eased_sitting_or_bending")
    assert explorer.comparison.closest == ("spine",)
    assert "shopping-trolley" in explorer.table.value


def test_one_swollen_leg_raises_the_urgent_banner_and_unticking_clears_it():
    explorer = PatternExplorer(Profile(age=40))
    tick(explorer, "swelling", "one_leg")
    assert "crampkit-urgency-banner" in explorer.banner._dom_classes
    assert explorer.comparison.urgency == "urgent"
    assert "DVT" in explorer.flags.value
    tick(explorer, "swelling", "one_leg", value=False)
    assert "crampkit-urgency-banner" not in explorer.banner._dom_classes
    assert explorer.banner.value == ""


def test_table_lists_the_matching_features_per_pattern():
    explorer = PatternExplorer(Profile(age=30))
    tick(explorer, "urge_to_move", "eased_moving")
    assert "An urge to move the legs" in explorer.table.value
    assert "Restless legs (not a cramp)" in explorer.table.value


def test_chart_has_units_and_a_summary_that_matches_the_bars():
    explorer = PatternExplorer(Profile(age=70))
    tick(explorer, "on_walking", "eased_standing_still")
    fig = explorer.last_figure
    assert "%" in fig.layout.xaxis.title.text
    assert "Circulation (narrowed leg arteries) 67%" in summary_of(fig)


def test_an_engine_error_is_shown_not_swallowed(monkeypatch):
    explorer = PatternExplorer(Profile(age=30))

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr("crampkit.widgets.patterns.explore", broken)
    tick(explorer, "on_walking")
    assert "something went wrong" in explorer.message.value


def test_bench_changes_are_real_inputs():
    from benchmarks.bench_widgets import bench_changes

    explorer = PatternExplorer(Profile(age=30))
    for widget, value in bench_changes(explorer):
        widget.value = value
    assert explorer.boxes["on_walking"].value and explorer.boxes["swelling"].value
    assert "leg_swelling_redness" in [f.id for f in explorer.comparison.red_flags]


def test_a_clot_pattern_headline_leads_with_the_warning_never_ordinary_cramp():
    explorer = PatternExplorer(Profile(age=40))
    tick(explorer, "at_rest_or_night", "eased_stretching", "hard_knotted_muscle", "swelling", "one_leg",
         "warm_or_red")
    assert explorer.comparison.urgency == "urgent"
    headline = explorer.headline.value.lower()
    assert headline.startswith("<p") and "warning sign" in headline.split("</b>")[0][:120]
    assert "ordinary" not in headline and "medical help today" in headline
    # no pattern offers rubbing or stretching under an urgent warning
    assert "rub it" not in explorer.table.value and "Stretch the muscle gently" not in explorer.table.value


def test_ordinary_cramp_without_warnings_still_says_so():
    explorer = PatternExplorer(Profile(age=40))
    tick(explorer, "at_rest_or_night", "eased_stretching")
    assert "ordinary muscle cramp" in explorer.headline.value.lower()
    assert "Stretch the muscle gently" in explorer.table.value


def test_v2_signs_can_be_ticked_in_the_explorer_and_raise_an_emergency():
    explorer = PatternExplorer(Profile(age=70))
    for sign, (_flag, urgency) in NEW_SIGNS.items():
        assert sign in explorer.sign_boxes and "_" not in explorer.sign_boxes[sign].description
    tick(explorer, "on_walking", "eased_standing_still")
    explorer.sign_boxes["cold_pale_leg"].value = True
    assert explorer.comparison.urgency == "emergency"
    banner = explorer.banner.value
    assert "999" in banner and "112" in banner and "911" in banner
    assert "112" in explorer.headline.value and "circulation" not in explorer.headline.value.lower()
    explorer.sign_boxes["cold_pale_leg"].value = False
    assert explorer.comparison.urgency == "see_clinician_soon"


def test_the_about_it_text_folds_away_and_cites_by_short_name():
    explorer = PatternExplorer(Profile(age=70))
    tick(explorer, "on_walking", "eased_standing_still")
    table = explorer.table.value
    assert "<details" in table and "About this pattern" in table
    assert "nhs_pad" not in table.replace('href="#crampkit-ref-nhs_pad"', "")
    assert ">NHS (PAD)<" in table
    assert "evidence: expert" not in table.lower()
