"""Bulk inserts of Arrow tables into warehouse tables."""

from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa

_names = itertools.count()


def insert_arrow(
    con: duckdb.DuckDBPyConnection,
    table: str,
    data: pa.Table,
    select: str = "*",
    params: dict[str, object] | None = None,
) -> None:
    """INSERT INTO table BY NAME SELECT <select> FROM the Arrow data, in one statement.

    ``select`` may add computed columns (e.g. path classification) evaluated by DuckDB.
    ``table`` and ``select`` are trusted constants from the code, never user input.
    """
    if data.num_rows == 0:
        return
    name = f"_arrow_batch_{next(_names)}"
    con.register(name, data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM {name}", params or {})
    finally:
        con.unregister(name)
