"""Where a radar's rings, names and blips go: a deterministic layout in which no two blips
overlap and no blip covers a ring's or a quadrant's name.

Geometry, in SVG units (y points down): a square picture, the radar centred in it with
MARGIN around the outer ring for the quadrant names (each in the corner, or on the edge,
its quadrant's middle points to). The quadrants are equal sectors, the first starting at
12 o'clock, clockwise; the rings are bands, the first innermost. The ring names sit on the
horizontal line through the centre, in the middle of their band, left and right, so every
quadrant of a four-quadrant radar shows them along one edge.

Ring widths: a band is at least OUTER / (number of rings) wide, and wider when its most
crowded cell (one quadrant of the ring) needs room: an area per blip of (2·BLIP)² × 1.6 to
begin with. The picture grows with the rings.

Blips: every blip is drawn inside a circle of radius BLIP (BREACH when it carries the
breach badge); a cell's candidates use the largest radius ρ of its blips. Candidates lie
on a polar grid: rows at least 2ρ + GAP apart in radius, along a row chords of at least
2ρ + GAP, so any two candidates are that far apart; a candidate closer than ρ + GAP to its
cell's edges (ring circles, axes) or to a name's box is dropped. Points of different cells
are then ρ + GAP + ρ' + GAP apart at least: a blip never overlaps another. Of a cell's
candidates, as many as it has blips are chosen one by one, each the farthest from those
chosen and from the cell's edges (edges count double, as a mirrored neighbour would; among
equal distances, in whole units, the one nearest the cell's middle), so a few blips spread
over their cell; the chosen points, by row then clockwise, go to the blips in legend
order. A cell with fewer candidates than blips makes its ring's area per blip 1.25 times
larger and the layout starts again: the picture grows rather than blips overlapping.

Text widths are estimated (CHAR_EM em per character, enough for system-ui sans-serif),
since Python knows no font; the boxes keep blips off the names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from techlead.decisions.radar import RadarError

OUTER = 360.0  # the outer ring's radius when the rings need no more room
MARGIN = 40.0  # between the outer ring and the picture's edge
BLIP = 13.0  # every mark of a blip is drawn inside this radius
BREACH = 22.0  # ... and of a blip with the breach marks (a red ring and a badge)
GAP = 2.0  # between a blip and a line or a name
RING_FONT = 13.0
QUADRANT_FONT = 17.0
CHAR_EM = 0.72  # estimated width of a character, in em (DejaVu Sans bold is 0.69)
CORNER = 12.0  # between a quadrant's name and the picture's edge
FIRST_AREA = 1.6  # a blip's area to begin with, in (2·BLIP)² squares
GROWTH = 1.25
ROUNDS = 100  # layouts tried, each with the crowded rings' area per blip GROWTH times larger

Box = tuple[float, float, float, float]  # x, y, width, height
Point = tuple[float, float]


@dataclass(frozen=True)
class Layout:
    size: float
    radii: tuple[float, ...]  # each ring's outer radius
    ring_labels: tuple[tuple[float, float, float, float, float], ...]  # per ring: x left,
    #   x right (the middles of its two names), font size, the width and height of a name's box
    quadrant_labels: tuple[tuple[float, float, str, str], ...]  # x, y, anchor, baseline
    axes: tuple[Point, ...]  # the end of each quadrant's first edge
    boxes: tuple[Box, ...]  # every name's box (ring names twice), kept free of blips
    views: tuple[tuple[float, float, float, float, str], ...]  # per quadrant: the viewBox
    #   a phone shows of it, and the outline (SVG path) it is clipped to
    positions: tuple[Point, ...]  # per blip, in the order given


def layout(
    quadrants: Sequence[str], rings: Sequence[str], blips: Sequence[tuple[int, int, float]]
) -> Layout:
    """The layout of a radar whose blips are (quadrant index, ring index, radius), in
    legend order (quadrant, ring, name)."""
    span = 2 * math.pi / len(quadrants)
    cells: dict[tuple[int, int], list[int]] = {}
    for index, (q, r, _) in enumerate(blips):
        cells.setdefault((q, r), []).append(index)
    area = [FIRST_AREA] * len(rings)
    for _ in range(ROUNDS):
        radii = _radii(rings, cells, span, area)
        outer = radii[-1]
        size = 2 * (outer + MARGIN)
        c = size / 2
        ring_labels, ring_boxes = _ring_labels(rings, radii, c)
        quadrant_labels, quadrant_boxes = _quadrant_labels(quadrants, span, size)
        boxes = ring_boxes + quadrant_boxes
        positions: dict[int, Point] = {}
        crowded = set()
        for (q, r), members in sorted(cells.items()):
            rho = max(blips[i][2] for i in members)
            inner = radii[r - 1] if r else 0.0
            cell = (q * span - math.pi / 2, (q + 1) * span - math.pi / 2, inner, radii[r])
            chosen = _choose(cell, rho, c, boxes, len(members))
            if chosen is None:
                crowded.add(r)
                continue
            positions.update(zip(members, chosen, strict=True))
        if not crowded:
            break
        area = [a * GROWTH if r in crowded else a for r, a in enumerate(area)]
    else:  # each round widens a crowded ring a quarter: this is never reached
        raise RadarError(f"the radar's blips found no room in {ROUNDS} layouts")
    starts = [q * span - math.pi / 2 for q in range(len(quadrants))]
    axes = tuple((c + outer * math.cos(a), c + outer * math.sin(a)) for a in starts)
    views = tuple(_view(q, span, outer, c, size, ring_boxes) for q in range(len(quadrants)))
    return Layout(size, tuple(radii), ring_labels, quadrant_labels, axes, tuple(boxes), views,
                  tuple(positions[i] for i in range(len(blips))))  # fmt: skip


def _radii(
    rings: Sequence[str], cells: dict[tuple[int, int], list[int]], span: float, area: list[float]
) -> list[float]:
    """Each ring's outer radius: at least the default band, and room for its fullest cell."""
    radii, inner = [], 0.0
    for r in range(len(rings)):
        fullest = max((len(m) for (_, ring), m in cells.items() if ring == r), default=0)
        need = fullest * area[r] * (2 * BLIP) ** 2  # a band's cell has span/2·(R² − r²)
        outer = max(inner + OUTER / len(rings), math.sqrt(inner**2 + 2 * need / span))
        radii.append(outer)
        inner = outer
    return radii


