"""mentoring: who should learn each component at knowledge risk, from whom, and to what end.

**At risk**: a component (of the code files at HEAD the filters select, as the truck
factor counts them) whose truck factor is at most the policy's ``truck_factor_risk``, or
holding knowledge islands, or whose code by people who left reaches the policy's
``loss_share`` and ``loss_lines``. Most at risk first: lowest truck factor, then most
lines of code.

**Experts**: its active people holding at least a fifth of its knowledge score
(techlead.analyses.expertise: lines added, recency-weighted), at least the top one.
**Learners**: active people who are not its experts: first those who changed it
(highest score first), then those who changed another component of the same repository
since the window that makes them active (most commits first).

**Pairs**: for each component, its first expert with fewer than the policy's
``mentoring_pairs`` pairs and its first learner not yet paired. **Target** of a pair: the
truck factor one higher when it is the risk, else no knowledge islands, else the share of
code by people who left under ``loss_share``.

**Newcomer** (``--newcomer PERSON``): one component a week for four weeks, from the least
to the most complex (total cyclomatic complexity at HEAD, above 0: components with code
to read) among the components with an active expert who is not PERSON (in PERSON's
repositories when PERSON has committed; skipping those PERSON knows best), each with that
expert as guide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from techlead.analyses import knowledge, truck_factor
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import alive_sql, prepare
from techlead.analyses.entity import named
from techlead.analyses.expertise import EXPERT_SHARE, HALF_LIFE_DAYS, SCORE
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, recent_since, standing
from techlead.core.model import Entity, Options, Result
from techlead.mining.languages import programming_languages
from techlead.warehouse.policy import policy_of

WEEKS = 4


class Pair(NamedTuple):
    component: Entity
    risk: str
    truck_factor: int | None
    expert: str | None
    learner: str | None
    reason: str
    metric: str
    value: float | None
    target: float


class Week(NamedTuple):
    week: int
    component: Entity
    complexity: int
    files: int
    guide: str


@dataclass(frozen=True)
class MentoringParams(Params):
    newcomer: str = param("", "Propose a first-month path for this person (name or e-mail).")
    now: datetime | None = param(None, "The date activity is measured to (default: the scan's).")


@dataclass(frozen=True)
class _Holder:
    person: str
    email: str
    active: bool
    score: float


_KNOWERS = """
SELECT h.repo, h.component, h.author_id, any_value(h.author), any_value(p.email),
       coalesce(any_value(s.active), false), sum({score})
