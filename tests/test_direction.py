"""The metric catalogue and each metric's history (docs/direction.md).

History (12:00 UTC, January 2020), as in tests/analyses/test_as_of.py:
  day 1  main     Alice  adds calc.py and old.py
  day 2  feature  Bob    adds feature.py (merged on day 5)
  day 3  main     Alice  changes calc.py
  day 5  main     Alice  merges feature (--no-ff)
  day 6  main     Alice  deletes old.py; changes calc.py
Weekly period ends: 2020-01-06 (Monday; the merge of day 5 is the snapshot) and
2020-01-13 (HEAD).
  truck-factor: on the 6th calc.py, old.py (Alice) and feature.py (Bob): removing Alice
    orphans 2 of 3 -> 1. At HEAD calc.py (Alice) and feature.py (Bob): removing one
    orphans 1 of 2, not more than half -> 2.
  commits (authored in the 90 days before, landed): on the 6th one, feat, two, merge = 4;
    at HEAD 5.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ALICE, BOB, GitRepo, query_db, run_cli, scan_json


def build(repo: GitRepo) -> None:
    repo.commit("one", date="2020-01-01T12:00:00+00:00",
                files={"calc.py": "def f(x):\n    return x\n", "old.py": "x = 1\n"})  # fmt: skip
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feat", author=BOB, date="2020-01-02T12:00:00+00:00",
                files={"feature.py": "def g():\n    return 2\n"})  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.commit("two", date="2020-01-03T12:00:00+00:00",
                files={"calc.py": "def f(x):\n    return x + 1\n"})  # fmt: skip
    repo.merge("feature", "merge feature", author=ALICE, date="2020-01-05T12:00:00+00:00")
    repo.git("rm", "-q", "old.py")
    three = "def f(x):\n    if x:\n        return 1\n    return 0\n"
    repo.commit("three", date="2020-01-06T12:00:00+00:00", files={"calc.py": three})


@pytest.fixture
def db(make_repo: Any, db_path: Path) -> Path:
    build(make_repo("r"))
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-01-20")
    return db_path


def document(*args: str) -> dict[str, Any]:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def points(db: Path, *args: str) -> list[tuple[str, str, float]]:
    rows = document("history", *args, "--db", str(db), "--format", "json")["rows"]
    return [(r["date"], r["scope"], r["value"]) for r in rows]


def test_history_by_week(db: Path) -> None:
    assert points(db, "truck-factor", "--every", "week") == [
        ("2020-01-06", "workspace", 1.0), ("2020-01-13", "workspace", 2.0),
    ]  # fmt: skip
    assert points(db, "commits", "--every", "week", "--repo", "r") == [
        ("2020-01-06", "r", 4.0), ("2020-01-13", "r", 5.0),
    ]  # fmt: skip
    # --until caps the last point at the date asked for.
    assert points(db, "truck-factor", "--every", "week", "--until", "2020-01-04") == [
        ("2020-01-04", "workspace", 1.0),
    ]


def test_a_history_value_is_the_analysis_with_until(db: Path) -> None:
    # The value on a date is what the analysis says with --until that date.
    for day in ("2020-01-02", "2020-01-04", "2020-01-06", "2020-01-07"):
        [(_, _, value)] = points(db, "truck-factor", "--every", "year", "--until", day)
        rows = document("truck-factor", "--until", day, "--db", str(db), "--format", "json")
        assert value == rows["rows"][0]["truck-factor"], day
        [(_, _, islands)] = points(db, "knowledge-islands", "--every", "year", "--until", day)
        found = document("knowledge", "--view", "islands", "--until", day, "--db", str(db),
                         "--format", "json")  # fmt: skip
        assert islands == len(found["rows"]), day


def test_scans_record_every_metric(db: Path) -> None:
    # The scan (moment 2020-01-20) recorded each metric for the workspace and the repository;
    # the standards results are recorded only (not back-computed).
    recorded = points(db, "standards-pass-rate")
    assert [(d, s) for d, s, _ in recorded] == [("2020-01-20", "workspace")]
    # measured after the scan stored the standards results (else there were none: None)
    assert 0 <= recorded[0][2] <= 100
    # one value per metric and scope (one repository: the workspace and "r" for every
    # metric measured per repository), whichever side of the transaction measured it
    catalogue = document("metrics", "--format", "json")["rows"]
    rows = query_db(db, "SELECT metric, scope, count(*) FROM metric_history GROUP BY ALL")
    assert {(m, s) for m, s, _ in rows} == {
        (m["metric"], s) for m in catalogue for s in ("workspace", "r")
    }
    assert {n for _, _, n in rows} == {1}


def test_catalogue_and_bad_input(db: Path) -> None:
    catalogue = document("metrics", "--format", "json")["rows"]
    assert [m["metric"] for m in catalogue][:3] == ["truck-factor", "lost-share",
                                                    "knowledge-islands"]  # fmt: skip
    assert all(m["better"] in ("higher", "lower") for m in catalogue)
    unknown = run_cli("history", "bus-factor", "--db", str(db))
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("techlead: error: unknown metric 'bus-factor'")
    wrong = run_cli("history", "commits", "--component", "src", "--db", str(db))
    assert wrong.exit_code == 2 and "commits is not measured per component" in wrong.stderr


def test_lights_say_what_changed_since_the_previous_scan(make_repo: Any, db_path: Path) -> None:
    # Scan 1 (moment 2020-01-10): Alice wrote a.py and b.py: truck factor 1. Bob then adds
    # c.py and d.py; scan 2 (2020-01-20): Alice 2 files, Bob 2: removing one orphans 2 of 4,
    # not more than half -> truck factor 2. Nobody has left: code by people who left stays
    # 0% and is not said.
    repo = make_repo("two")
    repo.commit("a", date="2020-01-01T12:00:00+00:00", files={"a.py": "a = 1\n"})
    repo.commit("b", date="2020-01-02T12:00:00+00:00", files={"b.py": "b = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-01-10")
    first = run_cli("brief", "--db", str(db_path)).stdout
    assert "Since the scan" not in first and "Unchanged since" not in first
    repo.commit("c", author=BOB, date="2020-01-11T12:00:00+00:00", files={"c.py": "c = 1\n"})
    repo.commit("d", author=BOB, date="2020-01-12T12:00:00+00:00", files={"d.py": "d = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-01-20")
    lines = run_cli("brief", "--db", str(db_path)).stdout.splitlines()
    knowledge = next(line for line in lines if "Knowledge (" in line)
    assert knowledge.endswith("Since the scan of 2020-01-10: truck factor 1 → 2."), knowledge
    # The standards' truck-factor check (at least 2) passes now: 3 of 15 applicable checks
    # passed, now 4 of 15.
    standards = next(line for line in lines if "Standards (" in line)
    assert "Since the scan of 2020-01-10: checks passed 20% → 26.7%." in standards


def test_the_truck_factor_is_one_number_wherever_it_is_said(make_repo: Any, db_path: Path) -> None:
    # Production: a.py by Alice, b.py by Carol; tests: three files by Bob. Of the production
    # code, removing one of Alice and Carol orphans 1 of 2 (not more than half), both 2 of
    # 2: truck factor 2. Counting the tests, removing Bob (3 files) orphans 3 of 5: 1. The
    # knowledge light, the metric (and its history) and the standards check all say 2.
    from conftest import CAROL

    repo = make_repo("r")
    repo.commit("a", date="2020-01-01T12:00:00+00:00", files={"a.py": "a = 1\n"})
    repo.commit("b", author=CAROL, date="2020-01-02T12:00:00+00:00", files={"b.py": "b = 1\n"})
    repo.commit("t", author=BOB, date="2020-01-03T12:00:00+00:00", files={
        f"tests/test_{n}.py": f"def test_{n}():\n    pass\n" for n in "abc"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-01-10")
    brief = document("brief", "--db", str(db_path), "--format", "json")
    knowledge = next(light for light in brief["lights"] if light["area"] == "Knowledge")
    assert knowledge["sentence"].startswith("The truck factor of r is 2;"), knowledge
    [(_, _, value)] = points(db_path, "truck-factor", "--every", "year")
    assert value == 2
    recorded = query_db(db_path, "SELECT value FROM metric_history "
                        "WHERE metric = 'truck-factor' AND scope = 'workspace'")  # fmt: skip
    assert recorded == [(2.0,)]
    evidence = query_db(db_path, "SELECT evidence FROM standards_snapshots "
                        "WHERE check_id = 'truck-factor'")  # fmt: skip
    assert evidence == [("truck factor 2",)]
    # counting the tests it would be 1: the command's own default keeps every role
    rows = document("truck-factor", "--db", str(db_path), "--format", "json")["rows"]
    assert {r["truck-factor"] for r in rows} == {1}
