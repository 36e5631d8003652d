"""The HEAD snapshot: every file at HEAD with its size, language, lines and component,
the text of its policy documents and the secrets found in its text files.

File contents are read with one ``git cat-file --batch`` (so bare repositories work the
same as working trees, and uncommitted edits never leak in), each blob once, and whatever
the later stages need of a content is taken while it is in memory: line counts and
complexity (``files``, ``functions``), the text of the documents the standards checks
read (``file_texts``, see policy_documents.py) and the secrets in text files
(``secret_findings``, see secrets.py). All of it is cached by blob id: a re-scan reads
only the blobs that changed since the previous snapshot (or that an older techlead did
not search or keep).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from techlead.core.config import ComponentConfig
from techlead.core.globs import compile_regex, globs_regex
from techlead.core.policy import default_component
from techlead.git.log_parser import decode_path
from techlead.git.runner import run_git
from techlead.mining.classify import PathRules, has_generated_marker
from techlead.mining.languages import detect_language
from techlead.mining.linecount import count_lines, is_binary, is_binary_format
from techlead.mining.measuring import Measured
from techlead.mining.roles import RoleRules
from techlead.mining.secrets import KINDS
from techlead.warehouse.load import insert_arrow

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
        ("functions", pa.int32()),
        ("cyclomatic_total", pa.int32()),
        ("cyclomatic_max", pa.int32()),
        ("indentation_total", pa.float64()),
        ("indentation_max", pa.int32()),
        ("indentation_mean", pa.float64()),
        ("documentable", pa.int32()),
        ("documented", pa.int32()),
        ("secrets_scanned", pa.bool_()),
        ("global_nesting", pa.int32()),
        ("classes", pa.int32()),
        ("lcom4_max", pa.int32()),
    ]
)

TEXT_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("blob", pa.string()),
        ("text", pa.string()),
        ("truncated", pa.bool_()),
    ]
)

FINDING_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("blob", pa.string()),
        ("line", pa.int32()),
        ("kind", pa.string()),
    ]
)

FUNCTION_SCHEMA = pa.schema(
    [
        ("blob", pa.string()),
        ("language", pa.string()),
        ("name", pa.string()),
        ("start_line", pa.int32()),
        ("end_line", pa.int32()),
        ("length", pa.int32()),
        ("cyclomatic", pa.int32()),
        ("nesting", pa.int32()),
        ("parameters", pa.int32()),
        ("complex_conditionals", pa.int32()),
        ("bumps", pa.int32()),
        ("variables", pa.int32()),
        ("shape", pa.string()),
    ]
)

CLASS_SCHEMA = pa.schema(
    [
        ("blob", pa.string()),
        ("language", pa.string()),
        ("name", pa.string()),
        ("start_line", pa.int32()),
        ("methods", pa.int32()),
        ("lcom4", pa.int32()),
    ]
)


GUESSED_SIZE = 16 << 10  # bytes assumed of a blob whose size is not known


@dataclass(frozen=True)
class TreeEntry:
    path: str
    mode: str
    blob: str
    size: int | None


class Facts(NamedTuple):
    """What the snapshot knows of one blob (as a given path's language reads it)."""

    is_binary: bool | None
    lines: int | None
    code: int | None
    comment: int | None
    blank: int | None
    generated_marker: bool
    language: str | None
    functions: int | None = None
    cyclomatic_total: int | None = None
    cyclomatic_max: int | None = None
    indentation_total: float | None = None
    indentation_max: int | None = None
    indentation_mean: float | None = None
    documentable: int | None = None
    documented: int | None = None
    global_nesting: int | None = None
    classes: int | None = None
    lcom4_max: int | None = None

    @property
    def measured(self) -> bool:
        return self.indentation_total is not None

    def with_complexity(self, m: Measured) -> Facts:
        return self._replace(
            functions=m.functions,
            cyclomatic_total=m.cyclomatic_total,
            cyclomatic_max=m.cyclomatic_max,
            indentation_total=m.indentation_total,
            indentation_max=m.indentation_max,
            indentation_mean=m.indentation_mean,
            documentable=m.documentable,
            documented=m.documented,
            global_nesting=m.global_nesting,
            classes=m.classes,
            lcom4_max=m.lcom4_max,
        )


class Components:
    """Maps a path to its component: the first configured component whose globs match,
    else the top-level directory (files at the root belong to "(root)")."""

    def __init__(self, components: Sequence[ComponentConfig], repo_name: str) -> None:
        self._rules = [
            (c.name, compile_regex(globs_regex(c.paths)))
            for c in components
            if not c.repos or repo_name in c.repos
        ]

    def of(self, path: str) -> str:
        for name, regex in self._rules:
            if regex.match(path):
                return name
        return default_component(path)

    def rows(self) -> list[tuple[int, str, str]]:
        """(position, name, regex) of each rule, for the warehouse's component_rules: the
        analyses give a path no longer at HEAD its configured component with them."""
        return [(n, name, regex.pattern) for n, (name, regex) in enumerate(self._rules, 1)]


def store_component_rules(
    con: duckdb.DuckDBPyConnection, repo_id: int, components: Components
) -> None:
    con.execute("DELETE FROM component_rules WHERE repo_id = ?", [repo_id])
    rows = components.rows()
    if rows:
        con.executemany(
            "INSERT INTO component_rules VALUES (?, ?, ?, ?)", [[repo_id, *r] for r in rows]
        )


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


def _count(entry: TreeEntry, content: bytes | None) -> Facts:
    language = detect_language(entry.path)
    if content is None:
        return Facts(None, None, None, None, None, False, language.name if language else None)
    if entry.mode == "120000":  # a symlink's content is its target, not lines of a file
        return Facts(False, None, None, None, None, False, None)
    if is_binary(content) or is_binary_format(entry.path):
        return Facts(True, None, None, None, None, False, language.name if language else None)
    if language is None:
        language = detect_language(entry.path, content[:256])
    marker = has_generated_marker(content)
    name = language.name if language else None
    if len(content) > COUNT_LIMIT:
        lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
        return Facts(False, lines, None, None, None, marker, name)
    counts = count_lines(content, language)
    return Facts(False, counts.lines, counts.code, counts.comment, counts.blank, marker, name)


def _language_key(path: str) -> str:
    """Counts depend on the content and on the language the path implies."""
    language = detect_language(path)
    return language.name if language else "?" + path.rpartition("/")[2]


@dataclass(frozen=True)
class Cache:
    """What the repository's previous snapshot knows, by blob: facts (keyed by blob and
    the language its path implies), documents' texts, and the secrets found in the blobs
    that were searched."""

    facts: dict[tuple[str, str], Facts] = field(default_factory=dict)
    texts: dict[str, tuple[str, bool]] = field(default_factory=dict)
    searched: frozenset[str] = frozenset()
    findings: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def read_cache(con: duckdb.DuckDBPyConnection, repo_id: int) -> Cache:
    """The previous snapshot of the repository, keyed by blob (read before a re-mine
    clears the repository's rows: all of it depends on content only)."""
    columns = ", ".join(Facts._fields)
    rows = con.execute(
        f"SELECT blob, path, {columns} FROM files WHERE repo_id = ?", [repo_id]
    ).fetchall()
    facts = {(blob, _language_key(path)): Facts(*facts) for blob, path, *facts in rows}
    texts = con.execute(
        "SELECT blob, any_value(text), bool_or(truncated) FROM file_texts WHERE repo_id = ? "
        "GROUP BY blob",
        [repo_id],
    ).fetchall()
    searched = con.execute(
        "SELECT DISTINCT blob FROM files WHERE repo_id = ? AND secrets_scanned", [repo_id]
    ).fetchall()
    findings: dict[str, list[tuple[int, str]]] = {}
    # A blob at several paths has the same findings at each: take one path's.
    for blob, line, kind in con.execute(
        "SELECT blob, line, kind FROM secret_findings WHERE repo_id = ? AND path = "
        "(SELECT min(path) FROM secret_findings s WHERE s.repo_id = ? AND s.blob = "
        "secret_findings.blob) ORDER BY blob, line",
        [repo_id, repo_id],
    ).fetchall():
        findings.setdefault(blob, []).append((line, kind))
    return Cache(
        facts,
        {blob: (text, truncated) for blob, text, truncated in texts},
        frozenset(blob for (blob,) in searched),
        {blob: _in_kind_order(found) for blob, found in findings.items()},
    )


def _in_kind_order(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(found, key=lambda f: (f[0], order.get(f[1], len(order))))


@dataclass(frozen=True)
class Snapshot:
    """HEAD's files with their facts, read from git, not yet stored."""

    table: pa.Table
    functions: pa.Table  # functions of the blobs measured in this scan (the rest are stored)
    classes: pa.Table  # classes of the blobs measured in this scan (CLASS_SCHEMA)
    texts: pa.Table  # the policy documents' texts (TEXT_SCHEMA)
    findings: pa.Table  # secrets found in the text files (FINDING_SCHEMA)
    blobs_read: int
    blobs_measured: int
    missing_blobs: int
    blobs_searched: int = 0  # blobs searched for secrets in this scan


def store_snapshot(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    snapshot: Snapshot,
    rules: PathRules,
    roles: RoleRules,
) -> None:
    """Replace the repository's rows in ``files``, ``file_texts`` and ``secret_findings``;
    generator markers also flag history.

    ``functions`` keeps the rows of blobs still at HEAD and gains those measured now.
    """
    for table, data in (("file_texts", snapshot.texts), ("secret_findings", snapshot.findings)):
        con.execute(f"DELETE FROM {table} WHERE repo_id = ?", [repo_id])
        insert_arrow(con, table, data, "$repo AS repo_id, *", {"repo": repo_id})
    con.execute("DELETE FROM files WHERE repo_id = ?", [repo_id])
    select = f"$repo AS repo_id, *, {rules.select()}, {roles.sql()} AS role"
    params = {"repo": repo_id, **rules.params(), **roles.params()}
    insert_arrow(con, "files", snapshot.table, select, params)
    # A generator's marker makes the file generated, and its history too (unless the
    # user's [roles] name it: their word wins over the flags).
    marked = {"repo": repo_id, **roles.params()}
    role = roles.sql(generated_flag="TRUE")
    con.execute(
        f"UPDATE files SET is_generated = TRUE, role = {role} "
        "WHERE repo_id = $repo AND generated_marker",
        marked,
    )
    con.execute(
        f"UPDATE file_changes SET is_generated = TRUE, role = {role} WHERE repo_id = $repo "
        "AND path IN (SELECT path FROM files WHERE repo_id = $repo AND generated_marker) "
        "AND NOT is_generated",
        marked,
    )
    # Keep the functions and classes of blobs still at HEAD; replace those measured now.
    for table, measured_now in (("functions", snapshot.functions), ("classes", snapshot.classes)):
        _replace_by_blob(con, repo_id, table, measured_now)


def _replace_by_blob(
    con: duckdb.DuckDBPyConnection, repo_id: int, table: str, measured_now: pa.Table
) -> None:
    """Keep ``table``'s rows (a trusted name) of blobs still measured at HEAD, replace
    those of the blobs measured now."""
    con.execute(
        f"DELETE FROM {table} WHERE repo_id = $repo AND NOT EXISTS (SELECT 1 FROM files f "
        f"WHERE f.repo_id = $repo AND f.blob = {table}.blob AND f.language = {table}.language "
        "AND f.functions IS NOT NULL)",
        {"repo": repo_id},
    )
    con.register("_measured_now", measured_now)
    try:
        con.execute(
            f"DELETE FROM {table} WHERE repo_id = $repo AND EXISTS (SELECT 1 FROM _measured_now "
            f"m WHERE m.blob = {table}.blob AND m.language = {table}.language)",
            {"repo": repo_id},
        )
    finally:
        con.unregister("_measured_now")
    insert_arrow(con, table, measured_now, "$repo AS repo_id, *", {"repo": repo_id})
