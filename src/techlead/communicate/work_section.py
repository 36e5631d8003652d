"""The work breakdown section: of the lines the main line changed, how many were new work,
how many refactored old code and how many reworked code only weeks old, quarter by
quarter over the last twelve months (analyses.work_breakdown, analyses.work_window;
docs/metrics.md "work" and "Work metrics"). A repository without line ages (a partial
clone, or scanned before schema 18) is named, never counted as no work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from techlead.analyses import work_breakdown, work_window
from techlead.analyses.work_breakdown import ALL, WorkParams, WorkRow
from techlead.analyses.work_window import Pool
from techlead.communicate import charts
from techlead.communicate.model import TITLES, Scope, count, listing
from techlead.core.model import Result, Section, Table

WINDOW_DAYS = 365  # the page pools the main-line commits of the year before its moment
SHOWN = 40  # rows of the table by repository

QUESTION = ("How much of our work is new code, how much improves old code, and how much "
            "redoes code written only weeks ago?")  # fmt: skip


def rework_sentence(days: int) -> str:
    """What rework means, in one plain sentence."""
    return (f"Rework is code rewritten or deleted within {count(days, 'day')} of reaching "
            "the main line: some is normal iteration, but a high or rising share means work "
            "is being redone (unclear requirements, hurried merges, fixes of fresh "
            "bugs).")  # fmt: skip


def method(days: int) -> str:
    """How the figures are made (said once, under the tables)."""
    return (
        "Per change of a main-line commit (a merge against its first parent): each line it "
        f"rewrites or deletes is refactoring when it landed on the main line more than "
        f"{count(days, 'day')} before (the policy's refactor_days), else rework; the lines it "
        "adds beyond those it replaces are new work. Lines count in the quarter of the "
        "commit's committer time; bots, vendored and generated files are left out. A "
        "team is its people's work ([teams] members), wherever they committed. Only the "
        "main line is seen: a branch's lines land as new work when it merges, and what a "
        "branch redid before merging is not counted, so a project that merges reviewed "
        "pull requests shows little rework; rework here is a merged change redone soon."
    )


def work_section(scope: Scope) -> Section:
    title = TITLES["work"]
    if scope.options.components or scope.options.roles:
        said = ("The work breakdown is not measured per component or file role (techlead "
                "work --path narrows it by paths).")  # fmt: skip
        return Section("work", title, QUESTION, said)
    repos = scope.repo_names()
    missing = scope.once(("work-unmeasured", tuple(repos)),
                         lambda: work_window.unmeasured(scope.con, repos))  # fmt: skip
    lacking = {m.repo for m in missing}
    measured = tuple(r for r in repos if r not in lacking)
    without = Table("Repositories without line ages (no work figures)", ("repo", "why"),
                    [(m.repo, _why(m.why)) for m in missing])  # fmt: skip
    if not measured:
        said = ("No work breakdown: it is measured from line ages, and no repository in scope "
                "has them (no guess is made). " + _unmeasured(missing)).strip()  # fmt: skip
        return Section("work", title, QUESTION, said, (without,) if without.rows else ())
    since, until = scope.window(WINDOW_DAYS)
    days = scope.policy.refactor_days
    quarters = _every_quarter(_run(scope, measured, since, until, "period").rows, since, until)
    whole = work_window.pooled(quarters)
    period = f"the {(until - since).days:,} days to {until:%Y-%m-%d}"
    if until - since == timedelta(days=WINDOW_DAYS):
        period = f"the 12 months to {until:%Y-%m-%d}"
    headline = (f"In {period}: {_said(whole)} {_trend(quarters, since, until)}"
                f"{rework_sentence(days)}"
                + (f" {_unmeasured(missing)}" if missing else ""))  # fmt: skip
    note = method(days)
    by_quarter = Table(
        f"Work by quarter, {period}",
        ("quarter", "new", "refactor", "rework", "total", "new %", "refactor %", "rework %"),
        [(_quarter(r.period, since, until), r.new, r.refactor, r.rework, r.total,
          *_shares(work_window.pooled([r]))) for r in reversed(quarters)],
        note,
    )  # fmt: skip
    per_repo = sorted(((repo, _pool(scope, repo, since, until)) for repo in measured),
                      key=lambda p: (-p[1].total, p[0]))  # fmt: skip
    by_repo = Table(f"Work by repository, {period}",
                    ("repo", "new", "refactor", "rework", "total", "new %", "refactor %",
                     "rework %"),
                    [(repo, p.new, p.refactor, p.rework, p.total, *_shares(p))
                     for repo, p in per_repo[:SHOWN]], total=len(per_repo))  # fmt: skip
    by_team = _by_team(scope, measured, since, until, period)
    facts = (
        (f"rework, of {count(whole.total, 'changed line')}", _percent(whole.share(whole.rework))),
        ("refactoring", _percent(whole.share(whole.refactor))),
        ("new work", _percent(whole.share(whole.new))),
    )
    labels = [_quarter(r.period) for r in quarters]  # short: the table says the parts
    series = {"new": [r.new for r in quarters], "refactor": [r.refactor for r in quarters],
              "rework": [r.rework for r in quarters]}  # fmt: skip
    chart = charts.stacked_bars(labels, series, "changed lines") if whole.total else None
    tables = (by_quarter, by_repo, by_team, without)
    return Section("work", title, QUESTION, headline, tuple(t for t in tables if t.rows),
                   chart, facts, caption="changed lines per quarter: new, refactoring, rework"
                   if chart else "")  # fmt: skip


def _run(
    scope: Scope, repos: tuple[str, ...], since: datetime, until: datetime, by: str
) -> Result[WorkRow]:
    params = WorkParams(every="quarter", by=by)
    return scope.run(work_breakdown.ANALYSIS, params, repos=repos, since=since, until=until)


def _pool(scope: Scope, repo: str, since: datetime, until: datetime) -> Pool:
    return work_window.pooled(_run(scope, (repo,), since, until, "period").rows)


def _by_team(
    scope: Scope, repos: tuple[str, ...], since: datetime, until: datetime, period: str
) -> Table:
    """The work of each team's people (none when no team has members)."""
    rows = _run(scope, repos, since, until, "team").rows
    teams = sorted({r.team for r in rows})
    if teams == [] or teams == ["(no team)"]:
        return Table("", (), [])
    pools = [(t, work_window.pooled([r for r in rows if r.team == t])) for t in teams]
    return Table(f"Work by team (its people's), {period}",
                 ("team", "new", "refactor", "rework", "total", "new %", "refactor %",
                  "rework %"),
                 [(t, p.new, p.refactor, p.rework, p.total, *_shares(p))
                  for t, p in sorted(pools, key=lambda tp: (-tp[1].total, tp[0]))])  # fmt: skip


