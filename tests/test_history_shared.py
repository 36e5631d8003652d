"""A date's change history cut from one shared history (changes.sharing,
analyses/changes_cut.py) is the one prepared for that date alone.

Repository ``r`` (12:00 UTC, commit time = author time):
  2020-01-10 Alice  adds a.py and doc.md                       (main line 1)
  2020-02-10 Alice  renames a.py -> b.py                        (main line 2)
  2020-02-15 Bob    edits b.py on branch ``feature`` (from 2)
  2020-03-10 Alice  edits doc.md                                (main line 3)
  2020-04-10 Alice  merges ``feature``: Bob's edit lands here   (main line 4)
  2020-05-10 Alice  renames b.py -> c.py                        (main line 5)
Monthly ends 2020-02-01 ... 2020-06-01 select main lines 1 ... 5. The changes as of each
(author, path after the renames landed by then, the path changed), worked out by hand:
  02-01: Alice a.py (a.py), Alice doc.md                       no rename landed yet
  03-01: a.py's change is b.py's now; the rename itself is a change of b.py; Bob's edit
         (authored 02-15) has not landed
  04-01: + Alice's second doc.md change; Bob's edit still on its branch
  05-01: + Bob's edit of b.py (landed with the merge; merges have no changes)
  06-01: b.py -> c.py landed: every change of a.py and b.py belongs to c.py, and the
         second rename is a change of c.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.analyses import changes
from techlead.core.model import Options
from techlead.warehouse.connection import open_warehouse

from conftest import BOB, GitRepo, scan_json

A, B = "Alice Smith", "Bob Jones"
EXPECTED = {
    "2020-02-01": [(A, "a.py", "a.py"), (A, "doc.md", "doc.md")],
    "2020-03-01": [(A, "b.py", "a.py"), (A, "b.py", "b.py"), (A, "doc.md", "doc.md")],
    "2020-04-01": [(A, "b.py", "a.py"), (A, "b.py", "b.py"), (A, "doc.md", "doc.md"),
                   (A, "doc.md", "doc.md")],
    "2020-05-01": [(A, "b.py", "a.py"), (A, "b.py", "b.py"), (A, "doc.md", "doc.md"),
                   (A, "doc.md", "doc.md"), (B, "b.py", "b.py")],
    "2020-06-01": [(A, "c.py", "a.py"), (A, "c.py", "b.py"), (A, "c.py", "c.py"),
                   (A, "doc.md", "doc.md"), (A, "doc.md", "doc.md"), (B, "c.py", "b.py")],
}  # fmt: skip


def build(repo: GitRepo) -> None:
    repo.commit("add", date="2020-01-10T12:00:00+00:00",
                files={"a.py": "x = 1\ny = 2\nz = 3\n", "doc.md": "# doc\n"})  # fmt: skip
    repo.git("mv", "a.py", "b.py")
    repo.commit("move", date="2020-02-10T12:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("bob", author=BOB, date="2020-02-15T12:00:00+00:00",
                files={"b.py": "x = 1\ny = 2\nz = 3\nw = 4\n"})  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.commit("doc", date="2020-03-10T12:00:00+00:00", files={"doc.md": "# doc\n\nmore\n"})
    repo.merge("feature", "merge", date="2020-04-10T12:00:00+00:00")
    repo.git("mv", "b.py", "c.py")
    repo.commit("move again", date="2020-05-10T12:00:00+00:00")


@pytest.fixture
def db(make_repo: Any, db_path: Path) -> Path:
    build(make_repo("r"))
    scan_json(str(db_path.parent.parent / "r"), "--db", str(db_path), "--now", "2020-06-01")
    return db_path


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T00:00:00+00:00")


def changed(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str]]:
    rows = con.execute(f"SELECT author, path, original_path FROM {table} ORDER BY ALL")
    return [(str(a), str(p), str(o)) for a, p, o in rows.fetchall()]


def every_row(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return con.execute(f"FROM {table} ORDER BY ALL").fetchall()


def test_each_date_cut_from_the_shared_history_is_its_own(db: Path) -> None:
    alone, shared = open_warehouse(db, read_only=True), open_warehouse(db, read_only=True)
    try:
        with changes.sharing(shared):
            for day, expected in EXPECTED.items():
                options = Options(until=at(day))
                own = changes.prepare(alone, options)  # built for the date alone
                cut = changes.prepare(shared, options)  # cut from the shared history
                assert changed(alone, own) == expected, day
                assert changed(shared, cut) == expected, day
                # every column, row for row (components, roles, times, lines)
                assert every_row(shared, cut) == every_row(alone, own), day
                assert [c[0] for c in shared.execute(f"DESCRIBE {cut}").fetchall()] == [
                    c[0] for c in alone.execute(f"DESCRIBE {own}").fetchall()
                ]
    finally:
        alone.close()
        shared.close()


def test_since_narrowing_and_no_renames_cut_alike(db: Path) -> None:
    alone, shared = open_warehouse(db, read_only=True), open_warehouse(db, read_only=True)
    variants = [
        # authored from 02-12: Bob's edit, the second doc.md change, the second rename
        (Options(until=at("2020-06-01"), since=at("2020-02-12")),
         [(A, "c.py", "c.py"), (A, "doc.md", "doc.md"), (B, "c.py", "b.py")]),
        # --path c.py as of 06-01: the changes the renames bring to c.py
        (Options(until=at("2020-06-01"), paths=("c.py",)),
         [(A, "c.py", "a.py"), (A, "c.py", "b.py"), (A, "c.py", "c.py"), (B, "c.py", "b.py")]),
        # --no-renames: a rename is a deletion and an addition (git log --no-renames)
        (Options(until=at("2020-03-01"), follow_renames=False),
         [(A, "a.py", "a.py"), (A, "a.py", "a.py"), (A, "b.py", "b.py"),
          (A, "doc.md", "doc.md")]),
    ]  # fmt: skip
    try:
        with changes.sharing(shared):
            for options, expected in variants:
                own, cut = changes.prepare(alone, options), changes.prepare(shared, options)
                assert changed(shared, cut) == expected, options
                assert every_row(shared, cut) == every_row(alone, own), options
            # the shared tables live as long as the sharing
            assert _shared_tables(shared)
        assert not _shared_tables(shared)
    finally:
        alone.close()
        shared.close()


def test_a_history_equals_the_until_analyses_with_a_rename_and_a_late_merge(db: Path) -> None:
    from techlead.direction.catalogue import Scope, measure
    from techlead.direction.history import history

    con = open_warehouse(db, read_only=True)
    try:
        points = history(con, "knowledge-islands", Scope(), "month")
        # each date alone, outside any sharing: the analysis with --until that date
        alone = [measure(con, "knowledge-islands", Scope(), at(d), until=True) for d in EXPECTED]
    finally:
        con.close()
    # The code file (a.py, b.py, c.py; doc.md is not code) is an island while Alice wrote
    # all of its 3 lines (renames add none); from 05-01 Bob's landed line leaves her 3 of
    # 4 = 75% < the policy's 95%.
    assert [(p.date, p.value) for p in points] == list(
        zip(EXPECTED, [1.0, 1.0, 1.0, 0.0, 0.0], strict=True)
    )
    assert [p.value for p in points] == alone


def _shared_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary "
        "AND table_name LIKE 'analysis\\_shared\\_%' ESCAPE '\\'"
    ).fetchall()
    return [str(name) for (name,) in rows]
