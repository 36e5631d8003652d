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

import duckdb

from techlead.analyses.base import Analysis, Options, Result
from techlead.analyses.changes import prepare
from techlead.warehouse.connection import one

COLUMNS = ("statistic", "value")


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    row = one(
        con,
        f"SELECT count(DISTINCT (repo_id, sha)), count(DISTINCT (repo_id, path)), count(*), "
        f"count(DISTINCT author_id) FROM {table}",
    )
    commits, entities, changed, authors = row or (0, 0, 0, 0)
    rows = [
        ("number-of-commits", commits),
        ("number-of-entities", entities),
        ("number-of-entities-changed", changed),
        ("number-of-authors", authors),
    ]
    return Result("summary", COLUMNS, rows)


ANALYSIS = Analysis("summary", "Commits, files, changes and authors analysed.", COLUMNS, run)
