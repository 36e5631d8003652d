"""The radar's layout (decisions.radar_layout, through decisions.radar_render), its page
(render.radar and the templates) and its previous edition in git (mining.radar_history)."""

from __future__ import annotations

import math
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from techlead.core.model import RadarPicture
from techlead.decisions.radar import (
    THOUGHTWORKS_QUADRANTS,
    THOUGHTWORKS_RINGS,
    Blip,
    Radar,
    key,
    load,
)
from techlead.decisions.radar_layout import BLIP, BREACH
from techlead.decisions.radar_render import picture, with_history
from techlead.mining.radar_history import previous_edition
from techlead.render.radar import radar_page

from conftest import CORPUS

RADARS = sorted((CORPUS / "radar").iterdir())

# A 2-quadrant, 2-ring radar with 3 blips: one moved in and in use, one new and unused, one
# moved out on the hold ring and in use (a breach).
SMALL = Radar(
    rings=("adopt", "hold"),
    quadrants=("tools", "platforms"),
    blips=(
        Blip("Kafka", "hold", "platforms", moved=-1, description="streams"),
        Blip("Bazel", "adopt", "tools", is_new=True),
        Blip("Ant", "adopt", "tools", moved=1),
    ),
)


def test_one_blip_by_hand() -> None:
    p = picture(Radar(THOUGHTWORKS_RINGS, THOUGHTWORKS_QUADRANTS,
                      (Blip("Kafka", "adopt", "techniques"),)))  # fmt: skip
    # 4 rings of the default width 360 / 4 = 90 (one blip needs 1.6 · 26² = 1081.6, a band
    # of √(2 · 1081.6 / (π/2)) = 37.1 < 90): radii 90, 180, 270, 360; picture 2 · (360 + 40).
    assert p.size == 800.0
    assert p.rings == (("adopt", 90.0), ("trial", 180.0), ("assess", 270.0), ("hold", 360.0))
    # Ring names in the middle of their band on the line y = 400, left and right (400 ∓
    # 45, ∓ 135, ...); 13 units, boxes 13 · 0.72 per character + 6 wide, 13 + 4 high.
    assert p.ring_labels == (
        ("adopt", 355.0, 445.0, 13.0, 52.8, 17.0), ("trial", 265.0, 535.0, 13.0, 52.8, 17.0),
        ("assess", 175.0, 625.0, 13.0, 62.16, 17.0), ("hold", 85.0, 715.0, 13.0, 43.44, 17.0),
    )  # fmt: skip
    # techniques' middle points to the top right corner: (800 − 12, 12), anchored at its end.
    name, x, y, anchor, baseline = p.quadrant_labels[0]
    assert (name, x, round(y, 6), anchor, baseline) == ("techniques", 788.0, 12.0, "end", "hanging")
    # The cell techniques/adopt: angles −π/2..0, radii 0..90; ρ = 13, so points lie 15 from
    # its edges; the fine grid's rows are 14 apart: 15, 30, 45, 60, 75. Edge distances:
    # row 45 at −π/4 is 45 from both ring edges and 45·sin(π/4) = 31.8 from both axes,
    # farther than any other point (row 60: 90 − 60 = 30), so the one blip goes there:
    # (400 + 45·cos(π/4), 400 − 45·sin(π/4)) = (431.82, 368.18).
    [kafka] = p.blips
    assert (round(kafka.x, 2), round(kafka.y, 2), kafka.radius) == (431.82, 368.18, BLIP)
    # A phone shows techniques as the sector's box (x 400..760, y 40..400) and the four ring
    # names right of the centre (down to 391.5 + 17), 6 around: clipped to the sector, its
    # radius 362, and those names' boxes.
    assert p.views[0] == (
        "techniques", 394.0, 34.0, 372.0, 380.5,
        "M400.0,400.0L400.0,38.0A362.0,362.0 0 0 1 762.0,400.0Z"
        "M418.6,391.5h52.8v17.0h-52.8ZM508.6,391.5h52.8v17.0h-52.8Z"
        "M593.9,391.5h62.2v17.0h-62.2ZM693.3,391.5h43.4v17.0h-43.4Z",
    )  # fmt: skip


