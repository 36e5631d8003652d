"""codeowners: declared ownership (CODEOWNERS) checked against measured knowledge.

Reads each repository's CODEOWNERS as the last scan captured it (the one GitHub or GitLab
reads: techlead.core.codeowners.choose; GitLab sections, last match wins per section),
the files at HEAD (``analysis_files``: the common filters apply) and who added their lines
(the filtered change history, renames followed, bots left out).

Views (``--view``):

* ``rules``: per rule, the files it decides (it is the last rule of its section that
  matches them), the files its pattern matches, its owners' **knowledge share** = lines
  added to the decided files by its owners / all lines added to them (owners resolved to
  people: an e-mail through the identities; ``@org/team`` through the team of that name in
  techlead.toml; ``@user`` through a GitHub no-reply address, the e-mail's local part or the
  name, when exactly one person fits), the person who added most of those lines, owners who
  have left (policy ``inactive_days``; a team has left when all its members have), owners
  no one resolves to, and the rule's problem: malformed, matches nothing, overridden (every
  file it matches is decided by a later rule), no owners.
* ``uncovered``: the files no rule gives an owner, with their lines of code and the person
  who added most of their lines (the natural owner to write in).

Sorted by repository, then line (``rules``) or path (``uncovered``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.codeowners_people import resolve
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, standing
from techlead.core import codeowners
from techlead.core.errors import AnalysisError
from techlead.core.globs import GlobError
from techlead.core.model import Entity, Options, Result
from techlead.mining.policy_documents import CODEOWNERS
from techlead.warehouse.load import temp_table


class RuleRow(NamedTuple):
    repo: str
    file: str
    line: int
    section: str
    pattern: str
    owners: list[str]
    files: int  # files whose owners this rule decides
    matched: int  # files its pattern matches
    owners_share: float | None  # % of the decided files' added lines, by its owners
    top_person: str | None  # who added most of those lines
    top_share: float | None
    left: list[str]
    unresolved: list[str]
    problem: str


class UncoveredRow(NamedTuple):
    entity: Entity
    lines: int
    main_dev: str | None


@dataclass(frozen=True)
class CodeownersParams(Params):
    view: str = param("rules", "rules or uncovered.", choices=("rules", "uncovered"))
    inactive_days: int | None = param(
        None, "Days without a commit after which a person has left.", policy="inactive_days"
    )
    now: datetime | None = param(None, "The date activity is measured to (default: the scan's).")


@dataclass(frozen=True)
class _File:
    repo_id: int
    repo: str
    path: str  # the CODEOWNERS file
    rules: tuple[codeowners.Rule, ...]
    problems: tuple[str, ...]


def files_of(con: duckdb.DuckDBPyConnection, options: Options) -> list[_File]:
    """The CODEOWNERS each selected repository's forge reads, parsed."""
    rows = con.execute(
        "SELECT r.repo_id, r.name, t.path, t.text FROM file_texts t JOIN repos r USING (repo_id) "
        "WHERE regexp_full_match(t.path, $pattern) "
        "AND (len($repos) = 0 OR list_contains($repos, r.name)) ORDER BY r.name, t.path",
        {"pattern": f"(?i){CODEOWNERS}", "repos": list(options.repos)},
    ).fetchall()
    by_repo: dict[int, list[tuple[str, str, str]]] = {}
    for repo_id, repo, path, text in rows:
        by_repo.setdefault(repo_id, []).append((repo, path, text))
    found = []
    for repo_id, documents in by_repo.items():
        chosen = codeowners.choose([path for _, path, _ in documents])
        repo, path, text = next(d for d in documents if d[1] == chosen)
        parsed = codeowners.parse(text, codeowners.has_sections(path))
        found.append(_File(repo_id, repo, path, parsed.rules, parsed.problems))
    return found


_DECIDED = pa.schema([("repo_id", pa.int32()), ("path", pa.string()), ("idx", pa.int32())])


