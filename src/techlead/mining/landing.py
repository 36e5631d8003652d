"""How each commit of HEAD's main line landed, and who reviewed it (core.landing's rules),
stored in ``landing_kinds`` and ``landing_reviewers`` at scan time.

Incremental: every scan classifies the main-line commits (``landings.position``) that have
no classification yet, or one made by other rules (techlead.toml's ``[review]`` changed);
the rows of commits that left the main line go. The commit messages are already in
``commits``: no git call.

A reviewer is resolved to a person as the history's authors are: a trailer's e-mail that
an identity of the repository used (raw, or after .mailmap) is that identity's person;
else, with ``[mining] merge_names`` on, a full name (two words or more, compared as
``same_person`` compares them) that a person goes by; else a person of their own
(``person_id`` of the trailer's name and e-mail, the id a commit by them would get). The
resolution is redone on every scan, since people merge and split as history grows.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from techlead.core.landing import ReviewRules, classify, default_rules, reviewers
from techlead.git.identities import person_id
from techlead.mining.same_person import full_name
from techlead.warehouse.load import insert_arrow, table_from_rows

KIND_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("kind", pa.string()),
        ("forge", pa.string()),
        ("number", pa.int32()),
        ("source", pa.string()),
        ("evidence", pa.string()),
        ("web_committed", pa.bool_()),
        ("rules", pa.string()),
    ]
)
REVIEWER_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("person_id", pa.int64()),
        ("trailer", pa.string()),
        ("name", pa.string()),
        ("email", pa.string()),
    ]
)

_STALE = """
DELETE FROM landing_kinds k WHERE k.repo_id = $repo AND (k.rules <> $rules OR NOT EXISTS (
    SELECT 1 FROM landings l
    WHERE l.repo_id = k.repo_id AND l.sha = k.sha AND l.position IS NOT NULL))
"""
_ORPHANS = """
DELETE FROM landing_reviewers r WHERE r.repo_id = $repo AND NOT EXISTS (
    SELECT 1 FROM landing_kinds k WHERE k.repo_id = r.repo_id AND k.sha = r.sha)
"""
_NEW = """  -- the main-line commits to classify, with the committer's e-mail as written
SELECT c.sha, c.subject, c.body, c.is_merge,
       (SELECT any_value(lower(ca.raw_email)) FROM commit_authors ca
        WHERE ca.repo_id = c.repo_id AND ca.sha = c.sha AND ca.role = 'committer') AS committer
FROM landings l JOIN commits c USING (repo_id, sha)
WHERE l.repo_id = $repo AND l.position IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM landing_kinds k WHERE k.repo_id = l.repo_id AND k.sha = l.sha)
"""


def store_landing_kinds(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    rules: ReviewRules | None = None,
    merge_names: bool = True,
) -> int:
    """Classify the repository's unclassified main-line commits (inside the scan's
    transaction, after ``store_mainline`` and ``rebuild_people``); returns how many."""
    rules = rules or default_rules()
    values = {"repo": repo_id, "rules": rules.key}
    con.execute(_STALE, values)
    con.execute(_ORPHANS, {"repo": repo_id})
    kinds: list[tuple[object, ...]] = []
    found: list[tuple[object, ...]] = []
    web = set(rules.web_emails)
    for sha, subject, body, is_merge, committer in con.execute(_NEW, {"repo": repo_id}).fetchall():
        landing = classify(subject, body, is_merge, rules)
        kinds.append((sha, *landing, committer in web, rules.key))
        found.extend((sha, 0, *reviewer) for reviewer in reviewers(body, rules))
    repo = {"repo": repo_id}
    if kinds:
        insert_arrow(con, "landing_kinds", table_from_rows(KIND_SCHEMA, kinds),
                     "$repo AS repo_id, *", repo)  # fmt: skip
    if found:
        insert_arrow(con, "landing_reviewers", table_from_rows(REVIEWER_SCHEMA, found),
                     "$repo AS repo_id, *", repo)  # fmt: skip
    resolve_reviewers(con, repo_id, merge_names)
    return len(kinds)


def resolve_reviewers(con: duckdb.DuckDBPyConnection, repo_id: int, merge_names: bool) -> None:
    """Give every reviewer of the repository the person id the module's rule gives."""
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for name, email, raw_email, pid in con.execute(
        "SELECT ca.name, ca.email, ca.raw_email, ca.person_id FROM commit_authors ca "
        "JOIN commits c USING (repo_id, sha) WHERE ca.repo_id = ? "
        "ORDER BY c.author_time",
        [repo_id],
    ).fetchall():
        for each in (email, raw_email):
            if each:
                by_email[each.strip().lower()] = pid  # the latest use wins
        key = full_name(name) if merge_names else None
        if key is not None:
            by_name[key] = pid
    rows = con.execute(
        "SELECT DISTINCT name, email, person_id FROM landing_reviewers WHERE repo_id = ?",
        [repo_id],
    ).fetchall()
    changed = []
    for name, email, old in rows:
        key = full_name(name) if merge_names else None
        pid = by_email.get(email.strip().lower()) if email else None
        if pid is None and key is not None:
            pid = by_name.get(key)
        if pid is None:
            pid = person_id(name, email)
        if pid != old:
            changed.append((name, email, pid))
    if changed:
        table = pa.table(
            {
                "name": [c[0] for c in changed],
                "email": [c[1] for c in changed],
                "pid": pa.array([c[2] for c in changed], pa.int64()),
            }
        )
        con.register("_reviewer_ids", table)
        try:
            con.execute(
                "UPDATE landing_reviewers r SET person_id = t.pid FROM _reviewer_ids t "
                "WHERE r.repo_id = ? AND r.name = t.name AND r.email = t.email",
                [repo_id],
            )
        finally:
            con.unregister("_reviewer_ids")
