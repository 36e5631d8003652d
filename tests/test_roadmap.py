"""techlead roadmap: roadmap.toml read, judged and checked (docs/direction.md, "Roadmap").

One workspace for the module: a repository "billing" with an adr-tools log (ADRs 1 and 2)
configured in a techlead.toml and scanned with ``--now 2027-01-15``. Each test writes its
own roadmap (and goals) file and runs the command on it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, run_cli, scan_json

NOW = "2027-01-15"
ADR_1 = "# 1. Record architecture decisions\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n"
ADR_2 = "# 2. Use PostgreSQL\n\nDate: 2026-02-01\n\n## Status\n\nAccepted\n"


@pytest.fixture(scope="module")
def workspace(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace folder: techlead.toml, the repository billing, the warehouse."""
    root = tmp_path_factory.mktemp("roadmap")
    repo = GitRepo(root / "billing")
    repo.commit("adrs", files={"doc/adr/0001-record-architecture-decisions.md": ADR_1,
                               "doc/adr/0002-use-postgresql.md": ADR_2,
                               "src/app.py": "def f():\n    return 1\n"})  # fmt: skip
    (root / "techlead.toml").write_text('[[repos]]\npath = "billing"\n')
    scan_json("--db", str(root / "wh.duckdb"), "--now", NOW, cwd=root)
    return root


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def roadmap(workspace: Path, *args: str, cwd: Path | None = None) -> Any:
    return run_cli("roadmap", "--db", str(workspace / "wh.duckdb"), *args, cwd=cwd)


def rows_of(workspace: Path, path: Path, *args: str) -> dict[str, Any]:
    result = roadmap(workspace, "--file", str(path), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


CLEAN = """
    [[initiative]]
    id = "R2"
    title = "Move billing to PostgreSQL"
    start = 2027-02-01
    end = 2027-06-30
    owner = "alice@acme.example"
    teams = ["payments"]
    depends_on = ["R1"]
    goals = ["O1"]
    adrs = [2, "billing:ADR-1"]

    [[initiative]]
    id = "R1"
    title = "Spread knowledge of billing"
    start = 2026-11-01
    end = 2027-01-31
    teams = ["payments"]
    adrs = ["0001-record-architecture-decisions.md"]
"""
GOALS = """
    [[objective]]
    id = "O1"
    title = "Spread knowledge"

    [[objective.key_result]]
    metric = "truck-factor"
    target = 3
    deadline = 2027-06-30
"""


def test_rows_in_start_order_with_states(workspace: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "roadmap.toml", CLEAN)
    goals = write(tmp_path, "goals.toml", GOALS)
    document = rows_of(workspace, path, "--goals", str(goals))
    assert document["rows"] == [
        {"id": "R1", "title": "Spread knowledge of billing", "start": "2026-11-01",
         "end": "2027-01-31", "state": "in progress", "owner": None, "teams": ["payments"],
         "depends-on": [], "goals": [], "adrs": ["0001-record-architecture-decisions.md"],
         "conflicts": []},
        {"id": "R2", "title": "Move billing to PostgreSQL", "start": "2027-02-01",
         "end": "2027-06-30", "state": "planned", "owner": "alice@acme.example",
         "teams": ["payments"], "depends-on": ["R1"], "goals": ["O1"],
         "adrs": ["2", "billing:ADR-1"], "conflicts": []},
    ]  # fmt: skip
    assert document["notes"] == ["no conflicts"]
    check = roadmap(workspace, "--file", str(path), "--goals", str(goals), "--check")
    assert check.exit_code == 0, check.output
    later = rows_of(workspace, path, "--goals", str(goals), "--now", "2027-07-01")
    assert [r["state"] for r in later["rows"]] == ["done", "done"]


def test_found_in_the_current_folder_then_beside_techlead_toml(
    workspace: Path, tmp_path: Path
) -> None:
    beside = write(workspace, "roadmap.toml", CLEAN)
    write(workspace, "goals.toml", GOALS)
    try:
        elsewhere = roadmap(workspace, "--format", "json", cwd=tmp_path)  # the workspace's
        assert elsewhere.exit_code == 0, elsewhere.output
        assert [r["id"] for r in json.loads(elsewhere.stdout)["rows"]] == ["R1", "R2"]
        write(tmp_path, "roadmap.toml", CLEAN.replace('"R1"', '"R0"'))
        here = roadmap(workspace, "--format", "json", cwd=tmp_path)  # ./roadmap.toml wins
        assert [r["id"] for r in json.loads(here.stdout)["rows"]] == ["R0", "R2"]
        # ./goals.toml is missing, so the one beside techlead.toml is read: O1 exists.
        assert json.loads(here.stdout)["notes"] == ["no conflicts"]
    finally:
        beside.unlink()
        (workspace / "goals.toml").unlink()
    nowhere = roadmap(workspace, cwd=tmp_path.parent)
    assert nowhere.exit_code == 2
    assert nowhere.stderr.splitlines() == [
        "techlead: error: no roadmap.toml here or beside the workspace's techlead.toml",
        "techlead: tip: write one (docs/direction.md) or name it with --file PATH",
    ]


def initiative(name: str, start: str, end: str, extra: str = "") -> str:
    return (f'[[initiative]]\nid = "{name}"\ntitle = "{name}"\nstart = {start}\n'
            f"end = {end}\n{extra}\n")  # fmt: skip


def conflicts_of(workspace: Path, tmp_path: Path, text: str, *args: str) -> list[str]:
    path = write(tmp_path, "roadmap.toml", text)
    check = roadmap(workspace, "--file", str(path), "--check", *args)
    assert check.exit_code == 1, check.output
    notes: list[str] = rows_of(workspace, path, *args)["notes"]
    return notes


def test_conflict_dependency_order(workspace: Path, tmp_path: Path) -> None:
    text = initiative("A", "2027-01-01", "2027-03-31") + initiative(
        "B", "2027-03-31", "2027-05-31", 'depends_on = ["A"]'
    )
    assert conflicts_of(workspace, tmp_path, text) == [
        "conflict: B starts on 2027-03-31, before A, which it depends on, ends (2027-03-31)"
    ]
    document = rows_of(workspace, tmp_path / "roadmap.toml")
    assert [r["conflicts"] for r in document["rows"]] == [["dependency-order"]] * 2
    fine = text.replace("start = 2027-03-31", "start = 2027-04-01")
    path = write(tmp_path, "roadmap.toml", fine)
    assert roadmap(workspace, "--file", str(path), "--check").exit_code == 0


def test_conflict_dependency_cycle(workspace: Path, tmp_path: Path) -> None:
    text = (
        initiative("C", "2028-01-01", "2028-01-31", 'depends_on = ["A"]')
        + initiative("A", "2027-01-01", "2027-01-31", 'depends_on = ["B"]')
        + initiative("B", "2026-01-01", "2026-01-31", 'depends_on = ["C"]')
        + initiative("S", "2026-01-01", "2026-01-31", 'depends_on = ["S"]')
    )
    notes = conflicts_of(workspace, tmp_path, text)
    assert [n for n in notes if "cycle" in n] == [
        "conflict: dependency cycle: A → B → C → A",
        "conflict: dependency cycle: S → S",
    ]


def test_conflict_team_on_too_many_initiatives(workspace: Path, tmp_path: Path) -> None:
    teams = 'teams = ["payments", "web"]'
    text = (
        initiative("A", "2027-01-01", "2027-03-31", teams)
        + initiative("B", "2027-02-01", "2027-02-28", 'teams = ["payments"]')
        + initiative("C", "2027-02-15", "2027-04-30", teams)
        + initiative("D", "2027-05-01", "2027-05-31", teams)
    )
    assert conflicts_of(workspace, tmp_path, text) == [
        "conflict: team payments is on 3 initiatives at once from 2027-02-15 to 2027-02-28 "
        "(A, B, C; max_parallel_initiatives is 2)"
    ]


def test_team_limit_comes_from_the_policy(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo("api")
    repo.commit("one", files={"a.py": "x = 1\n"})
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "api"\n\n[policy]\nmax_parallel_initiatives = 1\n'
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), "--now", NOW, cwd=tmp_path)
    path = write(tmp_path, "roadmap.toml", initiative("A", "2027-01-01", "2027-01-31",
                 'teams = ["web"]') + initiative("B", "2027-01-31", "2027-02-28",
                 'teams = ["web"]'))  # fmt: skip
    result = run_cli("roadmap", "--db", str(db), "--file", str(path), "--format", "json")
    assert json.loads(result.stdout)["notes"] == [
        "conflict: team web is on 2 initiatives at once from 2027-01-31 to 2027-01-31 "
        "(A, B; max_parallel_initiatives is 1)"
    ]


