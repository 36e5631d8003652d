"""The policy in force, kept in the warehouse: the scan writes the values techlead.toml
sets (and the defaults of the others), and every reader judges by them."""

from __future__ import annotations

import dataclasses
import json

import duckdb

from techlead.core.policy import DEFAULT, Policy, Sources


def store_policy(con: duckdb.DuckDBPyConnection, policy: Policy, sources: Sources) -> None:
    """Replace the stored policy (inside the caller's transaction)."""
    con.execute("DELETE FROM policy")
    con.executemany(
        "INSERT INTO policy VALUES (?, ?, ?)",
        [[name, json.dumps(value), sources.get(name, "default")]
         for name, value in policy.values().items()],
    )  # fmt: skip


def load_policy(con: duckdb.DuckDBPyConnection) -> tuple[Policy, Sources]:
    """The stored policy and where each value came from; the defaults before any scan.
    A value a newer or older techlead stored under a name this one does not know is
    ignored."""
    known = {f.name for f in dataclasses.fields(Policy)}
    rows = con.execute("SELECT name, value, source FROM policy").fetchall()
    values = {name: json.loads(value) for name, value, _ in rows if name in known}
    sources = {name: "default" for name in known}
    sources.update({name: source for name, _, source in rows if name in known})
    return (dataclasses.replace(DEFAULT, **values) if values else DEFAULT), sources


def policy_of(con: duckdb.DuckDBPyConnection) -> Policy:
    return load_policy(con)[0]
