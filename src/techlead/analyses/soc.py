"""soc: sum of coupling, how much each file changes together with others.

Measures: for each file, the number of other files changed in the same commits, summed
over its commits: a priority list of files that rarely change alone.
Reads: the filtered change history.
Returns: entity, soc, sorted by soc then entity, both descending (as code-maat).
Formula: soc(f) = Σ over commits c that change f and at most --max-changeset-size files
of (|c| − 1), where |c| is the number of files c changes.
Source: code-maat's ``soc`` analysis, same columns and order.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

COLUMNS = ("entity", "soc")
PARAMS = (Param("max-changeset-size", 30, "Leave out commits that change more files."),)


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    entity = entity_sql(con, table)
    rows = con.execute(
        f"""
        WITH sized AS (
            SELECT *, count(*) OVER (PARTITION BY repo_id, sha) AS changeset
            FROM {table}
        )
        SELECT {entity} AS entity, sum(changeset - 1)::BIGINT AS soc
        FROM sized WHERE changeset <= $max_size
        GROUP BY ALL ORDER BY soc DESC, entity DESC LIMIT $limit
        """,
        {"limit": options.limit, "max_size": ANALYSIS.param(options, "max-changeset-size")},
    ).fetchall()
    return Result("soc", COLUMNS, rows)


ANALYSIS = Analysis(
    "soc", "Sum of coupling: how often a file changes with others.", COLUMNS, run, PARAMS
)
