"""How a file is named in analysis output: its path, prefixed with ``repo:`` when the
analysis spans more than one repository (paths alone could collide)."""

from __future__ import annotations

import duckdb

from techlead.warehouse.connection import one


def entity_sql(con: duckdb.DuckDBPyConnection, table: str, column: str = "path") -> str:
    """A SQL expression naming the entity (``column``: path or component) of a row of
    ``table`` (both trusted constants), prefixed by the repository when there are several."""
    row = one(con, f"SELECT count(DISTINCT repo_id) FROM {table}")
    return f"repo || ':' || {column}" if row and row[0] > 1 else column
