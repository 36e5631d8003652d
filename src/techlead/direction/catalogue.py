"""The metric catalogue: every named measure a leader can follow over time and set goals on
(docs/direction.md "Metrics").

A metric is measured for a scope (the workspace, a repository, a team's repositories or a
component) as of a moment. Metrics measured from the history are *back-computable*: their
value as of a past date is what the analysis behind them says with ``--until`` that date
(the repository as it was, analyses.as_of). The others read what a scan stored (standards
results) and only have the values scans recorded (``metric_history``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import duckdb

from techlead.analyses import (
    coupling,
    delivery_window,
    health,
    hotspots,
    knowledge,
    people,
    repositories,
    review,
    truck_factor,
    work_window,
)
from techlead.core.config import CustomMetric
from techlead.core.errors import ConfigError
from techlead.core.model import Options
from techlead.core.roles import Role
from techlead.direction import inventory
from techlead.direction.custom import as_metric
from techlead.direction.metric import ALL, NOT_COMPONENT, SCOPES, Metric, Scope
from techlead.direction.settings import workspace_metrics
from techlead.standards.scorecard import latest_cards
from techlead.warehouse.policy import policy_of

__all__ = ["CATALOGUE", "SCOPES", "Metric", "Scope", "measure", "metric", "metrics",
           "options_for", "with_custom"]  # fmt: skip

TOP_HOTSPOTS = 10  # hotspot complexity is measured over the ten highest-ranked hotspots
ACTIVITY_DAYS = 90  # commits are counted over the 90 days before the moment
DELIVERY_DAYS = 90  # delivery metrics pool the releases of the 90 days before the moment
WORK_DAYS = 90  # work metrics pool the main-line commits of the 90 days before the moment


def _truck_factor(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    by = "component" if options.components else "repo"
    # of the production code, as the knowledge light and the standards check judge it
    found = truck_factor.factors(
        truck_factor.run(con, _production(options), truck_factor.TruckFactorParams(by=by))
    )
    return float(min(found.values())) if found else None


def _lost_share(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    rows = knowledge.loss(con, options, knowledge.KnowledgeParams(view="loss", now=when)).rows
    lines = sum(r.lines for r in rows)
    return round(100 * sum(r.lost_lines for r in rows) / lines, 1) if lines else None


def _islands(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    # active as of the moment measured (not the last stored register's: a scan measures
    # its values before it stores its register)
    params = knowledge.KnowledgeParams(view="islands", now=when)
    found = knowledge.file_map(con, options, params)
    return float(len(found.rows))


def _hot(con: duckdb.DuckDBPyConnection, options: Options) -> list[int]:
    params = hotspots.HotspotParams(by="file", complexity="cyclomatic", percentile=0)
    ranking = hotspots.rank(con, options, params)
    return [r.cyclomatic or 0 for r in ranking.ranked[:TOP_HOTSPOTS]]


PRODUCTION = (Role.PRODUCTION.value,)  # the code-health metrics' files


def _production(options: Options) -> Options:
    return options if options.roles else replace(options, roles=PRODUCTION)


def _code_health(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    scored = [f for f in health.file_health(con, _production(options)) if f.health is not None]
    return health.weighted(scored, lambda f: f.code)


def _hotspot_health(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime
) -> float | None:
    return health.hotspot_health(con, _production(options), when)


def _hot_max(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    found = _hot(con, options)
    return float(max(found)) if found else None


def _hot_total(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    found = _hot(con, options)
    return float(sum(found)) if found else None


def _coupled(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    params = coupling.CouplingParams(by="component", current=True)
    return float(len(coupling.run(con, options, params).rows))


def _commits(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    recent = replace(options, since=when - timedelta(days=ACTIVITY_DAYS), until=when)
    return float(repositories.commits(con, recent))


def _active(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    return float(people.active_count(con, replace(options, until=when), when))


def _pass_rate(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    cards = latest_cards(con, repos=options.repos)[0]
    judged = [o for c in cards for o in c.outcomes if o.passed is not None]
    return round(100 * sum(1 for o in judged if o.passed) / len(judged), 1) if judged else None


def _level(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    cards = latest_cards(con, repos=options.repos)[0]
    if not cards:
        return None
    return float(min(c.levels.index(c.level) + 1 if c.level else 0 for c in cards))


def delivery(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime
) -> delivery_window.Window | None:
    """Delivery over the DELIVERY_DAYS before ``when`` (``techlead delivery --since
    WHEN-90d --until WHEN`` pooled); None for a scope with no release tag at all."""
    if not delivery_window.releasing(con, list(options.repos)):
        return None
    since = when - timedelta(days=DELIVERY_DAYS)
    return delivery_window.window(con, options, since, when)


def _frequency(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    found = delivery(con, options, when)
    return None if found is None else found.per_month


def _lead_time(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    found = delivery(con, options, when)
    return None if found is None else found.lead_time_median_hours


def _failure_rate(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    found = delivery(con, options, when)
    if found is None or not found.releases:
        return None
    return round(100 * found.failed / found.releases, 1)


def _restore(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
    found = delivery(con, options, when)
    return None if found is None else found.time_to_restore_median_hours


_WINDOW = f"the releases (tags matching the policy's release_tag_pattern) of the {DELIVERY_DAYS} days before the moment"  # noqa: E501
DELIVERY_METRICS = (
    Metric("deployment-frequency", f"releases per 30 days over {_WINDOW} (techlead delivery); "
           "none for a scope without release tags", "releases/30 days", "higher", NOT_COMPONENT,
           _frequency, dated=True),
    Metric("lead-time", "median hours from a commit's committer time to the release that "
           f"first contains it, over the commits of {_WINDOW}", "hours", "lower",
           NOT_COMPONENT, _lead_time, dated=True),
    Metric("change-failure-rate", f"share of {_WINDOW} followed within the policy's "
           "change_failure_days by a revert of one of their commits or a fixing patch "
           "release", "%", "lower", NOT_COMPONENT, _failure_rate, dated=True),
    Metric("time-to-restore", f"median hours from a failed release among {_WINDOW} to "
           "the first release holding its fix", "hours", "lower", NOT_COMPONENT, _restore,
           dated=True),
)  # fmt: skip


def _reviewed_share(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime
) -> float | None:
    """techlead review's reviewed-share of the policy's review_window_days before ``when``,
    in percent (as ``review --since WHEN-DAYS --until WHEN --by workspace`` gives it)."""
    days = policy_of(con).review_window_days
    found = review.window(con, replace(options, until=None), when, days)
    return round(100 * found.reviewed / found.changes, 1) if found.changes else None


def work(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime, team: str | None = None
) -> work_window.Pool | None:
    """The work breakdown over the WORK_DAYS before ``when`` (``techlead work --since
    WHEN-90d --until WHEN [--team TEAM]`` pooled); None for a scope without line ages
    or, with ``team``, a team with no people."""
    if not work_window.measured(con, list(options.repos)):
        return None
    if team is not None and not work_window.has_people(con, team):
        return None
    since = when - timedelta(days=WORK_DAYS)
    return work_window.window(con, replace(options, until=None), since, when, team)


def _work_share(kind: str) -> Callable[..., float | None]:
    def measure_share(
        con: duckdb.DuckDBPyConnection, options: Options, when: datetime, team: str | None = None
    ) -> float | None:
        found = work(con, options, when, team)
        return None if found is None else found.share(getattr(found, kind))

    return measure_share


_LINES = (f"the lines changed by the main-line commits of the {WORK_DAYS} days before the "
          "moment (committer time; techlead work)")  # fmt: skip
WORK_METRICS = (
    Metric("rework-share", f"share of {_LINES} that rewrote or deleted lines younger than "
           "the policy's refactor_days; for a team, the work of its people", "%", "lower",
           NOT_COMPONENT, _work_share("rework"), dated=True),
    Metric("refactor-share", f"share of {_LINES} that rewrote or deleted lines older than "
           "the policy's refactor_days; for a team, the work of its people", "%", "higher",
           NOT_COMPONENT, _work_share("refactor"), dated=True),
    Metric("new-work-share", f"share of {_LINES} that were added beyond the lines they "
           "replaced; for a team, the work of its people", "%", "higher", NOT_COMPONENT,
           _work_share("new"), dated=True),
)  # fmt: skip
# Metrics whose team scope is the team's people ([teams.NAME] members, as `work --team`),
# in every repository, rather than the team's repositories.
BY_AUTHORS: dict[str, Callable[..., float | None]] = {m.name: m.measure for m in WORK_METRICS}

CATALOGUE: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("truck-factor", "the truck factor (Avelino et al.) of the production code "
               "files; for several repositories, the lowest of theirs", "people", "higher", ALL,
               _truck_factor),
        Metric("lost-share", "share of the code whose main developer has left (no commit in "
               "the policy's inactive_days before the moment)", "%", "lower", ALL, _lost_share,
               dated=True, reads_trees=True),
        Metric("knowledge-islands", "code files of which one active developer wrote the "
               "policy's island_share or more", "files", "lower", ALL, _islands,
               reads_trees=True),
        Metric("code-health", "code health (techlead health, 1 to 10) of the production code "
               "files, weighted by their lines of code", "score", "higher", ALL, _code_health,
               measures_code=True, measured_roles=PRODUCTION),
        Metric("hotspot-health", "code health of the production code files weighted by their "
               f"commits in the {health.HOTSPOT_DAYS} days before the moment: the health of "
               "the code people change", "score", "higher", ALL, _hotspot_health, dated=True,
               measures_code=True, measured_roles=PRODUCTION),
        Metric("hotspot-complexity-max", f"the highest cyclomatic complexity among the "
               f"{TOP_HOTSPOTS} highest-ranked hotspots (revisions x cyclomatic complexity)",
               "cyclomatic", "lower", ALL, _hot_max, measures_code=True),
        Metric("hotspot-complexity-total", f"the total cyclomatic complexity of the "
               f"{TOP_HOTSPOTS} highest-ranked hotspots (revisions x cyclomatic complexity)",
               "cyclomatic", "lower", ALL, _hot_total, measures_code=True),
        Metric("coupled-components", "pairs of components (both existing, one holding code) "
               "that change together in at least the policy's coupling_min_degree of their "
               "commits", "pairs", "lower", NOT_COMPONENT, _coupled),
        Metric("commits", f"commits that reached the main line, authored in the "
               f"{ACTIVITY_DAYS} days before the moment", "commits", "higher", NOT_COMPONENT,
               _commits, dated=True),
        Metric("active-people", "people (not bots) with a commit in the policy's inactive_days "
               "before the moment", "people", "higher", NOT_COMPONENT, _active,
               dated=True),
        Metric("standards-pass-rate", "share of the applicable standards checks that pass, "
               "as the last scan stored them", "%", "higher", NOT_COMPONENT, _pass_rate,
               back_computed=False, reads_standards=True),
        Metric("standards-level", "the lowest standards level reached: 0 none, 1 the first "
               "(bronze), 2 the second ...", "level", "higher", NOT_COMPONENT, _level,
               back_computed=False, reads_standards=True),
        Metric("hold-technologies", "technologies on the radar's hold ring that the "
               "repositories use (techlead radar check's 'hold in use')", "technologies",
               "lower", NOT_COMPONENT, inventory.hold_technologies, back_computed=False,
               needs="radar"),
        Metric("vulnerabilities", "known vulnerabilities: OSV advisories affecting a "
               "dependency at its resolved version, one per advisory and package version "
               "(techlead vulns' 'affected' rows)", "advisories", "lower", NOT_COMPONENT,
               inventory.vulnerabilities, back_computed=False, needs="osv"),
        Metric("dependency-drift", "direct dependencies pinned at several versions in "
               "different manifests (techlead portfolio's drift)", "dependencies", "lower",
               NOT_COMPONENT, inventory.dependency_drift, back_computed=False),
        Metric("lockfile-coverage", "share of the manifests declaring npm, Go, RubyGems or "
               "Packagist dependencies that have a lockfile of that ecosystem beside them",
               "%", "higher", NOT_COMPONENT, inventory.lockfile_coverage,
               back_computed=False),
        Metric("docstring-coverage", "share of the public Python definitions and modules "
               "of the production files at HEAD that have a docstring (doc-coverage)", "%",
               "higher", NOT_COMPONENT, inventory.docstring_coverage, back_computed=False),
        *DELIVERY_METRICS,
        *WORK_METRICS,
        Metric("reviewed-share", "share of the changes that landed on the main line in the "
               "policy's review_window_days before the moment that landed reviewed: a pull "
               "request or review trailers (techlead review)", "%", "higher", NOT_COMPONENT,
               _reviewed_share, dated=True),
    )
}  # fmt: skip


def metrics(con: duckdb.DuckDBPyConnection | None) -> dict[str, Metric]:
    """The catalogue and the workspace's custom metrics (``[metrics.NAME]`` of its
    techlead.toml, direction.custom)."""
    return CATALOGUE if con is None else with_custom(workspace_metrics(con).custom)


def with_custom(custom: tuple[CustomMetric, ...]) -> dict[str, Metric]:
    """The catalogue and these custom metrics, none of which may take a catalogue name."""
    found = dict(CATALOGUE)
    for entry in custom:
        if entry.name in CATALOGUE:
            raise ConfigError(f"{entry.where}: [metrics.{entry.name}]: techlead's catalogue "
                              "has a metric of that name: choose another")  # fmt: skip
        found[entry.name] = as_metric(entry)
    return found


def metric(name: str, con: duckdb.DuckDBPyConnection | None = None) -> Metric:
    """The metric named ``name``; with ``con``, the workspace's custom metrics too."""
    known = metrics(con)
    try:
        return known[name]
    except KeyError:
        raise ConfigError(
            f"unknown metric {name!r} (known: {', '.join(known)}; `techlead metrics` lists them)"
        ) from None


