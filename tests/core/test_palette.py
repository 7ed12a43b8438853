"""One palette: every colour crampkit shows is named in crampkit/palette.py, readable on its
background, and the modules switched to it type no colour of their own."""
import ast
import re
from pathlib import Path

import pytest

from crampkit import palette
from crampkit.palette import WHITE, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crampkit"
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")
# Modules that take every colour from crampkit.palette (add a module once it is switched).
SWITCHED = ["plots/style.py", "widgets/common.py", "widgets/activity.py", "widgets/diary.py",
            "widgets/fluids.py", "widgets/foods.py", "widgets/medications.py", "widgets/patterns.py",
            "widgets/pictures.py", "widgets/profile_form.py", "widgets/quiz.py", "widgets/red_flags.py",
            "widgets/static_day.py", "widgets/stretch.py", "widgets/survey.py", "widgets/teacher.py"]
TEXT, GRAPHIC = 4.5, 3  # WCAG 2.1: text (AA), and lines, bars and icons


def typed_colours(path: Path) -> set[str]:
    return set(HEX.findall(path.read_text(encoding="utf-8")))


def test_every_colour_typed_in_crampkit_is_in_the_palette():
    """A new colour typed in a module or the report's CSS fails here until the palette names it
    (and its contrast is checked below)."""
    files = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".css") and p.name != "palette.py"]
    known = palette.every_colour()
    unknown = {f"{p.relative_to(ROOT)}: {c}" for p in files for c in typed_colours(p) if c not in known}
    assert not unknown, sorted(unknown)


def _strings_outside_docstrings(tree: ast.AST):
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


@pytest.mark.parametrize("name", SWITCHED)
def test_switched_modules_type_no_colour_of_their_own(name):
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    typed = [(node.lineno, node.value) for node in _strings_outside_docstrings(tree) if HEX.search(node.value)]
    assert not typed, f"crampkit/{name} types colours (take them from crampkit.palette): {typed}"


def test_the_check_finds_a_typed_colour(tmp_path):
    """The check above is not blind: a colour in code is found, one in a docstring is not."""
    source = '"""Uses #123456 in prose."""\nRED = "color:#C23B00"\n'
    found = [n.value for n in _strings_outside_docstrings(ast.parse(source)) if HEX.search(n.value)]
    assert found == ["color:#C23B00"]


def test_chart_and_urgency_colours_stand_out_on_white():
    for name, colour in {**palette.CHART, **palette.URGENCY}.items():
        assert contrast_ratio(colour, WHITE) >= GRAPHIC, name


@pytest.mark.parametrize("kind", sorted(palette.MESSAGE_BOXES))
def test_message_box_words_are_readable_and_its_line_stands_out(kind):
    box = palette.MESSAGE_BOXES[kind]
    assert contrast_ratio(box["text"], box["background"]) >= TEXT
    assert contrast_ratio(box["text"], WHITE) >= TEXT
    assert contrast_ratio(box["border"], WHITE) >= GRAPHIC


@pytest.mark.parametrize("urgency", sorted(palette.BANNERS))
def test_banner_words_are_readable_on_the_banner(urgency):
    banner = palette.BANNERS[urgency]
    assert contrast_ratio(banner["text"], banner["background"]) >= TEXT
    # a pale banner is marked by its border; a dark one stands out by itself
    assert max(contrast_ratio(banner["border"], WHITE), contrast_ratio(banner["background"], WHITE)) >= GRAPHIC


@pytest.mark.parametrize("name", ["INK", "QUIET_INK", "GREY", "LINK", "FOCUS", "STRONG_LINK", "ERROR_WORDS",
                                  "OK_WORDS", "ASK_WORDS", "EMERGENCY_DARK", "SOON_DARK"])
def test_words_and_marks_on_white_are_readable(name):
    assert contrast_ratio(getattr(palette, name), WHITE) >= TEXT


def test_words_on_pale_panels_are_readable():
    for text, panel in ((palette.INK, palette.NEXT_STEPS_PANEL), (palette.INK, palette.SECTION_PANEL),
                        (palette.QUIET_INK, palette.PANEL), (palette.INK, palette.FLAG_PANEL),
                        (palette.INK, palette.UNKNOWN_PANEL), (palette.STRONG_LINK, WHITE)):
        assert contrast_ratio(text, panel) >= TEXT, (text, panel)
    assert contrast_ratio(palette.EMERGENCY_RING, palette.EMERGENCY_DARK) >= GRAPHIC
    assert contrast_ratio(palette.SECTION_BORDER, WHITE) >= GRAPHIC


def test_contrast_ratio_is_wcags():
    assert contrast_ratio("#000000", "#ffffff") == 21.0
    assert contrast_ratio("#ffffff", "#ffffff") == 1.0
    assert contrast_ratio("#bbb", "#bbbbbb") == 1.0
    assert contrast_ratio("#767676", "#ffffff") == 4.54  # the lightest grey that passes for text


def test_old_names_hold_the_palettes_values():
    """Charts and the report keep their public names, with the palette's colours."""
    from crampkit.plots import style
    from crampkit.report import context
    from crampkit.widgets.common import STYLES

    assert style.PALETTE == palette.CHART
    assert style.URGENCY_COLOURS == {"emergency": palette.EMERGENCY_DARK,
                                     **{u: palette.URGENCY[u] for u in ("urgent", "see_clinician_soon",
                                                                        "routine_self_care")}}
    assert context.URGENCY_COLOURS == palette.URGENCY
    assert STYLES["error"] == "color:#8a1c00;background:#fff0eb;border-left:4px solid #C23B00"
    assert style.contrast_ratio is contrast_ratio
