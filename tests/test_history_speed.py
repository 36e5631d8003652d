"""Past blobs kept in the warehouse (warehouse.past_blobs, tables ``past_files`` and
``past_functions``): a past version of a file measured for a history is never measured
again, and the values stay those of the ``--until`` analyses.

Repository ``r`` (12:00 UTC), a.py in three versions, b.py unchanged (no functions):
  2020-01-10 v1: f (if: cyclomatic 2)                      -> total 2
  2020-02-10 v2: f, g (1)                                  -> total 3
  2020-03-10 v3: f, g, h (for + if: 3)                     -> total 6 (HEAD)
Monthly ends 2020-02-01 (v1), 2020-03-01 (v2), 2020-04-01 (v3). a.py is the only ranked
hotspot, so hotspot-complexity-total is a.py's total cyclomatic complexity: 2, 3, 6.
v1 and v2 are past blobs (HEAD holds v3): measured once, kept with their functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.warehouse.schema import SCHEMA_VERSION

from conftest import GitRepo, run_cli, scan_json

F = "def f(x):\n    if x:\n        return 1\n    return 0\n"
G = "\n\ndef g(y):\n    return y\n"
H = "\n\ndef h(z):\n    for i in z:\n        if i:\n            return i\n    return None\n"
MONTHS = ["2020-02-01", "2020-03-01", "2020-04-01"]


def build(repo: GitRepo) -> None:
    repo.commit("v1", date="2020-01-10T12:00:00+00:00", files={"a.py": F, "b.py": "b = 1\n"})
    repo.commit("v2", date="2020-02-10T12:00:00+00:00", files={"a.py": F + G})
    repo.commit("v3", date="2020-03-10T12:00:00+00:00", files={"a.py": F + G + H})


@pytest.fixture
def db(make_repo: Any, db_path: Path) -> Path:
    build(make_repo("r"))
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-04-01")
    return db_path


def history(db: Path, metric: str = "hotspot-complexity-total") -> list[tuple[str, Any]]:
    result = run_cli("history", metric, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["date"], r["value"]) for r in json.loads(result.stdout)["rows"]]


def functions_until(db: Path, until: str) -> list[tuple[Any, ...]]:
    result = run_cli("complexity", "--by", "function", "--until", until, "--db", str(db),
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    return sorted((r["entity"], r["function"], r["line"], r["cyclomatic"]) for r in rows)


def sql(db: Path, query: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db))
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_past_blobs_are_kept_with_their_functions(db: Path) -> None:
    assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))
    kept = sql(db, "SELECT path, functions, cyclomatic_total FROM past_files ORDER BY ALL")
    assert kept == [("a.py", 1, 2), ("a.py", 2, 3)]  # v1 and v2; b.py and v3 are HEAD's
    names = sql(db, "SELECT name, cyclomatic FROM past_functions ORDER BY ALL")
    assert names == [("f", 2), ("f", 2), ("g", 1)]


def test_a_kept_blob_is_not_measured_again(db: Path) -> None:
    history(db)
    # what the next history shows comes from the kept measures: changed there, it shows
    sql(db, "UPDATE past_files SET cyclomatic_total = cyclomatic_total * 100")
    sql(db, "DELETE FROM metric_cache")
    assert history(db) == list(zip(MONTHS, [200.0, 300.0, 6.0], strict=True))


def test_values_equal_the_until_analyses_before_and_after_the_store(db: Path) -> None:
    before = {m: functions_until(db, m) for m in MONTHS[:2]}
    assert before["2020-02-01"] == [("a.py", "f", 1, 2)]
    assert before["2020-03-01"] == [("a.py", "f", 1, 2), ("a.py", "g", 7, 1)]
    history(db)  # keeps v1 and v2
    assert sql(db, "SELECT count(*) FROM past_files") == [(2,)]
    assert {m: functions_until(db, m) for m in MONTHS[:2]} == before


def test_a_blob_head_holds_again_is_not_counted_twice(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("r")
    build(repo)
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-04-01")
    history(db_path)  # keeps v1 and v2
    repo.commit("back to v1", date="2020-04-10T12:00:00+00:00", files={"a.py": F})
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-05-01")
    # HEAD holds v1 again: its functions come once, from HEAD
    assert functions_until(db_path, "2020-02-01") == [("a.py", "f", 1, 2)]
    assert history(db_path)[:3] == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))


def test_a_read_only_warehouse_loses_nothing_but_time(db: Path) -> None:
    db.chmod(0o444)
    try:
        assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))
    finally:
        db.chmod(0o644)
    assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))


def test_a_schema_13_warehouse_gets_the_store_on_the_next_scan(db: Path) -> None:
    sql(db, "DROP TABLE past_files")
    sql(db, "DROP TABLE past_functions")
    sql(db, "UPDATE techlead_meta SET value = '13' WHERE key = 'schema_version'")
    result = run_cli("history", "hotspot-complexity-total", "--db", str(db))
    assert result.exit_code != 0
    assert "schema version 13" in result.output
    scan_json(str(db.parent.parent / "r"), "--db", str(db), "--now", "2020-04-01")
    version = sql(db, "SELECT value FROM techlead_meta WHERE key = 'schema_version'")
    assert version == [(str(SCHEMA_VERSION),)]
    assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))
    assert sql(db, "SELECT count(*) FROM past_files") == [(2,)]


@pytest.fixture
def untrended(make_repo: Any, db_path: Path) -> Path:
    """``db`` without the complexity trends' samples: no past blob is known yet."""
    build(make_repo("r"))
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-04-01",
              "--trend-files", "0")  # fmt: skip
    assert sql(db_path, "SELECT count(*) FROM past_files") == [(0,)]
    return db_path


