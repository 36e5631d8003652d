"""Read-only SQL from users, run against the warehouse: exactly one statement that reads
(a query, EXPLAIN, or a PRAGMA), classified by DuckDB's own parser before it runs."""

from __future__ import annotations

from typing import Any

import duckdb

from techlead.core.errors import QueryError
from techlead.core.model import Result

_READING = (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN,
            duckdb.StatementType.PRAGMA)  # fmt: skip


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> Result[Any]:
    """Run one reading statement; anything else is refused before it runs."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {_first(exc)}") from None
    if not statements:
        raise QueryError("no SQL given: pass one statement, e.g. techlead sql 'SELECT 1'")
    if len(statements) > 1:
        raise QueryError(f"one statement at a time ({len(statements)} given)")
    kind = statements[0].type
    if kind not in _READING:
        raise QueryError(
            f"the warehouse is read-only here: {kind.name} statements are refused "
            "(queries, EXPLAIN and PRAGMA run)"
        )
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {_first(exc)}") from None
    return Result("sql", columns, [tuple(row) for row in rows])


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
