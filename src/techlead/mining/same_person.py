"""One person per full name as well as per email (``[mining] merge_names``, on by default).

People commit under several emails (work, home, a GitHub noreply address) that no
.mailmap ties together; counted apart, one active maintainer looks like several people,
some of whom "left". Identities (after .mailmap) whose names are the same full name are
one person: the name is compared case-folded, with anything but letters, digits and
spaces dropped (``☿ Kenneth Reitz`` is ``kenneth reitz``), and must hold two words or
more, so handles such as ``bluetech`` or ``hpk`` merge only through their email.
Identities sharing an email were one person already; merging is transitive.

The merged person's id is the id of its full name (``person_id(name, "")``, the id a
placeholder email gives), so the same person has the same id in every repository.
Ids are rewritten in ``commit_authors`` and ``commits``; since the rule is recomputed
from the names and emails each time, a re-scan leaves merged ids as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import duckdb

from techlead.git.identities import person_id

_NOT_NAME = re.compile(r"[^\w\s]|_", re.UNICODE)


def full_name(name: str) -> str | None:
    """The comparable form of a full name, or None for a handle (one word)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    words = _NOT_NAME.sub(" ", folded).split()
    return " ".join(words) if len(words) >= 2 else None


_NAMED = re.compile(r"^(.*?)\s*<([^<>]*)>$")


def alias_parts(entry: str) -> tuple[str | None, str | None]:
    """(name, e-mail) an aliases entry names: ``Name <e-mail>``, an e-mail (it holds an
    ``@``) or a name."""
    found = _NAMED.match(entry.strip())
    if found:
        return found.group(1).strip() or None, found.group(2).strip() or None
    return (None, entry.strip()) if "@" in entry else (entry.strip(), None)


def alias_id(canonical: str) -> int:
    """The id of the person an ``[people] aliases`` group names (by its first entry), the
    same in every repository."""
    return person_id("alias " + canonical.strip().casefold(), "")


def merged_ids(
    identities: list[tuple[str, str]],
    by_name: bool = True,
    aliases: Sequence[Sequence[str]] = (),
) -> dict[tuple[str, str], int]:
    """(name, email) -> the id of the person it belongs to, for identities that merge: by
    full name (``by_name``), and the identities an alias group names (``alias_parts``:
    names and e-mails compared case-folded)."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    first_of_key: dict[str, int] = {}
    names: dict[int, set[str]] = {}
    for name, email in identities:
        own = person_id(name, email)
        root(own)
        key = full_name(name) if by_name else None
        if key is not None:
            names.setdefault(own, set()).add(key)
            parent[root(own)] = root(first_of_key.setdefault(key, own))
    groups: dict[int, int] = {}  # a root -> the alias id of its group
    for group in aliases:
        if not group:
            continue
        parts = [alias_parts(entry) for entry in group]
        wanted_names = {n.casefold() for n, _ in parts if n}
        wanted_emails = {e.casefold() for _, e in parts if e}
        members = [person_id(n, e) for n, e in identities
                   if e.strip().casefold() in wanted_emails
                   or n.strip().casefold() in wanted_names]  # fmt: skip
        for member in members[1:]:
            parent[root(member)] = root(members[0])
        if members:
            groups[root(members[0])] = alias_id(group[0])
    keys_of_root: dict[int, set[str]] = {}
    for node, keys in names.items():
        keys_of_root.setdefault(root(node), set()).update(keys)
    aliased = {root(node): alias for node, alias in groups.items()}
    result = {}
    for name, email in identities:
        top = root(person_id(name, email))
        if top in aliased:
            result[(name, email)] = aliased[top]
        elif top in keys_of_root:
            result[(name, email)] = person_id(min(keys_of_root[top]), "")
    return result


def assign_people(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    merge_names: bool,
    aliases: Sequence[Sequence[str]] = (),
) -> None:
    """Give every identity of one repository its person id: merged by full name, or
    (``merge_names`` off) by email alone, undoing an earlier merge; and the identities of
    each ``[people] aliases`` group as one person."""
    identities = [
        (str(n), str(e))
        for n, e in con.execute(
            "SELECT DISTINCT name, email FROM commit_authors WHERE repo_id = ? ORDER BY ALL",
            [repo_id],
        ).fetchall()
    ]
    by_name = merged_ids(identities, merge_names, aliases)
    merged = {(n, e): by_name.get((n, e), person_id(n, e)) for n, e in identities}
    if not merged:
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE same_person AS "
        "SELECT unnest($names) AS name, unnest($emails) AS email, unnest($ids) AS id",
        {
            "names": [n for n, _ in merged],
            "emails": [e for _, e in merged],
            "ids": list(merged.values()),
        },
    ).fetchall()
    con.execute(
        "UPDATE commit_authors ca SET person_id = s.id FROM same_person s "
        "WHERE ca.repo_id = $repo AND ca.name = s.name AND ca.email = s.email "
        "AND ca.person_id <> s.id",
        {"repo": repo_id},
    ).fetchall()
    for column, role in (("author_id", "author"), ("committer_id", "committer")):
        con.execute(
            f"UPDATE commits c SET {column} = ca.person_id FROM commit_authors ca "
            "WHERE c.repo_id = $repo AND ca.repo_id = $repo AND ca.sha = c.sha "
            f"AND ca.role = '{role}' AND c.{column} <> ca.person_id",
            {"repo": repo_id},
        ).fetchall()
    con.execute("DROP TABLE same_person").fetchall()
