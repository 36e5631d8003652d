"""log: the commits behind the filtered history, newest first.

Lists each commit of the filtered change history (``--path`` and ``--component`` keep
the commits that changed those files; renames followed, bots and generated files left
out unless asked for), optionally by one author (``--author``, name or e-mail), with
the files it changed there and their paths at the time.
Reads: the filtered change history, commits.
Returns: date (YYYY-MM-DD, author time), repo, commit (12 characters), author, subject,
files (how many of the filtered files it changed), paths (their paths then); sorted by
date descending, then commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.people import known_person
from techlead.core.model import Options, Result


class LogRow(NamedTuple):
    date: str
    repo: str
    commit: str
    author: str
    subject: str
    files: int
    paths: list[str]


@dataclass(frozen=True)
class LogParams(Params):
    author: str = param("", "Only the commits of this person (name or e-mail).")


_SQL = """
SELECT strftime(any_value(t.author_time), '%Y-%m-%d'), t.repo, left(t.sha, 12),
       any_value(t.author), any_value(c.subject), count(*),
       list(DISTINCT t.original_path ORDER BY t.original_path)
FROM {table} t JOIN commits c ON c.repo_id = t.repo_id AND c.sha = t.sha
JOIN persons w ON w.person_id = t.author_id
WHERE $author = '' OR lower(t.author) = lower($author) OR lower(w.email) = lower($author)
GROUP BY t.repo, t.sha
ORDER BY any_value(t.author_time) DESC, t.sha
LIMIT $limit
"""


def run(con: duckdb.DuckDBPyConnection, options: Options, params: LogParams) -> Result[LogRow]:
    if params.author:
        known_person(con, params.author, "--author")
    table = prepare(con, options)
    rows = con.execute(
        _SQL.format(table=table), {"author": params.author, "limit": options.limit}
    ).fetchall()
    return Result.of("log", LogRow, [LogRow(*row) for row in rows])


ANALYSIS = Analysis(
    "log", "The commits of the filtered history, newest first.", LogRow, LogParams, run
)
