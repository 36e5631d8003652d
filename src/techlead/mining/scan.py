"""Scan: repositories -> git -> parser -> warehouse, incremental, one transaction per repo.

For each repository the scan decides what to mine (full, rewritten, incremental or
unchanged: mining.scan_mode), mines it, reads the HEAD snapshot and the main line beside
the mining, and stores what follows from them.

Everything a repository's scan writes happens in one DuckDB transaction, so an interrupted
scan (Ctrl-C, SIGTERM, SIGKILL, a crash) leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.core.model import RepoScan
from techlead.core.progress import Progress, SilentProgress
from techlead.git.repository import (
    RepoInfo,
    grafted_commits,
    inspect_repo,
    missing_objects,
    tips,
)
from techlead.mining.batches import Batch
from techlead.mining.classify import PathRules
from techlead.mining.distributed import Executor, LocalExecutor
from techlead.mining.history import LogSpec, split_by_missing
from techlead.mining.inventory import update_inventory
from techlead.mining.landing import store_landing_kinds
from techlead.mining.line_ages import LineAgeWalk
from techlead.mining.mainline import read_mainline_from, store_mainline, stored_line
from techlead.mining.manifest_history import (
    LEFT_FOR_NEXT_SCAN,
    manifests_settled,
    update_manifest_history,
)
from techlead.mining.people import insert_co_authors, rebuild_people
from techlead.mining.renames import fill_rename_lines
from techlead.mining.repo_state import (
    RepoState,
    ScanRecord,
    load_state,
    new_repo_id,
    save_scan,
    unique_name,
)
from techlead.mining.roles import RoleRules
from techlead.mining.scan_mode import boundary_moved, mode_of, rev_list, revisions_of
from techlead.mining.scan_setup import RepoTarget, ScanOptions, ScanSetup
from techlead.mining.snapshot import (
    Cache,
    Components,
    read_cache,
    store_component_rules,
    store_snapshot,
)
from techlead.mining.snapshot_reading import read_snapshot
from techlead.mining.tags import read_tags, store_tags
from techlead.mining.trends import TrendScan, read_trend_cache, start_trends
from techlead.warehouse.connection import transaction
from techlead.warehouse.load import BulkLoader
from techlead.warehouse.schema import REPO_TABLES

Warn = Callable[[str], None]
GC_THRESHOLD = 50_000  # allocations between runs of the youngest generation's collection


def scan(
    con: duckdb.DuckDBPyConnection,
    targets: Sequence[RepoTarget],
    options: ScanOptions,
    progress: Progress | None = None,
    warn: Warn | None = None,
    executor: Executor | None = None,
) -> list[RepoScan]:
    """Scan every target in order, each repository in its own transaction.

    Warnings (a skipped empty repository, a shallow clone, ...) go to ``warn`` as they
    happen and are kept in each RepoScan; errors raise a TechleadError. ``executor`` runs
    the git and CPU work (mining.distributed; default: this process).
    """
    # Arrow's default pool (mimalloc/jemalloc) keeps freed batch memory for reuse; the
    # system allocator hands it back, which lowers a long scan's peak by ~60 MB.
    pa.set_memory_pool(pa.system_memory_pool())
    # Mining makes millions of short-lived tuples and no reference cycles to speak of: the
    # cyclic collector, run every 700 allocations by default, cost ~8% of the scan's own CPU
    # time on pytest-dev/pytest; every 50,000 it costs next to nothing.
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        tasks = executor or LocalExecutor()
        shared = ScanSetup.of(con, options)
        return [
            _RepoScanner(con, t, options, progress or SilentProgress(), warn, tasks, shared).run()
            for t in targets
        ]
    finally:
        gc.set_threshold(*thresholds)


def default_name(path: Path) -> str:
    name = path.name or "repo"
    return name[:-4] if name.endswith(".git") and len(name) > 4 else name


class _RepoScanner:
    """The scan of one repository: decide the mode, mine, derive, record."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        target: RepoTarget,
        options: ScanOptions,
        progress: Progress,
        warn: Warn | None,
        executor: Executor,
        setup: ScanSetup | None = None,
    ) -> None:
        self.con = con
        self.executor = executor
        self.target = target
        self.options = options
        self.progress = progress
        self._warn = warn
        self.warnings: list[str] = []
        shared = setup or ScanSetup.of(con, options)
        self.rules, self.roles = shared.rules, shared.roles
        self.trend_files, self.trend_window = shared.trend_files, shared.trend_window
        self.manifest_versions = shared.manifest_versions
        self.config_key, self.history_key = shared.config_key, shared.history_key
        self.measuring = shared.measuring

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._warn:
            self._warn(message)

    def run(self) -> RepoScan:
        info = self.target.info or inspect_repo(self.target.path)
        name = self.target.name or default_name(info.path)
        skipped = self._skip_reason(info, name)
        if skipped:
            self.warn(skipped)
            return RepoScan(None, name, info.path, "skipped", warnings=tuple(self.warnings))
        if info.head_ref is None:
            self.warn(
                f"{name}: HEAD is detached at {info.head_sha}; scanning the history it reaches"
            )
        if info.is_shallow:
            self.warn(f"{name}: shallow clone, history is truncated; scanning what is there")
        new_tips = tips(info.path, info, self.options.all_refs)
        if not new_tips:
            self.warn(f"{name}: no commits reachable from the selected refs; skipped")
            return RepoScan(None, name, info.path, "skipped", warnings=tuple(self.warnings))
        started = datetime.now(UTC)
        # the trends' measuring, if still running when the scan fails, stops with it
        with ExitStack() as self.pending, transaction(self.con):
            return self._scan(info, name, new_tips, load_state(self.con, info.path), started)

    def _skip_reason(self, info: RepoInfo, name: str) -> str | None:
        if info.head_sha is not None:
            return None
        if not info.has_refs:
            return f"{name}: the repository has no commits; skipped"
        if not self.options.all_refs:
            return (
                f"{name}: HEAD has no commit yet ({info.head_ref}); skipped "
                "(--all-refs scans other branches)"
            )
        return None

    def _scan(
        self,
        info: RepoInfo,
        name: str,
        new_tips: list[str],
        state: RepoState | None,
        started: datetime,
    ) -> RepoScan:
        con, repo_path = self.con, info.path
        mode = mode_of(repo_path, state, new_tips, self.history_key)
        deepened = state is not None and boundary_moved(state, grafted_commits(info))
        mode = "rewritten" if deepened and mode != "full" else mode
        repo_id = state.repo_id if state else new_repo_id(con)
        name = unique_name(con, state.name if state and not self.target.name else name, repo_path)
        if deepened:
            self.warn(f"{name}: the shallow clone's boundary moved since the last scan; "
                      "mining it again")  # fmt: skip
        elif mode == "rewritten":
            self.warn(f"{name}: history was rewritten since the last scan; mining it again")
        config_changed = state is not None and state.config_key != self.config_key
        head_moved = state is None or state.head_sha != info.head_sha or not state.has_files
        snapshot_due = head_moved or config_changed or mode != "unchanged"
        # kept across a re-mine: counts, texts, secrets and measurements depend on content
        # only (read only when a snapshot is taken: a re-scan of an unchanged repository
        # needs neither)
        cache = read_cache(con, repo_id) if snapshot_due else Cache()
        trend_cache = read_trend_cache(con, repo_id) if snapshot_due else {}
        if state is not None and mode in ("full", "rewritten"):
            for table in REPO_TABLES:
                con.execute(f"DELETE FROM {table} WHERE repo_id = ?", [repo_id])
        counts = _Counts()
        old_tips = state.tips if state and mode == "incremental" else []
        revisions = revisions_of(new_tips, old_tips)
        missing = self._missing(info, name, revisions) if snapshot_due else frozenset()
        shas = rev_list(repo_path, revisions, self.options.since) if mode != "unchanged" else []
        # the line ages' walk runs beside the mining and the storing, on the patches
        # mining reads and git's diffs of the merges (not in a partial clone: git log -p
        # would fetch every blob; copies are not moves: with --copies git diffs them all)
        line_ages = self.pending.enter_context(LineAgeWalk(
            con, repo_id, repo_path, None if info.is_partial else info.head_sha,
            frozenset() if self.options.copies else frozenset(shas),
        ))  # fmt: skip
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="snapshot") as pool:
            # The HEAD snapshot and the main line need only git and the CPU: read them
            # while git mines history.
            submit = self.executor.submit
            # only what HEAD's main line gained, when the stored one leads to it (and was
            # read under the same configuration: another reads it whole); a repository
            # without one (a warehouse just upgraded) gets it even if nothing moved
            stored = stored_line(con, repo_id)
            grows_from = None if config_changed else stored
            line_due = bool(info.head_sha) and (snapshot_due or stored is None)
            mainline = (
                submit(pool, read_mainline_from, repo_path, info.head_sha, grows_from)
                if line_due
                else None
            )
            pending = (
                submit(
                    pool,
                    read_snapshot,
                    repo_path,
                    info.head_sha,
                    name,
                    self.options.components,
                    cache,
                    missing,
                    self.executor.measuring(self.measuring),
                )
                if info.head_sha and snapshot_due
                else None
            )
            if mode != "unchanged":
                self._mine(info, name, repo_id, shas, missing, counts, line_ages)
            line_ages.mined()
            snapshot = pending.result() if pending else None
            main_read = mainline.result() if mainline else None
        fill_rename_lines(con, repo_id, repo_path, missing)
        if config_changed:
            _reclassify(con, repo_id, self.rules, self.roles)
        if mode != "unchanged" or config_changed:
            rebuild_people(con, repo_id, self.options.bots, self.options.teams,
                           self.options.merge_names, self.options.aliases)  # fmt: skip
        if snapshot is not None:
            before = dict(
                con.execute("SELECT path, blob FROM files WHERE repo_id = ?", [repo_id]).fetchall()
            )
            store_snapshot(con, repo_id, snapshot, self.rules, self.roles)
            # the trends' past versions are read and measured while the rest is stored
            trending = self.pending.enter_context(start_trends(
                con, repo_id, repo_path, self.trend_files, self.trend_window, trend_cache,
                missing, self.measuring.workers,
            ))  # fmt: skip
        if snapshot_due or mode != "unchanged" or line_due:
            # back-computed metric values of every scope holding the repository may differ
            # now (direction.history_cache)
            con.execute("DELETE FROM metric_cache WHERE list_contains(repo_ids, ?)", [repo_id])
        # tags move without history moving: one for-each-ref on every scan
        store_tags(con, repo_id, read_tags(repo_path))
        if snapshot_due:
            store_component_rules(con, repo_id, Components(self.options.components, name))
        if snapshot_due or line_due:
            store_mainline(con, repo_id, main_read)
        line_ages.finish(con)  # after the main line is stored: the walk checks it
        store_landing_kinds(con, repo_id, self.options.review, self.options.merge_names,
                            settled=not (snapshot_due or config_changed or line_due))  # fmt: skip
        # every scan that may find versions to read: after a move of HEAD (or a new
        # mine), and after a scan that left some for the next (the policy's cap)
        if info.head_sha and (snapshot_due or not manifests_settled(con, repo_id)):
            self._manifest_history(repo_id, name, repo_path)
        if snapshot is not None:
            for message in update_inventory(con, repo_id, repo_path, snapshot.table, before):
                self.warn(f"{name}: {message}")
            trends = trending.finish(con)
        else:
            trends = TrendScan()
        record = ScanRecord(
            repo_id=repo_id,
            name=name,
            team=self.target.team,
            info=info,
            tips=new_tips,
            since=self.options.since,
            all_refs=self.options.all_refs,
            copies=self.options.copies,
            config_key=self.config_key,
            started=started,
            mode=mode,
            commits_added=counts.commits,
            changes_added=counts.changes,
            unknown_line_counts=counts.unknown,
            old_head=state.head_sha if state else None,
            jobs=self.options.jobs,
            warnings=tuple(self.warnings),
            missing_objects=len(missing),
        )
        save_scan(con, record)
        return RepoScan(
            repo_id,
            name,
            repo_path,
            mode,
            counts.commits,
            counts.changes,
            counts.unknown,
            snapshot.blobs_read if snapshot else 0,
            snapshot.blobs_measured if snapshot else 0,
            tuple(self.warnings),
            blobs_searched=snapshot.blobs_searched if snapshot else 0,
            trend_files=trends.files,
            trend_blobs_read=trends.blobs_read,
        )

    def _manifest_history(self, repo_id: int, name: str, repo_path: Path) -> None:
        found = update_manifest_history(self.con, repo_id, repo_path, self.manifest_versions)
        if found.left:
            self.warn(
                f"{name}: read {found.read:,} past versions of manifests and lockfiles; "
                f"{found.left:,} {LEFT_FOR_NEXT_SCAN}"
            )

    def _missing(self, info: RepoInfo, name: str, revisions: bytes) -> frozenset[str]:
        """Blobs a partial clone lacks (never fetched: git would ask the remote for each)."""
        if not info.is_partial:
            return frozenset()
        missing = missing_objects(info.path, revisions)
        if missing:
            self.warn(
                f"{name}: partial clone with {len(missing):,} missing objects; "
                "renames are not detected and some line counts are unknown"
            )
        return missing

    def _mine(
        self,
        info: RepoInfo,
        name: str,
        repo_id: int,
        shas: list[str],
        missing: frozenset[str],
        counts: _Counts,
        line_ages: LineAgeWalk,
    ) -> None:
        """Mine the commits ``shas`` into the warehouse (their hunks to ``line_ages``)."""
        self.progress.start(name, len(shas))
        trailers = self._load_history(repo_id, info, shas, missing, counts, line_ages)
        self.progress.finish()
        insert_co_authors(self.con, repo_id, info.path, trailers)
        if counts.unknown:
            self.warn(
                f"{name}: {counts.unknown:,} file changes have unknown line counts (missing blobs)"
            )

    def _load_history(
        self,
        repo_id: int,
        info: RepoInfo,
        shas: list[str],
        missing: frozenset[str],
        counts: _Counts,
        line_ages: LineAgeWalk,
    ) -> list[tuple[str, str, str]]:
        grafted = grafted_commits(info)
        complete, incomplete = split_by_missing(info.path, shas, missing, grafted)
        with_lines = LogSpec(
            info.path, renames=not missing, copies=self.options.copies, grafted=grafted
        )
        without_lines = LogSpec(info.path, numstat=False, renames=False, grafted=grafted)
        repo = {"repo": repo_id}
        flags = {**repo, **self.rules.params(), **self.roles.params()}
        loader = BulkLoader(self.con)
        trailers: list[tuple[str, str, str]] = []
        for spec, subset in ((with_lines, complete), (without_lines, incomplete)):
            for batch in self.executor.history(spec, subset, self.options.jobs):
                loader.add("commits", batch.commits, "$repo AS repo_id, *", repo)
                loader.add(
                    "file_changes",
                    batch.changes,
                    f"$repo AS repo_id, *, {self.rules.select()}, {self.roles.sql()} AS role",
                    flags,
                )
                loader.add("commit_authors", batch.authors, "$repo AS repo_id, *", repo)
                trailers.extend(batch.co_authors)
                line_ages.add(batch.diffs)
                counts.add(batch)
                self.progress.advance(batch.commits.num_rows)
        loader.flush()
        return trailers


@dataclass
class _Counts:
    commits: int = 0
    changes: int = 0
    unknown: int = 0

    def add(self, batch: Batch) -> None:
        self.commits += batch.commits.num_rows
        self.changes += batch.changes.num_rows
        self.unknown += batch.unknown_line_counts


def _reclassify(
    con: duckdb.DuckDBPyConnection, repo_id: int, rules: PathRules, roles: RoleRules
) -> None:
    """Classify the repository's history again after the rules changed."""
    con.execute(
        "UPDATE file_changes SET is_vendored = regexp_full_match(path, $v), "
        "is_generated = regexp_full_match(path, $g), is_excluded = regexp_full_match(path, $x), "
        f"role = {roles.sql()} WHERE repo_id = $repo",
        {"repo": repo_id, **rules.params(), **roles.params()},
    )
