"""The risk source of review: repositories whose reviewed share falls (analyses.review;
docs/risk.md, docs/review.md).

A repository is at risk when, over the policy's review_window_days before the moment,
less than the policy's review_min_share of its changes landed reviewed and that share is
at least ``FALL`` below the share of the window before, each window holding at least
``MIN_CHANGES`` changes (fewer say little). Likelihood 4 when the share fell by
``STEEP`` or more, else 3; impact 4 when under half the changes are reviewed, else 3.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from techlead.analyses import review
from techlead.core.dates import the_last
from techlead.core.model import Options
from techlead.core.words import count
from techlead.risk.model import Risk, risk_id
from techlead.warehouse.policy import policy_of

FALL = 0.10
STEEP = 0.25
MIN_CHANGES = 5


def review_risks(con: duckdb.DuckDBPyConnection, options: Options, now: datetime) -> list[Risk]:
    policy = policy_of(con)
    days, least = policy.review_window_days, policy.review_min_share
    names = [str(n) for (n,) in con.execute(
        "SELECT name FROM repos WHERE len($repos) = 0 OR list_contains($repos, name) "
        "ORDER BY name", {"repos": list(options.repos)}).fetchall()]  # fmt: skip
    scope = Options(repos=options.repos, include_bots=options.include_bots)
    latest = review.windows(con, scope, now, days)
    earlier = review.windows(con, scope, now - timedelta(days=days), days)
    risks = []
    for name in names:
        now_ = latest.get(name, review.EMPTY)
        before = earlier.get(name, review.EMPTY)
        if now_.share is None or before.share is None:
            continue
        if min(now_.changes, before.changes) < MIN_CHANGES:
            continue
        fall = before.share - now_.share
        if now_.share >= least or fall < FALL - 1e-9:
            continue
        direct = ", ".join(f"{c.sha[:10]} ({c.author})" for c in now_.direct[:3])
        risks.append(Risk(
            id=risk_id("review", name),
            category="review",
            title=f"fewer changes to {name} land reviewed: {before.share:.0%} → "
                  f"{now_.share:.0%}",
            repo=name,
            component=None,
            files=(),
            likelihood=4 if fall >= STEEP - 1e-9 else 3,
            impact=4 if now_.share < 0.5 else 3,
            rule=f"reviewed share under {least:.0%} (policy review_min_share) and "
                 f"{FALL:.0%} or more below the {days} days before; likelihood 4 when it "
                 f"fell {STEEP:.0%} or more, else 3; impact 4 under 50% reviewed, else 3",
            evidence=f"{now_.reviewed} of {count(now_.changes, 'change')} in "
                     f"{the_last(days)} landed reviewed, {before.reviewed} of "
                     f"{before.changes} in the {days} days before; direct: {direct}",
            mitigation=f"agree that changes to {name} land through pull requests or with "
                       f"a Reviewed-by trailer (techlead review --view direct --repo {name})",
            share=now_.share,
        ))  # fmt: skip
    return risks
