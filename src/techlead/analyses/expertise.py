"""who: the people who know a path, a component or a technology, and reviewers for a change.

**Target.** ``TARGET`` is tried as a component (its name, or ``repo:name``), then a path at
HEAD (a file, a folder, or a glob), then a technology: a language (the files of that
language), a catalogue technology recognised from files (the files its globs match), or one
recognised from dependencies (the code files in the folders of the manifests that declare
it: techlead does not read imports, so a root manifest stands for the whole repository).

**Knowledge score** of person p over the target's files F (at HEAD; the filtered history,
renames followed, bots left out): ``K(p) = Σ (added(c) + 1) · 2^(−age(c) / H)`` over p's
changes c to F, with age(c) the days from the change to the moment and H the half-life
(``--half-life``, 365 days): lines written recently weigh most, and a change that adds no
line still counts once. ``share`` = K(p) / Σ K. Rows: active people first (policy
``inactive_days``), then by score.

**Reviewers** for a change set (files): greedily, the active person (not the author) with
the highest score over the files no reviewer covers yet, until every file is covered or
``--max-reviewers`` are chosen; a reviewer covers a file when their score on it is at
least half of the best active score on it. Files no active person knows are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb
import pyarrow as pa

from techlead.analyses import technology_files
from techlead.analyses.changes import prepare
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, standing
from techlead.core.errors import AnalysisError
from techlead.core.globs import GlobError, compile_regex, glob_to_regex
from techlead.core.model import Options, Result
from techlead.mining.technologies import catalogue
from techlead.warehouse.load import temp_table

HALF_LIFE_DAYS = 365
EXPERT_SHARE = 0.2  # an expert holds at least this share of a knowledge score


class Expert(NamedTuple):
    person: str
    email: str
    active: bool
    last_change: datetime
    commits: int
    added: int
    score: float
    share: float


class Reviewer(NamedTuple):
    reviewer: str
    email: str
    files: list[str]
    score: float


@dataclass(frozen=True)
class WhoParams:
    half_life: int = HALF_LIFE_DAYS
    inactive_days: int | None = None
    now: datetime | None = None


def _files_where(con: duckdb.DuckDBPyConnection, where: str, values: dict[str, object]) -> int:
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE who_files AS SELECT DISTINCT repo_id, path "
        f"FROM analysis_files f WHERE {where}",
        values,
    ).fetchall()
    return int(con.execute("SELECT count(*) FROM who_files").fetchall()[0][0])


def target_files(con: duckdb.DuckDBPyConnection, options: Options, target: str) -> str:
    """Create ``who_files`` (repo_id, path) for the target; returns what it was taken for
    (``component``, ``path``, ``language``, ``technology``)."""
    head_files(con, options, measured=False)
    repo, _, name = target.rpartition(":")
    component = "f.component = $name AND ($repo = '' OR f.repo = $repo)"
    if _files_where(con, component, {"name": name, "repo": repo}):
        return "component"
    in_repo = "($repo = '' OR f.repo = $repo) AND regexp_full_match(f.path, $regex)"
    if repo and _files_where(con, in_repo, {"repo": repo, "regex": _path_regex(name)}):
        return "path"
    if _files_where(con, in_repo, {"repo": "", "regex": _path_regex(target)}):
        return "path"
    if _files_where(con, "lower(f.language) = lower($t)", {"t": target}):
        return "language"
    tech = next((t for t in catalogue() if target.lower() in (t.name, *t.aliases)), None)
    if tech is not None:
        technology_files.build(con)
        where = f"EXISTS (SELECT 1 FROM {technology_files.TABLE} t WHERE t.repo_id = f.repo_id "
        where += "AND t.path = f.path AND t.technology = $t)"
        if _files_where(con, where, {"t": tech.name}):
            return "technology"
    raise AnalysisError(
        f"{target!r} is no component, path at HEAD, language or technology in use here"
    )


def _path_regex(target: str) -> str:
    try:
        return glob_to_regex(target.lstrip("/") if "/" in target.rstrip("/") else "/" + target)
    except GlobError as exc:
        raise AnalysisError(str(exc)) from None


# One change's weight in a knowledge score: its lines added plus one, halved every $h days
# before $now (h is the history's alias).
SCORE = (
    "(coalesce(h.added, 0) + 1) "
    "* pow(2, -greatest(date_diff('second', h.author_time, $now), 0) / 86400.0 / $h)"
)

_SCORES = """
CREATE OR REPLACE TEMP TABLE who_scores AS
SELECT h.repo_id, h.path, h.author_id, any_value(h.author) AS person,
       count(DISTINCT h.sha) AS commits, sum(coalesce(h.added, 0)) AS added,
       max(h.author_time) AS last_change,
       sum({score}) AS score
