"""Which releases failed, and when service was restored: change failure rate and time to
restore from git alone (docs/metrics.md, "delivery").

A release failed when, within the policy's ``change_failure_days`` after its release time,
(a) a commit reverting one of the commits it first contained was committed ("This reverts
commit SHA" in the message, as ``git revert`` writes it), or (b) the repository's next
release is a patch release (its tag differs only in the last number: v2.3.0 -> v2.3.1)
carrying at least one fix (a commit whose subject says fix, bug, hotfix, regression or
revert). Time to restore: from the failed release to the first release containing the fix
(for (a) the first release whose landing reaches the revert; for (b) the patch release).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import duckdb

from techlead.analyses.release_sql import RELEASES_CTE, execute

FIX_SUBJECT = r"(?i)\b(fix(es|ed)?|bug(fix)?|hotfix|regression|revert(s|ed)?)\b"
_REVERT = r"This reverts commit ([0-9a-f]{7,40})"

_SQL = f"""
WITH {RELEASES_CTE},
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY repo_id ORDER BY tagged_at, tag) AS n,
           regexp_replace(tag, '[0-9]+$', '') AS stem
    FROM ordered
),
reverts AS (
    SELECT c.repo_id, c.commit_time, l.landed,
           regexp_extract(c.body, '{_REVERT}', 1) AS target
    FROM commits c LEFT JOIN landings l ON l.repo_id = c.repo_id AND l.sha = c.sha
    WHERE regexp_matches(c.body, '{_REVERT}')
),
by_revert AS (
    SELECT o.repo_id, o.tag, min(v.landed) AS fix_landed
    FROM numbered o
    JOIN landings l ON l.repo_id = o.repo_id AND l.landed > o.before_pos AND l.landed <= o.pos
    JOIN reverts v ON v.repo_id = o.repo_id AND starts_with(l.sha, v.target)
        AND v.commit_time > o.tagged_at
        AND v.commit_time <= o.tagged_at + to_days($days)
    GROUP BY ALL
),
restored_by_revert AS (
    SELECT b.repo_id, b.tag, min(x.tagged_at) AS restored_at
    FROM by_revert b JOIN numbered x ON x.repo_id = b.repo_id AND x.pos >= b.fix_landed
    GROUP BY ALL
),
fixing AS (
    SELECT o.repo_id, o.tag, bool_or(regexp_matches(c.subject, $fix)) AS fixes
    FROM numbered o
    JOIN landings l ON l.repo_id = o.repo_id AND l.landed > o.before_pos AND l.landed <= o.pos
    JOIN commits c ON c.repo_id = l.repo_id AND c.sha = l.sha
    GROUP BY ALL
),
by_patch AS (
    SELECT o.repo_id, o.tag, nx.tagged_at AS restored_at
    FROM numbered o
    JOIN numbered nx ON nx.repo_id = o.repo_id AND nx.n = o.n + 1 AND nx.stem = o.stem
        AND nx.tagged_at <= o.tagged_at + to_days($days)
    JOIN fixing f ON f.repo_id = nx.repo_id AND f.tag = nx.tag AND f.fixes
    WHERE regexp_matches(o.tag, '[0-9]$')
)
SELECT o.repo, o.tag,
       b.tag IS NOT NULL OR p.tag IS NOT NULL AS failed,
       epoch(least(r.restored_at, p.restored_at)) - epoch(o.tagged_at) AS restore_seconds
FROM numbered o
LEFT JOIN by_revert b ON b.repo_id = o.repo_id AND b.tag = o.tag
LEFT JOIN restored_by_revert r ON r.repo_id = o.repo_id AND r.tag = o.tag
LEFT JOIN by_patch p ON p.repo_id = o.repo_id AND p.tag = o.tag
"""


class Failure(NamedTuple):
    failed: bool
    restore_hours: float | None  # None: not failed, or no release holds the fix yet


def failures(
    con: duckdb.DuckDBPyConnection, pattern: str, repos: list[str], team: str | None, days: int
) -> dict[tuple[str, str], Failure]:
    """Every release by (repo, tag): whether it failed, and the hours to restore."""
    values: dict[str, Any] = {"pattern": pattern, "repos": repos, "team": team, "days": days,
                              "fix": FIX_SUBJECT}  # fmt: skip
    return {
        (repo, tag): Failure(bool(failed), None if seconds is None else seconds / 3600)
        for repo, tag, failed, seconds in execute(con, _SQL, values)
    }
