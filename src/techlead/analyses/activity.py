"""activity: commits per period and repository, to see the rhythm of work.

Measures the commits authored in each calendar period (``--every`` month by default; week,
quarter or year) per repository, merges and bots included (it counts work landing, not
people). Periods with no commit are left out.
Reads: commits, repos.
Returns: period (YYYY-MM-DD, the first day of the period), repo, commits; sorted by
period, then repo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.core.model import Options, Result


class ActivityRow(NamedTuple):
    period: date
    repo: str
    commits: int


@dataclass(frozen=True)
class ActivityParams(Params):
    every: str = param(
        "month", "The period: week, month, quarter or year.",
        choices=("week", "month", "quarter", "year"))  # fmt: skip


_SQL = """
SELECT date_trunc($every, c.author_time)::DATE AS period, r.name, count(*)
FROM commits c JOIN repos r USING (repo_id)
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND ($since IS NULL OR c.author_time >= $since) AND ($until IS NULL OR c.author_time < $until)
GROUP BY ALL ORDER BY 1, 2
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: ActivityParams
) -> Result[ActivityRow]:
    rows = con.execute(
        _SQL,
        {"every": params.every, "repos": list(options.repos), "since": options.since,
         "until": options.until, "limit": options.limit},
    ).fetchall()  # fmt: skip
    return Result.of("activity", ActivityRow, [ActivityRow(*row) for row in rows])


ANALYSIS = Analysis(
    "activity", "Commits per week, month, quarter or year, per repository.", ActivityRow,
    ActivityParams, run,
)  # fmt: skip
