"""Scan: repositories -> git -> parser -> warehouse, incremental, one transaction per repo.

For each repository the scan decides what to mine:

* ``full``: the repository is new to the warehouse, or the options that shape its history
  (``--since``, ``--all-refs``, ``--copies``) changed;
* ``rewritten``: a commit mined before is no longer reachable (a force-push or rebase), so
  the repository's rows are deleted and it is mined again;
* ``incremental``: only the commits reachable from the new tips and not from the old ones;
* ``unchanged``: the tips did not move; nothing is mined.

Everything a repository's scan writes happens in one DuckDB transaction, so an interrupted
scan (Ctrl-C, SIGTERM, SIGKILL, a crash) leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from techlead import __version__
from techlead.config import ComponentConfig, TeamConfig
from techlead.dates import git_date, parse_date
from techlead.git.identities import DEFAULT_BOT_PATTERNS
from techlead.git.repository import (
    RepoInfo,
    grafted_commits,
    inspect_repo,
    lost_commits,
    missing_objects,
    tips,
)
from techlead.git.runner import run_git
from techlead.mining.classify import PathRules
from techlead.mining.history import LogSpec, mine
from techlead.mining.people import insert_co_authors, rebuild_people
from techlead.mining.snapshot import take_snapshot
from techlead.progress import Progress, SilentProgress
from techlead.warehouse.connection import transaction
from techlead.warehouse.load import insert_arrow
from techlead.warehouse.schema import REPO_TABLES

Warn = Callable[[str], None]


@dataclass(frozen=True)
class ScanOptions:
    since: str | None = None
    all_refs: bool = False
    copies: bool = False
    jobs: int = 1
    bots: tuple[str, ...] = DEFAULT_BOT_PATTERNS
    exclude: tuple[str, ...] = ()
    teams: tuple[TeamConfig, ...] = ()
    components: tuple[ComponentConfig, ...] = ()


@dataclass(frozen=True)
class RepoTarget:
    path: Path
    name: str | None = None
    team: str | None = None


@dataclass(frozen=True)
class RepoScan:
    """What one repository's scan did."""

    repo_id: int | None
    name: str
    path: Path
    mode: str  # full | rewritten | incremental | unchanged | skipped
    commits_added: int = 0
    changes_added: int = 0
    unknown_line_counts: int = 0
    blobs_read: int = 0  # file contents read for the HEAD snapshot (the rest came from cache)
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _State:
    """What the warehouse knows of a repository from its previous scan."""

    repo_id: int
    name: str
    tips: list[str]
    head_sha: str | None
    history_key: str
    flags_key: str
    has_files: bool


def scan(
    con: duckdb.DuckDBPyConnection,
    targets: Sequence[RepoTarget],
    options: ScanOptions,
    progress: Progress | None = None,
    warn: Warn | None = None,
) -> list[RepoScan]:
    """Scan every target in order, each repository in its own transaction.

    Warnings (a skipped empty repository, a shallow clone, ...) go to ``warn`` as they
    happen and are kept in each RepoScan; errors raise a TechleadError.
    """
    progress = progress or SilentProgress()
    return [_scan_one(con, t, options, progress, warn or _ignore) for t in targets]


def _ignore(message: str) -> None:
    pass


def _history_key(options: ScanOptions) -> str:
    return f"since={options.since or ''};all_refs={options.all_refs};copies={options.copies}"


def _load_state(con: duckdb.DuckDBPyConnection, path: Path) -> _State | None:
    row = con.execute(
        "SELECT repo_id, name, tips, head_sha, coalesce(since, ''), all_refs, copies, flags_key, "
        "EXISTS (SELECT 1 FROM files f WHERE f.repo_id = r.repo_id) "
        "FROM repos r WHERE path = ?",
        [str(path)],
    ).fetchone()
    if row is None:
        return None
    repo_id, name, old_tips, head, since, all_refs, copies, flags_key, has_files = row
    key = f"since={since};all_refs={all_refs};copies={copies}"
    return _State(repo_id, name, list(old_tips), head, key, flags_key, has_files)


def _new_repo_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(repo_id), 0) + 1 FROM repos").fetchone()
    return int(row[0]) if row else 1


def _unique_name(con: duckdb.DuckDBPyConnection, wanted: str, path: Path) -> str:
    taken = {
        r[0] for r in con.execute("SELECT name FROM repos WHERE path <> ?", [str(path)]).fetchall()
    }
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}-{n}", n + 1
    return name


def default_name(path: Path) -> str:
    name = path.name or "repo"
    return name[:-4] if name.endswith(".git") and len(name) > 4 else name


