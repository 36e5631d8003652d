"""A scan records metrics anew when [metrics] of techlead.toml changed, even if no
repository did: a custom metric added to an unchanged workspace has a value at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import query_db, scan_json


def test_adding_a_custom_metric_records_it_on_the_next_scan(make_repo: Any,
                                                            tmp_path: Path) -> None:  # fmt: skip
    repo = make_repo("api")
    repo.commit("one", files={"a.py": "x = 1\n"})
    repo.commit("two", files={"b.py": "y = 2\n"})
    config = tmp_path / "techlead.toml"
    config.write_text(f"[[repos]]\npath = '{repo.path}'\n")
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    sql = "SELECT count(*) FROM commits"
    config.write_text(f"[[repos]]\npath = '{repo.path}'\n\n[metrics.all-commits]\nsql = '{sql}'\n")
    scan_json("--config", str(config), "--db", str(db))
    # Two commits, recorded for the workspace and for api (the same, one repository).
    assert query_db(db, "SELECT scope, value FROM metric_history WHERE metric = 'all-commits' "
                        "ORDER BY scope") == [("api", 2.0), ("workspace", 2.0)]  # fmt: skip
    before = query_db(db, "SELECT count(*) FROM metric_history")
    scan_json("--config", str(config), "--db", str(db))  # nothing changed: nothing recorded
    assert query_db(db, "SELECT count(*) FROM metric_history") == before
