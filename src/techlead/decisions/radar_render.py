"""A radar as one self-contained HTML page: an inline SVG (no script, no CDN) and a legend.

Layout, deterministic: the quadrants split the circle into equal sectors (the first at
the top right, clockwise); the rings are concentric bands of equal width, the first
innermost. The blips of one quadrant and ring are sorted by name and spread evenly over
the band's angle, alternating between three radii, so the same radar always draws the
same picture. Blips are numbered in legend order; a triangle marks one that moved in
(towards the first ring) or out since the last edition, a ring around it a new one.

The last edition is the radar file's previous version in git (``git log`` of the file),
when the file is in a repository with history; otherwise the file's own marks (Backstage
timelines, Zalando ``moved``, BYOR ``isNew``). Every text from the radar is escaped.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import replace
from html import escape
from pathlib import Path

from techlead.core.errors import GitError
from techlead.decisions.radar import Blip, Radar, key, load
from techlead.git.runner import run_git, run_git_status

SIZE = 800
RADIUS = 360
COLOURS = ("#1b7f3b", "#2a6fb0", "#b8860b", "#b03a2e", "#6c3483", "#555555")


def previous_edition(path: Path) -> bytes | None:
    """The radar file's content at the commit before its latest change, if any."""
    folder = path.resolve().parent
    code, out, _ = run_git_status(folder, ["rev-parse", "--show-toplevel"])
    if code != 0:
        return None
    top = Path(out.decode().strip())
    relative = path.resolve().relative_to(top).as_posix()
    try:
        commits = run_git(top, ["log", "--format=%H", "-n", "2", "--end-of-options", "HEAD",
                                "--", relative]).split()  # fmt: skip
    except GitError:
        return None
    if len(commits) < 2:
        return None
    code, content, _ = run_git_status(top, ["show", f"{commits[1].decode()}:{relative}"])
    return content if code == 0 else None


def with_history(radar: Radar, path: Path) -> Radar:
    """Mark blips new or moved against the radar file's previous edition in git."""
    before = previous_edition(path)
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


def _positions(radar: Radar) -> dict[int, tuple[float, float]]:
    blips = _ordered(radar)
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


def render_html(radar: Radar, title: str) -> str:
    svg, legend = radar_parts(radar)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><div class="radar">{svg}</div>'
        f'<div class="legend">{legend}</div></body></html>\n'
    )


def _quadrant_name(name: str, middle: float) -> str:
    """The quadrant's name in the corner of the picture its middle points to."""
    dx, dy = math.cos(middle), math.sin(middle)
    scale = (SIZE / 2 - 12) / max(abs(dx), abs(dy))
    x, y = SIZE / 2 + dx * scale, SIZE / 2 + dy * scale
    anchor = "end" if dx > 0.3 else "start" if dx < -0.3 else "middle"
    baseline = "hanging" if dy < 0 else "auto"
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="{baseline}"'
            f' class="quadname">{escape(name)}</text>')  # fmt: skip


def radar_parts(radar: Radar) -> tuple[str, str]:
    """The radar's SVG and its legend, every name and description escaped."""
    blips = _ordered(radar)
    positions = _positions(radar)
    band = RADIUS / len(radar.rings)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img">']
    for i in reversed(range(len(radar.rings))):
        parts.append(f'<circle cx="{SIZE / 2}" cy="{SIZE / 2}" r="{band * (i + 1):.1f}" '
                     f'class="ring r{i}"/>')  # fmt: skip
        parts.append(f'<text x="{SIZE / 2 + 4}" y="{SIZE / 2 - band * i - band / 2:.1f}" '
                     f'class="ringname">{escape(radar.rings[i])}</text>')  # fmt: skip
    span = 2 * math.pi / len(radar.quadrants)
    for q in range(len(radar.quadrants)):
        angle = q * span - math.pi / 2
        x, y = SIZE / 2 + RADIUS * math.cos(angle), SIZE / 2 + RADIUS * math.sin(angle)
        parts.append(
            f'<line x1="{SIZE / 2}" y1="{SIZE / 2}" x2="{x:.1f}" y2="{y:.1f}" class="axis"/>'
        )
        parts.append(_quadrant_name(radar.quadrants[q], angle + span / 2))
    for number, blip in enumerate(blips, start=1):
        x, y = positions[number - 1]
        colour = COLOURS[radar.rings.index(blip.ring) % len(COLOURS)]
        tip = escape(f"{blip.name} ({blip.ring}, {blip.quadrant}) {blip.description}".strip())
        if blip.moved:
            dy = -9 if blip.moved > 0 else 9
            shape = (f'<polygon points="{x - 8:.1f},{y - dy / 2:.1f} {x + 8:.1f},{y - dy / 2:.1f} '
                     f'{x:.1f},{y + dy:.1f}" fill="{colour}"/>')  # fmt: skip
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour}"/>'
        ring_new = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" class="new"/>' if blip.is_new else ""
        label = f'<text x="{x:.1f}" y="{y + 3:.1f}" class="num">{number}</text>'
        parts.append(f'<g class="blip"><title>{tip}</title>{ring_new}{shape}{label}</g>')
    parts.append("</svg>")
    legend = []
    for quadrant in radar.quadrants:
        if not any(b.quadrant == quadrant for b in blips):
            continue  # named on the picture; an empty list under it says nothing
        legend.append(f"<section><h2>{escape(quadrant)}</h2>")
        for ring in radar.rings:
            items = [(n, b) for n, b in enumerate(blips, start=1)
                     if b.quadrant == quadrant and b.ring == ring]  # fmt: skip
            if not items:
                continue
            legend.append(f"<h3>{escape(ring)}</h3><ol>")
            for n, b in items:
                mark = (
                    " (new)"
                    if b.is_new
                    else " (moved in)"
                    if b.moved > 0
                    else " (moved out)"
                    if b.moved < 0
                    else ""
                )
                description = f"<p>{escape(b.description)}</p>" if b.description else ""
                legend.append(f'<li value="{n}"><b>{escape(b.name)}</b>{mark}{description}</li>')
            legend.append("</ol>")
        legend.append("</section>")
    return "".join(parts), "".join(legend)


def _mark(blip: Blip) -> str:
    if blip.is_new:
        return " (new)"
    return {1: " (moved in)", -1: " (moved out)"}.get(blip.moved, "")


CSS = (
    "body{font-family:system-ui,sans-serif;margin:1rem;color:#222}"
    ".radar{max-width:800px}svg{width:100%;height:auto}"
    ".ring{fill:#f4f4f4;stroke:#bbb}.r0{fill:#e8e8e8}.axis{stroke:#999}"
    ".ringname{font-size:12px;fill:#666}.num{font-size:9px;fill:#fff;text-anchor:middle}"
    ".quadname{font-size:16px;font-weight:600;fill:#444}"
    ".new{fill:none;stroke:#222;stroke-width:1.5}"
    ".legend{display:flex;flex-wrap:wrap;gap:1rem}.legend section{flex:1 1 16rem}"
    "@media print{.legend section{break-inside:avoid}}"
)
