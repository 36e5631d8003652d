"""Whether a custom metric's SQL (``[metrics.NAME] sql`` in techlead.toml) is one read-only
SELECT, decided by DuckDB's own parser, never by patterns over the text.

Refused: anything but exactly one statement; a statement DuckDB does not classify as a
SELECT (PRAGMA, ATTACH, COPY, INSTALL, LOAD, CREATE, SET, INSERT, CALL, EXPLAIN ...); a
SELECT DuckDB cannot serialise (PIVOT and other rewritten forms); a table function other
than ``range``, ``generate_series`` and ``unnest`` (``read_csv``, ``read_parquet``,
``glob``, ``read_text`` ... read files); a table named by a path or in another database
(``FROM 'x.csv'``, ``FROM other.main.t``); DESCRIBE, SHOW and SUMMARIZE; positional
parameters, and named ones other than PARAMETERS. Metrics also run where files cannot be
read at all (direction.custom), so the check is not the only wall.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import duckdb

PARAMETERS = ("repos", "component", "moment")
_GIVEN = ", ".join(f"${p}" for p in PARAMETERS)
SAFE_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REF_TYPES = frozenset({"BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST",
                        "TABLE_FUNCTION"})  # fmt: skip


def sandbox() -> duckdb.DuckDBPyConnection:
    """An empty in-memory database that can neither read nor write files."""
    con = duckdb.connect(":memory:", config={"threads": 1})
    con.execute("SET TimeZone = 'UTC'")  # before the lock: it may load the ICU extension
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def refusal(sql: str) -> str | None:
    """Why ``sql`` is not one read-only SELECT techlead runs; None when it is."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        return f"does not parse: {_first_line(exc)}"
    if len(statements) != 1:
        return f"must be one SELECT statement, not {len(statements)} statements"
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        return f"must be a SELECT, not {kind.name}"
    tree = _serialized(sql)
    if tree is None or tree.get("error"):
        said = str(tree.get("error_message", "")) if tree else ""
        return f"must be a plain SELECT ({said[:120] or 'DuckDB cannot serialise it'})"
    return next(_problems(tree), None)


def tables(sql: str) -> set[str]:
    """The plain table names ``sql`` reads (with its CTE names: callers keep the names that
    are tables of theirs); ``sql`` is one that ``refusal`` accepted."""
    tree = _serialized(sql) or {}
    return {
        str(node["table_name"]).lower() for node in _nodes(tree) if node.get("type") == "BASE_TABLE"
    }


def parameters(sql: str) -> set[str]:
    """The named parameters ``sql`` uses (``$repos`` → ``repos``)."""
    tree = _serialized(sql) or {}
    return {str(n["identifier"]) for n in _nodes(tree) if n.get("class") == "PARAMETER"}


def _serialized(sql: str) -> dict[str, Any] | None:
    con = sandbox()
    try:
        found = con.execute("SELECT json_serialize_sql($sql)", {"sql": sql}).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    tree = json.loads(found[0][0])
    return tree if isinstance(tree, dict) else None


def _problems(tree: dict[str, Any]) -> Iterator[str]:
    for node in _nodes(tree):
        kind = node.get("type")
        if node.get("class") == "PARAMETER":
            name = str(node.get("identifier", ""))
            if name.isdigit():
                yield f"uses a positional parameter: name it ({_GIVEN})"
            elif name not in PARAMETERS:
                yield f"uses the parameter ${name[:40]}: only {_GIVEN} are given"
        elif _is_table_ref(node) and kind not in _REF_TYPES:
            yield f"must read tables only ({str(kind).replace('_', ' ').lower()} is not allowed)"
        elif kind == "TABLE_FUNCTION":
            name = str((node.get("function") or {}).get("function_name", "?"))
            if name.lower() not in SAFE_TABLE_FUNCTIONS:
                yield f"must not call the table function {name[:40]} (it may read files)"
        elif kind == "BASE_TABLE":
            name = str(node.get("table_name", ""))
            if node.get("catalog_name") or str(node.get("schema_name", "")) not in ("", "main") \
                    or not _PLAIN_NAME.fullmatch(name):  # fmt: skip
                yield f"must read the warehouse's tables only, not {name[:60]!r}"


def _is_table_ref(node: dict[str, Any]) -> bool:
    return "sample" in node and "alias" in node and "class" not in node and "modifiers" not in node


def _nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every object of the serialised tree, depth first (iteratively: trees can be deep)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else type(exc).__name__
