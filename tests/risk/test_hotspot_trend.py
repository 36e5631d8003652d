"""The register's hotspot risks judge the complexity trends the scan recorded: the same
risk after the repository moved; none for a hotspot whose trend was not recorded.

The history: a.py (CALC_PY: add cc 1, sign cc 3) on 2020-01-01, b.py (cc 1) beside it;
on 2021-06-01 a.py gains g (cc 3): cyclomatic 4 -> 7. The baseline of the last revision
is the latest at least 365 days older: the first (2020-01-01); 7 > 4 × 1.05: rising.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from techlead.core.model import Options
from techlead.risk.sources import hotspot_risks
from techlead.warehouse.connection import open_warehouse

from conftest import CALC_PY, scan_json

G = "\n\ndef g(y):\n    for i in y:\n        if i:\n            return i\n    return None\n"


def risks(db_path: Path) -> list[tuple[str, str, str]]:
    con = open_warehouse(db_path, read_only=True)
    try:
        return [(r.id, r.title, r.evidence) for r in hotspot_risks(con, Options())]
    finally:
        con.close()


def test_hotspot_risk_from_recorded_trend(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("rising")
    repo.commit("one", date="2020-01-01T12:00:00+00:00",
                files={"a.py": CALC_PY, "b.py": "def f():\n    return 1\n"})  # fmt: skip
    repo.commit("two", date="2021-06-01T12:00:00+00:00", files={"a.py": CALC_PY + G})
    scan_json(str(repo.path), "--db", str(db_path))
    found = risks(db_path)
    assert [(title, evidence) for _, title, evidence in found] == [
        (
            "hotspot a.py is getting more complex",
            "hotspot #1 (2 revisions); complexity 4 on 2020-01-01 → 7 on 2021-06-01",
        )
    ]
    shutil.move(str(repo.path), str(repo.path) + "-moved")
    assert risks(db_path) == found


def test_hotspot_without_recorded_trend_is_skipped(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("unrecorded")
    repo.commit("one", date="2020-01-01T12:00:00+00:00", files={"a.py": CALC_PY})
    repo.commit("two", date="2021-06-01T12:00:00+00:00", files={"a.py": CALC_PY + G})
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "0")
    assert risks(db_path) == []
