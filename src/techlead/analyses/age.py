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

from datetime import UTC, datetime

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql
from techlead.core.dates import parse_date

COLUMNS = ("entity", "age-months")
PARAMS = (Param("now", "", "The date ages are measured to (YYYY-MM-DD; default today)."),)


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    given = str(ANALYSIS.param(options, "now"))
    now = parse_date(given, what="--now") if given else (options.until or datetime.now(UTC))
    table = prepare(con, options)
    entity = entity_sql(con, table)
    rows = con.execute(
        f"""
        SELECT {entity} AS entity,
               datesub('month', max(author_time::DATE), $now::DATE)::INTEGER AS age_months
        FROM {table} WHERE author_time::DATE < $now::DATE
        GROUP BY ALL ORDER BY age_months, entity LIMIT $limit
        """,
        {"now": now, "limit": options.limit},
    ).fetchall()
    return Result("age", COLUMNS, rows)


ANALYSIS = Analysis("age", "Months since each file last changed.", COLUMNS, run, PARAMS)
