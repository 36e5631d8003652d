"""``--until DATE``: the repository as it was (docs/metrics.md "As of a date").

History (all times 12:00 UTC, January 2020):
  day 1  main     Alice  adds calc.py (f: cyclomatic 1) and old.py
  day 2  feature  Bob    adds feature.py (branched from day 1)
  day 3  main     Alice  changes calc.py
  day 5  main     Alice  merges feature (--no-ff)
  day 6  main     Alice  deletes old.py; calc.py gains two ifs (cyclomatic 3)

As of day 4 the snapshot is day 3's commit: history = days 1 and 3 (Bob's commit of
day 2 had not landed), files = calc.py and old.py, calc.py's complexity is 1.
As of day 5, 18:00 the snapshot is the merge: Bob's commit counts, feature.py exists.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ALICE, BOB, GitRepo, query_db, run_cli, scan_json

ONE = "def f(x):\n    return x\n"
TWO = "def f(x):\n    return x + 1\n"
THREE = (
    "def f(x):\n    if x > 1:\n        return 1\n    if x < 0:\n        return 2\n    return 0\n"
)


def build(repo: GitRepo) -> dict[str, str]:
    shas = {"one": repo.commit("one", date="2020-01-01T12:00:00+00:00",
                               files={"calc.py": ONE, "old.py": "x = 1\n"})}  # fmt: skip
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feat", author=BOB, date="2020-01-02T12:00:00+00:00",
                files={"feature.py": "def g():\n    return 2\n"})  # fmt: skip
    repo.git("checkout", "-q", "main")
    shas["two"] = repo.commit("two", date="2020-01-03T12:00:00+00:00", files={"calc.py": TWO})
    shas["merge"] = repo.merge("feature", "merge feature", author=ALICE,
                               date="2020-01-05T12:00:00+00:00")  # fmt: skip
    repo.git("rm", "-q", "old.py")
    shas["three"] = repo.commit("three", date="2020-01-06T12:00:00+00:00",
                                files={"calc.py": THREE})  # fmt: skip
    return shas


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> tuple[GitRepo, dict[str, str], Path]:
    repo = make_repo("r")
    shas = build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    return repo, shas, db_path


def rows(db: Path, command: str, *args: str) -> dict[str, Any]:
    result = run_cli(command, *args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_history_is_what_had_landed(scanned: tuple[GitRepo, dict[str, str], Path]) -> None:
    _, shas, db = scanned
    before = rows(db, "revisions", "--until", "2020-01-04")
    # Bob's feature.py was authored on day 2 but merged on day 5: not there yet.
    assert [(r["entity"], r["n-revs"]) for r in before["rows"]] == [("calc.py", 2), ("old.py", 1)]
    assert before["notes"][0] == (
        f"r as of {shas['two'][:12]} (2020-01-03), the newest commit of its main line "
        "before --until"
    )
    after = rows(db, "revisions", "--until", "2020-01-05T18:00")
    assert [(r["entity"], r["n-revs"]) for r in after["rows"]] == [
        ("calc.py", 2), ("feature.py", 1), ("old.py", 1),
    ]  # fmt: skip
    people = rows(db, "authors", "--until", "2020-01-04")
    assert {r["entity"]: r["n-authors"] for r in people["rows"]} == {"calc.py": 1, "old.py": 1}


def test_files_and_complexity_are_the_snapshot_s(
    scanned: tuple[GitRepo, dict[str, str], Path],
) -> None:
    _, _, db = scanned
    then = rows(db, "files", "--until", "2020-01-04")
    # old.py, deleted on day 6, is a code file of that tree; feature.py is not there yet.
    assert [(r["entity"], r["lines"], r["cyclomatic"], r["is-code"]) for r in then["rows"]] == [
        ("calc.py", 2, 1, True), ("old.py", 1, 0, True),
    ]  # fmt: skip
    past = rows(db, "complexity", "--until", "2020-01-04")
    assert [(r["entity"], r["cyclomatic"]) for r in past["rows"]] == [
        ("calc.py", 1), ("old.py", 0),
    ]  # fmt: skip
    now = rows(db, "complexity")
    assert [(r["entity"], r["cyclomatic"]) for r in now["rows"]] == [
        ("calc.py", 3), ("feature.py", 1),
    ]  # fmt: skip
    functions = rows(db, "complexity", "--by", "function", "--until", "2020-01-04")
    assert [(r["entity"], r["function"], r["cyclomatic"]) for r in functions["rows"]] == [
        ("calc.py", "f", 1),
    ]


def test_code_only_takes_the_snapshot_s_paths(
    scanned: tuple[GitRepo, dict[str, str], Path],
) -> None:
    # Code-only by today's tree would drop old.py (not at HEAD): as of day 4 it counts.
    _, _, db = scanned
    knowledge = rows(db, "knowledge", "--until", "2020-01-04")
    assert [(r["entity"], r["main-dev"], r["lines"]) for r in knowledge["rows"]] == [
        ("calc.py", "Alice Smith", 2), ("old.py", "Alice Smith", 1),
    ]  # fmt: skip
    # Alice authors both files: removing her orphans 2 of 2 -> truck factor 1.
    truck = rows(db, "truck-factor", "--until", "2020-01-04")
    assert [(r["truck-factor"], r["developer"], r["authored"]) for r in truck["rows"]] == [
        (1, "Alice Smith", 2),
    ]


def test_a_moved_repository_says_what_it_cannot_measure(
    scanned: tuple[GitRepo, dict[str, str], Path], tmp_path: Path
) -> None:
    repo, _, db = scanned
    shutil.move(repo.path, tmp_path / "elsewhere")
    past = rows(db, "complexity", "--until", "2020-01-04")
    # calc.py's content as of day 3 is not HEAD's and cannot be read: no measure, said so;
    # old.py's blob is unchanged since day 1 but HEAD no longer has it either.
    assert [(r["entity"], r["cyclomatic"]) for r in past["rows"]] == []
    assert past["caveats"] == [
        f"r: the repository is no longer at {repo.path}; files changed since that commit "
        "have no lines or complexity"
    ]
    tree = rows(db, "files", "--until", "2020-01-04")
    lines = [(r["entity"], r["lines"]) for r in tree["rows"]]
    assert lines == [("calc.py", None), ("old.py", None)]


def test_current_pairs_are_those_of_the_snapshot(
    scanned: tuple[GitRepo, dict[str, str], Path],
) -> None:
    # calc.py and old.py change together on day 1 (and day 6, when old.py is deleted).
    # Whole history: 2 shared of (3 + 2) / 2 = 2.5 average revisions -> 80%. At HEAD old.py
    # is gone, so --current keeps no pair; as of day 4 both exist: 1 shared of
    # (2 + 1) / 2 = 1.5 -> 66%.
    _, _, db = scanned
    loose = ("--min-revs", "1", "--min-shared-revs", "1", "--min-coupling", "1")

    def pairs(*args: str) -> list[tuple[str, str, int]]:
        found = rows(db, "coupling", *loose, *args)["rows"]
        return [(r["entity"], r["coupled"], r["degree"]) for r in found]

    assert pairs() == [("calc.py", "old.py", 80)]
    assert pairs("--current") == []
    assert pairs("--current", "--until", "2020-01-04") == [("calc.py", "old.py", 66)]


def test_repositories_as_of_a_date(scanned: tuple[GitRepo, dict[str, str], Path]) -> None:
    # As of day 4: 2 commits had landed (Bob's had not), 2 files, 2 + 1 lines of code.
    _, _, db = scanned
    [row] = rows(db, "repositories", "--until", "2020-01-04")["rows"]
    assert (row["commits"], row["authors"], row["files"], row["lines-of-code"]) == (2, 1, 2, 3)
    [now] = rows(db, "repositories")["rows"]
    assert (now["commits"], now["authors"], now["files"], now["lines-of-code"]) == (5, 2, 2, 8)


def test_merge_trees_ignore_the_users_diff_merges_setting(make_repo: Any, db_path: Path) -> None:
    # With log.diffMerges=combined, `git log -m` prints the merge of day 5 as a combined
    # diff, which lists no file only one side changed: feature.py would be missing from
    # every main-line tree from the merge on. The main line asks for first-parent diffs.
    # Main-line positions: one 1, two 2, merge 3, three 4.
    repo = make_repo("r")
    build(repo)
    repo.git("config", "log.diffMerges", "combined")
    scan_json(str(repo.path), "--db", str(db_path))
    spans = query_db(db_path, "SELECT path, since_pos, until_pos FROM tree_spans ORDER BY ALL")
    assert spans == [
        ("calc.py", 1, 2), ("calc.py", 2, 4), ("calc.py", 4, None),
        ("feature.py", 3, None), ("old.py", 1, 4),
    ]  # fmt: skip
