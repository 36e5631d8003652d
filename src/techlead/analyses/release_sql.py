"""The SQL that ``releases``, ``delivery`` and ``failures`` share: which tags are releases,
and which commits each release first contains (docs/metrics.md, "releases")."""

from __future__ import annotations

from typing import Any

import duckdb

from techlead.core.errors import AnalysisError
from techlead.warehouse.policy import policy_of

# The release tags, each with its landing ``pos`` (NULL: HEAD does not reach it) and the
# highest landing of the repository's earlier releases ``before_pos``: it first contains the
# commits with ``landed`` in (before_pos, pos]. Parameters: $pattern, $repos, $team.
RELEASES_CTE = """
rel AS (
    SELECT t.repo_id, r.name AS repo, t.name AS tag, t.tagged_at, t.annotated,
           l.landed AS pos, coalesce(l.position IS NOT NULL, false) AS on_main
    FROM tags t JOIN repos r USING (repo_id)
    LEFT JOIN landings l ON l.repo_id = t.repo_id AND l.sha = t.sha
    WHERE regexp_matches(t.name, $pattern)
      AND (len($repos) = 0 OR list_contains($repos, r.name))
      AND ($team IS NULL OR r.team = $team)
), ordered AS (
    SELECT *, coalesce(max(pos) OVER (
        PARTITION BY repo_id ORDER BY tagged_at, tag
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_pos
    FROM rel
)"""

# One row per (release, commit first contained in it); a release with no such commit (or
# none HEAD reaches) still has one row, with NULL commit columns.
COMMITS_SQL = f"""
WITH {RELEASES_CTE}
SELECT o.repo, o.tag, o.tagged_at, o.annotated, o.on_main, o.pos IS NOT NULL AS reached,
       l.sha, epoch(o.tagged_at) - epoch(c.commit_time) AS lead_seconds
FROM ordered o
LEFT JOIN landings l ON l.repo_id = o.repo_id AND l.landed > o.before_pos
    AND l.landed <= o.pos
LEFT JOIN commits c ON c.repo_id = l.repo_id AND c.sha = l.sha
"""

# What delivery reports of a group of COMMITS_SQL's rows (delivery by period,
# delivery_window by repository): the releases, their commits, and the median lead time.
AGGREGATES = """list(DISTINCT [repo, tag]) AS tags,
       count(DISTINCT (repo, tag)) AS releases,
       count(sha) AS commits,
       count(DISTINCT (repo, tag)) FILTER (WHERE NOT reached) AS unmeasured,
       count(*) FILTER (WHERE lead_seconds > 0) AS lead_times,
       count(*) FILTER (WHERE lead_seconds <= 0) AS non_positive,
       round(median(lead_seconds) FILTER (WHERE lead_seconds > 0) / 3600, 1) AS hours"""


def pattern_of(con: duckdb.DuckDBPyConnection, pattern: str | None) -> str:
    return pattern if pattern is not None else policy_of(con).release_tag_pattern


def execute(con: duckdb.DuckDBPyConnection, sql: str, values: dict[str, Any]) -> list[Any]:
    """Run a query over the release tags; a pattern RE2 refuses is the user's error."""
    try:
        return con.execute(sql, values).fetchall()
    except duckdb.InvalidInputException as exc:
        raise AnalysisError(f"release tag pattern {values['pattern']!r}: {exc}") from exc
