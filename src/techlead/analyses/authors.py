"""authors: how many people changed each file.

Measures: the number of distinct authors of each file; many authors on one file is a
known predictor of defects and a coordination cost.
Reads: the filtered change history.
Returns: entity, n-authors, n-revs, sorted by n-authors then n-revs, descending.
Formula: n-authors(f) = |{author(c) : c changes f}|; n-revs(f) = number of commits changing f.
Source: code-maat's ``authors`` analysis, same columns.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result


class AuthorsRow(NamedTuple):
    entity: Entity
    n_authors: int
    n_revs: int


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[AuthorsRow]:
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"SELECT repo, path, count(DISTINCT author_id) AS n_authors, "
        f"count(DISTINCT sha) AS n_revs FROM {table} GROUP BY repo, path "
        f"ORDER BY n_authors DESC, n_revs DESC, {label_sql(several)} LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of(
        "authors", AuthorsRow, [AuthorsRow(named(r, p, several), a, n) for r, p, a, n in rows]
    )


ANALYSIS = Analysis("authors", "Number of distinct authors per file.", AuthorsRow, NoParams, run)