def _scan_one(
    con: duckdb.DuckDBPyConnection,
    target: RepoTarget,
    options: ScanOptions,
    progress: Progress,
    note: Warn,
) -> RepoScan:
    info = inspect_repo(target.path)
    name = target.name or default_name(info.path)
    if info.head_sha is None:
        if not info.has_refs:
            note(f"{name}: the repository has no commits; skipped")
            return RepoScan(None, name, info.path, "skipped")
        if not options.all_refs:
            note(
                f"{name}: HEAD has no commit yet ({info.head_ref}); skipped "
                "(--all-refs scans other branches)"
            )
            return RepoScan(None, name, info.path, "skipped")
    if info.head_ref is None:
        note(f"{name}: HEAD is detached at {info.head_sha}; scanning the history it reaches")
    if info.is_shallow:
        note(f"{name}: shallow clone, history is truncated; scanning what is there")
    new_tips = tips(info.path, info, options.all_refs)
    if not new_tips:
        note(f"{name}: no commits reachable from the selected refs; skipped")
        return RepoScan(None, name, info.path, "skipped")
    started = datetime.now(UTC)
    with transaction(con):
        state = _load_state(con, info.path)
        return _mine_repo(
            con, info, target, name, new_tips, state, options, progress, note, started
        )


def _mine_repo(
    con: duckdb.DuckDBPyConnection,
    info: RepoInfo,
    target: RepoTarget,
    name: str,
    new_tips: list[str],
    state: _State | None,
    options: ScanOptions,
    progress: Progress,
    note: Warn,
    started: datetime,
) -> RepoScan:
    rules = PathRules.build(options.exclude)
    mode = _mode(info.path, state, new_tips, _history_key(options))
    repo_id = state.repo_id if state else _new_repo_id(con)
    name = _unique_name(con, state.name if state and not target.name else name, info.path)
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        note(message)

    if mode in ("full", "rewritten") and state is not None:
        if mode == "rewritten":
            warn(f"{name}: history was rewritten since the last scan; mining it again")
        for table in REPO_TABLES:
            con.execute(f"DELETE FROM {table} WHERE repo_id = ?", [repo_id])
    old_tips = state.tips if state and mode == "incremental" else []
    revisions = _revisions(new_tips, old_tips)
    commits_added = changes_added = unknown = 0
    missing: frozenset[str] = frozenset()
    if mode != "unchanged":
        if info.is_partial:
            missing = missing_objects(info.path, revisions)
            if missing:
                warn(
                    f"{name}: partial clone with {len(missing):,} missing objects; "
                    "renames are not detected and some line counts are unknown"
                )
        shas = _rev_list(info.path, revisions, options.since)
        progress.start(name, len(shas))
        commits_added, changes_added, unknown, trailers = _load_history(
            con, repo_id, info, shas, missing, options, rules, progress
        )
        progress.finish()
        insert_co_authors(con, repo_id, info.path, trailers)
        if unknown:
            warn(f"{name}: {unknown:,} file changes have unknown line counts (missing blobs)")
    if flags_changed := state is not None and state.flags_key != rules.key:
        _reclassify(con, repo_id, rules)
    if mode != "unchanged" or flags_changed:
        rebuild_people(con, repo_id, options.bots, options.teams)
    head_changed = state is None or state.head_sha != info.head_sha or not state.has_files
    blobs_read = 0
    if info.head_sha and (head_changed or flags_changed or mode != "unchanged"):
        blobs_read = take_snapshot(
            con,
            repo_id,
            name,
            info.path,
            info.head_sha,
            rules,
            options.components,
            missing,
            progress,
        ).blobs_read
    _save_repo(
        con,
        repo_id,
        name,
        info,
        target,
        new_tips,
        options,
        rules,
        started,
        mode,
        commits_added,
        changes_added,
        unknown,
        state,
        warnings,
    )
    return RepoScan(
        repo_id,
        name,
        info.path,
        mode,
        commits_added,
        changes_added,
        unknown,
        blobs_read,
        tuple(warnings),
    )


def _mode(path: Path, state: _State | None, new_tips: list[str], history_key: str) -> str:
    if state is None or state.history_key != history_key:
        return "full"
    if sorted(state.tips) == new_tips:
        return "unchanged"
    # A previously mined commit that no new tip reaches means history was rewritten.
    return "rewritten" if lost_commits(path, state.tips, new_tips) else "incremental"


def _revisions(new_tips: Sequence[str], old_tips: Sequence[str]) -> bytes:
    lines = [*new_tips, *(f"^{t}" for t in old_tips)]
    return "".join(f"{line}\n" for line in lines).encode("ascii")


