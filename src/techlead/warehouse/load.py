"""Bulk inserts of Arrow tables into warehouse tables."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

import duckdb
import pyarrow as pa

_names = itertools.count()


def table_from_columns(schema: pa.Schema, columns: Sequence[Sequence[object]]) -> pa.Table:
    """An Arrow table with ``schema`` from one sequence of Python values per column."""
    return pa.Table.from_arrays(
        [pa.array(list(col), type=field.type) for col, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def table_from_rows(schema: pa.Schema, rows: Sequence[Sequence[object]]) -> pa.Table:
    """An Arrow table with ``schema`` from row tuples, transposed with ``zip`` (in C)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return table_from_columns(schema, columns)


ROWS_PER_BATCH = 65_536
# A string column whose values repeat (a commit's id on each of its files' rows, a path on
# each of its spans) held as indices into the batch's distinct values: the 470,000
# line-work rows of 100,000 commits took 45 MB with plain strings, 11 MB so. DuckDB reads
# it into a VARCHAR column like a plain string column.
REPEATED_STRING = pa.dictionary(pa.int32(), pa.string())


class ArrowRows:
    """Rows of ``schema`` gathered as Arrow record batches: only the last few are Python
    tuples (470,000 line-work rows of 100,000 commits held ~90 MB as tuples, 11 MB as
    Arrow with REPEATED_STRING columns). Iterating gives the rows back as tuples; equal
    to a list of the same rows."""

    def __init__(self, schema: pa.Schema, rows_per_batch: int = ROWS_PER_BATCH) -> None:
        self.schema = schema
        self.rows_per_batch = rows_per_batch
        self._batches: list[pa.RecordBatch] = []
        self._pending: list[tuple[object, ...]] = []
        self._sealed = 0

    def extend(self, rows: Iterable[tuple[object, ...]]) -> None:
        self._pending.extend(rows)
        if len(self._pending) >= self.rows_per_batch:
            self._seal()

    def _seal(self) -> None:
        if self._pending:
            table = table_from_rows(self.schema, self._pending)
            self._batches.extend(table.to_batches())
            self._sealed += len(self._pending)
            self._pending = []

    def table(self) -> pa.Table:
        self._seal()
        return pa.Table.from_batches(self._batches, self.schema)

    def __len__(self) -> int:
        return self._sealed + len(self._pending)

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        for batch in self._batches:
            yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)
        yield from self._pending

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ArrowRows | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable


def insert_arrow(
    con: duckdb.DuckDBPyConnection,
    table: str,
    data: pa.Table,
    select: str = "*",
    params: Mapping[str, object] | None = None,
) -> None:
    """INSERT INTO table BY NAME SELECT <select> FROM the Arrow data, in one statement.

    ``select`` may add computed columns (e.g. path classification) evaluated by DuckDB.
    ``table`` and ``select`` are trusted constants from the code, never user input.
    """
    if data.num_rows == 0:
        return
    name = f"_arrow_batch_{next(_names)}"
    con.register(name, _stream(data))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM {name}", dict(params or {}))
    finally:
        con.unregister(name)


def temp_table(con: duckdb.DuckDBPyConnection, name: str, data: pa.Table) -> str:
    """CREATE OR REPLACE TEMP TABLE ``name`` (a trusted constant) from the Arrow data;
    returns its name."""
    arrow = f"_arrow_batch_{next(_names)}"
    con.register(arrow, _stream(data))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {arrow}").fetchall()
    finally:
        con.unregister(arrow)
    return name


def _stream(data: pa.Table) -> pa.RecordBatchReader:
    """The table as a stream of its batches, for one scan by DuckDB.

    DuckDB keeps the registered Python object alive until the transaction ends, even after
    ``unregister`` and after the rows were written to the database file: registering the
    table (or ``Table.to_reader()``, which holds the table) kept every batch a scan
    inserted, 94 MB of Arrow memory on 100,000 commits. A reader over the list of batches
    lets go of each batch once DuckDB has read it."""
    return pa.RecordBatchReader.from_batches(data.schema, data.to_batches())


ROW_GROUP_ROWS = 122_880  # DuckDB's row group size


class BulkLoader:
    """Buffers Arrow batches per table and inserts them a row group at a time.

    DuckDB writes an insert of at least one row group straight to the database file
    ("optimistic writes") even inside an open transaction, while smaller inserts stay in
    transaction-local memory until COMMIT. Buffering to a row group keeps a scan's memory
    flat however long the history, and the transaction still commits or rolls back whole.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, rows: int = ROW_GROUP_ROWS) -> None:
        self._con = con
        self._rows = rows
        self._pending: dict[str, list[pa.Table]] = {}
        self._how: dict[str, tuple[str, Mapping[str, object] | None]] = {}

    def add(
        self,
        table: str,
        data: pa.Table,
        select: str = "*",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self._how[table] = (select, params)
        pending = self._pending.setdefault(table, [])
        pending.append(data)
        if sum(t.num_rows for t in pending) >= self._rows:
            self._flush(table)

    def flush(self) -> None:
        for table in list(self._pending):
            self._flush(table)

    def _flush(self, table: str) -> None:
        pending = self._pending.pop(table, [])
        if pending:
            select, params = self._how[table]
            insert_arrow(self._con, table, pa.concat_tables(pending), select, params)
