"""How each commit of HEAD's main line landed, and who reviewed it (core.landing's rules),
stored in ``landing_kinds`` and ``landing_reviewers`` at scan time.

Incremental: every scan classifies the main-line commits (``landings.position``) that have
no classification yet, or one made by other rules (techlead.toml's ``[review]`` changed);
the rows of commits that left the main line go. A merge of another branch (``Merge branch
'stable'``) also has the commits of that branch's own first-parent chain classified, with
``via`` naming it (``_merged_branches``): a project that lands its pull requests on a
maintenance branch and merges it forward has them counted. The commit messages are
already in ``commits``: no git call.

A reviewer is resolved to a person as the history's authors are: a trailer's e-mail that
an identity of the repository used (raw, or after .mailmap) is that identity's person;
else, with ``[mining] merge_names`` on, a full name (two words or more, compared as
``same_person`` compares them) that a person goes by; else a person of their own
(``person_id`` of the trailer's name and e-mail, the id a commit by them would get). The
resolution is redone on every scan, since people merge and split as history grows.
"""

from __future__ import annotations

from collections.abc import Container

import duckdb
import pyarrow as pa

from techlead.core.landing import ReviewRules, classify, default_rules, reviewers
from techlead.git.identities import person_id
from techlead.mining.same_person import full_name
from techlead.warehouse.load import REPEATED_STRING, ArrowRows, insert_arrow, table_from_rows

