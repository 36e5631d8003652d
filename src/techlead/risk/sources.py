"""Risks computed from the warehouse, one function per kind of evidence.

Every rule that sets a likelihood or an impact is stated in the risk's ``rule`` and in
docs/risk.md. Impact by size uses the component's share of its repository's lines of
code at HEAD: ≥ 25% → 5, ≥ 10% → 4, ≥ 3% → 3, else 2.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import cast

import duckdb

from techlead.analyses import hotspots, knowledge, truck_factor
from techlead.analyses.base import Options
from techlead.analyses.changes import CODE_ONLY_ON, prepare
from techlead.analyses.complexity_trend import compared, file_trend, trend
from techlead.core.errors import TechleadError
from techlead.decisions.radar import Radar
from techlead.decisions.radar_check import check
from techlead.mining.inventory import LOCKFILES, unlocked_manifests
from techlead.mining.languages import programming_languages
from techlead.risk.model import Risk, risk_id

SIZE_RULE = (
    "impact by size: share of the repository's code (programming languages) ≥25% → 5, "
    "≥10% → 4, ≥3% → 3, else 2"
)
STALE_DAYS = 365
TREND_CHECKED = 10  # top hotspots whose complexity trend is read from git


def _size_impact(share: float) -> int:
    return 5 if share >= 0.25 else 4 if share >= 0.10 else 3 if share >= 0.03 else 2


class _Sizes:
    """Share of each (repo, component) in its repository's code at HEAD: lines of code in
    a programming language (documentation and data are not what a risk puts at stake)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "WITH c AS (SELECT r.name, f.component, sum(coalesce(f.code, 0)) FILTER "
            "(list_contains($code, f.language)) AS code "
            "FROM files f JOIN repos r USING (repo_id) "
            "WHERE NOT (f.is_generated OR f.is_vendored OR f.is_excluded) "
            "GROUP BY r.name, f.component) "
            "SELECT name, component, coalesce(code, 0), "
            "coalesce(sum(code) OVER (PARTITION BY name), 0) FROM c",
            {"code": sorted(programming_languages())},
        ).fetchall()
        self.repos = sorted({r for r, *_ in rows})
        self._share = {(r, c): (code / total if total else 0.0) for r, c, code, total in rows}

    def share(self, repo: str, component: str) -> float:
        return self._share.get((repo, component), 0.0)

    def split(self, entity: str, several: bool) -> tuple[str, str]:
        """``repo:name`` or a bare name (one repository) -> (repo, name)."""
        if several or (len(self.repos) > 1 and ":" in entity):
            repo, _, name = entity.partition(":")
            return repo, name
        return (self.repos[0] if self.repos else ""), entity


def truck_factor_risks(
    con: duckdb.DuckDBPyConnection, options: Options, now: datetime
) -> list[Risk]:
    """Components whose knowledge rests on one or two people, with at least one of them
    still active (when all have left, the knowledge is lost already: a knowledge risk).
    The pairing starts with the files an active one of them authors."""
    sizes = _Sizes(con)
    result = truck_factor.run(con, _with(options, by="component", **CODE_ONLY_ON))
    active = knowledge.active_people(con, now)
    risks = []
    for scope, factor, step, _, _, orphaned, share, _examples in result.rows:
        if factor not in (1, 2) or step != factor:
            continue
        repo, component = sizes.split(str(scope), several=True)
        steps = [row for row in result.rows if row[0] == scope and row[3]]
        people = [row[3] for row in steps]
        present = [p for p in people if p in active]
        if not present:
            continue
        examples = [f for row in steps if row[3] == present[0] for f in row[7]]
        examples += [f for row in steps if row[3] != present[0] for f in row[7]]
        gone = [p for p in people if p not in active]
        likelihood = 4 if factor == 1 else 3
        risks.append(
            Risk(
                id=risk_id("truck-factor", repo, component),
                category="truck-factor",
                title=f"{component} depends on {' and '.join(people)} (truck factor {factor})",
                repo=repo,
                component=component,
                files=tuple(examples),
                likelihood=likelihood,
                impact=_size_impact(sizes.share(repo, component)),
                rule=f"likelihood: truck factor 1 → 4, 2 → 3; {SIZE_RULE}",
                evidence=f"without {', '.join(people)}, {orphaned} "
                f"{'file' if orphaned == 1 else 'files'} ({share:.0%}) of {component} "
                f"{'has' if orphaned == 1 else 'have'} no author left (Avelino et al.)"
                + (
                    f"; {' and '.join(gone)} {'has' if len(gone) == 1 else 'have'} left already "
                    f"(no commit for {knowledge.INACTIVE_DAYS} days)"
                    if gone
                    else ""
                ),
                mitigation=f"pair {present[0]} with another developer on {component}, "
                f"starting with {', '.join(examples[:3]) or 'its most changed files'}",
            )
        )
    return risks


def knowledge_loss_risks(con: duckdb.DuckDBPyConnection, options: Options) -> list[Risk]:
    sizes = _Sizes(con)
    result = knowledge.run(con, _with(options, view="loss", **CODE_ONLY_ON))
    risks = []
    for entity, lines, lost, share, leavers in result.rows:
        if share < 0.25 or lost < 100:
            continue
        repo, component = sizes.split(str(entity), several=False)
        likelihood = 5 if share >= 0.75 else 4 if share >= 0.5 else 3
        risks.append(
            Risk(
                id=risk_id("knowledge", repo, component),
                category="knowledge",
                title=f"{share:.0%} of {component} was written by people who have left",
                repo=repo,
                component=component,
                files=(),
                likelihood=likelihood,
                impact=_size_impact(sizes.share(repo, component)),
                rule=f"likelihood: lost share ≥75% → 5, ≥50% → 4, ≥25% → 3; {SIZE_RULE}",
                evidence=f"{lost:,} of {lines:,} lines of code have a main developer with no "
                f"commit in {knowledge.INACTIVE_DAYS} days: {', '.join(leavers[:5])}",
                mitigation=f"name an owner for {component} and recover its knowledge (code "
                "reading, tests, docs), most changed files first",
            )
        )
    return risks