def text_width(text: str, font: float) -> float:
    return len(text) * font * CHAR_EM


def _ring_labels(
    rings: Sequence[str], radii: Sequence[float], c: float
) -> tuple[tuple[tuple[float, float, float, float, float], ...], list[Box]]:
    """Each ring's name in the middle of its band on the horizontal line, left and right;
    a name wider than its band gets a smaller font."""
    labels, boxes = [], []
    for r, name in enumerate(rings):
        inner = radii[r - 1] if r else 0.0
        middle, band = (inner + radii[r]) / 2, radii[r] - inner
        font = min(RING_FONT, (band - 8) / (max(len(name), 1) * CHAR_EM))  # box < band
        width, height = text_width(name, font) + 6, font + 4
        labels.append((c - middle, c + middle, font, width, height))
        boxes += [(x - width / 2, c - height / 2, width, height) for x in (c - middle, c + middle)]
    return tuple(labels), boxes


def _quadrant_labels(
    quadrants: Sequence[str], span: float, size: float
) -> tuple[tuple[tuple[float, float, str, str], ...], list[Box]]:
    """Each quadrant's name in the corner (or on the edge) of the picture its middle
    points to, and the box it takes."""
    labels, boxes = [], []
    c = size / 2
    for q, name in enumerate(quadrants):
        middle = q * span - math.pi / 2 + span / 2
        dx, dy = math.cos(middle), math.sin(middle)
        scale = (c - CORNER) / max(abs(dx), abs(dy))
        x, y = c + dx * scale, c + dy * scale
        anchor = "end" if dx > 0.3 else "start" if dx < -0.3 else "middle"
        baseline = "hanging" if dy < 0 else "auto"
        labels.append((x, y, anchor, baseline))
        width, height = text_width(name, QUADRANT_FONT), QUADRANT_FONT * 1.25
        left = x - width if anchor == "end" else x if anchor == "start" else x - width / 2
        top = y if baseline == "hanging" else y - QUADRANT_FONT
        boxes.append((left, top, width, height))
    return tuple(labels), boxes


class _Candidate(NamedTuple):
    row: int
    angle: float
    radius: float
    x: float
    y: float
    edge: float  # the distance to the cell's edges (ring circles, axes)


def _choose(
    cell: tuple[float, float, float, float], rho: float, c: float, boxes: Sequence[Box], n: int
) -> list[Point] | None:
    """``n`` points of the cell (start angle, end angle, inner, outer radius), by row then
    clockwise, or None when the cell has room for fewer. Chosen from a grid twice as fine
    as the spacing first (a lone blip then sits in the middle of its cell), else from the
    grid whose every point is far enough from every other (its capacity is the cell's)."""
    spacing = 2 * rho + GAP
    for step in (spacing / 2, spacing):
        chosen = _pick(_candidates(cell, rho, c, boxes, step), n, spacing, cell)
        if chosen is not None:
            return chosen
    return None


