"""The files of a repository as of a date (``--until``): the snapshot's tree, with the
lines and complexity of every file.

The tree comes from the main line the scan stored (``tree_spans``); a file's measures are
HEAD's when its blob is HEAD's, else the warehouse's store of past blobs', else read from
the repository and measured as a scan would (mining.as_of), and kept for the next dates
and commands. Which commit each repository is read at is analyses.as_of's.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.analyses.as_of import Snapshot, snapshots, steady_memo
from techlead.analyses.as_of_known import KNOWN, SNAPS, Reader, known_trees
from techlead.core.errors import TechleadError
from techlead.core.policy import default_component_sql
from techlead.mining.as_of import (
    MEASURE_LIMIT,
    UNMEASURED_PATHS,
    files_at,
    language_key,
    with_repo,
)
from techlead.warehouse import past_blobs

READER = Reader(language_key, UNMEASURED_PATHS, MEASURE_LIMIT)  # how files_at reads
# The past blobs known on this connection (those HEAD does not hold): the warehouse's
# (warehouse.past_blobs) and those read since; (repo_id, FILE_SCHEMA) and ``functions``.
SEEN_FILES = "as_of_seen_files"
SEEN_FUNCTIONS = "as_of_seen_functions"


# The columns of ``files`` a snapshot table has (head.py reads them).
_FLAGS = """
SELECT repo_id, path, bool_or(is_generated) AS is_generated, bool_or(is_vendored) AS is_vendored,
       bool_or(is_excluded) AS is_excluded, any_value(role) AS role
FROM file_changes WHERE {where} GROUP BY repo_id, path
"""

_FROM_TREE = """
SELECT t.repo_id, t.path, t.blob, t.mode, h.size, coalesce(h.language, t.language) AS language,
       NULL AS component, h.is_binary, h.lines, h.code, h.comment, h.blank,
       coalesce(h.generated_marker, FALSE) AS generated_marker, h.functions,
       h.cyclomatic_total, h.cyclomatic_max, h.indentation_total, h.indentation_max,
       h.indentation_mean, NULL::BOOLEAN AS secrets_scanned
FROM tree_spans t
LEFT JOIN (SELECT * FROM files WHERE repo_id = $repo
           QUALIFY row_number() OVER (PARTITION BY blob ORDER BY path) = 1) h
       ON h.blob = t.blob
WHERE t.repo_id = $repo AND t.since_pos <= $position
  AND (t.until_pos IS NULL OR t.until_pos > $position)
"""

# The trees of the snapshots of every repository (SNAPS), with HEAD's measures.
_FROM_TREES = (
    _FROM_TREE.replace("WHERE repo_id = $repo", f"WHERE repo_id IN (SELECT repo_id FROM {SNAPS})")
    .replace("PARTITION BY blob", "PARTITION BY repo_id, blob")
    .replace("ON h.blob = t.blob", "ON h.repo_id = t.repo_id AND h.blob = t.blob")
    .replace(
        "WHERE t.repo_id = $repo AND t.since_pos <= $position",
        f"JOIN {SNAPS} p ON p.repo_id = t.repo_id WHERE t.since_pos <= p.position",
    )
    .replace("t.until_pos > $position", "t.until_pos > p.position")
)

# The blobs of a snapshot's tree: the only ones whose facts it looks up.
_TREE_BLOBS = """
CREATE OR REPLACE TEMP TABLE as_of_tree_blobs AS
SELECT DISTINCT blob FROM tree_spans
WHERE repo_id = $repo AND since_pos <= $position AND (until_pos IS NULL OR until_pos > $position)
"""

# The files table's rows from a source of the snapshots' trees (one repository's or every
# one's): the flags, component and role of each path.
_FINISH = f"""
INSERT INTO {{table}} BY NAME
SELECT s.* EXCLUDE (component),
       coalesce(ruled.component, {default_component_sql("s.path")}) AS component,
       coalesce(fl.is_generated, FALSE) OR s.generated_marker AS is_generated,
       coalesce(fl.is_vendored, FALSE) AS is_vendored,
       coalesce(fl.is_excluded, FALSE) AS is_excluded,
       CASE WHEN s.generated_marker THEN 'generated' ELSE coalesce(fl.role, 'production') END
           AS role
FROM {{source}} s
LEFT JOIN {{flags}} fl ON fl.repo_id = s.repo_id AND fl.path = s.path
LEFT JOIN (SELECT n.repo_id, n.path, arg_min(cr.name, cr.position) AS component
           FROM (SELECT DISTINCT repo_id, path FROM {{source}}) n
           JOIN component_rules cr ON cr.repo_id = n.repo_id AND regexp_full_match(n.path, cr.regex)
           GROUP BY n.repo_id, n.path) ruled ON ruled.repo_id = s.repo_id AND ruled.path = s.path
