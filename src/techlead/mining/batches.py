"""Commit records -> columnar Arrow batches for the warehouse.

Columns are accumulated in plain lists and turned into Arrow arrays once per batch, which
keeps per-commit work to a few list appends.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from techlead.git.identities import co_authors, person_id
from techlead.git.log_parser import Commit
from techlead.git.patch import HunkCommit
from techlead.warehouse.load import table_from_columns, table_from_rows

_TIME = pa.timestamp("s", tz="UTC")

COMMIT_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("parents", pa.list_(pa.string())),
        ("author_id", pa.int64()),
        ("committer_id", pa.int64()),
        ("author_time", _TIME),
        ("author_offset", pa.int16()),
        ("commit_time", _TIME),
        ("commit_offset", pa.int16()),
        ("subject", pa.string()),
        ("body", pa.string()),
        ("is_merge", pa.bool_()),
        ("is_grafted", pa.bool_()),
        ("files_changed", pa.int32()),
        ("lines_added", pa.int32()),
        ("lines_deleted", pa.int32()),
    ]
)

CHANGE_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("path", pa.string()),
        ("old_path", pa.string()),
        ("change_type", pa.string()),
        ("similarity", pa.int8()),
        ("added", pa.int32()),
        ("deleted", pa.int32()),
        ("is_binary", pa.bool_()),
        ("old_mode", pa.string()),
        ("new_mode", pa.string()),
        ("old_blob", pa.string()),
        ("new_blob", pa.string()),
    ]
)

AUTHOR_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("person_id", pa.int64()),
        ("role", pa.string()),
        ("name", pa.string()),
        ("email", pa.string()),
        ("raw_name", pa.string()),
        ("raw_email", pa.string()),
    ]
)


@dataclass(frozen=True)
class Batch:
    """Arrow tables for a run of commits, plus co-author trailers still to be resolved."""

    commits: pa.Table
    changes: pa.Table
    authors: pa.Table
    co_authors: tuple[tuple[str, str, str], ...]  # (sha, name, email) as written
    unknown_line_counts: int  # text changes whose line counts could not be computed
    # the hunks of every commit but merges, for the line ages (mined with patches only)
    diffs: tuple[HunkCommit, ...] = ()


def split_message(message: str) -> tuple[str, str]:
    """(subject, body) as git's %s and %b: the first paragraph joined into one line."""
    text = message.strip("\n")
    head, sep, rest = text.partition("\n\n")
    subject = " ".join(line.strip() for line in head.split("\n")).strip()
    return subject, rest.strip("\n") if sep else ""


class BatchBuilder:
    """Collects commits and turns them into Arrow tables column by column.

    Columns are built with ``zip(*records)`` over the parser's tuples, which runs in C;
    only the few derived values (ids, subject/body, sums) cost Python work per commit.
    """

    def __init__(self, grafted: frozenset[str] = frozenset(), patches: bool = False) -> None:
        self._grafted = grafted
        self._patches = patches
        self._commits: list[Commit] = []

    @property
    def count(self) -> int:
        return len(self._commits)

    def add(self, commit: Commit) -> None:
        self._commits.append(commit)

    def build(self) -> Batch:
        commits, self._commits = self._commits, []
        changes = [change for commit in commits for change in commit.changes]
        change_shas = [commit.sha for commit in commits for _ in commit.changes]
        unknown = sum(1 for c in changes if c.added is None and not c.is_binary)
        return Batch(
            commits=self._committable_from_columns(commits),
            changes=table_from_columns(
                CHANGE_SCHEMA,
                [change_shas, *(zip(*changes, strict=True) if changes else [()] * 11)],
            ),
            authors=self._authortable_from_columns(commits),
            co_authors=tuple(
                (commit.sha, name, email)
                for commit in commits
                for name, email in co_authors(commit.message)
            ),
            unknown_line_counts=unknown,
            diffs=tuple(HunkCommit(c.sha, list(c.diffs)) for c in commits if len(c.parents) < 2)
            if self._patches
            else (),
        )

    def _committable_from_columns(self, commits: list[Commit]) -> pa.Table:
        messages = [split_message(c.message) for c in commits]
        sums = [_line_sums(c) for c in commits]
        return table_from_columns(
            COMMIT_SCHEMA,
            [
                [c.sha for c in commits],
                [c.parents for c in commits],
                [person_id(c.author.name, c.author.email) for c in commits],
                [person_id(c.committer.name, c.committer.email) for c in commits],
                [c.author_time for c in commits],
                [c.author_offset for c in commits],
                [c.commit_time for c in commits],
                [c.commit_offset for c in commits],
                [m[0] for m in messages],
                [m[1] for m in messages],
                [len(c.parents) > 1 for c in commits],
                [c.sha in self._grafted for c in commits],
                [len(c.changes) for c in commits],
                [s[0] for s in sums],
                [s[1] for s in sums],
            ],
        )

    def _authortable_from_columns(self, commits: list[Commit]) -> pa.Table:
        rows = []
        for c in commits:
            rows.append((c.sha, person_id(c.author.name, c.author.email), "author", *c.author))
            rows.append(
                (c.sha, person_id(c.committer.name, c.committer.email), "committer", *c.committer)
            )
        return table_from_rows(AUTHOR_SCHEMA, rows)


def _line_sums(commit: Commit) -> tuple[int | None, int | None]:
    """Lines added and deleted by the text changes; None when any count is unknown."""
    added = deleted = 0
    for ch in commit.changes:
        if ch.added is None:
            if not ch.is_binary:
                return None, None
            continue
        added += ch.added
        deleted += ch.deleted or 0
    return added, deleted
