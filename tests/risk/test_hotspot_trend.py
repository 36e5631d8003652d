"""The register's hotspot risks judge the complexity trends the scan recorded: the same
risk after the repository moved; none for a hotspot whose trend was not recorded.

The history: a.py (CALC_PY: add cc 1, sign cc 3) on 2020-01-01, b.py (cc 1) beside it;
on 2021-06-01 a.py gains g (cc 1 + for + if + and + or = 5): cyclomatic 4 -> 9. The
baseline of the last revision is the latest at least 365 days older: the first
(2020-01-01); 9 > 4 × 1.05: rising. g's `i and y or not i` is a complex conditional, so
a.py's health is 10 - 1.0 × 1/5 = 9.8: a hotspot (score 2 × 0.2), not an unhealthy one;
b.py is healthy (10) and never ranks.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from techlead.core.model import Options
from techlead.risk.sources import hotspot_risks
from techlead.warehouse.connection import open_warehouse

from conftest import CALC_PY, scan_json

G = (
    "\n\ndef g(y):\n    for i in y:\n        if i and y or not i:\n            return i\n"
    "    return None\n"
)


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
            "hotspot #1 (2 revisions); complexity 4 on 2020-01-01 → 9 on 2021-06-01",
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


def big(name: str) -> str:
    """A brain method: 73 lines (> 70: large), cyclomatic 1 + if + for + while + if + 14
    ifs = 19 (> 15: complex), nesting if > for > while > if = 4 (> 3: deep), variables
    v1..v8 and x = 9 (> 7)."""
    lines = [f"def {name}(a, b):"]
    lines += [f"    v{k} = a" for k in range(1, 9)]
    lines += ["    if a:", "        for x in b:", "            while x:",
              "                if x > 1:", "                    x -= 1"]  # fmt: skip
    for k in range(14):
        lines += [f"    if a == {k}:", "        v1 += 1"]
    lines += ["    v1 = v1 + 1"] * 30 + ["    return v1"]
    return "\n".join(lines) + "\n"


def test_unhealthy_hotspot_is_a_risk(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("unhealthy")
    text = big("big0") + big("big1") + big("big2")
    repo.commit("one", date="2020-01-01T12:00:00+00:00", files={"big.py": text})
    repo.commit("two", date="2020-02-01T12:00:00+00:00", files={"big.py": text + "# two\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    # Three brain methods (saturation 1: 3.0), complex (3 of 3: 2.0), deeply nested (3 of
    # 3: 1.5), large (3 of 3: 1.0), and each the copy of another (same shape and length,
    # 3 of 4: 0.75): 10 - 8.25 = 1.75, below health_unhealthy (4). Its complexity is flat.
    assert [(title, evidence) for _, title, evidence in risks(db_path)] == [
        (
            "hotspot big.py is unhealthy (code health 1.8)",
            "hotspot #1 (2 revisions); code health 1.8 of 10: brain method (3: big0, big1, …), "
            "complex method (3: big0, big1, …), deep nesting (3: big0, big1, …)",
        )
    ]
