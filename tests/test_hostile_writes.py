"""Hostile repositories and files: techlead writes only where the user asked (issue 20).

Output files are never written through a symlink or outside their folder, ADR logs stay
inside their repository and are written all or nothing, ``init`` writes valid TOML from
any directory names, and a warehouse that is not one is a one-line error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import run_cli, scan_json


def _one_line_error(result: Any, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("techlead: error:"), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


# --- the warehouse's schema_version ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nine", "schema_version is not a number"),
        ("", "schema_version is not a number"),
        ("9.5", "schema_version is not a number"),
        ("-1", "schema_version is not a number"),
        ("\x1b]0;title\x07", "schema_version is not a number"),
        (None, "records no schema_version"),
    ],
)
def test_schema_version_not_a_number_is_one_line(
    make_repo: Any, db_path: Path, value: str | None, expected: str
) -> None:
    repo = make_repo()
    repo.commit("init", files={"a.txt": "a\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    con = duckdb.connect(str(db_path))
    if value is None:
        con.execute("DELETE FROM techlead_meta WHERE key = 'schema_version'")
    else:
        con.execute("UPDATE techlead_meta SET value = ? WHERE key = 'schema_version'", [value])
    con.close()
    for args in (["summary"], ["scan", str(repo.path)]):
        result = run_cli(*args, "--db", str(db_path))
        _one_line_error(result, str(db_path), expected)
        assert "\x1b" not in result.stderr
