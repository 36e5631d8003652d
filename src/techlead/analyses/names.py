"""The names a filter can take (repositories, teams, components), offered as the
dashboard's suggestions and listed in the error for an unknown name."""

from __future__ import annotations

import duckdb

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
