"""knowledge: who knows which code, where knowledge is concentrated, and what is lost.

Measures, per file alive at the end of the analysed history (at HEAD; with --until, not
deleted by then: ``changes.alive_sql``; renames followed, bots and generated files left
out), its main developer: the author who added the most lines (ties: the name that sorts
first), and their ownership = their added lines / all added lines. Each file weighs its
lines of code at HEAD (``files.code``; 0 when unknown).
Views (``--view``):

* ``map``: component, entity, main-dev, ownership, lines, sorted by component, entity.
* ``islands``: files whose main developer wrote at least the policy's island_share
  (``--island-share``) and is still
  active: one person holds all the knowledge; sorted by lines, descending.
* ``loss``: per component, the lines of code whose main developer has left: a person
  whose last commit (in any repository, up to ``--now``) is more than the policy's
  inactive_days (``--inactive-days``) older than the newest commit of the repositories
  they worked in is a leaver (``people.standing``). Columns: component, lines,
  lost-lines, lost-share, leavers.
* ``--leaving PERSON`` (name or email, case-insensitive) simulates an off-boarding: the
  files PERSON is main developer of, with their revisions (hotspots first), lines, and
  the successor: the *active* other author who added the most lines there, with their
  share (none when every other author has left).

Sources: knowledge maps and knowledge loss after Tornhill, *Software Design X-Rays*
(2018), ch. 8-9; main developer as code-maat's ``main-dev``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import alive_sql, prepare, reuses
from techlead.analyses.entity import named
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, known_person, standing
from techlead.analyses.precision import centi
from techlead.core.model import Entity, Options, Result
from techlead.warehouse.policy import policy_of


class KnowledgeFile(NamedTuple):
    component: Entity
    entity: Entity
    main_dev: str
    ownership: float
    lines: int


class KnowledgeLoss(NamedTuple):
    component: Entity
    lines: int
    lost_lines: int
    lost_share: float
    leavers: list[str]


class LeavingFile(NamedTuple):
    component: Entity
    entity: Entity
    n_revs: int
    lines: int
    ownership: float
    successor: str | None
    successor_share: float | None


@dataclass(frozen=True)
class KnowledgeParams(Params):
    view: str = param("map", "map, islands or loss.", choices=("map", "islands", "loss"))
    leaving: str = param("", "Simulate this person leaving (name or email).")
    inactive_days: int | None = param(
        None, "Days without a commit after which a person has left.", policy="inactive_days"
    )
    island_share: float | None = param(
        None,
        "Ownership share that makes a file a knowledge island.",
        policy="island_share",
    )
    now: datetime | None = param(
        None, "The date activity is measured to (default --until, else the last scan's)."
    )
    code_only: bool | None = param(
        None,
        "Only files of a programming language (no docs, data or config).",
        policy="knowledge_code_only",
    )


_FILES = """
CREATE OR REPLACE TEMP TABLE knowledge_files AS
WITH alive AS ({alive}),
contrib AS (
    SELECT repo_id, path, author_id, any_value(author) AS author,
           sum(coalesce(added, 0)) AS added, any_value(component) AS component
    FROM {table} GROUP BY repo_id, path, author_id
),
ranked AS (
    SELECT c.*, a.revs, sum(c.added) OVER w AS total,
           row_number() OVER (w ORDER BY c.added DESC, c.author) AS rank
    FROM contrib c JOIN alive a USING (repo_id, path)
    WINDOW w AS (PARTITION BY c.repo_id, c.path)
)
SELECT r.*, rp.name AS repo,
       (SELECT count(DISTINCT repo_id) FROM {table}) > 1 AS several,
       coalesce(f.code, 0) AS lines,
       p.email
