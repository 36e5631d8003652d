"""The radar's layout (decisions.radar_render), its page (render.radar and the templates)
and its previous edition in git (mining.radar_history)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from techlead.core.model import RadarBlip
from techlead.decisions.radar import Blip, Radar, load
from techlead.decisions.radar_render import picture, with_history
from techlead.mining.radar_history import previous_edition
from techlead.render.radar import radar_page

# A 2-quadrant, 2-ring radar with 3 blips; every number below is worked out by hand.
SMALL = Radar(
    rings=("adopt", "hold"),
    quadrants=("tools", "platforms"),
    blips=(
        Blip("Kafka", "hold", "platforms", moved=-1, description="streams"),
        Blip("Bazel", "adopt", "tools", is_new=True),
        Blip("Ant", "adopt", "tools", moved=1),
    ),
)


def test_small_picture_by_hand() -> None:
    # SIZE 800, centre (400, 400), RADIUS 360; 2 rings: band = 360 / 2 = 180; 2 quadrants:
    # span = 2π / 2 = π, quadrant q starts at q·π − π/2 (tools at −π/2, platforms at π/2).
    # Legend order (quadrant, ring, name): 1 Ant, 2 Bazel (tools/adopt), 3 Kafka (platforms/hold).
    # Cell tools/adopt has 2 members, inner radius 0:
    #   Ant   k=0: angle −π/2 + π·1/3 = −π/6, radius 180·0.3 = 54:
    #         x = 400 + 54·cos(−π/6) = 400 + 46.77 = 446.77, y = 400 − 54·0.5 = 373
    #   Bazel k=1: angle −π/2 + π·2/3 = π/6, radius 180·0.5 = 90:
    #         x = 400 + 90·0.8660 = 477.94, y = 400 + 90·0.5 = 445
    # Cell platforms/hold has 1 member, inner radius 180:
    #   Kafka k=0: angle π/2 + π·1/2 = π, radius 180 + 180·0.3 = 234: x = 400 − 234 = 166, y = 400
    # Colours by ring: adopt (0) #1b7f3b, hold (1) #2a6fb0.
    p = picture(SMALL)
    assert [(b.number, b.name, round(b.x, 1), round(b.y, 1), b.colour) for b in p.blips] == [
        (1, "Ant", 446.8, 373.0, "#1b7f3b"),
        (2, "Bazel", 477.9, 445.0, "#1b7f3b"),
        (3, "Kafka", 166.0, 400.0, "#2a6fb0"),
    ]
    assert p.blips[2] == RadarBlip(3, "Kafka", "platforms", "hold", "streams",
                                   p.blips[2].x, p.blips[2].y, "#2a6fb0", -1, False)  # fmt: skip
    # Ring radii 180·(i+1), ring names at 400 − 180·i − 90; axes at the quadrants' starts
    # (400 + 360·cos, 400 + 360·sin); a quadrant's name in the corner its middle points to:
    # tools' middle is 0 (right: x = 800 − 12, anchor end), platforms' is π (left: x = 12).
    assert p.size == 800
    assert p.rings == (("adopt", 180.0, 310.0), ("hold", 360.0, 130.0))
    assert [(round(x, 1), round(y, 1)) for x, y in p.axes] == [(400.0, 40.0), (400.0, 760.0)]
    assert [(n, round(x, 1), round(y, 1), a, b) for n, x, y, a, b in p.quadrant_labels] == [
        ("tools", 788.0, 400.0, "end", "auto"),
        ("platforms", 12.0, 400.0, "start", "auto"),
    ]
    assert (p.quadrants, p.ring_names) == (("tools", "platforms"), ("adopt", "hold"))


SMALL_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Small &amp; &lt;radar&gt;</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem;color:#222}
.radar{max-width:800px}svg{width:100%;height:auto}
.ring{fill:#f4f4f4;stroke:#bbb}.r0{fill:#e8e8e8}.axis{stroke:#999}
.ringname{font-size:12px;fill:#666}.num{font-size:9px;fill:#fff;text-anchor:middle}
.quadname{font-size:16px;font-weight:600;fill:#444}
.new{fill:none;stroke:#222;stroke-width:1.5}
.legend{display:flex;flex-wrap:wrap;gap:1rem}.legend section{flex:1 1 16rem}
@media print{.legend section{break-inside:avoid}}
</style>
</head>
<body>
<h1>Small &amp; &lt;radar&gt;</h1>
<div class="radar">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" role="img">
<circle cx="400.0" cy="400.0" r="360.0" class="ring r1"/>
<text x="404.0" y="130.0" class="ringname">hold</text>
<circle cx="400.0" cy="400.0" r="180.0" class="ring r0"/>
<text x="404.0" y="310.0" class="ringname">adopt</text>
<line x1="400.0" y1="400.0" x2="400.0" y2="40.0" class="axis"/>
<text x="788.0" y="400.0" text-anchor="end" dominant-baseline="auto" class="quadname">tools</text>
<line x1="400.0" y1="400.0" x2="400.0" y2="760.0" class="axis"/>
<text x="12.0" y="400.0" text-anchor="start" dominant-baseline="auto" class="quadname">\
platforms</text>
<g class="blip"><title>Ant (adopt, tools)</title><polygon points="438.8,377.5 454.8,377.5 \
446.8,364.0" fill="#1b7f3b"/><text x="446.8" y="376.0" class="num">1</text></g>
<g class="blip"><title>Bazel (adopt, tools)</title><circle cx="477.9" cy="445.0" r="11" \
class="new"/><circle cx="477.9" cy="445.0" r="8" fill="#1b7f3b"/><text x="477.9" y="448.0" \
class="num">2</text></g>
<g class="blip"><title>Kafka (hold, platforms) streams</title><polygon points="158.0,395.5 \
174.0,395.5 166.0,409.0" fill="#2a6fb0"/><text x="166.0" y="403.0" class="num">3</text></g>
</svg>
</div>
<div class="legend">
<section><h2>tools</h2>
<h3>adopt</h3><ol>
<li value="1"><b>Ant</b> (moved in)</li>
<li value="2"><b>Bazel</b> (new)</li>
</ol>
</section>
<section><h2>platforms</h2>
<h3>hold</h3><ol>
<li value="3"><b>Kafka</b> (moved out)<p>streams</p></li>
</ol>
</section>
</div>
</body>
</html>"""


