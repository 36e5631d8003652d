"""releases: the repositories' releases, read from their tags, with what each delivered.

A release is a tag whose name matches the policy's ``release_tag_pattern`` (``--pattern``
for one run), dated by its release time (``tags.tagged_at``: an annotated tag's tagger
date, else the tagged commit's committer date). The commits a release first contains are
measured on HEAD's main line (``landings``): a main-line commit at position *p* contains
the commits with ``landed <= p``, so the release of the tagged commit landed at *L*
first contains those with ``landed`` in (*M*, *L*], *M* the highest landing of the
repository's earlier releases (by release time; 0 for the first). A tag off the main
line is measured as of the main-line commit that brought it in; a tag HEAD does not reach
has no count. Lead time of a commit = release time - its committer time; values that are
not positive (a commit dated after the release: clocks, rebases) are dropped and counted.
Reads: tags, landings, commits, repos.
Returns: repo, tag, released_at, annotated, on_main_line, commits, lead_times,
non_positive, lead_time_median_hours, failed, time_to_restore_hours (analyses.failures);
sorted by release time, then repo and tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.failures import failures
from techlead.analyses.release_sql import COMMITS_SQL, execute, pattern_of
from techlead.core.model import Options, Result
from techlead.warehouse.policy import policy_of


class ReleaseRow(NamedTuple):
    repo: str
    tag: str
    released_at: datetime
    annotated: bool
    on_main_line: bool  # the tagged commit is on HEAD's first-parent chain
    commits: int | None  # first contained in this release; None: HEAD does not reach it
    lead_times: int  # commits with a positive lead time
    non_positive: int  # commits dated at or after the release, dropped
    lead_time_median_hours: float | None
    failed: bool  # followed by a revert or a fixing patch release (analyses.failures)
    time_to_restore_hours: float | None  # to the first release holding the fix


@dataclass(frozen=True)
class ReleasesParams(Params):
    pattern: str | None = param(
        None, "A regular expression (RE2) a release tag's name matches.",
        policy="release_tag_pattern")  # fmt: skip
    team: str | None = param(
        None, "Only the repositories of this team (the workspace's techlead.toml)."
    )
    failure_days: int | None = param(
        None, "A release followed within this many days by a revert of one of its "
        "commits or by a fixing patch release failed.", policy="change_failure_days")  # fmt: skip


_SQL = f"""
WITH per_commit AS ({COMMITS_SQL})
SELECT repo, tag, tagged_at, annotated, on_main,
       CASE WHEN reached THEN count(sha) END AS commits,
       count(*) FILTER (WHERE lead_seconds > 0) AS lead_times,
       count(*) FILTER (WHERE lead_seconds <= 0) AS non_positive,
       round(median(lead_seconds) FILTER (WHERE lead_seconds > 0) / 3600, 1) AS hours
FROM per_commit
WHERE ($since IS NULL OR tagged_at >= $since) AND ($until IS NULL OR tagged_at < $until)
GROUP BY repo, tag, tagged_at, annotated, on_main, reached
ORDER BY tagged_at, repo, tag
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReleasesParams
) -> Result[ReleaseRow]:
    rows = execute(
        con,
        _SQL,
        {"pattern": pattern_of(con, params.pattern), "repos": list(options.repos),
         "team": params.team, "since": options.since, "until": options.until,
         "limit": options.limit},
    )  # fmt: skip
    days = params.failure_days or policy_of(con).change_failure_days
    failed = failures(con, pattern_of(con, params.pattern), list(options.repos), params.team,
                      days)  # fmt: skip
    made = []
    for row in rows:
        failure = failed[(row[0], row[1])]
        hours = failure.restore_hours
        made.append(
            ReleaseRow._make([*row, failure.failed, None if hours is None else round(hours, 1)])
        )
    return Result.of("releases", ReleaseRow, made)


ANALYSIS = Analysis(
    "releases",
    "Releases (tags matching the policy's release pattern) with the commits each delivered.",
    ReleaseRow,
    ReleasesParams,
    run,
)
