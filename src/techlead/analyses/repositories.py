"""repositories: what the warehouse holds per repository, and how active it was.

Measures, per repository (``--repo``; all by default): its team, the commits authored in
the period (``--since``/``--until``; merges and commits by bots counted apart), the
distinct people (not bots) who authored them, its files and lines of code at HEAD
(vendored, generated and excluded files left out of the lines), its first and last
commit in the period, whether it is dormant (no commit by a person in the policy's
inactive_days before ``--until``, else the last scan's moment), when the clone was last
fetched, and what its history lacks (``shallow``, ``partial``; ``full`` otherwise):
analyses.caveats defines each.
Reads: repos, commits, people, files.
Returns: repo, team, commits, merges, bot-commits, authors, files, lines-of-code,
first-commit, last-commit, dormant, fetched, history; sorted by repo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses import as_of, as_of_files, caveats
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.moment import moment
from techlead.core.model import Options, Result
from techlead.core.policy import counted_sql


class RepositoryRow(NamedTuple):
    repo: str
    team: str | None
    commits: int
    merges: int
    bot_commits: int
    authors: int
    files: int
    lines_of_code: int
    first_commit: datetime | None
    last_commit: datetime | None
    dormant: bool
    fetched: datetime | None  # the clone's last fetch (None: no remote, or never)
    history: str  # full | shallow | partial | shallow, partial


@dataclass(frozen=True)
class RepositoriesParams(Params):
    now: datetime | None = param(
        None, "The date dormancy is measured to (default --until, else the last scan's)."
    )


_SQL = f"""
SELECT r.name, r.team, count(c.sha) AS commits, count(c.sha) FILTER (c.is_merge) AS merges,
       count(c.sha) FILTER (p.is_bot) AS by_bots,
       count(DISTINCT c.author_id) FILTER (NOT p.is_bot) AS authors,
       (SELECT count(*) FROM {{tree}} f WHERE f.repo_id = r.repo_id) AS files,
       (SELECT coalesce(sum(f.code), 0) FROM {{tree}} f WHERE f.repo_id = r.repo_id
          AND {counted_sql("f")})::BIGINT AS code,
       min(c.author_time), max(c.author_time)
FROM repos r
LEFT JOIN commits c ON c.repo_id = r.repo_id
     AND ($since IS NULL OR c.author_time >= $since)
     AND ($until IS NULL OR (c.repo_id, c.sha) IN (SELECT (repo_id, sha) FROM as_of_commits))
LEFT JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
WHERE len($repos) = 0 OR list_contains($repos, r.name)
GROUP BY r.repo_id, r.name, r.team ORDER BY r.name
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: RepositoriesParams
) -> Result[RepositoryRow]:
    as_of.build_commits(con, options.until)
    # As of --until, the files and lines of code of each repository's snapshot tree.
    tree = (as_of_files.files_table(con, options.until, options.repos, True, complexity=False)[0]
            if options.until else "files")  # fmt: skip
    rows = con.execute(
        _SQL.format(tree=tree),
        {"repos": list(options.repos), "since": options.since, "until": options.until,
         "limit": options.limit},
    ).fetchall()  # fmt: skip
    now = params.now or options.until or moment(con)
    state = {s.repo: s for s in caveats.states(con, options.repos, now)}
    found = []
    for name, *counts in rows:
        here = state[name]
        found.append(RepositoryRow._make((name, *counts, here.dormant, here.fetched_at,
                                          _history(here))))  # fmt: skip
    return Result.of("repositories", RepositoryRow, found)


_COMMITS = """
SELECT count(*) FROM commits c JOIN repos r USING (repo_id)
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND ($since IS NULL OR c.author_time >= $since)
  AND ($until IS NULL OR (c.repo_id, c.sha) IN (SELECT (repo_id, sha) FROM as_of_commits))
"""


def commits(con: duckdb.DuckDBPyConnection, options: Options) -> int:
    """The commits :func:`run` counts for ``options`` (its rows' ``commits`` summed),
    without reading each snapshot's files (the ``commits`` metric of every date of a
    history: reading the trees took a third of a 1,000-repository report)."""
    as_of.build_commits(con, options.until)
    params = {"repos": list(options.repos), "since": options.since, "until": options.until}
    return int(con.execute(_COMMITS, params).fetchall()[0][0])


def _history(state: caveats.HistoryState) -> str:
    lacks = [
        word
        for word, lacking in (
            ("shallow", state.shallow_since is not None),
            ("partial", state.missing_objects > 0),
        )
        if lacking
    ]
    return ", ".join(lacks) or "full"


ANALYSIS = Analysis(
    "repositories",
    "Per repository: team, commits, authors, files and lines of code.",
    RepositoryRow,
    RepositoriesParams,
    run,
)


def names(
    con: duckdb.DuckDBPyConnection, repos: tuple[str, ...] = ()
) -> list[tuple[str, str | None]]:
    """(name, team) of the repositories (all, or those named), by name: what every page
    needs to know its scope, without counting anything."""
    rows = con.execute(
        "SELECT name, team FROM repos WHERE len($repos) = 0 OR list_contains($repos, name) "
        "ORDER BY name",
        {"repos": list(repos)},
    ).fetchall()
    return [(str(name), team) for name, team in rows]
