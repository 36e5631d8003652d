"""Custom metrics: ``[metrics.NAME] sql = "..."`` in techlead.toml, one read-only SELECT
(checked when techlead.toml is read: core.readonly_sql).

The SQL runs in a database of its own that can neither read nor write files, holding a
copy of the warehouse tables it names, and gets the scope as parameters: ``$repos`` (the
names of the scope's repositories: every repository for the workspace, a team's for a
team), ``$component`` (the component's name, NULL for other scopes; a metric whose SQL
uses it is measured per component too) and ``$moment`` (the instant measured, a
TIMESTAMPTZ). It must return one number (one row, one column; NULL is no value). Scans
record custom metrics; they read the current warehouse, so they are not back-computed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

import duckdb

from techlead.core.config import CustomMetric
from techlead.core.errors import ConfigError
from techlead.core.model import Options
from techlead.core.readonly_sql import parameters, sandbox, tables
from techlead.direction.metric import ALL, NOT_COMPONENT, Metric

TIMEOUT_SECONDS = 60.0  # a custom metric that runs longer is stopped


@lru_cache(maxsize=64)  # parsing the SQL again for every date of a history is waste
def as_metric(custom: CustomMetric) -> Metric:
    """The catalogue entry of a custom metric."""
    used = parameters(custom.sql)

    def measure(con: duckdb.DuckDBPyConnection, options: Options, when: datetime) -> float | None:
        return run(con, custom, options, when, used)

    scopes = ALL if "component" in used else NOT_COMPONENT
    return Metric(custom.name, custom.definition, custom.unit, custom.better, scopes, measure,
                  back_computed=False)  # fmt: skip


def run(con: duckdb.DuckDBPyConnection, custom: CustomMetric, options: Options,
        when: datetime, used: set[str]) -> float | None:  # fmt: skip
    """The metric's value for the scope ``options`` selects."""
    given = {
        "repos": list(options.repos) or _names(con, "SELECT name FROM repos ORDER BY name"),
        "component": options.components[0] if options.components else None,
        "moment": when,
    }
    with _sandbox(con, tables(custom.sql)) as box:
        try:
            found = box.execute(custom.sql, {k: v for k, v in given.items() if k in used})
            rows = found.fetchmany(2)
            width = len(found.description or ())
        except duckdb.Error as exc:
            raise _fail(custom, _first_line(exc)) from None
    if len(rows) != 1 or width != 1:
        shape = ("no row" if not rows else "several rows" if len(rows) > 1
                 else f"{width} columns")  # fmt: skip
        raise _fail(custom, f"must return one number (one row, one column); it returned {shape}")
    return _number(custom, rows[0][0])


@contextmanager
def _sandbox(
    con: duckdb.DuckDBPyConnection, names: set[str]
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A database without file access holding the warehouse tables among ``names`` (the
    others are the SQL's own CTE names, or unknown, which DuckDB then says)."""
    box = sandbox()
    known = set(_names(con, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                            "UNION SELECT view_name FROM duckdb_views() "
                            "WHERE schema_name = 'main' AND NOT internal"))  # fmt: skip
    timer = threading.Timer(TIMEOUT_SECONDS, box.interrupt)
    try:
        for name in sorted(known & names):
            box.register(name, con.sql(f'SELECT * FROM main."{name}"').to_arrow_table())
        timer.start()
        yield box
    finally:
        timer.cancel()
        box.close()


def _number(custom: CustomMetric, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _fail(custom, f"must return a number, not {type(value).__name__}")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise _fail(custom, f"must return a finite number, not {number}")
    return number


def _names(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [str(name) for (name,) in con.execute(sql).fetchall()]


def _fail(custom: CustomMetric, problem: str) -> ConfigError:
    return ConfigError(f"{custom.where}: metric {custom.name}: {problem}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