def test_a_history_measures_each_group_of_dates_while_the_previous_one_is_computed(
    untrended: Path,
) -> None:
    from datetime import datetime

    from techlead.analyses import as_of_batches
    from techlead.warehouse.connection import open_warehouse

    def seen() -> list[tuple[Any, ...]]:
        query = "SELECT path, functions, cyclomatic_total FROM as_of_seen_files ORDER BY ALL"
        return con.execute(query).fetchall()

    db = untrended
    con = open_warehouse(db)
    try:
        dates = [datetime.fromisoformat(f"{m}T00:00:00+00:00") for m in MONTHS]
        # groups: the first date, then one date each (3 dates < GROUPS)
        assert as_of_batches._groups(dates) == [[d] for d in dates]
        ready = as_of_batches.premeasured(con, dates, ())
        # the first date is handed out once v1 of a.py is known (b.py is HEAD's); v2,
        # the next date's, is being measured and not known yet
        assert next(ready) == dates[0]
        assert seen() == [("a.py", 1, 2)]
        assert next(ready) == dates[1]
        assert seen() == [("a.py", 1, 2), ("a.py", 2, 3)]
        # v3 is HEAD's: nothing to read for the last date
        assert list(ready) == dates[2:]
        # a second history finds nothing new to read
        assert list(as_of_batches.premeasured(con, dates, ())) == dates
        assert seen() == [("a.py", 1, 2), ("a.py", 2, 3)]
    finally:
        con.close()
    assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))


def test_a_history_stopped_early_drops_what_was_being_measured(untrended: Path) -> None:
    from datetime import datetime

    from techlead.analyses import as_of_batches
    from techlead.warehouse.connection import open_warehouse

    db = untrended
    con = open_warehouse(db)
    try:
        dates = [datetime.fromisoformat(f"{m}T00:00:00+00:00") for m in MONTHS]
        ready = as_of_batches.premeasured(con, dates, ())
        assert next(ready) == dates[0]
        ready.close()  # v2 was being measured: dropped, not kept half-done
        found = con.execute("SELECT path, cyclomatic_total FROM as_of_seen_files").fetchall()
        assert found == [("a.py", 2)]
    finally:
        con.close()
    assert sql(db, "SELECT path, cyclomatic_total FROM past_files") == [("a.py", 2)]
    assert history(db) == list(zip(MONTHS, [2.0, 3.0, 6.0], strict=True))


