"""A re-scan adds only what HEAD's main line gained (mining.mainline.MainlineTail) when the
stored main line's last commit is on it, and its rows equal those of the whole line read
anew; otherwise the whole line is read again.

History (12:00 UTC, January 2020; main-line positions in brackets):
  day 1  main     Alice  adds a.py (v1), old.py and keep.py                      [1]
  day 2  feature  Bob    adds feature.py (branched from day 1)
  day 3  main     Alice  changes a.py (v2)                                      [2]
  --- first scan: the stored main line ends at day 3
  day 5  main     Alice  merges feature                                         [3]
  day 6  main     Alice  renames keep.py to kept.py, deletes old.py, a.py v3     [4]
  day 7  main     Alice  adds old.py again, with other content                   [5]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.mining import mainline
from techlead.mining.mainline import MainlineTail, read_tail
from techlead.warehouse.schema import SCHEMA_VERSION

from conftest import BOB, GitRepo, query_db, scan_json

SPANS = "SELECT path, since_pos, until_pos FROM tree_spans ORDER BY ALL"
LANDINGS = (
    "SELECT c.subject, l.position, l.landed FROM landings l "
    "JOIN commits c USING (repo_id, sha) ORDER BY l.landed, l.position NULLS LAST"
)
EVERY_SPAN = "SELECT * EXCLUDE (repo_id) FROM tree_spans ORDER BY ALL"
EVERY_LANDING = "SELECT * EXCLUDE (repo_id) FROM landings ORDER BY ALL"


def first_part(repo: GitRepo) -> dict[str, str]:
    shas = {"one": repo.commit("one", date="2020-01-01T12:00:00+00:00",
                               files={"a.py": "v = 1\n", "old.py": "x = 1\n",
                                      "keep.py": "k = 1\n"})}  # fmt: skip
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feat", author=BOB, date="2020-01-02T12:00:00+00:00",
                files={"feature.py": "f = 1\n"})  # fmt: skip
    repo.git("checkout", "-q", "main")
    shas["two"] = repo.commit("two", date="2020-01-03T12:00:00+00:00", files={"a.py": "v = 2\n"})
    return shas


def second_part(repo: GitRepo) -> None:
    repo.merge("feature", "merge feature", date="2020-01-05T12:00:00+00:00")
    repo.git("mv", "keep.py", "kept.py")
    repo.git("rm", "-q", "old.py")
    repo.commit("six", date="2020-01-06T12:00:00+00:00", files={"a.py": "v = 3\n"})
    repo.commit("seven", date="2020-01-07T12:00:00+00:00", files={"old.py": "y = 2\n"})


def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The heads the whole main line is read up to from now on."""
    heads: list[str] = []
    whole = mainline.read_mainline

    def counted(path: Path, head: str) -> Any:
        heads.append(head)
        return whole(path, head)

    monkeypatch.setattr(mainline, "read_mainline", counted)
    return heads


def assert_as_fresh(repo: GitRepo, db: Path, fresh: Path) -> None:
    """The spans and landings in ``db`` are those of a first scan of ``repo`` into
    ``fresh`` (blobs, modes and languages too)."""
    scan_json(str(repo.path), "--db", str(fresh))
    for query in (EVERY_SPAN, EVERY_LANDING):
        assert query_db(db, query) == query_db(fresh, query)


def scanned_first_part(make_repo: Any, db: Path) -> tuple[GitRepo, dict[str, str]]:
    """A repository of the history's first part, scanned into ``db``; its commits."""
    repo = make_repo("r")
    shas = first_part(repo)
    scan_json(str(repo.path), "--db", str(db))
    return repo, shas


