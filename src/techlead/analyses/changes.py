"""The change history every analysis starts from, filtered by the common options.

``prepare(con, options)`` creates the temporary table ``analysis_changes``: one row per
(commit, file) change with the commit's author (a person id after .mailmap), author
time, the path the file has *now* when renames are followed, its component (the
component the last scan gave the file at HEAD, from ``[components]`` in techlead.toml,
else its top-level directory; "(root)" for files at the top) and its file role
(``role``: at HEAD, else the role its path had when changed; docs/file-roles.md;
``--role`` keeps some). Bots, vendored/generated/excluded paths, other repositories,
paths outside ``--path`` and changes outside ``--since``/``--until`` are left out;
merges have no changes by the warehouse's policy. The boundary commits of a shallow
clone are left out too: their changes add every file the clone starts with, which is the
state history starts from, not work by their author (analyses.caveats says so on every
result).
Without rename following (``--no-renames``) the history is the one ``git log
--no-renames`` shows: a rename is a deletion plus an addition, a copy an addition.

Rename following: a change made to ``a.py`` before ``a.py`` was renamed to ``b.py`` is
counted for ``b.py`` (and further, along a chain of renames). Each rename is applied to
the changes of the old path that happened before it (by author time), so a new file that
later reuses the old name keeps its own history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import duckdb
import pyarrow as pa

from techlead.analyses import as_of, head
from techlead.core.globs import globs_regex
from techlead.core.model import Options
from techlead.core.policy import counted_sql, default_component_sql
from techlead.core.renames import rename_intervals, renamed_sql
from techlead.mining.languages import programming_languages
from techlead.warehouse.connection import read_only
from techlead.warehouse.load import table_from_rows

_RENAMES = f"""
SELECT fc.repo_id, fc.old_path, fc.path, c.author_time
FROM file_changes fc JOIN commits c USING (repo_id, sha)
WHERE fc.change_type = 'R' AND (CAST($until AS TIMESTAMPTZ) IS NULL
      OR (c.repo_id, c.sha) IN (SELECT (repo_id, sha) FROM {as_of.COMMITS}))
ORDER BY fc.repo_id, c.author_time
"""

# Without rename following, history reads as ``git log --no-renames`` would show it: a
# rename is the deletion of the old path and the addition of the new one, a copy is an
# addition, each with every line of its blob (mined into old/new_blob_lines).
_AS_LOGGED = """
SELECT repo_id, sha, path, change_type, added, deleted, is_binary,
       is_generated, is_vendored, is_excluded, role
FROM file_changes WHERE $follow_renames OR change_type NOT IN ('R', 'C')
UNION ALL
SELECT repo_id, sha, path, 'A', new_blob_lines, CASE WHEN NOT is_binary THEN 0 END, is_binary,
       is_generated, is_vendored, is_excluded, role
FROM file_changes WHERE NOT $follow_renames AND change_type IN ('R', 'C')
UNION ALL
SELECT repo_id, sha, old_path, 'D', CASE WHEN NOT is_binary THEN 0 END, old_blob_lines, is_binary,
       is_generated, is_vendored, is_excluded, role
FROM file_changes WHERE NOT $follow_renames AND change_type = 'R'
"""

_VIEW = f"""
CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH raw AS MATERIALIZED (
    SELECT fc.repo_id, r.name AS repo, fc.sha, fc.path AS original_path, fc.change_type,
           fc.added, fc.deleted, fc.is_binary, fc.role AS logged_role, c.author_id,
           c.author_time,
           w.name AS author, coalesce(p.team, '(no team)') AS team
    FROM ({_AS_LOGGED}) fc
    JOIN commits c USING (repo_id, sha)
    JOIN repos r USING (repo_id)
    JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
    JOIN persons w ON w.person_id = c.author_id
    WHERE (len($repos) = 0 OR list_contains($repos, r.name))
      AND ($include_bots OR NOT p.is_bot)
      AND ($include_generated OR {counted_sql("fc")})
      AND (CAST($since AS TIMESTAMPTZ) IS NULL OR c.author_time >= $since)
      -- as of --until: the ancestors of that date's main-line commit (analyses.as_of)
      AND (CAST($until AS TIMESTAMPTZ) IS NULL
           OR (c.repo_id, c.sha) IN (SELECT (repo_id, sha) FROM {as_of.COMMITS}))
      AND NOT c.is_grafted  -- a shallow clone's boundary: the state it starts from
),
named AS MATERIALIZED ({renamed_sql("raw", "analysis_renames", ("repo_id",))}),
-- a path no longer at HEAD takes the configured component its path matches (the scan's
-- component_rules), like a file at HEAD; else its top-level folder
ruled AS (
    SELECT n.repo_id, n.path, arg_min(cr.name, cr.position) AS component
    FROM (SELECT DISTINCT repo_id, path FROM named) n
    JOIN component_rules cr ON cr.repo_id = n.repo_id AND regexp_full_match(n.path, cr.regex)
    GROUP BY n.repo_id, n.path
)
SELECT named.* EXCLUDE (logged_role),
       coalesce(f.component, ruled.component, {default_component_sql("named.path")})
           AS component,
       coalesce(f.role, named.logged_role, 'production') AS role
