"""Hostile globs and patterns: linear-time matching (RE2), malformed patterns named.

A glob made into a backtracking regular expression (``**/`` fourteen times against a deep
path, ``*a`` twenty-five times against a long name) took minutes to hours in Python's
``re``; every glob is now matched by RE2 (techlead.core.globs.compile_regex), DuckDB's
engine, in time linear in the path."""

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

from techlead.core import codeowners
from techlead.core.globs import GlobError, compile_regex, glob_to_regex, globs_regex, matches

from conftest import run_cli, scan_json

DEEP_GLOB = "**/" * 14 + "x"
DEEP_PATH = "a/" * 3000 + "y"
STARS = "*a" * 25
LONG_NAME = "a" * 20000 + "b"
# What a repository can hold: paths of at most 4 KiB, names of at most 255 bytes.
DEEP_FILE = "d/" * 100 + "f.txt"
LONG_FILE = "a" * 200 + "b"


def _timed(call: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


@pytest.mark.parametrize(("glob", "path"), [(DEEP_GLOB, DEEP_PATH), (STARS, LONG_NAME)])
def test_hostile_globs_match_in_linear_time(glob: str, path: str) -> None:
    found, seconds = _timed(lambda: matches(path, (glob,)))
    assert found is False
    assert seconds < 0.1
    # Ten times the text takes about ten times as long, not exponentially longer.
    regex = compile_regex(globs_regex([glob]))
    _, short = _timed(lambda: [regex.match(path) for _ in range(20)])
    _, long = _timed(lambda: [regex.match(path * 10) for _ in range(20)])
    assert long < 50 * short + 0.05


def test_python_and_duckdb_agree_on_hostile_globs() -> None:
    regex = globs_regex([DEEP_GLOB, STARS])
    paths = [DEEP_PATH, LONG_NAME, "a/b/x", "x", "ba" * 30, "a/" * 20 + "x/y"]
    python = [compile_regex(regex).match(p) is not None for p in paths]
    con = duckdb.connect()
    sql = [con.execute("SELECT regexp_full_match(?, ?)", [p, regex]).fetchone()[0] for p in paths]  # type: ignore[index]
    assert python == sql == [False, False, True, True, True, True]


def test_reversed_range_is_a_glob_error() -> None:
    with pytest.raises(
        GlobError, match=r"^malformed glob '\[z-a\]': bad character class '\[z-a\]'$"
    ):
        glob_to_regex("[z-a]")


def test_compile_regex_names_what_re2_rejects() -> None:
    with pytest.raises(
        GlobError, match=r"^bad regular expression '\(\?<=a\)b': invalid perl operator: \(\?<=$"
    ):
        compile_regex("(?<=a)b")


def test_codeowners_hostile_and_malformed_patterns() -> None:
    rules = codeowners.parse(f"x[z-a] @o\n{DEEP_GLOB} @o\n{STARS} @o\n*.py @o\n").rules
    paths = [DEEP_PATH, LONG_NAME, "src/app.py"]
    problems, seconds = _timed(lambda: codeowners.problems(rules, paths))
    assert seconds < 0.5
    assert problems == [
        "line 1: malformed glob 'x[z-a]': bad character class '[z-a]'",
        f"line 2: {DEEP_GLOB} matches no file",
        f"line 3: {STARS} matches no file",
    ]


def test_codeowners_check_names_the_malformed_line(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("api")
    repo.commit(
        "owners",
        files={".github/CODEOWNERS": "*.py @org/dev\n[z-a] @o\n", "app.py": "x = 1\n"},
    )
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["rows"][0]["codeowners"] == "FAIL"
    assert [n for n in document["notes"] if "codeowners" in n] == [
        "api: codeowners (silver): .github/CODEOWNERS: line 2: malformed glob '[z-a]': "
        "bad character class '[z-a]'. Fix: Keep .github/CODEOWNERS: every pattern matching "
        "files, owners who still commit."
    ]


def _run(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess, so a hang fails the test instead of
    stopping the suite (it is killed at ``timeout``)."""
    command = [sys.executable, "-m", "techlead", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=dict(os.environ)
    )


def test_scan_with_hostile_globs_in_techlead_toml(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo("r")
    repo.commit("deep", files={DEEP_FILE: "x\n", "a.py": "x = 1\n", LONG_FILE: "z\n"})
    (tmp_path / "techlead.toml").write_text(
        f'[[repos]]\npath = "r"\n\n[mining]\nexclude = ["{DEEP_GLOB}", "{STARS}"]\n\n'
        f'[components.c]\npaths = ["{DEEP_GLOB}"]\n\n[roles]\ntest = ["{STARS}"]\n\n'
        f'[teams.t]\nmembers = ["{STARS}"]\n'
    )
    done, seconds = _timed(lambda: _run(["scan", "--db", "wh.duckdb", "--quiet"], tmp_path))
    assert done.returncode == 0, done.stderr
    assert seconds < 30


def test_standards_with_hostile_globs(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    repo = make_repo("api")
    repo.commit("long", files={LONG_FILE: "x\n", DEEP_FILE: "y\n", "README.md": "hi\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    config = tmp_path / "standards.toml"
    config.write_text(
        f'[[check]]\nid = "stars"\nfile_exists = ["{STARS}"]\n\n'
        f'[[check]]\nid = "deep"\nfile_absent = ["{DEEP_GLOB}"]\n\n'
        f'[[check]]\nid = "text"\nfile_contains = {{ path = "{STARS}", regex = "(a*)*b" }}\n\n'
        f'[secrets]\nallow = ["{DEEP_GLOB}"]\n'
    )
    args = ["standards", "--config", str(config), "--db", str(db_path), "--format", "json"]
    done, seconds = _timed(lambda: _run([*args, "--now", "2020-02-01"], tmp_path))
    assert seconds < 30
    row = json.loads(done.stdout)["rows"][0]
    assert (row["stars"], row["deep"], row["text"]) == ("FAIL", "pass", "n/a")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[teams.a]\nmembers = ["x@example.com", "[z-a]@example.com"]\n',
            "techlead.toml:5: 'members' in [teams.a]: malformed glob '[z-a]@example.com': "
            "bad character class '[z-a]'",
        ),
        (
            '[components.c]\npaths = ["[z-a]/**"]\n',
            "techlead.toml:5: 'paths' in [components.c]: malformed glob '[z-a]/**': "
            "bad character class '[z-a]'",
        ),
        (
            '[mining]\nexclude = ["vendor/", "[z-a]"]\n',
            "techlead.toml:5: 'exclude' in [mining]: malformed glob '[z-a]': "
            "bad character class '[z-a]'",
        ),
        (
            "[mining]\nexclude = " + "[" * 100_000 + "\n",
            "techlead.toml: invalid TOML: arrays or tables nested too deeply",
        ),
    ],
)
def test_techlead_toml_bad_globs_are_one_line_errors(
    make_repo: Any, tmp_path: Path, toml: str, message: str
) -> None:
    make_repo("r").commit("one", files={"a.py": "x = 1\n"})
    (tmp_path / "techlead.toml").write_text('[[repos]]\npath = "r"\n\n' + toml)
    result = run_cli("scan", "--db", str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"techlead: error: {tmp_path / message}\n"
