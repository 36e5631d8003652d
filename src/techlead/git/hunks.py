"""The hunks of HEAD's main line: what each main-line commit changed, as line ranges.

``git log --no-walk=unsorted --stdin --diff-merges=first-parent -p --unified=0 -M`` (git
2.31 or later) prints, for the commits given (in that order; a merge diffed against its
first parent), a patch without context lines. Mining reads the same patches for the
commits it mines (git.patch), so this is asked only for the main line's merges and the
commits a scan did not mine. The parser reads only what locates a change: the commit
line, each file's ``diff --git`` header, ``rename from``/``rename to``, ``new file
mode``/``deleted file mode`` and the hunk headers ``@@ -a,b +c,d @@``. With
``--unified=0`` every line of a hunk's body starts with ``+``, ``-`` or ``\\`` ("No
newline at end of file"), so no body line (the files' text: untrusted) can be taken for
a header, whatever it holds; the text is skipped unread. A binary file has no hunks
(``Binary files ... differ``); a submodule is left out by ``--ignore-submodules``.

Output of ``--format=%x00%H``: a line of NUL and the commit id, then the commit's patch
(no date: git prints none for a commit whose time zone it cannot read, and the
warehouse has every commit's times). The parser is pure: bytes in, commits out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from techlead.core.errors import GitError
from techlead.git.log_parser import decode_path
from techlead.git.patch import FileDiff, HunkCommit, hunk_header
from techlead.git.runner import run_git


def hunks_argv() -> list[str]:
    """The patches of the commits listed on stdin, in that order."""
    return [
        "log", "--no-walk=unsorted", "--stdin", "-p", "--unified=0", "-M",
        # a merge against its first parent (-m would follow log.diffMerges: combined)
        "--diff-merges=first-parent",
        # what a user's configuration could change, fixed as mining's patches have them
        "--diff-algorithm=myers", "--inter-hunk-context=0",
        "--no-color", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all",
        "--src-prefix=a/", "--dst-prefix=b/", "--format=%x00%H",
    ]  # fmt: skip


@dataclass(frozen=True)
class MainLine:
    """HEAD's first-parent chain, oldest first: iterating gives (commit, whether it is a
    merge). Held as the list of commits and the set of merges: as 100,000 (commit, merge)
    tuples it took ~5 MB more while the line ages were walked."""

    shas: list[str]
    merges: frozenset[str]
    second_parents: dict[str, str]  # of the merges of two parents
    start: str | None = None  # the first parent of the oldest commit listed (None: a root)

    def __iter__(self) -> Iterator[tuple[str, bool]]:
        merges = self.merges
        return ((sha, sha in merges) for sha in self.shas)


def main_line(
    repo: Path, head: str, since: str | None = None, limit: int | None = None
) -> MainLine:
    """HEAD's first-parent chain, oldest first; with ``since`` only the commits ``since``
    does not reach (when it is on the chain, the oldest one's first parent is ``since``);
    with ``limit`` only the newest ``limit`` of them."""
    argv = ["rev-list", "--first-parent", "--reverse", "--parents",
            *((f"--max-count={limit}",) if limit is not None else ()),
            "--end-of-options", head, *((f"^{since}",) if since else ())]  # fmt: skip
    text = run_git(repo, argv).decode("ascii")
    shas: list[str] = []
    merges: set[str] = set()
    second: dict[str, str] = {}
    start: str | None = None
    for line in text.splitlines():
        sha, _, parents = line.partition(" ")
        if not shas:
            start = parents.partition(" ")[0] or None
        shas.append(sha)
        if " " in parents:  # two parents or more
            merges.add(sha)
            _, _, others = parents.partition(" ")
            if " " not in others:
                second[sha] = others
    return MainLine(shas, frozenset(merges), second, start)


def branch_commit_merges(repo: Path, candidates: dict[str, str]) -> dict[str, str]:
    """Of ``candidates`` (merge -> its second parent), the merges of a branch of one commit
    made on the main line's tip and merged as it was: the second parent's only parent is
    the merge's first parent and the merge's tree is the second parent's. Such a merge's
    diff against its first parent is the second parent's own diff, to the byte."""
    if not candidates:
        return {}
    shas = [*candidates, *candidates.values()]
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    argv = ["log", "--no-walk=unsorted", "--stdin", "--format=%H %T %P"]
    facts: dict[str, tuple[str, list[str]]] = {}
    for line in run_git(repo, argv, stdin=stdin).decode("ascii").splitlines():
        sha, tree, *parents = line.split()
        facts[sha] = (tree, parents)
    found: dict[str, str] = {}
    for merge, second in candidates.items():
        if merge not in facts or second not in facts:
            continue
        (merge_tree, merge_parents), (tree, parents) = facts[merge], facts[second]
        if tree == merge_tree and parents == merge_parents[:1]:
            found[merge] = second
    return found


def parse_hunks(chunks: Iterable[bytes]) -> Iterator[HunkCommit]:
    """The commits of ``hunks_argv``'s output in git's order, each with its files' hunks."""
    current: HunkCommit | None = None
    diff: FileDiff | None = None
    for line in _lines(chunks):
        first = line[:1]
        if first in (b"+", b"-", b"\\", b""):
            continue  # a hunk's body (or ---/+++ headers): never read
        if first == b"\0":
            if current is not None:
                yield current
            current = _commit(line[1:])
            diff = None
        elif first == b"@":
            if diff is None:
                raise GitError("git log -p: a hunk outside any file")
            diff.hunks.append(hunk_header(line))
        elif line.startswith(b"diff --git "):
            if current is None:
                raise GitError("git log -p: a file before any commit")
            path = _header_path(line[11:])
            diff = FileDiff(path, path)
            current.files.append(diff)
        elif diff is None:
            continue
        elif line.startswith(b"new file mode "):
            diff.old_path = None
        elif line.startswith(b"deleted file mode "):
            diff.new_path = None
        elif line.startswith(b"rename from "):
            diff.old_path = _path(line[12:])
        elif line.startswith(b"rename to "):
            diff.new_path = _path(line[10:])
        elif line.startswith(b"Binary files "):
            diff.binary = True
    if current is not None:
        yield current


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pieces: list[bytes] = []  # a line longer than a chunk (minified code), joined once
    for chunk in chunks:
        lines = chunk.split(b"\n")
        if len(lines) == 1:
            pieces.append(chunk)
            continue
        if pieces:
            lines[0] = b"".join([*pieces, lines[0]])
            pieces = []
        last = lines.pop()
        yield from lines
        if last:
            pieces.append(last)
    if pieces:
        yield b"".join(pieces)


def _commit(text: bytes) -> HunkCommit:
    sha = text.decode("ascii", "replace")
    if len(sha) not in (40, 64) or sha.strip("0123456789abcdef"):
        raise GitError(f"git log -p: unexpected commit line {text[:80]!r}")
    return HunkCommit(sha)


def _header_path(rest: bytes) -> str:
    """The path of ``a/P b/P`` (a rename's two names come from its own lines)."""
    if rest.startswith(b'"'):
        end = _closing_quote(rest)
        return _path(rest[: end + 1])[2:]
    half = (len(rest) - 5) // 2
    return decode_path(rest[2 : 2 + half])


def _closing_quote(text: bytes) -> int:
    i = 1
    while i < len(text):
        if text[i : i + 1] == b"\\":
            i += 2
            continue
        if text[i : i + 1] == b'"':
            return i
        i += 1
    raise GitError(f"git log -p: unterminated quoted path {text[:80]!r}")


_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12,
            ord("r"): 13, ord('"'): 34, ord("\\"): 92}  # fmt: skip


def _path(raw: bytes) -> str:
    """A path as git writes it: as is, or C-quoted (``"..."`` with backslash escapes and
    octal bytes) when it holds a quote, a backslash or a control character."""
    if not raw.startswith(b'"'):
        return decode_path(raw)
    body, out, i = raw[1 : _closing_quote(raw)], bytearray(), 0
    while i < len(body):
        byte = body[i]
        if byte != 92 or i + 1 == len(body):
            out.append(byte)
            i += 1
        elif body[i + 1 : i + 2].isdigit():
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
    return decode_path(bytes(out))