def _candidates(
    cell: tuple[float, float, float, float],
    rho: float,
    c: float,
    boxes: Sequence[Box],
    step: float,
) -> list[_Candidate]:
    """The cell's points on a polar grid: rows ``step`` apart, chords of ``step`` along a
    row, at least ρ + GAP from the cell's edges and from every name's box."""
    start, end, inner, outer = cell
    found = []
    for row, radius in enumerate(_rows(inner + rho + GAP, outer - rho - GAP, step)):
        margin = math.asin(min(1.0, (rho + GAP) / radius))
        chord = 2 * math.asin(min(1.0, step / 2 / radius))
        for angle in _rows(start + margin, end - margin, chord):
            x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
            if any(_to_box(x, y, box) < rho + GAP for box in boxes):
                continue
            edge = min(radius - inner, outer - radius,
                       _to_ray(radius, angle - start), _to_ray(radius, end - angle))  # fmt: skip
            found.append(_Candidate(row, angle, radius, x, y, edge))
    return found


def _pick(
    found: list[_Candidate], n: int, spacing: float, cell: tuple[float, float, float, float]
) -> list[Point] | None:
    """``n`` of the candidates at least ``spacing`` apart, each the farthest from those
    chosen and from the edges (counted double); among equal distances in whole units, the
    nearest the cell's middle. None when fewer than ``n`` can be chosen."""
    start, end, inner, outer = cell
    middle, half = (start + end) / 2, (inner + outer) / 2
    off = [abs(p.angle - middle) * p.radius + abs(p.radius - half) for p in found]
    score = [2 * p.edge for p in found]
    near = [math.inf] * len(found)  # the distance to the nearest chosen point
    chosen: list[int] = []
    for _ in range(n):
        free = [i for i in range(len(found)) if near[i] >= spacing]
        if not free:
            return None
        best = max(free, key=lambda i: (round(score[i]), -off[i]))
        chosen.append(best)
        b = found[best]
        for i, p in enumerate(found):
            d = math.hypot(p.x - b.x, p.y - b.y)
            near[i] = min(near[i], d)
            score[i] = min(score[i], d)
    return [(found[i].x, found[i].y) for i in sorted(chosen)]


def _rows(low: float, high: float, step: float) -> list[float]:
    """Radii from low to high, evenly spread, at least ``step`` apart (as many as fit)."""
    if high < low:
        return []
    count = int((high - low) // step) + 1
    if count == 1:
        return [(low + high) / 2]
    return [low + k * (high - low) / (count - 1) for k in range(count)]


def _to_ray(radius: float, angle: float) -> float:
    """The distance from a point ``angle`` past a ray from the centre to that ray."""
    return radius * math.sin(angle) if angle < math.pi / 2 else radius


def _to_box(x: float, y: float, box: Box) -> float:
    left, top, width, height = box
    dx = max(left - x, 0.0, x - (left + width))
    dy = max(top - y, 0.0, y - (top + height))
    return math.hypot(dx, dy)


def _view(
    q: int, span: float, outer: float, c: float, size: float, ring_boxes: Sequence[Box]
) -> tuple[float, float, float, float, str]:
    """The part of the picture showing quadrant ``q`` whole (its sector and the ring names
    along its edges), and the outline that hides the other quadrants' blips: what a phone
    draws of it, one quadrant at a time, under its name."""
    start, end = q * span - math.pi / 2, (q + 1) * span - math.pi / 2
    angles = [start, end] + [k * math.pi / 2 for k in range(-4, 5) if start < k * math.pi / 2 < end]
    xs = [c] + [c + outer * math.cos(a) for a in angles]
    ys = [c] + [c + outer * math.sin(a) for a in angles]
    sector = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    names = [b for b in ring_boxes if _overlap(b, sector)]
    parts = [sector, *names]
    left = max(0.0, min(b[0] for b in parts) - 6)
    top = max(0.0, min(b[1] for b in parts) - 6)
    right = min(size, max(b[0] + b[2] for b in parts) + 6)
    bottom = min(size, max(b[1] + b[3] for b in parts) + 6)
    edge = outer + 2  # the outer ring's line stays whole
    if span >= 2 * math.pi - 1e-9:
        outline = f"M{c - edge:.1f},{c:.1f}a{edge:.1f},{edge:.1f} 0 1 1 {2 * edge:.1f},0" \
                  f"a{edge:.1f},{edge:.1f} 0 1 1 {-2 * edge:.1f},0Z"  # fmt: skip
    else:
        x0, y0 = c + edge * math.cos(start), c + edge * math.sin(start)
        x1, y1 = c + edge * math.cos(end), c + edge * math.sin(end)
        large = 1 if span > math.pi else 0
        outline = (f"M{c:.1f},{c:.1f}L{x0:.1f},{y0:.1f}"
                   f"A{edge:.1f},{edge:.1f} 0 {large} 1 {x1:.1f},{y1:.1f}Z")  # fmt: skip
    outline += "".join(f"M{x:.1f},{y:.1f}h{w:.1f}v{h:.1f}h{-w:.1f}Z" for x, y, w, h in names)
    return (left, top, right - left, bottom - top, outline)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
