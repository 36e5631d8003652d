"""authors: how many people changed each file.

Measures: the number of distinct authors of each file; many authors on one file is a
known predictor of defects and a coordination cost.
Reads: the filtered change history.
Returns: entity, n-authors, n-revs, sorted by n-authors then n-revs, descending.
Formula: n-authors(f) = |{author(c) : c changes f}|; n-revs(f) = number of commits changing f.
Source: code-maat's ``authors`` analysis, same columns.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

COLUMNS = ("entity", "n-authors", "n-revs")


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    entity = entity_sql(con, table)
    rows = con.execute(
        f"SELECT {entity} AS entity, count(DISTINCT author_id) AS n_authors, "
        f"count(DISTINCT sha) AS n_revs FROM {table} "
        "GROUP BY ALL ORDER BY n_authors DESC, n_revs DESC, entity LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result("authors", COLUMNS, rows)


ANALYSIS = Analysis("authors", "Number of distinct authors per file.", COLUMNS, run)
