"""Scanning a real repository records exactly what git reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import GitRepo, scan_json


def git_numstat(repo: GitRepo) -> list[tuple[str, str, str]]:
    """(sha, added, deleted) per change line, from git's own --numstat."""
    out = repo.git("log", "--numstat", "-M", "--format=@%H")
    rows, sha = [], ""
    for line in out.splitlines():
        if line.startswith("@"):
            sha = line[1:]
        elif line.strip():
            added, deleted, _ = line.split("\t", 2)
            rows.append((sha, added, deleted))
    return sorted(rows)


def test_scan_matches_what_git_reports(history: Any, db_path: Path, query: Any) -> None:
    repo, shas = history
    doc = scan_json(str(repo.path), "--db", str(db_path))
    (entry,) = doc["repos"]
    assert entry["mode"] == "full"
    assert entry["commits_added"] == int(repo.git("rev-list", "--count", "HEAD")) == 8
    ours = query(
        "SELECT sha, coalesce(added::VARCHAR, '-'), coalesce(deleted::VARCHAR, '-') "
        "FROM file_changes"
    )
    assert sorted(ours) == git_numstat(repo)
    merges = query("SELECT sha FROM commits WHERE is_merge")
    assert merges == [(shas["merge"],)]
    parents = dict(query("SELECT sha, parents FROM commits"))
    for sha in shas.values():
        assert parents[sha] == repo.git("log", "-1", "--format=%P", sha).split()


def test_changes_with_types_renames_and_binaries(history: Any, db_path: Path, query: Any) -> None:
    repo, shas = history
    scan_json(str(repo.path), "--db", str(db_path))
    label = {sha: name for name, sha in shas.items()}
    rows = query(
        "SELECT sha, change_type, path, old_path, added, deleted, is_binary FROM file_changes "
        "ORDER BY path, sha"
    )
    assert sorted((label[sha], *rest) for sha, *rest in rows) == sorted(
        [
            ("init", "A", "README.md", None, 3, 0, False),
            ("readme", "M", "README.md", None, 1, 0, False),
            ("feature", "A", "lib/util.py", None, 5, 0, False),
            ("init", "A", "logo.png", None, None, None, True),
            ("cleanup", "D", "logo.png", None, None, None, True),
            ("deps", "A", "requirements.txt", None, 2, 0, False),
            ("init", "A", "src/app.py", None, 10, 0, False),
            ("edit", "M", "src/app.py", None, 2, 1, False),
            ("rename", "R", "src/main.py", "src/app.py", 1, 0, False),
        ]
    )


def test_commit_rows(history: Any, db_path: Path, query: Any) -> None:
    repo, shas = history
    scan_json(str(repo.path), "--db", str(db_path))
    rows = query(
        "SELECT sha, epoch(author_time)::BIGINT, author_offset, subject, body, files_changed, "
        "lines_added, lines_deleted, is_merge FROM commits"
    )
    by_sha = {row[0]: row[1:] for row in rows}
    # 2020-01-01T10:00:00+01:00 is 09:00 UTC = 1577869200; offset +60 minutes.
    # Lines sum the text changes only: README 3 + app.py 10 = 13; the binary logo adds none.
    assert by_sha[shas["init"]] == (1577869200, 60, "Initial commit", "", 3, 13, 0, False)
    # 2020-01-02T10:00:00-05:00 = 15:00 UTC = 1577977200; offset -300 minutes.
    assert by_sha[shas["edit"]] == (1577977200, -300, "Edit app", "", 1, 2, 1, False)
    assert by_sha[shas["merge"]][2:] == ("Merge branch 'feature'", "", 0, 0, 0, True)
    assert by_sha[shas["cleanup"]][2:4] == (
        "Remove logo",
        "Co-authored-by: Carol White <carol@example.com>",
    )


def test_file_tree_can_be_rebuilt_at_a_past_commit(history: Any, db_path: Path, query: Any) -> None:
    """Replaying A/R/D changes of the ancestors of a commit gives git's own tree."""
    repo, shas = history
    scan_json(str(repo.path), "--db", str(db_path))
    target = shas["merge"]
    ancestors = set(repo.git("rev-list", target).split())
    rows = query(
        "SELECT fc.sha, fc.change_type, fc.path, fc.old_path FROM file_changes fc "
        "JOIN commits c USING (repo_id, sha) ORDER BY c.commit_time, fc.path"
    )
    tree: set[str] = set()
    for sha, change_type, path, old_path in rows:
        if sha not in ancestors:
            continue
        if change_type == "D":
            tree.discard(path)
        else:
            if change_type == "R":
                tree.discard(old_path)
            tree.add(path)
    assert tree == set(repo.git("ls-tree", "-r", "--name-only", target).split())


def test_bare_repository_scans_the_same(
    history: Any, tmp_path: Path, query: Any, db_path: Path
) -> None:
    repo, _ = history
    bare = tmp_path / "demo.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(bare))
    doc = scan_json(str(bare), "--db", str(db_path))
    (entry,) = doc["repos"]
    assert entry["name"] == "demo" and entry["commits_added"] == 8
    # HEAD holds README.md, src/main.py, lib/util.py, requirements.txt (logo.png was deleted).
    assert query("SELECT is_bare, count(*) FROM repos, files GROUP BY ALL") == [(True, 4)]


def test_parallel_jobs_give_identical_rows(make_repo: Any, tmp_path: Path) -> None:
    import duckdb

    from techlead.mining import history as history_module

    repo = make_repo("many")
    for i in range(60):
        repo.commit(
            f"c{i}",
            files={f"d{i % 4}/f{i % 7}.txt": f"{i}\n" * (i % 5 + 1)},
            date=f"2021-01-01T00:{i:02d}:00+00:00",
        )
    old = history_module.MIN_COMMITS_PER_JOB
    history_module.MIN_COMMITS_PER_JOB = 10
    try:
        results = []
        for jobs in ("1", "3"):
            db = tmp_path / f"j{jobs}.duckdb"
            scan_json(str(repo.path), "--db", str(db), "--jobs", jobs)
            con = duckdb.connect(str(db), read_only=True)
            results.append(
                (
                    con.execute("SELECT * EXCLUDE (repo_id) FROM commits ORDER BY sha").fetchall(),
                    con.execute(
                        "SELECT * EXCLUDE (repo_id) FROM file_changes ORDER BY sha, path"
                    ).fetchall(),
                )
            )
            con.close()
    finally:
        history_module.MIN_COMMITS_PER_JOB = old
    assert len(results[0][0]) == 60
    assert results[0] == results[1]
