"""Decisions across the workspace and what one decision governs: ``adr list --workspace``
and ``adr impact``.

Reads ``decisions`` (the ADR logs mined at HEAD), and for ``impact`` the files at HEAD
under the paths a decision names, with their revisions, cyclomatic complexity and hotspot
score (as ``hotspots`` defines it) and the knowledge map (main developer, ownership).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import duckdb

from techlead.analyses import knowledge, revisions
from techlead.analyses.base import NoParams
from techlead.core.errors import AnalysisError
from techlead.core.model import Entity, Options, Result
from techlead.core.policy import hotspot_score


class DecisionRow(NamedTuple):
    repo: str
    number: int | None
    title: str
    status: str | None
    date: date | None
    links: list[str]
    path: str


class ImpactRow(NamedTuple):
    entity: Entity
    revisions: int | None
    cyclomatic: int | None
    hotspot_score: int | None
    main_dev: str | None
    ownership: float | None


class RecordRow(NamedTuple):
    repo: str
    path: str
    number: int | None
    title: str
    status: str | None
    date: date | None
    links: list[str]
    text: str | None


def records(con: duckdb.DuckDBPyConnection, repos: Sequence[str] = ()) -> list[RecordRow]:
    """Every decision record with its text, oldest first (undated last)."""
    rows = con.execute(
        "SELECT r.name, d.path, d.number, d.title, d.status, d.date, d.links, d.text "
        "FROM decisions d JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name) "
        "ORDER BY d.date NULLS LAST, r.name, d.number",
        {"repos": list(repos)},
    ).fetchall()
    return [RecordRow(*row) for row in rows]


class RecordDetail(NamedTuple):
    number: int | None
    title: str
    status: str | None
    date: date | None
    format: str
    links: list[str]
    text: str | None
    technologies: list[str]


def record(con: duckdb.DuckDBPyConnection, repo: str, path: str) -> RecordDetail | None:
    """One decision record by its repository and path, or None."""
    found = con.execute(
        "SELECT d.number, d.title, d.status, d.date, d.format, d.links, d.text, d.technologies "
        "FROM decisions d JOIN repos r USING (repo_id) WHERE r.name = $repo AND d.path = $path",
        {"repo": repo, "path": path},
    ).fetchall()
    return RecordDetail(*found[0]) if found else None


def workspace_decisions(
    con: duckdb.DuckDBPyConnection, repos: Sequence[str] = ()
) -> Result[DecisionRow]:
    rows = con.execute(
        "SELECT r.name, d.number, d.title, d.status, d.date, d.links, d.path "
        "FROM decisions d JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name) "
        "ORDER BY r.name, d.number NULLS LAST, d.path",
        {"repos": list(repos)},
    ).fetchall()
    return Result.of("decisions", DecisionRow, [DecisionRow(*row) for row in rows])


def impact(con: duckdb.DuckDBPyConnection, number: int, repo: str | None) -> Result[ImpactRow]:
    found = con.execute(
        "SELECT r.name, d.title, d.status, d.paths, d.technologies FROM decisions d "
        "JOIN repos r USING (repo_id) WHERE d.number = $n AND ($repo IS NULL OR r.name = $repo) "
        "ORDER BY r.name",
        {"n": number, "repo": repo},
    ).fetchall()
    if not found:
        raise AnalysisError(
            f"no ADR number {number} in the warehouse" + (f" for {repo}" if repo else "")
        )
    if len(found) > 1:
        names = ", ".join(row[0] for row in found)
        raise AnalysisError(
            f"ADR {number} exists in several repositories ({names}); choose one with --repo"
        )
    name, title, status, paths, technologies = found[0]
    globs = tuple(p + "**" if p.endswith("/") else p for p in paths)
    notes = [f"ADR {number} of {name}: {title} ({status or 'no status'})"]
    if technologies:
        notes.append("technologies named: " + ", ".join(technologies))
    if not globs:
        notes.append("it names no file or folder that exists at HEAD")
        return Result.of("adr-impact", ImpactRow, [], notes)
    options = Options(repos=(name,), paths=globs)
    changes = {r.entity: r.n_revs for r in revisions.run(con, options, NoParams()).rows}
    complexity = dict(
        con.execute(
            "SELECT f.path, f.cyclomatic_total FROM files f JOIN repos r USING (repo_id) "
            "WHERE r.name = ?",
            [name],
        ).fetchall()
    )
    map_params = knowledge.KnowledgeParams(view="map", code_only=False)
    owners = {row.entity: row for row in knowledge.file_map(con, options, map_params).rows}
    rows = []
    for item in sorted(set(changes) | set(owners), key=str):
        owner, revs, cyclomatic = owners.get(item), changes.get(item), complexity.get(item.path)
        rows.append(ImpactRow(item, revs, cyclomatic, _score(revs, cyclomatic),
                              owner.main_dev if owner else None,
                              owner.ownership if owner else None))  # fmt: skip
    rows.sort(key=lambda r: (-(r.hotspot_score or 0), str(r.entity)))
    return Result.of("adr-impact", ImpactRow, rows, notes)


def _score(revisions: int | None, cyclomatic: int | None) -> int | None:
    """The hotspot score as ``hotspots`` defines it: revisions × cyclomatic, when above 0."""
    if revisions is None or cyclomatic is None:
        return None
    return int(hotspot_score(revisions, cyclomatic)) or None
