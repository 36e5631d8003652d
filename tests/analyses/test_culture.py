"""culture: collaboration ties, learning firsts and new dependencies per quarter, on a
history small enough to work out by hand.

Repository "api", teams alpha = alice and bob, beta = carol; dave has no team. Components
are top-level folders (core, web). Dates are author and commit dates.

    c1 2024-01-10 alice  core/a.py, core/requirements.txt [requests]
    c2 2024-02-10 bob    core/b.py
    c3 2024-03-10 carol  web/app.js
    c4 2024-04-10 alice  web/app.js
    c5 2024-05-10 carol  web/app.js, web/package.json [react]
    c6 2024-06-10 bob    core/b.py, core/requirements.txt [requests, flask]
    c7 2024-07-10 carol  core/a.py, core/requirements.txt [requests]        (flask dropped)
    c8 2024-08-10 dave   web/app.js
    c9 2024-09-10 carol  core/requirements.txt [requests, flask, celery]    (flask back)

Collaboration (a tie: both committed to one component in the quarter):
    Q1: core {alice, bob}, web {carol}: 3 people, 2 components, 1 shared, 1 tie
        (alice-bob, same team), density 1/3
    Q2: core {bob}, web {alice, carol}: 3 people, 2 components, 1 shared, 1 tie
        (alice-carol, alpha-beta: cross-team), density 1/3
    Q3: core {carol}, web {dave}: 2 people, 2 components, 0 shared, 0 ties, density 0

Firsts (components; programming languages by file name; ecosystems of manifests):
    Q1 newcomers alice (core, Python, PyPI), bob (core, Python), carol (web, JavaScript)
    Q2 learning: alice web, alice JavaScript; carol npm; bob PyPI
       -> 3 learners, 4 firsts, 1 component, 3 technologies, 0 newcomers
    Q3 learning: carol core, carol Python, carol PyPI; newcomer dave (web, JavaScript)
       -> 1 learner, 3 firsts, 1 component, 2 technologies, 1 newcomer

New direct dependencies (first on the main line): Q1 requests; Q2 react (c5), flask (c6);
Q3 celery (c9; flask's return in c9 is not new).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.analyses import culture, culture_innovation
from techlead.analyses.culture import CollaborationRow, CultureParams, LearningRow
from techlead.communicate import culture_views
from techlead.core.errors import ConfigError
from techlead.core.model import Options

from conftest import ALICE, BOB, CAROL, GitRepo, run_cli, scan_json

DAVE = ("Dave Brown", "dave@example.com")
Q1, Q2, Q3 = date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1)


def build(repo: GitRepo) -> dict[str, str]:
    shas = {}
    steps: list[tuple[str, tuple[str, str], str, dict[str, str]]] = [
        ("c1", ALICE, "2024-01-10", {"core/a.py": "a = 1\n",
                                     "core/requirements.txt": "requests\n"}),
        ("c2", BOB, "2024-02-10", {"core/b.py": "b = 1\n"}),
        ("c3", CAROL, "2024-03-10", {"web/app.js": "let x = 1;\n"}),
        ("c4", ALICE, "2024-04-10", {"web/app.js": "let x = 2;\n"}),
        ("c5", CAROL, "2024-05-10", {"web/app.js": "let x = 3;\n",
                                     "web/package.json": '{"dependencies": {"react": "^18"}}'}),
        ("c6", BOB, "2024-06-10", {"core/b.py": "b = 2\n",
                                   "core/requirements.txt": "requests\nflask\n"}),
        ("c7", CAROL, "2024-07-10", {"core/a.py": "a = 2\n",
                                     "core/requirements.txt": "requests\n"}),
        ("c8", DAVE, "2024-08-10", {"web/app.js": "let x = 4;\n"}),
        ("c9", CAROL, "2024-09-10", {"core/requirements.txt": "requests\nflask\ncelery\n"}),
    ]  # fmt: skip
    for name, author, day, files in steps:
        shas[name] = repo.commit(name, author=author, date=f"{day}T12:00:00+00:00", files=files)
    return shas


TOML = (
    '[[repos]]\npath = "api"\n\n[teams.alpha]\nmembers = ["alice@example.com", '
    '"bob@example.com"]\n\n[teams.beta]\nmembers = ["carol@example.com"]\n'
)


@pytest.fixture
def workspace(make_repo: Any, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = make_repo("api")
    shas = build(repo)
    (tmp_path / "techlead.toml").write_text(TOML)
    scan_json("--db", str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    return tmp_path, shas


def open_db(folder: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(folder / "wh.duckdb"), read_only=True)


def test_collaboration_ties_per_quarter(workspace: tuple[Path, dict[str, str]]) -> None:
    con = open_db(workspace[0])
    rows = culture.collaboration(con, Options(), CultureParams()).rows
    assert rows == [
        CollaborationRow(Q1, 3, 2, 1, 1, 0, 0.333),
        CollaborationRow(Q2, 3, 2, 1, 1, 1, 0.333),
        CollaborationRow(Q3, 2, 2, 0, 0, 0, 0.0),
    ]
    ties = culture.ties(con, Options(), CultureParams()).rows
    assert [(t.period, t.person, t.other, t.team, t.other_team, t.components) for t in ties] == [
        (Q2, "Alice Smith", "Carol White", "alpha", "beta", ["web"]),
        (Q1, "Alice Smith", "Bob Jones", "alpha", "alpha", ["core"]),
    ]


def test_learning_firsts_per_quarter(workspace: tuple[Path, dict[str, str]]) -> None:
    con = open_db(workspace[0])
    firsts = culture.firsts(con, Options(), CultureParams()).rows
    learning = [(f.period, f.person, f.kind, f.what) for f in firsts if not f.newcomer]
    assert learning == [
        (Q2, "Alice Smith", "component", "web"),
        (Q2, "Alice Smith", "language", "JavaScript"),
        (Q2, "Bob Jones", "ecosystem", "PyPI"),
        (Q2, "Carol White", "ecosystem", "npm"),
        (Q3, "Carol White", "component", "core"),
        (Q3, "Carol White", "ecosystem", "PyPI"),
        (Q3, "Carol White", "language", "Python"),
    ]
    assert culture.learning(con, Options(), CultureParams()).rows == [
        LearningRow(Q1, 0, 0, 0, 0, 3),
        LearningRow(Q2, 3, 4, 1, 3, 0),
        LearningRow(Q3, 1, 3, 1, 2, 1),
    ]


def test_since_chooses_periods_but_the_whole_history_decides_a_first(
    workspace: tuple[Path, dict[str, str]],
) -> None:
    from datetime import UTC, datetime

    con = open_db(workspace[0])
    since = Options(since=datetime(2024, 7, 1, tzinfo=UTC))
    # without the earlier history, carol's Q3 core commit would look like a newcomer's
    assert culture.learning(con, since, CultureParams()).rows == [LearningRow(Q3, 1, 3, 1, 2, 1)]


def test_new_dependencies_per_quarter(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, shas = workspace
    con = open_db(folder)
    found = culture_innovation.innovation(con, Options(), "quarter")
    assert [(d.period, d.dependency, d.manifest, d.commit) for d in found.rows] == [
        (Q1, "requests", "core/requirements.txt", shas["c1"]),
        (Q2, "flask", "core/requirements.txt", shas["c6"]),
        (Q2, "react", "web/package.json", shas["c5"]),
        (Q3, "celery", "core/requirements.txt", shas["c9"]),
    ]
    assert found.notes == ()
    summary = culture_innovation.summarise(found.rows)
    assert [(s.period, s.new_dependencies) for s in summary] == [(Q1, 1), (Q2, 2), (Q3, 1)]


def test_the_command_marks_trial_and_assess_blips(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, _ = workspace
    radar = folder / "radar.csv"
    radar.write_text(
        "name,ring,quadrant,isNew,description\n"
        "Flask,Trial,Languages & Frameworks,FALSE,\n"
        "Celery,Assess,Tools,FALSE,\n"
        "React,Adopt,Languages & Frameworks,FALSE,\n"
    )
    result = run_cli("culture", "--db", str(folder / "wh.duckdb"), "--view", "innovation",
                     "--radar", str(radar), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["period"], r["new-dependencies"], r["trial-or-assess"]) for r in rows] == [
        ("2024-01-01", 1, []),
        ("2024-04-01", 2, ["Flask (Trial)"]),
        ("2024-07-01", 1, ["Celery (Assess)"]),
    ]


def test_the_command_prints_every_view(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, _ = workspace
    db = str(folder / "wh.duckdb")
    for view in ("collaboration", "learning", "innovation", "spreading"):
        result = run_cli("culture", "--db", db, "--view", view, "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("period,"), result.stdout


def test_spreading_is_the_metric_history(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, _ = workspace
    db = str(folder / "wh.duckdb")
    spread = run_cli("culture", "--db", db, "--view", "spreading", "--format", "json")
    rows = json.loads(spread.stdout)["rows"]
    for metric, column in (("truck-factor", "truck-factor"),
                           ("knowledge-islands", "knowledge-islands")):  # fmt: skip
        history = run_cli("history", metric, "--db", db, "--every", "quarter", "--format", "json")
        points = json.loads(history.stdout)["rows"]
        assert [r[column] for r in rows] == [p["value"] for p in points]
        assert [r["date"] for r in rows] == [p["date"] for p in points]
    assert [r["period"] for r in rows] == ["2024-01-01", "2024-04-01", "2024-07-01"]


def test_spreading_refuses_several_repositories(workspace: tuple[Path, dict[str, str]]) -> None:
    con = open_db(workspace[0])
    with pytest.raises(ConfigError, match="the workspace or one repository"):
        culture_views.spreading(con, Options(repos=("api", "web")))
