"""The report's Delivery section over tests/delivery_history.py's workspace (svc with six
releases in March and April 2021, three of them failed; site without a release tag),
as of 1 May 2021: the 90 days before are [31 Jan, 1 May), which hold all six releases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from delivery_history import delivery_workspace
from techlead.communicate.delivery_section import delivery_section, method
from techlead.communicate.model import Scope
from techlead.communicate.roles import ROLES
from techlead.core.model import Options
from techlead.warehouse.connection import open_warehouse

NOW = datetime(2021, 5, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import GitRepo

    root = tmp_path_factory.mktemp("delivery")
    return delivery_workspace(lambda name: GitRepo(root / name), root)


@pytest.fixture
def scope(db: Path) -> Iterator[Any]:
    con = open_warehouse(db, read_only=True)
    try:
        yield lambda **fields: Scope(con, now=NOW, trends=False, **fields)
    finally:
        con.close()


def test_the_section_says_every_figure_with_its_denominator(scope: Any) -> None:
    section = delivery_section(scope())
    # 6 releases x 30 / 90 = 2 a month: at least 3 in 90 days is monthly, 12 would be
    # weekly. Leads 12, 12, 24, 12, 12, 168 h: median 12, no value dropped. Failed:
    # v1.1.0, v1.2.0, v1.2.1 (3 of 6); restored 84 h and 180 h: median 132 h = 5.5 days,
    # v1.2.1 not yet.
    assert section.headline == (
        "In the 90 days to 2021-05-01: 6 releases (2 per 30 days, DORA band monthly); "
        "median lead time 12 hours over 6 commits; 3 of 6 releases were followed by a "
        "revert or a fixing patch release (change failure rate 50%); median time to "
        "restore 132 hours (5.5 days) over 2 restored releases, 1 not yet. 1 repository "
        "has no release tag (site): not measured."
    )
    assert section.facts == (
        ("DORA band (deployment frequency)", "monthly"),
        ("releases (2 per 30 days)", "6"),
        ("lead time, median of 6 commits", "12 hours"),
        ("change failure rate, 3 of 6 releases", "50%"),
        ("time to restore, median of 2 restored releases", "132 hours (5.5 days)"),
    )
    by_repo, tagless, listed, months = section.tables
    assert list(by_repo.rows) == [
        ("svc", 6, 2.0, "monthly", 12.0, "6 of 6", "3 of 6", "50%", "2 of 3", 132.0,
         "v1.2.1, 2021-04-10"),
    ]  # fmt: skip
    # the method, with the policy's pattern and failure days, under the table
    assert by_repo.note == method(scope().policy)
    assert r"release_tag_pattern, ^[A-Za-z-]*[0-9]+(\.[0-9]+)+$ , dated" in by_repo.note
    assert "within 14 days (change_failure_days)" in by_repo.note
    # site's one tag, "notes", is no release: listed, with no figure
    assert list(tagless.rows) == [("site", 1)]
    # every release of the window, newest first, with its own lead time and restore
    assert list(listed.rows) == [
        ("svc", "v1.2.1", "2021-04-10", 1, 168.0, "failed", None),
        ("svc", "v1.2.0", "2021-04-02", 1, 12.0, "failed", 180.0),
        ("svc", "v1.1.2", "2021-04-01", 1, 12.0, "", None),
        ("svc", "v1.1.1", "2021-03-06", 1, 24.0, "", None),
        ("svc", "v1.1.0", "2021-03-02", 1, 12.0, "failed", 84.0),
        ("svc", "v1.0.0", "2021-03-01", 1, 12.0, "", None),
    ]
    # March: v1.0.0, v1.1.0, v1.1.1 (leads 12, 12, 24; v1.1.0 failed, 84 h); April:
    # v1.1.2, v1.2.0, v1.2.1 (leads 12, 12, 168; v1.2.0 restored in 180 h, v1.2.1 not)
    # and the ten months before, May 2020 to February 2021, without a release
    assert list(months.rows) == [
        ("2021-04", 3, "monthly", 12.0, "3 of 3", "2 of 3", 1, 180.0),
        ("2021-03", 3, "monthly", 12.0, "3 of 3", "1 of 3", 1, 84.0),
        *[(month, 0, "fewer", None, None, None, 0, None) for month in (
            "2021-02", "2021-01", "2020-12", "2020-11", "2020-10", "2020-09", "2020-08",
            "2020-07", "2020-06", "2020-05")],
    ]  # fmt: skip
    assert section.chart is not None and section.caption == "releases per month, by repository"


def test_a_window_without_releases_names_the_last_one(scope: Any) -> None:
    # 1 Aug 2021: [3 May, 1 Aug) holds no release; svc's last was v1.2.1 on 10 Apr,
    # 113 days before (21 + 31 + 30 + 31)
    section = delivery_section(scope(options=Options(until=datetime(2021, 8, 1, tzinfo=UTC))))
    assert section.headline == (
        "In the 90 days to 2021-08-01: no release (DORA band: fewer than monthly). The last "
        "release: v1.2.1 of svc, 2021-04-10 (113 days before 2021-08-01). 1 repository has "
        "no release tag (site): not measured."
    )


def test_without_release_tags_nothing_is_guessed(scope: Any) -> None:
    section = delivery_section(scope(options=Options(repos=("site",))))
    assert section.headline == (
        "No release tags: 1 repository has no release tag (site): not measured. Delivery "
        "is not measured without them (no guess is made)."
    )
    # shown, not left out as empty: the repository is named with its other tags
    assert [t.rows for t in section.tables] == [[("site", 1)]] and not section.empty


def test_the_cto_the_engineering_manager_and_the_tpm_see_it() -> None:
    assert [name for name, role in ROLES.items() if "delivery" in role.sections] == [
        "cto", "engineering-manager", "tpm"
    ]  # fmt: skip


def test_several_repositories_say_each_band() -> None:
    from techlead.analyses.delivery_window import Window
    from techlead.communicate.delivery_section import _bands

    def releasing(n: int, band: str) -> Window:
        return Window(NOW, NOW, 90, n, round(n / 3, 2), band, 0, 0, 0, 0, None, 0, None, 0,
                      None)  # fmt: skip

    # five repositories releasing monthly pool into a weekly workspace: each says its own
    assert _bands([("a", releasing(3, "monthly")), ("b", releasing(0, "fewer")),
                   ("c", releasing(13, "weekly")), ("d", releasing(4, "monthly"))]) == (
        " By repository: c weekly; a and d monthly; b fewer.")  # fmt: skip
    assert _bands([("a", releasing(3, "monthly"))]) == ""


def test_the_page_period_replaces_the_90_days(scope: Any) -> None:
    # 1 May 2020 to 1 May 2021 is 365 days: "the year"; the same six releases, 6 x 30 / 365
    # = 0.49 per 30 days, fewer than one a 30-day month (12 needed)
    period = Options(since=datetime(2020, 5, 1, tzinfo=UTC), until=NOW)
    section = delivery_section(scope(options=period))
    assert section.headline.startswith(
        "In the year to 2021-05-01: 6 releases (0.49 per 30 days, DORA band fewer); "
    )
    assert section.tables[0].title == "Delivery by repository, the year to 2021-05-01"
