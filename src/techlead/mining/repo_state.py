"""What the warehouse remembers of each repository between scans, and how a scan is
recorded: the ``repos`` row (tips, HEAD, options, configuration fingerprint) and one
``scans`` row per scan."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from techlead import __version__
from techlead.core.config import ComponentConfig, TeamConfig
from techlead.git.repository import RepoInfo
from techlead.mining.classify import PathRules
from techlead.warehouse.connection import one


@dataclass(frozen=True)
class RepoState:
    """A repository as its previous scan left it."""

    repo_id: int
    name: str
    tips: list[str]
    head_sha: str | None
    history_key: str
    config_key: str
    has_files: bool
    grafted: frozenset[str] = frozenset()  # the shallow boundary it was mined with


@dataclass(frozen=True)
class ScanRecord:
    """Everything written about one repository's scan."""

    repo_id: int
    name: str
    team: str | None
    info: RepoInfo
    tips: list[str]
    since: str | None
    all_refs: bool
    copies: bool
    config_key: str
    started: datetime
    mode: str
    commits_added: int
    changes_added: int
    unknown_line_counts: int
    old_head: str | None
    jobs: int
    warnings: tuple[str, ...]
    missing_objects: int = 0  # objects this scan found missing (a partial clone)


def history_key(since: str | None, all_refs: bool, copies: bool) -> str:
    """Options that decide which commits and changes exist; a change means a full re-mine."""
    return f"since={since or ''};all_refs={all_refs};copies={copies}"


def config_key(
    rules: PathRules,
    bots: tuple[str, ...],
    teams: tuple[TeamConfig, ...],
    components: tuple[ComponentConfig, ...],
    complexity: bool = True,
    merge_names: bool = True,
    trends: tuple[int, int] = (0, 0),
    keep_texts: tuple[str, ...] = (),
    roles_key: str = "",
    aliases: tuple[tuple[str, ...], ...] = (),
) -> str:
    """Settings that shape derived rows (flags, bots, teams, components, who is one
    person, which complexity trends are recorded: files and window, which texts are
    kept); a change means
    those rows are recomputed, without mining history again."""
    document = json.dumps(
        [
            rules.key,
            list(bots),
            [[t.name, list(t.members)] for t in teams],
            [[c.name, list(c.paths), list(c.repos)] for c in components],
            complexity,
            ["people by name", merge_names],
            ["trends", *trends],
            *([["texts", *keep_texts]] if keep_texts else []),  # absent: keys stay as they were
            *([["roles", roles_key]] if roles_key else []),
            *([["aliases", *map(list, aliases)]] if aliases else []),
        ]
    )
    return hashlib.sha256(document.encode()).hexdigest()[:16]


def load_state(con: duckdb.DuckDBPyConnection, path: Path) -> RepoState | None:
    row = one(
        con,
        "SELECT repo_id, name, tips, head_sha, since, all_refs, copies, config_key, "
        "EXISTS (SELECT 1 FROM files f WHERE f.repo_id = r.repo_id) "
        "FROM repos r WHERE path = ?",
        [str(path)],
    )
    if row is None:
        return None
    repo_id, name, tips, head, since, all_refs, copies, key, has_files = row
    grafted = con.execute(
        "SELECT sha FROM commits WHERE repo_id = ? AND is_grafted", [repo_id]
    ).fetchall()
    return RepoState(
        repo_id,
        name,
        list(tips),
        head,
        history_key(since, all_refs, copies),
        key,
        has_files,
        frozenset(sha for (sha,) in grafted),
    )


def new_repo_id(con: duckdb.DuckDBPyConnection) -> int:
    row = one(con, "SELECT coalesce(max(repo_id), 0) + 1 FROM repos")
    return int(row[0]) if row else 1


def unique_name(con: duckdb.DuckDBPyConnection, wanted: str, path: Path) -> str:
    """``wanted``, or ``wanted-2``, ``-3`` ... when another repository already has it."""
    rows = con.execute("SELECT name FROM repos WHERE path <> ?", [str(path)]).fetchall()
    taken = {r[0] for r in rows}
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}-{n}", n + 1
    return name


def save_scan(con: duckdb.DuckDBPyConnection, record: ScanRecord) -> None:
    """Replace the ``repos`` row and append a ``scans`` row, inside the caller's transaction."""
    row = one(
        con, "SELECT coalesce(max(scan_id), 0) + 1 FROM scans WHERE repo_id = ?", [record.repo_id]
    )
    scan_id = int(row[0]) if row else 1
    info = record.info
    # Missing objects accumulate over incremental scans and start again with a full mine.
    kept = record.mode in ("incremental", "unchanged")
    before = one(con, "SELECT missing_objects FROM repos WHERE repo_id = ?", [record.repo_id])
    missing = record.missing_objects + (int(before[0] or 0) if kept and before else 0)
    con.execute("DELETE FROM repos WHERE repo_id = ?", [record.repo_id])
    con.execute(
        """
        INSERT INTO repos
        SELECT $repo, $name, $path, $team, $bare, $shallow, $partial, $fmt, $head_ref, $head_sha,
               $tips, $all_refs, $since, $copies, $config_key,
               count(*), min(author_time), max(author_time), $scan, $fetched, $missing
        FROM commits WHERE repo_id = $repo
        """,
        {
            "repo": record.repo_id,
            "name": record.name,
            "path": str(info.path),
            "team": record.team,
            "bare": info.is_bare,
            "shallow": info.is_shallow,
            "partial": info.is_partial,
            "fmt": info.object_format,
            "head_ref": info.head_ref,
            "head_sha": info.head_sha,
            "tips": record.tips,
            "all_refs": record.all_refs,
            "since": record.since,
            "copies": record.copies,
            "config_key": record.config_key,
            "scan": scan_id,
            "fetched": info.fetched_at,
            "missing": missing,
        },
    )
    con.execute(
        "INSERT INTO scans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            scan_id,
            record.repo_id,
            record.started,
            datetime.now(UTC),
            __version__,
            record.mode,
            record.commits_added,
            record.changes_added,
            record.unknown_line_counts,
            record.old_head,
            info.head_sha,
            record.jobs,
            list(record.warnings),
        ],
    )
