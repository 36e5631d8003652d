"""The SQL that ``review`` and its readers (the standards check, the risk source, the
metric, the report) share: every change that landed on a main line, with how it landed
(docs/review.md, docs/metrics.md "review").

``CHANGES_CTE`` defines ``change``: one row per commit classified at scan time
(``landing_kinds``: the main line's commits, and those of the first-parent chains of the
branches merged into it, ``via``), of the selected repositories
(``$repos``; ``$team``: the repositories of that team), landed (its commit time) in
[``$since``, ``$until``), its author not a bot unless ``$bots``. Columns:

* ``repo``, ``repo_team``, ``sha``, ``landed_at`` (commit time), ``subject``, ``kind``,
  ``forge``, ``number``, ``author_id`` (the main-line commit's author);
* ``commits``, ``authors``, ``first_authored``: the commits it brings (on the main line:
  ``landings.landed`` = its position; on a merged branch: itself and ``brings``), merge
  commits left out: a pull request's merge brings its branch, any other commit itself;
  their distinct authors and earliest author time;
* ``lines``, ``files``: lines added plus deleted, and distinct paths, of those commits'
  file changes (generated, vendored and excluded paths left out unless ``$generated``);
* ``others``: its reviewers (``landing_reviewers``) who are not among its authors;
* ``status``: ``reviewed`` (a pull request, or review trailers naming someone other than
  its authors), ``merge`` (a merge of another branch) or ``direct`` (everything else,
  trailers naming only its authors too);
* ``merger``: who merged a pull request, where the commit records it: its committer, or
  when a forge committed it (``web_committed``) and it is a merge commit, its author (the
  forge's merge button); NULL otherwise.
"""

from __future__ import annotations

from typing import Any

import duckdb

from techlead.core.model import Options

CHANGES_CTE = """
main AS (
    SELECT r.name AS repo, r.team AS repo_team, k.repo_id, k.sha, m.position, k.via, k.brings,
           c.commit_time AS landed_at, c.author_id, c.committer_id, c.is_merge, c.subject,
           k.kind, k.forge, k.number, k.web_committed
    FROM landing_kinds k JOIN repos r USING (repo_id)
    JOIN commits c USING (repo_id, sha)
    LEFT JOIN landings m USING (repo_id, sha)
    LEFT JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
    WHERE (len($repos) = 0 OR list_contains($repos, r.name))
      AND ($team IS NULL OR r.team = $team)
      AND ($since IS NULL OR c.commit_time >= $since)
      AND ($until IS NULL OR c.commit_time < $until)
      AND ($bots OR NOT coalesce(p.is_bot, false))
), brings AS (
    SELECT repo_id, sha, sha AS commit_sha FROM main WHERE via IS NOT NULL
    UNION ALL
    SELECT repo_id, sha, unnest(brings) AS commit_sha FROM main WHERE via IS NOT NULL
), brought AS (
    SELECT d.repo_id, d.sha, c.sha AS commit_sha, c.author_id, c.author_time
    FROM main d JOIN landings l ON l.repo_id = d.repo_id AND l.landed = d.position
    JOIN commits c ON c.repo_id = l.repo_id AND c.sha = l.sha
    WHERE d.via IS NULL AND NOT c.is_merge
    UNION ALL
    SELECT b.repo_id, b.sha, c.sha, c.author_id, c.author_time
    FROM brings b JOIN commits c ON c.repo_id = b.repo_id AND c.sha = b.commit_sha
    WHERE NOT c.is_merge
), authored AS (
    SELECT repo_id, sha, count(*) AS commits, list(DISTINCT author_id) AS authors,
           min(author_time) AS first_authored
    FROM brought GROUP BY repo_id, sha
), sized AS (
    SELECT b.repo_id, b.sha,
           sum(coalesce(fc.added, 0) + coalesce(fc.deleted, 0))::BIGINT AS lines,
           count(DISTINCT fc.path) AS files
    FROM brought b JOIN file_changes fc ON fc.repo_id = b.repo_id AND fc.sha = b.commit_sha
    WHERE $generated OR NOT (fc.is_generated OR fc.is_vendored OR fc.is_excluded)
    GROUP BY b.repo_id, b.sha
), named AS (
    SELECT repo_id, sha, list(DISTINCT person_id) AS reviewers
    FROM landing_reviewers GROUP BY repo_id, sha
), joined AS (
    SELECT d.*, coalesce(a.commits, 0) AS commits,
           coalesce(a.authors, [d.author_id]) AS authors, a.first_authored,
           coalesce(s.lines, 0) AS lines, coalesce(s.files, 0) AS files,
           coalesce(n.reviewers, []) AS reviewers
    FROM main d
    LEFT JOIN authored a USING (repo_id, sha)
    LEFT JOIN sized s USING (repo_id, sha)
    LEFT JOIN named n USING (repo_id, sha)
), change AS (
    SELECT *, list_filter(reviewers, lambda x: NOT list_contains(authors, x)) AS others,
           CASE WHEN kind = 'pull-request' THEN 'reviewed'
                WHEN kind = 'merge' THEN 'merge'
                WHEN kind = 'trailers'
                     AND len(list_filter(reviewers, lambda x: NOT list_contains(authors, x))) > 0
                THEN 'reviewed'
                ELSE 'direct' END AS status,
           CASE WHEN kind <> 'pull-request' THEN NULL
                WHEN NOT web_committed THEN committer_id
                WHEN is_merge THEN author_id END AS merger
    FROM joined
)"""


def values_of(options: Options, team: str | None) -> dict[str, Any]:
    """The parameters of ``CHANGES_CTE`` for these options."""
    return {
        "repos": list(options.repos),
        "team": team,
        "since": options.since,
        "until": options.until,
        "bots": options.include_bots,
        "generated": options.include_generated,
    }


def query(con: duckdb.DuckDBPyConnection, sql: str, values: dict[str, Any]) -> list[Any]:
    """Rows of ``WITH {CHANGES_CTE} <sql>``."""
    return con.execute(f"WITH {CHANGES_CTE} {sql}", values).fetchall()


def gini(counts: list[int]) -> float | None:
    """The Gini coefficient of counts: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ); 0 when everyone has
    the same, towards 1 when one has all; None without counts or with a zero total."""
    total = sum(counts)
    if not counts or total == 0:
        return None
    n = len(counts)
    spread = sum(abs(a - b) for a in counts for b in counts)
    return round(spread / (2 * n * total), 3)
