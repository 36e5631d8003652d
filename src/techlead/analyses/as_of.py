"""``--until DATE``: the repository as it was, not today's repository cut at a date.

The snapshot of a repository as of DATE is the newest commit of HEAD's main line (its
first-parent chain) whose commit time is before DATE. Then:

* **history** = the snapshot's ancestors: the commits that had landed on the main line
  by then (``landings.landed <= position``, mining.mainline). Work authored before DATE
  but merged after it is not counted; work merged before DATE is, whenever authored.
* **files** = the snapshot's tree (``tree_spans``): a file deleted on the main line does
  not come back because a branch edited it, and ``--code-only`` takes the languages of
  the paths of that tree, not today's.
* **measures** (lines, complexity) of the snapshot's files: HEAD's when the blob is the
  same, else read from the repository and measured as a scan would (mining.as_of). When
  the repository is no longer where it was scanned, the files without a measure say so.
  The files' table is analyses.as_of_files'; this module selects the commits.

A repository without a main line in the warehouse (scanned by a techlead before schema 9,
not scanned since) falls back on its commits authored before DATE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import duckdb

from techlead.analyses.as_of_known import BEST

COMMITS = "as_of_commits"  # (repo_id, sha): the history as of --until


class Snapshot(NamedTuple):
    repo_id: int
    repo: str
    path: str  # where the repository was scanned
    position: int
    sha: str
    committed: datetime


_SNAPSHOTS = """
SELECT l.repo_id, r.name, r.path, l.position, l.sha, c.commit_time
FROM landings l JOIN commits c USING (repo_id, sha) JOIN repos r USING (repo_id)
WHERE l.position IS NOT NULL AND c.commit_time < $until
  AND (len($repos) = 0 OR list_contains($repos, r.name))
QUALIFY row_number() OVER (PARTITION BY l.repo_id ORDER BY l.position DESC) = 1
ORDER BY r.name
"""

_COMMITS = f"""
CREATE OR REPLACE TEMP TABLE {COMMITS} AS
WITH snap AS ({_SNAPSHOTS.replace("ORDER BY r.name", "")})
SELECT l.repo_id, l.sha FROM landings l JOIN snap s ON s.repo_id = l.repo_id
WHERE l.landed <= s.position
UNION ALL
SELECT c.repo_id, c.sha FROM commits c
WHERE c.author_time < $until AND c.repo_id NOT IN (SELECT DISTINCT repo_id FROM landings)
"""


def snapshots(
    con: duckdb.DuckDBPyConnection, until: datetime, repos: tuple[str, ...] = ()
) -> list[Snapshot]:
    memo = _STEADY.get(id(con))
    key = ("snapshots", until, tuple(repos))
    if memo is not None and key in memo:
        kept: list[Snapshot] = memo[key]  # type: ignore[assignment]
        return list(kept)
    rows = con.execute(_SNAPSHOTS, {"until": until, "repos": list(repos)}).fetchall()
    found = [Snapshot(*row) for row in rows]
    if memo is not None:
        memo[key] = found
    return found


_STEADY: dict[int, dict[object, object]] = {}  # connections inside steady(): what they keep


def steady_memo(con: duckdb.DuckDBPyConnection) -> dict[object, object] | None:
    """What :func:`steady` keeps for ``con`` while inside it; None outside."""
    return _STEADY.get(id(con))


@contextmanager
def steady(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within, nothing changes the warehouse under ``con`` (the caller's promise: a
    metric's history computing its dates): the snapshots of a date and the files' flags
    are looked up once, not once per analysis and date."""
    _STEADY[id(con)] = {}
    try:
        yield
    finally:
        memo = _STEADY.pop(id(con), {})
        if memo.get("flags"):
            con.execute("DROP TABLE IF EXISTS as_of_flags").fetchall()
        if BEST in memo:
            con.execute(f"DROP TABLE IF EXISTS {BEST}").fetchall()


