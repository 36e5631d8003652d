"""What a reader must know about the history behind any result: shallow and partial
clones, dormant repositories and clones not fetched lately.

Per repository (``--repo``; all by default), measured to a moment (``--until``, else the
last scan's moment: analyses.moment):

* **newest commit**: the newest commit by a person (not a bot) up to the moment.
* **dormant**: the newest commit is more than the policy's inactive_days before the
  moment. People are measured against their repositories' newest commit
  (analyses.people), so a dormant repository does not make its team "left"; it is said
  once, at the top of the report and the brief.
* **stale clone**: dormant, and the clone last fetched (``FETCH_HEAD``, else its cloning)
  more than inactive_days before the moment: the repository may not be dormant at all,
  only this copy of it.
* **shallow**: a shallow clone's history starts at its boundary commits (``git clone
  --depth``), whose changes are the state the clone starts from, not work by their
  author: analyses leave them out (analyses.changes), so who wrote the code before the
  boundary is unknown.
* **partial**: a partial clone lacking objects: renames are not followed and some
  changes have unknown line counts (counted as 0 lines).

Reads: repos, commits, people, file_changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

import duckdb

from techlead.core.dates import span
from techlead.core.model import Options
from techlead.warehouse.policy import policy_of


class HistoryState(NamedTuple):
    repo: str
    newest_commit: datetime | None  # by a person, up to the moment
    dormant: bool
    fetched_at: datetime | None
    stale_clone: bool
    shallow_since: datetime | None  # the oldest boundary commit of a shallow clone
    commits: int
    missing_objects: int
    unknown_line_counts: int


_SQL = """
SELECT r.name,
       (SELECT max(c.author_time) FROM commits c
        JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
        WHERE c.repo_id = r.repo_id AND NOT p.is_bot AND c.author_time <= $now) AS newest,
       r.fetched_at,
       CASE WHEN r.is_shallow THEN (SELECT min(c.author_time) FROM commits c
                                    WHERE c.repo_id = r.repo_id AND c.is_grafted) END,
       r.commits,
       coalesce(r.missing_objects, 0),
       CASE WHEN r.is_partial THEN (SELECT count(*) FROM file_changes fc
            WHERE fc.repo_id = r.repo_id AND fc.added IS NULL AND NOT fc.is_binary)
            ELSE 0 END
FROM repos r
WHERE len($repos) = 0 OR list_contains($repos, r.name)
ORDER BY r.name
"""


def states(
    con: duckdb.DuckDBPyConnection, repos: tuple[str, ...], now: datetime
) -> list[HistoryState]:
    days = policy_of(con).inactive_days
    window = now - timedelta(days=days)
    found = []
    for name, newest, fetched, shallow, commits, missing, unknown in con.execute(
        _SQL, {"repos": list(repos), "now": now}
    ).fetchall():
        dormant = newest is not None and newest < window
        stale = dormant and fetched is not None and fetched < window
        found.append(HistoryState(name, newest, dormant, fetched, stale, shallow, commits,
                                  missing, unknown))  # fmt: skip
    return found


def caveats(found: list[HistoryState], days: int) -> tuple[str, ...]:
    """The sentences every result built on these repositories carries: what the history
    lacks (shallow, partial) and a copy that may be out of date (stale clone)."""
    said = []
    for s in found:
        if s.shallow_since is not None:
            said.append(
                f"{s.repo}: a shallow clone, its history starts on {s.shallow_since:%Y-%m-%d} "
                f"({s.commits:,} commits); the files of its first commit are the state it "
                "started from, not work by its author, so who wrote the code before then is "
                "unknown (`git fetch --unshallow` and scan again for the whole history)"
            )
        if s.missing_objects:
            said.append(
                f"{s.repo}: a partial clone lacking {s.missing_objects:,} objects; renames "
                f"are not followed and {s.unknown_line_counts:,} changes have unknown line "
                "counts (counted as 0 lines)"
            )
        if s.stale_clone and s.newest_commit is not None and s.fetched_at is not None:
            said.append(
                f"{s.repo}: no commit since {s.newest_commit:%Y-%m-%d}, and this clone was "
                f"last fetched on {s.fetched_at:%Y-%m-%d}, more than {span(days)} ago: newer "
                "work may exist (fetch and scan again)"
            )
    return tuple(said)


def dormancy(found: list[HistoryState], days: int) -> tuple[str, ...]:
    """The dormant repositories, for the top of the report and the brief (a stale clone
    is said among the caveats instead)."""
    return tuple(
        f"{s.repo} is dormant: no commit since {s.newest_commit:%Y-%m-%d}, more than "
        f"{span(days)} ago"
        + (f" (the clone was fetched on {s.fetched_at:%Y-%m-%d})" if s.fetched_at else "")
        for s in found
        if s.dormant and not s.stale_clone and s.newest_commit is not None
    )


def for_options(con: duckdb.DuckDBPyConnection, options: Options, now: datetime) -> tuple[str, ...]:
    """The caveats of a result computed with ``options``."""
    return caveats(states(con, options.repos, now), policy_of(con).inactive_days)
