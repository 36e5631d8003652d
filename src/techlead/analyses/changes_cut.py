"""A change history as of a date, cut from one prepared for every date (inside
``changes.sharing``): what a metric's history does a hundred times.

``changes.prepare`` as of ``--until`` keeps the changes of the commits that had landed on
the main line by the snapshot (``landings.landed <= position``, analyses.as_of), names
each file after the renames that had landed by then, and gives it its component and
role. Of that, only three things depend on the date, and none needs the history rebuilt:

* which changes are kept: one comparison of the change's ``landed`` (kept in the shared
  table) with the date's snapshot position (by author time for a repository scanned
  before its main line was recorded, as ``as_of.build_commits`` does);
* which renames are followed: those of the commits that had landed; the rule
  (core.renames) runs on them for each date, in Python, but only the changes to a path
  that some rename (of any date) leaves need the join that applies it;
* a file's component and role depend on its path only (and the change's own role):
  worked out once for every path the history can name.

The result is the table ``changes._build`` makes, row for row (not in the same order).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa

from techlead.analyses import as_of, changes
from techlead.core.model import Options
from techlead.core.policy import counted_sql, default_component_sql
from techlead.core.renames import rename_intervals
from techlead.warehouse.load import table_from_rows

_BASE = f"""
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH raw AS (
    SELECT fc.repo_id, r.name AS repo, fc.sha, fc.path AS original_path, fc.change_type,
           fc.added, fc.deleted, fc.is_binary, fc.role AS logged_role, c.author_id,
           c.author_time,
           w.name AS author, coalesce(p.team, '(no team)') AS team, l.landed,
           fc.repo_id NOT IN (SELECT DISTINCT repo_id FROM landings) AS by_time
    FROM ({changes._AS_LOGGED}) fc
    JOIN commits c USING (repo_id, sha)
    JOIN repos r USING (repo_id)
    JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
    JOIN persons w ON w.person_id = c.author_id
    LEFT JOIN landings l ON l.repo_id = c.repo_id AND l.sha = c.sha
    WHERE (len($repos) = 0 OR list_contains($repos, r.name))
      AND ($include_bots OR NOT p.is_bot)
      AND ($include_generated OR {counted_sql("fc")})
      AND NOT c.is_grafted  -- a shallow clone's boundary: the state it starts from
)
SELECT raw.*, (raw.repo_id, raw.original_path) IN (
    SELECT (repo_id, old_path) FROM file_changes WHERE $follow_renames AND change_type = 'R'
) AS moved
FROM raw
"""

# Every path a change can be named by (its own, or a rename's new one), with its component
# and its role at HEAD: what changes._VIEW joins to each date's renamed changes.
_PATHS = f"""
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH named AS (
    SELECT DISTINCT repo_id, path FROM file_changes
    UNION SELECT DISTINCT repo_id, old_path FROM file_changes WHERE old_path IS NOT NULL
),
ruled AS (
    SELECT n.repo_id, n.path, arg_min(cr.name, cr.position) AS component
    FROM named n
    JOIN component_rules cr ON cr.repo_id = n.repo_id AND regexp_full_match(n.path, cr.regex)
    GROUP BY n.repo_id, n.path
)
SELECT named.repo_id, named.path,
       coalesce(f.component, ruled.component, {default_component_sql("named.path")})
           AS component,
       f.role
FROM named
LEFT JOIN files f ON f.repo_id = named.repo_id AND f.path = named.path
LEFT JOIN ruled ON ruled.repo_id = named.repo_id AND ruled.path = named.path
"""

_RENAMES = """
SELECT fc.repo_id, fc.old_path, fc.path, c.author_time, l.landed,
       fc.repo_id NOT IN (SELECT DISTINCT repo_id FROM landings) AS by_time
FROM file_changes fc JOIN commits c USING (repo_id, sha)
LEFT JOIN landings l ON l.repo_id = c.repo_id AND l.sha = c.sha
WHERE fc.change_type = 'R'
ORDER BY fc.repo_id, c.author_time
"""

# The shared history named: the changes to paths no rename leaves once (_STAY), the others
# after one set of renames (_MOVED, analysis_renames); dates whose snapshots hold the same
# renames share it (44 sets for pytest's 121 monthly dates).
_STAY = """
SELECT b.* EXCLUDE (original_path, moved), b.original_path AS path, b.original_path
FROM {base} b WHERE NOT moved
"""

_MOVED = """
SELECT moved.* EXCLUDE (original_path, moved),
       coalesce(m.final_path, moved.original_path) AS path, moved.original_path
FROM (FROM {base} WHERE moved) moved
ASOF LEFT JOIN analysis_renames m ON m.repo_id = moved.repo_id
    AND m.path = moved.original_path AND m.until >= moved.author_time
