"""knowledge: who knows which code, where knowledge is concentrated, and what is lost.

Measures, per file alive at the end of the analysed history (at HEAD; with --until, not
deleted by then: ``changes.alive_sql``; renames followed, bots and generated files left
out), its main developer: the author who added the most lines (ties: the name that sorts
first), and their ownership = their added lines / all added lines. Each file weighs its
lines of code at HEAD (``files.code``; 0 when unknown).
Views (``--view``):

* ``map``: component, entity, main-dev, ownership, lines, sorted by component, entity.
* ``islands``: files whose main developer wrote ≥ 95% (``--island-share``) and is still
  active: one person holds all the knowledge; sorted by lines, descending.
* ``loss``: per component, the lines of code whose main developer has left: a person
  with no commit (in any repository) in the ``--inactive-days`` (180) before ``--now``
  is a leaver. Columns: component, lines, lost-lines, lost-share, leavers.
* ``--leaving PERSON`` (name or email, case-insensitive) simulates an off-boarding: the
  files PERSON is main developer of, with their revisions (hotspots first), lines, and
  the successor: the other author who added the most lines there, with their share.

Sources: knowledge maps and knowledge loss after Tornhill, *Software Design X-Rays*
(2018), ch. 8-9; main developer as code-maat's ``main-dev``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import CODE_ONLY, alive_sql, prepare
from techlead.analyses.precision import centi
from techlead.core.dates import parse_date

INACTIVE_DAYS = 180  # someone with no commit (anywhere) for longer has left


def active_people(con: duckdb.DuckDBPyConnection, now: datetime) -> set[str]:
    """The names of the people (not bots) with a commit in any repository in the
    INACTIVE_DAYS before ``now``: everyone else has left."""
    rows = con.execute(
        "SELECT name FROM persons WHERE NOT is_bot AND last_commit_at >= $since",
        {"since": now - timedelta(days=INACTIVE_DAYS)},
    ).fetchall()
    return {name for (name,) in rows}


PARAMS = (
    Param("view", "map", "map, islands or loss."),
    Param("leaving", "", "Simulate this person leaving (name or email)."),
    Param("inactive-days", INACTIVE_DAYS, "Days without a commit after which a person has left."),
    Param("island-share", 0.95, "Ownership share that makes a file a knowledge island."),
    Param("now", "", "The date activity is measured to (default --until, else today)."),
    CODE_ONLY,
)

_FILES = """
CREATE OR REPLACE TEMP TABLE knowledge_files AS
WITH alive AS ({alive}),
contrib AS (
    SELECT repo_id, path, author_id, any_value(author) AS author,
           sum(coalesce(added, 0)) AS added
    FROM {table} GROUP BY repo_id, path, author_id
),
ranked AS (
    SELECT c.*, a.revs, sum(c.added) OVER w AS total,
           row_number() OVER (w ORDER BY c.added DESC, c.author) AS rank
    FROM contrib c JOIN alive a USING (repo_id, path)
    WINDOW w AS (PARTITION BY c.repo_id, c.path)
)
SELECT r.*, rp.name AS repo,
       CASE WHEN (SELECT count(DISTINCT repo_id) FROM {table}) > 1 THEN rp.name || ':' || r.path
            ELSE r.path END AS entity,
       CASE WHEN (SELECT count(DISTINCT repo_id) FROM {table}) > 1 THEN rp.name || ':' ELSE '' END
           || coalesce(f.component, CASE WHEN contains(r.path, '/')
                                         THEN split_part(r.path, '/', 1) ELSE '(root)' END)
           AS component,
       coalesce(f.code, 0) AS lines,
       p.last_commit_at AS last_active, p.email
