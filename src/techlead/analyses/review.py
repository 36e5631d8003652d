"""review: how changes land on the main line, who reviews them, and the review standard.

Every main-line commit was classified at scan time (``landing_kinds``, docs/review.md):
a pull request, review trailers, a merge of another branch, or a direct change;
``review_sql.CHANGES_CTE`` adds what it brings (commits, authors, lines) and its status.
A change lands in the calendar period of its commit time (``--every`` month or quarter;
``all``: one period, shown empty); ``--by`` repo, team (the repository's ``team``) or
workspace makes the scope. Views (``--view``):

* ``share``: per period and scope, changes (merges of other branches left out), reviewed,
  direct, reviewed_share = reviewed / changes; pull_requests and trailer_reviewed (the two
  ways to be reviewed), merges; self_merged: pull requests whose merger (where the commit
  records one: ``merger``) is its only author, out of merger_known; reviewers: people
  named by review trailers of the period's changes (their authors left out), and the Gini
  coefficient of their reviews (``reviewer_gini``: 0 every reviewer the same load, towards
  1 one reviewer doing all); unknowing: reviews whose reviewer had added no line, before the
  change's first commit, to any file the change touches (see ``unknowing``).
* ``pull-requests``: per period and scope, landed pull requests, the median of their lines
  (added + deleted over the commits each brings), how many change more than the policy's
  review_large_lines (400, after SmartBear/Cisco) and their share; time to land, the hours
  from the first commit's author time to the merge's commit time, over the pull requests
  landed by a merge commit (a squash or rebase keeps no first commit): quartiles.
* ``direct``: the direct changes, newest first: who, when, how large.
* ``self-merged``: the self-merged pull requests, newest first.
* ``reviewers``: per period and scope, each reviewer's reviews, share and unknowing reviews.
* ``unknowing``: each review by a reviewer without knowledge of the files, newest first.

Reads: landings, landing_kinds, landing_reviewers, commits, file_changes, people, repos.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.review_sql import gini, query, values_of
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result
from techlead.warehouse.policy import policy_of

VIEWS = ("share", "pull-requests", "direct", "self-merged", "reviewers", "unknowing")


class ReviewRow(NamedTuple):
    period: date | None
    scope: str
    changes: int
    reviewed: int
    direct: int
    reviewed_share: float | None
    pull_requests: int
    trailer_reviewed: int
    merges: int
    self_merged: int
    merger_known: int
    reviewers: int
    reviewer_gini: float | None
    unknowing: int


class PullRequestRow(NamedTuple):
    period: date | None
    scope: str
    pull_requests: int
    lines_median: float | None
    large: int
    large_share: float | None
    timed: int
    land_hours_q1: float | None
    land_hours_median: float | None
    land_hours_q3: float | None


class ChangeRow(NamedTuple):
    repo: str
    landed_at: datetime
    sha: str
    number: int | None
    author: str
    subject: str
    files: int
    lines: int


class ReviewerRow(NamedTuple):
    period: date | None
    scope: str
    reviewer: str
    reviews: int
    share: float
    unknowing: int


class UnknowingRow(NamedTuple):
    repo: str
    landed_at: datetime
    sha: str
    subject: str
    reviewer: str
    files: int


@dataclass(frozen=True)
class ReviewParams(Params):
    view: str = param("share", "share, pull-requests, direct, self-merged, reviewers or "
                      "unknowing.", choices=VIEWS)  # fmt: skip
    every: str = param("all", "The period: all, month or quarter.",
                       choices=("all", "month", "quarter"))  # fmt: skip
    by: str = param("repo", "Per repo, team or workspace.", choices=("repo", "team", "workspace"))
    team: str | None = param(
        None, "Only the repositories of this team (the workspace's techlead.toml)."
    )
    large_lines: int | None = param(
        None, "A pull request changing more lines than this is large.",
        policy="review_large_lines")  # fmt: skip


def _group(params: ReviewParams) -> str:
    period = "NULL::DATE" if params.every == "all" else "date_trunc($every, landed_at)::DATE"
    scope = {"repo": "repo", "team": "coalesce(repo_team, '(no team)')", "workspace": "'workspace'"}
    return f"{period} AS period, {scope[params.by]} AS scope"


def _values(options: Options, params: ReviewParams, **more: Any) -> dict[str, Any]:
    values = values_of(options, params.team)
    if params.every != "all":
        values["every"] = params.every
    return values | more


# the review pairs (a change, one of its reviewers other than its authors) with the files
# the change touches and those of them the reviewer had added lines to before it
_PAIRS = """, pair AS (
    SELECT repo_id, repo, repo_team, sha, landed_at, subject,
           coalesce(first_authored, landed_at) AS before, unnest(others) AS reviewer
    FROM change WHERE len(others) > 0
), touched AS (
    SELECT DISTINCT b.repo_id, b.sha, fc.path
    FROM brought b JOIN file_changes fc ON fc.repo_id = b.repo_id AND fc.sha = b.commit_sha
    WHERE $generated OR NOT (fc.is_generated OR fc.is_vendored OR fc.is_excluded)
), prior AS (
    SELECT p.repo_id, p.sha, p.reviewer, t.path, sum(coalesce(f.added, 0)) AS lines
    FROM pair p JOIN touched t USING (repo_id, sha)
    LEFT JOIN changes f ON f.repo_id = p.repo_id AND f.path = t.path
        AND f.author_id = p.reviewer AND f.author_time < p.before
    GROUP BY ALL
), known AS (
    SELECT repo_id, sha, reviewer, count(*) AS files, count(*) FILTER (WHERE lines > 0) AS known
    FROM prior GROUP BY ALL
), review AS (
    SELECT p.*, coalesce(k.files, 0) AS files,
           coalesce(k.files, 0) > 0 AND k.known = 0 AS unknowing
    FROM pair p LEFT JOIN known k USING (repo_id, sha, reviewer)
)"""


def share(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams
) -> Result[ReviewRow]:
    group = _group(params)
    values = _values(options, params)
    found = query(con, f"""
        SELECT {group}, count(*) FILTER (WHERE status <> 'merge'),
               count(*) FILTER (WHERE status = 'reviewed'),
               count(*) FILTER (WHERE status = 'direct'),
               count(*) FILTER (WHERE kind = 'pull-request'),
               count(*) FILTER (WHERE kind = 'trailers' AND status = 'reviewed'),
               count(*) FILTER (WHERE status = 'merge'),
               count(*) FILTER (WHERE merger IS NOT NULL AND authors = [merger]),
               count(*) FILTER (WHERE merger IS NOT NULL)
        FROM change GROUP BY ALL ORDER BY period NULLS FIRST, scope""", values)  # fmt: skip
    loads: dict[tuple[Any, str], list[int]] = {}
    unknowing: dict[tuple[Any, str], int] = {}
    for period, scope, _, reviews, blind in _reviewer_rows(con, options, params):
        loads.setdefault((period, scope), []).append(reviews)
        unknowing[(period, scope)] = unknowing.get((period, scope), 0) + blind
    rows = []
    for period, scope, changes, reviewed, direct, prs, trailers, merges, own, known in found:
        load = loads.get((period, scope), [])
        rows.append(ReviewRow(
            period, scope, changes, reviewed, direct,
            round(reviewed / changes, 3) if changes else None, prs, trailers, merges, own,
            known, len(load), gini(load), unknowing.get((period, scope), 0),
        ))  # fmt: skip
    notes = ["reviewed: a pull request, or review trailers naming someone other than its "
             "authors; merges of other branches are not changes (docs/review.md)"]  # fmt: skip
    return Result.of("review", ReviewRow, _limit(rows, options), notes)


def _reviewer_rows(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams
) -> list[tuple[Any, str, str, int, int]]:
    """(period, scope, reviewer's name, reviews, unknowing reviews), most reviews first."""
    return query(con, f"""{_PAIRS}
        SELECT {_group(params)}, any_value(coalesce(pe.name, '?')) AS name,
               count(*) AS reviews, count(*) FILTER (WHERE unknowing) AS blind
        FROM review r LEFT JOIN persons pe ON pe.person_id = r.reviewer
        GROUP BY period, scope, reviewer
        ORDER BY period NULLS FIRST, scope, reviews DESC, name""",
        _values(options, params))  # fmt: skip


def reviewers(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams
) -> Result[ReviewerRow]:
    found = _reviewer_rows(con, options, params)
    totals: dict[tuple[Any, str], int] = {}
    for period, scope, _, reviews, _ in found:
        totals[(period, scope)] = totals.get((period, scope), 0) + reviews
    rows = [ReviewerRow(period, scope, name, reviews,
                        round(reviews / totals[(period, scope)], 3), blind)
            for period, scope, name, reviews, blind in found]  # fmt: skip
    return Result.of("review-reviewers", ReviewerRow, _limit(rows, options))


def pull_requests(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams
) -> Result[PullRequestRow]:
    large = params.large_lines or policy_of(con).review_large_lines
    found = query(con, f"""
        , timed AS (
            SELECT *, CASE WHEN is_merge AND first_authored IS NOT NULL
                           THEN (epoch(landed_at) - epoch(first_authored)) / 3600 END AS hours
            FROM change WHERE kind = 'pull-request')
        SELECT {_group(params)}, count(*), median(lines), count(*) FILTER (WHERE lines > $large),
               count(hours), quantile_cont(hours, [0.25, 0.5, 0.75])
        FROM timed GROUP BY ALL ORDER BY period NULLS FIRST, scope""",
        _values(options, params, large=large))  # fmt: skip
    rows = []
    for period, scope, prs, lines, big, timed, quartiles in found:
        q1, q2, q3 = (round(q, 1) for q in quartiles) if quartiles else (None, None, None)
        rows.append(PullRequestRow(period, scope, prs, lines, big, round(big / prs, 3), timed,
                                   q1, q2, q3))  # fmt: skip
    notes = [f"large: more than {large} lines changed (policy review_large_lines); time to "
             "land: first commit's author time to the merge, merge commits only"]  # fmt: skip
    return Result.of("review-pull-requests", PullRequestRow, _limit(rows, options), notes)


def changes(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams, *,
    largest: bool = False,
) -> Result[ChangeRow]:  # fmt: skip
    """The direct changes (``view`` direct) or the self-merged pull requests, newest first
    (``largest``: most lines first)."""
    where = ("merger IS NOT NULL AND authors = [merger]" if params.view == "self-merged"
             else "status = 'direct'")  # fmt: skip
    order = "lines DESC, landed_at DESC" if largest else "landed_at DESC, lines DESC"
    found = query(con, f"""
        SELECT repo, landed_at, sha, number, coalesce(pe.name, '?'), subject, files, lines
        FROM change LEFT JOIN persons pe ON pe.person_id = coalesce(merger, author_id)
        WHERE {where} ORDER BY {order}, sha""", _values(options, params))  # fmt: skip
    name = "review-self-merged" if params.view == "self-merged" else "review-direct"
    return Result.of(name, ChangeRow, _limit([ChangeRow(*r) for r in found], options))


def unknowing(
    con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams
) -> Result[UnknowingRow]:
    found = query(con, f"""{_PAIRS}
        SELECT r.repo, r.landed_at, r.sha, r.subject, coalesce(pe.name, '?'), r.files
        FROM review r LEFT JOIN persons pe ON pe.person_id = r.reviewer
        WHERE r.unknowing ORDER BY r.landed_at DESC, r.sha, 5""",
        _values(options, params))  # fmt: skip
    return Result.of("review-unknowing", UnknowingRow,
                     _limit([UnknowingRow(*r) for r in found], options))  # fmt: skip


def _limit(rows: list[Any], options: Options) -> list[Any]:
    return rows if options.limit is None else rows[: options.limit]


def run(con: duckdb.DuckDBPyConnection, options: Options, params: ReviewParams) -> Result[Any]:
    """The view the parameters ask for; a team no repository belongs to is an error."""
    if params.team is not None:
        found = con.execute("SELECT DISTINCT team FROM repos WHERE team IS NOT NULL ORDER BY team")
        teams = [str(t) for (t,) in found.fetchall()]
        if params.team not in teams:
            known = ", ".join(teams) if teams else "none: [[repos]] team in techlead.toml"
            raise AnalysisError(f"--team {params.team!r}: no repository of that team "
                                f"(teams: {known})")  # fmt: skip
    if params.view in ("direct", "self-merged"):
        return changes(con, options, params)
    if params.view == "pull-requests":
        return pull_requests(con, options, params)
    if params.view == "reviewers":
        return reviewers(con, options, params)
    if params.view == "unknowing":
        return unknowing(con, options, params)
    return share(con, options, params)


ANALYSIS = Analysis(
    "review",
    "How changes land: the share reviewed, direct changes, self-merged pull requests, "
    "reviewer load, pull-request size and time to land.",
    ReviewRow,
    ReviewParams,
    run,
)


class Window(NamedTuple):
    """The changes of the days before a moment, as the standards check, the risk source and
    the metric read them."""

    changes: int
    reviewed: int
    share: float | None  # reviewed / changes
    direct: list[ChangeRow]  # newest first


EMPTY = Window(0, 0, None, [])  # a window without changes


def windows(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime, days: int
) -> dict[str, Window]:
    """:func:`window` of each selected repository, by name, in one query for all (the
    register and the standards judge every repository: a query each took 1,000
    repositories 90 s); a repository with no change in the window is left out."""
    chosen = replace(options, since=when - timedelta(days=days), until=when, limit=None)
    params = ReviewParams(by="repo")
    found = query(con, """
        SELECT repo, count(*) FILTER (WHERE status <> 'merge'),
               count(*) FILTER (WHERE status = 'reviewed')
        FROM change GROUP BY ALL""", _values(chosen, params))  # fmt: skip
    direct: dict[str, list[ChangeRow]] = {}
    for row in changes(con, chosen, replace(params, view="direct")).rows:
        direct.setdefault(row.repo, []).append(row)
    return {
        str(repo): Window(
            total,
            reviewed,
            round(reviewed / total, 3) if total else None,
            direct.get(str(repo), []),
        )
        for repo, total, reviewed in found
    }


def window(con: duckdb.DuckDBPyConnection, options: Options, when: datetime, days: int) -> Window:
    """What landed in [when - days, when) on the selected repositories, all together."""
    chosen = replace(options, since=when - timedelta(days=days), until=when, limit=None)
    params = ReviewParams(by="workspace")
    rows = share(con, chosen, params).rows
    if not rows:
        return EMPTY
    direct = list(changes(con, chosen, replace(params, view="direct")).rows)
    return Window(rows[0].changes, rows[0].reviewed, rows[0].reviewed_share, direct)
