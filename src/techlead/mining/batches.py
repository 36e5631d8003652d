"""Commit records -> columnar Arrow batches for the warehouse.

Columns are accumulated in plain lists and turned into Arrow arrays once per batch, which
keeps per-commit work to a few list appends.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from techlead.git.identities import co_authors, person_id
from techlead.git.log_parser import Commit

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


def split_message(message: str) -> tuple[str, str]:
    """(subject, body) as git's %s and %b: the first paragraph joined into one line."""
    text = message.strip("\n")
    head, sep, rest = text.partition("\n\n")
    subject = " ".join(line.strip() for line in head.split("\n")).strip()
    return subject, rest.strip("\n") if sep else ""


class BatchBuilder:
    def __init__(self, grafted: frozenset[str] = frozenset(), numstat: bool = True) -> None:
        self._grafted = grafted
        self._numstat = numstat
        self._reset()

    def _reset(self) -> None:
        self.count = 0
        self._c: list[list[object]] = [[] for _ in COMMIT_SCHEMA]
        self._f: list[list[object]] = [[] for _ in CHANGE_SCHEMA]
        self._a: list[list[object]] = [[] for _ in AUTHOR_SCHEMA]
        self._co: list[tuple[str, str, str]] = []
        self._unknown = 0

    def add(self, commit: Commit) -> None:
        self.count += 1
        sha = commit.sha
        author, committer = commit.author, commit.committer
        author_id = person_id(author.name, author.email)
        committer_id = person_id(committer.name, committer.email)
        subject, body = split_message(commit.message)
        added = deleted = 0
        known = True
        f = self._f
        for ch in commit.changes:
            f[0].append(sha)
            f[1].append(ch.path)
            f[2].append(ch.old_path)
            f[3].append(ch.change_type)
            f[4].append(ch.similarity)
            f[5].append(ch.added)
            f[6].append(ch.deleted)
            f[7].append(ch.is_binary)
            f[8].append(ch.old_mode)
            f[9].append(ch.new_mode)
            f[10].append(ch.old_blob)
            f[11].append(ch.new_blob)
            if ch.added is not None and ch.deleted is not None:
                added += ch.added
                deleted += ch.deleted
            elif not ch.is_binary:
                known = False
                self._unknown += 1
        row = (
            sha,
            list(commit.parents),
            author_id,
            committer_id,
            commit.author_time,
            commit.author_offset,
            commit.commit_time,
            commit.commit_offset,
            subject,
            body,
            len(commit.parents) > 1,
            sha in self._grafted,
            len(commit.changes),
            added if known else None,
            deleted if known else None,
        )
        for column, value in zip(self._c, row, strict=True):
            column.append(value)
        self._author(sha, author_id, "author", author)
        self._author(sha, committer_id, "committer", committer)
        for name, email in co_authors(commit.message):
            self._co.append((sha, name, email))

    def _author(self, sha: str, pid: int, role: str, ident: tuple[str, str, str, str]) -> None:
        for column, value in zip(self._a, (sha, pid, role, *ident), strict=True):
            column.append(value)

    def build(self) -> Batch:
        batch = Batch(
            commits=pa.Table.from_arrays(
                [
                    pa.array(col, type=fld.type)
                    for col, fld in zip(self._c, COMMIT_SCHEMA, strict=True)
                ],
                schema=COMMIT_SCHEMA,
            ),
            changes=pa.Table.from_arrays(
                [
                    pa.array(col, type=fld.type)
                    for col, fld in zip(self._f, CHANGE_SCHEMA, strict=True)
                ],
                schema=CHANGE_SCHEMA,
            ),
            authors=pa.Table.from_arrays(
                [
                    pa.array(col, type=fld.type)
                    for col, fld in zip(self._a, AUTHOR_SCHEMA, strict=True)
                ],
                schema=AUTHOR_SCHEMA,
            ),
            co_authors=tuple(self._co),
            unknown_line_counts=self._unknown,
        )
        self._reset()
        return batch
