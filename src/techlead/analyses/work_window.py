"""The work breakdown over one window (the 90 days before a moment, say): what ``techlead
work --since START --until END`` says, its rows pooled into one figure each. The metric
catalogue's work metrics and the report's Work breakdown section read it (docs/metrics.md,
"Work metrics").

A main-line commit is in the window when its committer time (the time it reached the main
line) is in [START, END). The main line is HEAD's as last scanned: ``line_work`` holds the
commits of today's first-parent chain, so a date selects today's main-line commits by
their committer time, not the main line as it stood on that date (a branch merged later
lands, with all its lines, at the merge's time).

Whether a repository has line ages at all (``line_age_heads``): a partial clone is not
walked, and a repository scanned before schema 18 has none until it is scanned again.
Such a repository has no work figures (not zero work).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses import work_breakdown
from techlead.analyses.teams import NO_TEAM
from techlead.core.model import Options


class Pool(NamedTuple):
    new: int
    refactor: int
    rework: int
    total: int

    def share(self, part: int) -> float | None:
        """``part`` of the total in %, to 0.1; None without a changed line."""
        return round(100 * part / self.total, 1) if self.total else None


class Unmeasured(NamedTuple):
    repo: str
    why: str  # partial | not walked


def pooled(rows: Sequence[work_breakdown.WorkRow]) -> Pool:
    """The rows of ``work`` added up (their rounded counts, as the command shows them)."""
    new, refactor, rework = (sum(getattr(r, f) for r in rows) for f in ("new", "refactor",
                                                                         "rework"))  # fmt: skip
    return Pool(new, refactor, rework, new + refactor + rework)


def window(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    since: datetime,
    until: datetime,
    team: str | None = None,
) -> Pool:
    """``techlead work --since SINCE --until UNTIL [--team TEAM]`` over ``options.repos``
    (its monthly rows, the command's default) pooled."""
    params = work_breakdown.WorkParams(team=team)
    scoped = replace(options, since=since, until=until, limit=None)
    return pooled(work_breakdown.run(con, scoped, params).rows)


def measured(con: duckdb.DuckDBPyConnection, repos: list[str]) -> bool:
    """Whether any of ``repos`` (all when empty) has line ages: without them, the work
    breakdown is not measured (no value, not zero)."""
    found = con.execute(
        "SELECT count(*) FROM line_age_heads h JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name)",
        {"repos": repos},
    ).fetchall()
    return bool(found[0][0])


def unmeasured(con: duckdb.DuckDBPyConnection, repos: list[str]) -> list[Unmeasured]:
    """The repositories among ``repos`` (all when empty) without line ages, and why: a
    partial clone (not walked: the diffs would fetch every blob), else not walked yet
    (scanned before schema 18, or its main line has no commit: scan again)."""
    rows = con.execute(
        "SELECT r.name, r.is_partial FROM repos r WHERE (len($repos) = 0 OR "
        "list_contains($repos, r.name)) AND r.repo_id NOT IN (SELECT repo_id FROM "
        "line_age_heads) ORDER BY r.name",
        {"repos": repos},
    ).fetchall()
    return [Unmeasured(name, "partial" if partial else "not walked") for name, partial in rows]


def has_people(con: duckdb.DuckDBPyConnection, team: str) -> bool:
    """Whether anyone is of ``team`` (``[teams.NAME] members``; "(no team)" always is)."""
    if team == NO_TEAM:
        return True
    found = con.execute("SELECT count(*) FROM people WHERE team = ?", [team]).fetchall()
    return bool(found[0][0])
