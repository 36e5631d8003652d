"""warehouse.load.ArrowRows: rows gathered as Arrow batches give back the rows added, in
order, as tuples and as one table, however the batches fall."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from techlead.warehouse.load import REPEATED_STRING, ArrowRows, insert_arrow

SCHEMA = pa.schema([("sha", pa.string()), ("born", pa.int32())])
REPEATED = pa.schema([("sha", REPEATED_STRING), ("born", pa.int32())])
ROWS = [(f"c{i}", None if i % 3 == 0 else i) for i in range(10)]


@pytest.mark.parametrize("schema", [SCHEMA, REPEATED])
@pytest.mark.parametrize("size", [1, 3, 10, 100])
def test_rows_come_back_in_order(size: int, schema: pa.Schema) -> None:
    rows = ArrowRows(schema, rows_per_batch=size)
    rows.extend(ROWS[:4])
    rows.extend(ROWS[4:])
    assert len(rows) == 10
    assert list(rows) == ROWS
    assert rows == ROWS  # equal to the list of the same rows
    assert rows != ROWS[:-1]
    table = rows.table()
    assert table.schema == schema
    assert list(zip(*(c.to_pylist() for c in table.columns), strict=True)) == ROWS
    rows.extend([("c10", 10)])  # more after a table was taken
    assert list(rows)[-1] == ("c10", 10) and len(rows) == 11


def test_empty() -> None:
    rows = ArrowRows(SCHEMA)
    assert list(rows) == [] and len(rows) == 0 and rows.table().num_rows == 0
    assert rows == []


def test_repeated_strings_are_stored_as_plain_text() -> None:
    # each batch has its own distinct values; DuckDB reads them into a VARCHAR column
    rows = ArrowRows(REPEATED, rows_per_batch=3)
    data = [("a", 1), ("b", 2), ("a", 3), ("b", 4), ("c", None), ("a", 6), (None, 7)]
    rows.extend(data)
    con = duckdb.connect()
    con.execute("CREATE TABLE t (sha VARCHAR, born INTEGER)")
    insert_arrow(con, "t", rows.table())
    stored = con.execute("SELECT sha, born FROM t ORDER BY born NULLS LAST").fetchall()
    assert stored == [*data[:4], ("a", 6), (None, 7), ("c", None)]
