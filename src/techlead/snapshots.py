"""What each scan keeps for comparison over time: the risk register and the standards
results, stored together after the repositories are mined (one transaction), so that
``techlead risk --diff`` and ``techlead standards --diff`` compare scan with scan."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

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
from techlead.warehouse.connection import transaction
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
    return keep_policy(con, config.policy, config.policy_sources)


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
    snapshots in one transaction; returns the register's size."""
    moment = moment or datetime.now(UTC)
    risks = ranked(computed(con, Options(), moment))
    cards = scorecards(con, moment)
    with transaction(con):
        store_register(con, risks, moment)
        store_standards(con, cards, moment)
        # after the standards results, which two metrics read
        rows = [(moment, *found) for found in current_values(con, moment)]
        con.executemany("INSERT INTO metric_history VALUES (?, ?, ?, ?)", rows)
    return len(risks)
