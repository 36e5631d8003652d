"""The dependency inventory of a HEAD tree: every manifest and lockfile parsed and merged.

Merging rule, per folder and ecosystem: each lockfile entry becomes a row with the
resolved version; it is **direct** when the lockfile says so or a manifest in the same
folder declares the name (that manifest's spec, line and dev flag then apply, and the
row names the manifest as where it is declared). Declared names that no sibling lockfile
resolves become rows of their own, with a version only when the declaration pins one
exactly. A malformed file is a warning ``path:line: message``; the rest goes on.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.git.runner import cat_file_batch
from techlead.mining.decisions import read_decisions, store_decisions
from techlead.mining.introduced import previous, store_introduced
from techlead.mining.manifests import Unreadable, parse_file, parser_for
from techlead.mining.manifests.model import Dependency, Kind, Parsed
from techlead.mining.manifests.published import published
from techlead.mining.technologies import store_technologies
from techlead.warehouse.load import insert_arrow, table_from_rows

DEPENDENCY_SCHEMA = pa.schema(
    [
        ("manifest", pa.string()),
        ("lockfile", pa.string()),
        ("ecosystem", pa.string()),
        ("name", pa.string()),
        ("spec", pa.string()),
        ("version", pa.string()),
        ("direct", pa.bool_()),
        ("dev", pa.bool_()),
        ("line", pa.int32()),
    ]
)

MANIFEST_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("kind", pa.string()),
        ("ecosystems", pa.list_(pa.string())),
        ("dependencies", pa.int32()),
    ]
)

PUBLISHED_SCHEMA = pa.schema(
    [("manifest", pa.string()), ("ecosystem", pa.string()), ("name", pa.string())]
)

Row = tuple[str, str | None, str, str, str | None, str | None, bool, bool, int | None]


@dataclass(frozen=True)
class Inventory:
    table: pa.Table
    files: tuple[tuple[str, str, list[str], int], ...]  # (path, kind, ecosystems, count)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    published: tuple[tuple[str, str, str], ...] = ()  # (manifest, ecosystem, name)


class _Tree:
    """Reads files of one tree by path, each blob once (includes may name any file)."""

    def __init__(self, repo: Path, blobs: dict[str, str]) -> None:
        self._repo = repo
        self._blobs = blobs
        self._texts: dict[str, str | None] = {}

    def preload(self, paths: Sequence[str]) -> None:
        wanted = [p for p in paths if p not in self._texts]
        oids = [self._blobs[p] for p in wanted]
        for path, (_, content) in zip(wanted, cat_file_batch(self._repo, oids), strict=True):
            self._texts[path] = _text(content)

    def read(self, path: str) -> str | None:
        path = posixpath.normpath(path)
        if path not in self._texts:
            if path not in self._blobs:
                return None
            self.preload([path])
        return self._texts[path]


def _text(content: bytes | None) -> str | None:
    if content is None:
        return None
    return content.decode("utf-8", "replace").removeprefix("\ufeff")


def read_inventory(repo: Path, files: Sequence[tuple[str, str]]) -> Inventory:
    """Parse the manifests among ``files`` ((path, blob) pairs of a tree) and merge them."""
    tree = _Tree(repo, dict(files))
    chosen = [(path, parser) for path, _ in files if (parser := parser_for(path)) is not None]
    tree.preload([path for path, _ in chosen])
    warnings: list[str] = []
    parsed: list[tuple[str, Parsed]] = []
    names: list[tuple[str, str, str]] = []
    for path, parser in chosen:
        text = tree.read(path)
        if text is None:
            warnings.append(f"{path}: content missing (partial clone); not read")
            continue
        if (own := published(path, text)) is not None:
            names.append((path, own[0].value, own[1]))
        try:
            result = parse_file(parser, path, text, tree.read)
        except Unreadable as exc:
            warnings.append(f"{path}: {exc}")
            continue
        warnings.extend(
            f"{path}:{w.line}: {w.message}" if w.line else f"{path}: {w.message}"
            for w in result.warnings
        )
        parsed.append((path, result))
    rows = merge(parsed)
    return Inventory(
        table_from_rows(DEPENDENCY_SCHEMA, rows),
        tuple(
            (
                path,
                result.kind.value,
                sorted({d.ecosystem.value for d in result.dependencies}),
                len(result.dependencies),
            )
            for path, result in parsed
        ),
        tuple(warnings),
        tuple(names),
    )


def merge(parsed: Sequence[tuple[str, Parsed]]) -> list[Row]:
    """Rows from parsed files by the module's merging rule, sorted and without repeats."""
    declared: dict[tuple[str, str], dict[str, tuple[str, Dependency]]] = {}
    for path, result in parsed:
        if result.kind is Kind.MANIFEST:
            for dep in result.dependencies:
                key = (posixpath.dirname(path), dep.ecosystem.value)
                declared.setdefault(key, {}).setdefault(dep.name, (path, dep))
    rows: set[Row] = set()
    resolved: set[tuple[str, str, str]] = set()
    for path, result in parsed:
        if result.kind is not Kind.LOCKFILE:
            continue
        folder = posixpath.dirname(path)
        for dep in result.dependencies:
            key = (folder, dep.ecosystem.value)
            found = declared.get(key, {}).get(dep.name)
            if found is not None:
                resolved.add((*key, dep.name))
                where, wanted = found
                rows.add(_row(where, path, dep, wanted.spec, True, wanted.dev, wanted.line))
            else:
                rows.add(_row(path, path, dep, dep.spec, dep.direct, dep.dev, dep.line))
    for (folder, ecosystem), names in declared.items():
        for name, (where, dep) in names.items():
            if (folder, ecosystem, name) not in resolved:
                rows.add(_row(where, None, dep, dep.spec, dep.direct, dep.dev, dep.line))
    return sorted(rows, key=lambda r: (r[0], r[2], r[3], r[5] or "", r[1] or ""))


