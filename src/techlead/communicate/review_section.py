"""The "Review" section: how changes land on the main line (techlead review, docs/review.md):
the reviewed share over the policy's review window as the headline and the standards check
judge it, a chart of the reviewed share per quarter per repository over three years, and
the evidence: the quarters' figures, the largest unreviewed changes, the self-merged pull
requests, the reviewers and pull-request size with time to land."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from techlead.analyses import review
from techlead.analyses.review import PullRequestRow, ReviewerRow, ReviewParams, ReviewRow
from techlead.communicate.charts import Figure, inert, layout
from techlead.communicate.model import TITLES, Scope
from techlead.core.dates import the_last
from techlead.core.model import Section, Table, columns_of
from techlead.core.words import count

QUESTION = "Is our code reviewed before it lands, by whom, and in pieces a reviewer can take in?"
YEARS = 3  # the chart and the quarters' table cover the last three years
EVIDENCE = 20  # rows of each list
COLOURS = ("#1f77b4", "#e69f00", "#2e8b57", "#c0392b", "#7b3294", "#17becf", "#8c564b")


def review_section(scope: Scope) -> Section:
    now = scope.options.until or scope.moment()  # --until: the page as of that date
    days, least = scope.policy.review_window_days, scope.policy.review_min_share
    options = scope.scoped(since=now - timedelta(days=365 * YEARS), until=now)
    quarters = list(scope.call(review.share, ReviewParams(every="quarter", by="repo"),
                               since=options.since, until=now).rows)  # fmt: skip
    if not any(r.changes for r in quarters):
        return Section("review", TITLES["review"], QUESTION,
                       f"No change landed on a main line in the last {YEARS} years "
                       "(or the warehouse was scanned before techlead classified landings: "
                       "scan again).")  # fmt: skip
    if not any(r.reviewed for r in quarters):
        return Section("review", TITLES["review"], QUESTION,
                       f"No change of the last {YEARS} years landed through a pull request "
                       "or with review trailers: no review process git can see, so none "
                       "to judge (docs/review.md says which messages techlead reads).")  # fmt: skip
    window = review.window(scope.con, scope.scoped(), now, days)
    params = ReviewParams(by="workspace")
    recent = scope.scoped(since=now - timedelta(days=365), until=now)
    largest = review.changes(scope.con, replace(recent, limit=EVIDENCE),
                             replace(params, view="direct"), largest=True)  # fmt: skip
    own = review.changes(scope.con, replace(recent, limit=EVIDENCE),
                         replace(params, view="self-merged"))  # fmt: skip
    people = list(scope.call(review.reviewers, params, since=recent.since, until=now).rows)
    prs = list(scope.call(review.pull_requests, ReviewParams(every="quarter", by="workspace"),
                          since=options.since, until=now).rows)  # fmt: skip
    found = scope.call(review.share, params, since=recent.since, until=now).rows
    year = found[0] if found else None
    return Section(
        "review", TITLES["review"], QUESTION,
        _headline(window, days, least, year),
        (
            Table("The largest unreviewed changes of the last year",
                  ("repo", "landed", "sha", "author", "subject", "files", "lines"),
                  [(c.repo, f"{c.landed_at:%Y-%m-%d}", c.sha[:10], c.author, c.subject,
                    c.files, c.lines) for c in largest.rows],
                  "Direct changes: no pull request, no reviewer but their authors.",
                  total=year.direct if year else None),
            _table("Changes per quarter and repository", ReviewRow, reversed(quarters)),
            Table("Self-merged pull requests of the last year, newest first",
                  ("repo", "landed", "sha", "number", "merged by", "subject", "lines"),
                  [(c.repo, f"{c.landed_at:%Y-%m-%d}", c.sha[:10], c.number, c.author,
                    c.subject, c.lines) for c in own.rows],
                  "The merger is the pull request's only author, where the merge commit "
                  "records who merged.", total=year.self_merged if year else None),
            _table("Reviewers of the last year (review trailers)", ReviewerRow,
                   people[:EVIDENCE], "Reviewers named by Reviewed-by, Acked-by, "
                   "Approved-by or Tested-by trailers; unknowing: reviews of files they had "
                   "never added a line to."),
            _table("Pull requests per quarter", PullRequestRow, reversed(prs),
                   f"large: more than {scope.policy.review_large_lines} lines changed; "
                   "time to land, in hours, from the first commit to the merge."),
        ),
        share_chart(quarters, least),
        facts=_facts(window, days, year),
        caption=f"The share of each quarter's changes that landed reviewed, per repository; "
        f"the dashed line is the policy's {least:.0%}. Merges of other branches are not "
        "changes; bots' changes are left out.",
    )  # fmt: skip


def _table(title: str, row: type[tuple[Any, ...]], rows: Any, note: str = "") -> Table:
    return Table(title, columns_of(row), [tuple(r) for r in rows], note)


def _headline(window: review.Window, days: int, least: float, year: ReviewRow | None) -> str:
    if window.share is None:
        said = f"No change landed in {the_last(days)}"
    else:
        verdict = "meeting" if window.share >= least else "short of"
        said = (f"{window.reviewed} of {count(window.changes, 'change')} in {the_last(days)} "
                f"landed reviewed ({window.share:.0%}), {verdict} the standard of "
                f"{least:.0%}")  # fmt: skip
    if year is None or not year.changes:
        return said + "."
    return (f"{said}; over the last year, {count(year.direct, 'direct change')} and "
            f"{count(year.self_merged, 'self-merged pull request')} of "
            f"{year.pull_requests:,}.")  # fmt: skip


def _facts(window: review.Window, days: int, year: ReviewRow | None) -> tuple[tuple[str, Any], ...]:
    facts: list[tuple[str, Any]] = [
        (f"reviewed, {the_last(days)}",
         "–" if window.share is None else f"{window.share:.0%}"),
        (f"changes, {the_last(days)}", window.changes),
        (f"direct, {the_last(days)}", len(window.direct)),
    ]  # fmt: skip
    if year is not None:
        facts += [("trailer reviewers, last year", year.reviewers),
                  ("reviewer Gini, last year",
                   "–" if year.reviewer_gini is None else year.reviewer_gini)]  # fmt: skip
    return tuple(facts)


def share_chart(quarters: Sequence[ReviewRow], least: float) -> Figure:
    """One line per repository: its reviewed share per quarter (no point without changes)."""
    repos = sorted({r.scope for r in quarters})
    periods = sorted({r.period for r in quarters if r.period is not None})
    data: list[dict[str, Any]] = []
    for n, repo in enumerate(repos):
        mine = {r.period: r for r in quarters if r.scope == repo}
        shares = [mine[p].reviewed_share if p in mine else None for p in periods]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": inert(repo),
            "x": [f"{p:%Y-%m-%d}" for p in periods],
            "y": [None if s is None else round(100 * s, 1) for s in shares],
            "text": [f"{mine[p].reviewed} of {mine[p].changes}" if p in mine else ""
                     for p in periods],
            "hovertemplate": "%{y}% (%{text})", "connectgaps": False,
            "line": {"color": COLOURS[n % len(COLOURS)]},
        })  # fmt: skip
    if periods:
        data.append({
            "type": "scatter", "mode": "lines", "name": f"standard ({least:.0%})",
            "x": [f"{periods[0]:%Y-%m-%d}", f"{periods[-1]:%Y-%m-%d}"],
            "y": [100 * least, 100 * least], "hoverinfo": "skip",
            "line": {"color": "#9aa0a6", "dash": "dash"},
        })  # fmt: skip
    return {"data": data, "layout": layout(360, yaxis={
        "title": {"text": "reviewed share of changes (%)"}, "range": [0, 105]},
        xaxis={"type": "date"}, showlegend=True)}  # fmt: skip
