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

from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result
from techlead.warehouse.policy import policy_of


class SocRow(NamedTuple):
    entity: Entity
    soc: int


@dataclass(frozen=True)
class SocParams(Params):
    max_changeset_size: int | None = param(
        None, "Leave out commits that change more files.",
        policy="coupling_max_changeset")  # fmt: skip


def run(con: duckdb.DuckDBPyConnection, options: Options, params: SocParams) -> Result[SocRow]:
    max_size = params.max_changeset_size or policy_of(con).coupling_max_changeset
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"""
        WITH sized AS (
            SELECT *, count(*) OVER (PARTITION BY repo_id, sha) AS changeset
            FROM {table}
        )
        SELECT repo, path, sum(changeset - 1)::BIGINT AS soc
        FROM sized WHERE changeset <= $max_size
        GROUP BY repo, path ORDER BY soc DESC, {label_sql(several)} DESC LIMIT $limit
        """,
        {"limit": options.limit, "max_size": max_size},
    ).fetchall()
    return Result.of("soc", SocRow, [SocRow(named(r, p, several), n) for r, p, n in rows])


ANALYSIS = Analysis(
    "soc", "Sum of coupling: how often a file changes with others.", SocRow, SocParams, run
)
