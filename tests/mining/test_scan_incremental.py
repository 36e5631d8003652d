"""Re-scans: only new commits, rewritten history, refs and --since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import BOB, scan_json


def test_rescan_mines_only_new_commits(history: Any, db_path: Path, query: Any) -> None:
    repo, _ = history
    first = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    again = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (first["mode"], first["commits_added"]) == ("full", 8)
    assert (again["mode"], again["commits_added"]) == ("unchanged", 0)
    new = repo.commit(
        "more", author=BOB, date="2020-02-01T00:00:00+00:00", files={"lib/util.py": "z\n"}
    )
    third = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (third["mode"], third["commits_added"]) == ("incremental", 1)
    assert query("SELECT count(*), count(DISTINCT sha) FROM commits") == [(9, 9)]
    # util.py went from 5 lines (a..e) to 1 line (z): +1 -5.
    assert query("SELECT path, added, deleted FROM file_changes WHERE sha = ?", [new]) == [
        ("lib/util.py", 1, 5)
    ]
    assert query("SELECT commits, head_sha FROM repos") == [(9, new)]
    assert query("SELECT commits FROM people WHERE name = 'Bob Jones'") == [(4,)]
    assert query("SELECT mode, commits_added FROM scans ORDER BY scan_id") == [
        ("full", 8),
        ("unchanged", 0),
        ("incremental", 1),
    ]


def test_rewritten_history_is_mined_again(history: Any, db_path: Path, query: Any) -> None:
    repo, shas = history
    scan_json(str(repo.path), "--db", str(db_path))
    repo.git("reset", "-q", "--hard", shas["merge"])
    replacement = repo.commit(
        "Different ending", date="2020-03-01T00:00:00+00:00", files={"x.txt": "x\n"}
    )
    doc = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert doc["mode"] == "rewritten"
    assert doc["commits_added"] == 7  # 6 commits up to the merge + the replacement
    assert any("rewritten" in w for w in doc["warnings"])
    stored = {row[0] for row in query("SELECT sha FROM commits")}
    assert stored == set(repo.git("rev-list", "HEAD").split())
    assert shas["deps"] not in stored and replacement in stored


def test_all_refs_adds_branches_and_tags(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("refs")
    repo.commit("base", files={"a": "1\n"})
    repo.git("checkout", "-q", "-b", "topic")
    topic = repo.commit("topic work", files={"b": "1\n"})
    repo.git("checkout", "-q", "--detach")
    tagged = repo.commit("tagged only", files={"c": "1\n"})
    repo.git("tag", "-a", "-m", "release", "v1")
    repo.git("checkout", "-q", "main")
    head_only = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert head_only["commits_added"] == 1
    everything = scan_json(str(repo.path), "--db", str(db_path), "--all-refs")["repos"][0]
    assert (everything["mode"], everything["commits_added"]) == ("full", 3)
    assert {r[0] for r in query("SELECT sha FROM commits")} >= {topic, tagged}


def test_since_limits_history(history: Any, db_path: Path, query: Any) -> None:
    repo, _ = history
    doc = scan_json(str(repo.path), "--db", str(db_path), "--since", "2020-01-06")["repos"][0]
    # Commit dates on or after 2020-01-06: merge, deps, cleanup.
    assert doc["commits_added"] == 3
    assert query("SELECT since FROM repos") == [("2020-01-06",)]
    full = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (full["mode"], full["commits_added"]) == ("full", 8)


def test_config_changes_apply_without_new_commits(
    history: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    del history  # the fixture builds the demo repository under tmp_path
    config = tmp_path / "techlead.toml"
    config.write_text('[[repos]]\npath = "demo"\n')
    scan_json("--db", str(db_path), cwd=tmp_path)
    assert query("SELECT DISTINCT team FROM people") == [(None,)]
    config.write_text(
        '[[repos]]\npath = "demo"\n\n[teams.core]\nmembers = ["bob@example.com"]\n\n'
        '[components.app]\npaths = ["src/**", "lib/**"]\n\n[mining]\nexclude = ["*.md"]\n'
    )
    doc = scan_json("--db", str(db_path), cwd=tmp_path)["repos"][0]
    assert (doc["mode"], doc["commits_added"], doc["blobs_read"]) == ("unchanged", 0, 0)
    assert query("SELECT name FROM people WHERE team = 'core'") == [("Bob Jones",)]
    assert query("SELECT path, component, is_excluded FROM files ORDER BY path") == [
        ("README.md", "(root)", True),
        ("lib/util.py", "app", False),
        ("requirements.txt", "(root)", False),
        ("src/main.py", "app", False),
    ]
    assert query("SELECT count(*) FROM file_changes WHERE is_excluded") == [(2,)]  # README x2


def test_warnings_are_stored_with_the_scan(history: Any, db_path: Path, query: Any) -> None:
    repo, shas = history
    repo.git("checkout", "-q", "--detach", shas["readme"])
    scan_json(str(repo.path), "--db", str(db_path))
    (warnings,) = query("SELECT warnings FROM scans")[0]
    assert warnings == [
        f"demo: HEAD is detached at {shas['readme']}; scanning the history it reaches"
    ]
