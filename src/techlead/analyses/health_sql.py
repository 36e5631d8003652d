"""The biomarkers of files, counted in SQL (analyses.health scores them).

:func:`findings` takes a table of files (one row per (repo_id, path, blob), with the
columns of ``files``: language, code, functions, global_nesting, lcom4_max) and the
functions measured for their blobs, and counts each biomarker of each file against the
thresholds of its language (core.health_policy.for_language), naming the functions and
classes found.

A function is duplicated when another function of the repository's tree (``tree``:
HEAD's files, or a snapshot's) other than the file's own version at that path, or of the
same blob, has its syntax tree shape and its length; for a file of the tree itself that
is every other copy in the tree. Functions without a shape (the engine gives none under
its node minimum) are never duplicates.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.health_score import BIOMARKERS
from techlead.core.health_policy import HEALTH_THRESHOLDS, for_language
from techlead.core.policy import Policy, counted_sql

__all__ = ["Findings", "findings"]

# per file (repo_id, path, blob): findings and where, per biomarker name
Findings = dict[tuple[int, str, str], tuple[dict[str, int], dict[str, tuple[str, ...]]]]

_FUNCTION_MARKERS = [b.name for b in BIOMARKERS if b.level == "function"]
_COLUMNS = [name.removeprefix("health_") for name in HEALTH_THRESHOLDS]

_FUNCTIONS = """
WITH tree_shapes AS (  -- how often each (shape, length) occurs in the repository's tree
    SELECT fn.repo_id, fn.shape, fn.length, count(*) AS copies
    FROM {tree} f JOIN {tree_functions} fn
      ON fn.repo_id = f.repo_id AND fn.blob = f.blob AND fn.language = f.language
    WHERE {counted} AND fn.shape <> ''  -- '': too small to speak of duplication
    GROUP BY ALL
),
at_path AS (  -- of them, in the tree's own version of each path asked about
    SELECT fn.repo_id, f.path, fn.shape, fn.length, count(*) AS copies
    FROM {tree} f JOIN {tree_functions} fn
      ON fn.repo_id = f.repo_id AND fn.blob = f.blob AND fn.language = f.language
    WHERE {counted} AND fn.shape <> ''
      AND (f.repo_id, f.path) IN (SELECT (repo_id, path) FROM {files})
    GROUP BY ALL
),
in_blob AS (  -- in the blob asked about
    SELECT fn.repo_id, fn.blob, fn.language, fn.shape, fn.length, count(*) AS copies
    FROM {functions} fn
    WHERE fn.shape <> '' AND (fn.repo_id, fn.blob) IN (SELECT (repo_id, blob) FROM {files})
    GROUP BY ALL
),
judged AS (
    SELECT a.repo_id, a.path, a.blob, fn.name, fn.start_line,
           fn.length > t.large_method AS large_method,
           fn.cyclomatic > t.complexity_limit AS complex_method,
           fn.nesting > t.deep_nesting AS deep_nesting,
           coalesce(fn.bumps, 0) > t.bumpy_road AS bumpy_road,
           coalesce(fn.complex_conditionals, 0) AS complex_conditional,
           fn.parameters > t.excess_parameters AS excess_parameters,
           coalesce(fn.variables, 0) > t.brain_variables AS many_variables,
           fn.length >= t.duplicate_lines
               AND coalesce(ts.copies, 0) - coalesce(ap.copies, 0) + coalesce(ib.copies, 0) > 1
               AS duplication
    FROM {files} a
    JOIN health_thresholds t ON t.language = a.language
    JOIN {functions} fn
      ON fn.repo_id = a.repo_id AND fn.blob = a.blob AND fn.language = a.language
    LEFT JOIN tree_shapes ts
      ON ts.repo_id = fn.repo_id AND ts.shape = fn.shape AND ts.length = fn.length
    LEFT JOIN at_path ap ON ap.repo_id = a.repo_id AND ap.path = a.path
      AND ap.shape = fn.shape AND ap.length = fn.length
    LEFT JOIN in_blob ib ON ib.repo_id = fn.repo_id AND ib.blob = fn.blob
      AND ib.language = fn.language AND ib.shape = fn.shape AND ib.length = fn.length
),
marked AS (
    SELECT *, large_method AND complex_method AND deep_nesting AND many_variables
              AS brain_method
    FROM judged
)
SELECT repo_id, path, blob,
       count(*) FILTER (WHERE brain_method),
       list(name ORDER BY start_line, name) FILTER (WHERE brain_method),
       count(*) FILTER (WHERE complex_method),
       list(name ORDER BY start_line, name) FILTER (WHERE complex_method),
       count(*) FILTER (WHERE deep_nesting),
       list(name ORDER BY start_line, name) FILTER (WHERE deep_nesting),
       count(*) FILTER (WHERE bumpy_road),
       list(name ORDER BY start_line, name) FILTER (WHERE bumpy_road),
       sum(complex_conditional)::BIGINT,
       list(name ORDER BY start_line, name) FILTER (WHERE complex_conditional > 0),
       count(*) FILTER (WHERE excess_parameters),
       list(name ORDER BY start_line, name) FILTER (WHERE excess_parameters),
       count(*) FILTER (WHERE large_method),
       list(name ORDER BY start_line, name) FILTER (WHERE large_method),
       count(*) FILTER (WHERE duplication),
       list(name ORDER BY start_line, name) FILTER (WHERE duplication)
