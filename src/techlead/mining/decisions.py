"""The ADR log of a repository at HEAD, mined into ``decisions``.

The log is found as ``techlead adr`` finds it (``.adr-dir`` at the root, else
``doc/adr``, ``docs/adr``, ``docs/decisions``, ``doc/decisions``), read from the HEAD
tree (not the working tree) and parsed by :mod:`techlead.mining.adr`. For each record
the miner also notes what it is about:

* ``paths``: words of the text (in backticks or not) that name a file or a folder at
  HEAD: ``src/billing/``, ``api/orders.py``; only words holding a ``/`` or a file
  extension count, so "the core" does not match a folder named ``core``;
* ``technologies``: catalogue technologies it names (mining.technologies.mentioned).
* ``text``: the record as written (shown by the report and the dashboard).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.git.runner import cat_file_batch
from techlead.mining.adr import CANDIDATES, is_adr_file, parse_adr
from techlead.mining.technologies import mentioned
from techlead.warehouse.load import insert_arrow, table_from_rows

SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("number", pa.int32()),
        ("title", pa.string()),
        ("status", pa.string()),
        ("date", pa.date32()),
        ("format", pa.string()),
        ("decision_makers", pa.list_(pa.string())),
        ("consulted", pa.list_(pa.string())),
        ("informed", pa.list_(pa.string())),
        ("links", pa.list_(pa.string())),
        ("paths", pa.list_(pa.string())),
        ("technologies", pa.list_(pa.string())),
        ("text", pa.string()),
    ]
)
_WORD = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*")


def log_folder(files: dict[str, str], repo: Path) -> str | None:
    """The ADR folder of a tree given as path -> blob, or None."""
    if ".adr-dir" in files:
        [(_, content)] = list(cat_file_batch(repo, [files[".adr-dir"]]))
        if content:
            return posixpath.normpath(content.decode("utf-8", "replace").strip())
    for candidate in CANDIDATES:
        prefix = candidate + "/"
        if any(p.startswith(prefix) for p in files):
            return candidate
    return None


def named_paths(text: str, files: set[str], folders: set[str]) -> list[str]:
    found = set()
    for word in _WORD.findall(text):
        word = word.strip("./") if word.startswith("./") else word.rstrip(".")
        bare = word.rstrip("/")
        if "/" not in word and "." not in word:
            continue
        if bare in files or bare in folders:
            found.add(bare + ("/" if bare in folders else ""))
    return sorted(found)


def read_decisions(repo: Path, tree: Sequence[tuple[str, str]]) -> pa.Table:
    files = dict(tree)
    folder = log_folder(files, repo)
    if folder is None:
        return table_from_rows(SCHEMA, [])
    records = sorted(
        p for p in files if posixpath.dirname(p) == folder and is_adr_file(posixpath.basename(p))
    )
    folders = {posixpath.dirname(p) for p in files}
    folders |= {d for f in list(folders) for d in _parents(f)}
    paths = set(files)
    rows = []
    blobs = [files[p] for p in records]
    for path, (_, content) in zip(records, cat_file_batch(repo, blobs), strict=True):
        text = (content or b"").decode("utf-8", "replace")
        adr = parse_adr(posixpath.basename(path), text)
        rows.append(
            (
                path,
                adr.number,
                adr.title,
                adr.status,
                date.fromisoformat(adr.date) if adr.date else None,
                adr.format,
                list(adr.decision_makers),
                list(adr.consulted),
                list(adr.informed),
                [f"{link.relation}: {link.target}" for link in adr.links],
                named_paths(text, paths - {path}, folders - {"", folder}),
                mentioned(text),
                text,
            )
        )
    return table_from_rows(SCHEMA, rows)


def _parents(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def store_decisions(con: duckdb.DuckDBPyConnection, repo_id: int, table: pa.Table) -> None:
    con.execute("DELETE FROM decisions WHERE repo_id = ?", [repo_id])
    insert_arrow(con, "decisions", table, "$repo AS repo_id, *", {"repo": repo_id})