# The snapshot of each repository with a main line at each of $dates, as :func:`snapshots`
# selects it (the newest main-line position committed before the date), for many dates
# in one query: the highest position reached by each commit time, then an ASOF join.
_DATED_SNAPSHOTS = """
WITH scope AS (
    SELECT repo_id, name FROM repos WHERE len($repos) = 0 OR list_contains($repos, name)
), reached AS (
    SELECT l.repo_id, c.commit_time, max(max(l.position)) OVER (
               PARTITION BY l.repo_id ORDER BY c.commit_time ROWS UNBOUNDED PRECEDING
           ) AS position
    FROM landings l JOIN commits c USING (repo_id, sha)
    WHERE l.position IS NOT NULL AND l.repo_id IN (SELECT repo_id FROM scope)
    GROUP BY l.repo_id, c.commit_time
), grid AS (
    SELECT DISTINCT r.repo_id, d.moment FROM reached r, unnest($dates::TIMESTAMPTZ[]) d(moment)
)
SELECT g.moment, s.name, l.sha
FROM grid g ASOF JOIN reached r ON r.repo_id = g.repo_id AND g.moment > r.commit_time
JOIN landings l ON l.repo_id = r.repo_id AND l.position = r.position
JOIN scope s ON s.repo_id = g.repo_id
ORDER BY g.moment, s.name
"""

_WITHOUT_LINE = """
SELECT count(*) FROM repos r
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND NOT EXISTS (SELECT 1 FROM landings l WHERE l.repo_id = r.repo_id AND l.position IS NOT NULL)
"""


def dated_snapshots(
    con: duckdb.DuckDBPyConnection, dates: list[datetime], repos: tuple[str, ...] = ()
) -> tuple[dict[datetime, tuple[str, ...]], bool]:
    """The snapshot commits each date selects (those of :func:`snapshots`, in the order of
    the repositories' names; a date before every main line selects none), and whether a
    repository of the scope has no main line (it is read by author time, so its dates
    differ even where the commits do not)."""
    params = {"repos": list(repos)}
    found: dict[datetime, list[str]] = {when: [] for when in dates}
    rows = con.execute(_DATED_SNAPSHOTS, {**params, "dates": dates}).fetchall()
    for moment, _, sha in rows:  # aware datetimes: equal to the date asked, whatever the zone
        found[moment].append(sha)
    lineless = con.execute(_WITHOUT_LINE, params).fetchall()[0][0]
    return {when: tuple(shas) for when, shas in found.items()}, bool(lineless)


def build_commits(con: duckdb.DuckDBPyConnection, until: datetime | None) -> str:
    """Create the temporary table COMMITS for ``until`` (empty without one)."""
    if until is None:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {COMMITS} (repo_id INTEGER, sha VARCHAR)")
    else:
        con.execute(_COMMITS, {"until": until, "repos": []}).fetchall()
    return COMMITS


_WITHOUT_MAINLINE = """
SELECT r.name FROM repos r
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND r.repo_id NOT IN (SELECT DISTINCT repo_id FROM landings)
ORDER BY r.name
"""


def described(
    con: duckdb.DuckDBPyConnection, until: datetime, repos: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Notes (which commit each repository is read at) and caveats (what the snapshot
    lacks) of a result computed as of ``until``."""
    notes, said = [], []
    for snap in snapshots(con, until, repos):
        notes.append(f"{snap.repo} as of {snap.sha[:12]} ({snap.committed:%Y-%m-%d}), the "
                     "newest commit of its main line before --until")  # fmt: skip
        if not Path(snap.path).exists():
            said.append(f"{snap.repo}: the repository is no longer at {snap.path}; files "
                        "changed since that commit have no lines or complexity")  # fmt: skip
    params = {"repos": list(repos)}
    for (name,) in con.execute(_WITHOUT_MAINLINE, params).fetchall():
        said.append(f"{name}: scanned before its main line was recorded; as of --until it "
                    "counts the commits authored before the date and today's files (scan "
                    "again)")  # fmt: skip
    return tuple(notes), tuple(said)
