"""The report's Work breakdown section over tests/analyses/test_work_breakdown.py's history
(worked out there; summed in tests/test_work_metrics.py), as of 2020-06-01: the 365 days
before are [2019-06-02, 2020-06-01) (2020 has a 29 February), which hold every commit,
c1 (01-01) to c7 (05-10).
  2020 Q1: c1 new 10; c2 new 5, rework 2; c3 refactor 5; c4 rework 1 -> 15, 5, 3 of 23
  2020 Q2: c5 refactor 1; c6 new 1; m new 7; c7 new 1, refactor 1, rework 1 -> 9, 2, 1 of 12
Teams (authors'): platform Alice (c1, c4, c6), web Bob (c2, c5, m's 2 lines, c7),
(no team) Carol (c3, m's 5 lines)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from analyses.test_work_breakdown import _build_until_merge, _c7
from techlead.communicate.model import Scope
from techlead.communicate.roles import ROLES
from techlead.communicate.work_section import work_section
from techlead.core.model import Options
from techlead.warehouse.connection import open_warehouse
from test_work_metrics import TOML

from conftest import GitRepo, scan_json

NOW = datetime(2020, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("work")
    repo = GitRepo(root / "app")
    _build_until_merge(repo)
    _c7(repo)
    (root / "techlead.toml").write_text(TOML)
    path = root / "w.duckdb"
    scan_json("--db", str(path), "--now", "2020-06-01", cwd=root)
    return path


def _section(db: Path) -> Any:
    con = open_warehouse(db, read_only=True)
    try:
        return work_section(Scope(con, now=NOW, trends=False))
    finally:
        con.close()


def test_the_section_says_the_year_by_quarter(db: Path) -> None:
    section = _section(db)
    # the year: new 24, refactor 7, rework 4 of 35: 68.6 %, 20 %, 11.4 %; rework 3 of 23
    # (13.0 %) in Q1, 1 of 12 (8.3 %) in Q2, which the page covers to 06-01
    assert section.headline == (
        "In the 12 months to 2020-06-01: 35 changed lines: 68.6% new work, 20% refactoring "
        "of older code, 11.4% rework. Rework fell from 13% in 2020 Q1 to 8.3% in 2020 Q2 "
        "(to 06-01). Rework is code rewritten or deleted within 21 days of reaching the "
        "main line: some is normal iteration, but a high or rising share means work is "
        "being redone (unclear requirements, hurried merges, fixes of fresh bugs)."
    )
    assert section.facts == (
        ("rework, of 35 changed lines", "11.4%"), ("refactoring", "20%"),
        ("new work", "68.6%"),
    )  # fmt: skip
    quarters, repos, teams = section.tables
    assert [list(r) for r in quarters.rows] == [  # newest first, every quarter covered
        ["2020 Q2 (to 06-01)", 9, 2, 1, 12, "75%", "16.7%", "8.3%"],
        ["2020 Q1", 15, 5, 3, 23, "65.2%", "21.7%", "13%"],
        ["2019 Q4", 0, 0, 0, 0, "", "", ""],
        ["2019 Q3", 0, 0, 0, 0, "", "", ""],
        ["2019 Q2 (from 06-02)", 0, 0, 0, 0, "", "", ""],
    ]
    assert [list(r) for r in repos.rows] == [["app", 24, 7, 4, 35, "68.6%", "20%", "11.4%"]]
    # web 8 + 2 + 3 = 13, platform 11 + 0 + 1 = 12, (no team) 5 + 5 + 0 = 10
    assert [list(r) for r in teams.rows] == [
        ["web", 8, 2, 3, 13, "61.5%", "15.4%", "23.1%"],
        ["platform", 11, 0, 1, 12, "91.7%", "0%", "8.3%"],
        ["(no team)", 5, 5, 0, 10, "50%", "50%", "0%"],
    ]
    assert section.chart is not None
    assert [trace["y"] for trace in section.chart["data"]] == [
        [0, 0, 0, 15, 9],
        [0, 0, 0, 5, 2],
        [0, 0, 0, 3, 1],
    ]
    # the chart's labels are short (the table says which quarters are partial)
    assert section.chart["data"][0]["x"] == ["2019 Q2", "2019 Q3", "2019 Q4", "2020 Q1",
                                             "2020 Q2"]  # fmt: skip


def test_the_trend_leaves_out_a_first_quarter_the_page_covers_only_the_end_of(db: Path) -> None:
    # since 2020-02-01: Q1 from 02-01 holds c3 (refactor 5) and c4 (rework 1): 16.7 %,
    # Q2 8.3 %; only two quarters with work, so the partial first one is kept
    con = open_warehouse(db, read_only=True)
    try:
        since = datetime(2020, 2, 1, tzinfo=UTC)
        section = work_section(Scope(con, Options(since=since), now=NOW, trends=False))
    finally:
        con.close()
    assert "Rework fell from 16.7% in 2020 Q1 (from 02-01) to 8.3% in 2020 Q2 (to 06-01)." \
        in section.headline  # fmt: skip


@pytest.mark.parametrize(
    ("partial", "why"),
    [(False, "1 repository (app) has no line ages yet: scan again."),
     (True, "1 repository (app) is a partial clone, whose line ages are not walked: clone "
            "in full.")],
)  # fmt: skip
def test_a_repository_without_line_ages_is_said_not_counted(
    db: Path, tmp_path: Path, partial: bool, why: str
) -> None:
    # as a warehouse scanned before schema 18, or a partial clone: no figure at all
    copy = tmp_path / "old.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM line_age_heads")
        con.execute("UPDATE repos SET is_partial = ?", [partial])
    section = _section(copy)
    assert section.headline == (
        "No work breakdown: it is measured from line ages, and no repository in scope has "
        f"them (no guess is made). Not measured: {why}"
    )
    assert section.facts == () and section.chart is None
    [table] = section.tables
    assert table.title == "Repositories without line ages (no work figures)"


def test_the_leaders_who_read_delivery_read_it() -> None:
    for name in ("cto", "engineering-manager", "tpm"):
        sections = ROLES[name].sections
        assert sections.index("work") == sections.index("delivery") + 1, name


def test_the_trend_names_the_highest_quarter_between_and_leaves_out_a_partial_first() -> None:
    from datetime import date

    from techlead.analyses.work_breakdown import ALL, WorkRow
    from techlead.communicate.work_section import _trend

    def row(month: int, rework: int) -> WorkRow:  # 10 changed lines a quarter
        return WorkRow(date(2020, month, 1), ALL, 10 - rework, 0, rework, 10, None, None, None)

    rows = [row(1, 1), row(4, 5), row(7, 2), row(10, 3)]  # 10 %, 50 %, 20 %, 30 %
    whole = _trend(rows, datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC))
    assert whole == "Rework rose from 10% in 2020 Q1 to 30% in 2020 Q4 (highest 50%, 2020 Q2). "
    # from 1 Feb: Q1 is covered only at its end and three quarters remain: from Q2 (50 %)
    later = _trend(rows, datetime(2020, 2, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC))
    assert later == "Rework fell from 50% in 2020 Q2 to 30% in 2020 Q4. "
