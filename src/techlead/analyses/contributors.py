"""contributors: who changes each component, how often, and how recently.

Measures, per component (its configured name, else its top-level folder; ``repo:name``
across repositories) and author, in the filtered change history (renames followed, bots
and generated files left out): the commits that changed the component and the last one.
Used to find who could learn a component and who works on it now.
Reads: the filtered change history.
Returns: component, author, commits, last-commit; sorted by component, commits
descending, then author.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.core.model import Entity, Options, Result


class ContributorRow(NamedTuple):
    component: Entity
    author: str
    commits: int
    last_commit: datetime


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: NoParams
) -> Result[ContributorRow]:
    table = prepare(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        f"SELECT repo, component, any_value(author), count(DISTINCT sha) AS commits, "
        f"max(author_time) FROM {table} GROUP BY repo, component, author_id "
        f"ORDER BY any_value({label_sql(several, 'component')}), commits DESC, "
        f"any_value(author) LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("contributors", ContributorRow, [
        ContributorRow(named(r, c, several), *rest) for r, c, *rest in rows])  # fmt: skip


ANALYSIS = Analysis(
    "contributors", "Commits per author and component, and their last commit.",
    ContributorRow, NoParams, run,
)  # fmt: skip
