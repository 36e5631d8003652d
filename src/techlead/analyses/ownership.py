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

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.effort import effort_rows
from techlead.analyses.entity import named
from techlead.analyses.precision import centi
from techlead.core.model import Entity, Options, Result


class OwnershipRow(NamedTuple):
    entity: Entity
    main_dev: str
    added: int
    total_added: int
    ownership: float


@dataclass(frozen=True)
class OwnershipParams(Params):
    by: str = param(
        "lines", "Main developer by lines added or by commits.", choices=("lines", "commits")
    )


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: OwnershipParams
) -> Result[OwnershipRow]:
    metric = {"lines": "added", "commits": "author_revs"}[params.by]
    table = prepare(con, options)
    sql, several = effort_rows(con, table)
    raw = con.execute(
        f"""
        SELECT any_value(repo), any_value(path), arg_max(author, ({metric}, -rank)) AS main_dev,
               max({metric}), sum({metric})::BIGINT
        FROM (SELECT *, row_number() OVER (PARTITION BY repo, path ORDER BY author) AS rank
              FROM ({sql}))
        GROUP BY repo, path ORDER BY any_value(entity) LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    rows = [
        OwnershipRow(named(repo, path, several), dev, own, total,
                     centi(Fraction(own, max(total, 1))))
        for repo, path, dev, own, total in raw
    ]  # fmt: skip
    return Result.of("ownership", OwnershipRow, rows)


ANALYSIS = Analysis(
    "ownership",
    "Main developer of each file and their ownership share.",
    OwnershipRow,
    OwnershipParams,
    run,
)
