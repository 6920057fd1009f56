#!/usr/bin/env python3
"""Draws the demo site's editorial illustrations (www/demo/images/*.svg): flat scenes, one per
article, in the site's palette. Invented, like the articles. Run it again after changing a
scene: `python3 scripts/demo-illustrations.py`."""

from pathlib import Path

W, H = 640, 360
OUT = Path(__file__).resolve().parent.parent / "www" / "demo" / "images"

INK = "#1b1b1b"
PAPER = "#fbf8f2"
ACCENT = "#b3123b"
SKIN = ["#f2c7a5", "#c98b5e", "#8d5a3b", "#e8b48a"]


def svg(background, *parts):
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}">'
        f'<rect width="{W}" height="{H}" fill="{background}"/>{body}</svg>\n'
    )


def rect(x, y, w, h, fill, rx=0, opacity=1):
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" fill-opacity="{opacity}"/>'


def circle(cx, cy, r, fill, opacity=1):
    return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" fill-opacity="{opacity}"/>'


def path(d, fill="none", stroke=None, width=0, opacity=1):
    line = f' stroke="{stroke}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"' if stroke else ""
    return f'<path d="{d}" fill="{fill}" fill-opacity="{opacity}"{line}/>'


def person(x, ground, height, coat, skin, hair=INK, seated=False):
    """A standing (or seated) figure whose feet touch `ground`, `height` tall."""
    head = height * 0.16
    top = ground - height
    body_top = top + head * 2.1
    legs = ground if not seated else ground - height * 0.22
    w = height * 0.34
    parts = [
        # legs
        rect(x - w * 0.32, legs - height * 0.38, w * 0.26, height * 0.38, INK, rx=4),
        rect(x + w * 0.06, legs - height * 0.38, w * 0.26, height * 0.38, INK, rx=4),
        # body
        path(
            f"M{x - w / 2},{legs - height * 0.3} L{x - w / 2},{body_top + w * 0.3} "
            f"Q{x - w / 2},{body_top} {x},{body_top} Q{x + w / 2},{body_top} {x + w / 2},{body_top + w * 0.3} "
            f"L{x + w / 2},{legs - height * 0.3} Z",
            fill=coat,
        ),
        circle(x, top + head, head, skin),
        path(
            f"M{x - head},{top + head} Q{x - head},{top - head * 0.2} {x},{top} "
            f"Q{x + head},{top - head * 0.2} {x + head},{top + head * 0.7} Q{x},{top + head * 0.4} {x - head},{top + head} Z",
            fill=hair,
        ),
    ]
    return "".join(parts)


def house(x, ground, w, h, wall, roof, door=ACCENT):
    return "".join(
        [
            rect(x, ground - h, w, h, wall),
            path(f"M{x - 12},{ground - h} L{x + w / 2},{ground - h - w * 0.45} L{x + w + 12},{ground - h} Z", fill=roof),
            rect(x + w * 0.4, ground - h * 0.55, w * 0.2, h * 0.55, door, rx=3),
            rect(x + w * 0.12, ground - h * 0.75, w * 0.18, h * 0.22, PAPER, rx=2),
            rect(x + w * 0.7, ground - h * 0.75, w * 0.18, h * 0.22, PAPER, rx=2),
        ]
    )


def ground(y, fill):
    return rect(0, y, W, H - y, fill)


def salaries():
    """A decree, its seal, and a rising line of pay."""
    return svg(
        "#f4e3d7",
        circle(520, 80, 120, ACCENT, 0.12),
        rect(90, 50, 230, 290, PAPER, rx=10),
        *[rect(120, 95 + i * 26, 170 - (i % 3) * 30, 10, "#c9beb0", rx=5) for i in range(7)],
        circle(250, 295, 26, ACCENT),
        path("M238,292 l8,9 l16,-18", stroke=PAPER, width=5),
        path("M360,300 L420,250 L470,270 L560,160", stroke=ACCENT, width=10),
        path("M530,160 L562,158 L560,190", stroke=ACCENT, width=10),
        *[rect(360 + i * 50, 330 - (i + 1) * 22, 34, (i + 1) * 22, INK, rx=4, opacity=0.8) for i in range(4)],
    )


def interview():
    """Two people at a table, a laptop between them."""
    return svg(
        "#e5ecef",
        rect(0, 0, W, 230, "#dbe5ea"),
        rect(420, 40, 150, 110, PAPER, rx=6),
        rect(432, 52, 126, 86, "#9fb8c4", rx=4),
        person(190, 300, 190, ACCENT, SKIN[0], seated=True),
        person(450, 300, 185, "#2f4858", SKIN[2], hair="#3b2a20", seated=True),
        rect(120, 250, 400, 18, INK, rx=6),
        rect(150, 268, 14, 70, INK),
        rect(476, 268, 14, 70, INK),
        path("M290,250 L300,205 L370,205 L380,250 Z", fill="#cfd8dc"),
        rect(300, 208, 70, 38, "#607d8b", rx=3),
    )


def child_protection():
    """A house; an adult and a child walk to it, hand in hand."""
    return svg(
        "#fbe9e1",
        circle(540, 70, 40, "#f6b27a"),
        ground(300, "#d8c9b6"),
        house(380, 300, 190, 140, PAPER, ACCENT),
        person(180, 300, 200, "#2f4858", SKIN[1]),
        person(255, 300, 120, "#f6b27a", SKIN[0], hair="#7a4b2a"),
        path("M210,215 Q230,228 240,228", stroke=SKIN[1], width=9),
    )