"""


def files_table(
    con: duckdb.DuckDBPyConnection,
    until: datetime,
    repos: tuple[str, ...],
    measured: bool,
    complexity: bool = True,
    roles: tuple[str, ...] = (),
) -> tuple[str, str]:
    """Tables of the snapshots' files (the columns of ``files``) and of their functions.
    ``measured``: read and measure the blobs HEAD does not share (from the repositories);
    otherwise only the tree and HEAD's measures. Without ``complexity`` those blobs get
    their lines only (what knowledge and lines of code need; measuring complexity is the
    dear part). ``roles``: only files of these roles are measured (all when empty); the
    others get their lines only."""
    complexity = complexity and measured
    roles = tuple(sorted(str(r) for r in roles)) if complexity else ()
    key = repr((until, sorted(repos), measured, complexity, roles)).encode()
    digest = hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]
    files, functions = f"as_of_files_{digest}", f"as_of_functions_{digest}"
    if _exists(con, files):
        return files, functions
    con.execute(f"CREATE TEMP TABLE {files} AS FROM files LIMIT 0").fetchall()
    con.execute(f"CREATE TEMP TABLE {functions} AS FROM functions LIMIT 0").fetchall()
    snaps = snapshots(con, until, repos)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SNAPS} (repo_id INTEGER, position INTEGER)")
    if snaps:
        con.executemany(f"INSERT INTO {SNAPS} VALUES (?, ?)",
                        [[s.repo_id, s.position] for s in snaps])  # fmt: skip
    flags = _flags(con, f"repo_id IN (SELECT repo_id FROM {SNAPS})")
    done = _from_warehouse(con, files, functions, flags, measured, complexity, roles)
    for snap in (s for s in snaps if s.repo_id not in done):
        source = _read(con, snap, functions, complexity, roles) if measured else None
        if source is None:
            con.execute(f"CREATE OR REPLACE TEMP TABLE as_of_source AS {_FROM_TREE}",
                        {"repo": snap.repo_id, "position": snap.position}).fetchall()  # fmt: skip
            source = "as_of_source"
        con.execute(_FINISH.format(table=files, source=source, flags=flags)).fetchall()
        con.execute(f"DROP TABLE IF EXISTS {source}")
    return files, functions


def _from_warehouse(
    con: duckdb.DuckDBPyConnection,
    files: str,
    functions: str,
    flags: str,
    measured: bool,
    complexity: bool,
    roles: tuple[str, ...],
) -> set[int]:
    """Add to ``files`` and ``functions`` the snapshots (SNAPS) whose trees the warehouse
    knows whole, in one query for all repositories (analyses.as_of_known); return their
    repositories. Without ``measured`` every tree is known (HEAD's measures or none)."""
    if measured:
        done = known_trees(con, READER, seen_table(con), complexity, roles, flags, steady_memo(con))
        ids = ", ".join(str(int(i)) for i in sorted(done)) or "NULL"
        source = f"(SELECT * EXCLUDE (unknown, unmeasured) FROM {KNOWN} WHERE repo_id IN ({ids}))"
    else:
        done = {repo_id for (repo_id,) in con.execute(f"SELECT repo_id FROM {SNAPS}").fetchall()}
        source = f"({_FROM_TREES})"
    if not done:
        return done
    con.execute(f"CREATE OR REPLACE TEMP TABLE as_of_source AS FROM {source} s").fetchall()
    con.execute(_FINISH.format(table=files, source="as_of_source", flags=flags)).fetchall()
    if measured:
        known = ["functions", *([SEEN_FUNCTIONS] if _exists(con, SEEN_FUNCTIONS) else [])]
        for table in known:
            con.execute(f"INSERT INTO {functions} SELECT * FROM {table} f WHERE EXISTS "
                        "(SELECT 1 FROM as_of_source s WHERE s.repo_id = f.repo_id "
                        "AND s.blob = f.blob)").fetchall()  # fmt: skip
    con.execute("DROP TABLE as_of_source").fetchall()
    return done


def _flags(con: duckdb.DuckDBPyConnection, where: str = "repo_id = $repo") -> str:
    """The flags of the paths of the repositories ``where`` selects (default the one
    ``$repo`` names) as a relation: a table of every repository's made once inside
    :func:`steady`."""
    memo = steady_memo(con)
    if memo is None:
        return "(" + _FLAGS.format(where=where) + ")"
    if not memo.get("flags"):
        con.execute("CREATE OR REPLACE TEMP TABLE as_of_flags AS " + _FLAGS.format(where="TRUE"))
        memo["flags"] = True
    return "as_of_flags"


def _read(
    con: duckdb.DuckDBPyConnection,
    snap: Snapshot,
    functions: str,
    complexity: bool,
    roles: tuple[str, ...],
) -> str | None:
    """The snapshot's files read from the repository into a temporary table (and its newly
    measured functions into ``functions``); None when the repository cannot be read.
    Blobs read for an earlier date on the same connection are not read again (a history
    measures hundreds of trees that share most of their blobs; facts depend on content)."""
    path = Path(snap.path)
    if not path.exists():
        return None
    seen = seen_table(con)
    try:
        workers = os.cpu_count() or 1
        con.execute(_TREE_BLOBS, {"repo": snap.repo_id, "position": snap.position}).fetchall()
        unmeasured = unmeasured_paths(con, snap.repo_id, roles)
        table, measured = files_at(con, snap.repo_id, path, snap.sha, workers, seen, complexity,
                                   "as_of_tree_blobs", unmeasured)  # fmt: skip
    except TechleadError:
        return None
    repo = {"repo": snap.repo_id}
    with read_into(con, with_repo(table, snap.repo_id), with_repo(measured, snap.repo_id)):
        con.execute(f"INSERT INTO {functions} SELECT * FROM functions WHERE repo_id = $repo "
                    "AND blob IN (SELECT blob FROM as_of_read)", repo)  # fmt: skip
        con.execute(f"INSERT INTO {functions} SELECT * FROM {SEEN_FUNCTIONS} WHERE "
                    "repo_id = $repo AND blob IN (SELECT blob FROM as_of_read)", repo)  # fmt: skip
    return "as_of_read_files"


@contextmanager
def read_into(
    con: duckdb.DuckDBPyConnection, table: pa.Table, measured: pa.Table
) -> Iterator[None]:
    """Make the blobs just read (rows led by their ``repo_id``, of one repository or
    several) the table ``as_of_read_files`` and remember them (with their functions) for
    the next dates; ``as_of_read`` names them while inside."""
    con.register("as_of_read", table)
    con.register("as_of_measured", measured)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE as_of_read_files AS FROM as_of_read").fetchall()
        _remember(con, measured.num_rows)
        yield
    finally:
        con.unregister("as_of_read")
        con.unregister("as_of_measured")


def unmeasured_paths(
    con: duckdb.DuckDBPyConnection, repo_id: int, roles: tuple[str, ...]
) -> frozenset[str]:
    """The repository's paths of other roles than ``roles`` (none when empty), as their
    changes classified them: a past tree's reader counts their lines, never measures."""
    if not roles:
        return frozenset()
    memo = steady_memo(con)
    key = ("unmeasured", repo_id, roles)
    if memo is not None and key in memo:
        kept: frozenset[str] = memo[key]  # type: ignore[assignment]
        return kept
    rows = con.execute(
        f"SELECT path FROM {_flags(con)} fl WHERE fl.repo_id = $repo "
        "AND NOT list_contains($roles, fl.role)",
        {"repo": repo_id, "roles": list(roles)},
    ).fetchall()
    found = frozenset(str(path) for (path,) in rows)
    if memo is not None:
        memo[key] = found
    return found


def seen_table(con: duckdb.DuckDBPyConnection) -> str | None:
    """The table of the past blobs known on this connection, seeded from the warehouse's
    store on first use; None before anything is known (a warehouse without the store)."""
    if not _exists(con, SEEN_FILES) and past_blobs.available(con):
        past_blobs.seed(con, SEEN_FILES, SEEN_FUNCTIONS)
    return SEEN_FILES if _exists(con, SEEN_FILES) else None


def _remember(con: duckdb.DuckDBPyConnection, measured: int) -> None:
    """Keep the facts of the blobs just read that HEAD does not hold, and the functions of
    those just measured (``measured`` rows of them), for the next dates (and, in the
    warehouse, the next commands)."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {SEEN_FILES} AS "
                "FROM as_of_read_files LIMIT 0").fetchall()  # fmt: skip
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {SEEN_FUNCTIONS} AS "
                "FROM functions LIMIT 0").fetchall()  # fmt: skip
    con.execute(
        "CREATE OR REPLACE TEMP TABLE as_of_new_files AS SELECT * FROM as_of_read_files r "
        "WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.repo_id = r.repo_id AND f.blob = r.blob) "
        f"AND NOT EXISTS (SELECT 1 FROM {SEEN_FILES} s WHERE s.repo_id = r.repo_id "
        "AND s.blob = r.blob AND s.path = r.path "
        "AND (s.indentation_total IS NOT NULL OR r.indentation_total IS NULL))"
    )
    new = con.execute("SELECT count(*) FROM as_of_new_files").fetchall()[0][0]
    if new or measured:  # a date whose blobs were all known (most of them) adds nothing
        con.execute("CREATE OR REPLACE TEMP TABLE as_of_new_functions AS FROM as_of_measured")
        con.execute(f"INSERT INTO {SEEN_FUNCTIONS} BY NAME FROM as_of_new_functions")
        con.execute(f"INSERT INTO {SEEN_FILES} BY NAME FROM as_of_new_files")
        if new and past_blobs.available(con):
            past_blobs.keep(con, "as_of_new_files", "as_of_new_functions")
        con.execute("DROP TABLE as_of_new_functions")
    con.execute("DROP TABLE as_of_new_files")


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [table]
    ).fetchall()
    return bool(found[0][0])