FROM {table} h SEMI JOIN who_files w ON w.repo_id = h.repo_id AND w.path = h.path
GROUP BY h.repo_id, h.path, h.author_id
"""


def _score(con: duckdb.DuckDBPyConnection, options: Options, params: WhoParams) -> None:
    now = params.now or moment(con)
    standing(con, now, params.inactive_days)
    table = prepare(con, options)
    con.execute(
        _SCORES.format(table=table, score=SCORE), {"now": now, "h": params.half_life}
    ).fetchall()


def experts(
    con: duckdb.DuckDBPyConnection, options: Options, target: str, params: WhoParams
) -> Result[Expert]:
    kind = target_files(con, options, target)
    _score(con, options, params)
    rows = con.execute(
        f"""
        SELECT any_value(w.person), any_value(p.email), coalesce(any_value(s.active), false),
               max(w.last_change), sum(w.commits)::INTEGER, sum(w.added)::BIGINT, sum(w.score)
        FROM who_scores w JOIN persons p ON p.person_id = w.author_id
        LEFT JOIN {STANDING} s ON s.person_id = w.author_id
        GROUP BY w.author_id
        ORDER BY 3 DESC, 7 DESC, 1 LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    total = sum(r[6] for r in rows) or 1.0
    files = int(con.execute("SELECT count(*) FROM who_files").fetchall()[0][0])
    note = f"{target}: taken as a {kind} ({files} file{'' if files == 1 else 's'} at HEAD)"
    found = [
        Expert(person, email, active, last, commits, added, round(score, 2),
               round(100 * score / total, 1))
        for person, email, active, last, commits, added, score in rows
    ]  # fmt: skip
    return Result.of("who", Expert, found, (note,))


_CHANGE = pa.schema([("path", pa.string())])


def reviewers(con: duckdb.DuckDBPyConnection, options: Options, paths: Sequence[str],
              author: str, most: int, params: WhoParams) -> Result[Reviewer]:  # fmt: skip
    head_files(con, options, measured=False)
    temp_table(con, "who_change", pa.table({"path": list(paths)}, schema=_CHANGE))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE who_files AS SELECT DISTINCT f.repo_id, f.path "
        "FROM analysis_files f SEMI JOIN who_change c ON c.path = f.path"
    ).fetchall()
    several = con.execute(
        "SELECT string_agg(DISTINCT r.name, ', ' ORDER BY r.name) FROM who_files w "
        "JOIN repos r USING (repo_id) HAVING count(DISTINCT w.repo_id) > 1"
    ).fetchall()
    if several:
        raise AnalysisError(
            f"the change's files are in several repositories ({several[0][0]}): "
            "name one with --repo"
        )
    _score(con, options, params)
    scores = con.execute(
        f"""SELECT w.path, w.author_id, any_value(w.person), any_value(p.email), sum(w.score)
            FROM who_scores w JOIN persons p ON p.person_id = w.author_id
            JOIN {STANDING} s ON s.person_id = w.author_id AND s.active
            WHERE w.author_id NOT IN (SELECT person_id FROM identities
                                      WHERE lower(email) = lower($author)
                                         OR lower(name) = lower($author))
            GROUP BY w.path, w.author_id, p.email""",
        {"author": author},
    ).fetchall()
    return _cover(list(paths), scores, most)


def _cover(paths: list[str], scores: list[tuple[str, int, str, str, float]],
           most: int) -> Result[Reviewer]:  # fmt: skip
    best: dict[str, float] = {}
    for path, _, _, _, score in scores:
        best[path] = max(best.get(path, 0.0), score)
    strong = {(pid, path) for path, pid, _, _, score in scores if score >= best[path] / 2}
    people = {pid: (name, email) for _, pid, name, email, _ in scores}
    open_files = set(best)
    chosen: list[tuple[int, list[str], float]] = []
    while open_files and len(chosen) < most:
        gains = {pid: sum(s for path, p, _, _, s in scores if p == pid and path in open_files)
                 for pid in people if pid not in {c[0] for c in chosen}}  # fmt: skip
        pid = max(sorted(gains), key=lambda p: (gains[p], -p), default=None)
        if pid is None or gains[pid] == 0:
            break
        covered = sorted(path for path in open_files if (pid, path) in strong)
        chosen.append((pid, covered, gains[pid]))
        open_files -= set(covered)
    rows = [Reviewer(*people[pid], files, round(gain, 2)) for pid, files, gain in chosen]
    unknown = sorted(set(paths) - set(best))
    notes = [f"no active person (but the author) knows: {', '.join(unknown)}"] if unknown else []
    if open_files:
        notes.append(f"not covered by {most} reviewers: {', '.join(sorted(open_files))}")
    return Result.of("who-reviewers", Reviewer, rows, notes)


def check_glob(target: str) -> None:
    """A malformed glob target is a one-line error before anything runs."""
    if any(c in target for c in "*?["):
        compile_regex(_path_regex(target))
