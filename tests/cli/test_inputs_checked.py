"""Inputs checked once: every bad input the issue lists is one clear line on stderr and
exit code 2 (never a traceback, never a wrong success)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, build_history, run_cli, scan_json

CORPUS_OSV = Path(__file__).resolve().parents[1] / "data" / "corpus" / "osv"


def one_error(result: Any) -> str:
    """The single error line of a failed command (and its tip, if any, is the only other)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("techlead: error: "), result.stderr
    assert all(line.startswith("techlead: tip: ") for line in lines[1:]), result.stderr
    return str(lines[0])


@pytest.fixture(scope="module")
def scanned(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    repo = GitRepo(root / "demo")
    build_history(repo)
    db = root / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db))
    return db


def test_empty_sql(scanned: Path) -> None:
    assert one_error(run_cli("sql", "", "--db", str(scanned))) == (
        "techlead: error: no SQL given: pass one statement, e.g. techlead sql 'SELECT 1'"
    )


@pytest.mark.parametrize("command", ["report", "sbom"])
def test_out_in_a_folder_that_does_not_exist(scanned: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "nonexistent" / "dir" / "out.file"
    line = one_error(run_cli(command, "--out", str(target), "--db", str(scanned)))
    assert f"{target}: the folder {target.parent} does not exist" in line
    assert not target.parent.exists()


def test_radar_render_out_in_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    radar = tmp_path / "radar.csv"
    radar.write_text("name,ring,quadrant,isNew,description\nPython,adopt,languages,false,x\n")
    target = tmp_path / "missing" / "radar.html"
    line = one_error(run_cli("radar", "render", str(radar), "--out", str(target)))
    assert f"the folder {target.parent} does not exist" in line


def test_empty_path_filter(scanned: Path) -> None:
    assert one_error(run_cli("revisions", "--path", "", "--db", str(scanned))) == (
        "techlead: error: --path needs a value (it was given an empty one)"
    )


def test_malformed_glob(scanned: Path) -> None:
    line = one_error(run_cli("revisions", "--path", "src/[**", "--db", str(scanned)))
    assert "src/[**" in line


def test_broken_osv_data_fails_the_gate(scanned: Path, tmp_path: Path) -> None:
    broken = tmp_path / "osv"
    broken.mkdir()
    (broken / "good.json").write_bytes((CORPUS_OSV / "GHSA-x84v-xcm2-53pg.json").read_bytes())
    (broken / "broken.json").write_text("{ not json")
    line = one_error(run_cli("vulns", "--osv", str(broken), "--fail-on", "high",
                             "--db", str(scanned)))  # fmt: skip
    assert "the OSV data is not all readable" in line and "broken.json" in line
    only_broken = tmp_path / "broken.json"
    only_broken.write_text("[]")
    assert "no OSV records found" in one_error(
        run_cli("vulns", "--osv", str(only_broken), "--db", str(scanned))
    )


def test_misspelt_option_is_one_line_with_the_suggestion(scanned: Path) -> None:
    assert one_error(run_cli("hotspots", "--limt", "3", "--db", str(scanned))) == (
        "techlead: error: No such option '--limt'. Did you mean '--limit'? "
        "(see `techlead hotspots --help`)"
    )


@pytest.mark.parametrize(
    "args, expected",
    [
        (("revisions", "--repo", "nope"), "--repo 'nope': no such repository (known: demo)"),
        (("revisions", "--component", "nope"),
         "--component 'nope': no such component (known: (root), lib, src)"),
        (("deps", "--ecosystem", "foo"), "--ecosystem 'foo': no such ecosystem (known: PyPI)"),
        (("knowledge", "--leaving", "nobody"),
         "--leaving 'nobody': nobody of that name or e-mail in the warehouse"),
        (("report", "--repo", "nope"), "--repo 'nope': no such repository (known: demo)"),
        (("standards", "--repo", "nope"), "--repo 'nope': no such repository (known: demo)"),
        (("risk", "--repo", "nope"), "--repo 'nope': no such repository (known: demo)"),
    ],
)  # fmt: skip
def test_unknown_names_list_what_exists(
    scanned: Path, args: tuple[str, ...], expected: str
) -> None:
    assert expected in one_error(run_cli(*args, "--db", str(scanned)))


@pytest.mark.parametrize(
    "args, option",
    [
        (("knowledge", "--island-share", "1.5"), "--island-share"),
        (("knowledge", "--inactive-days", "-1"), "--inactive-days"),
        (("coupling", "--min-coupling", "150"), "--min-coupling"),
        (("hotspots", "--percentile", "101"), "--percentile"),
        (("complexity-trend", "src/main.py", "--samples", "0"), "--samples"),
    ],
)
def test_out_of_range_options(scanned: Path, args: tuple[str, ...], option: str) -> None:
    line = one_error(run_cli(*args, "--db", str(scanned)))
    assert f"Invalid value for '{option}'" in line and "is not in the range" in line


def test_negative_wait(scanned: Path, tmp_path: Path) -> None:
    line = one_error(run_cli("scan", str(tmp_path), "--wait", "-5", "--db", str(scanned)))
    assert "Invalid value for '--wait'" in line


def test_duplicate_repository_names(make_repo: Any, tmp_path: Path, db_path: Path) -> None:
    make_repo("one").commit("a", files={"a.py": "1\n"})
    make_repo("two").commit("a", files={"a.py": "1\n"})
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "one"\nname = "api"\n\n[[repos]]\npath = "two"\nname = "api"\n'
    )
    line = one_error(run_cli("scan", "--db", str(db_path), cwd=tmp_path))
    assert line == (
        f"techlead: error: {tmp_path / 'techlead.toml'}:7: two [[repos]] entries are named "
        "'api': names must be unique"
    )


