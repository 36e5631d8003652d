"""techlead metrics and techlead history: the metric catalogue and a metric over time."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import click

from techlead.cli.options import db_option, format_option, open_reading, resolve_db
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.core.model import Result
from techlead.direction.catalogue import Metric, Scope, metrics, with_custom
from techlead.direction.history import EVERY, Point, history
from techlead.direction.history_cache import flush
from techlead.direction.settings import workspace_metrics
from techlead.render.base import Format, render


class MetricRow(NamedTuple):
    metric: str
    unit: str
    better: str
    scopes: list[str]
    history: str  # back-computed from git | recorded by scans
    definition: str
    source: str  # catalogue | FILE:LINE of its [metrics.NAME] table


_NEEDS = {
    "radar": "[metrics] radar = FILE in techlead.toml (a radar as `techlead radar check` reads)",
    "osv": "[metrics] osv = PATH in techlead.toml (OSV data as `techlead vulns --osv` reads)",
}


@click.command("metrics")
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def metrics_command(db: Path | None, fmt: str) -> None:
    """Every metric techlead follows over time: definition, unit, better direction, scopes;
    with the custom metrics of the workspace's techlead.toml ([metrics.NAME]).

    Examples: techlead metrics ; techlead metrics --format json
    """
    if resolve_db(db).is_file():
        con = open_reading(db)
        try:
            known, settings = metrics(con), workspace_metrics(con)
        finally:
            con.close()
    else:  # no scan yet: the catalogue, and what ./techlead.toml configures
        settings = workspace_metrics(None)
        known = with_custom(settings.custom)
    sources = {c.name: c.where for c in settings.custom}
    rows = [_row(m, sources.get(m.name, "catalogue")) for m in known.values()]
    notes = tuple(
        f"{m.name} has no value until {_NEEDS[m.needs]} is set"
        for m in known.values()
        if m.needs and getattr(settings, m.needs) is None
    )
    render(Result.of("metrics", MetricRow, rows, notes), Format(fmt))


def _row(m: Metric, source: str) -> MetricRow:
    return MetricRow(m.name, m.unit, m.better, list(m.scopes),
                     "back-computed from git" if m.back_computed else "recorded by scans",
                     m.definition, source)  # fmt: skip


@click.command("history")
@click.argument("metric")
@click.option("--every", type=click.Choice(EVERY), default="month", show_default=True,
              help="One value at the end of every period.")  # fmt: skip
@click.option("--since", help="The first period (default: the scope's first commit).")
@click.option("--until", help="The last date (default: the scope's newest commit).")
@click.option("--repo", help="Measure this repository (default: the workspace).")
@click.option("--team", help="Measure the repositories of this team.")
@click.option("--component", help="Measure this component (with --repo: of that repository).")
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def history_command(metric: str, every: str, since: str | None, until: str | None,
                    repo: str | None, team: str | None, component: str | None,
                    db: Path | None, fmt: str) -> None:  # fmt: skip
    """A metric at the end of every period, back-computed from git: the value on a date is
    what the analysis says with --until that date (metrics that read stored results give
    the values scans recorded).

    Examples: techlead history truck-factor --repo api --every quarter ;
    techlead history lost-share --since 2020-01-01 --format json
    """
    scope = _scope(repo, team, component)
    con = open_reading(db, (repo,) if repo else ())
    try:
        points = history(con, metric, scope, every,
                         parse_date(since, what="--since") if since else None,
                         parse_date(until, what="--until") if until else None)  # fmt: skip
    finally:
        con.close()
        flush(resolve_db(db))  # the values computed now, for the next history
    result: Result[Any] = Result.of("history", Point, points,
                                    (f"{metric} per {every}, {scope}",))  # fmt: skip
    render(result, Format(fmt))


def _scope(repo: str | None, team: str | None, component: str | None) -> Scope:
    if team and (repo or component):
        raise ConfigError("--team measures a team's repositories: give it alone")
    if component:
        return Scope("component", component, repo or "")
    if team:
        return Scope("team", team)
    if repo:
        return Scope("repository", repo)
    return Scope()