def _row(
    where: str,
    lockfile: str | None,
    dep: Dependency,
    spec: str | None,
    direct: bool,
    dev: bool,
    line: int | None,
) -> Row:
    return (where, lockfile, dep.ecosystem.value, dep.name, spec, dep.version, direct, dev, line)


def store_inventory(con: duckdb.DuckDBPyConnection, repo_id: int, inventory: Inventory) -> None:
    """Replace the repository's ``manifests`` and ``dependencies`` rows."""
    con.execute("DELETE FROM dependencies WHERE repo_id = ?", [repo_id])
    con.execute("DELETE FROM manifests WHERE repo_id = ?", [repo_id])
    insert_arrow(
        con,
        "dependencies",
        inventory.table,
        "$repo AS repo_id, *, NULL AS introduced_sha, NULL AS introduced_at",
        {"repo": repo_id},
    )
    files = table_from_rows(MANIFEST_SCHEMA, inventory.files)
    insert_arrow(con, "manifests", files, "$repo AS repo_id, *", {"repo": repo_id})
    con.execute("DELETE FROM published_packages WHERE repo_id = ?", [repo_id])
    names = table_from_rows(PUBLISHED_SCHEMA, inventory.published)
    insert_arrow(con, "published_packages", names, "$repo AS repo_id, *", {"repo": repo_id})


def update_inventory(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    repo: Path,
    snapshot: pa.Table,
    before: dict[str, str],
) -> tuple[str, ...]:
    """Re-read the inventory of a new HEAD snapshot (``snapshot``: files with path and
    blob; ``before``: the previous snapshot's blob by path): dependencies, the commits that
    introduced them, technologies, and the ADR log. Returns the parsers' warnings."""
    files = list(
        zip(snapshot.column("path").to_pylist(), snapshot.column("blob").to_pylist(), strict=True)
    )
    inventory = read_inventory(repo, files)
    known = previous(con, repo_id)
    store_inventory(con, repo_id, inventory)
    changed = [path for path, blob in files if before.get(path) != blob]
    store_introduced(con, repo_id, repo, known, changed)
    store_technologies(con, repo_id)
    store_decisions(con, repo_id, read_decisions(repo, files))
    return inventory.warnings
