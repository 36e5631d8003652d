"""Bad input: a one-line error and exit code 2, or a warning and go on; never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import GitRepo, run_cli, scan_json


def error_line(result: Any) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("techlead: error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_path_that_does_not_exist(tmp_path: Path, db_path: Path) -> None:
    result = run_cli("scan", str(tmp_path / "nope"), "--db", str(db_path))
    assert result.exit_code == 2
    assert error_line(result) == f"techlead: error: {tmp_path / 'nope'} does not exist"
    assert not db_path.exists()  # nothing written before every path is checked


def test_directory_that_is_not_a_repository(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = run_cli("scan", str(tmp_path / "plain"), "--db", str(db_path))
    assert result.exit_code == 2
    assert error_line(result).endswith("plain is not a git repository")


def test_subdirectory_of_a_repository_names_the_top(history: Any, db_path: Path) -> None:
    repo, _ = history
    result = run_cli("scan", str(repo.path / "src"), "--db", str(db_path))
    assert result.exit_code == 2
    assert f"pass {repo.path} instead" in error_line(result)


def test_empty_repository_is_a_warning(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("empty")
    result = run_cli("scan", str(repo.path), "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0
    assert "empty: the repository has no commits; skipped" in result.stderr
    assert json.loads(result.stdout)["repos"][0]["mode"] == "skipped"


def test_unborn_head_with_other_branches(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("unborn")
    repo.commit("one", files={"a": "1\n"})
    repo.git("checkout", "-q", "--orphan", "fresh")
    result = run_cli("scan", str(repo.path), "--db", str(db_path))
    assert result.exit_code == 0
    assert "HEAD has no commit yet (refs/heads/fresh)" in result.stderr
    doc = scan_json(str(repo.path), "--db", str(db_path), "--all-refs")
    assert doc["repos"][0]["commits_added"] == 1


def test_detached_head_is_scanned_with_a_warning(history: Any, db_path: Path) -> None:
    repo, shas = history
    repo.git("checkout", "-q", "--detach", shas["readme"])
    result = run_cli("scan", str(repo.path), "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0
    assert f"HEAD is detached at {shas['readme']}" in result.stderr
    assert json.loads(result.stdout)["repos"][0]["commits_added"] == 4  # init, edit, rename, readme


def test_shallow_clone(history: Any, tmp_path: Path, db_path: Path, query: Any) -> None:
    repo, _ = history
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True
    )
    result = run_cli("scan", str(clone), "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0
    assert "shallow clone, history is truncated" in result.stderr
    expected = int(
        subprocess.run(
            ["git", "-C", str(clone), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert json.loads(result.stdout)["repos"][0]["commits_added"] == expected
    assert query("SELECT count(*) FROM commits WHERE is_grafted") == [(1,)]


def test_partial_clone_without_its_remote(
    history: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    repo, _ = history
    clone = tmp_path / "partial"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--no-checkout",
            "--filter=blob:none",
            f"file://{repo.path}",
            str(clone),
        ],
        check=True,
    )
    subprocess.run(["git", "-C", str(clone), "remote", "remove", "origin"], check=True)
    result = run_cli("scan", str(clone), "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)["repos"][0]
    assert entry["commits_added"] == 8
    assert "partial clone with" in result.stderr
    # Only HEAD's blobs arrive with a --no-checkout blob:none clone: none. Every text change
    # needs a blob, so all 7 text changes are unknown (the 2 binary logo changes too, as
    # git cannot tell binary from text without the content).
    assert (
        entry["unknown_line_counts"]
        == query("SELECT count(*) FROM file_changes WHERE added IS NULL AND NOT is_binary")[0][0]
    )
    assert entry["unknown_line_counts"] > 0
    assert (
        f"{entry['unknown_line_counts']:,} file changes have unknown line counts" in result.stderr
    )


def test_non_utf8_names_paths_and_odd_characters(make_repo: Any, db_path: Path, query: Any) -> None:
    repo: GitRepo = make_repo("odd")
    repo.write(b"caf\xe9.txt", "x\n")
    repo.write('tab\tand "quotes"\nnewline.txt', "y\n")
    repo.write("-rf", "z\n")
    first = repo.commit("odd names", author=('O\'Neil "Q" Tab\there', "q@example.com"))
    as_git_reports = repo.git("log", "-1", "--format=%an", first)  # git trims a trailing quote
    # git re-encodes a Latin-1 name given to `git commit`; write the object by hand so the
    # stored bytes really are invalid UTF-8 in the name and in the message.
    tree = repo.git("rev-parse", "HEAD^{tree}")
    raw = (
        f"tree {tree}\nparent {repo.head()}\n".encode()
        + b"author Jos\xe9 <jose@example.com> 1577836800 +0000\n"
        + b"committer Jos\xe9 <jose@example.com> 1577836800 +0000\n\nna\xefve message\n"
    )
    sha = repo.git("hash-object", "-t", "commit", "-w", "--stdin", "--literally", stdin=raw)
    repo.git("update-ref", "refs/heads/main", sha)
    scan_json(str(repo.path), "--db", str(db_path))
    paths = sorted(row[0] for row in query("SELECT path FROM file_changes"))
    assert paths == ["-rf", "caf\\xe9.txt", 'tab\tand "quotes"\nnewline.txt']
    assert sorted(query("SELECT name FROM people")) == [("Jos\ufffd",), (as_git_reports,)]
    assert query("SELECT subject FROM commits WHERE sha = ?", [sha]) == [("na\ufffdve message",)]


def test_a_time_zone_git_cannot_read(make_repo: Any, db_path: Path, query: Any) -> None:
    # boto/boto's commit c1eddff4ee3f has the zone "--700"; git prints no date at all for
    # it (empty %ad and %cd), which used to stop the whole scan. Its seconds are read from
    # the commit object: 1300000000 is 2011-03-13 07:06:40 UTC; "--700" means -07:00.
    repo: GitRepo = make_repo("tz")
    repo.commit("first", files={"a.py": "x = 1\n"})
    tree = repo.git("rev-parse", "HEAD^{tree}")
    raw = (
        f"tree {tree}\nparent {repo.head()}\n".encode()
        + b"author Ann <ann@example.com> 1300000000 --700\n"
        + b"committer Ann <ann@example.com> 1300000000 --700\n\nodd zone\n"
    )
    sha = repo.git("hash-object", "-t", "commit", "-w", "--stdin", "--literally", stdin=raw)
    repo.git("update-ref", "refs/heads/main", sha)
    assert repo.git("log", "-1", "--format=[%ad]", sha) == "[]"
    scan_json(str(repo.path), "--db", str(db_path))
    found = query("SELECT epoch(author_time)::BIGINT, author_offset, epoch(commit_time)::BIGINT, "
                  "commit_offset FROM commits WHERE sha = ?", [sha])  # fmt: skip
    assert found == [(1300000000, -420, 1300000000, -420)]


def test_repository_whose_path_begins_with_a_dash(tmp_path: Path, db_path: Path) -> None:
    repo = GitRepo(tmp_path / "-C")
    repo.commit("one", files={"a": "1\n"})
    doc = scan_json("--db", str(db_path), "--", "-C", cwd=tmp_path)
    assert doc["repos"][0]["name"] == "-C" and doc["repos"][0]["commits_added"] == 1


def test_bad_since(history: Any, db_path: Path) -> None:
    repo, _ = history
    result = run_cli("scan", str(repo.path), "--db", str(db_path), "--since", "--all")
    assert result.exit_code == 2
    assert "is not a date" in error_line(result)


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            b"this is not a database at all\n" * 100,
            "is not a techlead warehouse (not a DuckDB file, or damaged)",
        ),
        (os.urandom(8192), "is not a techlead warehouse (not a DuckDB file, or damaged)"),
    ],
)
def test_corrupt_or_foreign_file_as_db(
    history: Any, tmp_path: Path, content: bytes, expected: str
) -> None:
    repo, _ = history
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(content)
    result = run_cli("scan", str(repo.path), "--db", str(bad))
    assert result.exit_code == 2
    assert error_line(result).endswith(expected)
    assert bad.read_bytes() == content  # left as it was


def test_duckdb_file_of_another_application(history: Any, tmp_path: Path) -> None:
    repo, _ = history
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.close()
    result = run_cli("scan", str(repo.path), "--db", str(other))
    assert result.exit_code == 2
    assert error_line(result).endswith("is a DuckDB database but not a techlead warehouse")


def test_database_from_a_newer_techlead(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE techlead_meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    for args in (["scan", str(repo.path)], ["sql", "SELECT 1"]):
        result = run_cli(*args, "--db", str(db_path))
        assert result.exit_code == 2
        assert "written by a newer techlead (schema version 99" in error_line(result)


def test_second_scan_while_the_warehouse_is_busy(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); time.sleep(2.5)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    busy = run_cli("scan", str(repo.path), "--db", str(db_path))
    assert busy.exit_code == 2
    assert f"is in use by another techlead process (process {holder.pid})" in error_line(busy)
    started = time.monotonic()
    waited = run_cli("scan", str(repo.path), "--db", str(db_path), "--wait", "20", "--quiet")
    assert waited.exit_code == 0, waited.output
    assert time.monotonic() - started > 0.5
    holder.wait()


def test_malformed_config_names_file_line_and_key(tmp_path: Path, db_path: Path) -> None:
    config = tmp_path / "techlead.toml"
    cases = {
        '[workspace]\nname = "x"\n\n[mining]\nexclud = ["a"]\n': (
            f"{config}:5: unknown key 'exclud' in [mining]"
        ),
        "[workspace\nname = 1\n": f"{config}: invalid TOML",
        "[mining]\nsince = 2020\n": f"{config}:2: 'since' in [mining] must be a string",
        '[[repos]]\npath = "missing-dir"\n': (
            f"{config}:2: repository path 'missing-dir' does not exist"
        ),
    }
    for text, expected in cases.items():
        config.write_text(text)
        result = run_cli("scan", "--db", str(db_path), cwd=tmp_path)
        assert result.exit_code == 2, text
        assert error_line(result).startswith(f"techlead: error: {expected}"), result.stderr
