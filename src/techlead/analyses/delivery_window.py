"""Delivery over one trailing window (the 90 days before a moment, say): what ``techlead
delivery --since START --until END`` says of the releases in [START, END) taken together,
as one figure each. The metric catalogue's delivery metrics and the report's Delivery
section read it (docs/metrics.md, "Delivery metrics").

Same definitions as analyses.delivery, with one pool instead of calendar periods: the
releases whose release time falls in the window, the median lead time over every commit
they first contain, the share of them that failed and the median time to restore of those
some release fixed. Failures are judged as ``delivery`` judges them: a revert or a fixing
patch release within the policy's ``change_failure_days`` of the release, seen in the
history as scanned (a release late in the window may fail after the window's end).
The band: ``daily`` with at least as many releases as days, ``weekly`` at least as many
as whole weeks, ``monthly`` at least as many as whole 30-day months, else ``fewer``.
"""

from __future__ import annotations

from datetime import datetime
from statistics import median
from typing import NamedTuple

import duckdb

from techlead.analyses.failures import Failure, failures
from techlead.analyses.release_sql import AGGREGATES, COMMITS_SQL, execute, pattern_of
from techlead.core.model import Options
from techlead.warehouse.policy import policy_of

MONTH_DAYS = 30  # deployment frequency is said per 30 days


class Window(NamedTuple):
    since: datetime
    until: datetime
    days: int
    releases: int
    per_month: float  # releases per 30 days, to 0.01
    band: str  # daily | weekly | monthly | fewer
    commits: int  # first contained in the releases
    unmeasured: int  # releases HEAD does not reach: no commit count
    lead_times: int
    non_positive: int
    lead_time_median_hours: float | None
    failed: int
    change_failure_rate: float | None  # failed / releases, to 0.001
    restored: int
    time_to_restore_median_hours: float | None


class Tagless(NamedTuple):
    repo: str
    tags: int  # tags of any name (none matches the release pattern)


_SQL = f"""
WITH per_commit AS ({COMMITS_SQL}),
filtered AS (
    SELECT * FROM per_commit WHERE tagged_at >= $since AND tagged_at < $until
)
SELECT grouping(repo) = 1 AS whole, repo, {AGGREGATES}
FROM filtered GROUP BY GROUPING SETS ((), (repo))
"""

_TAGLESS = """
SELECT r.name, count(t.name) AS tags
FROM repos r LEFT JOIN tags t ON t.repo_id = r.repo_id
WHERE len($repos) = 0 OR list_contains($repos, r.name)
GROUP BY r.name
HAVING count(t.name) FILTER (WHERE regexp_matches(t.name, $pattern)) = 0
ORDER BY r.name
"""


def band(releases: int, days: int) -> str:
    """DORA's deployment-frequency band of ``releases`` in ``days`` days."""
    if releases >= days:
        return "daily"
    if releases >= max(days // 7, 1):
        return "weekly"
    if releases >= max(days // MONTH_DAYS, 1):
        return "monthly"
    return "fewer"


def window(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    since: datetime,
    until: datetime,
    team: str | None = None,
) -> Window:
    """Delivery of the releases of ``options.repos`` (all when empty) whose release time is
    in [since, until), with the stored policy's pattern and failure days."""
    return windows(con, options, since, until, team)[0]


def windows(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    since: datetime,
    until: datetime,
    team: str | None = None,
) -> tuple[Window, dict[str, Window]]:
    """The window over the releases of all of ``options.repos`` together, and over each
    repository's that released in it (one query, one judgement of failures)."""
    pattern = pattern_of(con, None)
    values = {"pattern": pattern, "repos": list(options.repos), "team": team,
              "since": since, "until": until}  # fmt: skip
    found = execute(con, _SQL, values)
    failed = failures(con, pattern, list(options.repos), team, policy_of(con).change_failure_days)
    span = max(round((until - since).total_seconds() / 86400), 1)
    whole = _made(since, until, span, [], 0, 0, 0, 0, 0, None, failed)
    each: dict[str, Window] = {}
    for is_whole, repo, tags, n, commits, unmeasured, leads, dropped, hours in found:
        made = _made(since, until, span, tags, n, commits, unmeasured, leads, dropped, hours,
                     failed)  # fmt: skip
        if is_whole:
            whole = made
        else:
            each[repo] = made
    return whole, each


def _made(
    since: datetime, until: datetime, span: int, tags: list[list[str]] | None, releases: int,
    commits: int, unmeasured: int, leads: int, dropped: int, hours: float | None,
    failed: dict[tuple[str, str], Failure],
) -> Window:  # fmt: skip
    fails = [failed[(repo, tag)] for repo, tag in tags or [] if failed[(repo, tag)].failed]
    restores = [f.restore_hours for f in fails if f.restore_hours is not None]
    return Window(
        since, until, span, releases, round(releases * MONTH_DAYS / span, 2),
        band(releases, span), commits, unmeasured, leads, dropped, hours, len(fails),
        round(len(fails) / releases, 3) if releases else None, len(restores),
        round(median(restores), 1) if restores else None,
    )  # fmt: skip


def empty(since: datetime, until: datetime) -> Window:
    """The window of a repository that released nothing in it."""
    span = max(round((until - since).total_seconds() / 86400), 1)
    return _made(since, until, span, [], 0, 0, 0, 0, 0, None, {})


def tagless(con: duckdb.DuckDBPyConnection, repos: list[str]) -> list[Tagless]:
    """The repositories among ``repos`` (all when empty) with no tag matching the release
    pattern, with how many tags of other names they have: they have no delivery figures."""
    values = {"repos": repos, "pattern": pattern_of(con, None)}
    return [Tagless(repo, tags) for repo, tags in execute(con, _TAGLESS, values)]


def releasing(con: duckdb.DuckDBPyConnection, repos: list[str]) -> bool:
    """Whether any of ``repos`` (all when empty) has a tag matching the release pattern:
    without one, delivery is not measured (no value, not zero)."""
    sql = (
        "SELECT count(*) FROM tags t JOIN repos r USING (repo_id) WHERE (len($repos) = 0 "
        "OR list_contains($repos, r.name)) AND regexp_matches(t.name, $pattern)"
    )
    [(found,)] = execute(con, sql, {"repos": repos, "pattern": pattern_of(con, None)})
    return bool(found)
