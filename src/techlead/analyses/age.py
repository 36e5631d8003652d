"""age: months since each file last changed.

Measures: code age, after Dan North's short software half-life: code should be either
fresh in mind or old and stable; the middle ground is where surprises live.
Reads: the filtered change history (changes before --now).
Returns: entity, age-months, sorted by age-months ascending (then entity).
Formula: age-months(f) = whole calendar months from the date of f's latest change to
--now (default: --until, else today), counting only changes dated before --now.
Source: code-maat's ``age`` analysis (``--age-time-now``), same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.analyses.moment import moment
from techlead.core.model import Entity, Options, Result


class AgeRow(NamedTuple):
    entity: Entity
    age_months: int


@dataclass(frozen=True)
class AgeParams(Params):
    now: datetime | None = param(
        None, "The date ages are measured to (default --until, else the last scan's)."
    )


def run(con: duckdb.DuckDBPyConnection, options: Options, params: AgeParams) -> Result[AgeRow]:
    now = params.now or options.until or moment(con)
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"""
        SELECT repo, path,
               datesub('month', max(author_time::DATE), $now::DATE)::INTEGER AS age_months
        FROM {table} WHERE author_time::DATE < $now::DATE
        GROUP BY repo, path ORDER BY age_months, {label_sql(several)} LIMIT $limit
        """,
        {"now": now, "limit": options.limit},
    ).fetchall()
    return Result.of("age", AgeRow, [AgeRow(named(r, p, several), m) for r, p, m in rows])


ANALYSIS = Analysis("age", "Months since each file last changed.", AgeRow, AgeParams, run)