FROM {table} h SEMI JOIN ({alive}) a ON a.repo_id = h.repo_id AND a.path = h.path
JOIN persons p ON p.person_id = h.author_id LEFT JOIN {standing} s ON s.person_id = h.author_id
GROUP BY h.repo, h.component, h.author_id
"""


def _knowers(con: duckdb.DuckDBPyConnection, options: Options,
             now: datetime) -> dict[tuple[str, str], list[_Holder]]:  # fmt: skip
    table = prepare(con, options)
    alive = alive_sql(con, table, options, policy_of(con).knowledge_code_only)
    rows = con.execute(
        _KNOWERS.format(table=table, alive=alive, standing=STANDING, score=SCORE),
        {"now": now, "h": HALF_LIFE_DAYS},
    ).fetchall()
    found: dict[tuple[str, str], list[_Holder]] = {}
    for repo, component, _, person, email, active, score in rows:
        found.setdefault((repo, component), []).append(_Holder(person, email, active, score))
    for holders in found.values():
        holders.sort(key=lambda h: (-h.score, h.person))
    return found


def _risks(
    con: duckdb.DuckDBPyConnection, options: Options, now: datetime
) -> tuple[dict[Entity, list[str]], dict[Entity, int], dict[Entity, float]]:
    """Each component at risk with its reasons, and every component's lines of code and
    share (%) of code by people who left."""
    policy = policy_of(con)
    reasons: dict[Entity, list[str]] = {}
    lines: dict[Entity, int] = {}
    lost_of: dict[Entity, float] = {}
    factors = truck_factor.factors(truck_factor.run(
        con, options, truck_factor.TruckFactorParams(by="component")))  # fmt: skip
    for scope, factor in factors.items():
        if factor <= policy.truck_factor_risk:
            reasons.setdefault(Entity(scope.repo, scope.path), []).append(f"truck factor {factor}")
    params = knowledge.KnowledgeParams(view="islands", now=now)
    islands: dict[Entity, int] = {}
    for row in knowledge.file_map(con, options, params).rows:
        key = Entity(row.component.repo, row.component.path)
        islands[key] = islands.get(key, 0) + 1
    for key, n in islands.items():
        reasons.setdefault(key, []).append(f"{n} knowledge island{'' if n == 1 else 's'}")
    for lost in knowledge.loss(con, options, params).rows:
        lines[Entity(lost.component.repo, lost.component.path)] = lost.lines
        lost_of[Entity(lost.component.repo, lost.component.path)] = 100 * lost.lost_share
        if lost.lost_share >= policy.loss_share and lost.lost_lines >= policy.loss_lines:
            key = Entity(lost.component.repo, lost.component.path)
            said = f"{lost.lost_share:.0%} of its code by people who left"
            reasons.setdefault(key, []).append(said)
    return reasons, lines, lost_of


def _target(
    risk: list[str], factor: int | None, islands: int, lost: float | None, loss_share: float
) -> tuple[str, float | None, float]:
    """The metric a pair moves, its value now and the target (one truck factor more, no
    islands, or code by people who left under the policy's loss_share)."""
    if risk[0].startswith("truck factor") and factor is not None:
        return "truck-factor", float(factor), float(factor + 1)
    if "island" in risk[0]:
        return "knowledge-islands", float(islands), 0.0
    return "lost-share", round(lost, 1) if lost is not None else None, 100 * loss_share


def pairs(con: duckdb.DuckDBPyConnection, options: Options,
          params: MentoringParams) -> Result[Pair]:  # fmt: skip
    now = params.now or moment(con)
    standing(con, now)
    limited, options = options.limit, replace(options, limit=None)  # limit the rows only
    risks, lines, lost_of = _risks(con, options, now)
    factors = truck_factor.factors(truck_factor.run(
        con, options, truck_factor.TruckFactorParams(by="component")))  # fmt: skip
    factor_of = {Entity(s.repo, s.path): f for s, f in factors.items()}
    knowers = _knowers(con, options, now)
    recent = _recent(con, options, now)
    limit = policy_of(con).mentoring_pairs
    load: dict[str, int] = {}
    taken: set[str] = set()
    several = len({k.repo for k in risks}) > 1
    ordered = sorted(risks, key=lambda k: (factor_of.get(k, 99), -lines.get(k, 0), k))
    rows = []
    for key in ordered:
        holders = knowers.get((key.repo, key.path), [])
        active = [h for h in holders if h.active]
        total = sum(h.score for h in holders) or 1.0
        experts = [h for i, h in enumerate(active) if i == 0 or h.score >= EXPERT_SHARE * total]
        expert = next((h for h in experts if load.get(h.email, 0) < limit), None)
        learner, reason = _learner(key, active, experts, taken, recent, total)
        islands = next((int(r.split()[0]) for r in risks[key] if "island" in r), 0)
        metric, value, target = _target(
            risks[key], factor_of.get(key), islands, lost_of.get(key), policy_of(con).loss_share
        )
        if expert is None:
            reason = (
                "no active expert left: the code is the only teacher"
                if not active
                else (f"its experts already mentor {limit} people (mentoring_pairs)")
            )
        if expert and learner:
            load[expert.email] = load.get(expert.email, 0) + 1
            taken.add(learner.email)
        rows.append(Pair(named(key.repo, key.path, several), "; ".join(risks[key]),
                         factor_of.get(key), expert.person if expert else None,
                         learner.person if learner and expert else None, reason, metric,
                         value, target))  # fmt: skip
    return Result.of("mentoring", Pair, rows[:limited])


def _recent(con: duckdb.DuckDBPyConnection, options: Options,
            now: datetime) -> dict[str, list[tuple[str, str, int]]]:  # fmt: skip
    """Per repository: (e-mail, name, commits) of active people since the window start."""
    table = prepare(con, replace(options, since=recent_since(con, now)))
    rows = con.execute(
        f"SELECT h.repo, p.email, any_value(h.author), count(DISTINCT h.sha) AS n "
        f"FROM {table} h JOIN persons p ON p.person_id = h.author_id "
        f"JOIN {STANDING} s ON s.person_id = h.author_id AND s.active "
        f"GROUP BY h.repo, p.email ORDER BY n DESC, 3"
    ).fetchall()
    found: dict[str, list[tuple[str, str, int]]] = {}
    for repo, email, name, n in rows:
        found.setdefault(repo, []).append((email, name, n))
    return found


def _learner(key: Entity, active: list[_Holder], experts: list[_Holder], taken: set[str],
             recent: dict[str, list[tuple[str, str, int]]],
             total: float) -> tuple[_Holder | None, str]:  # fmt: skip
    skip = {h.email for h in experts} | taken
    for h in active:
        if h.email not in skip:
            share = h.score / total
            held = f"{share:.0%}" if share >= 0.005 else "under 1%"
            return h, f"{h.person} changed it and holds {held} of its knowledge"
    for email, name, n in recent.get(key.repo, []):
        if email not in skip:
            return _Holder(name, email, True, 0.0), (
                f"{name} works in the same repository ({n} commit{'' if n == 1 else 's'} "
                "recently) but not on this component"
            )
    return None, "no active learner: nobody else works in this repository"


def first_month(con: duckdb.DuckDBPyConnection, options: Options,
                params: MentoringParams) -> Result[Week]:  # fmt: skip
    now = params.now or moment(con)
    standing(con, now)
    found = con.execute(
        "SELECT DISTINCT i.person_id, r.name FROM identities i JOIN repos r USING (repo_id) "
        "WHERE lower(i.email) = lower($who) OR lower(i.name) = lower($who)",
        {"who": params.newcomer},
    ).fetchall()
    own = {pid for pid, _ in found}
    repos = tuple(sorted({repo for _, repo in found} & set(options.repos or [r for _, r in found])))
    scoped = replace(options, repos=repos) if repos else options
    knowers = _knowers(con, scoped, now)
    head_files(con, scoped, measured=False)
    sizes = con.execute(
        "SELECT repo, component, sum(coalesce(cyclomatic_total, 0))::INTEGER, count(*) "
        "FROM analysis_files WHERE list_contains($languages, language) GROUP BY ALL "
        "HAVING sum(coalesce(cyclomatic_total, 0)) > 0 ORDER BY 3, 4, 1, 2",
        {"languages": sorted(programming_languages())},
    ).fetchall()
    own_emails = {e for (e,) in con.execute(
        "SELECT email FROM persons WHERE list_contains($ids, person_id)",
        {"ids": sorted(own)}).fetchall()}  # fmt: skip
    several = len({repo for repo, *_ in sizes}) > 1
    weeks: list[Week] = []
    for repo, component, complexity, files in sizes:
        holders = knowers.get((repo, component), [])
        guide = next((h for h in holders if h.active and h.email not in own_emails), None)
        if guide is None or any(h.email in own_emails for h in holders[:1]):
            continue  # no one to guide, or the newcomer knows it best already
        weeks.append(Week(len(weeks) + 1, named(repo, component, several), complexity, files,
                          guide.person))  # fmt: skip
        if len(weeks) == WEEKS:
            break
    note = (f"{params.newcomer}: their repositories ({', '.join(repos)})" if repos else
            f"{params.newcomer} has no commit here: every repository")  # fmt: skip
    return Result.of("mentoring", Week, weeks, (note,))


def run(con: duckdb.DuckDBPyConnection, options: Options,
        params: MentoringParams) -> Result[Any]:  # fmt: skip
    if params.newcomer:
        return first_month(con, options, params)
    return pairs(con, options, params)


ANALYSIS = Analysis(
    "mentoring",
    "Mentoring pairs for the components at knowledge risk, with a target each; or a "
    "newcomer's first month.",
    Pair,
    MentoringParams,
    run,
)
