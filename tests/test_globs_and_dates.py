"""Glob semantics (also checked inside DuckDB's RE2) and user dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from techlead.core.config import load_config
from techlead.core.dates import DateError, parse_date
from techlead.core.errors import ConfigError, TechleadError
from techlead.core.globs import GlobError, glob_to_regex, globs_regex, matches, names_regex

CASES = [
    ("*.min.js", "web/app.min.js", True),
    ("*.min.js", "app.min.js", True),
    ("*.min.js", "app.js", False),
    ("node_modules/", "node_modules/x/y.js", True),
    ("node_modules/", "web/node_modules/x.js", True),
    ("node_modules/", "node_modules", False),
    ("docs/**", "docs/a/b.md", True),
    ("docs/**", "src/docs/a.md", False),
    ("/build", "build/out.o", True),
    ("/build", "src/build/out.o", False),
    ("src/*.py", "src/a.py", True),
    ("src/*.py", "src/sub/a.py", False),
    ("**/test_*.py", "test_a.py", True),
    ("**/test_*.py", "a/b/test_a.py", True),
    ("file?.txt", "file1.txt", True),
    ("file?.txt", "file10.txt", False),
    ("[ab].c", "a.c", True),
    ("[!ab].c", "a.c", False),
    ("a b (1).txt", "x/a b (1).txt", True),
    ("*@acme.example", "alice@acme.example", True),
    # "]" first in a class is a member (also after "!"); "[" inside one is literal.
    ("[]]x", "]x", True),
    ("[!]]x", "]x", False),
    ("[!]]x", "ax", True),
    ("*[[]bot[]]*", "dependabot[bot]", True),
    ("[\\]", "\\", True),
    ("[a-c].txt", "b.txt", True),
    ("[a-c].txt", "d.txt", False),
]


@pytest.mark.parametrize("pattern, path, expected", CASES)
def test_glob_in_python_and_in_duckdb(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, (pattern,)) is expected
    in_sql = duckdb.execute(
        "SELECT regexp_full_match($p, $r)", {"p": path, "r": globs_regex([pattern])}
    ).fetchone()
    assert in_sql == (expected,)


def test_no_patterns_match_nothing() -> None:
    assert matches("anything", ()) is False
    nothing = duckdb.execute("SELECT regexp_full_match('', $r)", {"r": globs_regex([])})
    assert nothing.fetchone() == (False,)


def test_dates() -> None:
    now = datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_date("2024-02-29") == datetime(2024, 2, 29, tzinfo=UTC)
    assert parse_date("2024-02-29T10:00:00+02:00").isoformat() == "2024-02-29T10:00:00+02:00"
    assert parse_date("10 days ago", now=now) == datetime(2026, 1, 21, tzinfo=UTC)
    assert parse_date("2 weeks ago", now=now) == datetime(2026, 1, 17, tzinfo=UTC)
    # Months and years are calendar months and years; the day is clamped to the month's end.
    assert parse_date("1 year ago", now=now) == datetime(2025, 1, 31, tzinfo=UTC)
    assert parse_date("2 months ago", now=now) == datetime(2025, 11, 30, tzinfo=UTC)
    assert parse_date("1 month ago", now=datetime(2024, 3, 31, tzinfo=UTC)) == datetime(
        2024, 2, 29, tzinfo=UTC
    )
    with pytest.raises(DateError, match="is not a date"):
        parse_date("last tuesday")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("src/[**", "malformed glob 'src/[**': unclosed '['"),
        ("[", "malformed glob '[': unclosed '['"),
        ("a[]", "malformed glob 'a[]': unclosed '['"),  # "]" right after "[" is a member
        ("[!]", "malformed glob '[!]': unclosed '['"),
        ("/docs/[abc", "malformed glob '/docs/[abc': unclosed '['"),
        ("[z-a].c", "malformed glob '[z-a].c': bad character class '[z-a]'"),
        ("   ", "empty glob"),
    ],
)
def test_malformed_globs_are_errors(pattern: str, message: str) -> None:
    with pytest.raises(GlobError) as raised:
        glob_to_regex(pattern)
    assert str(raised.value) == message
    # One line for the user (TechleadError), and a ValueError for callers that check
    # values (core.config turns it into a ConfigError naming the file and line).
    assert isinstance(raised.value, TechleadError) and isinstance(raised.value, ValueError)
    assert "\n" not in str(raised.value)
    with pytest.raises(GlobError):
        globs_regex(["*.py", pattern])
    with pytest.raises(GlobError):
        matches("a.py", ("*.py", pattern))


def test_a_malformed_glob_in_the_configuration_names_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "techlead.toml"
    config.write_text('[components.api]\npaths = ["src/api/**", "src/[**"]\n')
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert str(raised.value) == (
        f"{config}:2: 'paths' in [components.api]: malformed glob 'src/[**': unclosed '['"
    )
    config.write_text('[mining]\nexclude = ["[!]"]\n')
    with pytest.raises(ConfigError, match=r":2: 'exclude' in \[mining\]: malformed glob '\[!\]'"):
        load_config(config)


NAME_CASES = [
    ("django*", "django", True),
    ("django*", "Django-REST-framework", True),  # case-insensitive
    ("django*", "my-django", False),  # the whole name
    ("github.com/*", "github.com/spf13/cobra", True),  # "*" crosses "/" in names
    ("@types/*", "@types/node", True),
    ("org.apache.*:log4j-*", "org.apache.logging.log4j:log4j-core", True),
    ("log4j?core", "log4j-core", True),
    ("log4j?core", "log4j--core", False),
    ("a.b", "axb", False),  # "." is literal
    ("c++ (x) [y] {z} a+b $^|\\", "C++ (X) [Y] {Z} A+B $^|\\", True),  # all literal
    ("name with space", "name with space", True),
]


@pytest.mark.parametrize(("glob", "name", "expected"), NAME_CASES)
def test_name_globs_in_python_and_in_duckdb(glob: str, name: str, expected: bool) -> None:
    regex = names_regex([glob])
    assert bool(re.match(regex, name)) is expected
    in_sql = duckdb.execute("SELECT regexp_full_match($n, $r)", {"n": name, "r": regex})
    assert in_sql.fetchone() == (expected,)


def test_several_name_globs() -> None:
    regex = names_regex(["req*", "*click"])
    assert [n for n in ("requests", "click", "rich", "asyncclick") if re.match(regex, n)] == [
        "requests",
        "click",
        "asyncclick",
    ]
