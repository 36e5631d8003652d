"""Complexity trends, recorded at scan time for the files most worth watching.

``complexity-trend`` and the risk register judge whether a hotspot is getting more
complex; both read ``trend_samples``, which this module fills, so neither needs the
repository (it may have moved or gone since the scan).

* files: the N files at HEAD that score highest as hotspots: commits that changed the
  file (renames followed, bots and vendored/generated/excluded changes left out) × its
  cyclomatic complexity at HEAD; files without function metrics, vendored, generated or
  excluded ones left out; ties by path. That is the score ``analyses/hotspots.py``
  ranks by with its defaults (mining sits below the analyses, so the query is repeated
  here). N defaults to twice the policy's trend_hotspots (20), so the hotspots the
  register judges are among them with room to spare; ``techlead scan --trend-files N``
  changes it.
* revisions of a file: every commit that changed it (bots and all paths included, since
  every revision changes the content), renames followed back in time, deletions left
  out, in commit-time order (then author time, then sha), as ``analyses/changes.py``
  follows renames.
* samples (:func:`recorded_indexes`): all n revisions when n ≤ 12 (:data:`SAMPLES`);
  else every s-th revision from the first (indexes 0, s, 2s, ...) and the last, s the
  smallest power of two that keeps them within 12 (so 7 to 12 samples). Plus the
  baseline: the latest revision at least the policy's trend_window_days older than the
  last (else the first). Powers of two keep the samples stable as history grows: a new
  commit adds its own revision (and a new baseline) and, when s doubles, every other
  sample is dropped; none has to be measured again. (Even spacing recomputed over n + 1
  revisions would move half of them at every commit.)
* figures of a sample, as the snapshot measures HEAD files: lines of code, functions,
  cyclomatic total, max and mean (2 decimals), indentation complexity; files over 1 MiB
  get lines of code only, binary ones no figures.

Measurements are cached by (blob, path): a re-scan measures only the revisions it has
not measured before. The past versions measured here are also kept in the warehouse's
store of past blobs (``past_files``, ``past_functions``: warehouse/past_blobs.py) with
their functions and biomarkers, so that the health of each sample is scored when read, and
a history of the hotspot metrics never measures them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.core.policy import Policy, counted_sql, hotspot_score_sql
from techlead.core.renames import rename_intervals, renamed_sql
from techlead.core.sampling import baseline_index, recorded_indexes
from techlead.mining.snapshot import FILE_SCHEMA, FUNCTION_SCHEMA
from techlead.mining.trend_measuring import Figures, Kept, Measuring, mean
from techlead.warehouse import past_blobs
from techlead.warehouse.load import insert_arrow, table_from_rows


def trend_files(policy: Policy, chosen: int | None = None) -> int:
    """How many files a scan records trends for: ``chosen``, else twice the policy's
    trend_hotspots (each costs a dozen past versions measured on the first scan)."""
    return chosen if chosen is not None else 2 * policy.trend_hotspots


SAMPLE_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("revision", pa.int32()),
        ("revisions", pa.int32()),
        ("sha", pa.string()),
        ("commit_time", pa.timestamp("us", tz="UTC")),
        ("author_time", pa.timestamp("us", tz="UTC")),
        ("old_path", pa.string()),
        ("blob", pa.string()),
        ("status", pa.string()),
        ("loc", pa.int32()),
        ("functions", pa.int32()),
        ("cyclomatic", pa.int32()),
        ("max_cyclomatic", pa.int32()),
        ("mean_cyclomatic", pa.float64()),
        ("indentation", pa.float64()),
    ]
)

# What a trend sample keeps of a past version (the facts of FILE_SCHEMA it knows).
PAST_FILE_SCHEMA = pa.schema(
    [
        ("repo_id", pa.int32()),
        *(
            FILE_SCHEMA.field(name)
            for name in ("path", "blob", "language", "is_binary", "lines", "code", "comment",
                         "blank", "generated_marker", "functions", "cyclomatic_total",
                         "cyclomatic_max", "indentation_total", "indentation_max",
                         "indentation_mean", "documentable", "documented", "global_nesting",
                         "classes", "lcom4_max")
        ),
    ]
)  # fmt: skip

PAST_FUNCTION_SCHEMA = pa.schema(
    [("repo_id", pa.int32()), *((f.name, f.type) for f in FUNCTION_SCHEMA)]
)

_RENAMES = """
SELECT fc.repo_id, fc.old_path, fc.path, c.author_time
FROM file_changes fc JOIN commits c USING (repo_id, sha)
WHERE fc.repo_id = $repo AND fc.change_type = 'R'
ORDER BY c.author_time
"""

# Two narrow queries instead of one over every change with all its columns (which held
# ~270 MB on 100,000 commits): first the hotspots' ranking, from the counted changes'
# (sha, path, time) only, then the revisions of the chosen files, from the changes to
# their paths and the paths renamed to them only. Both follow renames as
# analyses/changes.py does (a change to an old path is counted for the path it was
# renamed to next, along the chain), on this repository's rows only. ``_trend_paths``
# holds the paths whose changes may end at a wanted path: the wanted ones and the old
# paths renamed to them (a change keeps its path or takes a rename's final path).
_RANKED = f"""
WITH raw AS (
    SELECT fc.sha, fc.path AS original_path, c.author_time
    FROM file_changes fc
    JOIN commits c USING (repo_id, sha)
    JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
    WHERE fc.repo_id = $repo AND NOT p.is_bot AND {counted_sql("fc")}
      AND fc.path IN (SELECT path FROM _trend_paths)
),
named AS ({renamed_sql("raw", "_trend_renames")})
-- hotspots' score with its defaults: revisions × cyclomatic complexity at HEAD
SELECT f.path
FROM files f
JOIN (SELECT path, count(DISTINCT sha) AS revisions FROM named GROUP BY path) h USING (path)
WHERE f.repo_id = $repo AND f.functions IS NOT NULL AND f.cyclomatic_total > 0
  AND {counted_sql("f")}
