"""What each scan keeps for comparison over time: the risk register and the standards
results, stored together after the repositories are mined (one transaction), so that
``techlead risk --diff`` and ``techlead standards --diff`` compare scan with scan."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from techlead.analyses.changes import unchanging
from techlead.core.config import Config
from techlead.core.model import Options
from techlead.core.policy import Policy, Sources
from techlead.direction.history import current_values
from techlead.risk import hand_kept
from techlead.risk.model import ranked
from techlead.risk.register import computed
from techlead.risk.register import store as store_register
from techlead.standards.scorecard import scorecards
from techlead.standards.scorecard import store as store_standards
from techlead.warehouse.connection import (
    analysis_memory,
    chosen_memory_limit,
    query_error,
    transaction,
)
from techlead.warehouse.policy import load_policy, store_policy


def keep_settings(con: duckdb.DuckDBPyConnection, config: Config) -> bool:
    """Store the workspace's name and the policy techlead.toml sets (defaults for the
    rest); True when the policy differs from the stored one, so the stored register and
    standards must be judged again. A scan with no techlead.toml (paths on the command
    line) keeps what the last configured scan stored."""
    if config.path is None:
        return False
    with transaction(con):
        hand_kept.remember(con, config.path.parent)
        con.execute("DELETE FROM techlead_meta WHERE key = 'workspace_name'")
        if config.workspace_name:
            con.execute(
                "INSERT INTO techlead_meta VALUES ('workspace_name', ?)", [config.workspace_name]
            )
    metrics_changed = _keep_metrics_settings(con, config)
    return keep_policy(con, config.policy, config.policy_sources) or metrics_changed


def _keep_metrics_settings(con: duckdb.DuckDBPyConnection, config: Config) -> bool:
    """Store what ``[metrics]`` says (custom metrics, the radar and OSV data with their
    modification times); True when it changed, so that the scan records metrics anew even
    when no repository changed."""
    settings = config.metrics
    custom = [[m.name, m.sql, m.definition, m.unit, m.better] for m in settings.custom]
    said = json.dumps({"custom": custom, "radar": _stamped(settings.radar),
                       "osv": _stamped(settings.osv)}, sort_keys=True)  # fmt: skip
    stored = con.execute(
        "SELECT value FROM techlead_meta WHERE key = 'metrics_settings'").fetchall()  # fmt: skip
    if stored and stored[0][0] == said:
        return False
    with transaction(con):
        con.execute("DELETE FROM techlead_meta WHERE key = 'metrics_settings'")
        con.execute("INSERT INTO techlead_meta VALUES ('metrics_settings', ?)", [said])
    return bool(stored) or bool(settings.custom or settings.radar or settings.osv)


def _stamped(path: Path | None) -> list[object] | None:
    if path is None:
        return None
    try:
        return [str(path), path.stat().st_mtime_ns]
    except OSError:
        return [str(path), None]


def keep_policy(con: duckdb.DuckDBPyConnection, policy: Policy, sources: Sources) -> bool:
    """Store the policy (inside its own transaction); True when it changed."""
    stored, stored_sources = load_policy(con)
    given = {name: sources.get(name, "default") for name in stored_sources}
    if stored == policy and stored_sources == given:
        return False
    with transaction(con):
        store_policy(con, policy, given)
    return True


def refresh(con: duckdb.DuckDBPyConnection, moment: datetime | None = None) -> int:
    """Compute the whole workspace's register from the evidence (without vulnerabilities:
    they need OSV data; without risks.toml: readers apply it, risk.hand_kept) and its
    standards results as of ``moment`` (default: now), and store both as the newest
    snapshots in one transaction; returns the register's size.

    Within the writer's memory limit first; when a query does not fit (some of DuckDB's
    operators cannot spill to disk: the knowledge map of 2,000,000 commits), once more
    with the analyses' limit (warehouse.connection.analysis_memory): the analyses run
    outside any transaction and store nothing but in the last one, rolled back."""
    moment = moment or datetime.now(UTC)
    try:
        return _refresh(con, moment)
    except duckdb.Error as exc:
        if not isinstance(query_error(exc), duckdb.OutOfMemoryException):
            raise
        if chosen_memory_limit() is not None:
            raise  # the user's own limit: the error says how to raise it
    with analysis_memory(con):
        return _refresh(con, moment)


def _refresh(con: duckdb.DuckDBPyConnection, moment: datetime) -> int:
    """The register, the standards and the metrics as of ``moment``, stored."""
    # Nothing below changes the history, so the register, the standards and the metrics
    # share the change histories they prepare (12 builds were 2 distinct ones on pytest).
    with unchanging(con):
        risks = ranked(computed(con, Options(), moment))
        cards = scorecards(con, moment)
        # Outside the transaction: the analyses replace temporary tables, and DuckDB keeps
        # every replaced version until the transaction ends (60 repositories: 754 MB
        # instead of 295 MB). Nothing they read is written below but the standards results.
        values = current_values(con, moment, standards=False)
        with transaction(con):
            store_register(con, risks, moment)
            store_standards(con, cards, moment)
            values += current_values(con, moment, standards=True)
            rows = [(moment, *found) for found in values]
            con.executemany("INSERT INTO metric_history VALUES (?, ?, ?, ?)", rows)
    return len(risks)
