"""Who a CODEOWNERS owner is: the people of the warehouse an owner names.

* an e-mail address: the people with an identity of that address (any case);
* ``@org/team`` (GitLab ``@group/subgroup``): the members of the techlead.toml team whose
  name, or its name with spaces as dashes, equals the last segment (any case);
* ``@user``: the one person with a GitHub no-reply address for that user
  (``user@users.noreply.github.com``, ``123+user@users.noreply.github.com``), else the one
  person whose e-mail's local part or name is ``user`` (any case). Two people fitting is
  no answer: the handle stays unresolved rather than guessed.

Handles cannot be looked up offline; what does not resolve is reported, not judged.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from techlead.warehouse.load import temp_table

_BY_EMAIL = "SELECT DISTINCT person_id FROM identities WHERE repo_id = $repo AND lower(email) = $x"
_BY_TEAM = (
    "SELECT DISTINCT person_id FROM people WHERE repo_id = $repo AND NOT is_bot "
    "AND (lower(team) = $x OR lower(replace(team, ' ', '-')) = $x)"
)
_BY_NOREPLY = (
    "SELECT DISTINCT person_id FROM identities WHERE repo_id = $repo "
    "AND (lower(email) = $x || '@users.noreply.github.com' "
    "     OR lower(email) LIKE '%+' || $x || '@users.noreply.github.com')"
)
_BY_NAME = (
    "SELECT DISTINCT person_id FROM identities WHERE repo_id = $repo "
    "AND (split_part(lower(email), '@', 1) = $x OR lower(name) = $x)"
)

_TABLE = pa.schema([("repo_id", pa.int32()), ("idx", pa.int32()), ("person_id", pa.int64())])


def people_of(con: duckdb.DuckDBPyConnection, repo_id: int, owner: str) -> frozenset[int]:
    """The person ids ``owner`` names in the repository (empty: unresolved)."""

    def ids(sql: str, x: str) -> frozenset[int]:
        found = con.execute(sql, {"repo": repo_id, "x": x.lower()}).fetchall()
        return frozenset(int(p) for (p,) in found)

    if not owner.startswith("@"):
        return ids(_BY_EMAIL, owner) if "@" in owner else frozenset()
    handle = owner[1:]
    if "/" in handle:
        return ids(_BY_TEAM, handle.rsplit("/", 1)[1])
    for sql in (_BY_NOREPLY, _BY_NAME):
        found = ids(sql, handle)
        if found:
            return found if len(found) == 1 else frozenset()
    return frozenset()


def resolve(
    con: duckdb.DuckDBPyConnection, rules: Sequence[tuple[int, int, tuple[str, ...]]]
) -> dict[tuple[int, int], dict[str, frozenset[int]]]:
    """Per rule (repo_id, idx), the people each owner names; creates the temporary table
    ``codeowners_people`` (repo_id, idx, person_id) of every rule's owners."""
    cache: dict[tuple[int, str], frozenset[int]] = {}
    found: dict[tuple[int, int], dict[str, frozenset[int]]] = {}
    rows: dict[str, list[int]] = {"repo_id": [], "idx": [], "person_id": []}
    for repo_id, idx, owners in rules:
        named = {}
        for owner in owners:
            if (repo_id, owner) not in cache:
                cache[repo_id, owner] = people_of(con, repo_id, owner)
            named[owner] = cache[repo_id, owner]
        found[repo_id, idx] = named
        for person in sorted(set().union(*named.values()) if named else ()):
            rows["repo_id"].append(repo_id)
            rows["idx"].append(idx)
            rows["person_id"].append(person)
    temp_table(con, "codeowners_people", pa.table(rows, schema=_TABLE))
    return found
