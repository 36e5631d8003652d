"""The delivery metrics of the catalogue (deployment-frequency, lead-time,
change-failure-rate, time-to-restore): their value on a date is `techlead delivery` over
the 90 days before it, pooled (docs/metrics.md, "Delivery metrics").

svc (team pay), every time UTC 2021 (as in tests/analyses/test_releases_delivery.py):
  a1 "add feature"   1 Mar 00:00   v1.0.0  1 Mar 12:00
  a2 "add more"      2 Mar 00:00   v1.1.0  2 Mar 12:00
  r  revert of a2    5 Mar 00:00   v1.1.1  6 Mar 00:00
  a3 "fix typo ..."  1 Apr 00:00   v1.1.2  1 Apr 12:00
  a4 "add x"         2 Apr 00:00   v1.2.0  2 Apr 12:00
  a5 "fix crash"     3 Apr 00:00   v1.2.1 10 Apr 00:00
  revert of a5      11 Apr 00:00   (no release holds it)
Failed (policy: 14 days): v1.1.0 (a2 reverted; restored by v1.1.1 after 84 h), v1.2.0
(patch v1.2.1 fixes 7.5 days later; restored after 180 h), v1.2.1 (a5 reverted; not
restored). Lead times: a1 12 h, a2 12 h, r 24 h, a3 12 h, a4 12 h, a5 168 h.
site (team web): one commit and a tag "notes", which is not a release: no figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from delivery_history import delivery_workspace

from conftest import cli_json, history_values

METRICS = ("deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore")


@pytest.fixture
def db(make_repo: Any, tmp_path: Path) -> Path:
    return delivery_workspace(make_repo, tmp_path)


def test_history_by_month_pools_the_90_days_before_each_date(db: Path) -> None:
    # Period ends from svc's first commit (1 Mar) to its newest (11 Apr): 1 Apr, 1 May.
    # 1 Apr: [1 Jan, 1 Apr) holds v1.0.0, v1.1.0, v1.1.1: 3 releases x 30 / 90 = 1.0 a
    #   month; leads 12, 12, 24: median 12.0; v1.1.0 failed: 1 of 3 = 33.3 %; restored
    #   in 84 h.
    # 1 May: [31 Jan, 1 May) holds all six: 6 x 30 / 90 = 2.0; leads 12, 12, 24, 12, 12,
    #   168: median 12.0; 3 of 6 failed = 50.0 %; restores 84 and 180 h: median 132.0.
    expected = {
        "deployment-frequency": [("2021-04-01", 1.0), ("2021-05-01", 2.0)],
        "lead-time": [("2021-04-01", 12.0), ("2021-05-01", 12.0)],
        "change-failure-rate": [("2021-04-01", 33.3), ("2021-05-01", 50.0)],
        "time-to-restore": [("2021-04-01", 84.0), ("2021-05-01", 132.0)],
    }
    for name in METRICS:
        assert history_values(db, name, "--repo", "svc") == expected[name], name
        # the team pay is svc; the workspace adds site, which has no release
        assert history_values(db, name, "--team", "pay") == expected[name], name
        assert history_values(db, name) == expected[name], name


def test_the_value_on_a_date_is_delivery_over_the_90_days_before(db: Path) -> None:
    # The 90 days before 1 Apr 2021 are the first quarter (31 + 28 + 31 days): delivery's
    # quarter row is the same pool.
    [quarter] = cli_json("delivery", "--every", "quarter", "--until", "2021-04-01",
                      "--db", str(db), "--format", "json")["rows"]  # fmt: skip
    values = {name: history_values(db, name, "--repo", "svc", "--until", "2021-04-01")[-1][1]
              for name in METRICS}  # fmt: skip
    assert values == {
        "deployment-frequency": quarter["releases"] * 30 / 90,
        "lead-time": quarter["lead-time-median-hours"],
        "change-failure-rate": round(100 * quarter["change-failure-rate"], 1),
        "time-to-restore": quarter["time-to-restore-median-hours"],
    }
    assert (quarter["releases"], quarter["failed"], quarter["restored"]) == (3, 1, 1)


def test_a_repository_without_release_tags_has_no_value(db: Path) -> None:
    # site's only tag, "notes", is no release: no value at all (not 0 releases)
    for name in METRICS:
        assert {value for _, value in history_values(db, name, "--repo", "site")} == {None}, name


def test_an_empty_window_is_zero_releases_and_no_median(db: Path) -> None:
    # 1 Oct 2021: [3 Jul, 1 Oct) holds no release of svc: 0 a month, no lead time, no rate
    rows = {name: history_values(db, name, "--repo", "svc", "--since", "2021-09-15",
                           "--until", "2021-10-01")[-1] for name in METRICS}  # fmt: skip
    assert rows == {
        "deployment-frequency": ("2021-10-01", 0.0),
        "lead-time": ("2021-10-01", None),
        "change-failure-rate": ("2021-10-01", None),
        "time-to-restore": ("2021-10-01", None),
    }


def test_a_scan_records_them_and_metrics_lists_them(db: Path) -> None:
    # the scan's moment, 1 May 2021, gives the 1 May values above. The scan records the
    # workspace's (two repositories: each one's is back-computed when asked); site has none
    catalogue = cli_json("metrics", "--db", str(db), "--format", "json")["rows"]
    listed = {r["metric"]: r for r in catalogue}
    assert [listed[n]["unit"] for n in METRICS] == ["releases/30 days", "hours", "%", "hours"]
    from conftest import query_db

    recorded = query_db(db, "SELECT metric, scope, value FROM metric_history WHERE metric IN "
                        "(?, ?, ?, ?) ORDER BY metric, scope", list(METRICS))  # fmt: skip
    assert recorded == [
        ("change-failure-rate", "workspace", 50.0), ("deployment-frequency", "workspace", 2.0),
        ("lead-time", "workspace", 12.0), ("time-to-restore", "workspace", 132.0),
    ]  # fmt: skip
    at_scan = ("--since", "2021-05-01", "--until", "2021-05-01")
    assert [history_values(db, n, "--repo", "svc", *at_scan) for n in METRICS] == [
        [("2021-05-01", 2.0)], [("2021-05-01", 12.0)], [("2021-05-01", 50.0)],
        [("2021-05-01", 132.0)],
    ]  # fmt: skip
    assert {history_values(db, n, "--repo", "site", *at_scan)[0][1] for n in METRICS} == {None}


def test_a_goal_can_target_the_change_failure_rate(db: Path, tmp_path: Path) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text('[[objective]]\nid = "O2"\ntitle = "Releases that hold"\n\n'
                     '[[objective.key_result]]\nmetric = "change-failure-rate"\n'
                     'scope = { team = "pay" }\ntarget = 15\ndeadline = 2027-03-31\n')  # fmt: skip
    [row] = cli_json("goals", "--file", str(goals), "--db", str(db), "--format", "json")["rows"]
    # baseline: the first monthly point, 1 Apr 2021: 33.3 %. Value as of the newest commit
    # (11 Apr 2021): [11 Jan, 11 Apr) holds all six releases, 3 failed: 50.0 %. Progress
    # (50 - 33.3) / (15 - 33.3) = -91.3 %: it moved away from the target (lower is better).
    assert (row["scope"], row["baseline-date"], row["baseline"], row["value"],
            row["progress"], row["trend"]) == (
        "pay", "2021-04-01", 33.3, 50.0, -91.3, "worsening")  # fmt: skip


def test_a_tag_added_without_a_new_commit_is_not_served_from_the_cache(
    make_repo: Any, tmp_path: Path
) -> None:
    from conftest import scan_json

    repo = make_repo("lib")
    sha = repo.commit("add", files={"a": "1\n"}, date="2022-01-10T00:00:00+00:00")
    db = tmp_path / "w.duckdb"
    tag = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com",
           "GIT_COMMITTER_DATE": "2022-01-10T12:00:00+00:00"}  # fmt: skip
    repo.git("tag", "-a", "-m", "r", "v0.9", sha, env=tag)
    scan_json(str(repo.path), "--db", str(db))
    # 1 Feb 2022: v0.9 alone in the 90 days before: 1 x 30 / 90 = 0.33 (and now cached)
    assert history_values(db, "deployment-frequency") == [("2022-02-01", 0.33)]
    repo.git("tag", "-a", "-m", "r", "v1.0", sha, env=tag)  # HEAD does not move
    scan_json(str(repo.path), "--db", str(db))
    # two releases now: 2 x 30 / 90 = 0.67, not the cached 0.33
    assert history_values(db, "deployment-frequency") == [("2022-02-01", 0.67)]


def test_the_band_of_90_days() -> None:
    from techlead.analyses import delivery_window

    # the rule the method states: daily with a release a day, weekly a week, monthly a
    # 30-day month: 90 days hold 12 whole weeks and 3 such months (delivery's calendar
    # periods use the same rule: tests/analyses/test_releases_delivery.py)
    assert [delivery_window.band(n, 90) for n in (90, 89, 12, 11, 3, 2)] == [
        "daily", "weekly", "weekly", "monthly", "monthly", "fewer"]  # fmt: skip


def test_on_any_date_the_value_adds_up_from_delivery_and_releases(db: Path) -> None:
    # 1 May 2021: the 90 days from 31 Jan; delivery's months in that span, added up, and
    # the releases' own restore times give the same figures as the metrics
    window = ("--since", "2021-01-31", "--until", "2021-05-01", "--db", str(db), "--format",
              "json")  # fmt: skip
    months = cli_json("delivery", *window)["rows"]
    shipped = cli_json("releases", *window)["rows"]
    releases = sum(m["releases"] for m in months)
    failed = sum(m["failed"] for m in months)
    restores = sorted(r["time-to-restore-hours"] for r in shipped if r["time-to-restore-hours"])
    assert (releases, failed, restores) == (6, 3, [84.0, 180.0])
    values = {name: history_values(db, name, "--repo", "svc", "--until", "2021-05-01")[-1][1]
              for name in METRICS}  # fmt: skip
    assert values["deployment-frequency"] == round(releases * 30 / 90, 2)
    assert values["change-failure-rate"] == round(100 * failed / releases, 1)
    assert values["time-to-restore"] == sum(restores) / 2  # the median of two
