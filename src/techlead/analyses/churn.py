"""churn: lines added and deleted, by date, by author or by file.

Measures: code churn, a predictor of post-release defects; by date it shows the rhythm
of delivery (spikes before deadlines), by author who changes most, by file where.
Reads: the filtered change history.
Returns, with --by date (code-maat ``abs-churn``): date, added, deleted, commits, sorted by
date; --by author (``author-churn``): author, added, deleted, commits, sorted by author;
--by file (``entity-churn``): entity, added, deleted, commits, sorted by added descending.
Formula: sums of lines added and deleted over the changes in each group; binary changes
count 0 lines; ``commits`` counts changes (rows), as code-maat does.
Source: code-maat's abs-churn, author-churn and entity-churn analyses, same columns.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

PARAMS = (Param("by", "file", "Group by date, author or file."),)

# --by: (column name, value selected, grouping key, order); None = the entity expression.
_GROUPS = {
    "date": ("date", "strftime(author_time, '%Y-%m-%d')", "1", "date"),
    "author": ("author", "any_value(author)", "author_id", "author, added"),
    "file": ("entity", None, "1", "added DESC, entity"),
}


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    by = ANALYSIS.choice(options, "by", tuple(_GROUPS))
    column, expression, group, order = _GROUPS[by]
    table = prepare(con, options)
    key = expression or entity_sql(con, table)
    rows = con.execute(
        f"SELECT {key} AS {column}, sum(coalesce(added, 0))::BIGINT AS added, "
        f"sum(coalesce(deleted, 0))::BIGINT AS deleted, count(*) AS commits "
        f"FROM {table} GROUP BY {group} ORDER BY {order} LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result("churn", (column, "added", "deleted", "commits"), rows)


ANALYSIS = Analysis(
    "churn",
    "Lines added and deleted by date, author or file.",
    ("entity", "added", "deleted", "commits"),
    run,
    PARAMS,
)