def _rev_list(path: Path, revisions: bytes, since: str | None) -> list[str]:
    argv = ["rev-list", "--reverse"]
    if since:
        argv.append(f"--since={git_date(parse_date(since, what='since'))}")
    argv.append("--stdin")
    return run_git(path, argv, stdin=revisions).decode("ascii").split()


def _load_history(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    info: RepoInfo,
    shas: list[str],
    missing: frozenset[str],
    options: ScanOptions,
    rules: PathRules,
    progress: Progress,
) -> tuple[int, int, int, list[tuple[str, str, str]]]:
    grafted = grafted_commits(info)
    complete, incomplete = _split_by_missing(info, shas, missing, grafted)
    specs = [
        (
            LogSpec(
                info.path, numstat=True, renames=not missing, copies=options.copies, grafted=grafted
            ),
            complete,
        ),
        (LogSpec(info.path, numstat=False, renames=False, grafted=grafted), incomplete),
    ]
    params = {"repo": repo_id, **rules.params()}
    commits = changes = unknown = 0
    trailers: list[tuple[str, str, str]] = []
    for spec, subset in specs:
        for batch in mine(spec, subset, options.jobs):
            insert_arrow(con, "commits", batch.commits, "$repo AS repo_id, *", {"repo": repo_id})
            insert_arrow(
                con, "file_changes", batch.changes, f"$repo AS repo_id, *, {rules.select()}", params
            )
            insert_arrow(
                con, "commit_authors", batch.authors, "$repo AS repo_id, *", {"repo": repo_id}
            )
            trailers.extend(batch.co_authors)
            commits += batch.commits.num_rows
            changes += batch.changes.num_rows
            unknown += batch.unknown_line_counts
            progress.advance(batch.commits.num_rows)
    return commits, changes, unknown, trailers


def _split_by_missing(
    info: RepoInfo, shas: list[str], missing: frozenset[str], grafted: frozenset[str]
) -> tuple[list[str], list[str]]:
    """Commits whose diffs need a missing blob cannot get line counts from git."""
    if not missing:
        return shas, []
    touched: set[str] = set()
    spec = LogSpec(info.path, numstat=False, renames=False, grafted=grafted)
    for batch in mine(spec, shas, 1):
        changes = batch.changes
        for sha, old, new in zip(
            changes.column("sha").to_pylist(),
            changes.column("old_blob").to_pylist(),
            changes.column("new_blob").to_pylist(),
            strict=True,
        ):
            if old in missing or new in missing:
                touched.add(sha)
    return [s for s in shas if s not in touched], [s for s in shas if s in touched]


def _reclassify(con: duckdb.DuckDBPyConnection, repo_id: int, rules: PathRules) -> None:
    con.execute(
        "UPDATE file_changes SET is_vendored = regexp_full_match(path, $v), "
        "is_generated = regexp_full_match(path, $g), is_excluded = regexp_full_match(path, $x) "
        "WHERE repo_id = $repo",
        {"repo": repo_id, **rules.params()},
    )


def _save_repo(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    name: str,
    info: RepoInfo,
    target: RepoTarget,
    new_tips: list[str],
    options: ScanOptions,
    rules: PathRules,
    started: datetime,
    mode: str,
    commits_added: int,
    changes_added: int,
    unknown: int,
    state: _State | None,
    warnings: list[str],
) -> None:
    scan_id_row = con.execute(
        "SELECT coalesce(max(scan_id), 0) + 1 FROM scans WHERE repo_id = ?", [repo_id]
    ).fetchone()
    scan_id = int(scan_id_row[0]) if scan_id_row else 1
    con.execute("DELETE FROM repos WHERE repo_id = ?", [repo_id])
    con.execute(
        """
        INSERT INTO repos
        SELECT $repo, $name, $path, $team, $bare, $shallow, $partial, $fmt, $head_ref, $head_sha,
               $tips, $all_refs, $since, $copies, $flags_key,
               count(*), min(author_time), max(author_time), $scan
        FROM commits WHERE repo_id = $repo
        """,
        {
            "repo": repo_id,
            "name": name,
            "path": str(info.path),
            "team": target.team,
            "bare": info.is_bare,
            "shallow": info.is_shallow,
            "partial": info.is_partial,
            "fmt": info.object_format,
            "head_ref": info.head_ref,
            "head_sha": info.head_sha,
            "tips": new_tips,
            "all_refs": options.all_refs,
            "since": options.since,
            "copies": options.copies,
            "flags_key": rules.key,
            "scan": scan_id,
        },
    )
    con.execute(
        "INSERT INTO scans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            scan_id,
            repo_id,
            started,
            datetime.now(UTC),
            __version__,
            mode,
            commits_added,
            changes_added,
            unknown,
            state.head_sha if state else None,
            info.head_sha,
            options.jobs,
            warnings,
        ],
    )


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
