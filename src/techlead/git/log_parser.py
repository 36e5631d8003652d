"""Pure parser: the byte stream of ``git log`` (see log_format) -> Commit records.

Parsing is incremental: chunks of any size go in, commits come out as soon as they are
complete, so memory stays flat whatever the size of the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from techlead.core.errors import LogParseError
from techlead.git.log_format import HEADER_SIZE
from techlead.git.patch import PATCH_START, FileDiff, Section, sections


class Ident(NamedTuple):
    """A person as git shows them: after .mailmap (name, email) and as written (raw_*)."""

    name: str
    email: str
    raw_name: str
    raw_email: str


class FileChange(NamedTuple):
    """One path changed by one commit, from git's --raw lines and its patch (or
    --numstat lines)."""

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
    # git could not read a date (a malformed time zone such as "--700"): the times are
    # 0 until mining reads them from the commit object (git.repository.header_dates)
    dates_unknown: bool = False
    # the patch's hunks by file, as the line ages read them (submodules left out); empty
    # when git printed no patch (a merge, --numstat, a commit without changes)
    diffs: tuple[FileDiff, ...] = ()


_VALID_TYPES = frozenset("AMDRCT")


def decode_path(raw: bytes) -> str:
    """Paths are bytes in git; non-UTF-8 bytes are kept visible as \\xNN escapes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a chunked byte stream into NUL-terminated tokens (the final one may lack NUL).

    A token longer than a chunk (a large patch) is gathered in pieces and joined once:
    joining the pieces so far at every chunk would copy it again and again."""
    pieces: list[bytes] = []  # the token that the last chunks began
    for chunk in chunks:
        parts = chunk.split(b"\0")
        if len(parts) == 1:
            pieces.append(chunk)
            continue
        if pieces:
            pieces.append(parts[0])
            parts[0] = b"".join(pieces)
            pieces = []
        last = parts.pop()
        yield from parts
        if last:
            pieces.append(last)
    if pieces:
        yield b"".join(pieces)


def _date(raw: bytes, sha: str) -> tuple[int, int] | None:
    """(unix seconds, minutes east of UTC); None when git printed no date (it prints none
    for a time zone it cannot parse)."""
    if not raw.strip():
        return None
    try:
        seconds, offset = raw.split(b" ")
        sign = -1 if offset[:1] == b"-" else 1
        hhmm = int(offset[1:])
        return int(seconds), sign * (hhmm // 100 * 60 + hhmm % 100)
    except ValueError as exc:
        raise LogParseError(f"commit {sha}: unexpected date {raw!r}") from exc


_NULL_BLOBS = frozenset((b"0" * 40, b"0" * 64))


_Raw = tuple[list[bytes], str | None, str]  # (raw fields, old path, path)


def _read_diff(it: Iterator[bytes], sha: str, first: bytes) -> tuple[list[_Raw], list[bytes]]:
    """Read raw entries, then numstat entries, until the empty token that ends them.

    This loop runs once per changed path in the whole history, so it avoids helper calls
    and intermediate objects.
    """
    raws: list[_Raw] = []
    stats: list[bytes] = []
    tok: bytes | None = first[1:] if first[:1] == b"\n" else first
    while tok:  # an empty token (or the end of the stream) ends the commit
        if tok[0] == 58:  # ":" starts a raw entry
            meta = tok[1:].split(b" ")
            if len(meta) != 5:
                raise LogParseError(f"commit {sha}: unexpected raw diff line {tok!r}")
            if meta[4][0] in b"RC":
                old = next(it)
                raws.append((meta, decode_path(old), decode_path(next(it))))
            else:
                raws.append((meta, None, decode_path(next(it))))
        else:
            stats.append(tok)
            if tok[-1:] == b"\t":  # rename or copy: old and new path follow as tokens
                next(it)
                next(it)
        tok = next(it, None)
    return raws, stats


def _read_patch(it: Iterator[bytes], sha: str, text: bytes) -> list[Section]:
    """The sections of the patch starting with ``text``, joined with the next tokens
    while NUL bytes in changed lines cut it short. A NUL in a line comes after the
    line's first character, so a piece that ends with a newline ends the patch: the
    pieces are joined once and parsed once, however many NULs the text holds."""
    pieces = [text]
    while not pieces[-1].endswith(b"\n"):
        more = next(it, None)
        if more is None:
            raise LogParseError(f"commit {sha}: git log output ended inside its patch")
        pieces.append(more)
    found = sections(b"\0".join(pieces))
    if found is None:
        raise LogParseError(f"commit {sha}: its patch ended inside a hunk")
    return found


def _combine(raws: list[_Raw], stats: list[bytes], sha: str) -> tuple[FileChange, ...]:
    if stats and len(stats) != len(raws):
        raise LogParseError(f"commit {sha}: {len(raws)} raw entries but {len(stats)} numstat")
    if not stats:
        return _changes(raws, [(None, None, False)] * len(raws), sha)
    return _changes(raws, [_numstat(s, r[2], sha) for s, r in zip(stats, raws, strict=True)], sha)


_Counts = tuple[int | None, int | None, bool]  # added, deleted, binary


def _numstat(line: bytes, path: str, sha: str) -> _Counts:
    parts = line.split(b"\t", 2)
    if len(parts) != 3:
        raise LogParseError(f"commit {sha}: unexpected numstat line {line!r}")
    if parts[2] and decode_path(parts[2]) != path:
        raise LogParseError(f"commit {sha}: numstat path {parts[2]!r} != raw {path!r}")
    if parts[0] == b"-":
        return None, None, True
    return int(parts[0]), int(parts[1]), False


_GITLINK = b"160000"


def _from_patch(
    raws: list[_Raw], patch: list[Section], sha: str
) -> tuple[tuple[FileChange, ...], tuple[FileDiff, ...]]:
    """The changes of the raw entries, counted from their patch sections, and the hunks
    by file for the line ages (a submodule's "Subproject commit" lines left out)."""
    counts: list[_Counts] = []
    diffs: list[FileDiff] = []
    k = 0
    for meta, old_path, path in raws:
        if k == len(patch):
            raise LogParseError(f"commit {sha}: {len(raws)} raw entries, a patch of fewer files")
        parts = patch[k : k + 1]
        if meta[4][:1] == b"T" and patch[k].deleted and k + 1 < len(patch) and patch[k + 1].created:
            parts = patch[k : k + 2]  # a typechange: the old file deleted, the new created
        k += len(parts)
        if len(parts) == 1:
            part = parts[0]
            counts.append((None, None, True) if part.binary else
                          (part.added_lines, part.deleted_lines, False))  # fmt: skip
        elif any(part.binary for part in parts):
            counts.append((None, None, True))
        else:
            counts.append((sum(p.added_lines for p in parts),
                           sum(p.deleted_lines for p in parts), False))  # fmt: skip
        if meta[0] == _GITLINK or meta[1] == _GITLINK:
            continue
        old = old_path if old_path is not None else path
        diffs.extend(
            FileDiff(None if p.created else old, None if p.deleted else path, p.hunks, p.binary)
            for p in parts
        )
    if k != len(patch):
        raise LogParseError(f"commit {sha}: {len(raws)} raw entries, a patch of {len(patch)} files")
    return _changes(raws, counts, sha), tuple(diffs)


def _changes(raws: list[_Raw], counts: list[_Counts], sha: str) -> tuple[FileChange, ...]:
    changes = []
    for (meta, old_path, path), (added, deleted, binary) in zip(raws, counts, strict=True):
        old_mode, new_mode, old_blob, new_blob, status = meta
        letter = chr(status[0])
        if letter not in _VALID_TYPES:
            raise LogParseError(f"commit {sha}: unknown change type {status!r}")
        changes.append(
            FileChange(
                path,
                old_path,
                letter,
                int(status[1:]) if old_path is not None else None,
                added,
                deleted,
                binary,
                old_mode.decode(),
                new_mode.decode(),
                None if old_blob in _NULL_BLOBS else old_blob.decode(),
                None if new_blob in _NULL_BLOBS else new_blob.decode(),
            )
        )
    return tuple(changes)


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Parse git log output produced with log_format.log_argv into Commit records."""
    it = tokens(chunks)
    first: bytes | None = next(it, None)
    while first is not None:
        if not first:
            first = next(it, None)
            continue
        header = [first]
        for _ in range(HEADER_SIZE - 1):
            tok = next(it, None)
            if tok is None:
                raise LogParseError(f"git log output ended inside the commit {first[:64]!r}")
            header.append(tok)
        commit, first = _commit(header, it)
        yield commit


def _commit(header: list[bytes], it: Iterator[bytes]) -> tuple[Commit, bytes | None]:
    """The commit of ``header`` and the diff after it; the token that follows."""
    (sha_b, parents_b, an, ae, arn, are, ad, cn, ce, crn, cre, cd, message_b) = header
    if len(sha_b) not in (40, 64) or sha_b.strip(b"0123456789abcdef"):
        raise LogParseError(f"expected a commit id, got {sha_b[:80]!r}")
    sha = sha_b.decode("ascii")
    authored, committed = _date(ad, sha), _date(cd, sha)
    author_time, author_offset = authored or (0, 0)
    commit_time, commit_offset = committed or (0, 0)
    first = next(it, None)
    raws, stats = _read_diff(it, sha, first) if first else ([], [])
    after = next(it, None)
    patch: list[Section] | None = None
    diffs: tuple[FileDiff, ...] = ()
    if after is not None and after.startswith(PATCH_START):
        patch = _read_patch(it, sha, after)
        after = next(it, None)
    if patch is None:
        changes = _combine(raws, stats, sha)
    else:
        changes, diffs = _from_patch(raws, patch, sha)
    commit = Commit(
        sha=sha,
        parents=tuple(parents_b.decode("ascii").split()),
        author=_ident(an, ae, arn, are),
        author_time=author_time,
        author_offset=author_offset,
        committer=_ident(cn, ce, crn, cre),
        commit_time=commit_time,
        commit_offset=commit_offset,
        message=message_b.decode("utf-8", "replace"),
        changes=changes,
        dates_unknown=authored is None or committed is None,
        diffs=diffs,
    )
    return commit, after


def _ident(name: bytes, email: bytes, raw_name: bytes, raw_email: bytes) -> Ident:
    return Ident(
        name.decode("utf-8", "replace"),
        email.decode("utf-8", "replace"),
        raw_name.decode("utf-8", "replace"),
        raw_email.decode("utf-8", "replace"),
    )
