"""Decisions across the workspace and what one decision governs: ``adr list --workspace``
and ``adr impact``.

Reads ``decisions`` (the ADR logs mined at HEAD), and for ``impact`` the files at HEAD
under the paths a decision names, with their revisions, cyclomatic complexity and hotspot
score (as ``hotspots`` defines it) and the knowledge map (main developer, ownership).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from techlead.analyses import knowledge, revisions
from techlead.analyses.base import Options, Result
from techlead.core.errors import TechleadError

LIST_COLUMNS = ("repo", "number", "title", "status", "date", "links", "path")
IMPACT_COLUMNS = (
    "entity",
    "revisions",
    "cyclomatic",
    "hotspot-score",
    "main-dev",
    "ownership",
)


def workspace_decisions(con: duckdb.DuckDBPyConnection, repos: Sequence[str] = ()) -> Result:
    rows = con.execute(
        "SELECT r.name, d.number, d.title, d.status, d.date, d.links, d.path "
        "FROM decisions d JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name) "
        "ORDER BY r.name, d.number NULLS LAST, d.path",
        {"repos": list(repos)},
    ).fetchall()
    return Result("decisions", LIST_COLUMNS, rows)


def impact(con: duckdb.DuckDBPyConnection, number: int, repo: str | None) -> Result:
    found = con.execute(
        "SELECT r.name, d.title, d.status, d.paths, d.technologies FROM decisions d "
        "JOIN repos r USING (repo_id) WHERE d.number = $n AND ($repo IS NULL OR r.name = $repo) "
        "ORDER BY r.name",
        {"n": number, "repo": repo},
    ).fetchall()
    if not found:
        raise TechleadError(
            f"no ADR number {number} in the warehouse" + (f" for {repo}" if repo else "")
        )
    if len(found) > 1:
        names = ", ".join(row[0] for row in found)
        raise TechleadError(
            f"ADR {number} exists in several repositories ({names}); choose one with --repo"
        )
    name, title, status, paths, technologies = found[0]
    globs = tuple(p + "**" if p.endswith("/") else p for p in paths)
    notes = [f"ADR {number} of {name}: {title} ({status or 'no status'})"]
    if technologies:
        notes.append("technologies named: " + ", ".join(technologies))
    if not globs:
        notes.append("it names no file or folder that exists at HEAD")
        return Result("adr-impact", IMPACT_COLUMNS, [], tuple(notes))
    options = Options(repos=(name,), paths=globs)
    changes = dict(revisions.run(con, options).rows)
    complexity = dict(
        con.execute(
            "SELECT f.path, f.cyclomatic_total FROM files f JOIN repos r USING (repo_id) "
            "WHERE r.name = ?",
            [name],
        ).fetchall()
    )
    owners = {row[1]: row for row in knowledge.run(con, options).rows}
    rows = []
    for entity in sorted(set(changes) | set(owners)):
        owner, revs, cyclomatic = owners.get(entity), changes.get(entity), complexity.get(entity)
        rows.append(
            (
                entity,
                revs,
                cyclomatic,
                _score(revs, cyclomatic),
                owner[2] if owner else None,
                owner[3] if owner else None,
            )
        )
    rows.sort(key=lambda r: (-(r[3] or 0), r[0]))
    return Result("adr-impact", IMPACT_COLUMNS, rows, tuple(notes))


def _score(revisions: object, cyclomatic: object) -> int | None:
    """The hotspot score as ``hotspots`` defines it: revisions × cyclomatic, when above 0."""
    if not isinstance(revisions, int) or not isinstance(cyclomatic, int):
        return None
    return revisions * cyclomatic or None
