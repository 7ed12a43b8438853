"""Every colour crampkit shows, in one place, named by what it holds.

Charts (``crampkit.plots.style``), the widgets' message boxes, banners and lines, and the
report take their colours from here; a module that types a ``#rrggbb`` of its own is a
colour this file does not know yet (``tests/core/test_palette.py`` lists every colour typed in
``crampkit/`` and fails on one that is not here).

Plain constants, not a ``data/`` table: a colour is not a word an educator edits, it is a
design choice tied to contrast. Each pairing a page uses (text on its panel, a border or
bar on white) is checked by the tests against WCAG 2.1 (4.5:1 for text, 3:1 for lines and
bars), which a table row could not promise; and reading a constant costs nothing at import.
Change a colour here and run ``tests/core/test_palette.py``.

Colours are never the only cue: every urgency, message and warning also says so in words.

>>> contrast_ratio(WHITE, BLACK)
21.0
>>> all(contrast_ratio(c, WHITE) >= 3 for c in CHART.values())
True
>>> URGENCY["emergency"], URGENCY["routine_self_care"]
('#A50026', '#007A5A')
"""
from __future__ import annotations

# ----------------------------------------------------------------------------- plain
WHITE = "#ffffff"
BLACK = "#000000"
INK = "#1a1a1a"  # body text, chart text and titles
QUIET_INK = "#404040"  # notes, hints and small print beside the main text
GREY = "#595959"  # neutral lines: axes, a "no urgency" mark, the made-up example's frame
GRID = "#e6e6e6"  # chart grid lines
ZERO_LINE = "#bdbdbd"  # a chart's zero line
NEUTRAL_BAR = "#d9d9d9"  # bars and rules that carry no meaning of their own (report grid)
TABLE_RULE = "#bbb"  # the line between rows of a table in a widget
PANEL = "#f7f7f7"  # the report's urgency panel
FLAG_PANEL = "#fafafa"  # the report's warning-sign rows
UNKNOWN_PANEL = "#fff4e5"  # the report's rows of answers crampkit did not understand

# ----------------------------------------------------------------------------- charts
# Okabe and Ito's colours (told apart by people with the common kinds of colour blindness),
# darkened where needed to reach 3:1 against white. ``crampkit.plots.style.PALETTE``.
CHART = {
    "blue": "#0072B2",
    "orange": "#B35C00",
    "green": "#007A5A",
    "vermillion": "#C23B00",
    "purple": "#9E4F86",
    "sky": "#2A7FB0",
    "grey": GREY,
}

# ----------------------------------------------------------------------------- urgency
# One colour per urgency (with its words, never alone): lines, bars and the report.
URGENCY = {
    "emergency": "#A50026",
    "urgent": CHART["vermillion"],
    "see_clinician_soon": CHART["orange"],
    "routine_self_care": CHART["green"],
}
EMERGENCY_DARK = "#5c0011"  # the emergency banner's background; the emergency bar in charts
URGENT_DARK = "#7a2500"  # the urgent banner's border
SOON_DARK = "#7a3d00"  # the "see a clinician soon" icon
EMERGENCY_RING = "#ffd400"  # the yellow ring inside the emergency banner's border
NOT_UNDERSTOOD = CHART["blue"]  # the border of "something typed was not understood"

# ----------------------------------------------------------------------------- messages
# Message boxes (``crampkit.widgets.common.box_html``): dark text on a pale panel, a strong
# line on the left. The same text colours mark short error/ok words beside a box.
MESSAGE_BOXES = {
    "error": {"text": "#8a1c00", "background": "#fff0eb", "border": URGENCY["urgent"]},
    "info": {"text": INK, "background": "#eef5fb", "border": CHART["blue"]},
    "ok": {"text": "#0b3d2c", "background": "#eaf7f2", "border": URGENCY["routine_self_care"]},
    "warning": {"text": "#4d2800", "background": "#fff5e6", "border": URGENCY["see_clinician_soon"]},
}
ERROR_WORDS = URGENCY["urgent"]  # a short problem beside a box (survey, diary, teacher)
OK_WORDS = URGENCY["routine_self_care"]  # a short "saved" beside a box
ASK_WORDS = MESSAGE_BOXES["warning"]["text"]  # a question back to the person (diary)

# Urgency banners (``crampkit.widgets.banners``): text, panel and border per urgency.
BANNERS = {
    "emergency": {"text": WHITE, "background": EMERGENCY_DARK, "border": BLACK},
    "urgent": {"text": WHITE, "background": URGENCY["urgent"], "border": URGENT_DARK},
    "see_clinician_soon": {"text": INK, "background": MESSAGE_BOXES["warning"]["background"],
                           "border": URGENCY["see_clinician_soon"]},
    "routine_self_care": {"text": MESSAGE_BOXES["ok"]["text"], "background": MESSAGE_BOXES["ok"]["background"],
                          "border": URGENCY["routine_self_care"]},
    "not_understood": {"text": INK, "background": MESSAGE_BOXES["info"]["background"],
                       "border": NOT_UNDERSTOOD},
}

# ----------------------------------------------------------------------------- links, focus
LINK = "#0b5cad"  # a source link in running text
FOCUS = "#0b5fa5"  # the outline round whatever has the keyboard focus; the "not understood" icon
STRONG_LINK = "#0b3d5c"  # the skip link and the report's download links
NEXT_STEPS_PANEL = "#f4f9fd"  # the plan's "Your next steps" box
SECTION_PANEL = "#eef1f4"  # a form section's header
SECTION_BORDER = "#8c959f"  # its border


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    rgb = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` (or ``#rgb``) colours (1 to 21).

    >>> contrast_ratio("#C23B00", "#ffffff") >= 4.5
    True
    """
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


def every_colour() -> set[str]:
    """Every colour named in this module, written as it is typed (``#0072B2``, ``#bbb``).

    >>> "#A50026" in every_colour() and "#bbb" in every_colour()
    True
    """
    found: set[str] = set()
    for name, value in globals().items():
        if not name.isupper():
            continue
        if isinstance(value, str) and value.startswith("#"):
            found.add(value)
        elif isinstance(value, dict):
            for inner in value.values():
                found.update(inner.values() if isinstance(inner, dict) else [inner])
    return found
