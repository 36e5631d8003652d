"""The code-health section: how healthy the production code is, where, and what costs it
(analyses.health; docs/metrics.md "Code health")."""

from __future__ import annotations

from datetime import timedelta

from techlead.analyses import health
from techlead.analyses.health_score import LABELS, Marker
from techlead.communicate.code_sections import one_decimal
from techlead.communicate.model import TITLES, Scope, count
from techlead.core.model import Entity, Section, Table
from techlead.core.roles import Role

SHOWN = 25  # rows of each table


def health_section(scope: Scope) -> Section:
    files = recent_files(scope)
    scored = [f for f in files if f.health is not None]
    policy = scope.policy
    question = "Is the code easy to change, and where is it not?"
    if not scored:
        unscored = sorted({f.language for f in files})
        said = ("No production code in a language techlead reads"
                + (f" ({', '.join(unscored)} have no grammar)." if unscored else "."))  # fmt: skip
        return Section("health", TITLES["health"], question, said)
    average = health.weighted(scored, lambda f: f.code)
    hot = hotspot_health(scope)
    unhealthy = [f for f in scored if (f.health or 0) < policy.health_unhealthy]
    problematic = [f for f in scored if policy.health_unhealthy <= (f.health or 0)
                   < policy.health_healthy]  # fmt: skip
    headline = (
        f"Code health {average:.1f} of 10 on average (weighted by lines of code)"
        + (
            f", {hot:.1f} in the code people changed {_period(scope)} (weighted by their commits)"
            if hot
            else ""
        )
        + f"; {count(len(unhealthy), 'file')} unhealthy (below {policy.health_unhealthy:g}), "
        f"{len(problematic)} problematic (below {policy.health_healthy:g}), of "
        f"{count(len(scored), 'file')} scored."
    )
    groups = health.aggregate(scored, "component")
    by_component = [
        (scope.component(g.name) if isinstance(g.name, Entity) else g.name, g.files, g.code,
         _one(g.average), _one(g.hotspot),
         scope.file(g.worst) if g.worst else None, _one(g.worst_health),
         _main(g.findings))
        for g in groups[:SHOWN]
    ]  # fmt: skip
    worst = sorted(scored, key=lambda f: (f.health or 0, -f.revisions, str(f.entity)))
    least = [
        (scope.file(f.entity), _one(f.health), f.revisions, f.code, _markers(f.markers))
        for f in worst[:SHOWN]
        if (f.health or 0) < policy.health_healthy
    ]
    note = "production code only" if scope.production == (Role.PRODUCTION,) else ""
    unscored = sorted({f.language for f in files if f.health is None})
    if unscored:
        note += ("; " if note else "") + f"not scored (no grammar): {', '.join(unscored)}"
    tables = (
        Table("Code health by component, least healthy first",
              ("component", "files", "lines of code", "average health", "hotspot health",
               "least healthy file", "its health", "most found"),
              by_component, note, total=len(groups)),
        Table("Files below the healthy mark, least healthy first",
              ("file", "health", f"revisions {_period(scope)}", "lines of code",
               "what costs it most"),
              least, total=sum(1 for f in scored if (f.health or 0) < policy.health_healthy)),
    )  # fmt: skip
    return Section("health", TITLES["health"], question, headline,
                   tuple(t for t in tables if t.rows))  # fmt: skip


def recent_files(scope: Scope) -> list[health.FileHealth]:
    """The scope's production files, their revisions counted in the page's period, or in
    the year before its moment when it names none (as the hotspot health counts them)."""
    since = scope.options.since or scope.moment() - timedelta(days=health.HOTSPOT_DAYS)
    options = scope.scoped(roles=scope.production, since=since)
    return scope.once(("health-files", options),
                      lambda: health.file_health(scope.con, options, scope.policy))  # fmt: skip


def hotspot_health(scope: Scope) -> float | None:
    """The health of the scope's production code weighted by each file's commits in the
    page's period, or in the year before its moment (then the ``hotspot-health`` metric's
    figure: health.hotspot_health)."""
    return health.weighted(recent_files(scope), lambda f: f.revisions)


def _period(scope: Scope) -> str:
    return "in the period" if scope.options.since else "in the last year"


def _one(value: float | None) -> str | None:
    return one_decimal(value)


def _main(findings: dict[str, int]) -> str:
    """The two biomarkers found most often in a group."""
    top = sorted(((n, name) for name, n in findings.items() if n), key=lambda p: (-p[0], p[1]))
    return ", ".join(f"{LABELS[name]} ×{n}" for n, name in top[:2])


def _markers(markers: tuple[Marker, ...]) -> str:
    """The biomarkers that cost a file most, with the points each costs."""
    worst = sorted((m for m in markers if m.findings), key=lambda m: (-m.deduction, m.name))[:3]
    return ", ".join(f"{LABELS[m.name]} ×{m.findings} (−{m.deduction:.1f})" for m in worst)
