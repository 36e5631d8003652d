"""The dashboard keeps the metric history its pages computed (the trends): once it stops,
the values are in the warehouse's cache for the next report, brief or history."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from test_hostile_serve import free_port, get, start, wait_until_up

from conftest import ALICE, BOB, query_db, scan_json


def test_values_computed_while_serving_are_kept(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("api")
    for month in range(1, 7):
        who = ALICE if month % 2 else BOB
        repo.commit(f"m{month}", author=who, date=f"2020-{month:02d}-10T12:00:00+00:00",
                    files={"app.py": f"x = {month}\n" * month})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    assert query_db(db_path, "SELECT count(*) FROM metric_cache") == [(0,)]
    port = free_port()
    proc = start(db_path, port, "--now", "2020-07-01")
    try:
        wait_until_up(proc, port, tries=300)
        assert get(port, "/section/knowledge")[0] == 200  # its trends back-compute history
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode in (0, 130), proc.stderr.read() if proc.stderr else ""
    assert query_db(db_path, "SELECT count(*) > 0 FROM metric_cache") == [(True,)]
