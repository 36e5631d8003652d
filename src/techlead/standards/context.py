"""What a standards check may look at for one repository: its files at HEAD (paths from
the warehouse, contents read from git on demand), its dependencies and manifests, its
truck factor and its last activity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import duckdb

from techlead.core.policy import DEFAULT, Policy
from techlead.decisions.radar import Radar
from techlead.git.runner import cat_file_batch
from techlead.risk.osv import Database


@dataclass
class RepoContext:
    con: duckdb.DuckDBPyConnection
    repo_id: int
    name: str
    path: Path
    now: datetime
    last_commit_at: datetime | None
    radar: Radar | None = None
    osv: Database | None = None
    allow: tuple[str, ...] = ()  # more globs for the secrets allow-list
    policy: Policy = DEFAULT
    _texts: dict[str, str | None] = field(default_factory=dict)

    @cached_property
    def files(self) -> dict[str, str]:
        """path -> blob of every file at HEAD."""
        rows = self.con.execute(
            "SELECT path, blob FROM files WHERE repo_id = ?", [self.repo_id]
        ).fetchall()
        return dict(rows)

    def find(self, pattern: str) -> list[str]:
        """Paths at HEAD matching a regular expression (full match, case-insensitive)."""
        regex = re.compile(pattern, re.IGNORECASE)
        return sorted(p for p in self.files if regex.fullmatch(p))

    def text(self, path: str) -> str | None:
        return self.texts([path]).get(path)

    def texts(self, paths: list[str]) -> dict[str, str]:
        """Several files at once (one git process, each read once); files that do not
        exist at HEAD or whose blob is missing are left out."""
        wanted = [p for p in paths if p not in self._texts and p in self.files]
        if wanted and self.path.exists():
            blobs = [self.files[p] for p in wanted]
            for path, (_, content) in zip(wanted, cat_file_batch(self.path, blobs), strict=True):
                self._texts[path] = (
                    content.decode("utf-8", "replace") if content is not None else None
                )
        return {p: t for p in paths if (t := self._texts.get(p)) is not None}

    def query(self, sql: str, **params: object) -> list[tuple[object, ...]]:
        """A query with ``$repo`` bound to this repository (and ``params`` bound too)."""
        return self.con.execute(sql, {"repo": self.repo_id, **params}).fetchall()
