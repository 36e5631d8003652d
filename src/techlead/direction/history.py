"""A metric's history: back-computed from git at the end of every period (the value on a
date is what the analysis says with ``--until`` that date), and the values scans recorded
(``metric_history``) for the metrics that cannot be back-computed.

Dates are period ends (the first instant of the next period, so the value covers the whole
period): ``--every month`` from 2024-01-15 to 2024-03-10 gives 2024-02-01, 2024-03-01 and
2024-04-01; the last is the state at the newest commit (or at ``--until``). A value depends
only on the snapshot commits the date selects, so dates that select the same snapshots (no
commit reached the main line in between) share one computation, and a value once computed
is kept (direction.history_cache) for every later history of the same metric and scope;
a metric whose value depends on the moment itself (``Metric.dated``) shares nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NamedTuple

import duckdb

from techlead.analyses import as_of, as_of_batches, changes
from techlead.core.errors import ConfigError
from techlead.direction import history_cache
from techlead.direction.catalogue import Scope, measure, metric, metrics, options_for

EVERY = ("week", "month", "quarter", "year")


class Point(NamedTuple):
    date: str  # YYYY-MM-DD
    scope: str
    value: float | None
    source: str  # computed | recorded


def period_ends(start: datetime, end: datetime, every: str) -> Iterator[datetime]:
    """The ends of the periods from the one holding ``start`` to the one holding ``end``:
    each the first instant of the next period (``end`` itself when it is one)."""
    if every not in EVERY:
        raise ConfigError(f"--every must be one of {', '.join(EVERY)}, not {every!r}")
    current = _next(_floor(start, every), every)
    while True:
        yield current
        if current >= end:
            return
        current = _next(current, every)


def _floor(when: datetime, every: str) -> datetime:
    day = datetime(when.year, when.month, when.day, tzinfo=UTC)
    if every == "week":
        return datetime.fromordinal(day.toordinal() - day.weekday()).replace(tzinfo=UTC)
    if every == "month":
        return day.replace(day=1)
    if every == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def _next(when: datetime, every: str) -> datetime:
    if every == "week":
        return datetime.fromordinal(when.toordinal() + 7).replace(tzinfo=UTC)
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    total = when.year * 12 + when.month - 1 + months
    return when.replace(year=total // 12, month=total % 12 + 1, day=1)


def _span(con: duckdb.DuckDBPyConnection, repos: tuple[str, ...]) -> tuple[datetime, datetime]:
    row = con.execute(
        "SELECT min(c.commit_time), max(c.commit_time) FROM commits c JOIN repos r "
        "USING (repo_id) WHERE len($repos) = 0 OR list_contains($repos, r.name)",
        {"repos": list(repos)},
    ).fetchall()[0]
    if row[0] is None:
        raise ConfigError("no commits in the warehouse for this scope: scan first")
    return row[0], row[1]


def history(
    con: duckdb.DuckDBPyConnection,
    name: str,
    scope: Scope,
    every: str = "month",
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Point]:
    """The metric's values for the scope at every period end between since and until
    (defaults: the scope's first and newest commits). Values come from the cache
    (direction.history_cache) when it holds them, and are kept there when computed."""
    found = metric(name, con)
    if not found.back_computed:
        return recorded(con, name, scope, since, until)
    repos = options_for(con, scope).repos
    first, newest = _span(con, repos)
    start, end = since or first, until or newest
    if start > end:
        raise ConfigError("--since is after --until")
    # never past --until
    dates = [min(p, until) if until else p for p in period_ends(start, end, every)]
    ids = history_cache.repo_ids(con, repos)
    print_ = history_cache.fingerprint(con, found, ids)
    values = history_cache.stored(con, name, scope, print_)
    fresh: dict[str, float | None] = {}
    points = []
    keyed = [
        (when, shas, history_cache.snapshot_key(shas, when if found.dated or dated else None))
        for when, shas, dated in _snapshot_keys(con, dates, repos)
    ]
    with changes.sharing(con):  # the dates' change histories are cut from one
        todo = [w for w, shas, key in keyed if shas and key not in values]
        # the past blobs of the dates to compute, read in batches (and measured in worker
        # processes) ahead of them
        ready = (
            as_of_batches.premeasured(
                con, todo, repos, found.measured_roles, complexity=found.measures_code
            )
            if found.measures_code or found.reads_trees
            else None
        )
        try:
            for when, shas, key in keyed:
                if key not in values:
                    if ready is not None and shas:
                        _reach(ready, when)
                    values[key] = fresh[key] = (
                        measure(con, name, scope, when, until=True) if shas else None
                    )
                points.append(Point(f"{when:%Y-%m-%d}", str(scope), values[key], "computed"))
        finally:
            if ready is not None:
                ready.close()
    history_cache.remember(con, name, scope, print_, ids, fresh)
    return points


def _reach(ready: Iterator[datetime], when: datetime) -> None:
    """Wait until ``ready`` (ascending dates, each handed out once its blobs are known)
    has handed out ``when``."""
    for date in ready:
        if date >= when:
            return


def _snapshot_keys(
    con: duckdb.DuckDBPyConnection, dates: list[datetime], repos: tuple[str, ...]
) -> Iterator[tuple[datetime, tuple[str, ...], bool]]:
    """(date, the snapshot commits it selects, whether it also selects commits by date)
    for every date: as_of.snapshots for each, in one query. A repository without a main
    line is read by author time (as_of), so its dates differ."""
    selected, by_date = as_of.dated_snapshots(con, dates, repos)
    for when in dates:
        yield when, selected[when], by_date


def recorded(
    con: duckdb.DuckDBPyConnection,
    name: str,
    scope: Scope,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Point]:
    """The values scans recorded for the metric and scope, oldest first."""
    rows = con.execute(
        "SELECT taken_at, value FROM metric_history WHERE metric = $m AND scope = $s "
        "AND ($since IS NULL OR taken_at >= $since) AND ($until IS NULL OR taken_at < $until) "
        "ORDER BY taken_at",
        {"m": name, "s": str(scope), "since": since, "until": until},
    ).fetchall()
    return [Point(f"{t:%Y-%m-%d}", str(scope), v, "recorded") for t, v in rows]


def current_values(
    con: duckdb.DuckDBPyConnection, moment: datetime, standards: bool | None = None
) -> list[tuple[str, str, float | None]]:
    """(metric, scope, value) of every metric for the workspace, and for each repository
    of the metrics that cannot be back-computed, as the warehouse stands: what a scan
    records in ``metric_history``. A repository's back-computed metric is measured when a
    page asks for it (:func:`last_change`): measuring ~25 metrics for each of 1,000
    repositories took a scan's refresh ~11 minutes. ``standards``: only the metrics that
    read the stored standards results (True), only the others (False)."""
    repos = [str(r) for (r,) in con.execute("SELECT name FROM repos ORDER BY name").fetchall()]
    scopes = [Scope()] + [Scope("repository", r) for r in repos]
    found: list[tuple[str, str, float | None]] = []
    for name, entry in metrics(con).items():
        if standards is not None and entry.reads_standards != standards:
            continue
        values: dict[str, float | None] = {}
        for scope in scopes:
            if scope.kind not in entry.scopes:
                continue
            if len(repos) == 1 and "workspace" in values:  # one repository: the same value
                values[str(scope)] = values["workspace"]
            elif scope.kind != "repository" or not entry.back_computed:
                values[str(scope)] = measure(con, name, scope, moment, until=False)
        found.extend((name, scope, value) for scope, value in values.items())
    return found


def last_change(
    con: duckdb.DuckDBPyConnection, name: str, scope: str
) -> tuple[datetime, float | None, float | None] | None:
    """(the previous scan's moment, its value, the latest value) of a metric; None until
    two scans have recorded the workspace. The values scans recorded for the scope, or for
    a repository's back-computed metric, which scans record for the workspace only, its
    value back-computed at the moments of the two scans (kept in the metric cache)."""
    rows = _latest_two(con, name, scope)
    if scope == "workspace" or not metric(name, con).back_computed:
        return _change(rows)
    moments = _latest_two(con, name, "workspace")
    if len(moments) < 2:
        return None
    if [at for at, _ in rows] == [at for at, _ in moments]:  # recorded (one repository)
        return _change(rows)
    on = Scope("repository", scope)
    try:
        values = [history(con, name, on, since=at, until=at)[0].value for at, _ in moments]
    except ConfigError:  # no commits for the repository
        return None
    return moments[1][0], values[1], values[0]


def _latest_two(
    con: duckdb.DuckDBPyConnection, name: str, scope: str
) -> list[tuple[datetime, float | None]]:
    rows = con.execute(
        "SELECT taken_at, value FROM metric_history WHERE metric = $m AND scope = $s "
        "ORDER BY taken_at DESC LIMIT 2",
        {"m": name, "s": scope},
    ).fetchall()
    return [(at, value) for at, value in rows]


def _change(
    rows: list[tuple[datetime, float | None]],
) -> tuple[datetime, float | None, float | None] | None:
    if len(rows) < 2:
        return None
    (_, latest), (previous_at, previous) = rows
    return previous_at, previous, latest
