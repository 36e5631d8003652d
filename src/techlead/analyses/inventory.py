"""The dependency and technology inventory as mined at HEAD: ``deps`` and ``tech``.

Reads ``dependencies`` and ``technologies`` (see docs/schema.md). Not in the analysis
registry: these are snapshots of HEAD with their own filters, not history analyses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import duckdb

from techlead.core.globs import names_regex
from techlead.core.model import Result


class DependencyRow(NamedTuple):
    repo: str
    manifest: str
    ecosystem: str
    name: str
    spec: str | None
    version: str | None
    direct: bool
    dev: bool
    lockfile: str | None
    line: int | None


class TechnologyRow(NamedTuple):
    repo: str
    technology: str
    category: str
    source: str
    evidence: str | None
    evidence_count: int
    share: float | None


_DEPS = """
SELECT r.name, d.manifest, d.ecosystem, d.name, d.spec, d.version, d.direct, d.dev,
       d.lockfile, d.line
FROM dependencies d JOIN repos r USING (repo_id)
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND (len($ecosystems) = 0 OR list_contains($ecosystems, lower(d.ecosystem)))
  AND (CAST($names AS VARCHAR) IS NULL OR regexp_full_match(d.name, $names))
  AND (d.direct OR NOT $direct_only)
  AND (NOT d.dev OR NOT $no_dev)
ORDER BY r.name, d.ecosystem, d.name, d.version NULLS LAST, d.manifest
LIMIT $limit
"""


_TECH = """
SELECT r.name, t.name, t.category, t.source, t.evidence, t.evidence_count, t.share
FROM technologies t JOIN repos r USING (repo_id)
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND (len($categories) = 0 OR list_contains($categories, t.category))
ORDER BY r.name, CASE t.category WHEN 'language' THEN 0 ELSE 1 END, t.category,
         t.share DESC NULLS LAST, t.name
LIMIT $limit
"""


def dependencies(
    con: duckdb.DuckDBPyConnection,
    repos: Sequence[str] = (),
    ecosystems: Sequence[str] = (),
    names: Sequence[str] = (),
    direct_only: bool = False,
    no_dev: bool = False,
    limit: int | None = None,
) -> Result[DependencyRow]:
    """Dependencies at HEAD; ``names`` are name globs (techlead.core.globs.names_regex:
    ``*`` any run of characters, e.g. ``django*``, ``?`` one; case-insensitive),
    ``ecosystems`` OSV names compared case-insensitively."""
    rows = con.execute(
        _DEPS,
        {
            "repos": list(repos),
            "ecosystems": [e.lower() for e in ecosystems],
            "names": names_regex(names) if names else None,
            "direct_only": direct_only,
            "no_dev": no_dev,
            "limit": limit,
        },
    ).fetchall()
    found = [DependencyRow(*row) for row in rows]
    return Result.of("deps", DependencyRow, found, _empty_note(con, found))


def technologies(
    con: duckdb.DuckDBPyConnection,
    repos: Sequence[str] = (),
    categories: Sequence[str] = (),
    limit: int | None = None,
) -> Result[TechnologyRow]:
    rows = con.execute(
        _TECH, {"repos": list(repos), "categories": list(categories), "limit": limit}
    ).fetchall()
    return Result.of("tech", TechnologyRow, [TechnologyRow(*row) for row in rows])


def _empty_note(con: duckdb.DuckDBPyConnection, rows: Sequence[object]) -> tuple[str, ...]:
    if rows:
        return ()
    found = con.execute("SELECT count(*) FROM manifests").fetchall()[0][0]
    if found == 0:
        return ("no manifests or lockfiles were found at HEAD by the last scan",)
    return ("no dependency matches the filters",)
