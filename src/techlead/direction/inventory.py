"""Metrics of what the repositories build with, read from the inventory the last scan
mined at HEAD (``technologies``, ``dependencies``, ``manifests``): the warehouse holds no
past inventory, so scans record them (not back-computed)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from techlead.analyses.portfolio import LOCKFILES, drift, unlocked_manifests
from techlead.core.model import Options
from techlead.decisions.radar_check import HOLD_IN_USE, check
from techlead.direction.settings import osv_data, radar, workspace_metrics
from techlead.risk.vulns import findings

_LOCKABLE = """
SELECT count(*)
FROM manifests m JOIN repos r USING (repo_id), unnest(m.ecosystems) AS e(ecosystem)
WHERE m.kind = 'manifest' AND m.dependencies > 0 AND list_contains($lockable, e.ecosystem)
  AND (len($repos) = 0 OR list_contains($repos, r.name))
"""


def hold_technologies(
    con: duckdb.DuckDBPyConnection, options: Options, _: datetime
) -> float | None:
    path = workspace_metrics(con).radar
    if path is None:
        return None
    found = check(con, radar(path), options.repos).rows
    return float(sum(1 for row in found if row.finding == HOLD_IN_USE))


def vulnerabilities(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    path = workspace_metrics(con).osv
    if path is None:
        return None
    found = findings(osv_data(path), con, options.repos)
    return float(sum(1 for f in found if f.status == "affected"))


def dependency_drift(con: duckdb.DuckDBPyConnection, options: Options, _: datetime) -> float | None:
    return float(len(drift(con, _repos(con, options))))


def lockfile_coverage(
    con: duckdb.DuckDBPyConnection, options: Options, _: datetime
) -> float | None:
    lockable = int(
        con.execute(
            _LOCKABLE, {"lockable": list(LOCKFILES), "repos": list(options.repos)}
        ).fetchall()[0][0]
        or 0
    )
    if not lockable:
        return None
    unlocked = len(unlocked_manifests(con, options.repos))
    return round(100 * (lockable - unlocked) / lockable, 1)


def docstring_coverage(
    con: duckdb.DuckDBPyConnection, options: Options, _: datetime
) -> float | None:
    """Documented / documentable Python definitions of the production files at HEAD."""
    documented, documentable = con.execute(
        "SELECT sum(f.documented), sum(f.documentable) FROM files f JOIN repos r "
        "USING (repo_id) WHERE f.role = 'production' AND "
        "(len($repos) = 0 OR list_contains($repos, r.name))",
        {"repos": list(options.repos)},
    ).fetchall()[0]
    return round(100 * documented / documentable, 1) if documentable else None


def _repos(con: duckdb.DuckDBPyConnection, options: Options) -> list[str]:
    if options.repos:
        return list(options.repos)
    return [str(r) for (r,) in con.execute("SELECT name FROM repos ORDER BY name").fetchall()]
