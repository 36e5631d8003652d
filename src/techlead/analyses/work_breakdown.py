"""work: new work, refactoring and rework per period (and team), from the line ages the
scan keeps on HEAD's main line (mining.line_ages; docs/metrics.md, "work").

Per hunk of a main-line commit (a merge diffed against its first parent) that deletes or
replaces ``b`` lines and adds ``d``: each deleted or replaced line is **refactoring** when
it landed on the main line more than ``--refactor-days`` (the policy's ``refactor_days``,
21) before the commit, else **rework**; the ``max(d - b, 0)`` added lines beyond those
replaced are **new work**. A hunk so counts ``max(b, d)`` lines. A line's age runs from
the main-line commit that landed it to the one that changes it (committer times); a line
whose landing is unknown (not mined: ``scan --since``) counts as old.

A main-line commit's lines fall in the period of its committer time. They are its
author's, except a merge's: a merge's lines are shared among the authors of the commits
it lands (``landings``), in proportion to the lines each changed (added + deleted; equal
shares when none did), so a team's figure is its people's work, not the merger's; a merge
that lands no other commit keeps its own author. Shared lines are fractions, rounded per
row. Bots are left out unless ``--include-bots``, vendored, generated and excluded paths
unless ``--include-generated``; ``--path`` globs select the paths the commit changed.
Reads: line_work, landings, commits, people, file_changes, repos.
Returns: period (its first day), team (``--by team``; else every team, "(all)"), new,
refactor, rework, total, new_share, refactor_share, rework_share; sorted by period, then
team. ``--by period`` lists every period from the first to the last, empty ones too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.teams import NO_TEAM
from techlead.core.dates import next_period
from techlead.core.errors import AnalysisError
from techlead.core.globs import globs_regex
from techlead.core.model import Options, Result
from techlead.warehouse.policy import policy_of

ALL = "(all)"


class WorkRow(NamedTuple):
    period: date
    team: str
    new: int
    refactor: int
    rework: int
    total: int
    new_share: float | None
    refactor_share: float | None
    rework_share: float | None


@dataclass(frozen=True)
class WorkParams(Params):
    every: str = param(
        "month", "The period: week, month or quarter.", choices=("week", "month", "quarter")
    )
    by: str = param("period", "One row per period, or per period and team.",
                    choices=("period", "team"))  # fmt: skip
    team: str | None = param(
        None, "Only the work of this team's people (teams of techlead.toml; '(no team)')."
    )
    refactor_days: int | None = param(
        None, "A changed line older than this many days is refactoring, a younger one rework.",
        low=1, policy="refactor_days")  # fmt: skip


# One row per (main-line commit, person it is attributed to): the share of its lines.
_ATTRIBUTION = """
main AS (
    SELECT l.repo_id, l.position, l.sha, c.commit_time, c.author_id
    FROM landings l JOIN commits c USING (repo_id, sha)
    WHERE l.position IS NOT NULL AND (len($repos) = 0 OR l.repo_id IN (
        SELECT repo_id FROM repos WHERE list_contains($repos, name)))
), branch AS (
    SELECT m.repo_id, m.sha, c.author_id,
           coalesce(c.lines_added, 0) + coalesce(c.lines_deleted, 0) AS weight
    FROM main m JOIN landings l ON l.repo_id = m.repo_id AND l.landed = m.position
        AND l.position IS NULL
    JOIN commits c ON c.repo_id = l.repo_id AND c.sha = l.sha
), shares AS (
    SELECT repo_id, sha, author_id,
           CASE WHEN sum(weight) OVER w > 0 THEN weight / sum(weight) OVER w
                ELSE 1.0 / count(*) OVER w END AS share
    FROM branch WINDOW w AS (PARTITION BY repo_id, sha)
    UNION ALL
    SELECT m.repo_id, m.sha, m.author_id, 1.0 FROM main m
    WHERE NOT EXISTS (SELECT 1 FROM branch b WHERE b.repo_id = m.repo_id AND b.sha = m.sha)
)"""

_SQL = f"""
WITH {_ATTRIBUTION},
flags AS (
    SELECT repo_id, path, bool_or(is_vendored OR is_generated OR is_excluded) AS flagged
    FROM file_changes WHERE repo_id IN (SELECT DISTINCT repo_id FROM main) GROUP BY ALL
), work AS (
    SELECT w.repo_id, w.sha, m.commit_time,
           CASE WHEN w.born IS NULL THEN 'new'
                WHEN b.commit_time IS NULL
                     OR epoch(m.commit_time) - epoch(b.commit_time) > $days * 86400
                THEN 'refactor' ELSE 'rework' END AS kind,
           w.lines
    FROM line_work w
    JOIN main m ON m.repo_id = w.repo_id AND m.sha = w.sha
    LEFT JOIN main b ON b.repo_id = w.repo_id AND b.position = w.born
    LEFT JOIN flags f ON f.repo_id = w.repo_id AND f.path = w.path
    WHERE ($since IS NULL OR m.commit_time >= $since)
      AND ($until IS NULL OR m.commit_time < $until)
      AND ($generated OR NOT coalesce(f.flagged, false))
      AND ($paths IS NULL OR regexp_full_match(w.path, $paths))
)
SELECT date_trunc($every, w.commit_time)::DATE AS period,
       coalesce(p.team, '{NO_TEAM}') AS team,
       sum(w.lines * s.share) FILTER (WHERE kind = 'new') AS new,
       sum(w.lines * s.share) FILTER (WHERE kind = 'refactor') AS refactor,
       sum(w.lines * s.share) FILTER (WHERE kind = 'rework') AS rework
