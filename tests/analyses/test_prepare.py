"""The prepared change history: reused on read-only connections, identical either way.

The history is conftest's build_history (src/app.py renamed to src/main.py by commit 3;
the bot's requirements.txt is left out): 8 changes by people, 3 in the first commit
(README.md, src/app.py, logo.png), then one each in commits 2, 3, 4, 5 and 8.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from techlead.analyses.base import Options
from techlead.analyses.changes import KEEP, prepare, unchanging
from techlead.warehouse.connection import open_warehouse

from conftest import scan_json

COLUMNS = "path, original_path, component, sha, added, deleted, author"


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return con.execute(f"SELECT {COLUMNS} FROM {table} ORDER BY ALL").fetchall()


def test_read_only_connections_reuse_and_narrow(history: Any, db_path: Path) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    variants = [
        Options(),
        Options(repos=("demo",)),  # every repository: the same history as Options()
        Options(paths=("src/**",)),
        Options(components=("src",)),
        Options(paths=("README.md",), components=("(root)",)),
        Options(follow_renames=False),
    ]
    # The reference: a read-write connection builds every history from scratch.
    writer = open_warehouse(db_path)
    try:
        expected = [rows(writer, prepare(writer, o)) for o in variants]
    finally:
        writer.close()
    assert len(expected[0]) == 8 and expected[1] == expected[0]
    # Renames followed: the three changes of src/app.py and src/main.py are src/main.py's.
    assert [r[:2] for r in expected[2]] == [("src/main.py", "src/app.py")] * 2 + [
        ("src/main.py", "src/main.py")
    ]
    assert expected[3] == expected[2]  # src/** is exactly the src component
    assert [r[0] for r in expected[4]] == ["README.md", "README.md"]

    reader = open_warehouse(db_path, read_only=True)
    try:
        names = [prepare(reader, o) for o in variants]
        assert [rows(reader, n) for n in names] == expected
        # Naming every repository is naming none; the same filters give the same table,
        # and nothing was rebuilt (the table still holds a row we add to it).
        assert names[1] == names[0] and len(set(names)) == 5
        reader.execute(f"INSERT INTO {names[2]} SELECT * FROM {names[2]} LIMIT 1").fetchall()
        assert prepare(reader, Options(paths=("src/**",))) == names[2]
        assert len(rows(reader, names[2])) == 4
        # At most KEEP histories are kept; the least recently used go first.
        for n in range(KEEP + 2):
            prepare(reader, replace(Options(), paths=(f"x{n}",)))
        tables = reader.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary "
            "AND table_name LIKE 'analysis_changes_%'"
        ).fetchall()
        assert len(tables) == KEEP and (names[3],) not in tables
    finally:
        reader.close()


def test_a_writer_reuses_while_unchanging(history: Any, db_path: Path) -> None:
    """The scan's refresh of the register and the standards (snapshots.refresh) promises
    that nothing changes the history: its writable connection then reuses what it
    prepared, as a read-only one does, and drops it all on the way out."""
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    writer = open_warehouse(db_path)

    def prepared() -> list[tuple[str]]:
        return writer.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary AND (table_name LIKE "
            "'analysis_changes%' OR table_name = 'analysis_prepared') ORDER BY 1"
        ).fetchall()

    try:
        built = rows(writer, prepare(writer, Options(paths=("src/**",))))
        assert len(built) == 3  # src/app.py twice and src/main.py once (the reference)
        with unchanging(writer):
            name = prepare(writer, Options(paths=("src/**",)))
            assert rows(writer, name) == built
            # nothing rebuilt: the row added to the table is still there the second time
            writer.execute(f"INSERT INTO {name} SELECT * FROM {name} LIMIT 1").fetchall()
            assert prepare(writer, Options(paths=("src/**",))) == name
            assert len(rows(writer, name)) == 4
            # the writer's own from before, the narrowed history and the whole one it was
            # cut from, and their index
            assert len(prepared()) == 4
        assert prepared() == [("analysis_changes",)]  # the writer's own, from before
        # outside, every call builds afresh again
        assert rows(writer, prepare(writer, Options(paths=("src/**",)))) == built
    finally:
        writer.close()
