"""Checks of how the code and its people are doing: activity, tests, complexity of the
hotspots, truck factor. Thresholds come from the policy.
"""

from __future__ import annotations

from techlead.analyses import complexity, hotspots, truck_factor
from techlead.core.globs import literal_glob
from techlead.core.model import Options
from techlead.core.policy import counted_sql
from techlead.core.roles import Role
from techlead.standards.check import Outcome
from techlead.standards.context import RepoContext

TEST_FILES = (
    r"(?:.*/)?(?:tests?|testing|spec|__tests__)/.+"
    r"|(?:.*/)?(?:test_[^/]+\.py|[^/]+_test\.(?:py|go)|[^/]+\.(?:test|spec)\.[jt]sx?|[^/]+Tests?\.(?:java|kt|cs))"
)


def activity(ctx: RepoContext) -> Outcome:
    if ctx.last_commit_at is None:
        return False, "no commits"
    days = (ctx.now - ctx.last_commit_at).days
    passed = days < ctx.policy.activity_days
    return passed, f"last commit {ctx.last_commit_at:%Y-%m-%d} ({days} days ago)"


def tests_present(ctx: RepoContext) -> Outcome:
    [(test_lines, all_lines)] = ctx.query(
        "SELECT coalesce(sum(code) FILTER (regexp_full_match(path, $tests)), 0), "
        "coalesce(sum(code), 0) FROM files WHERE repo_id = $repo AND functions IS NOT NULL "
        f"AND {counted_sql()}",
        tests="(?i)" + TEST_FILES,
    )
    test, total = int(str(test_lines)), int(str(all_lines))
    if total == 0:
        return None, "no code with function metrics"
    ratio = test / max(total - test, 1)
    return test > 0, f"test-to-code ratio {ratio:.2f} ({test:,} of {total:,} lines are tests)"


def complexity_limit(ctx: RepoContext) -> Outcome:
    """Functions above the policy's complexity limit in this repository's files among the
    warehouse's hotspots: ranked as `techlead hotspots` ranks them, the same set the
    report and the risk register show."""
    ranking = ctx.once(
        "hotspots", lambda: hotspots.rank(ctx.con, Options(), hotspots.HotspotParams())
    )
    top = {row.entity for row in ranking.hot if row.entity.repo == ctx.name}
    if not top:
        return None, "no hotspots"
    limit = ctx.policy.complexity_limit
    options = Options(repos=(ctx.name,), paths=tuple(sorted(literal_glob(e.path) for e in top)))
    found = complexity.by_function(
        ctx.con, options, complexity.ComplexityParams(by="function")
    ).rows
    over = [f for f in found if f.cyclomatic > limit and f.entity in top]
    if over:
        named = ", ".join(f"{f.entity.path}:{f.function} ({f.cyclomatic})" for f in over[:5])
        return (
            False,
            f"functions over cyclomatic {limit} in hotspots: {named}",
            tuple((f.entity.path, f.line) for f in over),
        )
    return True, f"no function over {limit} in the {len(top)} hotspots"


def truck(ctx: RepoContext) -> Outcome:
    factors: dict[str, int] = ctx.once("truck-factors", lambda: truck_factors(ctx))
    factor = factors.get(ctx.name)
    if factor is None:
        return None, "no files"
    return factor >= ctx.policy.truck_factor_min, f"truck factor {factor}"


def truck_factors(ctx: RepoContext) -> dict[str, int]:
    """Every repository's truck factor of its production code (as the knowledge light and
    the truck-factor metric say it), in one run for all (each repository's is its own:
    its files and their authors; a run each took 1,000 repositories 58 s)."""
    production = Options(roles=(Role.PRODUCTION,))
    result = truck_factor.run(ctx.con, production, truck_factor.TruckFactorParams(by="repo"))
    return {scope.repo: factor for scope, factor in truck_factor.factors(result).items()}
