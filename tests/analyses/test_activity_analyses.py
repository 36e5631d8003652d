"""repositories, activity, people, contributors, log and files on the fixture history
(conftest.build_history), every value worked out by hand from its commits:

1 init 2020-01-01 09:00 UTC Alice: README.md, src/app.py, logo.png (binary)
2 edit 2020-01-02 15:00 UTC Bob: src/app.py        5 readme 2020-01-05 Bob: README.md
3 rename 2020-01-03 alice (same email): app -> main  6 merge 2020-01-06 Alice (no diff)
4 feature 2020-01-04 Carol: lib/util.py            7 deps 2020-01-07 dependabot[bot]
8 cleanup 2020-01-08 Bob: logo.png deleted, Carol co-author
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, scan_json


@pytest.fixture
def scanned(history: Any, db_path: Path) -> tuple[Path, dict[str, str]]:
    repo, shas = history
    scan_json(str(repo.path), "--db", str(db_path))
    return db_path, shas


def rows(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return found


def test_repositories(scanned: tuple[Path, dict[str, str]]) -> None:
    # 8 commits, 1 merge, 1 by the bot; authors not bots: Alice, Bob, Carol. At HEAD:
    # README.md (3 lines of code), src/main.py (12), lib/util.py (5), requirements.txt (2).
    # Scanned today, the newest commit (2020-01-08) is more than 180 days old: dormant. The
    # repository has no remote (fetched: None) and its whole history (full).
    db, _ = scanned
    assert rows(db, "repositories") == [{
        "repo": "demo", "team": None, "commits": 8, "merges": 1, "bot-commits": 1,
        "authors": 3, "files": 4, "lines-of-code": 22,
        "first-commit": "2020-01-01T09:00:00+00:00", "last-commit": "2020-01-08T10:00:00+00:00",
        "dormant": True, "fetched": None, "history": "full",
    }]  # fmt: skip
    # As of 2020-06-01, 145 days after the newest commit: not dormant.
    [early] = rows(db, "repositories", "--until", "2020-06-01")
    assert early["dormant"] is False
    # The period applies to the commits: from 2020-01-06 on, the merge, the bot, cleanup.
    [since] = rows(db, "repositories", "--since", "2020-01-06")
    assert (since["commits"], since["merges"], since["bot-commits"], since["authors"]) == (
        3, 1, 1, 2)  # fmt: skip


def test_the_activity_metrics_count_what_the_analyses_list(
    scanned: tuple[Path, dict[str, str]],
) -> None:
    # The commits and active-people metrics count without listing (no snapshot files, no
    # lists of repositories per person): at noon of every day of the history, with and
    # without a three-day window, the same numbers as repositories and people. By hand,
    # as of 2020-01-09: 8 commits; Alice, Bob and Carol active (the bot left out).
    from techlead.analyses import people, repositories
    from techlead.core.model import Options
    from techlead.warehouse.connection import open_warehouse

    db, _ = scanned
    con = open_warehouse(db)
    try:
        last = Options(until=datetime(2020, 1, 9, 12, tzinfo=UTC))
        assert repositories.commits(con, last) == 8
        assert people.active_count(con, last, datetime(2020, 1, 9, 12, tzinfo=UTC)) == 3
        for day in range(1, 10):
            when = datetime(2020, 1, day, 12, tzinfo=UTC)
            for since in (None, when - timedelta(days=3)):
                options = Options(since=since, until=when)
                listed = repositories.run(con, options, repositories.RepositoriesParams(now=when))
                assert repositories.commits(con, options) == sum(r.commits for r in listed.rows)
                found = people.run(con, options, people.PeopleParams(now=when)).rows
                assert people.active_count(con, options, when) == sum(p.active for p in found)
    finally:
        con.close()


def test_activity(scanned: tuple[Path, dict[str, str]]) -> None:
    db, _ = scanned
    assert rows(db, "activity") == [{"period": "2020-01-01", "repo": "demo", "commits": 8}]
    # Weeks start on Monday: 2019-12-30 holds 1-5 January (commits 1-5), 2020-01-06 the rest.
    assert rows(db, "activity", "--every", "week") == [
        {"period": "2019-12-30", "repo": "demo", "commits": 5},
        {"period": "2020-01-06", "repo": "demo", "commits": 3},
    ]


def test_people_and_who_has_left(scanned: tuple[Path, dict[str, str]]) -> None:
    # Measured to 2020-07-05, half a year after the repository's newest commit (01-08):
    # activity is measured against that commit, so nobody has left (the policy's 180 days
    # reach back to 2019-07-12). tests/analyses/test_standing.py has people who left.
    # Commits authored: Alice 3 (init, rename, merge), Bob 3, Carol 1; the bot is left out.
    db, _ = scanned
    assert [(p["person"], p["commits"], p["active"], p["first-commit"], p["last-commit"])
            for p in rows(db, "people", "--now", "2020-07-05")] == [
        ("Alice Smith", 3, True, "2020-01-01T09:00:00+00:00", "2020-01-06T10:00:00+00:00"),
        ("Bob Jones", 3, True, "2020-01-02T15:00:00+00:00", "2020-01-08T10:00:00+00:00"),
        ("Carol White", 1, True, "2020-01-04T10:00:00+00:00", "2020-01-04T10:00:00+00:00"),
    ]  # fmt: skip
    assert [p["person"] for p in rows(db, "people", "--name", "CAROL@example.com")] == [
        "Carol White"
    ]
    unknown = run_cli("people", "--name", "Carl White", "--db", str(db))
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "techlead: error: --name 'Carl White': nobody of that name or e-mail in the "
        "warehouse (did you mean: Carol White?)\n"
    )


def test_contributors(scanned: tuple[Path, dict[str, str]]) -> None:
    # (root): Bob's readme and cleanup (logo.png), Alice's init; lib: Carol; src (renames
    # followed): Alice's init and rename, Bob's edit. The bot's requirements.txt is left out.
    db, _ = scanned
    assert [(r["component"], r["author"], r["commits"], r["last-commit"][:10])
            for r in rows(db, "contributors")] == [
        ("(root)", "Bob Jones", 2, "2020-01-08"),
        ("(root)", "Alice Smith", 1, "2020-01-01"),
        ("lib", "Carol White", 1, "2020-01-04"),
        ("src", "Alice Smith", 2, "2020-01-03"),
        ("src", "Bob Jones", 1, "2020-01-02"),
    ]  # fmt: skip


def test_log(scanned: tuple[Path, dict[str, str]]) -> None:
    db, shas = scanned
    # src/main.py's history, renames followed, newest first, with the path it had then.
    assert rows(db, "log", "--path", "src/main.py") == [
        {"date": "2020-01-03", "repo": "demo", "commit": shas["rename"][:12],
         "author": "Alice Smith", "subject": "Rename app to main", "files": 1,
         "paths": ["src/main.py"]},
        {"date": "2020-01-02", "repo": "demo", "commit": shas["edit"][:12],
         "author": "Bob Jones", "subject": "Edit app", "files": 1, "paths": ["src/app.py"]},
        {"date": "2020-01-01", "repo": "demo", "commit": shas["init"][:12],
         "author": "Alice Smith", "subject": "Initial commit", "files": 1,
         "paths": ["src/app.py"]},
    ]  # fmt: skip
    assert [(r["commit"], r["paths"]) for r in rows(db, "log", "--author", "bob@example.com")] == [
        (shas["cleanup"][:12], ["logo.png"]),
        (shas["readme"][:12], ["README.md"]),
        (shas["edit"][:12], ["src/app.py"]),
    ]


def test_files(scanned: tuple[Path, dict[str, str]]) -> None:
    # The HEAD snapshot; Markdown and a requirements list are not code, Python is.
    db, _ = scanned
    assert [(r["entity"], r["component"], r["language"], r["lines"], r["code"], r["is-code"])
            for r in rows(db, "files")] == [
        ("README.md", "(root)", "Markdown", 4, 3, False),
        ("lib/util.py", "lib", "Python", 5, 5, True),
        ("requirements.txt", "(root)", "Text", 2, 2, False),
        ("src/main.py", "src", "Python", 12, 12, True),
    ]  # fmt: skip
    assert [r["entity"] for r in rows(db, "files", "--component", "src")] == ["src/main.py"]
