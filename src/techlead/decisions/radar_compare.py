"""Two radars side by side: ours against another (a published industry radar, a peer's).

Blips match by ``radar.key`` of their names (lower case, letters, digits, ``+`` and
``#``: "Node.js" and "nodejs" are one blip). Rings compare by how adopting they are
(``adoption``): a ring word (keep, adopt, trial, assess or test, hold) by its place in
``radar.RING_WORDS``; any other ring by its place among its own file's rings, the innermost
read as adopt, the outermost as hold and the others evenly between. So "Nivå 1" of a
four-ring radar compares as adopt, and Knowit's "test" as assess.

One row per technology, in this order: those on both radars, those only on ours, those
only on theirs (each by name). A name listed twice in one file is compared at its first
listing, and a note says so.
"""

from __future__ import annotations

from typing import NamedTuple

from techlead.core.words import count
from techlead.decisions.radar import RING_WORDS, Blip, Radar, key, normal

SAME = "same"
MORE = "we adopt more"
LESS = "we adopt less"
OURS_ONLY = "ours only"
THEIRS_ONLY = "theirs only"

_ADOPT, _HOLD = RING_WORDS["adopt"], RING_WORDS["hold"]


class RadarDifference(NamedTuple):
    technology: str
    ours_ring: str | None
    theirs_ring: str | None
    ours_quadrant: str | None
    theirs_quadrant: str | None
    finding: str  # SAME | MORE | LESS | OURS_ONLY | THEIRS_ONLY


class Comparison(NamedTuple):
    rows: list[RadarDifference]
    notes: list[str]  # the summary first, then the names listed twice


def adoption(radar: Radar, ring: str) -> float:
    """How adopting ``ring`` is: lower is more (keep 0, adopt 1 ... hold 4)."""
    word = normal(ring)
    if word in RING_WORDS:
        return RING_WORDS[word]
    names = [normal(r) for r in radar.rings]
    if word not in names or len(names) < 2:
        return _ADOPT
    return _ADOPT + (_HOLD - _ADOPT) * names.index(word) / (len(names) - 1)


def match_key(name: str) -> str:
    return key(name) or " ".join(name.split()).casefold()


def _index(radar: Radar, side: str, notes: list[str]) -> dict[str, Blip]:
    found: dict[str, Blip] = {}
    for blip in radar.blips:
        first = found.setdefault(match_key(blip.name), blip)
        if first is not blip:
            notes.append(
                f"{side} radar lists {blip.name!r} more than once; compared at its first "
                f"listing ({first.ring}, {first.quadrant})"
            )
    return found


def _finding(ours: Radar, ring: str, theirs: Radar, their_ring: str) -> str:
    mine, other = adoption(ours, ring), adoption(theirs, their_ring)
    if mine == other:
        return SAME
    return MORE if mine < other else LESS


def compare(ours: Radar, theirs: Radar) -> Comparison:
    """The technologies of both radars, with their rings and quadrants on each."""
    duplicates: list[str] = []
    mine, other = _index(ours, "our", duplicates), _index(theirs, "their", duplicates)
    both = sorted(mine.keys() & other.keys(), key=lambda k: (mine[k].name.casefold(), k))
    rows = [
        RadarDifference(
            mine[k].name, mine[k].ring, other[k].ring, mine[k].quadrant, other[k].quadrant,
            _finding(ours, mine[k].ring, theirs, other[k].ring),
        )
        for k in both
    ]  # fmt: skip
    rows += [
        RadarDifference(mine[k].name, mine[k].ring, None, mine[k].quadrant, None, OURS_ONLY)
        for k in sorted(mine.keys() - other.keys(), key=lambda k: (mine[k].name.casefold(), k))
    ]
    rows += [
        RadarDifference(other[k].name, None, other[k].ring, None, other[k].quadrant, THEIRS_ONLY)
        for k in sorted(other.keys() - mine.keys(), key=lambda k: (other[k].name.casefold(), k))
    ]
    return Comparison(rows, [summary(rows), *duplicates])


def summary(rows: list[RadarDifference]) -> str:
    """ "N in both, M differ in ring, K ours only, L theirs only", in words that agree."""
    by = [r.finding for r in rows]
    on_both = len(by) - by.count(OURS_ONLY) - by.count(THEIRS_ONLY)
    differ = by.count(MORE) + by.count(LESS)
    return (
        f"{count(on_both, 'technology', 'technologies')} on both radars, "
        f"{differ} in a different ring ({by.count(MORE)} we adopt more, "
        f"{by.count(LESS)} less); {by.count(OURS_ONLY)} only on ours, "
        f"{by.count(THEIRS_ONLY)} only on theirs"
    )
