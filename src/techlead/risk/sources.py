"""Risks computed from the warehouse, one function per kind of evidence.

Every rule that sets a likelihood or an impact is stated in the risk's ``rule`` (made
from the policy's values) and in docs/risk.md. Impact by size uses the component's share
of its repository's lines of code at HEAD (the policy's impact_*_share values).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import duckdb

from techlead.analyses import hotspots, knowledge, truck_factor
from techlead.analyses.changes import prepare
from techlead.analyses.complexity_trend import Point, compared, file_trend, trend
from techlead.analyses.health import FileHealth
from techlead.analyses.health_score import LABELS
from techlead.analyses.people import active_people, left_rule
from techlead.analyses.portfolio import LOCKFILES, unlocked_manifests
from techlead.core.dates import span
from techlead.core.errors import TechleadError
from techlead.core.model import Entity, Options
from techlead.core.policy import Policy, component_words, counted_sql
from techlead.core.words import count, listing, verb
from techlead.decisions.radar import Radar
from techlead.decisions.radar_check import HOLD_IN_USE, check
from techlead.mining.languages import programming_languages
from techlead.risk.model import Risk, risk_id
from techlead.warehouse.policy import policy_of

TOP_RANK = 3  # a rising hotspot ranked this high or higher has impact 5 (else 4)


def size_rule(policy: Policy) -> str:
    return (
        "impact by size: share of the repository's code (programming languages) "
        f"≥{policy.impact_5_share:.0%} → 5, ≥{policy.impact_4_share:.0%} → 4, "
        f"≥{policy.impact_3_share:.0%} → 3, else 2"
    )


def size_impact(policy: Policy, share: float) -> int:
    if share >= policy.impact_5_share:
        return 5
    if share >= policy.impact_4_share:
        return 4
    return 3 if share >= policy.impact_3_share else 2


def _left(policy: Policy) -> str:
    return left_rule(policy.inactive_days)


class _Sizes:
    """Share of each (repo, component) in its repository's production code at HEAD: lines
    of code in a programming language in files of the production role (documentation,
    data, tests and examples are not what a risk puts at stake)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "WITH c AS (SELECT r.name, f.component, sum(coalesce(f.code, 0)) FILTER "
            "(list_contains($code, f.language)) AS code "
            "FROM files f JOIN repos r USING (repo_id) "
            f"WHERE {counted_sql('f')} AND coalesce(f.role, 'production') = 'production' "
            "GROUP BY r.name, f.component) "
            "SELECT name, component, coalesce(code, 0), "
            "coalesce(sum(code) OVER (PARTITION BY name), 0) FROM c",
            {"code": sorted(programming_languages())},
        ).fetchall()
        self._share = {(r, c): (code / total if total else 0.0) for r, c, code, total in rows}

    def share(self, repo: str, component: str) -> float:
        return self._share.get((repo, component), 0.0)


_COMPONENTS = """
SELECT r.name, f.path, f.component FROM files f JOIN repos r USING (repo_id)
WHERE list_contains($paths, r.name || chr(0) || f.path)
"""


