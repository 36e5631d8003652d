"""Open or create the DuckDB warehouse file, and run work in one transaction.

Everything that can go wrong when opening a file the user named is turned into a one-line
WarehouseError: a file that is not DuckDB (or is damaged), a DuckDB file that is not a
techlead warehouse, one written by a newer techlead, one locked by another process.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from techlead import __version__
from techlead.core.errors import WarehouseBusyError, WarehouseError
from techlead.warehouse.schema import MIGRATIONS, SCHEMA_VERSION, TABLES, VIEWS

DEFAULT_DB = Path(".techlead") / "techlead.duckdb"
_LOCK_PID = re.compile(r"PID (\d+)")
# How long a writer waits for a dashboard (techlead serve) to let the warehouse go: the
# dashboard holds it only while it builds a page, and builds no new one while a writer waits.
RELEASE_WAIT = 30.0


# DuckDB's memory for a command that writes (see _connect): its cache of the file's blocks
# and its queries' working memory, which grows with its threads (a scan of 100,000 commits
# ran out of 128 MB with 16 threads, not with 8, nor of 256 MB with 16); the limit is
# 24 MB per thread, at least 128 MB. TECHLEAD_MEMORY_LIMIT overrides it, and sets a
# limit for commands that only read too (else DuckDB's default, 80% of the memory).
WRITER_MEMORY_MB, WRITER_MEMORY_MB_PER_THREAD = 128, 24
MEMORY_LIMIT_ENV = "TECHLEAD_MEMORY_LIMIT"
_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def writer_memory_limit(threads: int) -> str:
    """The writer's limit with ``threads`` DuckDB threads, unless TECHLEAD_MEMORY_LIMIT
    says otherwise."""
    return f"{max(WRITER_MEMORY_MB, WRITER_MEMORY_MB_PER_THREAD * threads)}MB"


# The refresh after a scan (the risk register, the standards, the metrics) analyses the
# whole workspace at once, and some of DuckDB's operators cannot spill: its window
# functions over every change of 2,000,000 commits ran out of 128 MB. It gets the limit
# every scan had before, 512 MB, or 4 times the writer's with many threads.
ANALYSIS_MEMORY_MB = 512


def analysis_memory_limit(threads: int) -> str:
    return f"{max(ANALYSIS_MEMORY_MB, 4 * WRITER_MEMORY_MB_PER_THREAD * threads)}MB"


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])


@contextmanager
def analysis_memory(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The writer's DuckDB limit raised for the analyses in the block (unless
    TECHLEAD_MEMORY_LIMIT set it), set back after them."""
    if chosen_memory_limit() is not None:
        yield
        return
    threads = _threads(con)
    con.execute(f"SET memory_limit = '{analysis_memory_limit(threads)}'")
    yield
    # not in a finally: a failure ends the command, and its connection with it
    con.execute(f"SET memory_limit = '{writer_memory_limit(threads)}'")


def query_error(exc: BaseException) -> BaseException:
    """The failed query's own error: a failed query aborts the transaction, and the next
    call (an unregister in a ``finally``) raises "Current transaction is aborted", with the
    first error as its context."""
    while isinstance(exc, duckdb.TransactionException) and isinstance(
        exc.__context__, duckdb.Error
    ):
        exc = exc.__context__
    return exc


def chosen_memory_limit() -> str | None:
    """TECHLEAD_MEMORY_LIMIT, checked; None when it is not set."""
    chosen = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    if chosen and not _SIZE.fullmatch(chosen):
        raise WarehouseError(
            f"{MEMORY_LIMIT_ENV} must be a size such as 512MB or 2GB, not {chosen!r}"
        )
    return chosen or None