FROM named
LEFT JOIN files f ON f.repo_id = named.repo_id AND f.path = named.path
LEFT JOIN ruled ON ruled.repo_id = named.repo_id AND ruled.path = named.path
"""

KEEP = 8  # prepared tables a read-only connection keeps for reuse

_UNCHANGING: set[int] = set()  # ids of writable connections inside unchanging()
SHARING: set[int] = set()  # ids of connections inside sharing()

_RENAME_SCHEMA = pa.schema(
    [
        ("repo_id", pa.int32()),
        ("path", pa.string()),
        ("until", pa.timestamp("s", tz="UTC")),
        ("final_path", pa.string()),
    ]
)


def prepare(con: duckdb.DuckDBPyConnection, options: Options) -> str:
    """Create the filtered change table for ``options``; returns its name.

    On a read-only connection the warehouse cannot change, so a table prepared earlier on
    the same connection for the same filters is reused (the newest KEEP are kept): the
    sections of a report or a dashboard page share one history instead of rebuilding it,
    and a history narrowed to some paths or components is cut from the whole one.
    """
    if not reuses(con):
        return _build(con, options, "analysis_changes")
    table = f"analysis_changes_{_digest(con, options)}"
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS analysis_prepared "
        "(name VARCHAR, used BIGINT, whole BOOLEAN)"
    ).fetchall()
    known = con.execute("SELECT 1 FROM analysis_prepared WHERE name = ?", [table]).fetchall()
    if not known and (options.paths or options.components or options.roles):
        whole = prepare(con, replace(options, paths=(), components=(), roles=()))
        where, values = _narrowing(options)
        sql = f"CREATE OR REPLACE TEMP TABLE {table} AS FROM {whole} WHERE {where}"
        con.execute(sql, values).fetchall()
    elif not known:
        _build(con, options, table)
    if not known:
        unfiltered = not (options.paths or options.components or options.roles)
        con.execute("INSERT INTO analysis_prepared VALUES (?, 0, ?)",
                    [table, unfiltered]).fetchall()  # fmt: skip
    con.execute(
        "UPDATE analysis_prepared SET used = (SELECT max(used) + 1 FROM analysis_prepared) "
        "WHERE name = ?",
        [table],
    ).fetchall()
    # The whole histories (no path, component or role filter) go last: every narrowed
    # history is cut from one, so losing it costs a rebuild of the whole (~0.25 s at
    # 100,000 commits) where losing a narrowed one costs a cut (milliseconds).
    for (stale,) in con.execute(
        "SELECT name FROM analysis_prepared WHERE name <> ? ORDER BY whole DESC, used DESC "
        "OFFSET ?",
        [table, KEEP - 1],  # never the table just prepared (a narrowed one would go first)
    ).fetchall():
        con.execute(f"DROP TABLE IF EXISTS {stale}").fetchall()
        con.execute("DELETE FROM analysis_prepared WHERE name = ?", [stale]).fetchall()
    return table


def reuses(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether what was prepared on ``con`` may serve again: the warehouse cannot change
    under it (read-only, or inside :func:`unchanging`)."""
    return id(con) in _UNCHANGING or read_only(con)


