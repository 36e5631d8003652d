"""The HEAD snapshot: every file at HEAD with its size, language, lines and component.

File contents are read with one ``git cat-file --batch`` (so bare repositories work the
same as working trees, and uncommitted edits never leak in). Counts are cached by blob id:
a re-scan reads only the blobs that changed since the previous snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.config import ComponentConfig
from techlead.git.log_parser import decode_path
from techlead.git.runner import cat_file_batch, run_git
from techlead.globs import globs_regex
from techlead.mining.classify import PathRules, has_generated_marker
from techlead.mining.languages import detect_language
from techlead.mining.linecount import count_lines, is_binary
from techlead.warehouse.load import insert_arrow, table_from_rows

ROOT_COMPONENT = "(root)"
COUNT_LIMIT = 10 << 20  # larger blobs get a line count only, not a code/comment split

FILE_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("blob", pa.string()),
        ("mode", pa.string()),
        ("size", pa.int64()),
        ("language", pa.string()),
        ("component", pa.string()),
        ("is_binary", pa.bool_()),
        ("lines", pa.int32()),
        ("code", pa.int32()),
        ("comment", pa.int32()),
        ("blank", pa.int32()),
        ("generated_marker", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class TreeEntry:
    path: str
    mode: str
    blob: str
    size: int | None


Counts = tuple[bool | None, int | None, int | None, int | None, int | None, bool, str | None]


class Components:
    """Maps a path to its component: the first configured component whose globs match,
    else the top-level directory (files at the root belong to "(root)")."""

    def __init__(self, components: Sequence[ComponentConfig], repo_name: str) -> None:
        self._rules = [
            (c.name, re.compile(globs_regex(c.paths)))
            for c in components
            if not c.repos or repo_name in c.repos
        ]

    def of(self, path: str) -> str:
        for name, regex in self._rules:
            if regex.match(path):
                return name
        head, sep, _ = path.partition("/")
        return head if sep else ROOT_COMPONENT


def list_tree(path: Path, commit: str) -> list[TreeEntry]:
    out = run_git(path, ["ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", commit])
    entries = []
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, oid, size = meta.split()
        if kind != b"blob":
            continue  # submodules (commit entries) have no content here
        entries.append(
            TreeEntry(
                decode_path(name),
                mode.decode(),
                oid.decode(),
                int(size) if size.isdigit() else None,
            )
        )
    return entries


def _count(entry: TreeEntry, content: bytes | None) -> Counts:
    """(is_binary, lines, code, comment, blank, generated_marker, language)"""
    language = detect_language(entry.path)
    if content is None:
        return None, None, None, None, None, False, language.name if language else None
    if entry.mode == "120000":  # a symlink's content is its target, not lines of a file
        return False, None, None, None, None, False, None
    if is_binary(content):
        return True, None, None, None, None, False, language.name if language else None
    if language is None:
        language = detect_language(entry.path, content[:256])
    marker = has_generated_marker(content)
    name = language.name if language else None
    if len(content) > COUNT_LIMIT:
        lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
        return False, lines, None, None, None, marker, name
    counts = count_lines(content, language)
    return False, counts.lines, counts.code, counts.comment, counts.blank, marker, name


def _cached(con: duckdb.DuckDBPyConnection, repo_id: int) -> dict[tuple[str, str], Counts]:
    rows = con.execute(
        "SELECT blob, path, is_binary, lines, code, comment, blank, generated_marker, language "
        "FROM files WHERE repo_id = ?",
        [repo_id],
    ).fetchall()
    cache: dict[tuple[str, str], Counts] = {}
    for blob, path, *counts in rows:
        cache[(blob, _language_key(path))] = tuple(counts)
    return cache


def _language_key(path: str) -> str:
    """Counts depend on the content and on the language the path implies."""
    language = detect_language(path)
    return language.name if language else "?" + path.rpartition("/")[2]


@dataclass(frozen=True)
class Snapshot:
    """HEAD's files with their counts, read from git, not yet stored."""

    table: pa.Table
    blobs_read: int
    missing_blobs: int


def read_cache(con: duckdb.DuckDBPyConnection, repo_id: int) -> dict[tuple[str, str], Counts]:
    """The counts of the repository's previous snapshot, keyed by blob and language."""
    return _cached(con, repo_id)


def read_snapshot(
    path: Path,
    commit: str,
    repo_name: str,
    components: Sequence[ComponentConfig],
    cache: dict[tuple[str, str], Counts],
    missing: frozenset[str],
) -> Snapshot:
    """List ``commit``'s tree and count the lines of every blob not in ``cache``.

    Touches git and the CPU but not the warehouse, so a scan runs it in a thread while
    git mines the history.
    """
    entries = list_tree(path, commit)
    counts: dict[int, Counts] = {}
    to_read: list[int] = []
    for index, entry in enumerate(entries):
        hit = cache.get((entry.blob, _language_key(entry.path)))
        if hit is not None:
            counts[index] = hit
        elif entry.blob in missing:
            counts[index] = _count(entry, None)
        else:
            to_read.append(index)
    oids = [entries[i].blob for i in to_read]
    for index, (_, content) in zip(to_read, cat_file_batch(path, oids), strict=True):
        counts[index] = _count(entries[index], content)
    component = Components(components, repo_name)
    rows = [
        (
            entry.path,
            entry.blob,
            entry.mode,
            entry.size,
            language,
            component.of(entry.path),
            binary,
            lines,
            code,
            comment,
            blank,
            marker,
        )
        for index, entry in enumerate(entries)
        for binary, lines, code, comment, blank, marker, language in (counts[index],)
    ]
    table = table_from_rows(FILE_SCHEMA, rows)
    missing_count = sum(1 for e in entries if e.blob in missing)
    return Snapshot(table, blobs_read=len(to_read), missing_blobs=missing_count)


def store_snapshot(
    con: duckdb.DuckDBPyConnection, repo_id: int, snapshot: Snapshot, rules: PathRules
) -> None:
    """Replace the repository's rows in ``files``; generator markers also flag history."""
    con.execute("DELETE FROM files WHERE repo_id = ?", [repo_id])
    select = f"$repo AS repo_id, *, {rules.select()}"
    insert_arrow(con, "files", snapshot.table, select, {"repo": repo_id, **rules.params()})
    con.execute(
        "UPDATE files SET is_generated = TRUE WHERE repo_id = ? AND generated_marker",
        [repo_id],
    )
    con.execute(
        "UPDATE file_changes SET is_generated = TRUE WHERE repo_id = ? AND path IN "
        "(SELECT path FROM files WHERE repo_id = ? AND generated_marker) AND NOT is_generated",
        [repo_id, repo_id],
    )
