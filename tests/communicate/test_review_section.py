"""The review section on the hand-built history of tests/test_review_judgments.py: the
headline, tiles, chart and lists worked out by hand."""

from __future__ import annotations

from pathlib import Path

from techlead.communicate.model import Scope
from techlead.communicate.review_section import review_section
from techlead.warehouse.connection import open_warehouse
from test_review_judgments import NOW, scanned  # noqa: F401  (the fixture)


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
