"""complexity-trend: is a file (a hotspot, typically) getting better or worse?

Shows the complexity of FILE (its path at HEAD; earlier names are followed through
renames) at sampled past revisions, as the scan recorded them (``trend_samples``): the
scan measures the past versions of the files that score highest as hotspots
(mining/trends.py says which and which revisions), so this reads the warehouse only and
works wherever the repository has gone since.

* revisions: every commit that changed the file (bots and all paths included, since
  every revision changes the content), deletions left out, in commit-time order; the
  scan records all of them when there are at most 12, else 7 to 12 evenly spaced ones
  (the first and the last always), plus the trend's baseline.
* --since/--until keep the recorded samples authored in that period.
* sampling (``--samples`` K, default 12): of the m recorded samples, all when m ≤ K;
  otherwise those at indexes floor(i × (m − 1) / (K − 1) + ½) for i = 0 … K − 1, so the
  first and the last are always in; and the baseline always.
* figures per sample: as the scan measures HEAD files (docs/metrics.md "complexity"):
  lines of code, functions, cyclomatic total, max and mean, indentation complexity.
* trend (the note): the primary measure (cyclomatic total for languages with function
  metrics, else indentation) of the last revision against the baseline: the latest
  revision at least the policy's trend_window_days older (by commit time; else the
  first revision). ``rising`` when more than the policy's trend_change higher, ``falling`` when
  more than that lower, else ``flat``.

A file without recorded samples is an error that says which files the scan records and
how to record more (``techlead scan --trend-files N``).
* health: the code health of the version (docs/metrics.md "Code health"), scored from the
  functions and biomarkers the scan kept of its blob (warehouse/past_blobs.py); the note
  says how it moved between the two samples compared. Duplication is judged against
  HEAD's functions (the tree of the time is not kept).
Returns: date, commit, path, loc, functions, cyclomatic, max-cyclomatic,
mean-cyclomatic, indentation, health; oldest first.
Source: complexity trends after Tornhill, *Your Code as a Crime Scene* (2015), ch. 6.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.health import blob_health
from techlead.analyses.names import qualified_file
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result
from techlead.core.policy import DEFAULT
from techlead.core.sampling import SAMPLES, baseline_index, sample_indexes
from techlead.warehouse.policy import policy_of

__all__ = ["sample_indexes"]  # the sampling rule, for callers and tests


class TrendRow(NamedTuple):
    date: str
    commit: str
    path: str
    loc: int | None
    functions: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    mean_cyclomatic: float | None
    indentation: float | None
    health: float | None = None


@dataclass(frozen=True)
class TrendParams(Params):
    file: str = param("", "The file, by its path at HEAD.")
    samples: int = param(
        SAMPLES, "Recorded samples to show, evenly spread (first and last always).", low=1
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.file.strip():
            raise AnalysisError(
                "FILE must name a file (its path at HEAD, as `techlead complexity` lists it)"
            )


_SAMPLES = """
SELECT r.name, t.revision, t.revisions, t.sha, t.commit_time, t.author_time, t.old_path,
       t.loc, t.functions, t.cyclomatic, t.max_cyclomatic, t.mean_cyclomatic, t.indentation,
       t.repo_id, t.path, t.blob
FROM trend_samples t JOIN repos r USING (repo_id)
WHERE t.path = $file AND (len($repos) = 0 OR list_contains($repos, r.name))
ORDER BY r.name, t.revision
"""


@dataclass(frozen=True)
class Point:
    """A recorded sample: when it was committed, its figures as the command prints them,
    and whether its language has per-function metrics (what the trend compares)."""

    when: datetime
    row: TrendRow
    has_functions: bool
    version: tuple[int, str, str, str] = (0, "", "", "")  # repo_id, path, old path, blob

    @property
    def primary(self) -> float | None:
        return self.row.cyclomatic if self.has_functions else self.row.indentation


def compared(
    points: list[Point], window_days: int = DEFAULT.trend_window_days
) -> tuple[Point, Point] | None:
    """The two measured samples the trend compares: (baseline, last); see module doc."""
    measured = [p for p in points if p.primary is not None]
    if len(measured) < 2:
        return None
    last = measured[-1]
    older = [p for p in measured[:-1] if p.when <= last.when - timedelta(days=window_days)]
    return (older[-1] if older else measured[0]), last


def trend(
    points: list[Point],
    change: float = DEFAULT.trend_change,
    window_days: int = DEFAULT.trend_window_days,
) -> str | None:
    """``rising``, ``falling`` or ``flat`` (see module doc); None without two figures."""
    pair = compared(points, window_days)
    if pair is None:
        return None
    base, last = pair
    before, now = Fraction(base.primary or 0), Fraction(last.primary or 0)
    threshold = Fraction(str(change))
    if now > before * (1 + threshold):
        return "rising"
    if now < before * (1 - threshold):
        return "falling"
    return "flat"


def file_trend(
    con: duckdb.DuckDBPyConnection, options: Options, file: str, samples: int
) -> tuple[list[Point], int]:
    """The sampled complexity history of ``file`` (its path at HEAD), as the scan recorded
    it, and the file's number of revisions."""
    rows: list[tuple[Any, ...]] = con.execute(
        _SAMPLES, {"file": file, "repos": list(options.repos)}
    ).fetchall()
    if not rows:
        raise AnalysisError(_unrecorded(con, options, file))
    repos = sorted({str(row[0]) for row in rows})
    if len(repos) > 1:
        raise AnalysisError(
            f"{file!r} exists in several repositories ({', '.join(repos)}); choose one with --repo"
        )
    total = int(rows[0][2])
    points = [_point(row) for row in rows if _within(row[5], options)]
    if not points:
        return [], total
    window = timedelta(days=policy_of(con).trend_window_days)
    baseline = baseline_index([p.when for p in points], window)
    return [points[i] for i in sorted({*sample_indexes(len(points), samples), baseline})], total


