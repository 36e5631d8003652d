"""Known vulnerabilities of the dependencies at HEAD, matched offline against OSV data.

Every dependency with a resolved version is checked with :func:`techlead.risk.osv.affected`
(exact OSV evaluation); a dependency declared without a resolved version is "possibly
affected" by every advisory of its package, with the reason. One row per advisory and
package version, listing the repositories and manifests where it is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb

import techlead.risk.osv as osv
from techlead.core import versions
from techlead.core.model import Entity, Options, Result
from techlead.core.roles import NOT_SHIPPED
from techlead.risk.model import Risk, risk_id

LEVELS = ("low", "medium", "high", "critical")
_WORDS = {"example": "example", "test": "test", "docs": "documentation"}


class VulnRow(NamedTuple):
    advisory: str
    aliases: list[str]
    severity: str | None
    score: float | None
    ecosystem: str
    package: str
    version: str | None
    status: str  # "affected", or "possibly affected: why"
    fixed: list[str]
    repos: list[str]
    manifests: list[Entity]
    summary: str


_DEPENDENCIES = """
SELECT d.ecosystem, d.name, d.version, d.spec, r.name, d.manifest, d.direct, d.dev,
       coalesce(f.role, 'production')
FROM dependencies d JOIN repos r USING (repo_id)
LEFT JOIN files f ON f.repo_id = d.repo_id AND f.path = d.manifest
WHERE len($repos) = 0 OR list_contains($repos, r.name)
ORDER BY d.ecosystem, d.name, d.version, r.name, d.manifest
"""


@dataclass
class Finding:
    advisory: osv.Advisory
    ecosystem: str
    package: str
    version: str | None
    status: str  # affected | possibly affected
    reason: str
    fixed: tuple[str, ...]
    repos: set[str]
    manifests: set[Entity]
    direct: bool
    runtime: bool
    roles: set[str]  # the file roles of its manifests (docs/file-roles.md)

    @property
    def not_shipped(self) -> bool:
        """Only in example, test or documentation manifests: not what the product ships."""
        return self.roles <= NOT_SHIPPED


def findings(
    db: osv.Database, con: duckdb.DuckDBPyConnection, repos: Sequence[str]
) -> list[Finding]:
    found: dict[tuple[str, str, str, str | None], Finding] = {}
    for ecosystem, name, version, spec, repo, manifest, direct, dev, role in con.execute(
        _DEPENDENCIES, {"repos": list(repos)}
    ).fetchall():
        if version:
            hits = [
                (m.advisory, "affected", m.rule, tuple(m.fixed))
                for m in osv.affected(db, ecosystem, name, version)
            ]
        else:
            hits = [
                (advisory, "possibly affected", reason, fixed)
                for advisory, reason, fixed in osv.possibly_affected(db, ecosystem, name, spec)
            ]
        for advisory, status, reason, fixed in hits:
            key = (advisory.id, ecosystem, name, version)
            finding = found.setdefault(
                key,
                Finding(
                    advisory,
                    ecosystem,
                    name,
                    version,
                    status,
                    reason,
                    fixed,
                    set(),
                    set(),
                    False,
                    False,
                    set(),
                ),
            )
            finding.roles.add(role)
            finding.repos.add(repo)
            finding.manifests.add(Entity(repo, manifest, True))
            finding.direct = finding.direct or direct
            finding.runtime = finding.runtime or not dev
    return sorted(
        found.values(),
        key=lambda f: (
            -(f.advisory.score or 0),
            f.status,
            f.advisory.id,
            f.package,
            f.version or "",
        ),
    )


def level_rank(level: str | None) -> int:
    """low 0 … critical 3; an advisory without a severity counts as medium."""
    return LEVELS.index(level) if level in LEVELS else LEVELS.index("medium")


def vulns_result(
    db: osv.Database, con: duckdb.DuckDBPyConnection, repos: Sequence[str]
) -> Result[VulnRow]:
    rows = [
        VulnRow(
            f.advisory.id,
            list(f.advisory.aliases),
            f.advisory.level,
            f.advisory.score,
            f.ecosystem,
            f.package,
            f.version,
            f.status if f.status == "affected" else f"{f.status}: {f.reason}",
            list(f.fixed),
            sorted(f.repos),
            sorted(f.manifests),
            f.advisory.summary,
        )
        for f in findings(db, con, repos)
    ]
    notes = tuple(f"OSV data: {w}" for w in db.warnings)
    return Result.of("vulns", VulnRow, rows, notes)


def vulnerability_risks(con: duckdb.DuckDBPyConnection, path: Path, options: Options) -> list[Risk]:
    return advisory_risks(osv.load(path), con, options.repos)


def advisory_risks(
    db: osv.Database, con: duckdb.DuckDBPyConnection, repos: Sequence[str]
) -> list[Risk]:
    """A risk per advisory affecting (or possibly affecting) a dependency of ``repos``."""
    risks = []
    for f in findings(db, con, repos):
        likelihood = {"critical": 5, "high": 4, "medium": 3, "low": 2}.get(
            f.advisory.level or "", 3
        )
        if f.status != "affected":
            likelihood = max(1, likelihood - 1)
        impact = 1 if f.not_shipped else min(5, (4 if f.runtime else 2) + (1 if f.direct else 0))
        upgrade = (
            f"upgrade {f.package} from {f.version} to {_next_fixed(f)}"
            if f.fixed and f.version
            else f"require a fixed version of {f.package} ({' or later, '.join(f.fixed)} or later)"
            if f.fixed
            else f"replace {f.package} or mitigate: {f.advisory.id} has no fixed version"
        )
        repos = sorted(f.repos)
        risks.append(
            Risk(
                id=risk_id(
                    "vulnerability", f.advisory.id, f.ecosystem, f.package, f.version or "", *repos
                ),
                category="vulnerability",
                title=f"{f.package} {f.version or '(unresolved)'}: {f.advisory.id} "
                f"{f.advisory.summary.replace('`', '')}".strip(),  # markdown code marks
                repo=repos[0] if len(repos) == 1 else None,
                component=None,
                files=tuple(sorted(f.manifests)),
                likelihood=likelihood,
                impact=impact,
                rule="likelihood by severity (critical 5, high 4, medium 3, low 2, unknown 3; "
                "one less when only possibly affected); impact: runtime 4, dev 2, +1 if direct; "
                "1 when only example, test or documentation manifests use it",
                evidence=f"{f.status}: {f.reason}; used in "
                + ", ".join(str(m) for m in sorted(f.manifests))
                + (
                    f" (only {' and '.join(sorted(_WORDS[r] for r in f.roles))} manifests: not "
                    "what the product ships)"
                    if f.not_shipped
                    else ""
                ),
                mitigation=upgrade,
                possible=f.status != "affected",
            )
        )
    return risks


def _next_fixed(f: Finding) -> str:
    """The first fixed version above the one in use (fixes are in version order; with
    several ranges, e.g. 1.26.17 and 2.0.6, version 2.0.1 needs 2.0.6)."""
    assert f.version is not None
    try:
        current = versions.key(f.ecosystem, f.version)
        return next(v for v in f.fixed if versions.key(f.ecosystem, v) > current)
    except (versions.InvalidVersion, StopIteration):
        return f.fixed[-1]


def worst_level(rows: Sequence[VulnRow]) -> int:
    """The highest severity rank among affected rows (-1 when none)."""
    return max((level_rank(r.severity) for r in rows if r.status == "affected"), default=-1)
