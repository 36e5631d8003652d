"""What a scan of one repository mines.

* ``full``: the repository is new to the warehouse, or the options that shape its history
  (``--since``, ``--all-refs``, ``--copies``) changed;
* ``rewritten``: a commit mined before is no longer reachable (a force-push or rebase), or
  a shallow clone's boundary moved (``git fetch --deepen``, ``--unshallow``), so the
  repository's rows are deleted and it is mined again;
* ``incremental``: only the commits reachable from the new tips and not from the old ones;
* ``unchanged``: the tips did not move; nothing is mined.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from techlead.core.dates import git_date, parse_date
from techlead.git.repository import lost_commits
from techlead.git.runner import run_git
from techlead.mining.repo_state import RepoState


def mode_of(path: Path, state: RepoState | None, new_tips: list[str], key: str) -> str:
    """The mode of a scan of the repository at ``path`` (``key``: the options' history key)."""
    if state is None or state.history_key != key:
        return "full"
    if sorted(state.tips) == new_tips:
        return "unchanged"
    # A previously mined commit that no new tip reaches means history was rewritten.
    return "rewritten" if lost_commits(path, state.tips, new_tips) else "incremental"


def boundary_moved(state: RepoState, grafted: frozenset[str]) -> bool:
    """Whether a commit mined as a shallow clone's boundary has its parents now (the clone
    was deepened or unshallowed): the history behind it was never mined, so the tips alone
    would call the repository unchanged."""
    return not state.grafted <= grafted


def revisions_of(new_tips: Sequence[str], old_tips: Sequence[str]) -> bytes:
    """``git rev-list --stdin``'s input: the new tips, less what the old ones reach."""
    lines = [*new_tips, *(f"^{t}" for t in old_tips)]
    return "".join(f"{line}\n" for line in lines).encode("ascii")


def rev_list(path: Path, revisions: bytes, since: str | None) -> list[str]:
    """The commits to mine, oldest first."""
    argv = ["rev-list", "--reverse"]
    if since:
        argv.append(f"--since={git_date(parse_date(since, what='since'))}")
    argv.append("--stdin")
    return run_git(path, argv, stdin=revisions).decode("ascii").split()
