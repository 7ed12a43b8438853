"""Teaching pictures: readable by screen readers, in greyscale, offline, and traced to sources."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crampkit.content import ContentError, references
from crampkit.pictures import picture, pictures
from crampkit.plots.style import contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
IDS = list(pictures())


def test_the_pictures_the_plan_needs_are_there():
    assert {"calf-stretch", "hamstring-stretch", "toes-up", "ankle-circles", "leg-parts",
            "clot-vs-cramp"} <= set(IDS)


@pytest.mark.parametrize("picture_id", IDS)
def test_a_screen_reader_reads_the_title_and_description_from_the_table(picture_id):
    p = picture(picture_id)
    root = ET.fromstring(p.svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == p.title and desc.text == p.description
    assert len(p.description.split()) >= 20, "the description should say what the picture shows"


@pytest.mark.parametrize("picture_id", IDS)
def test_every_id_is_the_picture_own_so_pictures_can_share_a_page(picture_id):
    ids = re.findall(r'\bid="([^"]+)"', picture(picture_id).svg)
    assert ids and all(i.startswith(picture_id + "-") for i in ids)


@pytest.mark.parametrize("picture_id", IDS)
def test_nothing_is_loaded_from_elsewhere_and_nothing_runs(picture_id):
    svg = picture(picture_id).svg
    assert "<script" not in svg and "<image" not in svg and "<foreignObject" not in svg
    assert not re.search(r"\son[a-z]+=", svg)
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]


@pytest.mark.parametrize("picture_id", IDS)
def test_lines_and_words_stand_out_on_white_and_in_greyscale(picture_id):
    svg = picture(picture_id).svg
    colours = set(re.findall(r'(?:stroke|fill)="(#[0-9a-fA-F]{6})"', svg)) - {"#ffffff"}
    assert colours
    for colour in colours:
        assert contrast_ratio(colour, "#ffffff") >= 3, colour
    text_colours = set(re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"', svg))
    for colour in text_colours:
        assert contrast_ratio(colour, "#ffffff") >= 4.5, colour


@pytest.mark.parametrize("picture_id", IDS)
def test_each_picture_names_sources_that_exist(picture_id):
    p = picture(picture_id)
    assert p.reference_ids and set(p.reference_ids) <= set(references())


def test_the_files_are_what_the_script_draws_from_the_table():
    done = subprocess.run([sys.executable, "scripts/draw_pictures.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_an_unknown_picture_names_the_choices():
    with pytest.raises(ContentError, match="picture_id: 'knee' is not a picture; choose from calf-stretch"):
        picture("knee")


def test_the_widget_caption_names_the_sources():
    from crampkit.widgets.pictures import picture_view

    view = picture_view("clot-vs-cramp")
    assert "<svg" in view.value and "Source: NHS (DVT); NHS." in view.value
