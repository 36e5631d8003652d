"""The moment activity is measured to, one definition for every reader: ``--now`` when
given, else when the last scan stored its judgments (the risk register and the
standards: so "has left" means the same in the CLI, the register, the report and the
dashboard), else today (a warehouse whose scan stored nothing yet)."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb


def stored_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the last scan stored its risk register (None before any)."""
    found = con.execute("SELECT max(taken_at) FROM risk_snapshots").fetchall()[0][0]
    return found if isinstance(found, datetime) else None


def moment(con: duckdb.DuckDBPyConnection, given: datetime | None = None) -> datetime:
    return given or stored_at(con) or datetime.now(UTC)
