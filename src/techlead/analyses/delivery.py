"""delivery: deployment frequency and lead time for changes per period, from tags alone.

Releases are those of ``techlead releases`` (tags matching the policy's
``release_tag_pattern``), counted in the calendar period of their release time
(``--every`` week, month or quarter; every period from the first release's to the last
one's is listed, those without a release too). Deployment frequency's band (DORA's):
daily when the period had at least as many releases as days, weekly when at least as
many as whole weeks, monthly when at least as many as whole months (a month: 1, a
quarter: 3; a week has no whole month, so a week with a release is weekly), else fewer.
Lead time for changes: the median, over every commit first contained in a release of the
period, of release time - committer time; non-positive values are dropped and counted.
Reads: tags, landings, commits, repos.
Returns: period (its first day), releases, band, commits (first contained in them),
unmeasured (releases HEAD does not reach: no commit count), lead_times, non_positive,
lead_time_median_hours, failed, change_failure_rate, restored,
time_to_restore_median_hours (analyses.failures: a release followed within the policy's
``change_failure_days`` by a revert of one of its commits or by a fixing patch release
failed; time to restore runs to the first release holding the fix); sorted by period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

import duckdb

from techlead.analyses import delivery_window
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.failures import failures
from techlead.analyses.release_sql import AGGREGATES, COMMITS_SQL, execute, pattern_of
from techlead.core.dates import next_period
from techlead.core.model import Options, Result
from techlead.warehouse.policy import policy_of


class DeliveryRow(NamedTuple):
    period: date
    releases: int
    band: str  # daily | weekly | monthly | fewer
    commits: int
    unmeasured: int
    lead_times: int
    non_positive: int
    lead_time_median_hours: float | None
    failed: int  # releases followed by a revert or a fixing patch release (analyses.failures)
    change_failure_rate: float | None  # failed / releases
    restored: int  # failed releases a later release fixed
    time_to_restore_median_hours: float | None


@dataclass(frozen=True)
class DeliveryParams(Params):
    every: str = param(
        "month", "The period: week, month or quarter.", choices=("week", "month", "quarter")
    )
    pattern: str | None = param(
        None, "A regular expression (RE2) a release tag's name matches.",
        policy="release_tag_pattern")  # fmt: skip
    failure_days: int | None = param(
        None, "A release followed within this many days by a revert of one of its "
        "commits or by a fixing patch release failed.", policy="change_failure_days")  # fmt: skip
    team: str | None = param(
        None, "Only the repositories of this team (the workspace's techlead.toml)."
    )


_SQL = f"""
WITH per_commit AS ({COMMITS_SQL}),
filtered AS (
    SELECT *, date_trunc($every, tagged_at)::DATE AS period FROM per_commit
    WHERE ($since IS NULL OR tagged_at >= $since) AND ($until IS NULL OR tagged_at < $until)
)
SELECT period, {AGGREGATES}
FROM filtered GROUP BY period ORDER BY period
"""


def band(releases: int, period: date, every: str) -> str:
    """DORA's deployment-frequency band of ``releases`` in the period starting ``period``
    (delivery_window.band, the one rule: a month or a quarter has 1 or 3 whole 30-day
    months, a week none)."""
    return delivery_window.band(releases, (next_period(period, every) - period).days)


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: DeliveryParams
) -> Result[DeliveryRow]:
    pattern = pattern_of(con, params.pattern)
    values = {"pattern": pattern, "repos": list(options.repos), "team": params.team,
              "since": options.since, "until": options.until, "every": params.every}  # fmt: skip
    found = {row[0]: row for row in execute(con, _SQL, values)}
    days = params.failure_days or policy_of(con).change_failure_days
    failed = failures(con, pattern, list(options.repos), params.team, days)
    rows: list[DeliveryRow] = []
    period = min(found, default=None)
    while period is not None and period <= max(found):
        _, tags, releases, commits, unmeasured, leads, dropped, hours = found.get(
            period, (period, [], 0, 0, 0, 0, 0, None)
        )
        fails = [failed[(repo, tag)] for repo, tag in tags if failed[(repo, tag)].failed]
        restores = [f.restore_hours for f in fails if f.restore_hours is not None]
        rows.append(DeliveryRow(
            period, releases, band(releases, period, params.every), commits, unmeasured,
            leads, dropped, hours, len(fails),
            round(len(fails) / releases, 3) if releases else None, len(restores),
            round(median(restores), 1) if restores else None,
        ))  # fmt: skip
        period = next_period(period, params.every)
    if options.limit is not None:
        rows = rows[-options.limit :]
    notes = ["lead time: release time - committer time of the commits first contained in "
             "each release (docs/metrics.md, delivery)"]  # fmt: skip
    return Result.of("delivery", DeliveryRow, rows, notes)


ANALYSIS = Analysis(
    "delivery",
    "Releases per period with DORA's frequency band, and the median lead time for changes.",
    DeliveryRow,
    DeliveryParams,
    run,
)
