"""The manifests' history: every version of a manifest or lockfile that was on HEAD's main
line, parsed once per blob into ``manifest_blobs`` and ``manifest_blob_dependencies``.

``tree_spans`` says which blob each path held at every main-line position, so the
dependencies as of position *p* are a join: the spans alive at *p* whose (path, blob) has
dependency rows. Each distinct (path, blob) is read with one ``git cat-file --batch`` and
parsed by the same parser as HEAD's inventory (the parser depends on the path), each file
on its own: includes (``-r other.txt``) of past versions are not followed, and no
lockfile is merged with its manifest (a lockfile's rows keep the ``direct`` flag the
lockfile itself gives).

Incremental: versions parsed by an earlier scan are not read again (the rows are a cache
by content, kept when a repository is mined again and pruned to the main line's blobs).
A scan reads at most the policy's ``manifest_history_blobs`` versions, the newest first,
and says so; the next scan goes on with the older ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead import __version__
from techlead.git.runner import cat_file_batch
from techlead.mining.manifests import Unreadable, parse_file, parser_for
from techlead.mining.manifests.model import Parsed
from techlead.warehouse.load import insert_arrow, table_from_rows

BLOB_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("blob", pa.string()),
        ("kind", pa.string()),
        ("status", pa.string()),
        ("dependencies", pa.int32()),
    ]
)
DEPENDENCY_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("blob", pa.string()),
        ("ecosystem", pa.string()),
        ("name", pa.string()),
        ("version", pa.string()),
        ("direct", pa.bool_()),
        ("dev", pa.bool_()),
    ]
)
FILE_MODES = ("100644", "100755")  # regular files (not links, not submodules)
# the end of the warning of a scan that left versions unread (the policy's cap)
LEFT_FOR_NEXT_SCAN = "older ones are left for the next scan (policy manifest_history_blobs)"

# The (path, blob) pairs of the manifest paths not parsed yet, newest span first.
_PENDING = """
SELECT s.path, s.blob, max(s.since_pos) AS newest
FROM tree_spans s
WHERE s.repo_id = $repo AND list_contains($paths, s.path) AND list_contains($modes, s.mode)
  AND NOT EXISTS (SELECT 1 FROM manifest_blobs m
                  WHERE m.repo_id = $repo AND m.path = s.path AND m.blob = s.blob)
GROUP BY s.path, s.blob
ORDER BY newest DESC, s.path, s.blob
"""


@dataclass(frozen=True)
class HistoryScan:
    read: int = 0  # versions parsed by this scan
    left: int = 0  # versions left for a later scan (the policy's cap)


def update_manifest_history(
    con: duckdb.DuckDBPyConnection, repo_id: int, repo: Path, cap: int
) -> HistoryScan:
    """Parse the main line's manifest versions that no scan parsed yet, at most ``cap``
    of them (the newest first), inside the scan's transaction."""
    _prune(con, repo_id)
    paths = [
        str(path)
        for (path,) in con.execute(
            "SELECT DISTINCT path FROM tree_spans WHERE repo_id = ?", [repo_id]
        ).fetchall()
        if parser_for(str(path)) is not None
    ]
    found = con.execute(
        _PENDING, {"repo": repo_id, "paths": paths, "modes": list(FILE_MODES)}
    ).fetchall()
    pending = [(str(path), str(blob)) for path, blob, _ in found]
    chosen, left = pending[:cap], len(pending) - min(cap, len(pending))
    blobs: list[tuple[str, str, str | None, str, int]] = []
    deps: list[tuple[str, str, str, str, str | None, bool, bool]] = []
    for path, blob, parsed, status in _parse_all(repo, chosen):
        count = len(parsed.dependencies) if parsed else 0
        blobs.append((path, blob, parsed.kind.value if parsed else None, status, count))
        if parsed:
            deps.extend(_rows(path, blob, parsed))
    params = {"repo": repo_id}
    insert_arrow(con, "manifest_blobs", table_from_rows(BLOB_SCHEMA, blobs),
                 "$repo AS repo_id, *", params)  # fmt: skip
    insert_arrow(con, "manifest_blob_dependencies", table_from_rows(DEPENDENCY_SCHEMA, deps),
                 "$repo AS repo_id, *", params)  # fmt: skip
    return HistoryScan(len(chosen), left)


def manifests_settled(con: duckdb.DuckDBPyConnection, repo_id: int) -> bool:
    """Whether the repository's last scan, by this version of techlead, left no manifest
    version unread: with HEAD where it was, its main line holds none to read (0.56 s of
    queries saved on a re-scan of 100,000 commits)."""
    last = con.execute(
        "SELECT warnings, techlead_version FROM scans WHERE repo_id = ? "
        "ORDER BY scan_id DESC LIMIT 1",
        [repo_id],
    ).fetchall()
    if not last:
        return False
    warnings, version = last[0]
    return version == __version__ and not any(LEFT_FOR_NEXT_SCAN in w for w in warnings)


def _parse_all(
    repo: Path, chosen: list[tuple[str, str]]
) -> Iterable[tuple[str, str, Parsed | None, str]]:
    """(path, blob, what the parser read or None, status) for every chosen version."""
    contents = cat_file_batch(repo, [blob for _, blob in chosen])
    for (path, blob), (_, content) in zip(chosen, contents, strict=True):
        parser = parser_for(path)
        if content is None or parser is None:
            yield path, blob, None, "missing"
            continue
        text = content.decode("utf-8", "replace").removeprefix("\ufeff")
        try:
            # A past version's own warnings are history: the scan of HEAD reports today's.
            yield path, blob, parse_file(parser, path, text, lambda _: None), "parsed"
        except Unreadable:
            yield path, blob, None, "unreadable"


def _rows(
    path: str, blob: str, parsed: Parsed
) -> list[tuple[str, str, str, str, str | None, bool, bool]]:
    """One row per (ecosystem, name): a name listed twice (a dev and a runtime entry, two
    resolved versions) is direct if any entry is, dev only if all are."""
    merged: dict[tuple[str, str], tuple[str | None, bool, bool]] = {}
    for dep in parsed.dependencies:
        key = (dep.ecosystem.value, dep.name)
        if key in merged:
            version, direct, dev = merged[key]
            merged[key] = (version or dep.version, direct or dep.direct, dev and dep.dev)
        else:
            merged[key] = (dep.version, dep.direct, dep.dev)
    return [(path, blob, e, n, v, d, dv) for (e, n), (v, d, dv) in sorted(merged.items())]


def _prune(con: duckdb.DuckDBPyConnection, repo_id: int) -> None:
    """Drop the versions no main-line tree holds any more (a rewritten history)."""
    # the subquery names $repo itself: correlated only through the outer row, DuckDB
    # joins with every repository's spans, once per repository scanned
    for table in ("manifest_blob_dependencies", "manifest_blobs"):
        con.execute(
            f"DELETE FROM {table} WHERE repo_id = $repo AND NOT EXISTS (SELECT 1 FROM "
            f"tree_spans s WHERE s.repo_id = $repo AND s.path = {table}.path "
            f"AND s.blob = {table}.blob)",
            {"repo": repo_id},
        ).fetchall()
