"""Read-only SQL from users, run against the warehouse."""

from __future__ import annotations

from typing import Any

import duckdb

from techlead.core.errors import QueryError
from techlead.core.model import Result


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> Result[Any]:
    """Run one statement; the connection is read-only, so writes fail with a clear error."""
    if not sql.strip():
        raise QueryError("no SQL given: pass one statement, e.g. techlead sql 'SELECT 1'")
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = cursor.fetchall() if columns else []
    except duckdb.InvalidInputException as exc:  # a write on the read-only connection
        raise QueryError(f"the warehouse is read-only here: {_first(exc)}") from None
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {_first(exc)}") from None
    return Result("sql", columns, [tuple(row) for row in rows])


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
