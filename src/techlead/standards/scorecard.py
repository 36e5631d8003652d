"""Scorecards: every check on every repository, the level each reaches, a 0-10 score.

A repository reaches a level when every applicable check of that level and of every level
below passes (bronze < silver < gold). The score is 10 × the risk weight of the passing
checks / the weight of the applicable ones, one decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from techlead.standards.checks import CHECKS, LEVELS, Check
from techlead.standards.context import RepoContext


@dataclass(frozen=True)
class Outcome:
    check: Check
    passed: bool | None
    evidence: str


@dataclass(frozen=True)
class Card:
    repo: str
    team: str | None
    outcomes: tuple[Outcome, ...]

    @property
    def level(self) -> str | None:
        reached = None
        for level in LEVELS:
            if any(o.passed is False for o in self.outcomes if o.check.level == level):
                break
            reached = level
        return reached

    @property
    def score(self) -> float:
        applicable = [o for o in self.outcomes if o.passed is not None]
        total = sum(o.check.weight for o in applicable)
        passed = sum(o.check.weight for o in applicable if o.passed)
        return round(10 * passed / total, 1) if total else 10.0


def scorecards(
    con: duckdb.DuckDBPyConnection, now: datetime, repos: Sequence[str] = ()
) -> list[Card]:
    rows = con.execute(
        "SELECT repo_id, name, path, team, last_commit_at FROM repos "
        "WHERE len($repos) = 0 OR list_contains($repos, name) ORDER BY name",
        {"repos": list(repos)},
    ).fetchall()
    cards = []
    for repo_id, name, path, team, last in rows:
        ctx = RepoContext(con, repo_id, name, Path(path), now, last)
        outcomes = tuple(Outcome(check, *check.run(ctx)) for check in CHECKS)
        cards.append(Card(name, team, outcomes))
    return cards


def rank(level: str | None) -> int:
    return LEVELS.index(level) + 1 if level in LEVELS else 0
