"""effort: how many revisions each author made to each file.

Measures: each author's share of the revisions of a file: whom to ask about it.
Reads: the filtered change history.
Returns: entity, author, author-revs, total-revs, sorted by entity then author.
Formula: author-revs(f, a) = changes of f by a; total-revs(f) = changes of f.
Source: code-maat's ``entity-effort``, after D'Ambros, Gall, Lanza and Pinzger.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

COLUMNS = ("entity", "author", "author-revs", "total-revs")

EFFORT_SQL = """
SELECT {entity} AS entity, author_id, any_value(author) AS author,
       count(DISTINCT sha) AS author_revs,
       sum(count(DISTINCT sha)) OVER (PARTITION BY {entity})::BIGINT AS total_revs,
       sum(coalesce(added, 0))::BIGINT AS added, sum(coalesce(deleted, 0))::BIGINT AS deleted
FROM {table} GROUP BY {entity}, author_id
"""


def effort_rows(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SQL for one row per (file, author) with revisions and lines: shared by the
    ownership, fragmentation and communication analyses."""
    return EFFORT_SQL.format(entity=entity_sql(con, table), table=table)


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    rows = con.execute(
        f"SELECT entity, author, author_revs, total_revs FROM ({effort_rows(con, table)}) "
        "ORDER BY entity, author LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result("effort", COLUMNS, rows)


ANALYSIS = Analysis("effort", "Revisions per author per file.", COLUMNS, run)
