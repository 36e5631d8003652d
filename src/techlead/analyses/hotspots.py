"""hotspots: complicated code that changes often, where improvements pay off first.

Measures, per file of the HEAD snapshot (as of ``--until``: of that date's tree,
analyses.as_of; ``--by component``: per component), how often it changed in the analysed
history and how complex it is at the snapshot; ranks by
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
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.core.model import Entity, Options, Result
from techlead.core.policy import hotspot_score
from techlead.warehouse.policy import policy_of


class HotspotRow(NamedTuple):
    rank: int
    entity: Entity
    revisions: int
    authors: int
    churn: int
    loc: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    complexity: float
    score: float


@dataclass(frozen=True)
class HotspotParams(Params):
    by: str = param("file", "Per file or per component.", choices=("file", "component"))
    complexity: str = param(
        "cyclomatic", "Rank by cyclomatic, indentation or loc.",
        choices=("cyclomatic", "indentation", "loc"))  # fmt: skip
    percentile: float | None = param(
        None, "Cut-off: files scoring at or above this percentile.",
        policy="hotspot_percentile")  # fmt: skip


@dataclass(frozen=True)
class Ranking:
    """Every ranked file (or component), best first, and the hotspots among them."""

    ranked: list[HotspotRow]
    hot: list[HotspotRow]
    cutoff: float
    percentile: float
    note: str


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
SELECT f.repo, f.path, f.entity, h.revisions, h.authors, h.churn, f.code, f.cyclomatic_total,
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
SELECT s.repo, s.component,
       CASE WHEN (SELECT count(DISTINCT repo_id) FROM size) > 1
            THEN s.repo || ':' || s.component ELSE s.component END,
       h.revisions, h.authors, h.churn, s.code, s.cyclomatic_total, s.cyclomatic_max,
       s.complexity
FROM size s JOIN history h USING (repo_id, component)
"""


def rank(con: duckdb.DuckDBPyConnection, options: Options, params: HotspotParams) -> Ranking:
    """Score every file (or component) and cut the hotspots at the percentile."""
    percentile = (
        params.percentile if params.percentile is not None else policy_of(con).hotspot_percentile
    )
    changes = prepare(con, options)
    files = head_files(con, options)
    column, measured = _MEASURES[params.complexity]
    sql = (_BY_FILE if params.by == "file" else _BY_COMPONENT).format(
        changes=changes, files=files, measure=column, measured=measured
    )
    found = con.execute(sql).fetchall()
    scored = [
        (label, named(repo, path, label != path), revs, authors, churn, loc, cyclo, worst,
         _whole(complexity), hotspot_score(revs, complexity))
        for repo, path, label, revs, authors, churn, loc, cyclo, worst, complexity in found
        if complexity and hotspot_score(revs, complexity) > 0
    ]  # fmt: skip
    scored.sort(key=lambda row: (-row[-1], row[0]))
    ranked = [
        HotspotRow(i, *row[1:-1], _whole(round(float(row[-1]), 1)))
        for i, row in enumerate(scored, start=1)
    ]
    # Components are few: all are ranked; the cut-off picks files.
    cutoff = nearest_rank([r.score for r in ranked], percentile if params.by == "file" else 0)
    hot = [row for row in ranked if row.score >= cutoff]
    return Ranking(ranked, hot, cutoff, percentile,
                   _note(params, len(hot), len(ranked), cutoff, percentile))  # fmt: skip


def _note(params: HotspotParams, hot: int, ranked: int, cutoff: float, percentile: float) -> str:
    kind = "files" if params.by == "file" else "components"
    measure = params.complexity
    if not ranked:
        return f"no {kind} to rank: none changed and has {measure} complexity measured"
    if params.by == "file":
        return (
            f"{hot} of {ranked} ranked files are hotspots: score = revisions × "
            f"{measure} complexity ≥ {_number(cutoff)} (the {percentile:g}th percentile of "
            f"scores); --percentile 0 lists them all"
        )
    return f"{ranked} components ranked by score = revisions × {measure} complexity"


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: HotspotParams
) -> Result[HotspotRow]:
    ranking = rank(con, options, params)
    rows = ranking.hot[: options.limit] if options.limit is not None else ranking.hot
    return Result.of("hotspots", HotspotRow, rows, (ranking.note,))


def nearest_rank(scores: list[float], percentile: float) -> float:
    """The nearest-rank percentile: the ceil(P/100 × N)-th smallest score (the smallest
    score for P = 0)."""
    if not scores:
        return math.inf
    ascending = sorted(scores)
    position = max(1, math.ceil(Fraction(str(percentile)) / 100 * len(ascending)))
    return ascending[position - 1]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _whole(value: float) -> float:
    """Whole floats as ints (indentation sums and scores print without a trailing .0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


ANALYSIS = Analysis(
    "hotspots",
    "Files (or components) that change often and are complex, ranked.",
    HotspotRow,
    HotspotParams,
    run,
)