def default_db_path() -> Path:
    env = os.environ.get("TECHLEAD_DB")
    return Path(env) if env else DEFAULT_DB


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    # Times are stored as instants and shown in UTC, whatever the machine's time zone.
    config: dict[str, str | bool | int | float | list[str]] = (
        {"enable_external_access": False} if read_only else {}
    )
    # DuckDB's cache of the file's blocks may grow to 80% of the machine's memory by
    # default; one scan of many repositories kept every repository's blocks (60 small
    # ones: 1.2 GB). The writer needs far less: what it evicts is read back if needed.
    limit = chosen_memory_limit()  # checked before the file is opened
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    con.execute("SET TimeZone = 'UTC'")
    if limit is None and not read_only:
        limit = writer_memory_limit(_threads(con))
    if limit is not None:
        try:
            con.execute(f"SET memory_limit = '{limit}'")  # a size: checked above
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"{MEMORY_LIMIT_ENV}={limit}: {str(exc).splitlines()[0]}") from exc
    return con


def _is_duckdb_file(path: Path) -> bool:
    """Whether the file starts like a DuckDB database (its magic bytes at offset 8)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return len(head) < 12 or head[8:12] == b"DUCK"  # an empty file becomes a database


def _classify(exc: duckdb.Error, path: Path) -> WarehouseError:
    """The error of a failed open, by the exception's type and the file's header."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if path.exists() and not _is_duckdb_file(path):
        return WarehouseError(f"{path} is not a techlead warehouse (not a DuckDB file, or damaged)")
    # A DuckDB file that cannot be opened for I/O reasons: DuckDB raises the same type for
    # a lock held by another process and for damage; only a lock names its holder.
    holder = _LOCK_PID.search(str(exc)) if isinstance(exc, duckdb.IOException) else None
    if holder is not None:
        return WarehouseBusyError(
            f"{path} is in use by another techlead process (process {holder.group(1)})",
            tip="wait for it to finish, or pass --wait SECONDS",
        )
    return WarehouseError(f"cannot open {path}: {first}")


