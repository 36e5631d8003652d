"""communication: pairs of authors who work on the same files.

Measures: a heuristic of communication needs after Conway's law: authors who change the
same files need to talk; pairs that do but sit in different teams are a coordination cost.
Reads: the filtered change history.
Returns: author, peer, shared, average, strength for every ordered pair of different
authors sharing a file, sorted by strength then author, descending (then peer).
Formula: files(a) = files a changed; shared(a, p) = files both changed;
average = ceil((files(a) + files(p)) / 2); strength = trunc(shared / average × 100).
Source: code-maat's ``communication`` analysis, same columns.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.effort import effort_rows
from techlead.core.model import Options, Result


class CommunicationRow(NamedTuple):
    author: str
    peer: str
    shared: int
    average: int
    strength: int


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: NoParams
) -> Result[CommunicationRow]:
    table = prepare(con, options)
    sql, _ = effort_rows(con, table)
    rows = con.execute(
        f"""
        WITH work AS (SELECT repo, path, author_id, author FROM ({sql})),
        files AS (SELECT author_id, count(*) AS n FROM work GROUP BY author_id),
        pairs AS (
            SELECT a.author_id AS me, b.author_id AS them, any_value(a.author) AS author,
                   any_value(b.author) AS peer, count(*) AS shared
            FROM work a JOIN work b
              ON a.repo = b.repo AND a.path = b.path AND a.author_id <> b.author_id
            GROUP BY a.author_id, b.author_id
        )
        SELECT p.author, p.peer, p.shared, ceil((fa.n + fb.n) / 2)::BIGINT AS average,
               trunc(p.shared / ceil((fa.n + fb.n) / 2) * 100)::INTEGER AS strength
        FROM pairs p JOIN files fa ON fa.author_id = p.me JOIN files fb ON fb.author_id = p.them
        ORDER BY strength DESC, p.author DESC, p.peer LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    return Result.of("communication", CommunicationRow, [CommunicationRow(*r) for r in rows])


ANALYSIS = Analysis(
    "communication",
    "Author pairs who change the same files (Conway's law).",
    CommunicationRow,
    NoParams,
    run,
)