FROM ranked r
JOIN repos rp USING (repo_id)
LEFT JOIN files f ON f.repo_id = r.repo_id AND f.path = r.path
LEFT JOIN persons p ON p.person_id = r.author_id
"""


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    param = ANALYSIS.param
    given = str(param(options, "now"))
    now = parse_date(given, what="--now") if given else (options.until or datetime.now(UTC))
    cutoff = now - timedelta(days=int(param(options, "inactive-days")))
    table = prepare(con, options)
    con.execute(_FILES.format(table=table, alive=alive_sql(table, options))).fetchall()
    leaving = str(param(options, "leaving"))
    if leaving:
        return _leaving(con, leaving, options)
    view = ANALYSIS.choice(options, "view", ("map", "islands", "loss"))
    if view == "map":
        return _map(con, options)
    if view == "islands":
        return _islands(con, options, float(param(options, "island-share")), cutoff)
    return _loss(con, options, cutoff)


def _map(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    rows = con.execute(
        "SELECT component, entity, author, added, total, lines FROM knowledge_files "
        "WHERE rank = 1 ORDER BY component, entity LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result(
        "knowledge",
        ("component", "entity", "main-dev", "ownership", "lines"),
        [(c, e, a, centi(_ratio(added, total)), lines) for c, e, a, added, total, lines in rows],
    )


def _islands(
    con: duckdb.DuckDBPyConnection, options: Options, share: float, cutoff: datetime
) -> Result:
    rows = con.execute(
        "SELECT component, entity, author, added, total, lines FROM knowledge_files "
        "WHERE rank = 1 AND total > 0 AND added / total >= $share AND last_active >= $cutoff "
        "ORDER BY lines DESC, entity LIMIT $limit",
        {"share": share, "cutoff": cutoff, "limit": options.limit},
    ).fetchall()
    return Result(
        "knowledge",
        ("component", "entity", "main-dev", "ownership", "lines"),
        [(c, e, a, centi(_ratio(added, total)), lines) for c, e, a, added, total, lines in rows],
        (f"knowledge islands: files of which one active developer wrote >= {share:.0%}",),
    )


def _loss(con: duckdb.DuckDBPyConnection, options: Options, cutoff: datetime) -> Result:
    rows = con.execute(
        """
        SELECT component, sum(lines)::BIGINT AS lines,
               sum(lines) FILTER (WHERE last_active < $cutoff)::BIGINT AS lost,
               list(DISTINCT author ORDER BY author) FILTER (WHERE last_active < $cutoff)
        FROM knowledge_files WHERE rank = 1
        GROUP BY component ORDER BY coalesce(lost, 0) DESC, component LIMIT $limit
        """,
        {"cutoff": cutoff, "limit": options.limit},
    ).fetchall()
    return Result(
        "knowledge",
        ("component", "lines", "lost-lines", "lost-share", "leavers"),
        [
            (c, lines, lost or 0, centi(_ratio(lost or 0, lines)), leavers or [])
            for c, lines, lost, leavers in rows
        ],
        (f"leavers: no commit since {cutoff.date().isoformat()}",),
    )


def _leaving(con: duckdb.DuckDBPyConnection, who: str, options: Options) -> Result:
    owned = con.execute(
        "SELECT count(*) FROM knowledge_files WHERE rank = 1 "
        "AND (lower(author) = lower($who) OR lower(email) = lower($who))",
        {"who": who},
    ).fetchall()[0][0]
    rows = con.execute(
        """
        SELECT m.component, m.entity, m.revs, m.lines, m.added, m.total,
               s.author AS successor, s.added AS successor_added
        FROM knowledge_files m
        LEFT JOIN knowledge_files s
          ON s.repo_id = m.repo_id AND s.path = m.path AND s.rank = 2
        WHERE m.rank = 1 AND (lower(m.author) = lower($who) OR lower(m.email) = lower($who))
        ORDER BY m.revs DESC, m.lines DESC, m.entity LIMIT $limit
        """,
        {"who": who, "limit": options.limit},
    ).fetchall()
    return Result(
        "knowledge",
        ("component", "entity", "n-revs", "lines", "ownership", "successor", "successor-share"),
        [
            (
                c,
                e,
                revs,
                lines,
                centi(_ratio(added, total)),
                successor,
                centi(_ratio(s_added or 0, total)) if successor else None,
            )
            for c, e, revs, lines, added, total, successor, s_added in rows
        ],
        (f"{who} is the main developer of {owned} files",),
    )


def _ratio(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


ANALYSIS = Analysis(
    "knowledge",
    "Knowledge map, knowledge islands, knowledge loss and off-boarding simulation.",
    ("component", "entity", "main-dev", "ownership", "lines"),
    run,
    PARAMS,
)