"""

_NAMED = """
CREATE OR REPLACE TEMP TABLE {table} AS
WITH named AS ({named})
SELECT named.* EXCLUDE (logged_role, landed, by_time), p.component,
       coalesce(p.role, named.logged_role, 'production') AS role, named.landed, named.by_time
FROM named LEFT JOIN {paths} p ON p.repo_id = named.repo_id AND p.path = named.path
"""

# A date's history: the changes of the commits landed by its snapshots (changes._VIEW).
_CUT = """
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT n.* EXCLUDE (landed, by_time)
FROM (FROM {stay} UNION ALL FROM {moved}) n
LEFT JOIN analysis_positions s ON s.repo_id = n.repo_id
WHERE (CAST($since AS TIMESTAMPTZ) IS NULL OR n.author_time >= $since)
  AND CASE WHEN n.by_time THEN n.author_time < $until ELSE n.landed <= s.position END
"""

Rename = tuple[int, str, str, datetime, int | None, bool]
_POSITIONS = pa.schema([("repo_id", pa.int32()), ("position", pa.int32())])


class _Shared:
    """The tables shared by the dates of one set of filters, and the renames."""

    def __init__(self, con: duckdb.DuckDBPyConnection, options: Options, name: str) -> None:
        self.base, self.paths = f"{name}_base", f"{name}_paths"
        self.stay, self.moved = f"{name}_stay", f"{name}_moved"
        values = {"repos": list(options.repos), "include_bots": options.include_bots,
                  "include_generated": options.include_generated,
                  "follow_renames": options.follow_renames}  # fmt: skip
        con.execute(_BASE.format(table=self.base), values).fetchall()
        con.execute(_PATHS.format(table=self.paths)).fetchall()
        stay = _STAY.format(base=self.base)
        con.execute(_NAMED.format(table=self.stay, named=stay, paths=self.paths)).fetchall()
        found = con.execute(_RENAMES).fetchall() if options.follow_renames else []
        self.renames: list[Rename] = [
            (int(r), str(o), str(n), w, landed, bool(b)) for r, o, n, w, landed, b in found
        ]
        self._named: tuple[int, ...] | None = None  # the renames self.moved follows

    def name(
        self, con: duckdb.DuckDBPyConnection, positions: dict[int, int], until: datetime
    ) -> str:
        """The table of the whole history named after the renames landed by the snapshots
        (``positions``), made again only when they are not the last date's."""
        kept = tuple(
            i
            for i, (repo, _, _, when, landed, by_time) in enumerate(self.renames)
            if (
                when < until if by_time else landed is not None and landed <= positions.get(repo, 0)
            )
        )
        if self._named != kept:
            rows = rename_intervals([self.renames[i][:4] for i in kept])
            con.register("analysis_renames", table_from_rows(changes._RENAME_SCHEMA, rows))
            try:
                moved = _MOVED.format(base=self.base)
                con.execute(_NAMED.format(table=self.moved, named=moved, paths=self.paths))
            finally:
                con.unregister("analysis_renames")
            self._named = kept
        return self.moved


_SHARED: dict[tuple[int, str], _Shared] = {}


def cut(con: duckdb.DuckDBPyConnection, options: Options, table: str) -> str:
    """Make ``table`` the change history as of ``options.until`` (changes._build's)."""
    assert options.until is not None
    key = repr((sorted(set(options.repos)), options.include_bots, options.include_generated,
                options.follow_renames))  # fmt: skip
    shared = _SHARED.get((id(con), key))
    if shared is None:
        name = f"analysis_shared_{sum(1 for k in _SHARED if k[0] == id(con))}"
        shared = _SHARED[(id(con), key)] = _Shared(con, options, name)
    positions = {s.repo_id: s.position for s in as_of.snapshots(con, options.until)}
    moved = shared.name(con, positions, options.until)
    con.register("analysis_positions", table_from_rows(_POSITIONS, list(positions.items())))
    try:
        con.execute(
            _CUT.format(table=table, stay=shared.stay, moved=moved),
            {"since": options.since, "until": options.until},
        ).fetchall()
    finally:
        con.unregister("analysis_positions")
    if options.paths or options.components or options.roles:
        where, values = changes._narrowing(options)
        con.execute(f"DELETE FROM {table} WHERE NOT ({where})", values).fetchall()
    return table


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the shared tables of ``con`` (at the end of changes.sharing)."""
    for key in [k for k in _SHARED if k[0] == id(con)]:
        shared = _SHARED.pop(key)
        for name in (shared.base, shared.paths, shared.stay, shared.moved):
            con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()
