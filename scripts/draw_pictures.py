"""Draw crampkit's teaching pictures as accessible SVG files in data/pictures/.

Each picture's title and description (read by screen readers, and shown as alt text) come
from data/pictures.csv, so an educator edits the words there; this script draws the shapes.
Shapes use one dark ink, white, and hatching for the part to look at, so every picture reads
in greyscale; the only colours are crampkit's palette blue (5:1 on white) and vermillion
(4.6:1), never the sole carrier of meaning.

    python scripts/draw_pictures.py           # rewrites data/pictures/*.svg
    python scripts/draw_pictures.py --check   # exit 1 if a file differs from its drawing
"""
import csv
import html
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
WORDS = {row["picture_id"]: row for row in csv.DictReader((DATA / "pictures.csv").open(encoding="utf-8"))}
INK = "#1a1a1a"
SKIN = "#f2f2f2"
MUSCLE = "#0072B2"   # Okabe-Ito blue, 5.1:1 on white
WARN = "#C23B00"     # vermillion, 4.6:1 on white
WALL = "#595959"

def head(pid, w, h):
    title, desc = html.escape(WORDS[pid]["title"]), html.escape(WORDS[pid]["description"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-labelledby="{pid}-title {pid}-desc" style="max-width:100%;height:auto" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="16" fill="{INK}">\n'
        f'<title id="{pid}-title">{title}</title>\n'
        f'<desc id="{pid}-desc">{desc}</desc>\n'
        "<defs>\n"
        f'<pattern id="{pid}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">\n'
        f'<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" '
        f'stroke="{MUSCLE}" stroke-width="4"/>\n'
        "</pattern>\n"
        f'<marker id="{pid}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">\n'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>\n'
        "</marker>\n"
        "</defs>\n"
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>\n'
    )

def limb(points, width=14):
    d = "M" + " L".join(f"{x},{y}" for x, y in points)
    return (f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{width}" '
        f'stroke-linecap="round" stroke-linejoin="round"/>\n')

def label(x, y, text, anchor="start", size=16, weight="normal", fill=INK):
    lines = text.split("\n")
    out = f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{fill}">'
    for i, line in enumerate(lines):
        out += f'<tspan x="{x}" dy="{0 if i == 0 else size + 4}">{line}</tspan>'
    return out + "</text>\n"

def pointer(x1, y1, x2, y2, pid):
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="2" '
        f'marker-end="url(#{pid}-arrow)"/>\n')

def muscle(cx, cy, rx, ry, rot, pid):
    return (f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" transform="rotate({rot} {cx} {cy})" '
            f'fill="url(#{pid}-hatch)" stroke="{MUSCLE}" stroke-width="3"/>\n')

def calf_stretch():
    pid = "calf-stretch"
    s = head(pid, 560, 380)
    s += f'<rect x="40" y="30" width="22" height="310" fill="{WALL}"/>\n'
    s += f'<line x1="20" y1="340" x2="540" y2="340" stroke="{WALL}" stroke-width="4"/>\n'
    s += f'<circle cx="150" cy="80" r="24" fill="#ffffff" stroke="{INK}" stroke-width="6"/>\n'
    s += limb([(165, 105), (215, 190)], 16)              # trunk, leaning to wall
    s += limb([(160, 120), (100, 110), (64, 108)], 10)    # arm to wall
    s += limb([(170, 130), (110, 135), (64, 132)], 10)    # other arm
    s += limb([(215, 190), (170, 260), (180, 335)], 14)   # front leg, knee bent
    s += limb([(180, 335), (150, 338)], 10)               # front foot
    s += limb([(215, 190), (330, 335)], 14)               # back leg straight
    s += limb([(330, 335), (300, 338)], 10)               # back foot, heel down
    s += muscle(300, 292, 32, 11, 52, pid)
    s += label(370, 120, "Hands flat on the wall")
    s += pointer(365, 115, 90, 112, pid)
    s += label(330, 190, "Front knee bent")
    s += pointer(325, 187, 178, 255, pid)
    s += label(372, 250, "Back leg straight,\nheel on the floor")
    s += label(372, 310, "Feel the stretch here:\nthe calf", weight="bold")
    s += pointer(368, 316, 320, 298, pid)
    return pid, s + "</svg>\n"