def test_a_knowledge_history_reads_the_past_trees_of_every_repository_in_batches(
    make_repo: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repositories r and s, each built as above by Alice alone. Knowledge islands need
    the lines of each date's files, not their complexity: the history reads the past
    blobs (a.py v1 of 4 lines, v2 of 8; b.py and v3 are HEAD's) of both repositories in
    the batches, counted and not measured, and no date reads its tree from git itself.
    Alice, active at every date, wrote all of a.py and b.py in both: 4 islands at every
    date, as the --until analyses say."""
    from techlead.analyses import as_of_files

    paths = []
    for name in ("r", "s"):
        build(make_repo(name))
        paths.append(str(db_path.parent.parent / name))
    scan_json(*paths, "--db", str(db_path), "--now", "2020-04-01", "--trend-files", "0")
    assert sql(db_path, "SELECT count(*) FROM past_files") == [(0,)]

    def read_alone(*_: Any) -> None:
        raise AssertionError("a date read its own tree from git")

    with monkeypatch.context() as patched:
        patched.setattr(as_of_files, "_read", read_alone)
        assert history(db_path, "knowledge-islands") == [(m, 4.0) for m in MONTHS]
    kept = sql(db_path, "SELECT r.name, p.path, p.lines, p.cyclomatic_total FROM past_files p "
                        "JOIN repos r USING (repo_id) ORDER BY ALL")  # fmt: skip
    assert kept == [("r", "a.py", 4, None), ("r", "a.py", 8, None),
                    ("s", "a.py", 4, None), ("s", "a.py", 8, None)]  # fmt: skip
    for month in MONTHS:
        result = run_cli("knowledge", "--view", "islands", "--until", month, "--db",
                         str(db_path), "--format", "json")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)["rows"]) == 4
    # counted blobs are measured when a metric needs their complexity: r's and s's a.py
    # are the two hotspots, of 2, 3, 6 each: totals 4, 6, 12
    assert history(db_path) == list(zip(MONTHS, [4.0, 6.0, 12.0], strict=True))


T1 = "def test_f():\n    assert f(1)\n"
T2 = T1 + "\n\ndef test_g():\n    for i in range(3):\n        assert g(i)\n"


def test_a_production_metric_measures_only_production_files(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # r as above plus tests/test_a.py (role test) in two versions: v1 with the first
    # commit, v2 with the second; HEAD holds v2. code-health reads production files only,
    # so its history measures the past versions of a.py (v1, v2) and only counts the past
    # version of tests/test_a.py (T1, 2 lines): its facts are kept without a measure.
    repo = make_repo("r")
    repo.commit("v1", date="2020-01-10T12:00:00+00:00",
                files={"a.py": F, "b.py": "b = 1\n", "tests/test_a.py": T1})  # fmt: skip
    repo.commit("v2", date="2020-02-10T12:00:00+00:00",
                files={"a.py": F + G, "tests/test_a.py": T2})  # fmt: skip
    repo.commit("v3", date="2020-03-10T12:00:00+00:00", files={"a.py": F + G + H})
    # no trend samples: the scan would measure the hotspots' past versions itself
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-04-01", "--trend-files", "0")
    assert sql(db_path, "SELECT count(*) FROM past_files") == [(0,)]
    whole = tmp_path / "whole.duckdb"
    whole.write_bytes(db_path.read_bytes())
    found = history(db_path, "code-health")
    kept = sql(db_path, "SELECT path, lines, functions FROM past_files ORDER BY ALL")
    assert kept == [("a.py", 4, 1), ("a.py", 8, 2), ("tests/test_a.py", 2, None)]
    # the same values as a history that measures every file (one truth)
    from dataclasses import replace

    from techlead.direction import catalogue

    every = replace(catalogue.CATALOGUE["code-health"], measured_roles=())
    monkeypatch.setitem(catalogue.CATALOGUE, "code-health", every)
    assert history(whole, "code-health") == found
    kept = sql(whole, "SELECT path, functions FROM past_files ORDER BY ALL")
    assert kept == [("a.py", 1), ("a.py", 2), ("tests/test_a.py", 1)]
    monkeypatch.undo()
    # a metric of every role measures the test's past version it had only counted (the
    # counted row stays beside the measured one: readers take a measured row's values)
    history(db_path, "hotspot-complexity-total")
    kept = sql(db_path, "SELECT path, functions FROM past_files ORDER BY ALL")
    assert kept == [("a.py", 1), ("a.py", 2), ("tests/test_a.py", 1), ("tests/test_a.py", None)]
