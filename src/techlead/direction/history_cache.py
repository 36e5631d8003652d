"""The persistent cache of back-computed metric values (table ``metric_cache``).

A value is stored under (metric, scope, snapshot, fingerprint): ``snapshot`` names the
snapshot commit of each of the scope's repositories (and the moment itself for a metric
whose value depends on it, ``Metric.dated``); ``fingerprint`` hashes everything else the
value depends on: techlead's version and this cache's format, the metric's definition
(a custom metric's SQL with it), the stored policy, and for the scope's repositories the
scan state (HEAD, configuration key, team, path), the component rules, the people and
whether each of them is a bot, and the tags (delivery metrics read them; a scan stores
them even when HEAD did not move). A value is only read back under the same fingerprint, so a
stale value is never served; rows of other fingerprints are dropped when new ones are
written, and a scan that changes a repository drops the rows of every scope holding it,
inside that repository's transaction (mining.scan).

The commands that read the warehouse open it read-only. Their new values wait in memory
(:func:`remember`) and are written by :func:`flush` once the command has closed its
connection, on a brief writable connection; when the warehouse cannot be opened for
writing (another process holds it, a read-only file) they are dropped: the cache only
saves time, and its absence never fails a command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import duckdb

from techlead import __version__
from techlead.core.errors import TechleadError
from techlead.direction.catalogue import Metric, Scope
from techlead.warehouse import past_blobs
from techlead.warehouse.connection import database_path, open_warehouse, read_only, transaction

FORMAT = "1"  # bump when a metric is computed differently under the same techlead version
PENDING_LIMIT = 100_000  # values a long-lived read-only process keeps for a later flush

Row = tuple[str, str, str, str, list[int], float | None]  # a metric_cache row
_PENDING: dict[str, dict[tuple[str, str, str, str], Row]] = {}

_STATE = """
SELECT
  (SELECT coalesce(md5(string_agg(name || '=' || value, ';' ORDER BY name)), '') FROM policy),
  (SELECT coalesce(md5(string_agg(concat_ws('|', repo_id, name, path, team, head_sha,
                                             config_key, commits), ';' ORDER BY repo_id)), '')
   FROM repos WHERE list_contains($ids, repo_id)),
  (SELECT coalesce(md5(string_agg(concat_ws('|', repo_id, position, name, regex), ';'
                                  ORDER BY repo_id, position)), '')
   FROM component_rules WHERE list_contains($ids, repo_id)),
  (SELECT coalesce(md5(string_agg(concat_ws('|', repo_id, person_id, is_bot, team, commits,
                                             co_authored, last_commit_at), ';'
                                  ORDER BY repo_id, person_id)), '')
   FROM people WHERE list_contains($ids, repo_id)),
  (SELECT coalesce(md5(string_agg(concat_ws('|', person_id, is_bot), ';'
                                  ORDER BY person_id)), '')
   FROM persons WHERE person_id IN (SELECT person_id FROM people
                                    WHERE list_contains($ids, repo_id))),
  (SELECT coalesce(md5(string_agg(concat_ws('|', repo_id, name, sha, tagged_at), ';'
                                  ORDER BY repo_id, name)), '')
   FROM tags WHERE list_contains($ids, repo_id))
"""


def repo_ids(con: duckdb.DuckDBPyConnection, repos: tuple[str, ...]) -> list[int]:
    """The ids of the named repositories (all of them when none is named)."""
    rows = con.execute(
        "SELECT repo_id FROM repos WHERE len($r) = 0 OR list_contains($r, name) ORDER BY repo_id",
        {"r": list(repos)},
    ).fetchall()
    return [int(r) for (r,) in rows]


def fingerprint(con: duckdb.DuckDBPyConnection, found: Metric, ids: list[int]) -> str:
    """Everything but the snapshot commits a value of ``found`` over ``ids`` depends on."""
    definition = [
        (f.name, repr(getattr(found, f.name)))
        for f in fields(found)
        if not callable(getattr(found, f.name))
    ]
    state = con.execute(_STATE, {"ids": ids}).fetchall()[0]
    key = repr((__version__, FORMAT, definition, ids, state)).encode()
    return hashlib.sha256(key).hexdigest()[:32]


def snapshot_key(shas: tuple[str, ...], moment: datetime | None) -> str:
    """The snapshot part of a key: the commits, and the moment when the value depends on it."""
    key = ",".join(shas)
    return f"{key}@{moment.isoformat()}" if moment is not None else key


def stored(
    con: duckdb.DuckDBPyConnection, metric: str, scope: Scope, print_: str
) -> dict[str, float | None]:
    """The cached values of the metric for the scope under the fingerprint, by snapshot."""
    found = {
        str(snapshot): value
        for snapshot, value in con.execute(
            "SELECT snapshot, value FROM metric_cache WHERE metric = $m AND scope = $s "
            "AND fingerprint = $f",
            {"m": metric, "s": str(scope), "f": print_},
        ).fetchall()
    }
    for (m, s, snapshot, f), row in _PENDING.get(database_path(con), {}).items():
        if (m, s, f) == (metric, str(scope), print_):
            found[snapshot] = row[5]
    return found


def remember(
    con: duckdb.DuckDBPyConnection,
    metric: str,
    scope: Scope,
    print_: str,
    ids: list[int],
    values: Mapping[str, float | None],
) -> None:
    """Keep new values: in the warehouse when ``con`` may write, else until :func:`flush`."""
    rows = [(metric, str(scope), snapshot, print_, ids, v) for snapshot, v in values.items()]
    if not rows:
        return
    if not read_only(con):
        _write(con, rows)
        return
    pending = _PENDING.setdefault(database_path(con), {})
    for row in rows:
        if len(pending) < PENDING_LIMIT:
            pending[row[:4]] = row


def flush(path: Path) -> int:
    """Write the values waiting for the warehouse at ``path``, and the past blobs read
    for them (warehouse.past_blobs); returns how many values were written (0 when it
    cannot be opened for writing now: they are dropped)."""
    pending = _PENDING.pop(str(path.resolve()), {})
    blobs = past_blobs.pending(path)
    if not pending and not blobs:
        return 0
    try:
        con = open_warehouse(path)
    except (TechleadError, duckdb.Error, OSError):
        return 0
    try:
        with transaction(con):
            _write(con, list(pending.values()))
            past_blobs.write(con, blobs)
    except duckdb.Error:
        return 0
    finally:
        con.close()
    return len(pending)


def _write(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    if not rows:
        return
    for metric, scope, fingerprint_ in {(r[0], r[1], r[3]) for r in rows}:
        # another fingerprint's values can never be served again
        con.execute(
            "DELETE FROM metric_cache WHERE metric = ? AND scope = ? AND fingerprint <> ?",
            [metric, scope, fingerprint_],
        )
    con.executemany(
        "DELETE FROM metric_cache WHERE metric = ? AND scope = ? AND snapshot = ? "
        "AND fingerprint = ?",
        [list(r[:4]) for r in rows],
    )
    con.executemany("INSERT INTO metric_cache VALUES (?, ?, ?, ?, ?, ?)", rows)
