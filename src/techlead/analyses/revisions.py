"""revisions: how often each file changed.

Measures: the number of revisions (commits) of each file, the first signal of a hotspot.
Reads: the filtered change history (techlead.analyses.changes).
Returns: entity, n-revs, sorted by n-revs descending (then entity).
Formula: n-revs(f) = number of changes of f (one per commit touching f).
Source: code-maat's ``revisions`` analysis (Tornhill), same columns.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result


class RevisionsRow(NamedTuple):
    entity: Entity
    n_revs: int


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[RevisionsRow]:
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"SELECT repo, path, count(DISTINCT sha) AS n_revs FROM {table} "
        f"GROUP BY repo, path ORDER BY n_revs DESC, {label_sql(several)} LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of(
        "revisions", RevisionsRow, [RevisionsRow(named(r, p, several), n) for r, p, n in rows]
    )


ANALYSIS = Analysis(
    "revisions", "Number of revisions (commits) per file.", RevisionsRow, NoParams, run
)
