"""Facts about a repository that decide how it is mined: where it is, what HEAD is,
which tips to mine, whether it is bare, shallow or a partial clone."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from techlead.core.errors import GitError
from techlead.git.runner import run_git, run_git_status


@dataclass(frozen=True)
class RepoInfo:
    path: Path  # the top of the working tree, or the git directory of a bare repository
    git_dir: Path
    is_bare: bool
    is_shallow: bool
    is_partial: bool
    object_format: str  # sha1 or sha256
    head_ref: str | None  # e.g. refs/heads/main; None when HEAD is detached
    head_sha: str | None  # None when HEAD is unborn (no commit yet)
    has_refs: bool  # any branch or tag exists
    fetched_at: datetime | None = None  # last fetch (FETCH_HEAD), else the cloning; None: never


def inspect_repo(path: Path) -> RepoInfo:
    """Check that ``path`` is the top of a git repository and describe it."""
    if not path.exists():
        raise GitError(f"{path} does not exist")
    if not path.is_dir():
        raise GitError(f"{path} is not a directory (expected a git repository)")
    code, out, err = run_git_status(
        path,
        [
            "rev-parse",
            "--path-format=absolute",
            "--git-dir",
            "--is-bare-repository",
            "--is-shallow-repository",
            "--show-object-format",
        ],
    )
    if code != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        detail = message[0] if message else "git rev-parse failed"
        if "not a git repository" in detail:
            raise GitError(f"{path} is not a git repository")
        if "dubious ownership" in detail:
            raise GitError(
                f"{path} is owned by another user and git refuses it (safe.directory)",
                tip=f"git config --global --add safe.directory {path}",
            )
        raise GitError(f"{path}: {detail}")
    git_dir_s, bare_s, shallow_s, fmt = out.decode("utf-8", "surrogateescape").splitlines()[:4]
    git_dir = Path(git_dir_s)
    is_bare = bare_s == "true"
    top = git_dir if is_bare else _toplevel(path)
    if not is_bare and os.path.realpath(top) != os.path.realpath(path):
        raise GitError(f"{path} is inside the git repository {top}; pass {top} instead")
    if is_bare and os.path.realpath(git_dir) != os.path.realpath(path):
        raise GitError(f"{path} is inside the bare repository {git_dir}; pass {git_dir} instead")
    head_code, head_out, _ = run_git_status(path, ["symbolic-ref", "-q", "HEAD"])
    head_ref = head_out.decode().strip() if head_code == 0 else None
    sha_code, sha_out, _ = run_git_status(path, ["rev-parse", "--verify", "-q", "HEAD^{commit}"])
    head_sha = sha_out.decode().strip() if sha_code == 0 else None
    refs = run_git(path, ["for-each-ref", "--count=1", "--format=%(refname)"]).strip()
    return RepoInfo(
        path=Path(os.path.realpath(top)),
        git_dir=git_dir,
        is_bare=is_bare,
        is_shallow=shallow_s == "true",
        is_partial=_is_partial(path, git_dir),
        object_format=fmt.strip() or "sha1",
        head_ref=head_ref,
        head_sha=head_sha,
        has_refs=bool(refs) or head_sha is not None,
        fetched_at=_fetched_at(path, git_dir),
    )


def _fetched_at(path: Path, git_dir: Path) -> datetime | None:
    """When the clone last heard from its remote: FETCH_HEAD's time (written by every
    fetch and pull), else the time the reflog gives its cloning; None for a repository
    with no remote (nothing to be stale against) or no trace of either."""
    code, out, _ = run_git_status(path, ["remote"])
    if code != 0 or not out.strip():
        return None
    common = Path(run_git(path, ["rev-parse", "--path-format=absolute", "--git-common-dir"])
                  .decode("utf-8", "surrogateescape").strip())  # fmt: skip
    for folder in dict.fromkeys((git_dir, common)):
        try:
            return datetime.fromtimestamp((folder / "FETCH_HEAD").stat().st_mtime, UTC)
        except OSError:
            continue
    try:
        first = (common / "logs" / "HEAD").read_bytes().split(b"\n", 1)[0]
    except OSError:
        return None
    # "<old> <new> <name> <email> <seconds> <zone>\t<message>"
    head, _, message = first.partition(b"\t")
    fields = head.split()
    if message.startswith(b"clone:") and len(fields) >= 2 and fields[-2].isdigit():
        return datetime.fromtimestamp(int(fields[-2]), UTC)
    return None


def _toplevel(path: Path) -> Path:
    out = run_git(path, ["rev-parse", "--show-toplevel"])
    return Path(out.decode("utf-8", "surrogateescape").strip())


def _is_partial(path: Path, git_dir: Path) -> bool:
    code, out, _ = run_git_status(
        path, ["config", "--get-regexp", r"^(remote\..*\.promisor|extensions\.partialclone)$"]
    )
    if code == 0 and out.strip():
        return True
    pack_dir = git_dir / "objects" / "pack"
    return pack_dir.is_dir() and any(p.suffix == ".promisor" for p in pack_dir.iterdir())


def tips(path: Path, info: RepoInfo, all_refs: bool) -> list[str]:
    """Commit ids to mine from: HEAD, plus every branch, remote branch and tag with all_refs."""
    found: set[str] = {info.head_sha} if info.head_sha else set()
    if all_refs:
        out = run_git(
            path,
            [
                "for-each-ref",
                "--format=%(objectname) %(objecttype) %(*objectname) %(*objecttype)",
                "refs/heads",
                "refs/remotes",
                "refs/tags",
            ],
        )
        for line in out.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] == "commit":
                found.add(parts[0])
            elif len(parts) == 4 and parts[3] == "commit":  # annotated tag of a commit
                found.add(parts[2])
    return sorted(found)


def grafted_commits(info: RepoInfo) -> frozenset[str]:
    """Commits at the boundary of a shallow clone (their parents are missing)."""
    shallow = info.git_dir / "shallow"
    if not info.is_shallow or not shallow.is_file():
        return frozenset()
    return frozenset(shallow.read_text(encoding="ascii", errors="replace").split())


def missing_objects(path: Path, revisions: bytes) -> frozenset[str]:
    """Objects reachable from ``revisions`` (stdin lines) that a partial clone lacks."""
    out = run_git(path, ["rev-list", "--objects", "--missing=print", "--stdin"], stdin=revisions)
    return frozenset(line[1:].decode("ascii") for line in out.splitlines() if line.startswith(b"?"))


def lost_commits(path: Path, old_tips: list[str], new_tips: list[str]) -> bool:
    """True when a commit reachable from ``old_tips`` is not reachable from ``new_tips``
    (history was rewritten), or when an old tip no longer exists at all."""
    stdin = "".join(f"{t}\n" for t in old_tips) + "".join(f"^{t}\n" for t in new_tips)
    code, out, _ = run_git_status(
        path, ["rev-list", "--max-count=1", "--stdin"], stdin=stdin.encode("ascii")
    )
    return code != 0 or bool(out.strip())


_HEADER_DATE = re.compile(rb"^(author|committer) .*> (-?\d+)(?: +([+-]+)(\d{1,4}))?", re.M)


def header_dates(path: Path, sha: str) -> tuple[int, int, int, int]:
    """(author time, offset, commit time, offset) read leniently from a commit object whose
    dates git cannot print: a malformed zone ("--700") reads as what it plainly means
    (-07:00), a missing one as UTC; a missing date as 0 (1970)."""
    raw = run_git(path, ["cat-file", "commit", sha])
    header = raw.split(b"\n\n", 1)[0]
    found: dict[bytes, tuple[int, int]] = {}
    for role, seconds, signs, zone in _HEADER_DATE.findall(header):
        hhmm = int(zone) if zone else 0
        sign = -1 if signs.startswith(b"-") else 1
        found.setdefault(role, (int(seconds), sign * (hhmm // 100 * 60 + hhmm % 100)))
    author = found.get(b"author", (0, 0))
    committer = found.get(b"committer", author)
    return (*author, *committer)
