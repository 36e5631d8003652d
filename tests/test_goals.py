"""techlead goals on a hand-built history (docs/direction.md "Goals").

One repository ``r`` (team ``core``, component ``calc`` = calc.py), one commit a month on
the 15th (12:00 UTC) from January to May 2020, each making calc.py's one function simpler:
cyclomatic 9, 8, 7, 6, 5. hotspot-complexity-max (lower is better) is calc.py's complexity,
so the monthly history reads (the state at each period end):
  2020-02-01 9 | 2020-03-01 8 | 2020-04-01 7 | 2020-05-01 6 | 2020-06-01 5
In months from February (x = 0..4) the values are y = 9 - x exactly: the least-squares line
has slope -1 a month, no residual, so a band of ±0. The current value (the newest commit,
2020-05-15) is 5; "now" for deadlines is that commit unless --now.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, run_cli, scan_json

METRIC = "hotspot-complexity-max"


def calc(complexity: int) -> str:
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(1, complexity))
    return f"def f(x):\n{branches}    return 0\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, module_git: None) -> Path:
    root = tmp_path_factory.mktemp("goals")
    repo = GitRepo(root / "r")
    for month in range(1, 6):
        repo.commit(f"month {month}", date=f"2020-0{month}-15T12:00:00+00:00",
                    files={"calc.py": calc(10 - month)})  # fmt: skip
    (root / "techlead.toml").write_text(
        '[[repos]]\npath = "r"\nteam = "core"\n\n[components.calc]\npaths = ["calc.py"]\n'
    )
    scan_json("--db", str(root / "wh.duckdb"), cwd=root)
    (root / "elsewhere").mkdir()
    return root


def goals_file(folder: Path, *results: str, links: str = "[]", name: str = "goals.toml") -> Path:
    text = f'[[objective]]\nid = "O1"\ntitle = "Simpler calc"\nlinks = {links}\n'
    for result in results:
        text += f'\n[[objective.key_result]]\nmetric = "{METRIC}"\n{result}\n'
    path = folder / name
    path.write_text(text)
    return path


def goals(workspace: Path, path: Path, *args: str) -> Any:
    return run_cli("goals", "--file", str(path), "--db", str(workspace / "wh.duckdb"), *args)


def rows(workspace: Path, path: Path, *args: str) -> list[dict[str, Any]]:
    result = goals(workspace, path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return found


def test_every_status(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(
        tmp_path,
        "target = 6\ndeadline = 2020-12-31",  # met: 5 <= 6
        'scope = { repo = "r" }\ntarget = 3\ndeadline = 2020-05-01',  # missed: passed, 5 > 3
        "target = 3\ndeadline = 2020-09-01",  # on track: the line at September (x 7) is 2
        'scope = { team = "core" }\ntarget = 1\ndeadline = 2020-07-01',  # off track: July 4
        'scope = { component = "calc", repo = "r" }\ntarget = 1\ndeadline = 2020-07-01\n'
        "baseline = 2020-04-20",  # too short: 2020-04-20 (6), 05-01 (6), 06-01 (5)
    )
    found = rows(workspace, path)
    assert [(r["scope"], r["baseline-date"], r["baseline"], r["value"], r["target"],
             r["progress"], r["trend"], r["forecast"], r["forecast-low"], r["forecast-high"],
             r["status"]) for r in found] == [
        # progress = (current - baseline) / (target - baseline): (5-9)/(6-9) = 133.3 %
        ("workspace", "2020-02-01", 9.0, 5.0, 6.0, 133.3, "improving", -1.968, -1.968, -1.968,
         "met"),  # the line at 2020-12-31: 9 - (10 + 30/31) = -1.968
        ("r", "2020-02-01", 9.0, 5.0, 3.0, 66.7, "improving", 6.0, 6.0, 6.0, "missed"),
        ("workspace", "2020-02-01", 9.0, 5.0, 3.0, 66.7, "improving", 2.0, 2.0, 2.0,
         "on track"),
        ("core", "2020-02-01", 9.0, 5.0, 1.0, 50.0, "improving", 4.0, 4.0, 4.0, "off track"),
        # (5-6)/(1-6) = 20 %; 6 -> 5 over the three points is improving (lower is better)
        ("r:calc", "2020-04-20", 6.0, 5.0, 1.0, 20.0, "improving", None, None, None, "at risk"),
    ]  # fmt: skip
    assert found[4]["note"] == "history too short to forecast (3 points, 4 needed)"
    assert [r["objective"] for r in found] == ["O1"] * 5
    assert [r["deadline"] for r in found][:2] == ["2020-12-31", "2020-05-01"]


def test_baseline_is_the_history_with_until(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(tmp_path, "target = 1\ndeadline = 2020-07-01\nbaseline = 2020-03-20")
    [row] = rows(workspace, path)
    history = run_cli("history", METRIC, "--every", "year", "--until", "2020-03-20",
                      "--db", str(workspace / "wh.duckdb"), "--format", "json")  # fmt: skip
    assert row["baseline"] == json.loads(history.stdout)["rows"][0]["value"] == 7.0


def test_check_is_a_ci_gate(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(tmp_path, "target = 6\ndeadline = 2020-03-01",
                      "target = 3\ndeadline = 2020-05-01")  # fmt: skip
    failed = goals(workspace, path, "--check")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines() == [
        "techlead: missed: objective O1: hotspot-complexity-max of workspace is 5, the target "
        "was 3 by 2020-05-01"
    ]
    # Before the deadline (--now) nothing is missed: the line at May is 6, off track.
    early = goals(workspace, path, "--check", "--now", "2020-04-01", "--format", "json")
    assert early.exit_code == 0, early.output
    assert [r["status"] for r in json.loads(early.stdout)["rows"]] == ["met", "off track"]
    assert goals(workspace, goals_file(tmp_path, "target = 6\ndeadline = 2020-03-01"),
                 "--check").exit_code == 0  # fmt: skip


def test_table_csv_and_markdown(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(tmp_path, "target = 3\ndeadline = 2020-09-01")
    table = goals(workspace, path)
    assert table.exit_code == 0, table.output
    assert "on track" in table.stdout and "66.7%" in table.stdout
    csv = goals(workspace, path, "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("objective,metric,scope,baseline-date,")
    assert csv.stdout.splitlines()[1].endswith(",on track,")


def test_goals_beside_techlead_toml(workspace: Path) -> None:
    # Scanned with the workspace's techlead.toml: its goals.toml is found from elsewhere.
    goals_file(workspace, "target = 6\ndeadline = 2020-12-31")
    try:
        result = run_cli("goals", "--db", str(workspace / "wh.duckdb"), "--format", "json",
                         cwd=workspace / "elsewhere")  # fmt: skip
    finally:
        (workspace / "goals.toml").unlink()
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in json.loads(result.stdout)["rows"]] == ["met"]
    none = run_cli("goals", "--db", str(workspace / "wh.duckdb"), cwd=workspace / "elsewhere")
    assert none.exit_code == 2
    assert none.stderr.startswith("techlead: error: no goals file: write goals.toml beside")


def test_links_to_nothing_are_warnings(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(tmp_path, "target = 6\ndeadline = 2020-12-31", links='["ADR-7", "KNOW-1"]')
    result = goals(workspace, path, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"techlead: warning: {path}:4: objective O1 links to 'ADR-7': no ADR of that number "
        "in the warehouse",
        f"techlead: warning: {path}:4: objective O1 links to 'KNOW-1': not an ADR (ADR-7) nor "
        "a risk of the stored register",
    ]


@pytest.mark.parametrize(("scope", "message"), [
    ('{ repo = "nope" }', "no repository 'nope' in the warehouse (known: r)"),
    ('{ team = "web" }', "no team 'web' owns a repository (known: core; teams come from "
                         "techlead.toml)"),
    ('{ component = "ui" }', "no component 'ui' in the warehouse (known: calc)"),
    ('{ component = "calc", repo = "x" }', "no repository 'x' in the warehouse (known: r)"),
])  # fmt: skip
def test_a_scope_that_matches_nothing(workspace: Path, tmp_path: Path, scope: str,
                                      message: str) -> None:  # fmt: skip
    path = goals_file(tmp_path, f"scope = {scope}\ntarget = 6\ndeadline = 2020-12-31")
    result = goals(workspace, path)
    assert result.exit_code == 2
    assert result.stderr == (f"techlead: error: {path}:8: 'scope' of objective O1 key result "
                             f"1: {message}\n")  # fmt: skip


def test_a_bad_file_is_one_line(workspace: Path, tmp_path: Path) -> None:
    path = goals_file(tmp_path, "target = 6\ndeadline = 2020-12-31")
    path.write_text(path.read_text().replace(METRIC, "bus-factor"))
    result = goals(workspace, path)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"techlead: error: {path}:7: 'metric' of objective O1 key "
                                    "result 1: unknown metric 'bus-factor' (known: ")  # fmt: skip
    missing = run_cli("goals", "--file", str(tmp_path / "no.toml"), "--db",
                      str(workspace / "wh.duckdb"))  # fmt: skip
    assert missing.exit_code == 2
    assert missing.stderr == f"techlead: error: {tmp_path / 'no.toml'}: no such goals file\n"
