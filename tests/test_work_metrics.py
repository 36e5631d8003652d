"""The work metrics of the catalogue (rework-share, refactor-share, new-work-share): their
value on a date is `techlead work` over the 90 days before it, pooled (docs/metrics.md,
"Work metrics"). The history is tests/analyses/test_work_breakdown.py's, every commit at
12:00 UTC in 2020 (refactor_days 21), with its counts worked out there:
  c1 01-01 Alice  new 10          c5 04-01 Bob    refactor 1
  c2 01-05 Bob    new 5, rework 2  c6 04-05 Alice  new 1
  c3 03-01 Carol  refactor 5       m  04-25 Alice  new 7 (Carol's 5, Bob's 2: f1, f2)
  c4 03-03 Alice  rework 1         c7 05-10 Bob    new 1, refactor 1, rework 1
Alice is team platform ([teams.platform] members), which also owns the repository app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analyses.test_work_breakdown import _build_until_merge, _c7

from conftest import GitRepo, cli_json, history_values, query_db, scan_json

METRICS = ("rework-share", "refactor-share", "new-work-share")
TOML = (
    '[[repos]]\npath = "app"\nteam = "platform"\n\n[teams.platform]\n'
    'members = ["alice@example.com"]\n\n[teams.web]\nmembers = ["bob@example.com"]\n'
)


@pytest.fixture
def db(make_repo: Any, tmp_path: Path) -> Path:
    repo: GitRepo = make_repo("app")
    _build_until_merge(repo)
    _c7(repo)
    (tmp_path / "techlead.toml").write_text(TOML)
    path = tmp_path / "w.duckdb"
    scan_json("--db", str(path), "--now", "2020-06-01", cwd=tmp_path)
    return path


def test_history_by_month_pools_the_90_days_before_each_date(db: Path) -> None:
    # Period ends from c1 (01-01) to c7 (05-10): 02-01 ... 06-01; each date D pools the
    # main-line commits whose committer time is in [D - 90 days, D) (2020 is a leap year):
    # 02-01: [2019-11-03, 02-01): c1, c2: new 15, rework 2 of 17: 88.2, 0.0, 11.8 %
    # 03-01: [2019-12-02, 03-01): the same (c3 is at 03-01 12:00, after the date)
    # 04-01: [01-02, 04-01): c2, c3, c4 (c1 is a day too old): new 5, refactor 5,
    #   rework 3 of 13: 38.5, 38.5, 23.1 %
    # 05-01: [02-01, 05-01): c3, c4, c5, c6, m: new 8, refactor 6, rework 1 of 15:
    #   53.3, 40.0, 6.7 %
    # 06-01: [03-03, 06-01): c4 ... c7: new 9, refactor 2, rework 2 of 13: 69.2, 15.4, 15.4
    dates = ("2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01")
    expected = {
        "new-work-share": (88.2, 88.2, 38.5, 53.3, 69.2),
        "refactor-share": (0.0, 0.0, 38.5, 40.0, 15.4),
        "rework-share": (11.8, 11.8, 23.1, 6.7, 15.4),
    }
    for name in METRICS:
        assert history_values(db, name) == list(zip(dates, expected[name], strict=True)), name
        assert history_values(db, name, "--repo", "app") == list(zip(dates, expected[name],
                                                              strict=True)), name  # fmt: skip


def test_a_team_is_the_work_of_its_people(db: Path) -> None:
    # platform is Alice: c1 new 10 (02-01, 03-01: 0 % rework), c4 rework 1 alone in
    # [01-02, 04-01): 100 %; c4 and c6 (new 1) after: 1 of 2, 50 %. Carol's and Bob's
    # lines (c3, c5, m, c7) are not the team's though they are in its repository.
    assert history_values(db, "rework-share", "--team", "platform") == [
        ("2020-02-01", 0.0), ("2020-03-01", 0.0), ("2020-04-01", 100.0),
        ("2020-05-01", 50.0), ("2020-06-01", 50.0),
    ]  # fmt: skip


def test_the_value_on_a_date_is_work_over_the_90_days_before(db: Path) -> None:
    # [2020-02-01, 2020-05-01) is 29 + 31 + 30 = 90 days: work's monthly rows, pooled
    rows = cli_json("work", "--since", "2020-02-01", "--until", "2020-05-01", "--db", str(db),
                 "--format", "json")["rows"]  # fmt: skip
    new, refactor, rework = (sum(r[k] for r in rows) for k in ("new", "refactor", "rework"))
    assert (new, refactor, rework) == (8, 6, 1)
    total = new + refactor + rework
    values = {name: history_values(db, name, "--until", "2020-05-01")[-1] for name in METRICS}
    assert values == {
        "new-work-share": ("2020-05-01", round(100 * new / total, 1)),
        "refactor-share": ("2020-05-01", round(100 * refactor / total, 1)),
        "rework-share": ("2020-05-01", round(100 * rework / total, 1)),
    }


def test_no_line_ages_no_value(db: Path) -> None:
    # As a warehouse scanned before schema 18 (or a partial clone): no line ages, no value
    # (not 0 %); the scan's own record at --now 06-01 was the 06-01 value above.
    recorded = query_db(db, "SELECT metric, scope, value FROM metric_history WHERE metric IN "
                        "(?, ?, ?) ORDER BY metric, scope", list(METRICS))  # fmt: skip
    assert recorded == [
        ("new-work-share", "app", 69.2), ("new-work-share", "workspace", 69.2),
        ("refactor-share", "app", 15.4), ("refactor-share", "workspace", 15.4),
        ("rework-share", "app", 15.4), ("rework-share", "workspace", 15.4),
    ]  # fmt: skip
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM line_age_heads")
        con.execute("DELETE FROM metric_cache")
    assert {v for _, v in history_values(db, "rework-share")} == {None}


def test_a_goal_can_target_the_rework_share(db: Path, tmp_path: Path) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text('[[objective]]\nid = "O3"\ntitle = "Less rework"\n\n'
                     '[[objective.key_result]]\nmetric = "rework-share"\n'
                     'scope = { repo = "app" }\ntarget = 5\ndeadline = 2020-12-31\n')  # fmt: skip
    [row] = cli_json("goals", "--file", str(goals), "--db", str(db), "--format", "json")["rows"]
    # baseline: the first monthly point, 02-01: 11.8 %. Value as of the newest commit
    # (c7, 05-10 12:00): [02-10 12:00, 05-10 12:00) holds c3 ... m (c7 is at the end, out):
    # 1 of 15, 6.7 %. Progress (6.7 - 11.8) / (5 - 11.8) = 75.0 %.
    assert (row["scope"], row["baseline-date"], row["baseline"], row["value"],
            row["progress"]) == ("app", "2020-02-01", 11.8, 6.7, 75.0)  # fmt: skip