def _decide(
    con: duckdb.DuckDBPyConnection, found: list[_File]
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """Create ``codeowners_decided`` (repo_id, path, idx: the deciding rules of each file
    at HEAD); returns the files each rule (repo_id, idx) decides and matches."""
    decided: dict[tuple[int, int], int] = {}
    matched: dict[tuple[int, int], int] = {}
    rows: dict[str, list[object]] = {"repo_id": [], "path": [], "idx": []}
    for doc in found:
        paths = [p for (p,) in con.execute(
            "SELECT path FROM analysis_files WHERE repo_id = ? ORDER BY path", [doc.repo_id]
        ).fetchall()]  # fmt: skip
        compiled = [(i, r, codeowners.compiled(r)) for i, r in enumerate(doc.rules)]
        usable = [(i, r, rx) for i, r, rx in compiled if not isinstance(rx, GlobError)]
        for path in paths:
            deciding: dict[str, int] = {}
            for i, rule, regex in usable:
                if regex.match(path):
                    deciding[rule.section.lower()] = i
                    matched[doc.repo_id, i] = matched.get((doc.repo_id, i), 0) + 1
            for i in deciding.values():
                decided[doc.repo_id, i] = decided.get((doc.repo_id, i), 0) + 1
                rows["repo_id"].append(doc.repo_id)
                rows["path"].append(path)
                rows["idx"].append(i)
    temp_table(con, "codeowners_decided", pa.table(rows, schema=_DECIDED))
    return decided, matched


_KNOWLEDGE = """
WITH added AS (
    SELECT repo_id, path, author_id, any_value(author) AS author,
           sum(coalesce(added, 0)) AS added
    FROM {table} GROUP BY repo_id, path, author_id
),
per_rule AS (
    SELECT d.repo_id, d.idx, a.author_id, any_value(a.author) AS author, sum(a.added) AS added,
           bool_or(o.person_id IS NOT NULL) AS owner
    FROM codeowners_decided d
    JOIN added a USING (repo_id, path)
    LEFT JOIN codeowners_people o
      ON o.repo_id = d.repo_id AND o.idx = d.idx AND o.person_id = a.author_id
    GROUP BY d.repo_id, d.idx, a.author_id
)
SELECT repo_id, idx, sum(added) AS total, sum(added) FILTER (WHERE owner) AS owned,
       arg_max(author, (added, -author_id)) AS top, max(added) AS top_added
FROM per_rule GROUP BY repo_id, idx
"""


def _rules(con: duckdb.DuckDBPyConnection, options: Options, params: CodeownersParams,
           found: list[_File]) -> Result[RuleRow]:  # fmt: skip
    decided, matched = _decide(con, found)
    owners = resolve(con, [(d.repo_id, i, r.owners) for d in found for i, r in enumerate(d.rules)])
    standing(con, params.now or moment(con), params.inactive_days)
    left = _left(con)
    table = prepare(con, options)
    knowledge = {(r, i): rest for r, i, *rest in con.execute(
        _KNOWLEDGE.format(table=table)).fetchall()}  # fmt: skip
    rows: list[RuleRow] = []
    notes: list[str] = []
    for doc in found:
        notes.extend(f"{doc.repo}: {doc.path}: {p}" for p in doc.problems)
        for i, rule in enumerate(doc.rules):
            total, owned, top, top_added = knowledge.get((doc.repo_id, i), (0, None, None, None))
            resolved = owners.get((doc.repo_id, i), {})
            rows.append(RuleRow(
                doc.repo, doc.path, rule.line, rule.section, rule.pattern, list(rule.owners),
                decided.get((doc.repo_id, i), 0), matched.get((doc.repo_id, i), 0),
                _share(owned or 0, total) if rule.owners else None,
                top if total else None, _share(top_added or 0, total) if total else None,
                [o for o in rule.owners if resolved.get(o) and resolved[o] <= left],
                [o for o in rule.owners if not resolved.get(o)],
                _problem(rule, decided.get((doc.repo_id, i), 0), matched.get((doc.repo_id, i), 0)),
            ))  # fmt: skip
    return Result.of("codeowners", RuleRow, rows[: options.limit], notes)


def _left(con: duckdb.DuckDBPyConnection) -> frozenset[int]:
    return frozenset(p for (p,) in con.execute(
        f"SELECT person_id FROM {STANDING} WHERE NOT active").fetchall())  # fmt: skip


def _share(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _problem(rule: codeowners.Rule, decided: int, matched: int) -> str:
    if isinstance(codeowners.compiled(rule), GlobError):
        return str(codeowners.compiled(rule))
    if not matched:
        return "matches no file"
    if not decided:
        return "overridden: a later rule decides every file it matches"
    return "" if rule.owners else "no owners: the files it decides have none"


def _uncovered(con: duckdb.DuckDBPyConnection, options: Options,
               found: list[_File]) -> Result[UncoveredRow]:  # fmt: skip
    _decide(con, found)
    table = prepare(con, options)
    several = len(found) > 1
    owned = [(d.repo_id, i) for d in found for i, r in enumerate(d.rules) if r.owners]
    rows = con.execute(
        f"""
        WITH owned AS (SELECT unnest($owned, recursive := true)),
        covered AS (
            SELECT DISTINCT d.repo_id, d.path FROM codeowners_decided d
            JOIN owned o ON o.repo_id = d.repo_id AND o.idx = d.idx
        ),
        added AS (
            SELECT repo_id, path, arg_max(author, (lines, -author_id)) AS main_dev
            FROM (SELECT repo_id, path, author_id, any_value(author) AS author,
                         sum(coalesce(added, 0)) AS lines FROM {table} GROUP BY ALL)
            GROUP BY repo_id, path
        )
        SELECT f.repo, f.path, coalesce(f.code, 0), a.main_dev
        FROM analysis_files f
        LEFT JOIN added a USING (repo_id, path)
        WHERE f.repo_id IN (SELECT unnest($repos))
          AND NOT EXISTS (SELECT 1 FROM covered c WHERE c.repo_id = f.repo_id AND c.path = f.path)
        ORDER BY f.repo, f.path
        """,
        {"owned": [{"repo_id": r, "idx": i} for r, i in owned] or None,
         "repos": [d.repo_id for d in found]},
    ).fetchall()  # fmt: skip
    return Result.of("codeowners", UncoveredRow, [
        UncoveredRow(named(repo, path, several), lines, dev)
        for repo, path, lines, dev in rows[: options.limit]
    ], _coverage(con, found, rows))  # fmt: skip


def _coverage(con: duckdb.DuckDBPyConnection, found: list[_File],
              uncovered: list[tuple[Any, ...]]) -> list[str]:  # fmt: skip
    """Per repository: how many of its files no rule gives an owner."""
    totals = dict(con.execute(
        "SELECT repo, count(*) FROM analysis_files GROUP BY repo").fetchall())  # fmt: skip
    notes = []
    for doc in found:
        total = totals.get(doc.repo, 0)
        missing = sum(1 for row in uncovered if row[0] == doc.repo)
        share = f" ({100 * missing / total:.0f}%)" if total else ""
        notes.append(f"{doc.repo}: {missing} of {total} files{share} have no owner in {doc.path}")
    return notes


def run(con: duckdb.DuckDBPyConnection, options: Options,
        params: CodeownersParams) -> Result[Any]:  # fmt: skip
    if options.until is not None:
        raise AnalysisError("codeowners reads CODEOWNERS as of the last scan: --until does "
                            "not apply")  # fmt: skip
    found = files_of(con, options)
    if not found:
        raise AnalysisError("no CODEOWNERS in the scanned repositories (looked in "
                            f"{', '.join(codeowners.LOCATIONS)})")  # fmt: skip
    head_files(con, options, measured=False)
    if params.view == "uncovered":
        return _uncovered(con, options, found)
    return _rules(con, options, params, found)


ANALYSIS = Analysis(
    "codeowners",
    "CODEOWNERS against measured knowledge: each rule's files, its owners' share, owners "
    "who left, files no rule covers.",
    RuleRow,
    CodeownersParams,
    run,
)