def open_door():
    """A door held open on a lit room: the welcome of every person, unconditionally."""
    return svg(
        "#2f4858",
        rect(200, 60, 240, 300, "#f7d9a8"),
        path("M200,60 L120,40 L120,360 L200,360 Z", fill=ACCENT),
        circle(140, 210, 7, "#f7d9a8"),
        person(330, 330, 220, "#ffffff", SKIN[2], hair=INK),
        path("M370,210 Q420,190 430,160", stroke=SKIN[2], width=12),
        ground(330, "#24384a"),
        rect(200, 330, 240, 30, "#e9c48c", opacity=0.6),
    )


def night_round():
    """A night round: a street lamp, two volunteers, a thermos held out."""
    stars = "".join(circle(40 + (i * 83) % 600, 30 + (i * 47) % 140, 2.5, PAPER, 0.8) for i in range(18))
    return svg(
        "#1e2a44",
        stars,
        circle(520, 80, 34, "#f3e9c6"),
        circle(506, 72, 30, "#1e2a44"),
        ground(300, "#151d30"),
        rect(120, 90, 10, 210, "#44506b"),
        path("M100,90 L150,90 L140,70 L110,70 Z", fill="#44506b"),
        path("M95,95 L70,300 L180,300 L155,95 Z", fill="#f3e9c6", opacity=0.18),
        person(270, 300, 190, ACCENT, SKIN[0]),
        person(400, 300, 180, "#f6b27a", SKIN[2], hair="#2a1d14"),
        rect(318, 198, 22, 40, "#cfd8dc", rx=5),
    )


def shared_secret():
    """A file under lock, between two speech bubbles."""
    return svg(
        "#ece6f2",
        path("M70,70 h180 a20,20 0 0 1 20,20 v80 a20,20 0 0 1 -20,20 h-120 l-40,30 v-30 h-20 a20,20 0 0 1 -20,-20 v-80 a20,20 0 0 1 20,-20 z", fill=PAPER),
        *[rect(95, 100 + i * 24, 150 - i * 40, 10, "#b9aec6", rx=5) for i in range(3)],
        path("M390,160 h180 a20,20 0 0 1 20,20 v80 a20,20 0 0 1 -20,20 h-20 v30 l-40,-30 h-120 a20,20 0 0 1 -20,-20 v-80 a20,20 0 0 1 20,-20 z", fill="#5b4b73"),
        *[rect(405, 190 + i * 24, 150 - i * 30, 10, "#8f7fa8", rx=5) for i in range(3)],
        rect(250, 150, 140, 170, ACCENT, rx=10),
        path("M280,150 v-30 a40,40 0 0 1 80,0 v30", stroke=INK, width=14),
        circle(320, 225, 16, PAPER),
        rect(314, 230, 12, 40, PAPER, rx=4),
    )


def recruitment():
    """A training room, its board, and more empty chairs than students."""
    chairs = "".join(
        rect(110 + i * 110, 280, 60, 12, "#8d6e63", rx=4) + rect(110 + i * 110, 230, 12, 62, "#8d6e63", rx=4)
        for i in range(4)
    )
    return svg(
        "#f1efe6",
        rect(140, 40, 360, 150, "#2e4a3a", rx=8),
        rect(150, 50, 340, 130, "#35573f", rx=4),
        path("M180,90 h120 M180,120 h200 M180,150 h90", stroke="#e8efe9", width=6),
        rect(0, 330, W, 30, "#d7d1c2"),
        chairs,
        person(250, 330, 130, ACCENT, SKIN[3], seated=True),
    )


def inclusive_housing():
    """A row of houses; a ramp to one door, and a neighbour in a wheelchair."""
    return svg(
        "#e3efe8",
        circle(90, 70, 36, "#f6c779"),
        ground(300, "#b9d3c2"),
        house(60, 300, 130, 110, "#ffffff", "#2f4858"),
        house(250, 300, 150, 130, "#fdf1e4", ACCENT),
        house(460, 300, 130, 110, "#ffffff", "#2f4858"),
        path("M300,300 L372,262 L390,262 L390,300 Z", fill="#9aa7a0"),
        circle(210, 282, 18, "none") + f'<circle cx="210" cy="282" r="18" fill="none" stroke="{INK}" stroke-width="6"/>',
        rect(196, 230, 34, 40, "#2f4858", rx=8),
        circle(213, 212, 14, SKIN[1]),
        path("M200,262 L232,262 L240,290", stroke=INK, width=6),
    )


SCENES = {
    "metiers-formation-1.svg": salaries,
    "metiers-formation-2.svg": interview,
    "protection-enfance-3.svg": child_protection,
    "politiques-sociales-4.svg": open_door,
    "politiques-sociales-5.svg": night_round,
    "protection-enfance-6.svg": shared_secret,
    "metiers-formation-7.svg": recruitment,
    "handicap-autonomie-8.svg": inclusive_housing,
}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, scene in SCENES.items():
        (OUT / name).write_text(scene())
        print(OUT / name)
