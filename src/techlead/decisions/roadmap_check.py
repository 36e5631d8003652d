"""The roadmap judged: each initiative's state at the warehouse's moment, and the
conflicts ``techlead roadmap --check`` fails on (docs/direction.md, "Roadmap").

Conflicts: an initiative starting before one it depends on ends (ends are inclusive, so
the day after at the earliest); a dependency cycle; a team on more initiatives at once
than the policy's ``max_parallel_initiatives``; an initiative ending after the deadline of
a goal it serves; a link to a goal or an ADR that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import duckdb

from techlead.analyses.moment import moment
from techlead.core.model import Result
from techlead.decisions.roadmap import (
    FILE_NAME,
    GOALS_NAME,
    Goals,
    Initiative,
    Roadmap,
    load,
    load_goals,
    locate,
)
from techlead.warehouse.policy import policy_of

PLANNED, IN_PROGRESS, DONE = "planned", "in progress", "done"
ORDER, CYCLE, TEAM, DEADLINE, NO_GOAL, NO_ADR = (
    "dependency-order", "dependency-cycle", "team-overload", "after-goal-deadline",
    "goal-not-found", "adr-not-found",
)  # fmt: skip
KINDS = (ORDER, CYCLE, TEAM, DEADLINE, NO_GOAL, NO_ADR)


@dataclass(frozen=True)
class Conflict:
    kind: str
    initiatives: tuple[str, ...]  # the ids it concerns, the first the one it is about
    message: str


class RoadmapRow(NamedTuple):
    id: str
    title: str
    start: date
    end: date
    state: str
    owner: str | None
    teams: list[str]
    depends_on: list[str]
    goals: list[str]
    adrs: list[str]
    conflicts: list[str]  # the kinds of the conflicts that concern it


class Adr(NamedTuple):
    repo: str
    number: int | None
    path: str


def state(initiative: Initiative, today: date) -> str:
    if today < initiative.start:
        return PLANNED
    return IN_PROGRESS if today <= initiative.end else DONE


def adrs_of(con: duckdb.DuckDBPyConnection) -> list[Adr]:
    """Every ADR the last scans found (the ``decisions`` table)."""
    rows = con.execute(
        "SELECT r.name, d.number, d.path FROM decisions d JOIN repos r USING (repo_id)"
    ).fetchall()
    return [Adr(*row) for row in rows]


def conflicts(roadmap: Roadmap, goals: Goals, adrs: Sequence[Adr], limit: int) -> list[Conflict]:
    """Every conflict of the roadmap, in the order of ``KINDS``."""
    initiatives = roadmap.initiatives
    return [
        *_order(initiatives),
        *_cycles(initiatives),
        *_overloads(initiatives, limit),
        *_deadlines(initiatives, goals),
        *_missing_goals(initiatives, goals),
        *_missing_adrs(initiatives, adrs),
    ]


def _order(initiatives: Sequence[Initiative]) -> Iterable[Conflict]:
    by_id = {i.id: i for i in initiatives}
    for initiative in initiatives:
        for needed in (by_id[n] for n in initiative.depends_on if n != initiative.id):
            if initiative.start <= needed.end:
                yield Conflict(ORDER, (initiative.id, needed.id),
                               f"{initiative.id} starts on {initiative.start}, before "
                               f"{needed.id}, which it depends on, ends "
                               f"({needed.end})")  # fmt: skip


def _cycles(initiatives: Sequence[Initiative]) -> Iterable[Conflict]:
    """One conflict per cycle of dependencies a depth-first walk meets (iterative: a
    chain of thousands of initiatives must not exhaust the stack)."""
    graph = {i.id: i.depends_on for i in initiatives}
    finished: set[str] = set()
    named: set[tuple[str, ...]] = set()
    for root in graph:
        if root in finished:
            continue
        path, on_path = [root], {root: 0}
        stack = [iter(graph[root])]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                finished.add(path[-1])
                del on_path[path.pop()]
                stack.pop()
            elif following in on_path:
                found = _cycle(path[on_path[following] :])
                if found.initiatives not in named:
                    named.add(found.initiatives)
                    yield found
            elif following not in finished:
                on_path[following] = len(path)
                path.append(following)
                stack.append(iter(graph[following]))


def _cycle(cycle: list[str]) -> Conflict:
    first = cycle.index(min(cycle))  # the same cycle reads the same from wherever found
    turned = cycle[first:] + cycle[:first]
    return Conflict(CYCLE, tuple(turned),
                    "dependency cycle: " + " → ".join([*turned, turned[0]]))  # fmt: skip


def _overloads(initiatives: Sequence[Initiative], limit: int) -> Iterable[Conflict]:
    """Each span of days in which a team is on more than ``limit`` initiatives."""
    teams = sorted({t for i in initiatives for t in i.teams})
    for team in teams:
        theirs = [i for i in initiatives if team in i.teams]
        bounds = sorted({i.start for i in theirs} | {i.end + timedelta(days=1) for i in theirs})
        for first, after in pairwise(bounds):
            active = [i for i in theirs if i.start <= first and i.end >= first]
            if len(active) > limit:
                ids = [i.id for i in active]
                yield Conflict(TEAM, tuple(ids),
                               f"team {team} is on {len(active)} initiatives at once from "
                               f"{first} to {after - timedelta(days=1)} ({', '.join(ids)}; "
                               f"max_parallel_initiatives is {limit})")  # fmt: skip


def _deadlines(initiatives: Sequence[Initiative], goals: Goals) -> Iterable[Conflict]:
    for initiative in initiatives:
        for goal in initiative.goals:
            passed = [d for d in goals.deadlines.get(goal, ()) if d < initiative.end]
            if passed:
                yield Conflict(DEADLINE, (initiative.id,),
                               f"{initiative.id} ends on {initiative.end}, after the deadline "
                               f"of goal {goal} ({min(passed)})")  # fmt: skip


def _missing_goals(initiatives: Sequence[Initiative], goals: Goals) -> Iterable[Conflict]:
    where = f"in {goals.path}" if goals.path else "(no goals.toml found)"
    for initiative in initiatives:
        for goal in initiative.goals:
            if goal not in goals.deadlines:
                yield Conflict(NO_GOAL, (initiative.id,),
                               f"{initiative.id} serves goal {goal}, which is not an "
                               f"objective {where}")  # fmt: skip


_NUMBERED = re.compile(r"^(?:adr[-_ ]?)?0*(\d{1,9})$", re.I)


def adr_matches(reference: str, adr: Adr) -> bool:
    """Whether ``reference`` names ``adr``: its number (``7``, ``ADR-7``, ``adr-0007``)
    or its path (whole or its file name), either after ``REPO:`` to name the repository."""
    repo, sep, rest = reference.partition(":")
    if sep and repo != adr.repo:
        return False
    wanted = rest if sep else reference
    numbered = _NUMBERED.match(wanted)
    if numbered:
        return adr.number == int(numbered[1])
    return wanted in (adr.path, adr.path.rsplit("/", 1)[-1])


def _missing_adrs(initiatives: Sequence[Initiative], adrs: Sequence[Adr]) -> Iterable[Conflict]:
    for initiative in initiatives:
        for reference in initiative.adrs:
            if not any(adr_matches(reference, adr) for adr in adrs):
                yield Conflict(NO_ADR, (initiative.id,),
                               f"{initiative.id} links ADR {reference}, which no scanned "
                               "repository records")  # fmt: skip


def judged(roadmap: Roadmap, found: Sequence[Conflict], today: date) -> Result[RoadmapRow]:
    """The initiatives in start order with their state and conflicts; a note per
    conflict."""
    rows = [
        RoadmapRow(i.id, i.title, i.start, i.end, state(i, today), i.owner, list(i.teams),
                   list(i.depends_on), list(i.goals), list(i.adrs),
                   sorted({c.kind for c in found if i.id in c.initiatives}, key=KINDS.index))
        for i in sorted(roadmap.initiatives, key=lambda i: (i.start, i.end, i.id))
    ]  # fmt: skip
    notes = [f"conflict: {c.message}" for c in found]
    return Result.of("roadmap", RoadmapRow, rows, notes or ["no conflicts"])


@dataclass(frozen=True)
class Review:
    """A roadmap judged at a date: its rows (``judged``) and its conflicts."""

    roadmap: Roadmap
    goals: Goals
    today: date
    conflicts: tuple[Conflict, ...]
    result: Result[RoadmapRow]


def review(
    con: duckdb.DuckDBPyConnection,
    given: Path | None = None,
    goals_given: Path | None = None,
    now: datetime | None = None,
) -> Review | None:
    """The roadmap found (``roadmap.locate``) judged at the warehouse's moment (or
    ``now``), against the goals file found the same way, the scanned ADRs and the
    stored policy; None when there is no roadmap file."""
    path = locate(con, given, FILE_NAME)
    if path is None:
        return None
    roadmap = load(path)
    goals = load_goals(locate(con, goals_given, GOALS_NAME))
    found = conflicts(roadmap, goals, adrs_of(con), policy_of(con).max_parallel_initiatives)
    today = moment(con, now).date()
    return Review(roadmap, goals, today, tuple(found), judged(roadmap, found, today))
