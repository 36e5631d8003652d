"""Complexity in the HEAD snapshot: files' figures, functions, the blob cache, workers,
--no-complexity and the upgrade of a schema-1 warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from techlead.mining.measuring import Measurer, measure_bytes
from techlead.warehouse.schema import SCHEMA_VERSION

from conftest import CALC_PY, scan_json

# add: cyclomatic 1, lines 1-2 (length 2), nesting 0, parameters 2.
# sign: 1 + if + elif = 3, lines 5-10 (length 6), nesting 1 (the if and elif lines are one
# level inside the def), parameters 1.
# Indentation (unit 4): levels 0,1,0,1,2,1,2,1 over 8 non-blank lines: total 8, max 2,
# mean 1.0.
# Text has no function metrics; indentation: unit 2 (0 -> 2 spaces), levels 0 and 1.
NOTES = "a\n  b\n"


def test_scan_measures_head_files(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("measured")
    repo.commit(
        "files",
        files={
            "src/calc.py": CALC_PY,
            "notes.txt": NOTES,
            "vendor/lib.py": CALC_PY,  # vendored: not measured
            "logo.png": b"\x89PNG\x00\x00",
        },
    )
    repo_scan = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (repo_scan["blobs_read"], repo_scan["blobs_measured"]) == (4, 2)
    assert query(
        "SELECT path, functions, cyclomatic_total, cyclomatic_max, indentation_total, "
        "indentation_max, indentation_mean FROM files ORDER BY path"
    ) == [
        ("logo.png", None, None, None, None, None, None),
        ("notes.txt", None, None, None, 1.0, 1, 0.5),
        ("src/calc.py", 2, 4, 3, 8.0, 2, 1.0),
        ("vendor/lib.py", None, None, None, None, None, None),
    ]
    # vendor/lib.py has the same blob but is not measured: the functions belong to the blob.
    assert query(
        "SELECT f.path, fn.name, fn.start_line, fn.end_line, fn.length, fn.cyclomatic, "
        "fn.nesting, fn.parameters FROM functions fn JOIN files f USING (repo_id, blob, language) "
        "WHERE f.functions IS NOT NULL ORDER BY fn.start_line"
    ) == [
        ("src/calc.py", "add", 1, 2, 2, 1, 0, 2),
        ("src/calc.py", "sign", 5, 10, 6, 3, 1, 1),
    ]


def test_rescan_measures_only_changed_blobs(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("cache")
    repo.commit("one", files={"a.py": CALC_PY, "b.py": "def f():\n    return 1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    repo.commit("two", files={"b.py": "def g(x):\n    if x:\n        return 1\n"})
    second = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (second["blobs_read"], second["blobs_measured"]) == (1, 1)
    # b.py's old function f is gone with its blob; a.py's functions came from the cache.
    assert query("SELECT name, cyclomatic FROM functions ORDER BY name") == [
        ("add", 1),
        ("g", 2),
        ("sign", 3),
    ]
    unchanged = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (unchanged["mode"], unchanged["blobs_measured"]) == ("unchanged", 0)


def test_no_complexity_then_complexity(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("off")
    repo.commit("one", files={"a.py": CALC_PY})
    off = scan_json(str(repo.path), "--db", str(db_path), "--no-complexity")["repos"][0]
    assert off["blobs_measured"] == 0
    assert query("SELECT lines, indentation_total FROM files") == [(10, None)]
    assert query("SELECT count(*) FROM functions") == [(0,)]
    # Turning complexity on is a settings change: the snapshot is measured on the next scan.
    on = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (on["mode"], on["blobs_measured"]) == ("unchanged", 1)
    assert query("SELECT functions, cyclomatic_total FROM files") == [(2, 4)]


def test_worker_processes_measure_as_inline() -> None:
    files = {f"k{i}": (CALC_PY * (i + 1)).encode() for i in range(6)}
    with Measurer(expected_bytes=0, workers=1) as inline:
        for key, content in files.items():
            inline.add((key, "Python"), content, "Python", f"{key}.py")
        expected = inline.results()
    with Measurer(expected_bytes=10**9, workers=2, inline_limit=0) as pool:
        for key, content in files.items():
            pool.add((key, "Python"), content, "Python", f"{key}.py")
        pool.add(("k0", "Python"), files["k0"], "Python", "k0.py")  # a duplicate key: once
        got = pool.results()
    assert got == expected
    assert got[("k1", "Python")].functions == 4  # CALC_PY twice
    assert measure_bytes(b"x\n", None, "x").functions is None  # no function metrics


def test_schema_1_warehouse_is_upgraded_and_measured(
    make_repo: Any, db_path: Path, query: Any
) -> None:
    repo = make_repo("old")
    repo.commit("one", files={"a.py": CALC_PY})
    repo.git("mv", "a.py", "b.py")
    repo.commit("rename")
    scan_json(str(repo.path), "--db", str(db_path))
    # Turn the warehouse back into what techlead with schema 1 wrote.
    con = duckdb.connect(str(db_path))
    for table, column in [
        ("file_changes", "old_blob_lines"),
        ("file_changes", "new_blob_lines"),
        *(
            ("files", c)
            for c in (
                "functions",
                "cyclomatic_total",
                "cyclomatic_max",
                "indentation_total",
                "indentation_max",
                "indentation_mean",
            )
        ),
    ]:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DROP TABLE functions")
    con.execute("UPDATE techlead_meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    again = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert (again["mode"], again["blobs_measured"]) == ("unchanged", 1)
    assert query("SELECT value FROM techlead_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]
    assert query("SELECT path, functions FROM files") == [("b.py", 2)]
    # The rename mined under schema 1 gets its blobs' line counts (10 lines each).
    assert query(
        "SELECT old_path, path, old_blob_lines, new_blob_lines FROM file_changes "
        "WHERE change_type = 'R'"
    ) == [("a.py", "b.py", 10, 10)]
