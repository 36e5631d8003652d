"""fragmentation: how evenly each file's revisions are spread over its authors.

Measures: the fractal value of a file, 0 when one author made every change and towards 1
when many authors each made a little: a sharper signal than the number of authors.
Reads: the filtered change history.
Returns: entity, fractal-value, total-revs, sorted by fractal-value then total-revs,
descending (then entity).
Formula: fractal-value(f) = 1 − Σₐ (revs(f, a) / revs(f))², rounded to two significant
digits.
Source: code-maat's ``fragmentation``; D'Ambros, Lanza and Gall, "Fractal Figures:
Visualizing Development Effort for CVS Entities" (VISSOFT 2005).
"""

from __future__ import annotations

from fractions import Fraction

import duckdb

from techlead.analyses.base import Analysis, Options, Result
from techlead.analyses.changes import prepare
from techlead.analyses.effort import effort_rows
from techlead.analyses.precision import centi

COLUMNS = ("entity", "fractal-value", "total-revs")


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    grouped = con.execute(
        f"SELECT entity, list(author_revs), any_value(total_revs) "
        f"FROM ({effort_rows(con, table)}) GROUP BY entity"
    ).fetchall()
    rows = [
        (entity, centi(1 - sum(Fraction(r, total) ** 2 for r in revs)), total)
        for entity, revs, total in grouped
    ]
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return Result("fragmentation", COLUMNS, rows[: options.limit])


ANALYSIS = Analysis(
    "fragmentation", "Fractal value: how scattered each file's authorship is.", COLUMNS, run
)
