"""One entry of the risk register, computed from evidence or kept by hand.

Likelihood and impact are 1-5, each set by a stated rule; score = likelihood × impact
(1-25). The id is stable across scans: a short hash of the category and what the risk is
about (not of its figures), so a worsening risk keeps its id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from techlead.core.model import Entity


def risk_id(category: str, *key: str) -> str:
    digest = hashlib.sha1("\0".join((category, *key)).encode()).hexdigest()[:8]
    return f"{category[:4].upper()}-{digest}"


@dataclass(frozen=True)
class Risk:
    id: str
    category: str  # vulnerability | knowledge | truck-factor | hotspot | stale | lockfile | ...
    title: str
    repo: str | None
    component: str | None
    files: tuple[Entity, ...]  # the files it is about
    likelihood: int
    impact: int
    rule: str  # why these likelihood and impact
    evidence: str
    mitigation: str
    owner: str | None = None
    status: str = "open"
    review: str | None = None  # next review date (YYYY-MM-DD)
    source: str = "computed"  # computed | hand-kept | both
    # The figures the risk rests on, for readers that restate them (never parsed back
    # out of the title): the truck factor and the people of a truck-factor risk, the
    # share lost of a knowledge risk, the rank of a hotspot.
    truck_factor: int | None = None
    people: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()  # of ``people``, those who have left already
    share: float | None = None
    rank: int | None = None
    # A vulnerability whose version is not resolved: it may or may not affect us.
    possible: bool = False

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def ranked(risks: Iterable[Risk]) -> list[Risk]:
    """The register's order: score, then likelihood, highest first; then id."""
    return sorted(risks, key=lambda r: (-r.score, -r.likelihood, r.id))
