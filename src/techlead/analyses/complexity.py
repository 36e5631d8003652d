"""complexity: per-file and per-function complexity of the code at HEAD.

Measures, for each file of the HEAD snapshot measured by the scan (text files up to
1 MiB that are not vendored, generated or excluded), the complexity figures of
docs/metrics.md "complexity": functions, cyclomatic complexity (total, maximum and mean
per function), lines of code and indentation complexity; with ``--by function``, each
function's cyclomatic complexity, length, nesting depth and parameter count.
Reads: ``files`` and ``functions`` (the HEAD snapshot of the last scan), filtered by
--repo, --path, --component and --include-generated.
Returns, --by file: entity, language, loc, functions, cyclomatic, max-cyclomatic,
mean-cyclomatic, indentation, max-indentation, sorted by cyclomatic descending, then
indentation descending, then entity. --by function: entity, function, line, length,
cyclomatic, nesting, parameters, sorted by cyclomatic, then length, descending.
Sources: McCabe (1976); indentation complexity after Hindle, Godfrey & Holt (ICPC 2008)
and Tornhill (2015); per-function parsing by lizard.
"""

from __future__ import annotations

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.head import head_files

PARAMS = (Param("by", "file", "Per file or per function."),)

FILE_COLUMNS = (
    "entity",
    "language",
    "loc",
    "functions",
    "cyclomatic",
    "max-cyclomatic",
    "mean-cyclomatic",
    "indentation",
    "max-indentation",
)
FUNCTION_COLUMNS = (
    "entity",
    "function",
    "line",
    "length",
    "cyclomatic",
    "nesting",
    "parameters",
)

_BY_FILE = """
SELECT entity, language, code, functions, cyclomatic_total, cyclomatic_max,
       CASE WHEN functions > 0 THEN round(cyclomatic_total / functions, 2) END,
       round(indentation_total, 1), indentation_max
FROM {table} WHERE indentation_total IS NOT NULL
ORDER BY cyclomatic_total DESC, indentation_total DESC, entity
LIMIT $limit
"""

_BY_FUNCTION = """
SELECT f.entity, fn.name, fn.start_line, fn.length, fn.cyclomatic, fn.nesting, fn.parameters
FROM {table} f JOIN functions fn
  ON fn.repo_id = f.repo_id AND fn.blob = f.blob AND fn.language = f.language
ORDER BY fn.cyclomatic DESC, fn.length DESC, f.entity, fn.start_line, fn.name
LIMIT $limit
"""


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    by = ANALYSIS.choice(options, "by", ("file", "function"))
    table = head_files(con, options)
    sql, columns = (_BY_FILE, FILE_COLUMNS) if by == "file" else (_BY_FUNCTION, FUNCTION_COLUMNS)
    rows = con.execute(sql.format(table=table), {"limit": options.limit}).fetchall()
    notes = []
    if not rows and _unmeasured(con, table):
        notes.append(
            "no complexity figures: the last scan did not measure complexity "
            "(scanned with --no-complexity or [mining] complexity = false)"
        )
    return Result("complexity", columns, rows, tuple(notes))


def _unmeasured(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    rows = con.execute(
        f"SELECT count(*) FILTER (lines IS NOT NULL) > 0 AND count(indentation_total) = 0 "
        f"FROM {table}"
    ).fetchall()
    return bool(rows[0][0])


ANALYSIS = Analysis(
    "complexity",
    "Complexity of the code at HEAD, per file or per function.",
    FILE_COLUMNS,
    run,
    PARAMS,
)
