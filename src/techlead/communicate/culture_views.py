"""The four views of culture per period, as the command and the section show them
(docs/culture.md): collaboration and learning (analyses.culture), innovation
(analyses.culture_innovation, with the radar's Trial and Assess blips marked) and knowledge
spreading (the truck factor and knowledge islands from the metric history, at the end of
every period). Here, above analyses, because spreading reads direction's history and
innovation the radar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import duckdb

from techlead.analyses import culture, culture_innovation
from techlead.analyses.culture import CultureParams
from techlead.analyses.culture_innovation import NewDependency
from techlead.core.errors import ConfigError
from techlead.core.model import Options, Result
from techlead.decisions.radar import Radar, key, normal
from techlead.direction.catalogue import Scope as MetricScope
from techlead.direction.history import history

VIEWS = ("collaboration", "learning", "innovation", "spreading")
TRYING = ("trial", "assess", "test")  # ring words of technologies being tried (radar.RING_WORDS)


class SpreadingRow(NamedTuple):
    period: date  # the period's first day
    date: str  # when it was measured: the period's end (or the newest commit, or --until)
    truck_factor: float | None
    knowledge_islands: float | None


class InnovationRow(NamedTuple):
    period: date
    new_dependencies: int
    repositories: int
    technologies: list[str]  # catalogue technologies among them
    trial_or_assess: list[str]  # radar blips on a Trial or Assess ring among them


class MarkedDependency(NamedTuple):
    period: date
    repo: str
    ecosystem: str
    dependency: str
    technology: str | None
    ring: str | None  # its blip's ring, when the radar names it
    manifest: str
    commit: str
    date: datetime


def view(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    name: str,
    every: str = "quarter",
    radar: Radar | None = None,
) -> Result[Any]:
    """One view per period, for the command line."""
    if name not in VIEWS:
        raise ConfigError(f"--view must be one of {', '.join(VIEWS)}, not {name!r}")
    params = CultureParams(every=every)
    if name == "collaboration":
        return culture.collaboration(con, options, params)
    if name == "learning":
        return culture.learning(con, options, params)
    if name == "innovation":
        found = culture_innovation.innovation(con, options, every)
        rows = innovation_rows(marked(found.rows, radar), radar)
        return Result.of("culture-innovation", InnovationRow, rows, found.notes)
    return spreading(con, options, every)


def spreading(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    every: str = "quarter",
    scope: MetricScope | None = None,
) -> Result[SpreadingRow]:
    """The truck factor and the knowledge islands at the end of every period, as
    ``techlead history`` back-computes them, for ``scope`` (default: the workspace, or the
    one repository of ``options``)."""
    if scope is None:
        if len(options.repos) > 1:
            raise ConfigError("knowledge spreading measures the workspace or one repository")
        scope = MetricScope("repository", options.repos[0]) if options.repos else MetricScope()
    truck = history(con, "truck-factor", scope, every, options.since, options.until)
    islands = history(con, "knowledge-islands", scope, every, options.since, options.until)
    rows = [
        SpreadingRow(_start(t.date, every), t.date, t.value, i.value)
        for t, i in zip(truck, islands, strict=True)
    ]
    return Result.of("culture-spreading", SpreadingRow, rows, (f"{scope}, per {every}",))


def _start(end: str, every: str) -> date:
    """The first day of the period that ends at ``end`` (a period end is the next one's
    first instant; the last point may fall inside its period)."""
    last = date.fromisoformat(end) - timedelta(days=1)
    months = {"month": 1, "quarter": 3, "year": 12}.get(every)
    if months is None:  # week
        return last - timedelta(days=last.weekday())
    return last.replace(month=(last.month - 1) // months * months + 1, day=1)


def trying_rings(radar: Radar) -> frozenset[str]:
    """The rings of technologies being tried: those named Trial, Assess (or Test), else,
    on a radar of other ring names, its second and third rings."""
    named = frozenset(r for r in radar.rings if normal(r) in TRYING)
    return named or frozenset(radar.rings[1:3])


def marked(found: Sequence[NewDependency], radar: Radar | None) -> list[MarkedDependency]:
    """The new dependencies with the ring of the blip that names them (by the dependency
    or its technology, compared as radar.key compares names)."""
    rings = {key(b.name): (b.name, b.ring) for b in radar.blips} if radar else {}
    rows = []
    for d in found:
        names = [d.dependency] + ([d.technology] if d.technology else [])
        blip = next((rings[key(n)] for n in names if key(n) in rings), None)
        rows.append(MarkedDependency(d.period, d.repo, d.ecosystem, d.dependency, d.technology,
                                     f"{blip[0]} ({blip[1]})" if blip else None, d.manifest,
                                     d.commit, d.date))  # fmt: skip
    return rows


def innovation_rows(
    found: Sequence[MarkedDependency], radar: Radar | None = None
) -> list[InnovationRow]:
    """One row per period; ``trial_or_assess`` lists its blips on a ring being tried."""
    tried = _tried_labels(radar)
    rows = []
    for summary in culture_innovation.summarise([_plain(d) for d in found]):
        items = [d for d in found if d.period == summary.period]
        trying = sorted({d.ring for d in items if d.ring and (tried is None or d.ring in tried)})
        rows.append(InnovationRow(*summary, trying))
    return rows


def _tried_labels(radar: Radar | None) -> frozenset[str] | None:
    if radar is None:
        return None
    rings = trying_rings(radar)
    return frozenset(f"{b.name} ({b.ring})" for b in radar.blips if b.ring in rings)


def _plain(d: MarkedDependency) -> NewDependency:
    return NewDependency(d.period, d.repo, d.ecosystem, d.dependency, d.technology,
                         d.manifest, False, d.commit, d.date)  # fmt: skip


def section_options(options: Options, newest: datetime | None, periods: int) -> Options:
    """The options of the section: the last ``periods`` quarters up to the newest commit
    (or --until), unless --since asks for more."""
    if newest is None or options.since is not None:
        return options
    start = newest.replace(month=(newest.month - 1) // 3 * 3 + 1, day=1, hour=0, minute=0,
                           second=0, microsecond=0)  # fmt: skip
    total = start.year * 12 + start.month - 1 - 3 * (periods - 1)
    return replace(options, since=start.replace(year=total // 12, month=total % 12 + 1))