def components_of(
    con: duckdb.DuckDBPyConnection, files: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The component of each (repo, path) at HEAD, so that a file's risk gathers with its
    component's when decisions are taken at component level."""
    if not files:
        return {}
    keys = [f"{repo}\0{path}" for repo, path in files]
    rows = con.execute(_COMPONENTS, {"paths": keys}).fetchall()
    return {(str(repo), str(path)): str(component) for repo, path, component in rows}


def truck_factor_risks(
    con: duckdb.DuckDBPyConnection, options: Options, now: datetime
) -> list[Risk]:
    """Components whose knowledge rests on at most the policy's truck_factor_risk people,
    with at least one of them still active (when all have left, the knowledge is lost
    already: a knowledge risk). The pairing starts with the files an active one authors."""
    policy = policy_of(con)
    sizes = _Sizes(con)
    params = truck_factor.TruckFactorParams(by="component")
    result = truck_factor.run(con, options, params)
    active = active_people(con, now)
    risks = []
    for last in result.rows:
        factor = last.truck_factor
        if not 1 <= factor <= policy.truck_factor_risk or last.step != factor:
            continue
        repo, component = last.scope.repo, last.scope.path
        named = component_words(component)
        steps = [row for row in result.rows if row.scope == last.scope and row.developer]
        people = [str(row.developer) for row in steps]
        present = [p for p in people if p in active]
        if not present:
            continue
        examples = [f for row in steps if row.developer == present[0] for f in row.examples]
        examples += [f for row in steps if row.developer != present[0] for f in row.examples]
        gone = [p for p in people if p not in active]
        orphaned = last.orphaned
        risks.append(
            Risk(
                id=risk_id("truck-factor", repo, component),
                category="truck-factor",
                title=f"{named} depends on {listing(people)} (truck factor {factor})",
                repo=repo,
                component=component,
                files=tuple(Entity(repo, f) for f in examples),
                likelihood=4 if factor == 1 else 3,
                impact=size_impact(policy, sizes.share(repo, component)),
                rule=f"likelihood: truck factor 1 → 4, 2 or more → 3; {size_rule(policy)}",
                evidence=f"without {listing(people)}, {count(orphaned, 'file')} "
                f"({last.orphaned_share:.0%}) of {named} {verb(orphaned, 'has', 'have')} "
                "no author left (Avelino et al.)"
                + (
                    f"; {listing(gone)} {verb(len(gone), 'has', 'have')} left already "
                    f"({_left(policy)})"
                    if gone
                    else ""
                ),
                mitigation=f"pair {present[0]} with another developer on {named}, "
                f"starting with {', '.join(examples[:3]) or 'its most changed files'}",
                truck_factor=factor,
                people=tuple(people),
                gone=tuple(gone),
            )
        )
    return risks


def knowledge_loss_risks(
    con: duckdb.DuckDBPyConnection, options: Options, now: datetime
) -> list[Risk]:
    policy = policy_of(con)
    sizes = _Sizes(con)
    params = knowledge.KnowledgeParams(view="loss", now=now)
    risks = []
    for row in knowledge.loss(con, options, params).rows:
        share = row.lost_share
        if share < policy.loss_share or row.lost_lines < policy.loss_lines:
            continue
        repo, component = row.component.repo, row.component.path
        named = component_words(component)
        risks.append(
            Risk(
                id=risk_id("knowledge", repo, component),
                category="knowledge",
                title=f"{share:.0%} of the code in {named} was written by people who have left",
                repo=repo,
                component=component,
                files=(),
                likelihood=5 if share >= 0.75 else 4 if share >= 0.5 else 3,
                impact=size_impact(policy, sizes.share(repo, component)),
                rule=f"likelihood: lost share ≥75% → 5, ≥50% → 4, ≥{policy.loss_share:.0%} "
                f"→ 3 (and ≥{policy.loss_lines:,} lines); {size_rule(policy)}",
                evidence=f"{row.lost_lines:,} of {count(row.lines, 'line')} of code "
                f"{verb(row.lost_lines, 'has', 'have')} a main developer with {_left(policy)}: "
                f"{listing(row.leavers, keep=5)}",
                mitigation=f"name an owner for {named} and recover its knowledge (code "
                "reading, tests, docs), most changed files first",
                people=tuple(row.leavers),
                share=share,
            )
        )
    return risks


def hotspot_risks(con: duckdb.DuckDBPyConnection, options: Options) -> list[Risk]:
    """Top hotspots that are unhealthy (code health below the policy's health_unhealthy)
    or whose complexity rises (trends as the scan recorded them; a hotspot without a
    recorded trend is judged on its health alone): one risk per file."""
    policy = policy_of(con)
    ranking = hotspots.rank(con, options, hotspots.HotspotParams(by="file"))
    ranked_in = _ranked_in(con, options)
    top = ranking.hot[: policy.trend_hotspots]
    component = components_of(con, [(r.entity.repo, r.entity.path) for r in top])
    risks = []
    for row in top:
        repo, path = row.entity.repo, row.entity.path
        rising = _rising(con, repo, path, policy)
        facts = ranking.health.get((repo, path))
        unhealthy = (
            facts is not None
            and facts.health is not None
            and facts.health < policy.health_unhealthy
        )
        if rising is None and not unhealthy:
            continue
        why, evidence = [], [f"hotspot #{row.rank}{ranked_in} ({count(row.revisions, 'revision')})"]
        if unhealthy and facts is not None and facts.health is not None:
            why.append(f"unhealthy (code health {facts.health:.1f})")
            evidence.append(f"code health {facts.health:.1f} of 10: {_markers(facts)}")
        if rising is not None:
            base, last = rising
            why.append("getting more complex")
            evidence.append(f"complexity {base.primary:g} on {base.when:%Y-%m-%d} → "
                            f"{last.primary:g} on {last.when:%Y-%m-%d}")  # fmt: skip
        risks.append(
            Risk(
                id=risk_id("hotspot", repo, path),
                category="hotspot",
                title=f"hotspot {path} is {' and '.join(why)}",
                repo=repo,
                component=component.get((repo, path)),
                files=(row.entity,),
                likelihood=4,
                impact=5 if row.rank <= TOP_RANK else 4,
                rule=f"likelihood: a top hotspot with code health below "
                f"{policy.health_unhealthy:g} or whose complexity rose >{policy.trend_change:.0%} "
                f"in {policy.trend_window_days} days → 4; impact: hotspot rank 1-{TOP_RANK} → 5, "
                "else 4",
                evidence="; ".join(evidence),
                mitigation=f"refactor {path} before further feature work in it",
                rank=row.rank,
            )
        )
    return risks


def _rising(
    con: duckdb.DuckDBPyConnection, repo: str, path: str, policy: Policy
) -> tuple[Point, Point] | None:
    """The baseline and the last sample of a file whose complexity rises, else None."""
    try:
        # one sample (the last revision) plus the baseline: all the verdict needs
        points, _ = file_trend(con, Options(repos=(repo,)), path, 1)
    except TechleadError:
        return None
    pair = compared(points, policy.trend_window_days)
    if trend(points, policy.trend_change, policy.trend_window_days) != "rising":
        return None
    return pair


def _markers(facts: FileHealth) -> str:
    """The biomarkers that cost a file most: "brain method (3: big0, big1, …)"."""
    worst = sorted(facts.markers, key=lambda m: -m.deduction)[:3]
    return ", ".join(f"{LABELS[m.name]} ({m.findings}{_where(m.where)})" for m in worst)


def _where(where: tuple[str, ...]) -> str:
    return (": " + ", ".join(where[:2]) + (", …" if len(where) > 2 else "")) if where else ""


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
WHERE h.revisions >= greatest(h.typical, $least) AND h.last < $cutoff
  AND EXISTS (SELECT 1 FROM files f JOIN repos r USING (repo_id)
              WHERE r.name = h.repo AND f.component = h.component AND coalesce(f.code, 0) > 0)
ORDER BY h.repo, h.component
"""


def _ranked_in(con: duckdb.DuckDBPyConnection, options: Options) -> str:
    """What a hotspot's rank is relative to, when it is not obvious: " of the workspace"
    (every repository) or " of NAME" (one of several); nothing with one repository."""
    every = [name for (name,) in con.execute("SELECT name FROM repos ORDER BY name").fetchall()]
    if len(every) <= 1:
        return ""
    if not options.repos or set(options.repos) >= set(every):
        return " of the workspace"
    return " of " + ", ".join(sorted(options.repos))


def stale_risks(con: duckdb.DuckDBPyConnection, options: Options, now: datetime) -> list[Risk]:
    policy = policy_of(con)
    sizes = _Sizes(con)
    table = prepare(con, options)
    cutoff = now - timedelta(days=policy.stale_days)
    rows = con.execute(
        _STALE.format(table=table), {"cutoff": cutoff, "least": policy.stale_min_revisions}
    ).fetchall()
    return [
        Risk(
            id=risk_id("stale", repo, component),
            category="stale",
            title=f"{component_words(component)} was changed heavily, then left untouched for "
            f"{span(policy.stale_days)}",
            repo=repo,
            component=component,
            files=(),
            likelihood=3,
            impact=size_impact(policy, sizes.share(repo, component)),
            rule="likelihood 3: revisions ≥ the repository's median per component (and ≥ "
            f"{policy.stale_min_revisions}), no change in {policy.stale_days} days, still at "
            f"HEAD; {size_rule(policy)}",
            evidence=f"{count(revisions, 'commit')}, the last on {last:%Y-%m-%d}",
            mitigation=f"name an owner for {component_words(component)}; check that it still "
            "builds, is tested and is still needed",
        )
        for repo, component, revisions, last in rows
    ]


def lockfile_risks(con: duckdb.DuckDBPyConnection, options: Options) -> list[Risk]:
    unlocked = unlocked_manifests(con, options.repos)
    component = components_of(con, [(repo, path) for repo, path, _ in unlocked])
    return [
        Risk(
            id=risk_id("lockfile", repo, path, ecosystem),
            category="lockfile",
            title=f"{path} has no lockfile",
            repo=repo,
            component=component.get((repo, path)),
            files=(Entity(repo, path),),
            likelihood=3,
            impact=3,
            rule="likelihood 3, impact 3: builds resolve different versions over time",
            evidence=f"{ecosystem} dependencies declared in {path}, no lockfile beside it",
            mitigation=f"commit a lockfile next to {path} ({LOCKFILES[ecosystem]})",
        )
        for repo, path, ecosystem in unlocked
    ]


def hold_risks(con: duckdb.DuckDBPyConnection, options: Options, radar: Radar) -> list[Risk]:
    """Technologies on the radar's hold ring that repositories still use."""
    risks = []
    for row in check(con, radar, options.repos).rows:
        if row.finding != HOLD_IN_USE:
            continue
        used_in = row.repos
        when = f" since {row.since:%Y-%m-%d}" if row.since else ""
        risks.append(
            Risk(
                id=risk_id("hold", row.technology),
                category="hold",
                title=f"{row.technology} is on the radar's {row.ring} ring but still in use",
                repo=used_in[0] if len(used_in) == 1 else None,
                component=None,
                files=tuple(row.evidence),
                likelihood=3,
                impact=5 if len(used_in) > 3 else 4 if len(used_in) > 1 else 3,
                rule="likelihood 3; impact by spread: 1 repository → 3, 2-3 → 4, more → 5",
                evidence=f"used in {listing(used_in)}{when}",
                mitigation=f"plan the migration off {row.technology} in {listing(used_in)}",
            )
        )
    return risks
