"""The main line of a repository: HEAD's first-parent chain, oldest first, with each
commit's tree changes against its first parent.

``git log --first-parent --diff-merges=first-parent --raw --no-renames -z --reverse``
lists every commit of the chain with the files it adds (A), modifies (M), changes the
type of (T) and deletes (D), a merge diffed against its first parent (whatever the user's
``log.diffMerges`` says): replaying them in order gives the tree of every main-line
commit exactly, which is what "the repository as of a date" is (techlead.mining.mainline).
The parser is pure: it takes the bytes git writes and yields commits.

Output of ``--format=%x00%H -z``, per commit: NUL, the commit id, NUL, then per change a
raw header ``:<old mode> <new mode> <old blob> <new blob> <status>`` (after a newline for
the first) and NUL, the path and NUL. A header always starts with ``:``; the token after
a header is always a path, so a path that looks like a commit id is read as a path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from techlead.core.errors import GitError
from techlead.git.log_parser import decode_path

GITLINK = "160000"  # a submodule: not a file of this repository


def mainline_argv(head: str, after: str | None = None) -> list[str]:
    """The main line up to ``head``; only its commits after ``after`` (a commit of the
    chain) when given."""
    return [
        # --diff-merges=first-parent, not -m: -m follows the user's log.diffMerges, and a
        # combined diff would leave out every file a merge brought in
        "log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-renames",
        "--no-abbrev", "-z", "--reverse", "--format=%x00%H", "--end-of-options", head,
        *([f"^{after}"] if after else []),
    ]  # fmt: skip


# Whether git shows some commits other than as written: a replace ref (``git replace``,
# ``--graft``) or a grafts file changes a commit's parents or tree without changing any id.
REPLACE_REFS_ARGV = ["for-each-ref", "--count=1", "--format=%(refname)", "refs/replace/"]
GRAFTS_ARGV = ["rev-parse", "--git-path", "info/grafts"]


def length_argv(commit: str) -> list[str]:
    """The length of the first-parent chain that ends at ``commit``."""
    return ["rev-list", "--first-parent", "--count", "--end-of-options", commit]


@dataclass
class MainlineCommit:
    sha: str
    # (status A|M|T|D, new mode, new blob, path); D has the old mode and blob
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)


def parse_mainline(chunks: Iterable[bytes]) -> Iterator[MainlineCommit]:
    """The commits of the main line in git's order, each with its raw changes."""
    current: MainlineCommit | None = None
    header: Sequence[str] | None = None
    rest = b""
    for chunk in chunks:
        tokens = (rest + chunk).split(b"\0")
        rest = tokens.pop()
        for token in tokens:
            if header is not None:
                if current is None:
                    raise GitError("git log --raw: a change before any commit")
                _add(current, header, decode_path(token))
                header = None
                continue
            text = token.strip(b"\n").decode("ascii", "replace")
            if not text:
                continue
            if text.startswith(":"):
                header = text[1:].split(" ")
                if len(header) != 5:
                    raise GitError(f"git log --raw: unexpected change line {text!r}")
                continue
            if current is not None:
                yield current
            current = MainlineCommit(text)
    if rest.strip(b"\n"):
        text = rest.strip(b"\n").decode("ascii", "replace")
        if header is None and not text.startswith(":"):
            if current is not None:
                yield current
            current = MainlineCommit(text)
    if current is not None:
        yield current


def _add(commit: MainlineCommit, header: Sequence[str], path: str) -> None:
    old_mode, new_mode, old_blob, new_blob, status = header
    kind = status[:1]
    if kind == "D":
        if old_mode != GITLINK:
            commit.changes.append(("D", old_mode, old_blob, path))
    elif kind in ("A", "M", "T"):
        if new_mode == GITLINK and old_mode == GITLINK:
            return
        if new_mode == GITLINK:  # a file replaced by a submodule: the file is gone
            commit.changes.append(("D", old_mode, old_blob, path))
        elif old_mode == GITLINK:  # a submodule replaced by a file: the file arrives
            commit.changes.append(("A", new_mode, new_blob, path))
        else:
            commit.changes.append((kind, new_mode, new_blob, path))