def test_bad_policy_values(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "techlead.toml").write_text("[policy]\ninactive_days = 0\n")
    line = one_error(run_cli("scan", "--db", str(db_path), cwd=tmp_path))
    assert line.endswith("techlead.toml:2: inactive_days = 0 is out of range (at least 1)")
    (tmp_path / "techlead.toml").write_text("[policy]\nislands = 0.9\n")
    line = one_error(run_cli("scan", "--db", str(db_path), cwd=tmp_path))
    assert "unknown key 'islands' in [policy]" in line


def test_workspace_name_names_the_bill_of_materials(make_repo: Any, tmp_path: Path) -> None:
    make_repo("one").commit("a", files={"requirements.txt": "requests==2.31.0\n"})
    make_repo("two").commit("a", files={"app.py": "x = 1\n"})  # no dependencies
    (tmp_path / "techlead.toml").write_text(
        '[workspace]\nname = "acme"\n\n[[repos]]\npath = "one"\n\n[[repos]]\npath = "two"\n'
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), cwd=tmp_path)
    bom = json.loads(run_cli("sbom", "--db", str(db)).stdout)
    # The bill covers both repositories, so it is the workspace's, even though only one
    # has dependencies; of one repository, it is that repository's.
    assert bom["metadata"]["component"]["name"] == "acme"
    one = json.loads(run_cli("sbom", "--repo", "one", "--db", str(db)).stdout)
    assert one["metadata"]["component"]["name"] == "one"


def test_serve_on_a_busy_port(scanned: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--db", str(scanned))
    line = one_error(result)
    assert line == f"techlead: error: cannot serve on 127.0.0.1:{port}: Address already in use"
    assert "serving" not in result.stderr


def test_complexity_trend_takes_a_file_as_complexity_names_it(
    make_repo: Any, db_path: Path
) -> None:
    """In a workspace, `complexity` prints `repo:path`; complexity-trend accepts that form
    (and a plain path that exists in two repositories asks for --repo)."""
    for name in ("api", "web"):
        repo = make_repo(name)
        for i in range(3):
            branches = "".join(f"    if x == {k}:\n        return {k}\n" for k in range(i + 2))
            repo.commit(f"c{i}", files={"app.py": f"def f(x):\n{branches}"})
    scan_json(str(db_path.parent.parent / "api"), str(db_path.parent.parent / "web"),
              "--db", str(db_path))  # fmt: skip
    named = json.loads(run_cli("complexity", "--db", str(db_path), "--format", "json").stdout)
    assert {r["entity"] for r in named["rows"]} == {"api:app.py", "web:app.py"}
    trend = run_cli("complexity-trend", "api:app.py", "--db", str(db_path), "--format", "json")
    assert trend.exit_code == 0, trend.output
    assert [r["cyclomatic"] for r in json.loads(trend.stdout)["rows"]] == [3, 4, 5]
    both = run_cli("complexity-trend", "app.py", "--db", str(db_path))
    assert "exists in several repositories (api, web); choose one with --repo" in one_error(both)


@pytest.mark.parametrize(
    "sql, expected",
    [
        (";", "techlead: error: no SQL given: pass one statement, e.g. techlead sql 'SELECT 1'"),
        ("/* nothing */", "techlead: error: no SQL given: pass one statement, e.g. techlead sql "
         "'SELECT 1'"),
        ("SELECT 1; SELECT 2", "techlead: error: one statement at a time (2 given)"),
        ("UPDATE repos SET name = 'x'", "techlead: error: the warehouse is read-only here: "
         "UPDATE statements are refused (queries, EXPLAIN and PRAGMA run)"),
        ("SELECT regexp_matches('a', '(')", "techlead: error: SQL error: Invalid Input Error: "
         "missing ): ("),
    ],
)  # fmt: skip
def test_sql_statements_are_classified_before_they_run(
    scanned: Path, sql: str, expected: str
) -> None:
    assert one_error(run_cli("sql", sql, "--db", str(scanned))) == expected


def test_out_that_is_a_folder_or_cannot_be_written(scanned: Path, tmp_path: Path) -> None:
    line = one_error(run_cli("report", "--out", str(tmp_path), "--db", str(scanned)))
    assert f"Invalid value for '--out': File '{tmp_path}' is a directory." in line
    assert "is a folder, not a file to write" in one_error(
        run_cli("sbom", "--out", "", "--db", str(scanned))
    )
    # /proc/version refuses every write (to root too: Input/output error; else Permission
    # denied): the failure is one line.
    line = one_error(run_cli("sbom", "--out", "/proc/version", "--db", str(scanned)))
    assert line.startswith("techlead: error: cannot write /proc/version: ")
