"""revisions: how often each file changed.

Measures: the number of revisions (commits) of each file, the first signal of a hotspot.
Reads: the filtered change history (techlead.analyses.changes).
Returns: entity, n-revs, sorted by n-revs descending (then entity).
Formula: n-revs(f) = number of changes of f (one per commit touching f).
Source: code-maat's ``revisions`` analysis (Tornhill), same columns.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

COLUMNS = ("entity", "n-revs")


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    entity = entity_sql(con, table)
    rows = con.execute(
        f"SELECT {entity} AS entity, count(DISTINCT sha) AS n_revs FROM {table} "
        "GROUP BY ALL ORDER BY n_revs DESC, entity LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result("revisions", COLUMNS, rows)


ANALYSIS = Analysis("revisions", "Number of revisions (commits) per file.", COLUMNS, run)