FROM work w
JOIN shares s ON s.repo_id = w.repo_id AND s.sha = w.sha
LEFT JOIN people p ON p.repo_id = s.repo_id AND p.person_id = s.author_id
WHERE ($bots OR NOT coalesce(p.is_bot, false))
  AND ($team IS NULL OR coalesce(p.team, '{NO_TEAM}') = $team)
GROUP BY ALL
"""


def _row(period: date, team: str, parts: tuple[float, float, float]) -> WorkRow:
    new, refactor, rework = (round(x) for x in parts)
    total = new + refactor + rework

    def share(x: int) -> float | None:
        return round(x / total, 3) if total else None

    return WorkRow(period, team, new, refactor, rework, total, share(new), share(refactor),
                   share(rework))  # fmt: skip


def run(con: duckdb.DuckDBPyConnection, options: Options, params: WorkParams) -> Result[WorkRow]:
    if options.components or options.roles:
        raise AnalysisError("work: --component and --role are not supported (use --path)")
    _check_team(con, params.team)
    days = params.refactor_days or policy_of(con).refactor_days
    values: dict[str, Any] = {
        "repos": list(options.repos), "since": options.since, "until": options.until,
        "every": params.every, "days": days, "team": params.team,
        "generated": options.include_generated, "bots": options.include_bots,
        "paths": globs_regex(options.paths) if options.paths else None,
    }  # fmt: skip
    sums: dict[tuple[date, str], list[float]] = {}
    for period, team, *parts in con.execute(_SQL, values).fetchall():
        key = (period, team if params.by == "team" else ALL)
        total = sums.setdefault(key, [0.0, 0.0, 0.0])
        for i, part in enumerate(parts):
            total[i] += part or 0.0
    rows = [_row(period, team, (a, b, c)) for (period, team), (a, b, c) in sorted(sums.items())]
    if params.by == "period" and rows:
        found = {row.period: row for row in rows}
        rows, period = [], min(found)
        while period <= max(found):
            rows.append(found.get(period) or _row(period, ALL, (0, 0, 0)))
            period = next_period(period, params.every)
    if options.limit is not None:
        rows = rows[-options.limit :]
    notes = [
        f"refactoring: changed or deleted lines older than {days} days; rework: younger; "
        "new: added lines beyond those replaced (docs/metrics.md, work)"
    ]
    return Result.of("work", WorkRow, rows, notes)


def _check_team(con: duckdb.DuckDBPyConnection, team: str | None) -> None:
    if team is None or team == NO_TEAM:
        return
    teams = sorted(str(t) for (t,) in con.execute(
        "SELECT DISTINCT team FROM people WHERE team IS NOT NULL").fetchall())  # fmt: skip
    if team not in teams:
        known = ", ".join([*teams, NO_TEAM])
        raise AnalysisError(f"work: no team {team!r}; teams: {known}")


ANALYSIS = Analysis(
    "work",
    "New work, refactoring and rework per period (and team), from the ages of changed lines.",
    WorkRow,
    WorkParams,
    run,
)
