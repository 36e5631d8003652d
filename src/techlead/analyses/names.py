"""The names a filter can take (repositories, teams, components), offered as the
dashboard's suggestions and listed in the error for an unknown name."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from techlead.core.errors import AnalysisError
from techlead.core.model import Entity, Options

_NAMES = {
    "repo": "SELECT name FROM repos",
    "team": "SELECT team FROM repos UNION SELECT team FROM people",
    "component": "SELECT component FROM files",
}


def choices(con: duckdb.DuckDBPyConnection, most: int = 500) -> dict[str, list[str]]:
    """Up to ``most`` names of each kind, sorted."""
    return {
        kind: [str(v) for (v,) in con.execute(
            f"SELECT DISTINCT * FROM ({sql}) t(v) WHERE v IS NOT NULL ORDER BY 1 LIMIT $most",
            {"most": most},
        ).fetchall()]
        for kind, sql in _NAMES.items()
    }  # fmt: skip


def require(
    con: duckdb.DuckDBPyConnection,
    repos: Sequence[str] = (),
    components: Sequence[str] = (),
    ecosystems: Sequence[str] = (),
    flag: str = "--",
) -> None:
    """Refuse names the warehouse does not hold, listing those it does (an unknown name
    would otherwise give an empty result and exit 0). Ecosystems compare in any case.
    ``flag`` prefixes the option's name in the message (the dashboard's filters have none)."""
    if repos:
        _known(con, "repository", f"{flag}repo", repos, "SELECT name FROM repos")
    if components:
        _known(con, "component", f"{flag}component", components,
               "SELECT DISTINCT component FROM files WHERE component IS NOT NULL"
               + _in_repos(repos))  # fmt: skip
    if ecosystems:
        _known(con, "ecosystem", f"{flag}ecosystem", ecosystems,
               "SELECT DISTINCT ecosystem FROM dependencies", fold=True)  # fmt: skip


def known_names(con: duckdb.DuckDBPyConnection, options: Options) -> None:
    """The repositories and components an analysis is asked about must exist."""
    require(con, options.repos, options.components)


def _in_repos(repos: Sequence[str]) -> str:
    if not repos:
        return ""
    names = ", ".join("'" + r.replace("'", "''") + "'" for r in repos)
    return f" AND repo_id IN (SELECT repo_id FROM repos WHERE name IN ({names}))"


def _known(
    con: duckdb.DuckDBPyConnection,
    what: str,
    option: str,
    asked: Sequence[str],
    sql: str,
    fold: bool = False,
) -> None:
    known = sorted(str(name) for (name,) in con.execute(sql).fetchall())
    same = {n.lower() for n in known} if fold else set(known)
    unknown = [name for name in asked if (name.lower() if fold else name) not in same]
    if not unknown:
        return
    if not known:
        raise AnalysisError(f"{option} {unknown[0]!r}: the warehouse holds no {what} names")
    shown = ", ".join(known[:30]) + (f" and {len(known) - 30} more" if len(known) > 30 else "")
    raise AnalysisError(f"{option} {unknown[0]!r}: no such {what} (known: {shown})")


def qualified_file(con: duckdb.DuckDBPyConnection, text: str) -> Entity | None:
    """``repo:path`` as analyses print a file across repositories, when ``repo`` is a
    repository of the warehouse and ``path`` one of its files at HEAD; else None (a plain
    path, or a path that contains a colon)."""
    repo, sep, path = text.partition(":")
    if not sep or not path:
        return None
    found = con.execute(
        "SELECT 1 FROM files f JOIN repos r USING (repo_id) WHERE r.name = $repo "
        "AND f.path = $path",
        {"repo": repo, "path": path},
    ).fetchall()
    return Entity(repo, path, True) if found else None
