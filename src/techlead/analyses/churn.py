"""churn: lines added and deleted, by date, by author or by file.

Measures: code churn, a predictor of post-release defects; by date it shows the rhythm
of delivery (spikes before deadlines), by author who changes most, by file where.
Reads: the filtered change history.
Returns, with --by date (code-maat ``abs-churn``): date, added, deleted, commits, sorted by
date; --by author (``author-churn``): author, added, deleted, commits, sorted by author;
--by file (``entity-churn``): entity, added, deleted, commits, sorted by added descending.
Formula: sums of lines added and deleted over the changes in each group; binary changes
count 0 lines; ``commits`` counts changes (rows), as code-maat does.
Source: code-maat's abs-churn, author-churn and entity-churn analyses, same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result


class ChurnByDate(NamedTuple):
    date: str
    added: int
    deleted: int
    commits: int


class ChurnByAuthor(NamedTuple):
    author: str
    added: int
    deleted: int
    commits: int


class ChurnByFile(NamedTuple):
    entity: Entity
    added: int
    deleted: int
    commits: int


@dataclass(frozen=True)
class ChurnParams(Params):
    by: str = param("file", "Group by date, author or file.", choices=("date", "author", "file"))


_SUMS = (
    "sum(coalesce(added, 0))::BIGINT AS added, sum(coalesce(deleted, 0))::BIGINT AS deleted, "
    "count(*) AS commits"
)


def by_date(
    con: duckdb.DuckDBPyConnection, options: Options, params: ChurnParams
) -> Result[ChurnByDate]:
    rows = con.execute(
        f"SELECT strftime(author_time, '%Y-%m-%d') AS date, {_SUMS} FROM {prepare(con, options)} "
        "GROUP BY 1 ORDER BY date LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("churn", ChurnByDate, [ChurnByDate(*r) for r in rows])


def by_author(
    con: duckdb.DuckDBPyConnection, options: Options, params: ChurnParams
) -> Result[ChurnByAuthor]:
    rows = con.execute(
        f"SELECT any_value(author) AS author, {_SUMS} FROM {prepare(con, options)} "
        "GROUP BY author_id ORDER BY author, added LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("churn", ChurnByAuthor, [ChurnByAuthor(*r) for r in rows])


def by_file(
    con: duckdb.DuckDBPyConnection, options: Options, params: ChurnParams
) -> Result[ChurnByFile]:
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"SELECT repo, path, {_SUMS} FROM {table} GROUP BY repo, path "
        f"ORDER BY added DESC, {label_sql(several)} LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of(
        "churn", ChurnByFile, [ChurnByFile(named(r, p, several), *rest) for r, p, *rest in rows]
    )


def run(con: duckdb.DuckDBPyConnection, options: Options, params: ChurnParams) -> Result[Any]:
    if params.by == "date":
        return by_date(con, options, params)
    if params.by == "author":
        return by_author(con, options, params)
    return by_file(con, options, params)


ANALYSIS = Analysis(
    "churn", "Lines added and deleted by date, author or file.", ChurnByFile, ChurnParams, run
)
