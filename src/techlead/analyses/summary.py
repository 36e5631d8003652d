"""summary: the size of the history under analysis.

Measures: commits, files and authors in the filtered history, to sanity-check the input of
every other analysis.
Reads: the filtered change history.
Returns: statistic, value with the rows number-of-commits (distinct commits with at least
one change), number-of-entities (distinct files), number-of-entities-changed (changes),
number-of-authors (distinct authors).
Source: code-maat's ``summary`` analysis, same rows and columns.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.core.model import Options, Result
from techlead.warehouse.connection import one


class SummaryRow(NamedTuple):
    statistic: str
    value: int


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[SummaryRow]:
    table = prepare(con, options)
    row = one(
        con,
        f"SELECT count(DISTINCT (repo_id, sha)), count(DISTINCT (repo_id, path)), count(*), "
        f"count(DISTINCT author_id) FROM {table}",
    )
    commits, entities, changed, authors = row or (0, 0, 0, 0)
    rows = [
        SummaryRow("number-of-commits", commits),
        SummaryRow("number-of-entities", entities),
        SummaryRow("number-of-entities-changed", changed),
        SummaryRow("number-of-authors", authors),
    ]
    return Result.of("summary", SummaryRow, rows)


ANALYSIS = Analysis(
    "summary", "Commits, files, changes and authors analysed.", SummaryRow, NoParams, run
)
