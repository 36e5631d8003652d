"""A radar made ready for drawing: numbers, colours, marks and the layout of
decisions/radar_layout.py (where each ring, name and blip goes, with no overlap).

Blips are numbered in legend order (quadrant, ring, name) and coloured by ring (the hold
ring red, the others green, blue, gold, purple, grey from the innermost). A blip that is
new or moved in (towards the first ring) or out since the last edition says so, and the
templates draw it with its own shape: a circle (no change), a circle in a ring (new), a
triangle pointing up (moved in) or down (moved out). When the warehouse was asked
(``in_use``, from decisions.radar_check.blips_in_use), a blip some repository uses is
filled and one nobody uses hollow; a blip on the hold ring in use is a breach: a red
outline and a "!" badge, so it is drawn inside BREACH rather than BLIP.

The last edition is the radar file's previous version in git (mining.radar_history),
when the file is in a repository with history; otherwise the file's own marks (Backstage
timelines, Zalando ``moved``, BYOR ``isNew``) stay. This module computes numbers only: the
markup is in ``render/templates/_radar.html.j2``, which escapes every name.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from techlead.core.model import RadarBlip, RadarPicture
from techlead.decisions.radar import Blip, Radar, key, load
from techlead.decisions.radar_layout import BLIP, BREACH, layout

HOLD_COLOUR = "#b03a2e"
COLOURS = ("#1b7f3b", "#2a6fb0", "#8a6d00", "#6c3483", "#555555")  # rings other than hold


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


def ring_colours(radar: Radar) -> dict[str, str]:
    """The hold ring red; the others in COLOURS' order, from the innermost."""
    others = iter(COLOURS * len(radar.rings))
    return {r: HOLD_COLOUR if r == radar.hold else next(others) for r in radar.rings}


def _ordered(radar: Radar) -> list[Blip]:
    return sorted(
        radar.blips,
        key=lambda b: (radar.quadrants.index(b.quadrant), radar.rings.index(b.ring), key(b.name)),
    )


def picture(radar: Radar, in_use: frozenset[str] | None = None) -> RadarPicture:
    """The radar laid out for drawing; ``in_use`` holds the names (radar.key) of the blips
    the scanned repositories use, or is None when no warehouse was asked."""
    blips = _ordered(radar)
    used = [None if in_use is None else key(b.name) in in_use for b in blips]
    breach = [bool(u) and b.ring == radar.hold for b, u in zip(blips, used, strict=True)]
    radii = [BREACH if b else BLIP for b in breach]
    places = layout(
        radar.quadrants,
        radar.rings,
        [(radar.quadrants.index(b.quadrant), radar.rings.index(b.ring), r)
         for b, r in zip(blips, radii, strict=True)],
    )  # fmt: skip
    colours = ring_colours(radar)
    rings, quadrants = radar.rings, radar.quadrants
    return RadarPicture(
        size=places.size,
        rings=tuple(zip(rings, places.radii, strict=True)),
        ring_labels=tuple((n, *label) for n, label in zip(rings, places.ring_labels, strict=True)),
        axes=places.axes,
        quadrant_labels=tuple(
            (n, *label) for n, label in zip(quadrants, places.quadrant_labels, strict=True)
        ),
        blips=tuple(
            RadarBlip(
                number=index + 1,
                name=blip.name,
                quadrant=blip.quadrant,
                ring=blip.ring,
                description=blip.description,
                x=places.positions[index][0],
                y=places.positions[index][1],
                colour=colours[blip.ring],
                moved=blip.moved,
                is_new=blip.is_new,
                radius=radii[index],
                in_use=used[index],
                breach=breach[index],
            )
            for index, blip in enumerate(blips)
        ),
        quadrants=quadrants,
        ring_names=rings,
        views=tuple((n, *view) for n, view in zip(quadrants, places.views, strict=True)),
        label_boxes=places.boxes,
        usage_known=in_use is not None,
        hold=radar.hold,
    )