def assert_clear(p: RadarPicture) -> None:
    """No two blips overlap, none covers a name, each lies inside its cell."""
    centre = p.size / 2
    for a, b in combinations(p.blips, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.radius + b.radius >= 2 * BLIP, (a, b)
    for b in p.blips:
        for left, top, width, height in p.label_boxes:
            dx = max(left - b.x, 0.0, b.x - left - width)
            dy = max(top - b.y, 0.0, b.y - top - height)
            assert math.hypot(dx, dy) >= b.radius, (b, (left, top, width, height))
        ring = p.ring_names.index(b.ring)
        inner = p.rings[ring - 1][1] if ring else 0.0
        radius = math.hypot(b.x - centre, b.y - centre)
        assert inner + b.radius <= radius <= p.rings[ring][1] - b.radius, b
        span = 2 * math.pi / len(p.quadrants)
        start = p.quadrants.index(b.quadrant) * span - math.pi / 2
        turned = (math.atan2(b.y - centre, b.x - centre) - start) % (2 * math.pi)
        assert 0 <= turned <= span, b
        for edge in (turned, span - turned):  # the distance to each edge of the quadrant
            assert (radius * math.sin(edge) if edge < math.pi / 2 else radius) >= b.radius, b


@pytest.mark.parametrize(
    "path, size, first_ring",
    [(RADARS[0], 800, 90), (RADARS[1], 926, 153), (RADARS[2], 800, 90), (RADARS[3], 1167, 240),
     (RADARS[4], 882, 131)],
    ids=lambda v: v.name.split("--")[1] if isinstance(v, Path) else str(v),
)  # fmt: skip
def test_corpus_radars_without_overlap(path: Path, size: int, first_ring: int) -> None:
    # Sparse radars keep the default rings (90 apart); crowded ones widen the rings their
    # fullest cell needs, and the picture grows (Knowit: 42 keep blips in Tools).
    radar = load(path)
    p = picture(radar)
    assert (round(p.size), round(p.rings[0][1])) == (size, first_ring)
    assert len(p.blips) == len(radar.blips)
    assert_clear(p)
    # With every third blip in use, hold ones are breaches, drawn with marks inside BREACH.
    used = picture(radar, frozenset(key(b.name) for b in radar.blips[::3]))
    assert {b.radius for b in used.blips if b.breach} <= {BREACH}
    assert_clear(used)


def test_a_dense_radar_grows_rather_than_overlaps() -> None:
    # 40 blips in one quadrant's inner ring, and 40 breaches on its hold ring.
    blips = tuple(Blip(f"in{i:02}", "adopt", "tools") for i in range(40)) + tuple(
        Blip(f"held{i:02}", "hold", "tools") for i in range(40))  # fmt: skip
    radar = Radar(THOUGHTWORKS_RINGS, THOUGHTWORKS_QUADRANTS, blips)
    p = picture(radar, frozenset(key(b.name) for b in blips))
    assert [b.breach for b in p.blips] == [False] * 40 + [True] * 40
    # The inner ring widens to 235 and the hold ring to 168, with room for the breaches' marks.
    assert (round(p.size), [round(r) for _, r in p.rings]) == (1246, [235, 325, 415, 583])
    assert_clear(p)
    assert picture(radar, frozenset(key(b.name) for b in blips)) == p  # deterministic


SMALL_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Small &amp; &lt;radar&gt;</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem;color:#222;overflow-wrap:anywhere}
.radar-whole{display:block;max-width:100%;height:auto}
.radar-views{display:none}
.radar-view{overflow-x:auto;margin:0 0 .8rem}.radar-view-name{font-weight:600;margin:.6rem 0 \
.2rem}.radar-view svg{display:block;width:100%;height:auto}
.radar-key{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:0;margin:.5rem \
0;font-size:.9rem}
.radar-key li{display:flex;align-items:center;gap:.3rem}.radar-key \
svg{width:1.5rem;height:1.5rem;flex:none}
.legend{display:flex;flex-wrap:wrap;gap:1rem}.legend section{flex:1 1 16rem;min-width:0;border:0}
.legend .breach{color:#b00000}.legend .used{color:#1b5e20}
@media (max-width:40rem){.radar-whole{display:none}.radar-views{display:block}}
@media print{.radar-whole{display:block}.radar-views{display:none}.legend \
section{break-inside:avoid}}</style>
</head>
<body>
<h1>Small &amp; &lt;radar&gt;</h1>
<div class="radar">
<ul class="radar-key" aria-label="Key to the marks on the radar">
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><circle cx="0.0" cy="0.0" r="10" fill="#555" \
stroke="#555" stroke-width="2"/></svg>no change</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><circle cx="0.0" cy="0.0" r="12" fill="none" \
stroke="#555" stroke-width="1.5"/><circle cx="0.0" cy="0.0" r="8.5" fill="#555" stroke="#555" \
stroke-width="2"/></svg>new</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><polygon points="-11.0,6.5 11.0,6.5 \
0.0,-12.5" fill="#555" stroke="#555" stroke-width="2"/></svg>moved in (towards adopt)</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><polygon points="-11.0,-6.5 11.0,-6.5 \
0.0,12.5" fill="#555" stroke="#555" stroke-width="2"/></svg>moved out</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><circle cx="0.0" cy="0.0" r="10" fill="#555" \
stroke="#555" stroke-width="2"/></svg>filled: in use in the repositories</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><circle cx="0.0" cy="0.0" r="10" fill="#fff" \
stroke="#555" stroke-width="2"/></svg>hollow: not in use</li>
<li><svg viewBox="-22 -22 44 44" aria-hidden="true"><circle cx="0.0" cy="0.0" r="10" fill="#555" \
stroke="#555" stroke-width="2"/><circle cx="0.0" cy="0.0" r="15.5" fill="none" stroke="#d00000" \
stroke-width="2.5"/><circle cx="11.0" cy="-11.0" r="5.5" fill="#d00000"/><text x="11.0" y="-7.7" \
font-size="9" font-weight="700" fill="#fff" text-anchor="middle">!</text></svg>red ring and !: on \
hold, yet in use</li>
</ul>
<svg class="radar-whole" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800.0 800.0" \
width="800.0" role="img" aria-label="The radar: 3 numbered blips, named in the list below">
<g id="radar-drawing">
<circle cx="400.0" cy="400.0" r="360.0" fill="#f4f4f4" stroke="#bbb"/>
<circle cx="400.0" cy="400.0" r="180.0" fill="#e8e8e8" stroke="#bbb"/>
<line x1="400.0" y1="400.0" x2="400.0" y2="40.0" stroke="#999"/>
<line x1="400.0" y1="400.0" x2="400.0" y2="760.0" stroke="#999"/>
<rect x="283.6" y="391.5" width="52.8" height="17.0" rx="3" fill="#fff" stroke="#bbb"/><text \
x="310.0" y="404.6" font-size="13.0" fill="#333" text-anchor="middle">adopt</text>
<rect x="463.6" y="391.5" width="52.8" height="17.0" rx="3" fill="#fff" stroke="#bbb"/><text \
x="490.0" y="404.6" font-size="13.0" fill="#333" text-anchor="middle">adopt</text>
<rect x="108.3" y="391.5" width="43.4" height="17.0" rx="3" fill="#fff" stroke="#bbb"/><text \
x="130.0" y="404.6" font-size="13.0" fill="#333" text-anchor="middle">hold</text>
<rect x="648.3" y="391.5" width="43.4" height="17.0" rx="3" fill="#fff" stroke="#bbb"/><text \
x="670.0" y="404.6" font-size="13.0" fill="#333" text-anchor="middle">hold</text>
<text x="788.0" y="400.0" text-anchor="end" dominant-baseline="auto" font-size="17" \
font-weight="600" fill="#333">tools</text>
<text x="12.0" y="400.0" text-anchor="start" dominant-baseline="auto" font-size="17" \
font-weight="600" fill="#333">platforms</text>
<g class="blip"><title>1. Ant (adopt, tools, moved in, in use)</title><polygon \
points="474.7,434.1 496.7,434.1 485.7,415.1" fill="#1b7f3b" stroke="#1b7f3b" \
stroke-width="2"/><text x="485.7" y="432.8" font-size="11" font-weight="600" fill="#fff" \
text-anchor="middle" paint-order="stroke" stroke="#1b7f3b" stroke-width="2">1</text></g>
<g class="blip"><title>2. Bazel (adopt, tools, new)</title><circle cx="468.5" cy="301.4" r="12" \
fill="none" stroke="#1b7f3b" stroke-width="1.5"/><circle cx="468.5" cy="301.4" r="8.5" \
fill="#fff" stroke="#1b7f3b" stroke-width="2"/><text x="468.5" y="305.2" font-size="11" \
font-weight="600" fill="#1b7f3b" text-anchor="middle" paint-order="stroke" stroke="#fff" \
stroke-width="2">2</text></g>
<g class="blip"><title>3. Kafka (hold, platforms, moved out, on hold yet in use) \
streams</title><polygon points="109.7,440.0 131.7,440.0 120.7,459.0" fill="#b03a2e" \
stroke="#b03a2e" stroke-width="2"/><text x="120.7" y="448.0" font-size="11" font-weight="600" \
fill="#fff" text-anchor="middle" paint-order="stroke" stroke="#b03a2e" \
stroke-width="2">3</text><circle cx="120.7" cy="446.5" r="15.5" fill="none" stroke="#d00000" \
stroke-width="2.5"/><circle cx="131.7" cy="435.5" r="5.5" fill="#d00000"/><text x="131.7" \
y="438.8" font-size="9" font-weight="700" fill="#fff" text-anchor="middle">!</text></g>
</g>
</svg>
<div class="radar-views">
<p class="radar-view-name">tools</p><div class="radar-view"><svg \
xmlns="http://www.w3.org/2000/svg" viewBox="394.0 34.0 372.0 732.0" style="min-width:279.0px" \
role="img" aria-label="tools: its blips are named in the list below"><clipPath \
id="radar-view-1"><path d="M400.0,400.0L400.0,38.0A362.0,362.0 0 0 1 \
400.0,762.0ZM463.6,391.5h52.8v17.0h-52.8ZM648.3,391.5h43.4v17.0h-43.4Z"/></clipPath><use \
href="#radar-drawing" clip-path="url(#radar-view-1)"/></svg></div>
<p class="radar-view-name">platforms</p><div class="radar-view"><svg \
xmlns="http://www.w3.org/2000/svg" viewBox="34.0 34.0 372.0 732.0" style="min-width:279.0px" \
role="img" aria-label="platforms: its blips are named in the list below"><clipPath \
id="radar-view-2"><path d="M400.0,400.0L400.0,762.0A362.0,362.0 0 0 1 \
400.0,38.0ZM283.6,391.5h52.8v17.0h-52.8ZM108.3,391.5h43.4v17.0h-43.4Z"/></clipPath><use \
href="#radar-drawing" clip-path="url(#radar-view-2)"/></svg></div>
</div>
</div>
<div class="legend">
<section><h2>tools</h2>
<h3>adopt</h3><ol>
<li value="1"><b>Ant</b> (moved in) <span class="used">in use</span></li>
<li value="2"><b>Bazel</b> (new)</li>
</ol>
</section>
<section><h2>platforms</h2>
<h3>hold</h3><ol>
<li value="3"><b>Kafka</b> (moved out) <strong class="breach">! on hold, yet in \
use</strong><p>streams</p></li>
</ol>
</section>
</div>
</body>
</html>"""


def test_small_page_whole() -> None:
    # The key first, then the picture: Ant moved in (a triangle pointing up, in use:
    # filled), Bazel is new (a circle in a ring, unused: hollow, its number in its
    # colour), Kafka moved out (pointing down) and is on hold yet in use: a red ring and a
    # "!" badge. The same drawing, clipped, once per quadrant for phones; the legend says
    # it all in words.
    assert radar_page(picture(SMALL, frozenset({"ant", "kafka"})), "Small & <radar>") == (
        SMALL_PAGE
    )


def test_without_a_warehouse_nothing_is_hollow() -> None:
    p = picture(SMALL)
    assert [(b.name, b.in_use, b.breach) for b in p.blips] == [
        ("Ant", None, False), ("Bazel", None, False), ("Kafka", None, False)
    ]  # fmt: skip
    page = radar_page(p, "Radar")
    assert 'fill="#fff" stroke="#1b7f3b"' not in page and "hollow" not in page
    assert "! on" not in page and "in use" not in page


class Page(HTMLParser):
    """Every element and every piece of text (entities decoded), with its element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "circle", "line", "polygon", "rect", "path", "use"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((self.open[-1], data))


def test_radar_text_stays_text() -> None:
    script, quote, amp, close = "<script>alert(1)</script>", 'say "hi"', "R&D", "</svg><svg>"
    hold = f"hold {amp}"  # the last ring: the hold ring
    radar = Radar(
        rings=(f"adopt {close}", hold),
        quadrants=(f"tools {quote}", f"platforms {amp}", "empty"),
        blips=(
            Blip(script, f"adopt {close}", f"tools {quote}", is_new=True, description=close),
            Blip(f"{quote} {amp}", hold, f"platforms {amp}", moved=-1, description=script),
            Blip(close, hold, f"tools {quote}", description=f"{amp} {quote}"),
        ),
    )
    page = radar_page(picture(radar, frozenset({key(close), key(script)})), f"Radar {script}")
    # 7 icons in the key, the picture, a view per quadrant: every <svg> closed by its own.
    assert "<script" not in page and page.count("</svg>") == page.count("<svg") == 7 + 1 + 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;/svg&gt;&lt;svg&gt;" in page
    assert "say &#34;hi&#34;" in page and "R&amp;D" in page
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    assert not parsed.open  # every element closed: no text closed one early
    assert set(parsed.tags) == {
        "html", "head", "meta", "title", "style", "body", "h1", "div", "ul", "li", "svg",
        "circle", "polygon", "text", "g", "line", "rect", "p", "clippath", "path", "use",
        "section", "h2", "h3", "ol", "b", "span", "strong",
    }  # fmt: skip
    texts = [(tag, text) for tag, text in parsed.texts if tag != "style"]
    # Decoded, every text reads as it was written in the radar file: in the page's title,
    # the key, on the picture (ring names, quadrant names, blip tooltips), above each
    # quadrant's view and in the legend.
    assert texts == [
        ("title", f"Radar {script}"),
        ("h1", f"Radar {script}"),
        ("li", "no change"),
        ("li", "new"),
        ("li", "moved in (towards adopt </svg><svg>)"),
        ("li", "moved out"),
        ("li", "filled: in use in the repositories"),
        ("li", "hollow: not in use"),
        ("text", "!"),
        ("li", "red ring and !: on hold R&D, yet in use"),
        ("text", "adopt </svg><svg>"),
        ("text", "adopt </svg><svg>"),
        ("text", "hold R&D"),
        ("text", "hold R&D"),
        ("text", 'tools say "hi"'),
        ("text", "platforms R&D"),
        ("text", "empty"),
        (
            "title",
            '1. <script>alert(1)</script> (adopt </svg><svg>, tools say "hi", new, in use)'
            " </svg><svg>",
        ),
        ("text", "1"),
        ("title", '2. </svg><svg> (hold R&D, tools say "hi", on hold R&D yet in use) R&D say "hi"'),
        ("text", "2"),
        ("text", "!"),
        ("title", '3. say "hi" R&D (hold R&D, platforms R&D, moved out) <script>alert(1)</script>'),
        ("text", "3"),
        ("p", 'tools say "hi"'),
        ("p", "platforms R&D"),
        ("p", "empty"),
        ("h2", 'tools say "hi"'),  # the empty quadrant has no legend
        ("h3", "adopt </svg><svg>"),
        ("b", script),
        ("li", " (new) "),
        ("span", "in use"),
        ("p", close),
        ("h3", "hold R&D"),
        ("b", close),
        ("strong", "! on hold R&D, yet in use"),
        ("p", f"{amp} {quote}"),
        ("h2", "platforms R&D"),
        ("h3", "hold R&D"),
        ("b", f"{quote} {amp}"),
        ("li", " (moved out)"),
        ("p", script),
    ]


def test_moves_from_a_radar_file_committed_twice(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo("radar")
    header = "name,ring,quadrant,isNew,description\n"
    first = header + "Kafka,trial,platforms,FALSE,\nAnt,adopt,tools,FALSE,\nGone,hold,tools,,\n"
    path = repo.path / "docs" / "radar.csv"
    repo.write("docs/radar.csv", first)
    assert previous_edition(path) is None  # a repository without commits
    repo.commit("v1")
    assert previous_edition(path) is None  # one edition
    once = with_history(load(path), path, previous_edition(path))
    assert once == load(path)  # the file's own marks stay
    # v2: Kafka moves in (trial -> adopt), Ant out (adopt -> hold), Bazel is new, Gone
    # goes; Kafka's own isNew mark is wrong and the history overrides it.
    repo.commit(
        "v2",
        files={"docs/radar.csv": header + "Kafka,adopt,platforms,TRUE,\nAnt,hold,tools,,\n"
               "Bazel,assess,tools,,\n"},
    )  # fmt: skip
    repo.commit("unrelated", files={"README.md": "radar\n"})
    assert previous_edition(path) == first.encode()
    marked = picture(with_history(load(path), path, previous_edition(path)))
    # Quadrants in order of first appearance (platforms, tools), then Thoughtworks' others.
    assert [(b.number, b.name, b.moved, b.is_new) for b in marked.blips] == [
        (1, "Kafka", 1, False),
        (2, "Bazel", 0, True),
        (3, "Ant", -1, False),
    ]
    page = radar_page(marked, "Radar")
    assert [line for line in page.splitlines() if line.startswith("<li value=")] == [
        '<li value="1"><b>Kafka</b> (moved in)</li>',
        '<li value="2"><b>Bazel</b> (new)</li>',
        '<li value="3"><b>Ant</b> (moved out)</li>',
    ]
    # Two triangles and one ringed circle on the picture, as many in the key.
    assert page.count("<polygon") == 2 + 2 and page.count('r="12" fill="none"') == 1 + 1
    untracked = repo.path / "other.csv"
    untracked.write_text(first)
    assert previous_edition(untracked) is None
    outside = tmp_path / "loose" / "radar.csv"
    outside.parent.mkdir()
    outside.write_text(first)
    assert previous_edition(outside) is None
