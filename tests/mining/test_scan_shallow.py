"""A shallow clone whose boundary moves (deepened, unshallowed) is mined again in full."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from conftest import run_cli, scan_json


def _history(make_repo: Any, commits: int) -> Path:
    repo = make_repo("origin")
    for i in range(commits):
        day = f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}T12:00:00+00:00"
        repo.commit(f"change {i}", files={"file.txt": f"{i}\n"}, date=day)
    path: Path = repo.path
    return path


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def _commits(query: Any) -> int:
    return int(query("SELECT count(*) FROM commits")[0][0])


def test_deepened_shallow_clone_is_mined_again(
    make_repo: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    origin = _history(make_repo, 70)
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth", "20", f"file://{origin}", str(clone))
    scan_json(str(clone), "--db", str(db_path))
    assert _commits(query) == 20

    _git("-C", str(clone), "fetch", "-q", "--deepen", "30")
    result = run_cli("scan", str(clone), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "the shallow clone's boundary moved" in result.stderr
    assert _commits(query) == 50
    assert query("SELECT mode FROM scans ORDER BY scan_id DESC LIMIT 1") == [("rewritten",)]

    _git("-C", str(clone), "fetch", "-q", "--unshallow")
    scan_json(str(clone), "--db", str(db_path))
    assert _commits(query) == 70
    assert query("SELECT count(*) FROM commits WHERE is_grafted") == [(0,)]


def test_unmoved_shallow_clone_stays_unchanged(
    make_repo: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    origin = _history(make_repo, 10)
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth", "3", f"file://{origin}", str(clone))
    scan_json(str(clone), "--db", str(db_path))
    scan_json(str(clone), "--db", str(db_path))
    assert query("SELECT mode FROM scans ORDER BY scan_id") == [("full",), ("unchanged",)]
    assert _commits(query) == 3