def test_conflict_ending_after_a_goal_deadline(workspace: Path, tmp_path: Path) -> None:
    goals = write(tmp_path, "goals.toml", GOALS + """
    [[objective.key_result]]
    metric = "hold-in-use"
    target = 0
    deadline = 2027-03-31
    """)  # fmt: skip
    text = initiative("A", "2027-01-01", "2027-04-30", 'goals = ["O1"]') + initiative(
        "B", "2027-01-01", "2027-03-31", 'goals = ["O1"]'
    )
    assert conflicts_of(workspace, tmp_path, text, "--goals", str(goals)) == [
        "conflict: A ends on 2027-04-30, after the deadline of goal O1 (2027-03-31)"
    ]


def test_conflict_goal_not_found(workspace: Path, tmp_path: Path) -> None:
    goals = write(tmp_path, "goals.toml", GOALS)
    text = initiative("A", "2027-01-01", "2027-01-31", 'goals = ["O1", "O9"]')
    assert conflicts_of(workspace, tmp_path, text, "--goals", str(goals)) == [
        f"conflict: A serves goal O9, which is not an objective in {goals}"
    ]
    # Without any goals file, every goal named is missing.
    assert conflicts_of(workspace, tmp_path, text) == [
        "conflict: A serves goal O1, which is not an objective (no goals.toml found)",
        "conflict: A serves goal O9, which is not an objective (no goals.toml found)",
    ]


def test_conflict_adr_not_found(workspace: Path, tmp_path: Path) -> None:
    known = '"ADR-2", "adr-0001", 1, "billing:2", "doc/adr/0002-use-postgresql.md"'
    text = initiative("A", "2027-01-01", "2027-01-31", f'adrs = [{known}, 3, "web:1", "x.md"]')
    assert conflicts_of(workspace, tmp_path, text) == [
        "conflict: A links ADR 3, which no scanned repository records",
        "conflict: A links ADR web:1, which no scanned repository records",
        "conflict: A links ADR x.md, which no scanned repository records",
    ]


def test_table_and_csv(workspace: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "roadmap.toml", CLEAN)
    table = roadmap(workspace, "--file", str(path))
    assert table.exit_code == 0 and "Move billing to PostgreSQL" in table.stdout
    assert "conflict: R2 serves goal O1" in table.stdout
    csv = roadmap(workspace, "--file", str(path), "--format", "csv")
    assert csv.stdout.splitlines()[0] == (
        "id,title,start,end,state,owner,teams,depends-on,goals,adrs,conflicts"
    )
    assert csv.stdout.splitlines()[1].startswith("R1,Spread knowledge of billing,2026-11-01,")
