"""DuckDB's memory limit: bounded for a command that writes the warehouse (24 MB per
DuckDB thread, at least 128 MB), set by TECHLEAD_MEMORY_LIMIT for every command when
given, and a query that runs out of it is one line naming that, with the way out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from click.testing import CliRunner

from techlead.cli import cli
from techlead.warehouse.connection import (
    analysis_memory_limit,
    open_warehouse,
    query_error,
    writer_memory_limit,
)

from conftest import GitRepo


def duckdb_size(size: str) -> str:
    """How DuckDB states ``size`` (512MB: "488.2 MiB")."""
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{size}'")
        return str(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    finally:
        con.close()


def limits(db: Path, *, read_only: bool) -> tuple[str, int]:
    con = open_warehouse(db, read_only=read_only)
    try:
        [(limit, threads)] = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads')"
        ).fetchall()
    finally:
        con.close()
    return str(limit), int(threads)


def test_the_writer_limit_grows_with_duckdb_threads() -> None:
    # 24 MB per thread, never under 128 MB: 16 threads ran out of 128 MB on 100,000 commits
    assert [writer_memory_limit(n) for n in (1, 2, 5, 6, 8, 16)] == [
        "128MB", "128MB", "128MB", "144MB", "192MB", "384MB",
    ]  # fmt: skip


def test_the_writer_keeps_a_bounded_cache(tmp_path: Path) -> None:
    # A scan of many repositories kept every one's blocks in DuckDB's cache, whose default
    # bound is 80% of the machine's memory; readers keep DuckDB's default.
    db = tmp_path / "w.duckdb"
    limit, threads = limits(db, read_only=False)
    assert limit == duckdb_size(writer_memory_limit(threads))
    assert limits(db, read_only=True)[0] != limit


def test_the_environment_sets_every_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    open_warehouse(db).close()
    monkeypatch.setenv("TECHLEAD_MEMORY_LIMIT", "300MB")
    assert limits(db, read_only=False)[0] == duckdb_size("300MB")
    assert limits(db, read_only=True)[0] == duckdb_size("300MB")


@pytest.mark.parametrize("value", ["lots", "300", "1; DROP TABLE commits", "-5MB"])
def test_a_limit_that_is_not_a_size_is_one_line(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    open_warehouse(db).close()
    monkeypatch.setenv("TECHLEAD_MEMORY_LIMIT", value)
    result = CliRunner().invoke(cli, ["hotspots", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"techlead: error: TECHLEAD_MEMORY_LIMIT must be a size such as 512MB or 2GB, not {value!r}"
    ]


def test_running_out_of_memory_names_the_query_error_and_the_way_out(
    make_repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo: GitRepo = make_repo()  # type: ignore[operator]
    for n in range(3):
        repo.commit(f"c{n}", files={f"f{n}.py": f"x = {n}\n"})
    monkeypatch.setenv("TECHLEAD_MEMORY_LIMIT", "4MB")  # far too little for a scan
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(cli, ["scan", str(repo.path), "--db", str(db), "--quiet"])
    assert result.exit_code == 2
    first, tip = result.stderr.splitlines()
    # the query's own error, not "Current transaction is aborted" of the call after it
    assert first.startswith("techlead: error: the warehouse query failed: Out of Memory Error")
    assert tip == (
        "techlead: tip: give DuckDB more memory with TECHLEAD_MEMORY_LIMIT "
        "(e.g. TECHLEAD_MEMORY_LIMIT=2GB; see docs/performance.md, 'Memory limit')"
    )
    monkeypatch.delenv("TECHLEAD_MEMORY_LIMIT")
    assert CliRunner().invoke(cli, ["scan", str(repo.path), "--db", str(db), "-q"]).exit_code == 0


def test_the_error_shown_is_the_failed_query_not_the_aborted_transaction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the pattern of every registered Arrow table: a query fails inside the scan's
    # transaction, then the unregister in a finally block raises "transaction is aborted"
    from techlead.cli import _query_failed

    con = duckdb.connect()
    con.execute("BEGIN")
    con.register("rows", pa.table({"a": [1]}))
    with pytest.raises(duckdb.TransactionException) as raised:
        try:
            con.execute("SELECT error('the real failure') FROM rows").fetchall()
        finally:
            con.unregister("rows")
    _query_failed(raised.value)
    assert capsys.readouterr().err == (
        "techlead: error: the warehouse query failed: Invalid Input Error: the real failure\n"
    )


def scanned(make_repo: object, tmp_path: Path) -> Path:
    """A warehouse of a small repository, scanned."""
    repo: GitRepo = make_repo()  # type: ignore[operator]
    for n in range(4):
        repo.commit(f"c{n}", files={f"src/f{n}.py": f"def f{n}(x):\n    return x\n"})
    db = tmp_path / "w.duckdb"
    assert CliRunner().invoke(cli, ["scan", str(repo.path), "--db", str(db), "-q"]).exit_code == 0
    return db


def refresh_limits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """DuckDB's memory limit at each run of the refresh, as they happen."""
    from techlead import snapshots

    seen: list[str] = []
    first = snapshots._refresh

    def recorded(con: duckdb.DuckDBPyConnection, moment: datetime) -> int:
        [(limit,)] = con.execute("SELECT current_setting('memory_limit')").fetchall()
        seen.append(str(limit))
        return first(con, moment)

    monkeypatch.setattr(snapshots, "_refresh", recorded)
    return seen


def test_a_refresh_that_does_not_fit_runs_again_with_the_analyses_limit(
    make_repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some of DuckDB's operators cannot spill: the knowledge map of 2,000,000 commits ran
    # out of the writer's 128 MB. The refresh then runs once more with 512 MB (more with
    # many threads) and the writer's limit comes back after it.
    from techlead import snapshots

    db = scanned(make_repo, tmp_path)
    seen = refresh_limits(monkeypatch)
    con = open_warehouse(db)
    try:
        con.execute("SET memory_limit = '2MB'")  # too little for the analyses
        before = con.execute("SELECT count(*) FROM risk_snapshots").fetchall()[0][0]
        snapshots.refresh(con)
        after = con.execute("SELECT count(*) FROM risk_snapshots").fetchall()[0][0]
        [(limit, threads)] = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads')"
        ).fetchall()
    finally:
        con.close()
    assert seen == [duckdb_size("2MB"), duckdb_size(analysis_memory_limit(int(threads)))]
    assert after > before  # stored by the second run
    assert limit == duckdb_size(writer_memory_limit(int(threads)))
    assert analysis_memory_limit(2) == "512MB" and analysis_memory_limit(8) == "768MB"


def test_a_refresh_within_the_users_limit_is_not_run_again(
    make_repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # TECHLEAD_MEMORY_LIMIT is the user's choice: no second run, the error tells how
    from techlead import snapshots

    db = scanned(make_repo, tmp_path)
    seen = refresh_limits(monkeypatch)
    monkeypatch.setenv("TECHLEAD_MEMORY_LIMIT", "2MB")
    con = open_warehouse(db)
    try:
        with pytest.raises(duckdb.Error) as raised:
            snapshots.refresh(con)
    finally:
        con.close()
    assert isinstance(query_error(raised.value), duckdb.OutOfMemoryException)
    assert seen == [duckdb_size("2MB")]
