"""A radar file's previous edition, read from the git history of the repository it is in.

"Moved since the last edition" on a drawn radar compares the file with its version at the
commit before its latest change (``git log -n 2`` of the file, then ``git show``). A file
outside a repository, not yet committed, or committed once has no previous edition.
"""

from __future__ import annotations

from pathlib import Path

from techlead.core.errors import GitError
from techlead.git.runner import run_git, run_git_status


def previous_edition(path: Path) -> bytes | None:
    """The radar file's content at the commit before its latest change, if any."""
    resolved = path.resolve()
    code, out, _ = run_git_status(resolved.parent, ["rev-parse", "--show-toplevel"])
    if code != 0:
        return None
    top = Path(out.decode().strip()).resolve()
    try:
        relative = resolved.relative_to(top).as_posix()
    except ValueError:  # not under the top level git names (a bind mount, say)
        return None
    try:
        commits = run_git(top, ["log", "--format=%H", "-n", "2", "--end-of-options", "HEAD",
                                "--", relative]).split()  # fmt: skip
    except GitError:  # no commit yet
        return None
    if len(commits) < 2:
        return None
    code, content, _ = run_git_status(top, ["show", f"{commits[1].decode()}:{relative}"])
    return content if code == 0 else None