def options_for(con: duckdb.DuckDBPyConnection, scope: Scope) -> Options:
    """The analysis options that select a scope."""
    if scope.kind == "workspace":
        return Options()
    if scope.kind == "repository":
        return Options(repos=(scope.name,))
    if scope.kind == "component":
        return Options(repos=(scope.repo,) if scope.repo else (), components=(scope.name,))
    found = con.execute("SELECT name FROM repos WHERE team = ? ORDER BY name", [scope.name])
    repos = tuple(str(r) for (r,) in found.fetchall())
    if not repos:
        raise ConfigError(f"no repository of team {scope.name!r} (teams come from techlead.toml)")
    return Options(repos=repos)


def measure(
    con: duckdb.DuckDBPyConnection, name: str, scope: Scope, when: datetime, until: bool
) -> float | None:
    """The metric's value for the scope as of ``when``; with ``until``, the repositories
    as they were then (--until), else as scanned."""
    found = metric(name, con)
    if scope.kind not in found.scopes:
        raise ConfigError(f"{name} is not measured per {scope.kind} "
                          f"(its scopes: {', '.join(found.scopes)})")  # fmt: skip
    options = options_for(con, scope)
    if scope.kind == "team" and name in BY_AUTHORS:  # the team's people, everywhere
        return BY_AUTHORS[name](con, Options(), when, scope.name)
    if until:
        options = replace(options, until=when)
    return found.measure(con, options, when)
