"""The hotspots whose trends a scan records, and their revisions, with renames followed.

The history (one commit a day, 2020-01-0N):
  c1 Alice  A old.py (f: cyclomatic 1), A b.py (g: one if, cyclomatic 2), A c.py (h: 1)
  c2 Bob    M old.py (f gains an if: cyclomatic 2)
  c3 bot    M b.py (g still has one if: cyclomatic 2)
  c4 Alice  R old.py -> mid.py
  c5 Carol  A old.py again: a new file reusing the old name (k: cyclomatic 1)
  c6 Bob    R mid.py -> new.py
  c7 Alice  M new.py (f gains an elif: cyclomatic 3)
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.mining.trends import start_trends

from conftest import ALICE, BOB, BOT, CAROL, GitRepo, query_db, scan_json

F1 = "def f(x):\n    return x\n"
F2 = "def f(x):\n    if x:\n        return 1\n    return x\n"
F3 = "def f(x):\n    if x:\n        return 1\n    elif x is None:\n        return 2\n    return x\n"
G = "def g(x):\n    if x:\n        return 1\n    return 0\n"
G_BOT = "def g(y):\n    if y:\n        return 1\n    return 0\n"
H = "def h():\n    return 0\n"
K = "def k():\n    return 1\n"


@pytest.fixture
def repo(make_repo: Any) -> GitRepo:
    repo: GitRepo = make_repo("trends")
    repo.commit("c1", author=ALICE, files={"old.py": F1, "b.py": G, "c.py": H})
    repo.commit("c2", author=BOB, files={"old.py": F2})
    repo.commit("c3", author=BOT, files={"b.py": G_BOT})
    repo.git("mv", "old.py", "mid.py")
    repo.commit("c4", author=ALICE)
    repo.commit("c5", author=CAROL, files={"old.py": K})
    repo.git("mv", "mid.py", "new.py")
    repo.commit("c6", author=BOB)
    repo.commit("c7", author=ALICE, files={"new.py": F3})
    return repo


def samples(db: Path) -> list[tuple[Any, ...]]:
    return query_db(
        db,
        "SELECT path, revision, revisions, old_path, cyclomatic FROM trend_samples "
        "ORDER BY path, revision",
    )


def test_trends_follow_renames_and_rank_without_bots(repo: GitRepo, db_path: Path) -> None:
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "2")
    # Ranking (revisions by people, renames followed, × cyclomatic at HEAD):
    # new.py: c1, c2 (to old.py, renamed at c4 to mid.py, at c6 to new.py), c4 (mid.py,
    # renamed at c6), c6, c7: 5 × 3 = 15; b.py: c1 only (c3 is a bot's): 1 × 2 = 2;
    # c.py 1 × 1 and old.py 1 × 1 (c5 only: the new file after the rename keeps its own
    # history). The top 2: new.py and b.py.
    # Samples: every revision (5 and 2, fewer than 12), bots' included, each with the
    # path it had then and the cyclomatic complexity of that version.
    assert samples(db_path) == [
        ("b.py", 1, 2, "b.py", 2),
        ("b.py", 2, 2, "b.py", 2),
        ("new.py", 1, 5, "old.py", 1),
        ("new.py", 2, 5, "old.py", 2),
        ("new.py", 3, 5, "mid.py", 2),
        ("new.py", 4, 5, "new.py", 2),
        ("new.py", 5, 5, "new.py", 3),
    ]


def test_trend_ties_rank_by_path(repo: GitRepo, db_path: Path) -> None:
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "3")
    # c.py and old.py tie at 1 × 1: the third file is c.py (path order). old.py's one
    # revision is c5's, not the history of the file that had the name before.
    chosen = {path for path, *_ in samples(db_path)}
    assert chosen == {"new.py", "b.py", "c.py"}
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "4")
    assert [r for r in samples(db_path) if r[0] == "old.py"] == [("old.py", 1, 1, "old.py", 1)]


def test_unfinished_trends_stop_and_store_nothing(repo: GitRepo, db_path: Path) -> None:
    """A scan that fails after the trends started measuring (their thread runs while the
    scan stores the rest) stops the measuring when it leaves: nothing more is stored and
    no thread is left, whether the measuring had ended or not."""
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "2")
    expected = samples(db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("DELETE FROM past_files")  # the past versions are to be read again
        with (
            pytest.raises(RuntimeError, match="the scan failed"),
            start_trends(con, 1, repo.path, 2, timedelta(days=365), {}),
        ):
            raise RuntimeError("the scan failed")
        assert not any(t.name == "trends" for t in threading.enumerate())
        assert con.execute("SELECT count(*) FROM past_files").fetchall() == [(0,)]
    finally:
        con.close()
    assert samples(db_path) == expected


def test_trends_measured_in_their_thread(repo: GitRepo, db_path: Path) -> None:
    """start_trends measures the samples missing from the cache in a thread; finish
    stores the same samples as a scan."""
    scan_json(str(repo.path), "--db", str(db_path), "--trend-files", "2")
    expected = samples(db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("DELETE FROM past_files")  # only HEAD's blobs are known
        with start_trends(con, 1, repo.path, 2, timedelta(days=365), {}) as pending:
            done = pending.finish(con)
        # Known at HEAD: (G_BOT, b.py), (F3, new.py). To measure: (G, b.py), (F1, old.py),
        # (F2, old.py), (F2, mid.py), (F2, new.py): 5 (blob, path) pairs of 3 blobs read.
        assert (done.files, done.samples, done.blobs_read, done.blobs_measured) == (2, 7, 3, 5)
    finally:
        con.close()
    assert samples(db_path) == expected
