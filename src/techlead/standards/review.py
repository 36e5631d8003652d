"""The standards check ``review``: at least the policy's review_min_share (90%) of the
changes that landed on the main line in its review_window_days (90) landed reviewed
(analyses.review; docs/review.md). The evidence names the direct changes. A repository
none of whose main-line commits ever landed as a pull request or with review trailers has
no review process git can see (a forge whose rebase merges keep no number, an unknown
forge): n/a, said so, rather than a failure techlead cannot back."""

from __future__ import annotations

from techlead.analyses import review
from techlead.core.dates import the_last
from techlead.core.model import Options
from techlead.core.words import count
from techlead.standards.check import Outcome
from techlead.standards.context import RepoContext

LISTED = 5  # direct changes the evidence names


def reviewed(ctx: RepoContext) -> Outcome:
    days, least = ctx.policy.review_window_days, ctx.policy.review_min_share
    [(classified, marked)] = ctx.query(
        "SELECT count(*), count(*) FILTER (WHERE kind IN ('pull-request', 'trailers')) "
        "FROM landing_kinds WHERE repo_id = $repo"
    )
    if not classified:
        return None, "no main-line commit classified (scan again with this version)"
    if not marked:
        return None, (
            "no change in the history landed through a pull request or with review "
            "trailers: no review process git can see (if the forge writes other messages, "
            "add their patterns under [review] in techlead.toml)"
        )
    # every repository's window in one query, shared by the repositories' checks
    every = ctx.once(f"review-windows-{days}",
                     lambda: review.windows(ctx.con, Options(), ctx.now, days))  # fmt: skip
    found = every.get(ctx.name, review.EMPTY)
    if found.share is None:
        return None, f"no change landed in {the_last(days)}"
    said = (f"{found.reviewed} of {count(found.changes, 'change')} in {the_last(days)} "
            f"landed reviewed ({found.share:.0%}; at least {least:.0%} required)")  # fmt: skip
    if not found.direct:
        return found.share >= least, said
    named = "; ".join(f"{c.sha[:10]} {c.landed_at:%Y-%m-%d} {c.author}: {c.subject[:60]} "
                      f"({count(c.lines, 'line')})" for c in found.direct[:LISTED])  # fmt: skip
    more = len(found.direct) - LISTED
    rest = f"; and {more} more (techlead review --view direct)" if more > 0 else ""
    return found.share >= least, f"{said}; direct: {named}{rest}"
