"""code-maat's analyses on the fixture history, values computed by hand.

The history (conftest.build_history), with bots left out by default:
  init     Alice 2020-01-01  A README.md +3, A src/app.py +10, A logo.png (binary)
  edit     Bob   2020-01-02  M src/app.py +2 -1
  rename   Alice 2020-01-03  R src/app.py -> src/main.py +1 -0   (as "alice")
  feature  Carol 2020-01-04  A lib/util.py +5
  readme   Bob   2020-01-05  M README.md +1
  merge    Alice 2020-01-06  (no changes)
  deps     dependabot[bot]   A requirements.txt +2   (a bot: left out by default)
  cleanup  Bob   2020-01-08  D logo.png (binary)
Renames are followed, so init's and edit's changes to src/app.py count for src/main.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, run_cli, scan_json


@pytest.fixture
def scanned(history: Any, db_path: Path) -> Path:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    return db_path


def rows(db: Path, *args: str) -> list[list[Any]]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return [list(r.values()) for r in document["rows"]]


def test_revisions(scanned: Path) -> None:
    # src/main.py: init, edit, rename = 3; README.md: init, readme = 2;
    # logo.png: init, cleanup = 2; lib/util.py: feature = 1. Ties by name (byte order).
    assert rows(scanned, "revisions") == [
        ["src/main.py", 3],
        ["README.md", 2],
        ["logo.png", 2],
        ["lib/util.py", 1],
    ]
    # Without renames (as `git log --no-renames` shows it) the rename is a deletion of
    # src/app.py (its third revision) and an addition of src/main.py (its first).
    assert rows(scanned, "revisions", "--no-renames") == [
        ["src/app.py", 3],
        ["README.md", 2],
        ["logo.png", 2],
        ["lib/util.py", 1],
        ["src/main.py", 1],
    ]
    # The bot's requirements.txt appears only on request.
    assert ["requirements.txt", 1] in rows(scanned, "revisions", "--include-bots")
    assert rows(scanned, "revisions", "--path", "src/**") == [["src/main.py", 3]]
    assert rows(scanned, "revisions", "--limit", "1") == [["src/main.py", 3]]


def test_revisions_as_of_a_date(scanned: Path) -> None:
    # Before 2020-01-03 only init and edit exist, and the rename has not happened yet.
    assert rows(scanned, "revisions", "--until", "2020-01-03") == [
        ["src/app.py", 2],
        ["README.md", 1],
        ["logo.png", 1],
    ]
    # From 2020-01-04 on: feature, readme, cleanup.
    assert rows(scanned, "revisions", "--since", "2020-01-04") == [
        ["README.md", 1],
        ["lib/util.py", 1],
        ["logo.png", 1],
    ]


def test_authors(scanned: Path) -> None:
    # src/main.py: Alice (init, rename) and Bob (edit): 2 authors, 3 revisions.
    # README.md: Alice, Bob; logo.png: Alice, Bob; lib/util.py: Carol.
    assert rows(scanned, "authors") == [
        ["src/main.py", 2, 3],
        ["README.md", 2, 2],
        ["logo.png", 2, 2],
        ["lib/util.py", 1, 1],
    ]


def test_summary(scanned: Path) -> None:
    # Commits with changes: init, edit, rename, feature, readme, cleanup = 6.
    # Files: src/main.py, README.md, logo.png, lib/util.py = 4.
    # Changes: 3 + 1 + 1 + 1 + 1 + 1 = 8. Authors: Alice, Bob, Carol = 3.
    assert rows(scanned, "summary") == [
        ["number-of-commits", 6],
        ["number-of-entities", 4],
        ["number-of-entities-changed", 8],
        ["number-of-authors", 3],
    ]


def test_churn(scanned: Path) -> None:
    # By file: src/main.py +10 +2 +1 = 13, -1, 3 changes; lib/util.py +5; README.md +3 +1;
    # logo.png is binary: 0 lines, 2 changes. Sorted by added, descending.
    assert rows(scanned, "churn") == [
        ["src/main.py", 13, 1, 3],
        ["lib/util.py", 5, 0, 1],
        ["README.md", 4, 0, 2],
        ["logo.png", 0, 0, 2],
    ]
    # By author: Alice init (3 + 10 + binary) and rename (+1): 14 added in 4 changes;
    # Bob edit (+2 -1), readme (+1), cleanup (binary): 3 added, 1 deleted, 3 changes.
    assert rows(scanned, "churn", "--by", "author") == [
        ["Alice Smith", 14, 0, 4],
        ["Bob Jones", 3, 1, 3],
        ["Carol White", 5, 0, 1],
    ]
    assert rows(scanned, "churn", "--by", "date") == [
        ["2020-01-01", 13, 0, 3],
        ["2020-01-02", 2, 1, 1],
        ["2020-01-03", 1, 0, 1],
        ["2020-01-04", 5, 0, 1],
        ["2020-01-05", 1, 0, 1],
        ["2020-01-08", 0, 0, 1],
    ]
    csv = run_cli("churn", "--by", "date", "--limit", "1", "--db", str(scanned), "--format", "csv")
    assert csv.stdout == "date,added,deleted,commits\n2020-01-01,13,0,3\n"
    bad = run_cli("churn", "--by", "week", "--db", str(scanned))
    assert bad.exit_code == 2
    assert bad.stderr == (
        "techlead: error: Invalid value for '--by': 'week' is not one of 'date', 'author', "
        "'file'. (see `techlead churn --help`)\n"
    )


def test_age(scanned: Path) -> None:
    # To 2020-02-05: logo.png last changed 2020-01-08: 0 whole months; src/main.py
    # (2020-01-03), lib/util.py (01-04) and README.md (01-05): 1 month each.
    assert rows(scanned, "age", "--now", "2020-02-05") == [
        ["logo.png", 0],
        ["README.md", 1],
        ["lib/util.py", 1],
        ["src/main.py", 1],
    ]


def test_sum_of_coupling(scanned: Path) -> None:
    # Only init changes several files: {README.md, src/main.py, logo.png}, |c| - 1 = 2 each;
    # every other commit changes one file (adds 0). code-maat sorts soc and name descending.
    assert rows(scanned, "soc") == [
        ["src/main.py", 2],
        ["logo.png", 2],
        ["README.md", 2],
        ["lib/util.py", 0],
    ]
    # With --max-changeset-size 2 the 3-file init commit is left out.
    assert rows(scanned, "soc", "--max-changeset-size", "2") == [
        ["src/main.py", 0],
        ["logo.png", 0],
        ["lib/util.py", 0],
        ["README.md", 0],
    ]


def test_coupling(scanned: Path) -> None:
    # With code-maat's defaults (min 5 revisions) nothing qualifies.
    assert rows(scanned, "coupling") == []
    # Pairs from init, shared = 1. revs: README.md 2, logo.png 2, src/main.py 3.
    # README.md-logo.png: average 2, 1/2 = 50%; the pairs with src/main.py: average 2.5,
    # 1/2.5 = 40%, average-revs ceil(2.5) = 3.
    loose = ("--min-revs", "1", "--min-shared-revs", "1", "--min-coupling", "1")
    assert rows(scanned, "coupling", *loose) == [
        ["README.md", "logo.png", 50, 2],
        ["README.md", "src/main.py", 40, 3],
        ["logo.png", "src/main.py", 40, 3],
    ]
    table = run_cli("coupling", *loose, "--db", str(scanned))
    assert table.stdout.splitlines() == [
        "entity    ┃ coupled     ┃ degree ┃ average-revs",
        "━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━",
        "README.md │ logo.png    │     50 │            2",
        "README.md │ src/main.py │     40 │            3",
        "logo.png  │ src/main.py │     40 │            3",
    ]
    assert rows(scanned, "coupling", *loose, "--max-coupling", "45") == [
        ["README.md", "src/main.py", 40, 3],
        ["logo.png", "src/main.py", 40, 3],
    ]
    # --of keeps the pairs of one file, measured exactly as without it.
    assert rows(scanned, "coupling", *loose, "--of", "logo.png") == [
        ["README.md", "logo.png", 50, 2],
        ["logo.png", "src/main.py", 40, 3],
    ]
    # A name the history does not hold is an error that suggests the nearest ones.
    missing = run_cli("coupling", *loose, "--of", "src/mian.py", "--db", str(scanned))
    assert missing.exit_code == 2
    assert missing.stderr == (
        "techlead: error: --of 'src/mian.py': no file of that name in the analysed history "
        "(did you mean: src/main.py?)\n"
        "techlead: tip: name it as `techlead revisions` prints it (4 files changed)\n"
    )


def test_several_repositories_prefix_names(make_repo: Any, history: Any, db_path: Path) -> None:
    repo, _ = history
    other: GitRepo = make_repo("other")
    other.commit("x", files={"src/main.py": "1\n"})
    scan_json(str(repo.path), str(other.path), "--db", str(db_path))
    assert rows(db_path, "revisions", "--limit", "2") == [
        ["demo:src/main.py", 3],
        ["demo:README.md", 2],
    ]
    assert rows(db_path, "revisions", "--repo", "other") == [["src/main.py", 1]]


def test_without_a_warehouse(tmp_path: Path) -> None:
    result = run_cli("revisions", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2
    assert result.stderr.startswith("techlead: error: no warehouse at")


def test_effort(scanned: Path) -> None:
    # Changes per (file, author): README.md Alice 1 / Bob 1; lib/util.py Carol 1;
    # logo.png Alice 1 / Bob 1; src/main.py Alice 2 (init, rename) / Bob 1 (edit).
    assert rows(scanned, "effort") == [
        ["README.md", "Alice Smith", 1, 2],
        ["README.md", "Bob Jones", 1, 2],
        ["lib/util.py", "Carol White", 1, 1],
        ["logo.png", "Alice Smith", 1, 2],
        ["logo.png", "Bob Jones", 1, 2],
        ["src/main.py", "Alice Smith", 2, 3],
        ["src/main.py", "Bob Jones", 1, 3],
    ]


def test_ownership(scanned: Path) -> None:
    # By lines added: README.md Alice 3 of 4 = 0.75; lib/util.py Carol 5 of 5 = 1;
    # logo.png is binary, 0 of 0: a tie, the first name wins, 0 / max(0, 1) = 0;
    # src/main.py Alice 10 + 1 = 11 of 13 = 0.846... -> two significant digits 0.85.
    assert rows(scanned, "ownership") == [
        ["README.md", "Alice Smith", 3, 4, 0.75],
        ["lib/util.py", "Carol White", 5, 5, 1.0],
        ["logo.png", "Alice Smith", 0, 0, 0.0],
        ["src/main.py", "Alice Smith", 11, 13, 0.85],
    ]
    # By commits: README.md 1 of 2 (tie, Alice first) = 0.5; src/main.py 2 of 3 = 0.67.
    assert rows(scanned, "ownership", "--by", "commits") == [
        ["README.md", "Alice Smith", 1, 2, 0.5],
        ["lib/util.py", "Carol White", 1, 1, 1.0],
        ["logo.png", "Alice Smith", 1, 2, 0.5],
        ["src/main.py", "Alice Smith", 2, 3, 0.67],
    ]


def test_fragmentation(scanned: Path) -> None:
    # README.md and logo.png: 1 - (1/2)^2 - (1/2)^2 = 0.5 over 2 revisions;
    # src/main.py: 1 - (2/3)^2 - (1/3)^2 = 4/9 = 0.444... -> 0.44; lib/util.py: 1 - 1 = 0.
    assert rows(scanned, "fragmentation") == [
        ["README.md", 0.5, 2],
        ["logo.png", 0.5, 2],
        ["src/main.py", 0.44, 3],
        ["lib/util.py", 0.0, 1],
    ]


def test_communication(scanned: Path) -> None:
    # Alice and Bob both changed README.md, logo.png and src/main.py: shared 3; each
    # changed 3 files, average ceil((3 + 3) / 2) = 3, strength 3 / 3 = 100%.
    # Carol shares no file with anyone. Sorted by strength, then author, descending.
    assert rows(scanned, "communication") == [
        ["Bob Jones", "Alice Smith", 3, 3, 100],
        ["Alice Smith", "Bob Jones", 3, 3, 100],
    ]


def test_two_significant_digits_round_half_up() -> None:
    from fractions import Fraction

    from techlead.analyses.precision import centi

    assert [centi(Fraction(2, 3)), centi(Fraction(1, 8)), centi(1), centi(0)] == [
        0.67,
        0.13,
        1.0,
        0.0,
    ]
    assert centi(Fraction(1, 800)) == 0.0013  # significant digits, not decimal places


def test_components(scanned: Path) -> None:
    # Components (top-level directories): init touches (root) (README.md, logo.png) and src;
    # edit and rename touch src; feature lib; readme and cleanup (root).
    # revs: (root) 3, src 3, lib 1; ((root), src) share init: 1 / 3 = 33%.
    loose = ("--min-revs", "1", "--min-shared-revs", "1", "--min-coupling", "1")
    assert rows(scanned, "coupling", "--by", "component", *loose) == [["(root)", "src", 33, 3]]
    assert rows(scanned, "revisions", "--component", "src") == [["src/main.py", 3]]
    assert rows(scanned, "revisions", "--component", "lib", "--component", "src") == [
        ["src/main.py", 3],
        ["lib/util.py", 1],
    ]


def test_coupling_across_repositories(make_repo: Any, db_path: Path) -> None:
    pay: GitRepo = make_repo("pay")
    web: GitRepo = make_repo("web")
    pay.commit("PAY-1 add the api", files={"api/a.py": "1\n"})
    web.commit("Show payments (PAY-1)", files={"ui/b.js": "1\n"})
    pay.commit("PAY-2: fix rounding", files={"api/a.py": "2\n"})
    web.commit("PAY-2 show rounding", files={"ui/b.js": "2\n"})
    web.commit("Unrelated", files={"ui/c.js": "1\n"})
    scan_json(str(pay.path), str(web.path), "--db", str(db_path))
    # Tickets PAY-1 and PAY-2 each change pay:api/a.py and web:ui/b.js: revs 2 and 2,
    # shared 2, average 2 -> 100%.
    loose = ("--min-revs", "1", "--min-shared-revs", "1")
    assert rows(db_path, "coupling", "--across-repos", *loose) == [
        ["pay:api/a.py", "web:ui/b.js", 100, 2]
    ]
    assert rows(db_path, "coupling", "--across-repos", "--by", "component", *loose) == [
        ["pay:api", "web:ui", 100, 2]
    ]
    # Within each repository nothing changes together.
    assert rows(db_path, "coupling", *loose) == []


def test_no_renames_matches_git_log_no_renames(history: Any, scanned: Path) -> None:
    # code-maat reads `git log --numstat --no-renames`; computing its revisions and
    # entity-churn straight from that output must give what techlead --no-renames gives.
    # By hand: the rename deletes src/app.py's 11 lines (10 + 2 - 1) and adds
    # src/main.py's 12 (11 + the appended line).
    repo, _ = history
    log = repo.git("log", "--no-renames", "--numstat", "--no-merges", "--pretty=format:--%H--%aN")
    revisions: dict[str, int] = {}
    churn: dict[str, list[int]] = {}
    bot = False
    for line in log.splitlines():
        if line.startswith("--"):
            bot = "[bot]" in line
        elif line.strip() and not bot:
            added, deleted, path = line.split("\t")
            revisions[path] = revisions.get(path, 0) + 1
            totals = churn.setdefault(path, [0, 0])
            totals[0] += int(added) if added != "-" else 0
            totals[1] += int(deleted) if deleted != "-" else 0
    assert churn["src/app.py"] == [12, 12] and churn["src/main.py"] == [12, 0]
    assert {e: n for e, n in rows(scanned, "revisions", "--no-renames")} == revisions
    expected_churn = {e: [a, d, revisions[e]] for e, (a, d) in churn.items()}
    got = {e: [a, d, n] for e, a, d, n in rows(scanned, "churn", "--no-renames")}
    assert got == expected_churn


def test_converging_histories_count_each_commit_once(make_repo: Any, db_path: Path) -> None:
    # 1 adds a.py and b.py, 2 changes both, 3 renames a.py to c.py, 4 deletes c.py,
    # 5 renames b.py to c.py. Renames followed, the changes of both a.py (before 3) and
    # b.py (before 5) are c.py's: commits 1 and 2 change c.py twice each. Revisions count
    # commits: 1, 2, 3, 4, 5 = 5 (not the 7 changes); authors: Alice alone.
    repo: GitRepo = make_repo("merge")
    body = "".join(f"line {i}\n" for i in range(20))
    repo.commit("add", files={"a.py": "a\n" + body, "b.py": "b\n" + body})
    repo.commit("edit", files={"a.py": "A\n" + body, "b.py": "B\n" + body})
    repo.git("mv", "a.py", "c.py")
    repo.commit("rename a")
    repo.git("rm", "-q", "c.py")
    repo.commit("drop c")
    repo.git("mv", "b.py", "c.py")
    repo.commit("rename b")
    scan_json(str(repo.path), "--db", str(db_path))
    assert rows(db_path, "revisions") == [["c.py", 5]]
    assert rows(db_path, "authors") == [["c.py", 1, 5]]
    assert rows(db_path, "effort") == [["c.py", "Alice Smith", 5, 5]]
