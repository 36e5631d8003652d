"""Pure parser: the byte stream of ``git log`` (see log_format) -> Commit records.

Parsing is incremental: chunks of any size go in, commits come out as soon as they are
complete, so memory stays flat whatever the size of the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from techlead.errors import LogParseError
from techlead.git.log_format import HEADER_SIZE


class Ident(NamedTuple):
    """A person as git shows them: after .mailmap (name, email) and as written (raw_*)."""

    name: str
    email: str
    raw_name: str
    raw_email: str


class FileChange(NamedTuple):
    """One path changed by one commit, from git's --raw and --numstat lines."""

    path: str
    old_path: str | None  # for renames (R) and copies (C)
    change_type: str  # A, M, D, R, C or T (type change, e.g. file -> symlink)
    similarity: int | None  # rename/copy similarity percentage
    added: int | None  # None when binary or unknown
    deleted: int | None
    is_binary: bool
    old_mode: str
    new_mode: str
    old_blob: str | None  # None when the side does not exist (added/deleted)
    new_blob: str | None


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author: Ident
    author_time: int  # unix seconds
    author_offset: int  # minutes east of UTC
    committer: Ident
    commit_time: int
    commit_offset: int
    message: str
    changes: tuple[FileChange, ...]


_VALID_TYPES = frozenset("AMDRCT")


def decode_path(raw: bytes) -> str:
    """Paths are bytes in git; non-UTF-8 bytes are kept visible as \\xNN escapes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a chunked byte stream into NUL-terminated tokens (the final one may lack NUL)."""
    tail = b""
    for chunk in chunks:
        parts = (tail + chunk).split(b"\0") if tail else chunk.split(b"\0")
        tail = parts.pop()
        yield from parts
    if tail:
        yield tail


def _date(raw: bytes, sha: str) -> tuple[int, int]:
    try:
        seconds, offset = raw.split(b" ")
        sign = -1 if offset[:1] == b"-" else 1
        hhmm = int(offset[1:])
        return int(seconds), sign * (hhmm // 100 * 60 + hhmm % 100)
    except ValueError as exc:
        raise LogParseError(f"commit {sha}: unexpected date {raw!r}") from exc


_NULL_BLOB_CHARS = frozenset("0")


def _blob(raw: bytes) -> str | None:
    oid = raw.decode("ascii")
    return None if set(oid) <= _NULL_BLOB_CHARS else oid


class _Raw(NamedTuple):
    old_mode: str
    new_mode: str
    old_blob: str | None
    new_blob: str | None
    change_type: str
    similarity: int | None
    path: str
    old_path: str | None


def _read_diff(it: Iterator[bytes], sha: str, first: bytes) -> tuple[FileChange, ...]:
    raws: list[_Raw] = []
    stats: list[tuple[bytes, bytes, str]] = []
    tok: bytes | None = first
    while tok:  # an empty token (or the end of the stream) ends the commit
        if tok[:1] == b"\n":
            tok = tok[1:]
        if tok[:1] == b":":
            meta = tok[1:].split(b" ")
            if len(meta) != 5:
                raise LogParseError(f"commit {sha}: unexpected raw diff line {tok!r}")
            status = meta[4].decode("ascii")
            letter = status[:1]
            if letter not in _VALID_TYPES:
                raise LogParseError(f"commit {sha}: unknown change type {status!r}")
            if letter in "RC":
                old_path: str | None = decode_path(next(it))
                path = decode_path(next(it))
                similarity: int | None = int(status[1:] or 0)
            else:
                old_path, path, similarity = None, decode_path(next(it)), None
            raws.append(
                _Raw(
                    meta[0].decode("ascii"),
                    meta[1].decode("ascii"),
                    _blob(meta[2]),
                    _blob(meta[3]),
                    letter,
                    similarity,
                    path,
                    old_path,
                )
            )
        else:
            parts = tok.split(b"\t", 2)
            if len(parts) != 3:
                raise LogParseError(f"commit {sha}: unexpected numstat line {tok!r}")
            added, deleted, name = parts
            if not name:  # rename or copy: old and new path follow as tokens
                next(it)
                name = next(it)
            stats.append((added, deleted, decode_path(name)))
        tok = next(it, None)
    return _combine(raws, stats, sha)


def _combine(
    raws: list[_Raw], stats: list[tuple[bytes, bytes, str]], sha: str
) -> tuple[FileChange, ...]:
    if stats and len(stats) != len(raws):
        raise LogParseError(f"commit {sha}: {len(raws)} raw entries but {len(stats)} numstat")
    changes = []
    for i, r in enumerate(raws):
        added: int | None = None
        deleted: int | None = None
        binary = False
        if stats:
            a, d, name = stats[i]
            if name != r.path:
                raise LogParseError(f"commit {sha}: numstat path {name!r} != raw {r.path!r}")
            if a == b"-":
                binary = True
            else:
                added, deleted = int(a), int(d)
        changes.append(
            FileChange(
                r.path,
                r.old_path,
                r.change_type,
                r.similarity,
                added,
                deleted,
                binary,
                r.old_mode,
                r.new_mode,
                r.old_blob,
                r.new_blob,
            )
        )
    return tuple(changes)


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Parse git log output produced with log_format.log_argv into Commit records."""
    it = tokens(chunks)
    for first in it:
        if not first:
            continue
        header = [first]
        for _ in range(HEADER_SIZE - 1):
            tok = next(it, None)
            if tok is None:
                raise LogParseError(f"git log output ended inside the commit {first[:64]!r}")
            header.append(tok)
        yield _commit(header, it)


def _commit(header: list[bytes], it: Iterator[bytes]) -> Commit:
    (sha_b, parents_b, an, ae, arn, are, ad, cn, ce, crn, cre, cd, message_b) = header
    sha = sha_b.decode("ascii", "replace")
    if len(sha) not in (40, 64) or not all(c in "0123456789abcdef" for c in sha):
        raise LogParseError(f"expected a commit id, got {sha_b[:80]!r}")
    author_time, author_offset = _date(ad, sha)
    commit_time, commit_offset = _date(cd, sha)
    first = next(it, None)
    changes = _read_diff(it, sha, first) if first else ()
    return Commit(
        sha=sha,
        parents=tuple(parents_b.decode("ascii").split()),
        author=Ident(_text(an), _text(ae), _text(arn), _text(are)),
        author_time=author_time,
        author_offset=author_offset,
        committer=Ident(_text(cn), _text(ce), _text(crn), _text(cre)),
        commit_time=commit_time,
        commit_offset=commit_offset,
        message=_text(message_b),
        changes=changes,
    )
