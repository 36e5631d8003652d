"""The one sentence a briefing opens with: how things stand overall and whether they
improve, said from the traffic lights and their trends alone, so it cannot disagree with
them (docs/roles.md, "Overall verdict"):

"Overall: at risk, and improving — of 4 lights, 2 red (Knowledge, Standards), 1 amber
(Code health), 1 grey (Dependencies and security); since the scan of 2026-11-20: truck
factor up 1 → 2, code by people who left down 40% → 35%."

- the state: *at risk* when a light is red, *needs attention* when one is amber, *healthy*
  when every judged light is green, *not judged* when every light is grey;
- the direction compares the lights' metrics with the previous scan (or, before a second
  scan, over the twelve months of their history): *improving* when some moved the better
  way and none the worse, *worsening* the other way round, *mixed* when both, *steady*
  when none moved; nothing is said when there is nothing to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from techlead.communicate.model import listing
from techlead.communicate.trends import day_words, value
from techlead.core.model import Trend

if TYPE_CHECKING:
    from techlead.communicate.lights import Light

COLOURS = ("red", "amber", "green", "grey")
DIRECTIONS = {
    "improving": ", and improving",
    "worsening": ", and worsening",
    "mixed": ", better in some ways and worse in others",
    "steady": ", and steady",
}


def state(lights: Sequence[Light]) -> str:
    colours = {light.colour for light in lights}
    if "red" in colours:
        return "at risk"
    if "amber" in colours:
        return "needs attention"
    return "healthy" if "green" in colours else "not judged"


def moves(lights: Sequence[Light]) -> tuple[str, list[tuple[Trend, float, float]]]:
    """What the comparison is with ("the scan of 2026-11-20" or "1 December 2025") and,
    per metric of the lights, (trend, before, after); empty when nothing compares."""
    found = list({t.metric: t for light in lights for t in light.trends}.values())
    scans = [t for t in found if t.since and t.previous is not None and t.latest is not None]
    if scans:
        since = max(t.since for t in scans)
        return f"the scan of {since}", [(t, t.previous or 0.0, t.latest or 0.0)
                                        for t in scans if t.since == since]  # fmt: skip
    yearly = [t for t in found if len(t.series) >= 2]
    if not yearly:
        return "", []
    start = min(t.series[0][0] for t in yearly)
    return day_words(start), [(t, t.series[0][1], t.series[-1][1]) for t in yearly
                              if t.series[0][0] == start]  # fmt: skip


def direction(changes: Sequence[tuple[Trend, float, float]]) -> str:
    """improving, worsening, mixed or steady; empty when nothing compares."""
    if not changes:
        return ""
    better = sum(1 for t, a, b in changes if a != b and (b > a) == (t.better == "higher"))
    worse = sum(1 for t, a, b in changes if a != b) - better
    if better and worse:
        return "mixed"
    return "improving" if better else "worsening" if worse else "steady"


def overall(lights: Sequence[Light]) -> str:
    if not lights:
        return ""
    since, changes = moves(lights)
    going = direction(changes)
    colours = [
        f"{len(named)} {colour} ({', '.join(light.area for light in named)})"
        for colour in COLOURS
        if (named := [light for light in lights if light.colour == colour])
    ]
    said = f"Overall: {state(lights)}{DIRECTIONS.get(going, '')} — of {len(lights)} lights, "
    said += ", ".join(colours)
    moved = [_move(t, a, b) for t, a, b in changes if a != b]
    if moved:
        said += f"; since {since}: {listing(moved)}"
    elif going == "steady":
        said += f"; {listing([t.words for t, _, _ in changes])} unchanged since {since}"
    return f"{said}."


def _move(trend: Trend, before: float, after: float) -> str:
    way = "up" if after > before else "down"
    return f"{trend.words} {way} {value(trend, before)} → {value(trend, after)}"