def hotspot_risks(con: duckdb.DuckDBPyConnection, options: Options) -> list[Risk]:
    """Top hotspots whose complexity rises (trend read from git; repositories that moved
    are skipped)."""
    sizes = _Sizes(con)
    result = hotspots.run(con, _with(options, by="file", percentile=90.0))
    risks = []
    for rank, entity, revisions, *_rest in result.rows[:TREND_CHECKED]:
        repo, path = sizes.split(str(entity), several=False)
        try:
            # one sample (the last revision) plus the baseline a year before: all the verdict needs
            points, _ = file_trend(con, Options(repos=(repo,)), path, 1)
        except TechleadError:
            continue
        pair = compared(points)
        if trend(points) != "rising" or pair is None:
            continue
        base, last = pair
        risks.append(
            Risk(
                id=risk_id("hotspot", repo, path),
                category="hotspot",
                title=f"hotspot {path} is getting more complex",
                repo=repo,
                component=None,
                files=(path,),
                likelihood=4,
                impact=5 if rank <= 3 else 4,
                rule="likelihood: a top hotspot whose complexity rose >5% in a year → 4; "
                "impact: hotspot rank 1-3 → 5, else 4",
                evidence=f"hotspot #{rank} ({revisions} revisions); complexity "
                f"{base.primary:g} on {base.when:%Y-%m-%d} → {last.primary:g} on "
                f"{last.when:%Y-%m-%d}",
                mitigation=f"refactor {path} before further feature work in it",
            )
        )
    return risks


_STALE = """
WITH history AS (
    SELECT repo, component, count(DISTINCT sha) AS revisions, max(author_time) AS last
    FROM {table} GROUP BY repo, component
),
ranked AS (
    SELECT *, median(revisions) OVER (PARTITION BY repo) AS typical FROM history
)
SELECT h.repo, h.component, h.revisions, h.last
FROM ranked h
WHERE h.revisions >= greatest(h.typical, 20) AND h.last < $cutoff
  AND EXISTS (SELECT 1 FROM files f JOIN repos r USING (repo_id)
              WHERE r.name = h.repo AND f.component = h.component AND coalesce(f.code, 0) > 0)
ORDER BY h.repo, h.component
"""


def stale_risks(con: duckdb.DuckDBPyConnection, options: Options, now: datetime) -> list[Risk]:
    sizes = _Sizes(con)
    table = prepare(con, options)
    cutoff = now - timedelta(days=STALE_DAYS)
    rows = con.execute(_STALE.format(table=table), {"cutoff": cutoff}).fetchall()
    return [
        Risk(
            id=risk_id("stale", repo, component),
            category="stale",
            title=f"{component} was changed heavily, then left untouched for a year",
            repo=repo,
            component=component,
            files=(),
            likelihood=3,
            impact=_size_impact(sizes.share(repo, component)),
            rule="likelihood 3: revisions ≥ the repository's median per component (and ≥ 20), "
            f"no change in {STALE_DAYS} days, still at HEAD; {SIZE_RULE}",
            evidence=f"{revisions} commits, the last on {last:%Y-%m-%d}",
            mitigation=f"name an owner for {component}; check that it still builds, is tested "
            "and is still needed",
        )
        for repo, component, revisions, last in rows
    ]


def lockfile_risks(con: duckdb.DuckDBPyConnection, options: Options) -> list[Risk]:
    return [
        Risk(
            id=risk_id("lockfile", repo, path, ecosystem),
            category="lockfile",
            title=f"{path} has no lockfile",
            repo=repo,
            component=None,
            files=(path,),
            likelihood=3,
            impact=3,
            rule="likelihood 3, impact 3: builds resolve different versions over time",
            evidence=f"{ecosystem} dependencies declared in {path}, no lockfile beside it",
            mitigation=f"commit a lockfile next to {path} ({LOCKFILES[ecosystem]})",
        )
        for repo, path, ecosystem in unlocked_manifests(con, options.repos)
    ]


def _with(options: Options, **params: object) -> Options:
    return replace(options, params={**options.params, **params})


def hold_risks(con: duckdb.DuckDBPyConnection, options: Options, radar: Radar) -> list[Risk]:
    """Technologies on the radar's hold ring that repositories still use."""
    risks = []
    for finding, name, ring, repos, _teams, evidence, since in check(
        con, radar, options.repos
    ).rows:
        if finding != "hold in use":
            continue
        used_in = cast(list[str], repos)
        when = f" since {since:%Y-%m-%d}" if isinstance(since, datetime) else ""
        risks.append(
            Risk(
                id=risk_id("hold", str(name)),
                category="hold",
                title=f"{name} is on the radar's {ring} ring but still in use",
                repo=used_in[0] if len(used_in) == 1 else None,
                component=None,
                files=tuple(cast(list[str], evidence)),
                likelihood=3,
                impact=5 if len(used_in) > 3 else 4 if len(used_in) > 1 else 3,
                rule="likelihood 3; impact by spread: 1 repository → 3, 2-3 → 4, more → 5",
                evidence=f"used in {', '.join(used_in)}{when}",
                mitigation=f"plan the migration off {name} in {', '.join(used_in)}",
            )
        )
    return risks