def rescanned(repo: GitRepo, db: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Scan the history's first part, add the second, scan again: the heads the whole
    main line was read up to by the second scan."""
    first_part(repo)
    scan_json(str(repo.path), "--db", str(db))
    second_part(repo)
    heads = whole_reads(monkeypatch)
    scan_json(str(repo.path), "--db", str(db))
    return heads


def test_a_rescan_adds_the_tail(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo("r")
    assert rescanned(repo, db_path, monkeypatch) == []  # only the tail was read
    # a.py changes at 2 and 4; old.py is deleted at 4 and comes back at 5; keep.py
    # becomes kept.py at 4 (a deletion and an addition: the main line reads no renames);
    # feature.py arrives with the merge at 3
    assert query_db(db_path, SPANS) == [
        ("a.py", 1, 2), ("a.py", 2, 4), ("a.py", 4, None),
        ("feature.py", 3, None), ("keep.py", 1, 4), ("kept.py", 4, None),
        ("old.py", 1, 4), ("old.py", 5, None),
    ]  # fmt: skip
    # Bob's commit is no main-line commit: it lands with the merge, at 3
    assert query_db(db_path, LANDINGS) == [
        ("one", 1, 1), ("two", 2, 2), ("merge feature", 3, 3), ("feat", None, 3),
        ("six", 4, 4), ("seven", 5, 5),
    ]  # fmt: skip
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")


def test_head_on_another_branch_reads_the_whole_line(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stored line ends at "two"; HEAD moves to a branch from "one" that "two" is not
    # on: positions one 1, other 2, and a.py is v1 again.
    repo, shas = scanned_first_part(make_repo, db_path)
    repo.git("checkout", "-q", "-b", "other", shas["one"])
    other = repo.commit("other", date="2020-01-04T12:00:00+00:00", files={"b.py": "b = 1\n"})
    heads = whole_reads(monkeypatch)
    scan_json(str(repo.path), "--db", str(db_path))
    assert heads == [other]
    assert query_db(db_path, SPANS) == [
        ("a.py", 1, None), ("b.py", 2, None), ("keep.py", 1, None), ("old.py", 1, None),
    ]  # fmt: skip
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")


def test_a_long_tail_reads_the_whole_line(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three main-line commits came (merge, six, seven): more than a limit of 2.
    repo = make_repo("r")
    monkeypatch.setattr(mainline, "TAIL_LIMIT", 2)
    assert rescanned(repo, db_path, monkeypatch) == [repo.head()]
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")


def test_which_stored_lines_have_a_tail(make_repo: Any) -> None:
    # main line: one 1, two 2, merge 3, six 4, seven 5; feat is the merge's second parent
    repo = make_repo("r")
    shas = first_part(repo)
    feat = repo.git("rev-parse", "feature")
    second_part(repo)
    head = repo.head()
    tail = read_tail(repo.path, head, (shas["two"], 2))
    assert tail is not None
    assert [c.sha for c in tail.commits] == repo.git(
        "rev-list", "--first-parent", "--reverse", head, f"^{shas['two']}"
    ).split()
    assert len(tail.commits) == 3
    assert read_tail(repo.path, head, (head, 5)) == MainlineTail(())  # nothing new
    assert read_tail(repo.path, head, (feat, 2)) is None  # a second parent: not on the line
    assert read_tail(repo.path, shas["two"], (head, 5)) is None  # HEAD moved back
    assert read_tail(repo.path, head, ("0" * 40, 2)) is None  # a commit git does not have
    # a stored length git does not count up to the commit: the stored line is not HEAD's
    assert read_tail(repo.path, head, (shas["two"], 3)) is None


def test_replaced_commits_read_the_whole_line(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A replace ref gives "one" a parent from an older history: git shows every later
    # commit on a longer main line (old 1, one 2, two 3, new 4) without any id changing.
    repo, shas = scanned_first_part(make_repo, db_path)
    repo.git("checkout", "-q", "--orphan", "legacy")
    repo.git("rm", "-q", "-r", "-f", ".")
    old = repo.commit("old", date="2019-12-01T12:00:00+00:00", files={"legacy.txt": "l\n"})
    repo.git("checkout", "-q", "-f", "main")
    repo.git("branch", "-q", "-D", "legacy")
    repo.git("replace", "--graft", shas["one"], old)
    new = repo.commit("new", date="2020-01-04T12:00:00+00:00", files={"b.py": "b = 1\n"})
    heads = whole_reads(monkeypatch)
    scan_json(str(repo.path), "--db", str(db_path))
    assert heads == [new]
    assert ("legacy.txt", 1, 2) in query_db(db_path, SPANS)  # "one" deletes it
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")


def test_a_replaced_tree_reads_the_whole_line(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "two" replaced by a commit of the same parent holding a.py v9: the main line keeps
    # its length (one 1, two 2, new 3) and every id, but git shows two's tree as v9's.
    repo, shas = scanned_first_part(make_repo, db_path)
    repo.git("checkout", "-q", "--detach", shas["one"])
    nine = repo.commit("two, replaced", date="2020-01-03T13:00:00+00:00",
                       files={"a.py": "v = 9\n"})  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.git("replace", shas["two"], nine)
    new = repo.commit("new", date="2020-01-04T12:00:00+00:00", files={"b.py": "b = 1\n"})
    heads = whole_reads(monkeypatch)
    scan_json(str(repo.path), "--db", str(db_path))
    assert heads == [new]
    blob = repo.git("rev-parse", f"{nine}:a.py")
    assert query_db(db_path, "SELECT blob FROM tree_spans WHERE path = 'a.py' "
                    "AND since_pos = 2") == [(blob,)]  # fmt: skip
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")


def test_a_schema_18_warehouse_reads_the_whole_line_once(
    make_repo: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows an earlier techlead stored are not extended: the upgrade empties both tables,
    # and the next scan reads the whole line though nothing moved. Here the spans it had
    # lost (keep.py's, say) come back; the scan after that reads the tail only.
    repo = make_repo("r")
    first_part(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    con = duckdb.connect(str(db_path))
    con.execute("DELETE FROM tree_spans WHERE path = 'keep.py'")
    con.execute("UPDATE techlead_meta SET value = '18' WHERE key = 'schema_version'")
    con.close()
    heads = whole_reads(monkeypatch)
    scan_json(str(repo.path), "--db", str(db_path))
    assert heads == [repo.head()]
    version = "SELECT value FROM techlead_meta WHERE key = 'schema_version'"
    assert query_db(db_path, version) == [(str(SCHEMA_VERSION),)]
    assert_as_fresh(repo, db_path, tmp_path / "fresh" / "w.duckdb")
    second_part(repo)
    heads.clear()
    scan_json(str(repo.path), "--db", str(db_path))
    assert heads == []  # the next one reads the tail
    assert_as_fresh(repo, db_path, tmp_path / "fresh2" / "w.duckdb")