KIND_SCHEMA = pa.schema(
    [
        ("sha", pa.string()),
        ("via", pa.string()),
        ("brings", pa.list_(pa.string())),
        ("kind", REPEATED_STRING),
        ("forge", REPEATED_STRING),
        ("number", pa.int32()),
        ("source", REPEATED_STRING),
        ("evidence", pa.string()),
        ("web_committed", pa.bool_()),
        ("rules", REPEATED_STRING),
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

# Every subquery names the repository itself ($repo), not only through the outer row:
# DuckDB would otherwise decorrelate it into a join with the whole table, every
# repository's rows, once per repository scanned.
_STALE = """
DELETE FROM landing_kinds k WHERE k.repo_id = $repo AND k.via IS NULL AND (k.rules <> $rules
    OR NOT EXISTS (SELECT 1 FROM landings l
                   WHERE l.repo_id = $repo AND l.sha = k.sha AND l.position IS NOT NULL))
"""
# a merged branch's commit goes with the merge that brought it (a merge of a merge too)
_STALE_VIA = """
DELETE FROM landing_kinds k WHERE k.repo_id = $repo AND k.via IS NOT NULL AND (
    k.rules <> $rules OR NOT EXISTS (
        SELECT 1 FROM landing_kinds m WHERE m.repo_id = $repo AND m.sha = k.via))
"""
_COUNT = "SELECT count(*) FROM landing_kinds WHERE repo_id = $repo"
# the commits not on the main line that landed with the given main-line positions
_BRANCHES = """
SELECT c.sha, c.parents, l.landed, c.subject, c.body, c.is_merge
FROM landings l JOIN commits c USING (repo_id, sha)
WHERE l.repo_id = $repo AND l.position IS NULL AND list_contains($landed, l.landed)
"""
_ORPHANS = """
DELETE FROM landing_reviewers r WHERE r.repo_id = $repo AND NOT EXISTS (
    SELECT 1 FROM landing_kinds k WHERE k.repo_id = $repo AND k.sha = r.sha)
"""
_MESSAGES_AT_ONCE = 4096
# the commits whose committer's e-mail, as written, is a forge's web interface's (one
# filtered scan: joining every commit to its committer held ~60 MB on 100,000 commits)
_WEB_COMMITTED = """
SELECT DISTINCT sha FROM commit_authors
WHERE repo_id = $repo AND role = 'committer' AND list_contains($web, lower(raw_email))
"""
_NEW = """  -- the main-line commits to classify
SELECT c.sha, c.subject, c.body, c.is_merge
FROM landings l JOIN commits c USING (repo_id, sha)
WHERE l.repo_id = $repo AND l.position IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM landing_kinds k WHERE k.repo_id = $repo AND k.sha = l.sha)
"""


def store_landing_kinds(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    rules: ReviewRules | None = None,
    merge_names: bool = True,
    settled: bool = False,
) -> int:
    """Classify the repository's unclassified main-line commits (inside the scan's
    transaction, after ``store_mainline`` and ``rebuild_people``); returns how many.
    ``settled``: neither the main line nor the people changed since the last scan, so
    only a change of the rules can leave something to do."""
    rules = rules or default_rules()
    values = {"repo": repo_id, "rules": rules.key}
    if settled:
        # (none classified yet: a warehouse just migrated to schema 17)
        [(stale, classified)] = con.execute(
            "SELECT count(*) FILTER (WHERE rules <> $rules), count(*) FROM landing_kinds "
            "WHERE repo_id = $repo",
            values,
        ).fetchall()
        if stale == 0 and classified > 0:
            return 0
    con.execute(_STALE, values)
    while True:  # one level of merged branches at a time
        before = con.execute(_COUNT, {"repo": repo_id}).fetchone()
        con.execute(_STALE_VIA, values)
        if con.execute(_COUNT, {"repo": repo_id}).fetchone() == before:
            break
    con.execute(_ORPHANS, {"repo": repo_id})
    # the messages a few thousand at a time, the kinds as Arrow batches: all of 300,000
    # commits' messages and kinds as Python objects took ~100 MB
    kinds = ArrowRows(KIND_SCHEMA)
    found: list[tuple[object, ...]] = []
    web = _web_committed(con, repo_id, rules)
    merges: list[str] = []
    result = con.execute(_NEW, {"repo": repo_id})
    while batch := result.fetchmany(_MESSAGES_AT_ONCE):
        for sha, subject, body, is_merge in batch:
            landing = classify(subject, body, is_merge, rules)
            kinds.extend(((sha, None, None, *landing, sha in web, rules.key),))
            found.extend((sha, 0, *reviewer) for reviewer in reviewers(body, rules))
            if landing.kind == "merge":
                merges.append(sha)
    branch_kinds, branch_reviewers = _merged_branches(con, repo_id, merges, rules, web)
    kinds.extend(branch_kinds)
    found += branch_reviewers
    repo = {"repo": repo_id}
    if len(kinds):
        insert_arrow(con, "landing_kinds", kinds.table(),
                     "$repo AS repo_id, *", repo)  # fmt: skip
    if found:
        insert_arrow(con, "landing_reviewers", table_from_rows(REVIEWER_SCHEMA, found),
                     "$repo AS repo_id, *", repo)  # fmt: skip
    resolve_reviewers(con, repo_id, merge_names)
    return len(kinds)


def _web_committed(con: duckdb.DuckDBPyConnection, repo_id: int, rules: ReviewRules) -> set[str]:
    web = sorted({email.lower() for email in rules.web_emails})
    if not web:
        return set()
    rows = con.execute(_WEB_COMMITTED, {"repo": repo_id, "web": web}).fetchall()
    return {sha for (sha,) in rows}


def _merged_branches(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    merges: list[str],
    rules: ReviewRules,
    web: set[str],
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The rows of the commits on the first-parent chain of each branch a ``merge`` brought
    (``Merge branch 'stable'``: the stable branch's own main line, its pull requests and
    direct commits), down to a commit that landed before; a merge among them that is
    itself a merge of another branch is followed the same way. A pull request merged on
    such a branch ``brings`` the commits of its own branch: those its second parents reach
    without passing the chain (or a commit that landed before)."""
    if not merges:
        return [], []
    positions = dict(con.execute(
        "SELECT sha, landed FROM landings WHERE repo_id = $repo AND list_contains($shas, sha)",
        {"repo": repo_id, "shas": merges}).fetchall())  # fmt: skip
    landed = sorted(set(positions.values()))
    info = {row[0]: row for row in con.execute(
        _BRANCHES, {"repo": repo_id, "landed": landed}).fetchall()}  # fmt: skip
    parents = {sha: list(row[1]) for sha, row in info.items()}
    for sha, found in con.execute(
        "SELECT sha, parents FROM commits WHERE repo_id = $repo AND list_contains($shas, sha)",
        {"repo": repo_id, "shas": merges},
    ).fetchall():
        parents[sha] = list(found)
    kinds: list[tuple[object, ...]] = []
    named: list[tuple[object, ...]] = []
    done: set[str] = set()
    landed_with: dict[int, set[str]] = {}
    for sha, row in info.items():
        landed_with.setdefault(row[2], set()).add(sha)
    queue = [(merge, positions[merge]) for merge in merges]
    while queue:
        merge, position = queue.pop()
        # those that landed with it: a commit that landed before is on the main line already
        mine = landed_with.get(position, set())
        chain: list[str] = []
        tip = parents[merge][1] if len(parents[merge]) > 1 else None
        while tip is not None and tip in mine and tip not in done:
            chain.append(tip)
            done.add(tip)
            tip = parents[tip][0] if parents[tip] else None
        on_chain = set(chain)
        for sha in chain:
            _, _, _, subject, body, is_merge = info[sha]
            landing = classify(subject, body, is_merge, rules)
            brings = _brought(sha, parents, mine, on_chain) if is_merge else None
            kinds.append((sha, merge, brings, *landing, sha in web, rules.key))
            named.extend((sha, 0, *reviewer) for reviewer in reviewers(body, rules))
            if landing.kind == "merge":
                queue.append((sha, position))
    return kinds, named


def _brought(
    merge: str, parents: dict[str, list[str]], info: Container[str], chain: set[str]
) -> list[str]:
    """The commits a merge on a merged branch brought: reachable from its second parents
    without passing the branch's chain, among those that landed with it."""
    found: list[str] = []
    seen: set[str] = set()
    stack = list(parents[merge][1:])
    while stack:
        sha = stack.pop()
        if sha in seen or sha in chain or sha not in info:
            continue
        seen.add(sha)
        found.append(sha)
        stack.extend(parents[sha])
    return found


# (kind, value, person) of every author and committer address and name of a repository,
# ordered by its latest use (author time; then commit and role, for a fixed order)
_LATEST_USES = """
SELECT kind, value, arg_max(person_id, used) AS person_id
FROM (
    SELECT ca.person_id, {'t': c.author_time, 'sha': ca.sha, 'role': ca.role} AS used,
           unnest([{'kind': 'email', 'value': ca.email}, {'kind': 'email', 'value': ca.raw_email},
                   {'kind': 'name', 'value': ca.name}], recursive := true)
    FROM commit_authors ca JOIN commits c USING (repo_id, sha)
    WHERE ca.repo_id = ?
)
WHERE value IS NOT NULL AND value <> ''
GROUP BY kind, value
ORDER BY max(used), kind, value
"""


def resolve_reviewers(con: duckdb.DuckDBPyConnection, repo_id: int, merge_names: bool) -> None:
    """Give every reviewer of the repository the person id the module's rule gives."""
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    # each distinct address and name once, with its latest use (SQL), then keyed here in
    # order of use, the latest winning: one Python step per name, not per commit
    for kind, value, pid in con.execute(_LATEST_USES, [repo_id]).fetchall():
        if kind == "email":
            by_email[value.strip().lower()] = pid
        elif merge_names and (key := full_name(value)) is not None:
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
