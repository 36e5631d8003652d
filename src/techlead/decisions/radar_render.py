"""A radar laid out for drawing: where each ring, axis, quadrant name and blip goes.

Layout, deterministic: the quadrants split the circle into equal sectors (the first at
the top right, clockwise); the rings are concentric bands of equal width, the first
innermost. The blips of one quadrant and ring are sorted by name and spread evenly over
the band's angle, alternating between three radii, so the same radar always draws the
same picture. Blips are numbered in legend order (quadrant, ring, name) and coloured by
ring; a blip that moved in (towards the first ring) or out since the last edition, or is
new, says so, and the templates draw a triangle or an extra ring for it.

The last edition is the radar file's previous version in git (mining.radar_history),
when the file is in a repository with history; otherwise the file's own marks (Backstage
timelines, Zalando ``moved``, BYOR ``isNew``) stay. This module computes numbers only: the
markup is in ``render/templates/_radar.html.j2``, which escapes every name.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import replace
from pathlib import Path

from techlead.core.model import RadarBlip, RadarPicture
from techlead.decisions.radar import Blip, Radar, key, load

SIZE = 800
RADIUS = 360
COLOURS = ("#1b7f3b", "#2a6fb0", "#b8860b", "#b03a2e", "#6c3483", "#555555")
CORNER_MARGIN = 12  # between a quadrant's name and the picture's edge


def with_history(radar: Radar, path: Path, before: bytes | None) -> Radar:
    """Mark blips new or moved against ``before``, the radar file's previous edition (the
    mining layer reads it from git: mining/radar_history.py)."""
    if before is None:
        return radar
    with tempfile.TemporaryDirectory() as folder:
        old_path = Path(folder) / path.name
        old_path.write_bytes(before)
        try:
            old = load(old_path, radar.rings, radar.quadrants)
        except Exception:  # an old edition in another shape: keep the file's own marks
            return radar
    rings = {key(b.name): b.ring for b in old.blips}
    order = list(radar.rings)
    marked = []
    for blip in radar.blips:
        earlier = rings.get(key(blip.name))
        if earlier is None:
            marked.append(replace(blip, is_new=True, moved=0))
        elif earlier in order and earlier != blip.ring:
            moved = 1 if order.index(blip.ring) < order.index(earlier) else -1
            marked.append(replace(blip, is_new=False, moved=moved))
        else:
            marked.append(replace(blip, is_new=False, moved=0))
    return replace(radar, blips=tuple(marked))


def _ordered(radar: Radar) -> list[Blip]:
    return sorted(
        radar.blips,
        key=lambda b: (radar.quadrants.index(b.quadrant), radar.rings.index(b.ring), key(b.name)),
    )


def _positions(radar: Radar, blips: list[Blip]) -> dict[int, tuple[float, float]]:
    """Each blip's centre, by its index in legend order."""
    span = 2 * math.pi / len(radar.quadrants)
    band = RADIUS / len(radar.rings)
    cells: dict[tuple[str, str], list[int]] = {}
    for index, blip in enumerate(blips):
        cells.setdefault((blip.quadrant, blip.ring), []).append(index)
    positions = {}
    for (quadrant, ring), members in cells.items():
        start = radar.quadrants.index(quadrant) * span - math.pi / 2
        inner = radar.rings.index(ring) * band
        for k, index in enumerate(members):
            angle = start + span * (k + 1) / (len(members) + 1)
            radius = inner + band * (0.3 + 0.2 * (k % 3))
            positions[index] = (
                SIZE / 2 + radius * math.cos(angle),
                SIZE / 2 + radius * math.sin(angle),
            )
    return positions


def _quadrant_label(name: str, middle: float) -> tuple[str, float, float, str, str]:
    """The quadrant's name in the corner of the picture its middle points to."""
    dx, dy = math.cos(middle), math.sin(middle)
    scale = (SIZE / 2 - CORNER_MARGIN) / max(abs(dx), abs(dy))
    x, y = SIZE / 2 + dx * scale, SIZE / 2 + dy * scale
    anchor = "end" if dx > 0.3 else "start" if dx < -0.3 else "middle"
    baseline = "hanging" if dy < 0 else "auto"
    return name, x, y, anchor, baseline


def picture(radar: Radar) -> RadarPicture:
    """The radar laid out on a SIZE x SIZE square, centred, RADIUS for the outer ring."""
    blips = _ordered(radar)
    positions = _positions(radar, blips)
    band = RADIUS / len(radar.rings)
    centre = SIZE / 2
    span = 2 * math.pi / len(radar.quadrants)
    axes = []
    labels = []
    for q, quadrant in enumerate(radar.quadrants):
        angle = q * span - math.pi / 2
        axes.append((centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle)))
        labels.append(_quadrant_label(quadrant, angle + span / 2))
    return RadarPicture(
        size=SIZE,
        rings=tuple(
            (name, band * (i + 1), centre - band * i - band / 2)
            for i, name in enumerate(radar.rings)
        ),
        axes=tuple(axes),
        quadrant_labels=tuple(labels),
        blips=tuple(
            RadarBlip(
                number=index + 1,
                name=blip.name,
                quadrant=blip.quadrant,
                ring=blip.ring,
                description=blip.description,
                x=positions[index][0],
                y=positions[index][1],
                colour=COLOURS[radar.rings.index(blip.ring) % len(COLOURS)],
                moved=blip.moved,
                is_new=blip.is_new,
            )
            for index, blip in enumerate(blips)
        ),
        quadrants=radar.quadrants,
        ring_names=radar.rings,
    )
