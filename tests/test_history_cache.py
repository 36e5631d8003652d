"""The persistent cache of metric history (direction.history_cache, docs/direction.md
"History"), and values that depend on the moment (``Metric.dated``).

History of repository ``r`` (12:00 UTC): Alice commits on 2020-01-01 (a.py) and 2020-01-20
(b.py), Bob on 2020-07-15 (c.py). Monthly period ends 2020-02-01 ... 2020-08-01.
  commits (authored in the 90 days before the date): Feb 1 and Mar 1: 2; Apr 1 (90 days
    back is Jan 2): 1; May 1, Jun 1, Jul 1: 0; Aug 1: 1. Feb 1 to Jul 1 select the same
    snapshot (Alice's second commit), so only a value that depends on the date tells them
    apart.
  truck-factor: Alice alone until Bob's c.py: 1 every month; on Aug 1 Alice 2 files, Bob
    1: removing Alice orphans 2 of 3 -> 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.analyses.as_of import dated_snapshots, snapshots

from conftest import BOB, GitRepo, run_cli, scan_json

MONTHS = ["2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01",
          "2020-07-01", "2020-08-01"]  # fmt: skip


def build(repo: GitRepo) -> None:
    repo.commit("a", date="2020-01-01T12:00:00+00:00", files={"a.py": "a = 1\n"})
    repo.commit("b", date="2020-01-20T12:00:00+00:00", files={"b.py": "b = 1\n"})
    repo.commit("c", author=BOB, date="2020-07-15T12:00:00+00:00", files={"c.py": "c = 1\n"})


@pytest.fixture
def db(make_repo: Any, db_path: Path) -> Path:
    build(make_repo("r"))
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-08-01")
    return db_path


def values(db: Path, *args: str) -> list[tuple[str, float | None]]:
    result = run_cli("history", *args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["date"], r["value"]) for r in json.loads(result.stdout)["rows"]]


def cached(db: Path, sql: str = "SELECT metric, scope, snapshot, value FROM metric_cache "
           "ORDER BY ALL") -> list[tuple[Any, ...]]:  # fmt: skip
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_dates_that_select_one_snapshot_keep_their_own_dated_value(db: Path) -> None:
    found = values(db, "commits", "--repo", "r")
    assert found == list(zip(MONTHS, [2.0, 2.0, 1.0, 0.0, 0.0, 0.0, 1.0], strict=True))
    # the same from the cache
    assert values(db, "commits", "--repo", "r") == found


def test_values_are_kept_per_snapshot_and_served_from_the_warehouse(db: Path) -> None:
    assert values(db, "truck-factor") == [(m, 1.0) for m in MONTHS]
    rows = cached(db)
    # two snapshots (Alice's second commit for Feb to Jul, Bob's for Aug): two values
    assert [(m, s, v) for m, s, _, v in rows] == [("truck-factor", "workspace", 1.0)] * 2
    # a dated metric keeps one value per date
    values(db, "commits", "--repo", "r")
    assert len(cached(db, "SELECT * FROM metric_cache WHERE metric = 'commits'")) == 7
    # the next history reads them: a value changed in the table is what it shows
    _write(db, "UPDATE metric_cache SET value = 9 WHERE metric = 'truck-factor'")
    assert values(db, "truck-factor") == [(m, 9.0) for m in MONTHS]


def test_a_changed_policy_is_never_served_a_stale_value(db: Path, tmp_path: Path) -> None:
    values(db, "truck-factor")
    _write(db, "UPDATE metric_cache SET value = 9")
    # the stored policy is part of the fingerprint: another policy recomputes
    _write(db, "INSERT INTO policy VALUES ('inactive_days', '2', 'test')")
    assert values(db, "truck-factor") == [(m, 1.0) for m in MONTHS]
    # and the other fingerprint's rows are gone
    assert [v for *_, v in cached(db)] == [1.0, 1.0]


def test_a_scan_that_changes_a_repository_drops_its_values(make_repo: Any, db_path: Path) -> None:
    one, two = make_repo("one"), make_repo("two")
    build(one)
    two.commit("x", date="2020-03-01T12:00:00+00:00", files={"x.py": "x = 1\n"})
    scan_json(str(one.path), str(two.path), "--db", str(db_path), "--now", "2020-08-01")
    values(db_path, "truck-factor")
    values(db_path, "truck-factor", "--repo", "one")
    values(db_path, "truck-factor", "--repo", "two")
    scopes = "SELECT DISTINCT scope FROM metric_cache ORDER BY scope"
    assert cached(db_path, scopes) == [("one",), ("two",), ("workspace",)]
    # a scan that changes nothing keeps them
    scan_json(str(one.path), str(two.path), "--db", str(db_path), "--now", "2020-08-01")
    assert cached(db_path, scopes) == [("one",), ("two",), ("workspace",)]
    # a new commit in two drops the values of two and of the workspace, not of one
    two.commit("y", date="2020-08-02T12:00:00+00:00", files={"y.py": "y = 1\n"})
    scan_json(str(one.path), str(two.path), "--db", str(db_path), "--now", "2020-08-03")
    assert cached(db_path, scopes) == [("one",)]


def test_a_warehouse_another_process_holds_still_answers(db: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], "
         "read_only=True); print('open', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        # the cache cannot be written while another process reads: history still answers
        assert values(db, "truck-factor") == [(m, 1.0) for m in MONTHS]
    finally:
        holder.communicate("")
    assert cached(db) == []
    assert values(db, "truck-factor") == [(m, 1.0) for m in MONTHS]
    assert len(cached(db)) == 2


def test_goals_keep_the_values_they_computed(db: Path, tmp_path: Path) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text('[[objective]]\nid = "O1"\ntitle = "t"\n\n[[objective.key_result]]\n'
                     'metric = "truck-factor"\ntarget = 2\ndeadline = 2021-01-01\n')  # fmt: skip
    first = run_cli("goals", "--file", str(goals), "--db", str(db), "--format", "json")
    assert first.exit_code == 0, first.output
    assert cached(db, "SELECT DISTINCT metric FROM metric_cache") == [("truck-factor",)]
    again = run_cli("goals", "--file", str(goals), "--db", str(db), "--format", "json")
    assert json.loads(again.stdout) == json.loads(first.stdout)


def _write(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 50), min_size=0, max_size=30),
    st.lists(st.integers(-2, 53), min_size=1, max_size=10),
    st.booleans(),
)
def test_the_snapshots_of_many_dates_are_those_of_each_date(
    days: list[int], dates: list[int], lineless: bool
) -> None:
    # Repository b: main-line commits at positions 1..n with any commit times (clocks are
    # not ordered); repository a: the same shifted by a week, to check the order by name.
    # The snapshot as of a date is the highest position committed before it, and one
    # query for all the dates finds what as_of.snapshots finds for each. A repository
    # without a main line (c, or a and b without commits) makes the dates select commits
    # by date too.
    start = datetime(2020, 1, 1, tzinfo=UTC)
    commits = [(i + 1, start.replace(day=1 + d % 28, month=1 + d // 28))
               for i, d in enumerate(days)]  # fmt: skip
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE repos (repo_id INTEGER, name VARCHAR, path VARCHAR)")
        con.execute("CREATE TABLE landings (repo_id INTEGER, sha VARCHAR, position INTEGER, "
                    "landed INTEGER)")  # fmt: skip
        con.execute("CREATE TABLE commits (repo_id INTEGER, sha VARCHAR, "
                    "commit_time TIMESTAMPTZ)")  # fmt: skip
        con.execute("INSERT INTO repos VALUES (1, 'b', '/b'), (2, 'a', '/a')")
        if lineless:
            con.execute("INSERT INTO repos VALUES (3, 'c', '/c')")
        for repo_id, shift in ((1, 0), (2, 7)):
            for position, when in commits:
                sha = f"{repo_id}-{position}"
                con.execute("INSERT INTO landings VALUES (?, ?, ?, ?)",
                            [repo_id, sha, position, position])  # fmt: skip
                con.execute("INSERT INTO commits VALUES (?, ?, ?)",
                            [repo_id, sha, when + timedelta(days=shift)])  # fmt: skip
        moments = [start.replace(day=1 + abs(d) % 28, month=1 + min(abs(d) // 28, 11))
                   for d in dates]  # fmt: skip
        selected, by_date = dated_snapshots(con, moments)
        assert by_date == (lineless or not commits)
        for when in moments:
            expected = []
            for repo_id, shift in ((2, 7), (1, 0)):  # a before b
                before = [p for p, t in commits if t + timedelta(days=shift) < when]
                if before:
                    expected.append(f"{repo_id}-{max(before)}")
            assert selected[when] == tuple(expected)
            assert selected[when] == tuple(s.sha for s in snapshots(con, when))
    finally:
        con.close()


def test_past_blobs_read_once_give_the_values_of_a_fresh_read(
    make_repo: Any, db_path: Path
) -> None:
    # calc.py's first version (one branch) is at the snapshots of Feb 1 and Mar 1 but not
    # at HEAD: read for Feb 1, reused for Mar 1. Each history value equals the metric
    # measured alone, on a fresh connection, as of that date.
    # hotspot-complexity-max: calc.py's cyclomatic complexity 2, 2, 3 (two branches), 1.
    # commits in the 90 days before: Feb 1: a; Mar 1: a, b; Apr 1 (Jan 1 12:00 is 90.5
    # days back): b, c; May 1: b, c, d.
    from techlead.direction.catalogue import Scope, measure
    from techlead.warehouse.connection import open_warehouse

    repo = make_repo("c")
    one = "def f(x):\n    if x:\n        return 1\n    return 0\n"
    two = "def f(x):\n    if x:\n        return 1\n    if x > 2:\n        return 2\n    return 0\n"
    repo.commit("a", date="2020-01-01T12:00:00+00:00", files={"calc.py": one, "u.py": "u = 1\n"})
    repo.commit("b", date="2020-02-10T12:00:00+00:00", files={"u.py": "u = 2\n"})
    repo.commit("c", author=BOB, date="2020-03-10T12:00:00+00:00", files={"calc.py": two})
    repo.commit(
        "d", date="2020-04-10T12:00:00+00:00", files={"calc.py": "def f(x):\n    return x\n"}
    )
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-05-01")
    for name in ("hotspot-complexity-max", "hotspot-complexity-total", "lost-share", "commits"):
        found = values(db_path, name)
        assert [d for d, _ in found] == ["2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01"]
        for day, value in found:
            con = open_warehouse(db_path, read_only=True)
            try:
                when = datetime.fromisoformat(day).replace(tzinfo=UTC)
                alone = measure(con, name, Scope(), when, until=True)
            finally:
                con.close()
            assert value == alone, (name, day)
    assert [v for _, v in values(db_path, "hotspot-complexity-max")] == [2.0, 2.0, 3.0, 1.0]
    assert [v for _, v in values(db_path, "commits")] == [1.0, 2.0, 2.0, 3.0]
