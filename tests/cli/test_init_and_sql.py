"""techlead init and techlead sql, end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from techlead.core.config import load_config

from conftest import GitRepo, run_cli, scan_json


def test_init_lists_repositories_and_writes_a_valid_file(tmp_path: Path, db_path: Path) -> None:
    for name in ("api", "web", "group/tools"):
        GitRepo(tmp_path / "ws" / name).commit("one", files={"a.txt": "1\n"})
    GitRepo(tmp_path / "ws" / "api" / "vendor" / "nested")  # inside a repo: not listed
    (tmp_path / "ws" / "node_modules" / "x").mkdir(parents=True)
    result = run_cli("init", str(tmp_path / "ws"))
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path / 'ws' / 'techlead.toml'} with 3 repositories\n"
    config = load_config(tmp_path / "ws" / "techlead.toml")
    assert [(r.name, r.path.relative_to(tmp_path / "ws").as_posix()) for r in config.repos] == [
        ("api", "api"),
        ("tools", "group/tools"),
        ("web", "web"),
    ]
    doc = scan_json("--db", str(db_path), cwd=tmp_path / "ws")
    assert [r["name"] for r in doc["repos"]] == ["api", "tools", "web"]
    again = run_cli("init", str(tmp_path / "ws"))
    assert again.exit_code == 2
    assert "already exists (use --force to overwrite it)" in again.stderr
    assert run_cli("init", str(tmp_path / "ws"), "--force").exit_code == 0


def test_sql_formats(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    sql = "SELECT name, commits FROM people WHERE NOT is_bot ORDER BY commits DESC, name"
    csv_out = run_cli("sql", sql, "--db", str(db_path), "--format", "csv")
    assert csv_out.stdout == ("name,commits\nAlice Smith,3\nBob Jones,3\nCarol White,1\n")
    as_json = json.loads(run_cli("sql", sql, "--db", str(db_path), "--format", "json").stdout)
    assert as_json["rows"] == [
        {"name": "Alice Smith", "commits": 3},
        {"name": "Bob Jones", "commits": 3},
        {"name": "Carol White", "commits": 1},
    ]
    table = run_cli("sql", sql, "--db", str(db_path))
    assert table.stdout.splitlines() == [
        "name        ┃ commits",
        "━━━━━━━━━━━━╇━━━━━━━━",
        "Alice Smith │       3",
        "Bob Jones   │       3",
        "Carol White │       1",
    ]


def test_sql_is_read_only_and_errors_are_one_line(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    for statement, expected in [
        ("DELETE FROM commits", "techlead: error: the warehouse is read-only here"),
        ("SELEC 1", "techlead: error: SQL error: Parser Error"),
        ("SELECT * FROM read_csv('/etc/passwd')", "techlead: error: SQL error:"),
        ("COPY commits TO '/tmp/x.csv'", "techlead: error:"),
    ]:
        result = run_cli("sql", statement, "--db", str(db_path))
        assert result.exit_code == 2, statement
        assert result.stderr.startswith(expected), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_sql_without_a_warehouse(tmp_path: Path) -> None:
    result = run_cli("sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"techlead: error: no warehouse at {tmp_path / 'none.duckdb'}",
        "techlead: tip: run `techlead scan` first",
    ]


def test_db_from_environment(history: Any, tmp_path: Path, monkeypatch: Any) -> None:
    repo, _ = history
    monkeypatch.setenv("TECHLEAD_DB", str(tmp_path / "env.duckdb"))
    scan_json(str(repo.path))
    assert (tmp_path / "env.duckdb").exists()
    assert run_cli("sql", "SELECT count(*) AS n FROM commits", "--format", "csv").stdout == "n\n8\n"
