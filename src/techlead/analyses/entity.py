"""How a file or a component is named in analysis output: an Entity (repository and
path), printed as its path, or ``repo:path`` when the rows span more than one repository
(paths alone could collide). Output is ordered by that printed label, as code-maat
orders by entity name."""

from __future__ import annotations

import duckdb

from techlead.core.model import Entity
from techlead.warehouse.connection import one


def spans_repos(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the rows of ``table`` (a trusted name) come from several repositories."""
    row = one(con, f"SELECT count(DISTINCT repo_id) > 1 FROM {table}")
    return bool(row and row[0])


def label_sql(several: bool, column: str = "path") -> str:
    """SQL for the printed label of ``column`` (path or component), for ordering."""
    return f"repo || ':' || {column}" if several else column


def entity_sql(con: duckdb.DuckDBPyConnection, table: str, column: str = "path") -> str:
    """The printed label of ``column`` of a row of ``table`` (both trusted constants)."""
    return label_sql(spans_repos(con, table), column)


def named(repo: object, path: object, several: bool) -> Entity:
    return Entity(str(repo), str(path), several)