def test_small_page_whole() -> None:
    # Ant moved in: a triangle pointing up (dy = −9): (x ∓ 8, y + 4.5) and (x, y − 9);
    # Kafka moved out: pointing down (dy = 9): (x ∓ 8, y − 4.5) and (x, y + 9);
    # Bazel is new: a ring of radius 11 around its dot. Numbers sit at y + 3.
    assert radar_page(picture(SMALL), "Small & <radar>") == SMALL_PAGE


class Page(HTMLParser):
    """Every element and every piece of text (entities decoded), with its element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "circle", "line", "polygon"):
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
    radar = Radar(
        rings=(f"adopt {close}", "hold"),
        quadrants=(f"tools {quote}", f"platforms {amp}", "empty"),
        blips=(
            Blip(script, f"adopt {close}", f"tools {quote}", is_new=True, description=close),
            Blip(f"{quote} {amp}", "hold", f"platforms {amp}", moved=-1, description=script),
            Blip(close, "hold", f"tools {quote}", description=f"{amp} {quote}"),
        ),
    )
    page = radar_page(picture(radar), f"Radar {script}")
    assert "<script" not in page and page.count("</svg>") == 1 and page.count("<svg") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;/svg&gt;&lt;svg&gt;" in page
    assert "say &#34;hi&#34;" in page and "R&amp;D" in page
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    assert not parsed.open  # every element closed: no text closed one early
    assert set(parsed.tags) == {
        "html", "head", "meta", "title", "style", "body", "h1", "div", "svg", "circle",
        "text", "line", "g", "polygon", "section", "h2", "h3", "ol", "li", "b", "p",
    }  # fmt: skip
    texts = [(tag, text) for tag, text in parsed.texts if tag != "style"]
    # Decoded, every text reads as it was written in the radar file: in the page's title,
    # on the picture (ring names, quadrant names, blip tooltips) and in the legend.
    assert texts == [
        ("title", f"Radar {script}"),
        ("h1", f"Radar {script}"),
        ("text", "hold"),
        ("text", "adopt </svg><svg>"),
        ("text", 'tools say "hi"'),
        ("text", "platforms R&D"),
        ("text", "empty"),
        ("title", '<script>alert(1)</script> (adopt </svg><svg>, tools say "hi") </svg><svg>'),
        ("text", "1"),
        ("title", '</svg><svg> (hold, tools say "hi") R&D say "hi"'),
        ("text", "2"),
        ("title", 'say "hi" R&D (hold, platforms R&D) <script>alert(1)</script>'),
        ("text", "3"),
        ("h2", 'tools say "hi"'),  # the empty quadrant has no legend
        ("h3", "adopt </svg><svg>"),
        ("b", script),
        ("li", " (new)"),
        ("p", close),
        ("h3", "hold"),
        ("b", close),
        ("p", f"{amp} {quote}"),
        ("h2", "platforms R&D"),
        ("h3", "hold"),
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
    assert [line for line in page.splitlines() if line.startswith("<li ")] == [
        '<li value="1"><b>Kafka</b> (moved in)</li>',
        '<li value="2"><b>Bazel</b> (new)</li>',
        '<li value="3"><b>Ant</b> (moved out)</li>',
    ]
    assert page.count("<polygon") == 2 and page.count('class="new"') == 1
    untracked = repo.path / "other.csv"
    untracked.write_text(first)
    assert previous_edition(untracked) is None
    outside = tmp_path / "loose" / "radar.csv"
    outside.parent.mkdir()
    outside.write_text(first)
    assert previous_edition(outside) is None
