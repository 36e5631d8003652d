"""The patch of one commit in mining's ``git log -p --unified=0`` (see log_format).

Mining asks git for patches without context lines instead of ``--numstat``: git computes
the same diffs either way (and spends less time printing hunks than counting them: 3.6 s
against 4.8 s of CPU on pytest-dev/pytest's 18,934 commits), the hunk headers ``@@ -a,b
+c,d @@`` give the lines deleted (``b``) and added (``d``) as ``--numstat`` counts them,
and the same hunks locate each change for the line ages (mining.line_ages), which
otherwise need a second diff of every main-line commit.

A file's section is ``diff --git`` and header lines git writes (``new file mode``,
``rename from`` ..., ``Binary files ... differ``), then its hunks. A hunk's body is read by
count, never by content: ``b`` lines removed and ``d`` added, each block possibly followed
by ``\\ No newline at end of file``. So no changed line (the files' text: untrusted) can
be taken for a header whatever it holds. A typechange (file to symlink) is printed as
two sections, a deletion and a creation, for one ``--raw`` entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from techlead.core.errors import LogParseError

# (old start, old count, new start, new count) of ``@@ -a,b +c,d @@``; a count left out
# is 1, and a count of 0 places the range after line ``start``.
Hunk = tuple[int, int, int, int]

PATCH_START = b"diff --git "
_HEADER_LINES = (
    b"index ", b"--- ", b"+++ ", b"old mode ", b"new mode ", b"similarity index ",
    b"dissimilarity index ", b"rename from ", b"rename to ", b"copy from ", b"copy to ",
    b"new file mode ", b"deleted file mode ", b"Binary files ",
)  # fmt: skip


@dataclass(slots=True)  # one per file of every commit mined: kept small
class FileDiff:
    """A file's hunks as the line ages apply them."""

    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file is deleted
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


@dataclass(slots=True)
class HunkCommit:
    sha: str
    files: list[FileDiff] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """One file's part of a patch."""

    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False
    created: bool = False  # "new file mode": no old side
    deleted: bool = False  # "deleted file mode": no new side
    added_lines: int = 0  # as --numstat counts them: the hunks' added lines
    deleted_lines: int = 0


_HUNK = b"\n@@ "
_NUMBERS = rb"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@"
_HEADER = re.compile(_NUMBERS)
# a hunk header at a line start; one that does not match leaves its lines uncounted,
# which the count of the body's lines then finds
_HUNKS = re.compile(rb"\n" + _NUMBERS)
_NEXT = b"\n" + PATCH_START


def sections(text: bytes) -> list[Section] | None:
    """The file sections of one commit's patch; None when ``text`` stops inside a line or
    a hunk's body (NUL bytes in changed lines cut git's ``-z`` output into tokens: the
    caller joins them before asking, log_parser._read_patch).

    Only line starts are searched (``bytes.find``): a section at each ``diff --git``, its
    hunks at each ``@@``. A changed line starts with ``+`` or ``-`` and ``\\`` marks a
    missing final newline, so neither can be found inside a body; the body's lines are
    then counted, not read, to check that each hunk has all its lines (and that no hunk
    header was malformed)."""
    if not text.endswith(b"\n"):
        return None
    if not text.startswith(PATCH_START):
        raise LogParseError(f"git log -p: expected a file's diff, got {text[:80]!r}")
    out: list[Section] = []
    size, start = len(text), 0
    while start < size:
        following = text.find(_NEXT, start)
        end = size if following < 0 else following + 1
        at = text.find(_HUNK, start, end)
        body = end if at < 0 else at + 1
        section = _header(text[start:body])
        out.append(section)
        expected = 0
        if at >= 0:
            for numbers in _HUNKS.findall(text, at, end):
                hunk = _hunk(*numbers)
                section.hunks.append(hunk)
                section.deleted_lines += hunk[1]
                section.added_lines += hunk[3]
                expected += 1 + hunk[1] + hunk[3]
        # the body's lines: its hunks' headers and lines, and the "\ No newline" marks
        found = text.count(b"\n", body, end) - text.count(b"\n\\", body - 1, end)
        if found < expected and following < 0:
            return None
        if found != expected:
            raise LogParseError(f"git log -p: a hunk of {expected} lines has {found}")
        start = end
    return out


def _header(header: bytes) -> Section:
    lines = header.split(b"\n")
    for line in lines[1:-1]:
        if not line.startswith(_HEADER_LINES):
            raise LogParseError(f"git log -p: unexpected line {line[:80]!r}")
    return Section(
        binary=b"\nBinary files " in header,
        created=b"\nnew file mode " in header,
        deleted=b"\ndeleted file mode " in header,
    )


def hunk_header(line: bytes) -> Hunk:
    """The numbers of ``@@ -a,b +c,d @@ ...``."""
    found = _HEADER.match(line)
    if found is None:
        raise LogParseError(f"git log -p: unexpected hunk header {line[:80]!r}")
    return _hunk(*found.groups(b""))


def _hunk(a: bytes, b: bytes, c: bytes, d: bytes) -> Hunk:
    return int(a), int(b) if b else 1, int(c), int(d) if d else 1