def open_warehouse(
    path: Path, *, read_only: bool = False, wait: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, creating and migrating it when writable; retry while locked."""
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}", tip="run `techlead scan` first")
    if path.exists() and path.is_dir():
        raise WarehouseError(f"{path} is a directory, not a warehouse file")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create {path.parent}: {exc.strerror}") from exc
    deadline = time.monotonic() + wait
    waiting: Path | None = None  # set while this writer asks a dashboard to let go
    try:
        while True:
            try:
                con = _connect(path, read_only)
                break
            except duckdb.Error as exc:
                error = _classify(exc, path)
                if not isinstance(error, WarehouseBusyError):
                    raise error from exc
                if waiting is None and not read_only and _held_by_dashboard(exc, path):
                    waiting = _mark(path, WAITING)
                    deadline = max(deadline, time.monotonic() + RELEASE_WAIT)
                if time.monotonic() >= deadline:
                    raise error from exc
                time.sleep(0.05 if waiting is not None else 0.2)
    finally:
        if waiting is not None:
            waiting.unlink(missing_ok=True)
    try:
        _check_and_migrate(con, path, read_only)
    except BaseException:
        con.close()
        raise
    return con


SERVING, WAITING = ".serving", ".writer-waiting"


def _marker(path: Path, kind: str) -> Path:
    return path.with_name(path.name + kind)


def _mark(path: Path, kind: str) -> Path | None:
    """Write this process's id to the marker file ``kind`` next to the warehouse; None
    when it cannot be written (a read-only directory: then nobody is told)."""
    marker = _marker(path, kind)
    # written aside and renamed, so a reader never sees a half-written process id
    partial = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(str(os.getpid()), encoding="ascii")
        os.replace(partial, marker)
    except OSError:
        partial.unlink(missing_ok=True)
        return None
    return marker


def _marked_pid(path: Path, kind: str) -> int | None:
    """The live process named in the marker ``kind``, or None (no marker, or a stale one)."""
    try:
        text = _marker(path, kind).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text.isdigit():
        return None
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return None
    except OSError:  # alive, owned by someone else
        pass
    return int(text)


def _held_by_dashboard(exc: duckdb.Error, path: Path) -> bool:
    holder = _LOCK_PID.search(str(exc))
    return holder is not None and int(holder.group(1)) == _marked_pid(path, SERVING)


def announce_serving(path: Path) -> Path | None:
    """Say that this process serves the warehouse and lets it go when a writer asks (so a
    writer waits up to RELEASE_WAIT seconds for it instead of failing at once). Returns the
    marker to remove when serving stops."""
    return _mark(path, SERVING)


def writer_waiting(path: Path) -> bool:
    """Whether a live process waits to open the warehouse for writing (techlead scan)."""
    return _marked_pid(path, WAITING) is not None


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {row[0] for row in rows}


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The stored schema version; None for a file without techlead's metadata table.
    A table whose version is missing or not a whole number is a WarehouseError."""
    if "techlead_meta" not in _tables(con):
        return None
    try:
        row = one(con, "SELECT value FROM techlead_meta WHERE key = 'schema_version'")
    except duckdb.Error:
        raise WarehouseError("its techlead_meta table is not techlead's") from None
    if row is None:
        raise WarehouseError("it records no schema_version")
    text = str(row[0]).strip()
    if not text.isascii() or not text.isdigit():
        raise WarehouseError(f"its schema_version is not a number (found {row[0]!r:.40})")
    return int(text)


def _version(con: duckdb.DuckDBPyConnection, path: Path) -> int | None:
    try:
        return schema_version(con)
    except WarehouseError as exc:
        raise WarehouseError(
            f"{path} is not a usable techlead warehouse: {exc}",
            tip="scan into a new --db file",
        ) from None


def _check_and_migrate(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    tables = _tables(con)
    version = _version(con, path)
    if version is None and tables:
        raise WarehouseError(f"{path} is a DuckDB database but not a techlead warehouse")
    if version is not None and version > SCHEMA_VERSION:
        raise WarehouseError(
            f"{path} was written by a newer techlead (schema version {version}; "
            f"this techlead {__version__} reads up to {SCHEMA_VERSION})",
            tip="upgrade techlead, or scan into a new --db file",
        )
    if read_only:
        if version is None:
            raise WarehouseError(f"{path} is empty", tip="run `techlead scan` first")
        if version < SCHEMA_VERSION:
            raise WarehouseError(
                f"{path} has schema version {version}; run `techlead scan` once to upgrade it"
            )
        return
    with transaction(con):
        if version is None:
            for ddl in TABLES:
                con.execute(ddl)
            con.execute(
                "INSERT INTO techlead_meta VALUES ('schema_version', ?), ('created_by', ?)",
                [str(SCHEMA_VERSION), f"techlead {__version__}"],
            )
        else:
            for step in range(version, SCHEMA_VERSION):
                for ddl in MIGRATIONS[step]:
                    con.execute(ddl)
            con.execute(
                "UPDATE techlead_meta SET value = ? WHERE key = 'schema_version'",
                [str(SCHEMA_VERSION)],
            )
        for ddl in VIEWS:
            con.execute(ddl)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (including KeyboardInterrupt)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def one(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple[Any, ...] | None:
    """The first row of a query, with the result fully consumed (DuckDB refuses some
    calls, such as register(), while a result is still open)."""
    rows = (
        con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()
    )
    return tuple(rows[0]) if rows else None


def read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` was opened read-only."""
    mode = con.execute("SELECT current_setting('access_mode')").fetchall()
    return mode == [("read_only",)]


def database_path(con: duckdb.DuckDBPyConnection) -> str:
    """The resolved path of the warehouse ``con`` is open on (``:memory:`` for none): the
    key under which values wait for a writable moment (direction.history_cache)."""
    found = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    path = found[0][0] if found and found[0][0] else ":memory:"
    return str(Path(path).resolve()) if path != ":memory:" else path
