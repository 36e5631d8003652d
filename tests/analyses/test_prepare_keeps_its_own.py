"""prepare never drops the table it returns (analyses/changes.py): with KEEP whole
histories prepared on a read-only connection (a page measuring a metric at many past
dates), a narrowed history prepared next went first in line for eviction and was dropped
before the caller read it ("Table with name analysis_changes_... does not exist")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from techlead.analyses.base import Options
from techlead.analyses.changes import KEEP, prepare
from techlead.warehouse.connection import open_warehouse

from conftest import scan_json


def test_a_narrowed_history_survives_many_whole_ones(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    con = open_warehouse(db_path, read_only=True)
    try:
        start = datetime(2020, 1, 1, tzinfo=UTC)
        for day in range(KEEP + 2):  # whole histories up to past dates
            prepare(con, Options(until=start + timedelta(days=day)))
        narrowed = prepare(con, Options(paths=("src/**",)))
        assert con.execute(f"SELECT count(*) FROM {narrowed}").fetchall()[0][0] > 0
        kept = con.execute("SELECT count(*) FROM analysis_prepared").fetchall()[0][0]
        assert kept == KEEP
    finally:
        con.close()
