"""The review section on the hand-built history of tests/test_review_judgments.py: the
headline, tiles, chart and lists worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techlead.communicate.model import Scope
from techlead.communicate.review_section import review_section
from techlead.warehouse.connection import open_warehouse
from test_review_judgments import NOW, scanned  # noqa: F401  (the fixture)

from conftest import run_cli, scan_json


def test_review_section(scanned: dict[str, str], db_path: Path) -> None:  # noqa: F811
    con = open_warehouse(db_path, read_only=True)
    try:
        section = review_section(Scope(con, now=NOW, trends=False))
    finally:
        con.close()
    # the last 90 days: 2 of 5 reviewed (40%), short of 90%. The last year: the three
    # direct changes; the 7 squashed pull requests were committed by their author Alice,
    # not by a forge: each records her as the merger and only author: 7 self-merged of 7
    assert section.headline == (
        "2 of 5 changes in the last 90 days landed reviewed (40%), short of the standard "
        "of 90%; over the last year, 3 direct changes and 7 self-merged pull requests of 7."
    )
    assert section.facts[:3] == (
        ("reviewed, the last 90 days", "40%"),
        ("changes, the last 90 days", 5),
        ("direct, the last 90 days", 3),
    )
    # the chart: one repository, quarters 2020-07-01 (5 of 5: 100%) and 2020-10-01 (2 of
    # 5: 40%), then the standard's dashed line at 90
    assert section.chart is not None
    jr, standard = section.chart["data"]
    assert (jr["name"], jr["x"], jr["y"], jr["text"]) == (
        "jr",
        ["2020-07-01", "2020-10-01"],
        [100.0, 40.0],
        ["5 of 5", "2 of 5"],
    )
    assert standard["y"] == [90.0, 90.0]
    # the largest unreviewed changes: Bob's Tweak (3 lines) first, then the two of 1 line,
    # the newer first
    largest = next(t for t in section.tables if t.title.startswith("The largest"))
    assert [(row[2], row[3], row[6]) for row in largest.rows] == [
        (scanned["d3"][:10], "Bob Jones", 3),
        (scanned["d2"][:10], "Alice Smith", 1),
        (scanned["d1"][:10], "Alice Smith", 1),
    ]


EVIL = '<img src=x onerror="alert(1)">'


def test_hostile_subjects_stay_text(make_repo: Any, tmp_path: Path, db_path: Path) -> None:
    repo = make_repo("evil")
    repo.commit("Safe (#1)", files={"a": "1\n"}, date="2020-12-01T12:00:00+00:00")
    repo.commit(EVIL, files={"a": "2\n"}, date="2020-12-02T12:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    out = tmp_path / "report.html"
    result = run_cli("report", "--out", str(out), "--db", str(db_path), "--now", "2021-01-01",
                     "--no-trends")  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text()
    # the direct change's subject is listed among the largest unreviewed changes, as text
    assert 'id="s-review"' in html
    assert EVIL not in html
    assert "&lt;img src=x onerror=" in html