def _within(authored: datetime, options: Options) -> bool:
    return (options.since is None or authored >= options.since) and (
        options.until is None or authored < options.until
    )


def _point(row: tuple[Any, ...]) -> Point:
    _, _, _, sha, when, _, path, *figures, repo_id, head_path, blob = row
    shown = TrendRow(when.strftime("%Y-%m-%d"), sha[:12], path, *figures)
    return Point(when, shown, shown.functions is not None, (repo_id, head_path, path, blob))


def with_health(con: duckdb.DuckDBPyConnection, points: list[Point]) -> list[Point]:
    """The points with the code health of each version (analyses.health.blob_health, from
    the functions the scan kept of it; None when they are not kept or its language has no
    grammar)."""
    scores = blob_health(con, [p.version for p in points])
    return [
        replace(p, row=p.row._replace(health=round(found[0], 1)))
        if (found := scores.get(p.version)) is not None
        else p
        for p in points
    ]


def _unrecorded(con: duckdb.DuckDBPyConnection, options: Options, file: str) -> str:
    """Why ``file`` has no recorded trend, and what to do."""
    found = con.execute(
        "SELECT r.name, (SELECT count(DISTINCT t.path) FROM trend_samples t "
        "WHERE t.repo_id = r.repo_id) FROM files f JOIN repos r USING (repo_id) "
        "WHERE f.path = $file AND (len($repos) = 0 OR list_contains($repos, r.name)) "
        "ORDER BY r.name",
        {"file": file, "repos": list(options.repos)},
    ).fetchall()
    if not found:
        return (
            f"no history for {file!r} in the warehouse (give its path at HEAD, as "
            "`techlead complexity` lists it)"
        )
    repo, recorded = found[0]
    if not recorded:
        return (
            f"the last scan of {repo} recorded no complexity trends (it ran before techlead "
            "recorded them, or with --no-complexity or --trend-files 0, or no file has "
            "function metrics); scan again to record them"
        )
    return (
        f"{file!r} has no recorded complexity trend: the scan records the trends of the "
        f"{recorded} files of {repo} with the highest hotspot scores (revisions × "
        "cyclomatic complexity); scan again with --trend-files N to record more"
    )


def run(con: duckdb.DuckDBPyConnection, options: Options, params: TrendParams) -> Result[TrendRow]:
    named = qualified_file(con, params.file)  # ``repo:path``, as outputs across repos name it
    if named is not None:
        if options.repos and named.repo not in options.repos:
            asked = ", ".join(options.repos)
            raise AnalysisError(f"{params.file!r} is a file of {named.repo}, not of --repo {asked}")
        options = replace(options, repos=(named.repo,))
    file = named.path if named is not None else params.file
    points, total = file_trend(con, options, file, params.samples)
    points = with_health(con, points)
    policy = policy_of(con)
    rows = [p.row for p in points]
    note = _note(points, total, policy.trend_change, policy.trend_window_days)
    return Result.of("complexity-trend", TrendRow, rows, (note,))


def _note(points: list[Point], total: int, change: float, window_days: int) -> str:
    pair, verdict = compared(points, window_days), trend(points, change, window_days)
    if pair is None or verdict is None:
        return "trend: unknown (fewer than two measured revisions)"
    base, last = pair
    measure = "cyclomatic complexity" if last.has_functions else "indentation complexity"
    healths = (base.row.health, last.row.health)
    health = (f"; code health {healths[0]:.1f} → {healths[1]:.1f}"
              if healths[0] is not None and healths[1] is not None else "")  # fmt: skip
    return (
        f"trend: {verdict} ({measure} {_figure(base.primary)} on {base.when:%Y-%m-%d} → "
        f"{_figure(last.primary)} on {last.when:%Y-%m-%d}{health}; "
        f"{len(points)} of {total} revisions sampled, bots included: each changes the content)"
    )


def _figure(value: float | None) -> str:
    value = value or 0
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


ANALYSIS = Analysis(
    "complexity-trend",
    "Complexity of one file at sampled past revisions: improving or decaying?",
    TrendRow,
    TrendParams,
    run,
    argument="file",
)
