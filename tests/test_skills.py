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
    # Shell: Alice's run.sh alone; docker: Carol's Dockerfile alone; mypy, a development
    # dependency, is used from the test and build files: tests/test_x.py, Bob's alone.
    assert got == [
        ("Python", "Bob Jones", 45.1, True, True),
        ("Python", "Dave Brown", 29.1, True, True),
        ("Python", "Alice Smith", 25.7, False, False),
        ("Shell", "Alice Smith", 100.0, True, False),
        ("django", "Bob Jones", 45.1, True, True),
        ("django", "Dave Brown", 29.1, True, True),
        ("django", "Alice Smith", 25.7, False, False),
        ("docker", "Carol White", 100.0, True, False),
        ("mypy", "Bob Jones", 100.0, True, True),
    ]


def test_teams_and_gaps(scanned: Path) -> None:
    # Team web (Bob, Dave) covers Python and django with both experts, mypy with Bob; the
    # people outside every team are all gone.
    assert [(r["team"], r["technology"], r["people"], r["experts"]) for r in
            _skills(scanned, "teams")] == [
        ("web", "Python", 2, 2), ("web", "django", 2, 2), ("web", "mypy", 1, 1)]  # fmt: skip
    # Gaps: production technologies with at most one active expert: Shell (app/run.sh)
    # and docker (the Dockerfile), whose experts left. mypy is a development dependency:
    # never in production use.
    assert [(r["technology"], r["production-files"], r["active-experts"], r["departed-experts"])
            for r in _skills(scanned, "gaps")] == [
        ("Shell", 1, [], ["Alice Smith"]), ("docker", 1, [], ["Carol White"])]  # fmt: skip


def test_profile_is_evidence_not_a_rank(scanned: Path) -> None:
    result = run_cli("profile", "bob@example.com", "--now", "2020-12-01", "--db", str(scanned),
                     "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    rows = [(r["aspect"], r["item"], r["value"]) for r in found["rows"]]
    # Bob's scores (see above): tests 2·w(334) + 2·w(1) = 3.057 (all of tests), app
    # models.py 3·w(334) = 1.592 of app's 8.829 (Alice 2.648 + 1.589, Dave 3) = 18.0%.
    # Breadth over components: p = 0.658, 0.342 → H = 0.927 bits of 1 → 0.93.
    # Technologies: Python and django 4.649 each (45.1%), mypy 3.057 (the test file:
    # 100%); breadth p = 0.376, 0.376, 0.247 → H = 1.560 of log2 3 = 1.585 → 0.98.
    # No one else changed his files within 90 days (Dave's change is 334 days later).
    # Both his commits changed code; his team web has no repository of its own here.
    assert rows == [
        ("components", "shop:tests", 100.0),
        ("components", "shop:app", 18.0),
        ("breadth", "components", 0.93),
        ("technologies", "Python", 45.1),
        ("technologies", "django", 45.1),
        ("technologies", "mypy", 100.0),
        ("breadth", "technologies", 0.98),
        ("reach", "collaborators", 0.0),
        ("hands-on", "code commits", 100.0),
        ("internal", "team web", 0.0),
    ]
    assert found["rows"][0]["evidence"] == (
        "2 commits, last 2020-11-30; 66% of their own knowledge"
    )
    assert found["notes"] == ["conversation material: where and how someone works, not how "
                              "well; never rank people by it"]  # fmt: skip
    unknown = run_cli("profile", "nobody@example.com", "--db", str(scanned))
    assert unknown.exit_code != 0 and "no person named" in unknown.output