def hamstring_stretch():
    pid = "hamstring-stretch"
    s = head(pid, 560, 320)
    s += f'<line x1="20" y1="270" x2="540" y2="270" stroke="{WALL}" stroke-width="4"/>\n'
    s += f'<circle cx="150" cy="110" r="24" fill="#ffffff" stroke="{INK}" stroke-width="6"/>\n'
    s += limb([(120, 262), (170, 135)], 16)               # trunk leaning forward
    s += limb([(160, 160), (260, 200), (330, 236)], 10)   # arms reaching
    s += limb([(120, 262), (250, 262), (350, 262)], 14)   # straight leg
    s += limb([(350, 262), (358, 232)], 10)               # foot, toes up
    s += limb([(120, 262), (170, 215), (200, 262)], 12)   # bent leg
    s += muscle(210, 268, 60, 8, 0, pid)
    s += label(300, 70, "Back straight, lean\nforward from the hips")
    s += pointer(296, 80, 175, 150, pid)
    s += label(330, 180, "Reach towards your toes")
    s += label(240, 300, "Feel the stretch here:\nthe back of the thigh", weight="bold")
    s += pointer(236, 296, 214, 276, pid)
    return pid, s + "</svg>\n"

def toes_up():
    pid = "toes-up"
    s = head(pid, 560, 320)
    s += f'<line x1="20" y1="270" x2="540" y2="270" stroke="{WALL}" stroke-width="4"/>\n'
    s += f'<circle cx="110" cy="90" r="24" fill="#ffffff" stroke="{INK}" stroke-width="6"/>\n'
    s += limb([(100, 262), (125, 115)], 16)
    s += limb([(120, 150), (250, 210), (355, 215)], 10)   # arm to foot
    s += limb([(100, 262), (250, 262), (345, 262)], 14)   # leg straight
    s += limb([(345, 262), (362, 222)], 10)               # foot pulled up
    s += muscle(290, 266, 45, 8, 0, pid)
    s += (f'<path d="M 395 250 A 45 45 0 0 0 380 190" fill="none" stroke="{INK}" stroke-width="3" '
        f'marker-end="url(#{pid}-arrow)"/>\n')
    s += label(410, 200, "Pull your toes\nup towards you")
    s += label(60, 305, "The calf stretches and the cramp eases", weight="bold")
    s += pointer(250, 290, 270, 274, pid)
    return pid, s + "</svg>\n"

def ankle_circles():
    pid = "ankle-circles"
    s = head(pid, 560, 340)
    s += limb([(150, 40), (160, 200)], 18)                # shin
    s += (f'<path d="M 150 200 L 165 215 L 260 222 Q 272 224 268 236 L 150 236 Q 140 226 150 200 '
        f'z" fill="#ffffff" stroke="{INK}" stroke-width="6" stroke-linejoin="round"/>\n')
    s += (f'<ellipse cx="205" cy="222" rx="95" ry="45" fill="none" stroke="{MUSCLE}" '
        f'stroke-width="4" stroke-dasharray="10 6"/>\n')
    s += (f'<path d="M 300 222 A 95 45 0 0 1 290 243" fill="none" stroke="{MUSCLE}" '
        f'stroke-width="4" marker-end="url(#{pid}-arrow)"/>\n')
    s += label(320, 120, "Circle your ankle slowly,\none way and then the other")
    s += pointer(330, 145, 292, 192, pid)
    s += (f'<path d="M 285 250 A 40 40 0 0 0 285 190" fill="none" stroke="{INK}" stroke-width="3" '
        f'marker-start="url(#{pid}-arrow)" marker-end="url(#{pid}-arrow)"/>\n')
    s += label(320, 245, "Then point your toes up\ntowards you and down again")
    s += label(40, 320, "Good while you sit for a long time, or in bed before sleep.", weight="bold")
    return pid, s + "</svg>\n"

