"""hotspots: complicated code that changes often, where improvements pay off first.

Measures, per file of the HEAD snapshot (``--by component``: per component), how often it
changed in the analysed history and how complex it is now; ranks by
``score = revisions × complexity`` and keeps the files at or above a cut-off.

* revisions: commits that changed the file (renames followed), within --since/--until;
  authors: distinct authors of those commits; churn: lines added + deleted by them.
* complexity (``--complexity``): ``cyclomatic`` (default): the file's total cyclomatic
  complexity, for files in a language with per-function metrics; ``indentation``:
  indentation complexity, for every measured text file; ``loc``: lines of code.
* cut-off (files only; every component is listed): the nearest-rank ``--percentile`` P
  (default 90) of the scores of all ranked files: the score of the file at rank
  ceil(P/100 × N) from the bottom, N = files with a score above 0. Files scoring at least
  the cut-off are hotspots; the note says how many of how many, and what the cut-off is.
  ``--percentile 0`` lists every ranked file.

By component, revisions count the commits that changed any file of the component
(including files deleted since), complexity sums its files at HEAD and max-cyclomatic is
the most complex function in it.
Returns: rank, entity, revisions, authors, churn, loc, cyclomatic, max-cyclomatic,
complexity (the measure ranked by), score; sorted by score descending, then entity.
Source: Tornhill, *Your Code as a Crime Scene* (2015), ch. 4-5, and *Software Design
X-Rays* (2018), ch. 2: hotspots as change frequency combined with complexity.
"""

from __future__ import annotations

import math
from fractions import Fraction

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.head import head_files
from techlead.core.errors import TechleadError

PARAMS = (
    Param("by", "file", "Per file or per component."),
    Param("complexity", "cyclomatic", "Rank by cyclomatic, indentation or loc."),
    Param("percentile", 90.0, "Cut-off: files scoring at or above this percentile."),
)

COLUMNS = (
    "rank",
    "entity",
    "revisions",
    "authors",
    "churn",
    "loc",
    "cyclomatic",
    "max-cyclomatic",
    "complexity",
    "score",
)

_MEASURES = {
    "cyclomatic": ("cyclomatic_total", "f.functions IS NOT NULL"),
    "indentation": ("indentation_total", "f.indentation_total IS NOT NULL"),
    "loc": ("code", "f.code IS NOT NULL"),
}

_BY_FILE = """
WITH history AS (
    SELECT repo_id, path, count(DISTINCT sha) AS revisions, count(DISTINCT author_id) AS authors,
           sum(coalesce(added, 0) + coalesce(deleted, 0))::BIGINT AS churn
    FROM {changes} GROUP BY repo_id, path
)
SELECT f.entity, h.revisions, h.authors, h.churn, f.code, f.cyclomatic_total,
       f.cyclomatic_max, round(f.{measure}, 1) AS complexity
FROM {files} f JOIN history h USING (repo_id, path)
WHERE {measured}
"""

_BY_COMPONENT = """
WITH history AS (
    SELECT repo_id, component, count(DISTINCT sha) AS revisions,
           count(DISTINCT author_id) AS authors,
           sum(coalesce(added, 0) + coalesce(deleted, 0))::BIGINT AS churn
    FROM {changes} GROUP BY repo_id, component
),
size AS (
    SELECT repo_id, any_value(repo) AS repo, component, sum(code)::BIGINT AS code,
           sum(cyclomatic_total)::BIGINT AS cyclomatic_total,
           max(cyclomatic_max) AS cyclomatic_max, round(sum({measure}), 1) AS complexity
    FROM {files} f WHERE {measured} GROUP BY repo_id, component
)
SELECT CASE WHEN (SELECT count(DISTINCT repo_id) FROM size) > 1
            THEN s.repo || ':' || s.component ELSE s.component END,
       h.revisions, h.authors, h.churn, s.code, s.cyclomatic_total, s.cyclomatic_max,
       s.complexity
FROM size s JOIN history h USING (repo_id, component)
"""


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    by = ANALYSIS.choice(options, "by", ("file", "component"))
    measure = ANALYSIS.choice(options, "complexity", tuple(_MEASURES))
    percentile = float(ANALYSIS.param(options, "percentile"))
    if not 0 <= percentile <= 100:
        raise TechleadError(f"--percentile {percentile:g} must be between 0 and 100")
    changes = prepare(con, options)
    files = head_files(con, options)
    column, measured = _MEASURES[measure]
    sql = (_BY_FILE if by == "file" else _BY_COMPONENT).format(
        changes=changes, files=files, measure=column, measured=measured
    )
    scored = [
        (*row, row[-1] * row[1])
        for row in con.execute(sql).fetchall()
        if row[-1] and row[-1] * row[1] > 0
    ]
    scored.sort(key=lambda row: (-row[-1], row[0]))
    # Components are few: all are ranked; the cut-off picks files.
    cutoff = _nearest_rank([row[-1] for row in scored], percentile if by == "file" else 0)
    hot = [row for row in scored if row[-1] >= cutoff]
    rows = [(rank, *_clean(row)) for rank, row in enumerate(hot, start=1)]
    if options.limit is not None:
        rows = rows[: options.limit]
    kind = "files" if by == "file" else "components"
    if not scored:
        note = f"no {kind} to rank: none changed and has {measure} complexity measured"
    elif by == "file":
        note = (
            f"{len(hot)} of {len(scored)} ranked files are hotspots: score = revisions × "
            f"{measure} complexity ≥ {_number(cutoff)} (the {percentile:g}th percentile of "
            f"scores); --percentile 0 lists them all"
        )
    else:
        note = f"{len(scored)} components ranked by score = revisions × {measure} complexity"
    return Result("hotspots", COLUMNS, rows, (note,))


def _nearest_rank(scores: list[float], percentile: float) -> float:
    """The nearest-rank percentile: the ceil(P/100 × N)-th smallest score (the smallest
    score for P = 0)."""
    if not scores:
        return math.inf
    ascending = sorted(scores)
    rank = max(1, math.ceil(Fraction(str(percentile)) / 100 * len(ascending)))
    return ascending[rank - 1]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _clean(row: tuple[object, ...]) -> tuple[object, ...]:
    *head, complexity, score = row
    return (*head, _whole(complexity), _whole(round(float(score), 1)))  # type: ignore[arg-type]


def _whole(value: object) -> object:
    """Whole floats as ints (indentation sums and scores print without a trailing .0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


ANALYSIS = Analysis(
    "hotspots",
    "Files (or components) that change often and are complex, ranked.",
    COLUMNS,
    run,
    PARAMS,
)