FROM marked GROUP BY repo_id, path, blob
"""

# The classes of HEAD's blobs are kept (table classes); a past blob has only lcom4_max.
_FILES = """
WITH cohesion AS (
    SELECT a.repo_id, a.path, a.blob, count(*) AS classes,
           list(c.name ORDER BY c.start_line, c.name) AS names
    FROM {files} a
    JOIN health_thresholds t ON t.language = a.language
    JOIN classes c ON c.repo_id = a.repo_id AND c.blob = a.blob AND c.language = a.language
    WHERE c.lcom4 > t.low_cohesion
    GROUP BY ALL
)
SELECT a.repo_id, a.path, a.blob,
       (coalesce(a.code, 0) > t.large_file)::INTEGER,
       (coalesce(a.functions, 0) > t.many_functions)::INTEGER,
       (coalesce(a.global_nesting, 0) > t.global_nesting)::INTEGER,
       coalesce(c.classes, (coalesce(a.lcom4_max, 0) > t.low_cohesion)::INTEGER), c.names
FROM {files} a
JOIN health_thresholds t ON t.language = a.language
LEFT JOIN cohesion c ON c.repo_id = a.repo_id AND c.path = a.path AND c.blob = a.blob
WHERE a.functions IS NOT NULL
"""


def findings(
    con: duckdb.DuckDBPyConnection,
    files: str,
    functions: str,
    policy: Policy,
    tree: str = "files",
    tree_functions: str = "functions",
) -> Findings:
    """Per measured file of ``files`` (``functions`` not NULL: its language has a
    grammar), its findings and where they are. ``functions``: a table or parenthesised
    query holding the functions of those blobs; ``tree``/``tree_functions``: the
    repository's files and functions duplicates are looked for in. Names are trusted."""
    _thresholds(con, files, policy)
    found: Findings = {}
    for key_a, key_b, key_c, large, many, nested, uncohesive, names in con.execute(
        _FILES.format(files=files)
    ).fetchall():
        counts = {"large_file": large, "many_functions": many, "global_nesting": nested,
                  "low_cohesion": uncohesive}  # fmt: skip
        found[key_a, key_b, key_c] = counts, {"low_cohesion": tuple(names or ())}
    sql = _FUNCTIONS.format(
        files=files,
        functions=functions,
        tree=tree,
        tree_functions=tree_functions,
        counted=counted_sql("f"),
    )
    for row in con.execute(sql).fetchall():
        entry = found.get((row[0], row[1], row[2]))
        if entry is None:
            continue
        counts, where = entry
        for index, name in enumerate(_FUNCTION_MARKERS):
            counts[name] = int(row[3 + 2 * index] or 0)
            where[name] = tuple(row[4 + 2 * index] or ())
    return found


def _thresholds(con: duckdb.DuckDBPyConnection, files: str, policy: Policy) -> None:
    """The temporary table ``health_thresholds``: per language of ``files``, its
    thresholds (the policy's, or the language's own)."""
    languages = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT language FROM {files} WHERE language IS NOT NULL"
        ).fetchall()
    ]
    columns = ", ".join(f"{column} INTEGER" for column in _COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE health_thresholds (language VARCHAR, {columns})")
    rows = [
        [language, *(getattr(for_language(policy, language), name) for name in HEALTH_THRESHOLDS)]
        for language in languages
    ]
    if rows:
        marks = ", ".join("?" for _ in range(len(HEALTH_THRESHOLDS) + 1))
        con.executemany(f"INSERT INTO health_thresholds VALUES ({marks})", rows)
