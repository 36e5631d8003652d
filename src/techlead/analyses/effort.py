"""effort: how many revisions each author made to each file.

Measures: each author's share of the revisions of a file: whom to ask about it.
Reads: the filtered change history.
Returns: entity, author, author-revs, total-revs, sorted by entity then author.
Formula: author-revs(f, a) = changes of f by a; total-revs(f) = changes of f.
Source: code-maat's ``entity-effort``, after D'Ambros, Gall, Lanza and Pinzger.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result


class EffortRow(NamedTuple):
    entity: Entity
    author: str
    author_revs: int
    total_revs: int


EFFORT_SQL = """
SELECT repo, path, {label} AS entity, author_id, any_value(author) AS author,
       count(DISTINCT sha) AS author_revs,
       sum(count(DISTINCT sha)) OVER (PARTITION BY repo, path)::BIGINT AS total_revs,
       sum(coalesce(added, 0))::BIGINT AS added, sum(coalesce(deleted, 0))::BIGINT AS deleted
FROM {table} GROUP BY repo, path, author_id
"""


def effort_rows(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, bool]:
    """SQL for one row per (file, author) with revisions and lines, shared by the
    ownership, fragmentation and communication analyses; and whether it spans several
    repositories."""
    several = spans_repos(con, table)
    return EFFORT_SQL.format(label=label_sql(several), table=table), several


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[EffortRow]:
    table = prepare(con, options)
    sql, several = effort_rows(con, table)
    rows = con.execute(
        f"SELECT repo, path, author, author_revs, total_revs FROM ({sql}) "
        "ORDER BY entity, author LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of(
        "effort", EffortRow, [EffortRow(named(r, p, several), *rest) for r, p, *rest in rows]
    )


ANALYSIS = Analysis("effort", "Revisions per author per file.", EffortRow, NoParams, run)
