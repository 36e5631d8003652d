"""Glob semantics (also checked inside DuckDB's RE2) and user dates."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from techlead.core.dates import DateError, parse_date
from techlead.core.globs import globs_regex, matches

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
