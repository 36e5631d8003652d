"""The review standard: the standards check, the falling-review risk and the reviewed-share
metric on a hand-built history, each worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from techlead.core.errors import TechleadError
from techlead.core.model import Options
from techlead.core.policy import DEFAULT
from techlead.direction.catalogue import Scope, measure
from techlead.risk.review_source import review_risks
from techlead.standards import config as standards_config
from techlead.standards.context import RepoContext
from techlead.standards.review import reviewed
from techlead.standards.scorecard import checks_in_force
from techlead.warehouse.connection import open_warehouse

from conftest import BOB, run_cli, scan_json

NOW = datetime(2021, 1, 1, tzinfo=UTC)
# the policy's window: 90 days. Now: [2020-10-03, 2021-01-01); before: [2020-07-05,
# 2020-10-03)


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> dict[str, str]:
    repo = make_repo("jr")
    shas = {}
    for n in range(1, 6):  # before: five squash-merged pull requests, 2020-08-01 .. 05
        repo.commit(f"Feature {n} (#{n})", files={"f.py": f"{n}\n"},
                    date=f"2020-08-0{n}T12:00:00+00:00")  # fmt: skip
    # now: two pull requests, three direct changes (Bob's of 3 lines the newest)
    repo.commit("Feature 6 (#6)", files={"f.py": "6\n"}, date="2020-11-01T12:00:00+00:00")
    shas["d1"] = repo.commit("Hotfix", files={"g.py": "1\n"}, date="2020-11-02T12:00:00+00:00")
    repo.commit("Feature 7 (#7)", files={"f.py": "7\n"}, date="2020-11-03T12:00:00+00:00")
    shas["d2"] = repo.commit("Release 1.0", files={"v.txt": "1\n"},
                             date="2020-12-01T12:00:00+00:00")  # fmt: skip
    shas["d3"] = repo.commit("Tweak", author=BOB, files={"g.py": "1\n2\n3\n4\n"},
                             date="2020-12-02T12:00:00+00:00")  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    return shas


def test_the_check_fails_and_names_the_direct_changes(
    scanned: dict[str, str], db_path: Path
) -> None:
    con = open_warehouse(db_path, read_only=True)
    try:
        [(repo_id,)] = con.execute("SELECT repo_id FROM repos").fetchall()
        ctx = RepoContext(con, repo_id, "jr", db_path, NOW, NOW, policy=DEFAULT)
        passed, evidence = reviewed(ctx)[:2]
        # 2 of the 5 changes since 2020-10-03 are pull requests: 40% < 90%. The direct
        # ones newest first: Tweak (Bob; g.py 1 line -> 4: 3 added), Release 1.0 (1 line),
        # Hotfix (1 line)
        assert passed is False
        assert evidence == (
            "2 of 5 changes in the last 90 days landed reviewed (40%; at least 90% required); "
            f"direct: {scanned['d3'][:10]} 2020-12-02 Bob Jones: Tweak (3 lines); "
            f"{scanned['d2'][:10]} 2020-12-01 Alice Smith: Release 1.0 (1 line); "
            f"{scanned['d1'][:10]} 2020-11-02 Alice Smith: Hotfix (1 line)"
        )
        # on 2020-10-03 the window holds the five pull requests only: 100% passes
        ctx = RepoContext(con, repo_id, "jr", db_path, datetime(2020, 10, 3, tzinfo=UTC),
                          NOW, policy=DEFAULT)  # fmt: skip
        assert reviewed(ctx)[:2] == (
            True, "5 of 5 changes in the last 90 days landed reviewed (100%; at least 90% "
            "required)")  # fmt: skip
        # before any change: n/a
        ctx = RepoContext(con, repo_id, "jr", db_path, datetime(2019, 1, 1, tzinfo=UTC),
                          NOW, policy=DEFAULT)  # fmt: skip
        assert reviewed(ctx)[:2] == (None, "no change landed in the last 90 days")
    finally:
        con.close()


def test_no_review_process_git_can_see_is_not_judged(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("solo")
    repo.commit("One", files={"a": "1\n"}, date="2020-12-01T12:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    con = open_warehouse(db_path, read_only=True)
    try:
        [(repo_id,)] = con.execute("SELECT repo_id FROM repos").fetchall()
        passed, evidence = reviewed(RepoContext(con, repo_id, "solo", db_path, NOW, NOW))[:2]
    finally:
        con.close()
    # its one change is direct, but no change ever carried a review mark: n/a
    assert passed is None
    assert evidence.startswith("no change in the history landed through a pull request")


def test_the_risk_of_a_falling_share(scanned: dict[str, str], db_path: Path) -> None:
    con = open_warehouse(db_path, read_only=True)
    try:
        [risk] = review_risks(con, Options(), NOW)
        # 100% -> 40%: under 90%, fell 60 points (>= 25: likelihood 4), under 50% (impact 4)
        assert (risk.category, risk.repo, risk.title, risk.likelihood, risk.impact,
                risk.share) == ("review", "jr", "fewer changes to jr land reviewed: 100% → 40%",
                                4, 4, 0.4)  # fmt: skip
        assert risk.evidence.startswith(
            "2 of 5 changes in the last 90 days landed reviewed, 5 of 5 in the 90 days "
            f"before; direct: {scanned['d3'][:10]} (Bob Jones)"
        )
        # on 2020-10-03 the window before holds no change: no risk
        assert review_risks(con, Options(), datetime(2020, 10, 3, tzinfo=UTC)) == []
    finally:
        con.close()


@pytest.mark.parametrize(
    ("when", "since", "expected"),
    [("2021-01-01", "2020-10-03", 40.0), ("2020-10-03", "2020-07-05", 100.0)],
)
def test_the_metric_equals_review_until_the_date(
    scanned: dict[str, str], db_path: Path, when: str, since: str, expected: float
) -> None:
    moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    con = open_warehouse(db_path, read_only=True)
    try:
        value = measure(con, "reviewed-share", Scope("repository", "jr"), moment, True)
    finally:
        con.close()
    result = run_cli("review", "--db", str(db_path), "--format", "json", "--repo", "jr",
                     "--since", since, "--until", when)  # fmt: skip
    [row] = json.loads(result.stdout)["rows"]
    # 2/5 = 40% on 2021-01-01; 5/5 = 100% on 2020-10-03
    assert value == expected == round(100 * row["reviewed-share"], 1)


def test_the_level_of_the_check_is_configurable(tmp_path: Path, db_path: Path,
                                                scanned: dict[str, str]) -> None:  # fmt: skip
    config = tmp_path / "standards.toml"
    config.write_text('[review]\nlevel = "gold"\n')
    con = open_warehouse(db_path, read_only=True)
    try:
        default = {c.id: c for c in checks_in_force(con)}
        chosen = {c.id: c for c in checks_in_force(con, standards_config.load(config))}
    finally:
        con.close()
    assert default["review"].level == "silver"
    assert default["review"].title == (
        "at least 90% of the changes in the last 90 days landed reviewed"
    )
    assert chosen["review"].level == "gold"
    config.write_text('[review]\nlevel = "platinum"\n')
    with pytest.raises(TechleadError, match="level 'platinum' is not one of bronze"):
        standards_config.load(config)