def leg_parts():
    pid = "leg-parts"
    s = head(pid, 520, 460)
    leg = ("M 200 30 C 150 40 150 150 165 205 C 170 225 165 240 170 255 C 150 300 160 350 185 385 "
           "L 190 405 L 300 420 Q 315 425 305 435 L 185 437 C 175 420 178 400 172 390 "
           "M 200 30 C 250 35 262 150 240 210 C 236 228 238 240 232 256 C 228 300 215 350 210 385 L 212 405")
    s += f'<path d="{leg}" fill="none" stroke="{INK}" stroke-width="5" stroke-linejoin="round"/>\n'
    s += muscle(175, 320, 18, 60, 3, pid)
    parts = [(300, 70, "Thigh", 242, 90), (300, 150, "Back of the thigh\n(hamstring)", 158, 140),
             (300, 232, "Knee", 238, 232), (20, 300, "Calf (the back\nof the lower leg)", 168, 320),
             (300, 310, "Shin (the front\nof the lower leg)", 226, 300), (300, 385, "Ankle", 212, 395),
             (330, 455, "Foot", 260, 428)]
    for x, y, text, px, py in parts:
        bold = "bold" if text.startswith("Calf") else "normal"
        s += label(x, y, text, weight=bold)
        s += pointer(x - 5 if x > 200 else x + 120, y - 5, px, py, pid)
    return pid, s + "</svg>\n"

def clot_vs_cramp():
    pid = "clot-vs-cramp"
    s = head(pid, 700, 470)
    def lower_leg(x, swollen=False):
        w = 26 if swollen else 0
        return (f'<path d="M {x} 70 C {x-30-w} 150 {x-25-w} 230 {x} 300 L {x+5} 330 L {x+90} 342 '
                f'Q {x+100} 350 {x+90} 355 L {x} 357 M {x+60} 70 C {x+70+w/2} 150 {x+60+w/2} 230 '
                f'{x+40} 300 L {x+42} 330" '
                f'fill="none" stroke="{INK}" stroke-width="5" stroke-linejoin="round"/>\n')
    s += lower_leg(120)
    s += muscle(108, 175, 18, 55, 0, pid)
    s += label(40, 35, "Ordinary cramp", size=20, weight="bold")
    s += label(200, 150, "Muscle goes\nhard and tight")
    s += pointer(196, 155, 128, 175, pid)
    s += label(200, 250, "Eases within\nminutes; the leg\nlooks normal")
    s += lower_leg(440, swollen=True)
    s += (f'<path d="M 440 70 C 384 150 389 230 440 300 L 482 300 C 512 230 522 150 500 70 z" '
          f'fill="{WARN}" fill-opacity="0.25"/>\n')
    s += label(355, 35, "Possible clot (DVT)", size=20, weight="bold", fill=WARN)
    s += label(520, 130, "Swollen,\none leg only")
    s += label(520, 200, "Warm, red or\ndarker skin")
    s += label(520, 270, "Pain that\nkeeps going")
    s += label(330, 395, "Get medical help today.\nDo not rub the leg.", weight="bold", fill=WARN)
    s += label(330, 445, "Short of breath or chest pain:\ncall the emergency number now.", size=14)
    return pid, s + "</svg>\n"

DRAWINGS = (calf_stretch, hamstring_stretch, toes_up, ankle_circles, leg_parts, clot_vs_cramp)



def main(argv) -> int:
    """Write every drawing (or, with ``--check``, list the files that differ); 1 if any differ."""
    differ = []
    for make in DRAWINGS:
        pid, svg = make()
        target = DATA / WORDS[pid]["file"]
        if "--check" in argv:
            if not target.is_file() or target.read_text(encoding="utf-8") != svg:
                differ.append(WORDS[pid]["file"])
        else:
            target.write_text(svg, encoding="utf-8")
    for name in differ:
        print(f"{name} differs from its drawing: run python scripts/draw_pictures.py")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
