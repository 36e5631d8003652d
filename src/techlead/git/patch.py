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

from dataclasses import dataclass, field

from techlead.core.errors import LogParseError

# (old start, old count, new start, new count) of ``@@ -a,b +c,d @@``; a count left out
# is 1, and a count of 0 places the range after line ``start``.
Hunk = tuple[int, int, int, int]

PATCH_START = b"diff --git "
_HEADER_LINES = (
    b"index ", b"--- ", b"+++ ", b"old mode ", b"new mode ", b"similarity index ",
    b"dissimilarity index ", b"rename from ", b"rename to ", b"copy from ", b"copy to ",
)  # fmt: skip


@dataclass
class FileDiff:
    """A file's hunks as the line ages apply them."""

    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file is deleted
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


@dataclass
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

    @property
    def counts(self) -> tuple[int, int]:
        """(lines added, lines deleted), as ``--numstat`` counts them."""
        return sum(h[3] for h in self.hunks), sum(h[1] for h in self.hunks)


def sections(text: bytes) -> list[Section] | None:
    """The file sections of one commit's patch; None when ``text`` stops inside a line or
    a hunk's body (a NUL byte in a changed line cut git's ``-z`` token short: the caller
    joins the next token and asks again)."""
    if not text.endswith(b"\n"):
        return None
    lines = text.split(b"\n")
    lines.pop()  # after the final newline
    end = len(lines)
    out: list[Section] = []
    section: Section | None = None
    i = 0
    while i < end:
        line = lines[i]
        i += 1
        if line.startswith(b"@@ "):
            if section is None:
                raise LogParseError(f"git log -p: a hunk outside any file: {line[:80]!r}")
            hunk = hunk_header(line)
            section.hunks.append(hunk)
            i += hunk[1]  # the removed lines, then maybe "\ No newline at end of file"
            if hunk[1] and i < end and lines[i][:1] == b"\\":
                i += 1
            i += hunk[3]  # the added lines, then maybe the same mark
            if hunk[3] and i < end and lines[i][:1] == b"\\":
                i += 1
            if i > end:
                return None
        elif line.startswith(PATCH_START):
            section = Section()
            out.append(section)
        elif section is None:
            raise LogParseError(f"git log -p: expected a file's diff, got {line[:80]!r}")
        elif line.startswith(b"Binary files "):
            section.binary = True
        elif line.startswith(b"new file mode "):
            section.created = True
        elif line.startswith(b"deleted file mode "):
            section.deleted = True
        elif not line.startswith(_HEADER_LINES):
            raise LogParseError(f"git log -p: unexpected line {line[:80]!r}")
    return out


def hunk_header(line: bytes) -> Hunk:
    """The numbers of ``@@ -a,b +c,d @@ ...``."""
    try:
        old, new = line.split(b" ", 3)[1:3]
        a, _, b = old[1:].partition(b",")
        c, _, d = new[1:].partition(b",")
        if old[:1] != b"-" or new[:1] != b"+":
            raise ValueError
        hunk = int(a), int(b) if b else 1, int(c), int(d) if d else 1
    except ValueError:
        raise LogParseError(f"git log -p: unexpected hunk header {line[:80]!r}") from None
    if min(hunk) < 0:
        raise LogParseError(f"git log -p: unexpected hunk header {line[:80]!r}")
    return hunk