def _shares(p: Pool) -> tuple[str, str, str]:
    return _percent(p.share(p.new)), _percent(p.share(p.refactor)), _percent(p.share(p.rework))


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:g}%"


def _said(p: Pool) -> str:
    if not p.total:
        return "no line was changed on the main line."
    return (f"{count(p.total, 'changed line')}: {_percent(p.share(p.new))} new work, "
            f"{_percent(p.share(p.refactor))} refactoring of older code, "
            f"{_percent(p.share(p.rework))} rework.")  # fmt: skip


def _every_quarter(rows: Sequence[WorkRow], since: datetime, until: datetime) -> list[WorkRow]:
    """A row for every quarter the page covers, those without a changed line too (a
    quiet last quarter is news)."""
    found = {r.period: r for r in rows}
    first = since.date().replace(month=(since.month - 1) // 3 * 3 + 1, day=1)
    last = (until - timedelta(microseconds=1)).date()
    quarters, start = [], first
    while start <= last:
        quarters.append(found.get(start) or WorkRow(start, ALL, 0, 0, 0, 0, None, None, None))
        months = start.year * 12 + start.month + 2
        start = date(months // 12, months % 12 + 1, 1)
    return quarters


def _trend(quarters: list[WorkRow], since: datetime, until: datetime) -> str:
    """How the rework share moved from the first quarter with work to the last (the
    first, when the page covers only its end, is left out if two others remain)."""
    worked = [r for r in quarters if r.total]
    if len(worked) > 2 and since.date() > worked[0].period:
        worked = worked[1:]
    if len(worked) < 2:
        return ""
    first, last = worked[0], worked[-1]
    a, b = (work_window.pooled([r]) for r in (first, last))
    shares = a.share(a.rework), b.share(b.rework)
    if shares[0] is None or shares[1] is None:
        return ""
    moved = "rose" if shares[1] > shares[0] else "fell" if shares[1] < shares[0] else "held"
    peak = max(worked, key=lambda r: (r.rework / r.total, r.period))
    top = work_window.pooled([peak]).share(peak.rework)
    highest = ""
    if peak not in (first, last) and top not in shares:
        highest = f" (highest {_percent(top)}, {_quarter(peak.period, since, until)})"
    said = (f"Rework {moved} from {_percent(shares[0])} in "
            f"{_quarter(first.period, since, until)} to {_percent(shares[1])} in "
            f"{_quarter(last.period, since, until)}")  # fmt: skip
    return f"{said}{highest}. "


def _quarter(start: date, since: datetime | None = None, until: datetime | None = None) -> str:
    """``2026 Q1``, with the part of it the page covers (from ``since`` to ``until``)
    when that is not all of it."""
    label = f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if since is None or until is None:
        return label
    months = start.year * 12 + start.month + 2
    end = date(months // 12, months % 12 + 1, 1)
    parts = []
    if since.date() > start:
        parts.append(f"from {since:%m-%d}")
    if (until - timedelta(microseconds=1)).date() < end - timedelta(days=1):
        parts.append(f"to {until:%m-%d}")
    return f"{label} ({', '.join(parts)})" if parts else label


def _why(why: str) -> str:
    if why == "partial":
        return "partial clone: not walked (the diffs would fetch every blob); clone in full"
    return "no line ages yet (scanned before schema 18): scan again"


def _unmeasured(missing: list[work_window.Unmeasured]) -> str:
    if not missing:
        return ""
    partial = [m.repo for m in missing if m.why == "partial"]
    old = [m.repo for m in missing if m.why != "partial"]
    said = []
    if partial:
        said.append(f"{count(len(partial), 'repository', 'repositories')} "
                    f"({listing(partial, 5)}) {'is a partial clone' if len(partial) == 1 else 'are partial clones'}, "  # noqa: E501
                    "whose line ages are not walked: clone in full")  # fmt: skip
    if old:
        has = "has" if len(old) == 1 else "have"
        said.append(f"{count(len(old), 'repository', 'repositories')} ({listing(old, 5)}) "
                    f"{has} no line ages yet: scan again")  # fmt: skip
    return "Not measured: " + "; ".join(said) + "."
