"""A prepared history is never dropped by the very call that prepared it: a page that
back-computes a metric (the culture section's knowledge spreading) prepares one whole
history per date, more than the prepared histories a connection keeps, and a narrowed
history asked for next was cut and dropped at once ("Table ... does not exist")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from techlead.analyses import changes
from techlead.core.model import Options
from techlead.warehouse.connection import open_warehouse

from conftest import scan_json


def test_a_narrowed_history_survives_many_whole_ones(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("api")
    for month in range(1, 12):
        repo.commit(f"c{month}", files={"a.py": f"x = {month}\n", "b.py": f"y = {month}\n"},
                    date=f"2024-{month:02d}-10T12:00:00+00:00")  # fmt: skip
    scan_json("--db", str(db_path), str(repo.path))
    con = open_warehouse(db_path, read_only=True)
    try:
        for month in range(2, 12):  # ten whole histories, more than KEEP
            changes.prepare(con, Options(until=datetime(2024, month, 1, tzinfo=UTC)))
        table = changes.prepare(con, Options(paths=("a.py",)))
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(11,)]
    finally:
        con.close()
