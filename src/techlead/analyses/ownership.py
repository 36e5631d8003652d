"""ownership: the main developer of each file and their share.

Measures: who owns a file, by lines added (default) or by revisions (--by commits).
Reads: the filtered change history.
Returns: entity, main-dev, added, total-added, ownership, sorted by entity. With --by
commits, ``added`` and ``total-added`` count revisions (code-maat's column names).
Formula: main-dev(f) = the author with the most lines added to f (or revisions);
ownership = their lines / max(all lines added to f, 1) (or revisions / revisions),
rounded to two significant digits. Ties go to the author whose name sorts first.
Source: code-maat's ``main-dev`` and ``main-dev-by-revs`` analyses, same columns.
"""

from __future__ import annotations

from fractions import Fraction

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.effort import effort_rows
from techlead.analyses.precision import centi

COLUMNS = ("entity", "main-dev", "added", "total-added", "ownership")
PARAMS = (Param("by", "lines", "Main developer by lines added or by commits."),)


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    by = ANALYSIS.choice(options, "by", ("lines", "commits"))
    metric = {"lines": "added", "commits": "author_revs"}[by]
    table = prepare(con, options)
    raw = con.execute(
        f"""
        SELECT entity, arg_max(author, ({metric}, -rank)) AS main_dev, max({metric}),
               sum({metric})::BIGINT
        FROM (SELECT *, row_number() OVER (PARTITION BY entity ORDER BY author) AS rank
              FROM ({effort_rows(con, table)}))
        GROUP BY entity ORDER BY entity LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    rows = [
        (entity, dev, own, total, centi(Fraction(own, max(total, 1))))
        for entity, dev, own, total in raw
    ]
    return Result("ownership", COLUMNS, rows)


ANALYSIS = Analysis(
    "ownership", "Main developer of each file and their ownership share.", COLUMNS, run, PARAMS
)
