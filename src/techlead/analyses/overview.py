"""What the warehouse holds, per repository: the summary printed after a scan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import duckdb

from techlead.core.model import Result
from techlead.core.policy import counted_sql

_OVERVIEW = f"""
WITH langs AS (
    SELECT repo_id, language, sum(code) AS code,
           sum(code) / nullif(sum(sum(code)) OVER (PARTITION BY repo_id), 0) AS share
    FROM files
    WHERE language IS NOT NULL AND code > 0 AND {counted_sql()}
    GROUP BY repo_id, language
),
top_langs AS (
    SELECT repo_id,
           list(language || ' ' || round(share * 100)::INTEGER || '%'
                ORDER BY code DESC, language) FILTER (WHERE rank <= 3) AS languages
    FROM (SELECT *, row_number() OVER (PARTITION BY repo_id ORDER BY code DESC, language) AS rank
          FROM langs)
    GROUP BY repo_id
),
ppl AS (
    SELECT repo_id, count(*) FILTER (WHERE NOT is_bot AND commits + co_authored > 0) AS people,
           count(*) FILTER (WHERE is_bot AND commits + co_authored > 0) AS bots
    FROM people GROUP BY repo_id
),
fls AS (
    SELECT repo_id, count(*) AS files, sum(code) FILTER (WHERE {counted_sql()}) AS code
    FROM files GROUP BY repo_id
)
SELECT r.name, r.commits, coalesce(p.people, 0), coalesce(p.bots, 0), coalesce(f.files, 0),
       coalesce(f.code, 0), r.first_commit_at::DATE, r.last_commit_at::DATE,
       coalesce(array_to_string(t.languages, ', '), '')
FROM repos r
LEFT JOIN ppl p USING (repo_id)
LEFT JOIN fls f USING (repo_id)
LEFT JOIN top_langs t USING (repo_id)
WHERE len($names) = 0 OR list_contains($names, r.name)
ORDER BY r.name
"""


class RepoSummary(NamedTuple):
    repo: str
    commits: int
    people: int  # not bots, authors or co-authors in this repository
    bots: int
    files: int
    lines_of_code: int  # in the files analyses count (not vendored, generated, excluded)
    first_commit: date | None
    last_commit: date | None
    top_languages: str


# The scan's JSON keys are these names as they are (``lines_of_code``), as they always were.
COLUMNS = RepoSummary._fields


def overview(con: duckdb.DuckDBPyConnection, names: Sequence[str] = ()) -> Result[RepoSummary]:
    rows = con.execute(_OVERVIEW, {"names": list(names)}).fetchall()
    return Result("overview", COLUMNS, [RepoSummary(*row) for row in rows])
