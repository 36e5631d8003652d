"""`techlead skills`: person × technology knowledge, team coverage and gaps, on a
hand-built repository with fixed dates (knowledge scores worked out in the comments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ALICE, BOB, CAROL, run_cli, scan_json

DAVE = ("Dave Brown", "dave@example.com")


@pytest.fixture
def scanned(make_repo: Any, tmp_path: Path) -> Path:
    repo = make_repo("shop")
    steps = [
        ("2020-01-01", ALICE, {"requirements.txt": "django==4.2\n",
                               "requirements-dev.txt": "mypy==1.0\n",
                               "app/views.py": "a = 1\nb = 2\nc = 3\nd = 4\n",
                               "app/run.sh": "#!/bin/sh\necho run\n"}),
        ("2020-01-02", BOB, {"app/models.py": "x = 1\ny = 2\n", "tests/test_x.py": "t = 1\n"}),
        ("2020-01-03", CAROL, {"Dockerfile": "FROM python\n"}),
        ("2020-11-30", BOB, {"tests/test_x.py": "t = 1\nu = 2\n"}),
        ("2020-12-01", DAVE, {"app/models.py": "x = 1\ny = 2\nz = 3\nw = 4\n"}),
    ]  # fmt: skip
    for n, (day, who, files) in enumerate(steps):
        repo.commit(f"c{n}", author=who, date=f"{day}T00:00:00+00:00", files=files)
    config = tmp_path / "techlead.toml"
    config.write_text(f"[[repos]]\npath = '{repo.path}'\n\n[teams.web]\n"
                      "members = ['bob@example.com', 'dave@example.com']\n")  # fmt: skip
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    return db


def _skills(db: Path, view: str) -> list[dict[str, Any]]:
    result = run_cli("skills", "--view", view, "--now", "2020-12-01", "--db", str(db),
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]  # type: ignore[no-any-return]


def test_people_by_technology(scanned: Path) -> None:
    rows = _skills(scanned, "people")
    got = [(r["technology"], r["person"], r["share"], r["expert"], r["active"]) for r in rows]
    # Python (and django, PyPI: its Python files under the root requirements.txt): w(d) =
    # 2^(-d/365) at 2020-12-01. Alice views.py 4 lines: 5·w(335) = 2.648; Bob models.py 2
    # lines and test_x.py 1, then 1: 3·w(334) + 2·w(334) + 2·w(1) = 4.649; Dave 2 lines
    # now: 3. Total 10.297 → Bob 45.1%, Dave 29.1%, Alice 25.7%. Experts hold the first
    # half: Bob (0 before him), Dave (45.1% before him); not Alice (74.3%). Alice (last
    # commit 2020-01-01) and Carol have left (180 days before the newest commit).
    # Shell: Alice's run.sh alone; docker: Carol's Dockerfile alone.
    assert got == [
        ("Python", "Bob Jones", 45.1, True, True),
        ("Python", "Dave Brown", 29.1, True, True),
        ("Python", "Alice Smith", 25.7, False, False),
        ("Shell", "Alice Smith", 100.0, True, False),
        ("django", "Bob Jones", 45.1, True, True),
        ("django", "Dave Brown", 29.1, True, True),
        ("django", "Alice Smith", 25.7, False, False),
        ("docker", "Carol White", 100.0, True, False),
        ("mypy", "Bob Jones", 45.1, True, True),
        ("mypy", "Dave Brown", 29.1, True, True),
        ("mypy", "Alice Smith", 25.7, False, False),
    ]


def test_teams_and_gaps(scanned: Path) -> None:
    # Team web (Bob, Dave) covers Python, django and mypy with both experts; the people
    # outside every team are all gone.
    assert [(r["team"], r["technology"], r["people"], r["experts"]) for r in
            _skills(scanned, "teams")] == [
        ("web", "Python", 2, 2), ("web", "django", 2, 2), ("web", "mypy", 2, 2)]  # fmt: skip
    # Gaps: production technologies with at most one active expert: Shell (app/run.sh)
    # and docker (the Dockerfile), whose experts left. mypy is a development dependency:
    # never in production use.
    assert [(r["technology"], r["production-files"], r["active-experts"], r["departed-experts"])
            for r in _skills(scanned, "gaps")] == [
        ("Shell", 1, [], ["Alice Smith"]), ("docker", 1, [], ["Carol White"])]  # fmt: skip
