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
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.effort import effort_rows
from techlead.analyses.entity import named
from techlead.analyses.precision import centi
from techlead.core.model import Entity, Options, Result


class FragmentationRow(NamedTuple):
    entity: Entity
    fractal_value: float
    total_revs: int


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: NoParams
) -> Result[FragmentationRow]:
    table = prepare(con, options)
    sql, several = effort_rows(con, table)
    grouped = con.execute(
        f"SELECT repo, path, any_value(entity), list(author_revs), any_value(total_revs) "
        f"FROM ({sql}) GROUP BY repo, path"
    ).fetchall()
    scored = [
        (label, FragmentationRow(named(repo, path, several),
                                 centi(1 - sum(Fraction(r, total) ** 2 for r in revs)), total))
        for repo, path, label, revs, total in grouped
    ]  # fmt: skip
    scored.sort(key=lambda s: (-s[1].fractal_value, -s[1].total_revs, s[0]))
    rows = [row for _, row in scored][: options.limit]
    return Result.of("fragmentation", FragmentationRow, rows)


ANALYSIS = Analysis(
    "fragmentation",
    "Fractal value: how scattered each file's authorship is.",
    FragmentationRow,
    NoParams,
    run,
)
