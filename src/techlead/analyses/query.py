"""Read-only SQL from users, run against the warehouse."""

from __future__ import annotations

from typing import Any

import duckdb

from techlead.core.errors import QueryError
from techlead.core.model import Result


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> Result[Any]:
    """Run one statement; the connection is read-only, so writes fail with a clear error."""
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "read-only" in first.lower() or "read only" in first.lower():
            raise QueryError(f"the warehouse is read-only here: {first}") from None
        raise QueryError(f"SQL error: {first}") from None
    return Result("sql", columns, [tuple(row) for row in rows])