ORDER BY {hotspot_score_sql("h.revisions", "f.cyclomatic_total")} DESC, f.path
LIMIT $files
"""

_REVISIONS = f"""
WITH raw AS (
    SELECT fc.sha, fc.path AS original_path, fc.change_type, fc.new_blob, c.author_time,
           c.commit_time
    FROM file_changes fc
    JOIN commits c USING (repo_id, sha)
    JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
    WHERE fc.repo_id = $repo AND fc.path IN (SELECT path FROM _trend_paths)
),
named AS ({renamed_sql("raw", "_trend_renames")})
SELECT n.path, n.sha, n.commit_time, n.author_time, n.original_path, n.new_blob
FROM named n
WHERE list_contains($chosen, n.path) AND n.change_type <> 'D' AND n.new_blob IS NOT NULL
ORDER BY n.path, n.commit_time, n.author_time, n.sha
"""

_CANDIDATES = """
SELECT path FROM files
WHERE repo_id = $repo AND functions IS NOT NULL AND cyclomatic_total > 0
"""

_RENAME_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("until", pa.timestamp("us", tz="UTC")),
        ("final_path", pa.string()),
    ]
)


@dataclass(frozen=True)
class TrendScan:
    """What recording the trends did."""

    files: int = 0  # files whose trend is recorded
    samples: int = 0
    blobs_read: int = 0  # past versions read from git (the rest came from the cache)
    blobs_measured: int = 0


Revision = tuple[str, str, datetime, datetime, str, str]  # path, sha, times, old path, blob


TrendCache = dict[tuple[str, str], Figures]
Chosen = tuple[Revision, int, int]  # a sample: its revision, index, the file's revisions


class PendingTrends:
    """The trends of one scan, their past versions read and measured in a thread (their
    measuring in worker processes) while the scan stores the rest: :func:`start_trends`
    makes it, :meth:`finish` stores the samples; leaving the ``with`` block without
    finishing (an error, Ctrl-C) stops the measuring at once."""

    def __init__(self, repo_id: int, cache: TrendCache, chosen: list[Chosen],
                 measuring: Measuring) -> None:  # fmt: skip
        self.repo_id, self.cache, self.chosen, self._measuring = repo_id, cache, chosen, measuring

    def finish(self, con: duckdb.DuckDBPyConnection) -> TrendScan:
        """Replace the repository's ``trend_samples`` (inside the scan's transaction)."""
        measured, kept, read = self._measuring.result()
        _keep(con, self.repo_id, kept)
        figures = {**self.cache, **measured}
        rows = [
            (path, index + 1, total, sha, commit_time, author_time, old_path, blob,
             *figures.get((blob, old_path), Figures("missing")))
            for (path, sha, commit_time, author_time, old_path, blob), index, total
            in self.chosen
        ]  # fmt: skip
        con.execute("DELETE FROM trend_samples WHERE repo_id = ?", [self.repo_id])
        insert_arrow(
            con,
            "trend_samples",
            table_from_rows(SAMPLE_SCHEMA, rows),
            "$repo AS repo_id, *",
            {"repo": self.repo_id},
        )
        return TrendScan(len({r[0] for r in rows}), len(rows), read, len(measured))

    def __enter__(self) -> PendingTrends:
        return self

    def __exit__(self, *exc: object) -> None:
        self._measuring.stop()


def start_trends(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    repo_path: Path,
    files: int,
    window: timedelta,
    cache: TrendCache,
    missing: frozenset[str] = frozenset(),
    workers: int = 1,
) -> PendingTrends:
    """Choose the samples (the history and the HEAD snapshot must be stored already) and
    start measuring those not measured before. ``cache`` is what
    :func:`read_trend_cache` read before the scan changed anything."""
    known = {**_at_head(con, repo_id), **_in_store(con, repo_id)}
    cache = {**known, **_still_held(cache, known)}
    chosen = _chosen(_revisions(con, repo_id, files), window)
    wanted = sorted(
        {(r[5], r[4]) for r, _, _ in chosen if (r[5], r[4]) not in cache and r[5] not in missing}
    )
    return PendingTrends(repo_id, cache, chosen, Measuring(repo_path, wanted, workers))


def _at_head(con: duckdb.DuckDBPyConnection, repo_id: int) -> TrendCache:
    """The figures the HEAD snapshot measured, by (blob, path): the last revision of a
    file is usually its blob at HEAD, measured the same way (same content, same path)."""
    return _measured_in(con, repo_id, "files")


def _in_store(con: duckdb.DuckDBPyConnection, repo_id: int) -> TrendCache:
    """The figures of the past versions a history (analyses.as_of) or an earlier scan
    measured into the store of past blobs, by (blob, path): each blob is measured once."""
    return _measured_in(con, repo_id, "past_files")


def _measured_in(con: duckdb.DuckDBPyConnection, repo_id: int, table: str) -> TrendCache:
    """The figures of the measured rows of ``table`` (``files`` or ``past_files``, a
    trusted name), by (blob, path)."""
    rows = con.execute(
        "SELECT blob, path, any_value(code), any_value(functions), any_value(cyclomatic_total), "
        f"any_value(cyclomatic_max), any_value(indentation_total) FROM {table} "
        "WHERE repo_id = ? AND indentation_total IS NOT NULL GROUP BY blob, path",
        [repo_id],
    ).fetchall()
    return {
        (blob, path): Figures("measured", code, n, total, top, mean(total, n), indentation)
        for blob, path, code, n, total, top, indentation in rows
    }


def _still_held(cache: TrendCache, known: TrendCache) -> TrendCache:
    """The cached figures whose functions are still at hand (their blob is in ``known``:
    measured at HEAD or kept in the store of past blobs), and those never measured (large,
    binary). The rest are measured again: the health of a sample is scored from its
    functions, and the store may have been emptied (or HEAD moved past a version)."""
    held = {blob for blob, _ in known}
    return {
        key: figures
        for key, figures in cache.items()
        if figures.status != "measured" or key[0] in held
    }


def read_trend_cache(con: duckdb.DuckDBPyConnection, repo_id: int) -> TrendCache:
    """Figures of the revisions measured before, by (blob, path): a content that was not
    there to read (a partial clone) is tried again."""
    rows = con.execute(
        "SELECT DISTINCT blob, old_path, status, loc, functions, cyclomatic, max_cyclomatic, "
        "mean_cyclomatic, indentation FROM trend_samples "
        "WHERE repo_id = ? AND status <> 'missing'",
        [repo_id],
    ).fetchall()
    return {(blob, path): Figures(*figures) for blob, path, *figures in rows}


def _revisions(con: duckdb.DuckDBPyConnection, repo_id: int, files: int) -> list[Revision]:
    if files <= 0:
        return []
    renames = con.execute(_RENAMES, {"repo": repo_id}).fetchall()
    intervals = [
        (path, until, final)
        for _, path, until, final in rename_intervals([(0, old, new, when)
                                                       for _, old, new, when in renames])
    ]  # fmt: skip
    repo = {"repo": repo_id}
    ranked = {path for (path,) in con.execute(_CANDIDATES, repo).fetchall()}
    con.register("_trend_renames", table_from_rows(_RENAME_SCHEMA, intervals))
    try:
        _register_paths(con, _feeding(ranked, intervals))
        chosen = [path for (path,) in con.execute(_RANKED, {**repo, "files": files}).fetchall()]
        _register_paths(con, _feeding(set(chosen), intervals))
        rows = con.execute(_REVISIONS, {**repo, "chosen": chosen}).fetchall() if chosen else []
    finally:
        con.unregister("_trend_renames")
        con.unregister("_trend_paths")
    return [(str(p), str(s), c, a, str(o), str(b)) for p, s, c, a, o, b in rows]


def _feeding(wanted: set[str], intervals: list[tuple[str, object, str]]) -> list[str]:
    """The paths whose changes may be counted for a path of ``wanted`` once renames are
    followed: those paths and every old path renamed (along a chain) to one of them."""
    return sorted(wanted | {old for old, _, final in intervals if final in wanted})


def _register_paths(con: duckdb.DuckDBPyConnection, paths: list[str]) -> None:
    con.register("_trend_paths", pa.table({"path": pa.array(paths, pa.string())}))


def _chosen(revisions: list[Revision], window: timedelta) -> list[Chosen]:
    """(revision, its index, the file's number of revisions) of every sample."""
    by_path: dict[str, list[Revision]] = {}
    for revision in revisions:
        by_path.setdefault(revision[0], []).append(revision)
    chosen = []
    for history in by_path.values():
        baseline = baseline_index([r[2] for r in history], window)
        for index in sorted({*recorded_indexes(len(history)), baseline}):
            chosen.append((history[index], index, len(history)))
    return chosen


def _keep(con: duckdb.DuckDBPyConnection, repo_id: int, kept: Kept) -> None:
    """Put the past versions just measured in the store of past blobs (those HEAD holds
    are in ``files`` and ``functions`` already)."""
    at_head = {
        blob
        for (blob,) in con.execute(
            "SELECT DISTINCT blob FROM files WHERE repo_id = ?", [repo_id]
        ).fetchall()
    }
    files = [
        (repo_id, path, blob, name, False, c.lines, c.code, c.comment, c.blank, False,
         m.functions, m.cyclomatic_total, m.cyclomatic_max, m.indentation_total,
         m.indentation_max, m.indentation_mean, m.documentable, m.documented,
         m.global_nesting, m.classes, m.lcom4_max)
        for blob, path, c, name, m in kept
        if blob not in at_head
    ]  # fmt: skip
    functions = [
        (repo_id, blob, name, *row)
        for blob, _, _, name, m in kept
        if blob not in at_head and name is not None
        for row in m.rows
    ]
    if files:
        past_blobs.write(
            con,
            [(table_from_rows(PAST_FILE_SCHEMA, files),
              table_from_rows(PAST_FUNCTION_SCHEMA, functions))],
        )  # fmt: skip
