"""complexity-trend: is a file (a hotspot, typically) getting better or worse?

Measures the complexity of FILE (its path at HEAD; earlier names are followed through
renames) at sampled past revisions, reading each revision's blob from the repository
with git, so the repository must still be where it was scanned.

* revisions: every commit that changed the file (bots and all paths included, since
  every revision changes the content), deletions left out, within --since/--until,
  in commit-time order.
* sampling (``--samples`` K, default 12): all revisions when there are at most K;
  otherwise revisions at indexes floor(i × (n − 1) / (K − 1) + ½) for i = 0 … K − 1, so
  the first and the last revision are always in, and so is the trend's baseline.
* figures per sample: as the scan measures HEAD files (docs/metrics.md "complexity"):
  lines of code, functions, cyclomatic total, max and mean, indentation complexity.
* trend (the note): the primary measure (cyclomatic total for languages with function
  metrics, else indentation) of the last revision against the baseline: the latest
  revision at least 365 days older (by commit time; else the first revision). ``rising``
  when more than 5% higher, ``falling`` when more than 5% lower, else ``flat``.

Returns: date, commit, path, loc, functions, cyclomatic, max-cyclomatic,
mean-cyclomatic, indentation; oldest first.
Source: complexity trends after Tornhill, *Your Code as a Crime Scene* (2015), ch. 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.core.errors import TechleadError
from techlead.core.model import Options, Result
from techlead.git.runner import cat_file_batch
from techlead.mining.languages import detect_language
from techlead.mining.linecount import count_lines, is_binary
from techlead.mining.measuring import MAX_BYTES, measure_bytes


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


@dataclass(frozen=True)
class TrendParams(Params):
    file: str = param("", "The file, by its path at HEAD.")
    samples: int = param(12, "Revisions to measure, evenly spread (first and last always).", low=1)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.file.strip():
            raise TechleadError(
                "FILE must name a file (its path at HEAD, as `techlead complexity` lists it)"
            )


CHANGE_THRESHOLD = Fraction(5, 100)
TREND_WINDOW = timedelta(days=365)

_REVISIONS = """
SELECT a.repo, r.path AS repo_path, a.sha, c.commit_time, a.original_path, fc.new_blob
FROM {table} a
JOIN file_changes fc ON fc.repo_id = a.repo_id AND fc.sha = a.sha AND fc.path = a.original_path
JOIN commits c ON c.repo_id = a.repo_id AND c.sha = a.sha
JOIN repos r ON r.repo_id = a.repo_id
WHERE a.path = $file AND a.change_type <> 'D' AND fc.new_blob IS NOT NULL
ORDER BY c.commit_time, a.author_time, a.sha
"""


@dataclass(frozen=True)
class Point:
    when: datetime
    commit: str
    path: str
    loc: int | None
    functions: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    mean_cyclomatic: float | None
    indentation: float | None
    has_functions: bool  # the language has per-function metrics

    @property
    def primary(self) -> float | None:
        return self.cyclomatic if self.has_functions else self.indentation


def sample_indexes(count: int, samples: int) -> list[int]:
    """Indexes of ``samples`` revisions spread evenly over ``count`` (see module doc)."""
    if count <= samples:
        return list(range(count))
    if samples == 1:
        return [count - 1]
    return sorted(
        {
            math.floor(Fraction(i * (count - 1), samples - 1) + Fraction(1, 2))
            for i in range(samples)
        }
    )


def compared(points: list[Point]) -> tuple[Point, Point] | None:
    """The two measured samples the trend compares: (baseline, last); see module doc."""
    measured = [p for p in points if p.primary is not None]
    if len(measured) < 2:
        return None
    last = measured[-1]
    older = [p for p in measured[:-1] if p.when <= last.when - TREND_WINDOW]
    return (older[-1] if older else measured[0]), last


def trend(points: list[Point]) -> str | None:
    """``rising``, ``falling`` or ``flat`` (see module doc); None without two figures."""
    pair = compared(points)
    if pair is None:
        return None
    base, last = pair
    before, now = Fraction(base.primary or 0), Fraction(last.primary or 0)
    if now > before * (1 + CHANGE_THRESHOLD):
        return "rising"
    if now < before * (1 - CHANGE_THRESHOLD):
        return "falling"
    return "flat"


def file_trend(
    con: duckdb.DuckDBPyConnection, options: Options, file: str, samples: int
) -> tuple[list[Point], int]:
    """The sampled complexity history of ``file`` (its path at HEAD) and its number of
    revisions."""
    everything = replace(
        options,
        include_bots=True,
        include_generated=True,
        follow_renames=True,
        paths=(),
        components=(),
    )
    table = prepare(con, everything)
    revisions = con.execute(_REVISIONS.format(table=table), {"file": file}).fetchall()
    if not revisions:
        raise TechleadError(
            f"no history for {file!r} in the warehouse (give its path at HEAD, as "
            "`techlead complexity` lists it)"
        )
    repos = sorted({row[0] for row in revisions})
    if len(repos) > 1:
        raise TechleadError(
            f"{file!r} exists in several repositories ({', '.join(repos)}); choose one with --repo"
        )
    indexes = {*sample_indexes(len(revisions), samples), _baseline(revisions)}
    chosen = [revisions[i] for i in sorted(indexes)]
    repo_path = Path(chosen[0][1])
    if not repo_path.exists():
        raise TechleadError(
            f"cannot read {file!r}'s past versions: repository {repos[0]} is no longer at "
            f"{repo_path}"
        )
    blobs = [row[5] for row in chosen]
    contents = dict(cat_file_batch(repo_path, sorted(set(blobs))))
    return [_point(row, contents.get(row[5])) for row in chosen], len(revisions)


def _baseline(revisions: list[tuple[object, ...]]) -> int:
    """The index of the latest revision at least TREND_WINDOW older than the last."""
    last = revisions[-1][3]
    assert isinstance(last, datetime)
    older = [i for i, row in enumerate(revisions) if row[3] <= last - TREND_WINDOW]  # type: ignore[operator]
    return older[-1] if older else 0


def _point(row: tuple[object, ...], content: bytes | None) -> Point:
    _, _, sha, when, path, _ = row
    assert isinstance(when, datetime) and isinstance(path, str) and isinstance(sha, str)
    empty = Point(when, sha[:12], path, None, None, None, None, None, None, False)
    if content is None or is_binary(content):
        return empty
    language = detect_language(path, content[:256])
    loc = count_lines(content, language).code
    if len(content) > MAX_BYTES:
        return replace(empty, loc=loc)
    name = language.name if language else None
    m = measure_bytes(content, name, path)
    mean = round((m.cyclomatic_total or 0) / m.functions, 2) if m.functions else None
    return Point(
        when,
        sha[:12],
        path,
        loc,
        m.functions,
        m.cyclomatic_total,
        m.cyclomatic_max,
        mean,
        m.indentation_total,
        m.functions is not None,
    )


def run(con: duckdb.DuckDBPyConnection, options: Options, params: TrendParams) -> Result[TrendRow]:
    points, total = file_trend(con, options, params.file, params.samples)
    rows = [
        TrendRow(p.when.strftime("%Y-%m-%d"), p.commit, p.path, p.loc, p.functions,
                 p.cyclomatic, p.max_cyclomatic, p.mean_cyclomatic, p.indentation)
        for p in points
    ]  # fmt: skip
    return Result.of("complexity-trend", TrendRow, rows, (_note(points, total),))


def _note(points: list[Point], total: int) -> str:
    pair, verdict = compared(points), trend(points)
    if pair is None or verdict is None:
        return "trend: unknown (fewer than two measured revisions)"
    base, last = pair
    measure = "cyclomatic complexity" if last.has_functions else "indentation complexity"
    return (
        f"trend: {verdict} ({measure} {_figure(base.primary)} on {base.when:%Y-%m-%d} → "
        f"{_figure(last.primary)} on {last.when:%Y-%m-%d}; "
        f"{len(points)} of {total} revisions sampled)"
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
