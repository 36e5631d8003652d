"""techlead releases and techlead delivery over a repository built with the git CLI:
annotated and lightweight tags, a merged branch, a pre-release, a tag HEAD does not reach
and a hostile tag name; every value worked out by hand below."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from techlead.analyses.delivery import band

from conftest import ALICE, identity_env, run_cli, scan_json

HOSTILE = 'x";DROP-TABLE-tags;--$(id)<b>'
TAGGER = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com"}


def _tag(repo: Any, *args: str, date: str = "2030-01-01T00:00:00+00:00") -> None:
    repo.git("tag", *args, env={**TAGGER, "GIT_COMMITTER_DATE": date})


@pytest.fixture
def released(make_repo: Any, db_path: Path) -> dict[str, str]:
    """Main line: c1 (pos 1), c2 (2), c3 (3), the merge m of feature's f1 (4), c4 (5).
    Tags: v1.0 on c2 (annotated), 1.1 on m (lightweight), v2.0rc1 on m (a pre-release),
    notes and the hostile name on c1 (not releases), release-2.0 on c4 (annotated, its
    tagger's clock behind c4's), 0.9.1 on o1, a commit of an unmerged branch."""
    repo = make_repo("app")
    c1 = repo.commit("c1", files={"a": "1\n"}, date="2020-01-01T00:00:00+00:00")
    c2 = repo.commit("c2", files={"a": "2\n"}, date="2020-01-02T12:00:00+00:00")
    _tag(repo, "-a", "-m", "1.0", "v1.0", c2, date="2020-01-03T12:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("f1", files={"f": "1\n"}, date="2020-01-04T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.commit("c3", files={"a": "3\n"}, date="2020-01-05T12:00:00+00:00")
    m = repo.merge("feature", "merge", date="2020-01-06T12:00:00+00:00")
    _tag(repo, "1.1", m)
    _tag(repo, "-a", "-m", "rc", "v2.0rc1", m, date="2020-01-06T13:00:00+00:00")
    _tag(repo, "notes", c1)
    _tag(repo, HOSTILE, c1)
    c4 = repo.commit("c4", files={"a": "4\n"}, date="2020-01-07T12:00:00+00:00")
    _tag(repo, "-a", "-m", "2.0", "release-2.0", c4, date="2020-01-07T06:00:00+00:00")
    repo.git("checkout", "-q", "-b", "old")
    o1 = repo.commit("o1", files={"o": "1\n"}, date="2020-01-21T12:00:00+00:00")
    _tag(repo, "-a", "-m", "0.9.1", "0.9.1", o1, date="2020-01-21T13:00:00+00:00")
    repo.git("checkout", "-q", "main")
    scan_json(str(repo.path), "--db", str(db_path))
    return {"c1": c1}


def _rows(db_path: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(*args, "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return rows


def _table(rows: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(row[k] for k in keys) for row in rows]


def test_releases(released: dict[str, str], db_path: Path) -> None:
    rows = _rows(db_path, "releases")
    keys = ("tag", "released-at", "annotated", "on-main-line", "commits", "lead-times",
            "non-positive", "lead-time-median-hours")  # fmt: skip
    # v1.0: c1, c2 landed at 1, 2 (window (0, 2]); leads 3 Jan 12:00 - 1 Jan 00:00 = 60 h
    #   and 3 Jan 12:00 - 2 Jan 12:00 = 24 h: median 42.0.
    # 1.1 (lightweight: dated by m, 6 Jan 12:00): window (2, 4]: c3 (24 h), f1 (48 h), m (0,
    #   dropped): median 36.0.
    # release-2.0: window (4, 5]: c4, committed 6 h after the tagger date: dropped.
    # 0.9.1: HEAD does not reach o1: no count. v2.0rc1, notes and the hostile name are not
    # releases by the default pattern.
    assert _table(rows, *keys) == [
        ("v1.0", "2020-01-03T12:00:00+00:00", True, True, 2, 2, 0, 42.0),
        ("1.1", "2020-01-06T12:00:00+00:00", False, True, 3, 2, 1, 36.0),
        ("release-2.0", "2020-01-07T06:00:00+00:00", True, True, 1, 0, 1, None),
        ("0.9.1", "2020-01-21T13:00:00+00:00", True, False, None, 0, 0, None),
    ]
    # from 5 Jan on: v1.0 is left out but still bounds what 1.1 first contains
    later = _rows(db_path, "releases", "--since", "2020-01-05")
    assert _table(later, "tag", "commits") == [("1.1", 3), ("release-2.0", 1), ("0.9.1", None)]


def test_a_hostile_tag_name_stays_text(released: dict[str, str], db_path: Path) -> None:
    rows = _rows(db_path, "releases", "--pattern", '^x";')
    # on c1 (pos 1, the first release of this pattern): c1 alone, lead 0 (lightweight)
    assert _table(rows, "tag", "released-at", "commits", "non-positive") == [
        (HOSTILE, "2020-01-01T00:00:00+00:00", 1, 1)
    ]


def test_a_pattern_re2_refuses_is_a_usage_error(released: dict[str, str], db_path: Path) -> None:
    result = run_cli("releases", "--db", str(db_path), "--pattern", "(?=v)")
    assert result.exit_code != 0
    assert "release tag pattern '(?=v)'" in result.output


def test_delivery_by_week_month_and_quarter(released: dict[str, str], db_path: Path) -> None:
    keys = ("period", "releases", "band", "commits", "unmeasured", "lead-times",
            "non-positive", "lead-time-median-hours")  # fmt: skip
    # weeks start on Monday: v1.0 (Fri 3 Jan) in 30 Dec; 1.1 and release-2.0 in 6 Jan
    # (pooled leads 24, 48: median 36.0; m and c4 dropped); no release in 13 Jan; 0.9.1 in
    # 20 Jan (unmeasured). One release a week or more is weekly.
    assert _table(_rows(db_path, "delivery", "--every", "week"), *keys) == [
        ("2019-12-30", 1, "weekly", 2, 0, 2, 0, 42.0),
        ("2020-01-06", 2, "weekly", 4, 0, 2, 2, 36.0),
        ("2020-01-13", 0, "fewer", 0, 0, 0, 0, None),
        ("2020-01-20", 1, "weekly", 0, 1, 0, 0, None),
    ]
    # January: 4 releases, 4 whole weeks in 31 days: weekly; pooled leads 60, 24, 24, 48:
    # median (24 + 48) / 2 = 36.0
    assert _table(_rows(db_path, "delivery"), *keys) == [
        ("2020-01-01", 4, "weekly", 6, 1, 4, 2, 36.0)
    ]
    # from 5 Jan on: 3 releases in a quarter (13 whole weeks, 3 months): monthly
    quarter = _rows(db_path, "delivery", "--every", "quarter", "--since", "2020-01-05")
    assert _table(quarter, "period", "releases", "band", "commits") == [
        ("2020-01-01", 3, "monthly", 4)
    ]


def test_band_thresholds() -> None:
    week, february, quarter = date(2020, 1, 6), date(2020, 2, 1), date(2020, 1, 1)
    assert [band(n, week, "week") for n in (7, 6, 1, 0)] == ["daily", "weekly", "weekly", "fewer"]
    # February 2020 has 29 days, 4 whole weeks
    assert [band(n, february, "month") for n in (29, 28, 4, 3, 1, 0)] == [
        "daily",
        "weekly",
        "weekly",
        "monthly",
        "monthly",
        "fewer",
    ]
    # the first quarter of 2020: 91 days, 13 whole weeks, 3 months
    assert [band(n, quarter, "quarter") for n in (91, 13, 12, 3, 2)] == [
        "daily",
        "weekly",
        "monthly",
        "monthly",
        "fewer",
    ]


def _revert(repo: Any, sha: str, when: str) -> str:
    repo.git("revert", "--no-edit", sha, env=identity_env(ALICE, ALICE, when))
    return str(repo.head())


def test_change_failure_rate_and_time_to_restore(make_repo: Any, db_path: Path) -> None:
    """v1.0.0 (a1), v1.1.0 (a2), a revert of a2 released as v1.1.1, v1.1.2 26 days later,
    v1.2.0 (a4), "fix crash" released as v1.2.1, and a revert of that fix after it."""
    repo = make_repo("svc")
    a1 = repo.commit("add feature", files={"a": "1\n"}, date="2021-03-01T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.0.0", a1, date="2021-03-01T12:00:00+00:00")
    a2 = repo.commit("add more", files={"b": "1\n"}, date="2021-03-02T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.1.0", a2, date="2021-03-02T12:00:00+00:00")
    r = _revert(repo, a2, "2021-03-05T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.1.1", r, date="2021-03-06T00:00:00+00:00")
    a3 = repo.commit("fix typo in docs", files={"a": "2\n"}, date="2021-04-01T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.1.2", a3, date="2021-04-01T12:00:00+00:00")
    a4 = repo.commit("add x", files={"x": "1\n"}, date="2021-04-02T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.2.0", a4, date="2021-04-02T12:00:00+00:00")
    a5 = repo.commit("fix crash", files={"x": "2\n"}, date="2021-04-03T00:00:00+00:00")
    _tag(repo, "-a", "-m", "r", "v1.2.1", a5, date="2021-04-10T00:00:00+00:00")
    _revert(repo, a5, "2021-04-11T00:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    keys = ("period", "releases", "failed", "change-failure-rate", "restored",
            "time-to-restore-median-hours")  # fmt: skip
    # March: v1.1.0 failed (a2 reverted 2.5 days after it; v1.1.1 is also a patch release
    # carrying a revert), restored by v1.1.1: 2 Mar 12:00 -> 6 Mar 00:00 = 84 h. v1.0.0
    # (next release v1.1.0 is no patch, a1 never reverted) and v1.1.1 (next patch 26 days
    # later) did not fail: 1 of 3.
    # April: v1.2.0 failed (v1.2.1 "fix crash", 7.5 days later): 2 Apr 12:00 -> 10 Apr
    # 00:00 = 180 h; v1.2.1 failed (a5 reverted a day later) and no release holds the
    # revert yet: 2 of 3, 1 restored.
    assert _table(_rows(db_path, "delivery"), *keys) == [
        ("2021-03-01", 3, 1, 0.333, 1, 84.0),
        ("2021-04-01", 3, 2, 0.667, 1, 180.0),
    ]
    # per release: v1.1.0 restored in 84 h, v1.2.0 in 180 h, v1.2.1 not yet
    assert _table(_rows(db_path, "releases"), "tag", "failed", "time-to-restore-hours") == [
        ("v1.0.0", False, None),
        ("v1.1.0", True, 84.0),
        ("v1.1.1", False, None),
        ("v1.1.2", False, None),
        ("v1.2.0", True, 180.0),
        ("v1.2.1", True, None),
    ]
    # within 7 days: v1.2.1 at 7.5 days is no longer v1.2.0's fix
    assert _table(_rows(db_path, "delivery", "--failure-days", "7"), *keys) == [
        ("2021-03-01", 3, 1, 0.333, 1, 84.0),
        ("2021-04-01", 3, 1, 0.333, 0, None),
    ]


def test_team_keeps_the_releases_of_its_repositories(make_repo: Any, tmp_path: Path) -> None:
    api, web = make_repo("api"), make_repo("web")
    _tag(api, "v1.0", api.commit("a", files={"a": "1\n"}, date="2021-01-04T00:00:00+00:00"))
    _tag(web, "v2.0", web.commit("w", files={"w": "1\n"}, date="2021-01-05T00:00:00+00:00"))
    config = tmp_path / "techlead.toml"
    config.write_text(
        f"[[repos]]\npath = '{api.path}'\nteam = 'pay'\n\n"
        f"[[repos]]\npath = '{web.path}'\nteam = 'front'\n"
    )
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    assert _table(_rows(db, "releases", "--team", "pay"), "repo", "tag") == [("api", "v1.0")]
    # both repositories' releases in January 2021 without --team; web's alone with front
    assert _table(_rows(db, "delivery"), "period", "releases") == [("2021-01-01", 2)]
    assert _table(_rows(db, "delivery", "--team", "front"), "period", "releases") == [
        ("2021-01-01", 1)
    ]