@contextmanager
def unchanging(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within, nothing changes the history under the writable ``con`` (the caller's
    promise: the scan's refresh of the register and the standards writes only their
    snapshots, metric values and past blobs), so prepared histories are reused as on a
    read-only connection; on the way out every one is dropped."""
    _UNCHANGING.add(id(con))
    try:
        yield
    finally:
        _UNCHANGING.discard(id(con))
        prepared = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary "
            "AND (table_name LIKE 'analysis\\_changes\\_%' ESCAPE '\\' "
            "OR table_name IN ('analysis_prepared', 'knowledge_built'))"
        ).fetchall()
        for (name,) in prepared:
            con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()


@contextmanager
def sharing(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within, a history prepared as of a date (``--until``) is cut from one history of
    every date prepared once (analyses.changes_cut), not built anew: a metric's history
    prepares a hundred dates' histories. Nothing may change the warehouse within (the
    caller's promise, as for :func:`unchanging`); on the way out the shared tables go."""
    from techlead.analyses import changes_cut  # it builds on this module's SQL

    SHARING.add(id(con))
    try:
        with as_of.steady(con):
            yield
    finally:
        SHARING.discard(id(con))
        changes_cut.forget(con)


def _digest(con: duckdb.DuckDBPyConnection, options: Options) -> str:
    """What the prepared history depends on; naming every repository is naming none."""
    repos = sorted(set(options.repos))
    if repos:
        named, every = con.execute(
            "SELECT count(*) FILTER (list_contains($r, name)), count(*) FROM repos", {"r": repos}
        ).fetchall()[0]
        if named == len(repos) == every:
            repos = []
    key = (repos, sorted(set(options.paths)), sorted(set(options.components)),
           sorted(set(options.roles)), options.since, options.until, options.include_bots,
           options.include_generated, options.follow_renames)  # fmt: skip
    return hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()[:16]


def _build(con: duckdb.DuckDBPyConnection, options: Options, table: str) -> str:
    if options.until is not None and id(con) in SHARING:
        from techlead.analyses import changes_cut  # it builds on this module's SQL

        return changes_cut.cut(con, options, table)
    as_of.build_commits(con, options.until)
    rows = (
        rename_intervals(con.execute(_RENAMES, {"until": options.until}).fetchall())
        if options.follow_renames
        else []
    )
    con.register("analysis_renames", table_from_rows(_RENAME_SCHEMA, rows))
    con.execute(
        _VIEW.replace("{table}", table),
        {
            "repos": list(options.repos),
            "include_bots": options.include_bots,
            "include_generated": options.include_generated,
            "since": options.since,
            "until": options.until,
            "follow_renames": options.follow_renames,
        },
    ).fetchall()  # DuckDB wants every result consumed before the next statement
    if options.paths or options.components or options.roles:
        where, values = _narrowing(options)
        con.execute(f"DELETE FROM {table} WHERE NOT ({where})", values).fetchall()
    con.unregister("analysis_renames")
    return table


def _narrowing(options: Options) -> tuple[str, dict[str, object]]:
    """The condition --path, --role and --component put on the history, and its values.
    Paths are matched after renames are followed: --path names today's paths, and a
    file's role is its role at HEAD (else, for a deleted file, its role when changed)."""
    conditions, values = ["true"], dict[str, object]()
    if options.paths:
        conditions.append("regexp_full_match(path, $paths)")
        values["paths"] = globs_regex(options.paths)
    if options.roles:
        conditions.append("list_contains($roles, role)")
        values["roles"] = list(options.roles)
    if options.components:
        conditions.append("list_contains($components, component)")
        values["components"] = list(options.components)
    return " AND ".join(conditions), values


def alive_sql(
    con: duckdb.DuckDBPyConnection,
    table: str,
    options: Options,
    code_only: bool,
    measured: bool = False,
    complexity: bool = True,
) -> str:
    """A query of the files alive at the end of the analysed history in ``table``
    (repo_id, repo, path, revs): the files of the snapshot (HEAD, or as of --until the
    tree of that date: analyses.as_of) that the history changed. With ``code_only``, only
    files of a programming language (as the snapshot's paths say). The snapshot's files
    are in ``analysis_files`` (head.head_files; ``measured``: with their lines, and their
    complexity unless not ``complexity``)."""
    files = head.head_files(con, options, measured=measured, complexity=complexity)
    alive = f"SEMI JOIN {files} f ON f.repo_id = a.repo_id AND f.path = a.path"
    if code_only:
        alive += f" AND f.language IN ({_programming_languages()})"
    return (
        "SELECT a.* FROM (SELECT repo_id, repo, path, count(*) AS revs "
        f"FROM {table} GROUP BY repo_id, repo, path) a " + alive
    )


def _programming_languages() -> str:
    """The catalogue's programming languages as SQL literals (names are ours, not input)."""
    names = sorted(programming_languages())
    return ", ".join("'" + n.replace("'", "''") + "'" for n in names)
