"""What a standards check may look at for one repository: its files at HEAD and the text
of its policy documents as the last scan recorded them (``files``, ``file_texts``), the
secrets the scan found (``secret_findings``), its dependencies and manifests, its truck
factor and its last activity. All of it comes from the warehouse: the repository itself
may have moved or gone since the scan.

A document whose text the warehouse does not hold (a scan by an older techlead, a blob
missing from a partial clone, a file that is not a policy document) has no text here;
:meth:`RepoContext.unread` says why, so a check can say n/a rather than judge an empty
text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from techlead.core.globs import compile_regex
from techlead.core.policy import DEFAULT, Policy
from techlead.decisions.radar import Radar
from techlead.mining.policy_documents import TEXT_LIMIT, is_policy_document
from techlead.risk.osv import Database


class Document(NamedTuple):
    """A policy document's text as the scan kept it: at most TEXT_LIMIT bytes, cut at a
    line end (``truncated``) when the file is longer."""

    path: str
    text: str
    truncated: bool


@dataclass
class RepoContext:
    con: duckdb.DuckDBPyConnection
    repo_id: int
    name: str
    path: Path  # where the repository was scanned (for messages; contents come from the scan)
    now: datetime
    last_commit_at: datetime | None
    radar: Radar | None = None
    osv: Database | None = None
    allow: tuple[str, ...] = ()  # more globs for the secrets allow-list
    policy: Policy = DEFAULT
    # What every repository's checks share, computed once per run (the warehouse's hotspots).
    shared: dict[str, Any] = field(default_factory=dict)
    fail_unshipped: bool = False  # secrets in test, docs and example files fail no-secrets

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    @cached_property
    def files(self) -> dict[str, str]:
        """path -> blob of every file at HEAD."""
        rows = self.con.execute(
            "SELECT path, blob FROM files WHERE repo_id = ?", [self.repo_id]
        ).fetchall()
        return dict(rows)

    @cached_property
    def documents(self) -> dict[str, Document]:
        """The policy documents' texts the last scan recorded, by path."""
        rows = self.con.execute(
            "SELECT path, text, truncated FROM file_texts WHERE repo_id = ?", [self.repo_id]
        ).fetchall()
        return {path: Document(path, text, truncated) for path, text, truncated in rows}

    def find(self, pattern: str) -> list[str]:
        """Paths at HEAD matching a regular expression (full match, case-insensitive; RE2,
        linear in the path)."""
        regex = compile_regex("(?i)" + pattern)
        return sorted(p for p in self.files if regex.fullmatch(p))

    def document(self, path: str) -> Document | None:
        """The recorded text of a file at HEAD; None when the warehouse holds none
        (:meth:`unread` says why)."""
        return self.documents.get(path)

    def text(self, path: str) -> str | None:
        found = self.documents.get(path)
        return found.text if found else None

    def texts(self, paths: list[str]) -> dict[str, str]:
        """The recorded texts of several files; files without one are left out (a
        truncated text is given as far as it was kept)."""
        return {p: found.text for p in paths if (found := self.documents.get(p)) is not None}

    def unread(self, path: str) -> str:
        """Why the warehouse holds no text of ``path`` (a file at HEAD)."""
        if not is_policy_document(path):
            return (
                f"{path}: the scan keeps the text of policy documents (README, LICENSE, "
                "SECURITY, CONTRIBUTING, CODE_OF_CONDUCT, CODEOWNERS, GitHub workflows) and "
                "of files matching [mining] keep_texts in techlead.toml; add this file's "
                "glob there and scan again"
            )
        size = self.con.execute(
            "SELECT size FROM files WHERE repo_id = ? AND path = ?", [self.repo_id, path]
        ).fetchall()
        if size and size[0][0] is None:
            return f"{path}: its content was not in the repository at scan time (partial clone)"
        return (
            f"{path}: the last scan did not record its text (the warehouse was scanned "
            "before techlead kept documents' texts); scan again"
        )

    def cut(self, path: str) -> str:
        """What a check says when what it looks for is not in a truncated text."""
        return f"{path}: not found in its first {TEXT_LIMIT >> 10} KiB, the text the scan keeps"

    def query(self, sql: str, **params: object) -> list[tuple[object, ...]]:
        """A query with ``$repo`` bound to this repository (and ``params`` bound too)."""
        return self.con.execute(sql, {"repo": self.repo_id, **params}).fetchall()
