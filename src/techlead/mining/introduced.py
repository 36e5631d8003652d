"""The commit that introduced each declared dependency.

For a dependency declared in a manifest (``dependencies.manifest`` is a manifest, not a
lockfile), the introducing commit is the first commit of the manifest's history, in
commit-time order, from which on the manifest has declared that (ecosystem, name) without
interruption up to HEAD: a dependency removed and added again counts from its return.
Every past version of the manifest is parsed with the same parser, each distinct blob once:
the versions the manifests' history already parsed (mining.manifest_history: the main
line's, by path and blob) are taken from it, the others (a branch's) read with git.
Renames of the manifest are not followed (a moved manifest starts anew). Dependencies
that only a lockfile lists (transitive ones) have no introducing commit of their own:
they arrive with their parent.

A re-scan re-reads only the manifests that new commits changed; the others keep the
values found before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.git.runner import cat_file_batch
from techlead.mining.manifests import Unreadable, parse_file, parser_for
from techlead.mining.manifests.model import Parser

_SCHEMA = pa.schema(
    [
        ("manifest", pa.string()),
        ("ecosystem", pa.string()),
        ("name", pa.string()),
        ("sha", pa.string()),
        ("at", pa.timestamp("us", tz="UTC")),
    ]
)

_HISTORY = """
SELECT fc.path, fc.sha, fc.new_blob, fc.change_type, c.author_time
FROM file_changes fc JOIN commits c USING (repo_id, sha)
WHERE fc.repo_id = $repo AND list_contains($paths, fc.path)
ORDER BY fc.path, c.commit_time, c.author_time, fc.sha
"""

Known = dict[tuple[str, str, str], tuple[str, datetime]]


def previous(con: duckdb.DuckDBPyConnection, repo_id: int) -> Known:
    """What the last scan found: (manifest, ecosystem, name) -> (sha, time)."""
    rows = con.execute(
        "SELECT manifest, ecosystem, name, introduced_sha, introduced_at FROM dependencies "
        "WHERE repo_id = ? AND introduced_sha IS NOT NULL",
        [repo_id],
    ).fetchall()
    return {(m, e, n): (sha, at) for m, e, n, sha, at in rows}


def store_introduced(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    repo: Path,
    known: Known,
    changed: Iterable[str] | None,
) -> None:
    """Fill ``introduced_sha``/``introduced_at`` of the repository's declared dependencies.

    ``changed`` are the manifests new commits touched (None: all of them); the others
    take their values from ``known``.
    """
    manifests = [
        p
        for (p,) in con.execute(
            "SELECT path FROM manifests WHERE repo_id = ? AND kind = 'manifest' ORDER BY path",
            [repo_id],
        ).fetchall()
    ]
    fresh = set(manifests) if changed is None else set(manifests) & set(changed)
    rows = [
        (m, e, n, sha, at)
        for (m, e, n), (sha, at) in known.items()
        if m in manifests and m not in fresh
    ]
    rows.extend(_walk(con, repo_id, repo, sorted(fresh)))
    table = pa.Table.from_pylist(
        [dict(zip(_SCHEMA.names, row, strict=True)) for row in rows], schema=_SCHEMA
    )
    con.register("_introduced", table)
    try:
        con.execute(
            "UPDATE dependencies SET introduced_sha = i.sha, introduced_at = i.at "
            "FROM _introduced i WHERE dependencies.repo_id = ? AND dependencies.manifest = "
            "i.manifest AND dependencies.ecosystem = i.ecosystem AND dependencies.name = i.name",
            [repo_id],
        )
    finally:
        con.unregister("_introduced")


def _walk(
    con: duckdb.DuckDBPyConnection, repo_id: int, repo: Path, paths: list[str]
) -> list[tuple[str, str, str, str, datetime]]:
    if not paths:
        return []
    history = con.execute(_HISTORY, {"repo": repo_id, "paths": paths}).fetchall()
    names = _parsed_before(con, repo_id, paths)
    blobs = sorted({blob for path, _, blob, _, _ in history if blob and (path, blob) not in names})
    contents = dict(cat_file_batch(repo, blobs))
    found: list[tuple[str, str, str, str, datetime]] = []
    by_path: dict[str, list[tuple[str, str | None, str, datetime]]] = {}
    for path, sha, blob, change, at in history:
        by_path.setdefault(path, []).append((sha, blob, change, at))
    for path, revisions in by_path.items():
        parser = parser_for(path)
        if parser is None:
            continue
        since: dict[tuple[str, str], tuple[str, datetime]] = {}
        for sha, blob, change, at in revisions:
            if change == "D" or blob is None:
                present: frozenset[tuple[str, str]] = frozenset()
            else:
                key = (path, blob)
                if key not in names:
                    names[key] = _declared(parser, path, contents.get(blob))
                present = names[key]
            since = {dep: since.get(dep, (sha, at)) for dep in present}
        found.extend((path, e, n, sha, at) for (e, n), (sha, at) in since.items())
    return found


# What the manifests' history read of each (path, blob): a version it could not parse
# declares nothing, as _declared says of it; one git could not give it then (a partial
# clone's missing blob) is asked for again.
_PARSED_BEFORE = """
SELECT b.path, b.blob, list((d.ecosystem, d.name)) FILTER (WHERE d.name IS NOT NULL)
FROM manifest_blobs b
LEFT JOIN manifest_blob_dependencies d USING (repo_id, path, blob)
WHERE b.repo_id = $repo AND list_contains($paths, b.path) AND b.status <> 'missing'
GROUP BY b.path, b.blob
"""


def _parsed_before(
    con: duckdb.DuckDBPyConnection, repo_id: int, paths: list[str]
) -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    rows = con.execute(_PARSED_BEFORE, {"repo": repo_id, "paths": paths}).fetchall()
    return {
        (path, blob): frozenset((ecosystem, name) for ecosystem, name in declared or ())
        for path, blob, declared in rows
    }


def _declared(parser: Parser, path: str, content: bytes | None) -> frozenset[tuple[str, str]]:
    if content is None:
        return frozenset()
    text = content.decode("utf-8", "replace").removeprefix("\ufeff")
    # Includes of old versions are not resolved: only what the file itself declares.
    try:
        parsed = parse_file(parser, path, text, lambda _: None)
    except Unreadable:
        return frozenset()  # the scan of HEAD warns about the file; an old version is history
    return frozenset((d.ecosystem.value, d.name) for d in parsed.dependencies)
