"""`techlead who`: people ranked by a recency-weighted knowledge score, and reviewers for a
change, on a hand-built repository with fixed dates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ALICE, BOB, CAROL, run_cli, scan_json


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> Path:
    repo = make_repo("svc")
    repo.commit("a", author=ALICE, date="2020-01-01T00:00:00+00:00",
                files={"src/a.py": "x = 1\ny = 2\nz = 3\n", "src/c.py": "c = 1\n"})  # fmt: skip
    repo.commit("more a", author=BOB, date="2021-01-01T00:00:00+00:00",
                files={"src/a.py": "x = 1\ny = 2\nz = 3\nv = 4\nw = 5\n"})  # fmt: skip
    repo.commit("b", author=CAROL, date="2021-01-01T00:00:00+00:00", files={
        "src/a.py": "x = 1\ny = 2\nz = 3\nv = 4\nw = 5\nu = 6\n",
        "src/b.py": "".join(f"b{i} = {i}\n" for i in range(10))})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    return db_path


def _who(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli("who", *args, "--now", "2021-01-01", "--half-life", "366", "--db", str(db),
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_experts_of_a_file(scanned: Path) -> None:
    found = _who(scanned, "src/a.py")
    # Measured at 2021-01-01 with a half-life of 366 days (2020 is a leap year):
    # Alice added 3 lines 366 days before: (3 + 1) · 2^-1 = 2; Bob 2 lines now: 3;
    # Carol 1 line now: 2. Total 7. Alice has left (no commit in the 180 days before the
    # newest commit), so she comes last whatever her score; Carol and Alice tie at 2.
    assert [(r["person"], r["active"], r["score"], r["share"]) for r in found["rows"]] == [
        ("Bob Jones", True, 3.0, 42.9),
        ("Carol White", True, 2.0, 28.6),
        ("Alice Smith", False, 2.0, 28.6),
    ]
    assert found["notes"] == ["src/a.py: taken as a path (1 file at HEAD)"]


def test_experts_of_a_component_and_a_language(scanned: Path) -> None:
    # src: a.py as above, b.py Carol 10 lines now: 11; c.py Alice 1 line: (1 + 1) / 2 = 1.
    component = _who(scanned, "src")
    assert [(r["person"], r["score"]) for r in component["rows"]] == [
        ("Carol White", 13.0), ("Bob Jones", 3.0), ("Alice Smith", 3.0)]  # fmt: skip
    assert component["notes"] == ["src: taken as a component (3 files at HEAD)"]
    language = _who(scanned, "python")
    assert language["notes"] == ["python: taken as a language (3 files at HEAD)"]
    assert [r["score"] for r in language["rows"]] == [13.0, 3.0, 3.0]


def test_reviewers_cover_the_change_and_leave_the_author_out(scanned: Path) -> None:
    files = ("--reviewers", "src/a.py", "src/b.py", "src/c.py")
    # Active scores: a.py Bob 3, Carol 2; b.py Carol 11; c.py only Alice (left).
    # Carol's gain 13 beats Bob's 3, and she covers a.py (2 ≥ 3/2) and b.py.
    first = _who(scanned, *files)
    assert [(r["reviewer"], r["files"], r["score"]) for r in first["rows"]] == [
        ("Carol White", ["src/a.py", "src/b.py"], 13.0)]  # fmt: skip
    assert first["notes"] == ["no active person (but the author) knows: src/c.py"]
    # Carol wrote the change: Bob reviews a.py; no one else knows b.py.
    second = _who(scanned, *files, "--author", "carol@example.com")
    assert [(r["reviewer"], r["files"]) for r in second["rows"]] == [("Bob Jones", ["src/a.py"])]
    assert second["notes"] == ["no active person (but the author) knows: src/b.py, src/c.py"]


def test_unknown_target_and_bad_glob_are_one_line_errors(scanned: Path) -> None:
    unknown = run_cli("who", "nothing-here", "--db", str(scanned))
    assert unknown.exit_code != 0
    assert unknown.output.strip() == (
        "techlead: error: 'nothing-here' is no component, path at HEAD, language or "
        "technology in use here"
    )
    bad = run_cli("who", "src/[z-a]", "--db", str(scanned))
    assert bad.exit_code != 0 and len(bad.output.strip().splitlines()) == 1
    two = run_cli("who", "src", "python", "--db", str(scanned))
    assert two.exit_code != 0 and "several files: --reviewers" in two.output