FROM ranked r
JOIN repos rp USING (repo_id)
LEFT JOIN analysis_files f ON f.repo_id = r.repo_id AND f.path = r.path
LEFT JOIN persons p ON p.person_id = r.author_id
"""


def _label(column: str, of: str = "") -> str:
    """SQL for the printed label of a row of knowledge_files (``of``: a table alias)."""
    t = f"{of}." if of else ""
    return f"CASE WHEN {t}several THEN {t}repo || ':' || {t}{column} ELSE {t}{column} END"


_ENTITY, _COMPONENT = _label("path"), _label("component")


def _prepared(con: duckdb.DuckDBPyConnection, options: Options, params: KnowledgeParams) -> str:
    """Build knowledge_files for the filters, and who is active (people.STANDING);
    returns who has left, in words."""
    rule = standing(con, params.now or options.until or moment(con), params.inactive_days)
    code_only = (
        params.code_only if params.code_only is not None else policy_of(con).knowledge_code_only
    )
    table = prepare(con, options)
    # On a read-only connection the warehouse cannot change: the files built for one
    # history (the map) serve the next view of it (the islands, the loss) as they are.
    key = f"{table}|{code_only}"
    reuse = reuses(con)
    if reuse:
        con.execute("CREATE TEMP TABLE IF NOT EXISTS knowledge_built (key VARCHAR)").fetchall()
        if con.execute("SELECT 1 FROM knowledge_built WHERE key = ?", [key]).fetchall():
            return rule
    alive = alive_sql(con, table, options, code_only, measured=True, complexity=False)
    con.execute(_FILES.format(table=table, alive=alive)).fetchall()
    if reuse:
        con.execute("DELETE FROM knowledge_built").fetchall()
        con.execute("INSERT INTO knowledge_built VALUES (?)", [key]).fetchall()
    return rule


def file_map(
    con: duckdb.DuckDBPyConnection, options: Options, params: KnowledgeParams
) -> Result[KnowledgeFile]:
    """The knowledge map (``view`` map) or the knowledge islands (``view`` islands)."""
    _prepared(con, options, params)
    if params.view != "islands":
        return _files(con, options, "TRUE", {}, ())
    share = params.island_share if params.island_share is not None else policy_of(con).island_share
    return _files(
        con, options,
        "total > 0 AND added / total >= $share AND coalesce(s.active, FALSE)",
        {"share": share},
        (f"knowledge islands: files of which one active developer wrote >= {share:.0%}",),
    )  # fmt: skip


def loss(
    con: duckdb.DuckDBPyConnection, options: Options, params: KnowledgeParams
) -> Result[KnowledgeLoss]:
    return _loss(con, options, _prepared(con, options, params))


def leaving(
    con: duckdb.DuckDBPyConnection, options: Options, params: KnowledgeParams
) -> Result[LeavingFile]:
    rule = _prepared(con, options, params)
    return _leaving(con, params.leaving, options, rule)


def run(con: duckdb.DuckDBPyConnection, options: Options, params: KnowledgeParams) -> Result[Any]:
    """The view the parameters ask for (the command line's entry; sections call the typed
    views above)."""
    if params.leaving:
        return leaving(con, options, params)
    if params.view == "loss":
        return loss(con, options, params)
    return file_map(con, options, params)


def _files(
    con: duckdb.DuckDBPyConnection, options: Options, where: str, values: dict[str, Any],
    notes: tuple[str, ...],
) -> Result[KnowledgeFile]:  # fmt: skip
    order = "lines DESC, label" if values else "component_label, label"
    rows = con.execute(
        f"SELECT repo, component, path, author, added, total, lines, several, "
        f"{_COMPONENT} AS component_label, {_ENTITY} AS label "
        f"FROM knowledge_files LEFT JOIN {STANDING} s ON s.person_id = author_id "
        f"WHERE rank = 1 AND {where} ORDER BY {order} LIMIT $limit",
        {**values, "limit": options.limit},
    ).fetchall()
    return Result.of("knowledge", KnowledgeFile, [
        KnowledgeFile(named(r, c, several), named(r, p, several), a,
                      centi(_ratio(added, total)), lines)
        for r, c, p, a, added, total, lines, several, _cl, _l in rows], notes)  # fmt: skip


def _loss(con: duckdb.DuckDBPyConnection, options: Options, rule: str) -> Result[KnowledgeLoss]:
    rows = con.execute(
        f"""
        SELECT repo, component, any_value(several), sum(lines)::BIGINT AS lines,
               sum(lines) FILTER (WHERE NOT coalesce(s.active, FALSE))::BIGINT AS lost,
               list(DISTINCT author ORDER BY author) FILTER (WHERE NOT coalesce(s.active, FALSE))
        FROM knowledge_files LEFT JOIN {STANDING} s ON s.person_id = author_id
        WHERE rank = 1
        GROUP BY repo, component
        ORDER BY coalesce(lost, 0) DESC, any_value({_COMPONENT}) LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    return Result.of("knowledge", KnowledgeLoss, [
        KnowledgeLoss(named(r, c, several), lines, lost or 0,
                      centi(_ratio(lost or 0, lines)), leavers or [])
        for r, c, several, lines, lost, leavers in rows],
        (f"leavers: {rule}",))  # fmt: skip


def _leaving(
    con: duckdb.DuckDBPyConnection, who: str, options: Options, rule: str
) -> Result[LeavingFile]:
    known_person(con, who, "--leaving")
    owned = con.execute(
        "SELECT count(*) FROM knowledge_files WHERE rank = 1 "
        "AND (lower(author) = lower($who) OR lower(email) = lower($who))",
        {"who": who},
    ).fetchall()[0][0]
    rows = con.execute(
        f"""
        WITH successors AS (  -- per file, the active other author who added the most lines
            SELECT k.repo_id, k.path, arg_min(k.author, k.rank) AS author,
                   arg_min(k.added, k.rank) AS added
            FROM knowledge_files k JOIN {STANDING} a ON a.person_id = k.author_id
            WHERE k.rank > 1 AND a.active GROUP BY k.repo_id, k.path
        )
        SELECT m.repo, m.component, m.path, m.several, m.revs, m.lines, m.added, m.total,
               s.author AS successor, s.added AS successor_added
        FROM knowledge_files m
        LEFT JOIN successors s ON s.repo_id = m.repo_id AND s.path = m.path
        WHERE m.rank = 1 AND (lower(m.author) = lower($who) OR lower(m.email) = lower($who))
        ORDER BY m.revs DESC, m.lines DESC, {_label("path", "m")} LIMIT $limit
        """,
        {"who": who, "limit": options.limit},
    ).fetchall()
    return Result.of("knowledge", LeavingFile, [
        LeavingFile(named(r, c, several), named(r, p, several), revs, lines,
                    centi(_ratio(added, total)), successor,
                    centi(_ratio(s_added or 0, total)) if successor else None)
        for r, c, p, several, revs, lines, added, total, successor, s_added in rows],
        (f"{who} is the main developer of {owned} files",
         f"successor: the active other author who added most lines (left: {rule})"))  # fmt: skip


def _ratio(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


ANALYSIS = Analysis(
    "knowledge",
    "Knowledge map, knowledge islands, knowledge loss and off-boarding simulation.",
    KnowledgeFile,
    KnowledgeParams,
    run,
)
