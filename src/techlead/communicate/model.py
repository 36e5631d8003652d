"""What the report, the briefings and the dashboard show: sections of evidence, built
from analyses over one Scope.

A Section (core.model) answers one question a leader asks with a headline backed by
figures, an optional chart and the evidence tables behind every number. A Scope is what a
page is about: the warehouse, the filters, the moment, a radar and OSV data. It runs each
analysis once per page (``Scope.run``): a report of fourteen sections that all need the
hotspots ranks the files once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from techlead.analyses import caveats, repositories
from techlead.analyses.base import Analysis, Params
from techlead.analyses.moment import moment
from techlead.core.model import Entity, Options, Ref, Result, component_ref, file_ref
from techlead.core.policy import Policy
from techlead.core.roles import Role
from techlead.core.words import count as count  # the sections' counts, in one place
from techlead.core.words import listing as listing
from techlead.core.words import verb as verb
from techlead.decisions.radar import Radar
from techlead.risk.hand_kept import HandKept
from techlead.risk.osv import Database
from techlead.warehouse.policy import policy_of

# The title of each report section, by id (one place: sections, roles and pages use it).
TITLES = {
    "overview": "Overview",
    "risks": "Risk register",
    "hotspots": "Hotspots",
    "health": "Code health",
    "complexity": "Complexity",
    "coupling": "Change coupling",
    "architecture": "Architecture: coupling across components and repositories",
    "knowledge": "Knowledge map and truck factor",
    "loss": "Knowledge loss and off-boarding exposure",
    "mentoring": "Mentoring needs",
    "teams": "Teams and cross-team coupling",
    "inventory": "Inventory: technologies and dependencies",
    "radar": "Technology radar",
    "decisions": "Architecture decisions",
    "standards": "Engineering standards",
    "roadmap": "Roadmap",
    "goals": "Goals",
    "rollup": "Team roll-up: every team against the same lights",
    "skills": "Skills: who knows which technology",
    "culture": "Culture: collaboration, knowledge spreading, learning and innovation",
    "alignment": "Alignment: dependencies between repositories, fragmentation and drift",
    "profiles": "People's profiles",
    "delivery": "Delivery: releases, lead time, failures and restores",
    "review": "Review: how changes land on the main line",
    "work": "Work breakdown: new work, refactoring and rework",
}

P = TypeVar("P", bound=Params)
R = TypeVar("R", bound=tuple[Any, ...])
T = TypeVar("T")


@dataclass(frozen=True)
class Scope:
    """What a page is about: the warehouse, the filters, the moment, an optional radar."""

    con: duckdb.DuckDBPyConnection
    options: Options = field(default_factory=Options)
    now: datetime | None = None
    radar: Radar | None = None
    teams: tuple[str, ...] = ()  # only repositories owned by these teams
    advisories: Database | None = None  # OSV data: vulnerabilities join the risk register
    hand_kept: tuple[HandKept, ...] = ()  # risks.toml, applied to the register as read
    goals_file: Path | None = None  # --goals: else found as `techlead goals` finds it
    roadmap_file: Path | None = None  # --roadmap: else found as `techlead roadmap` finds it
    trends: bool = True  # --no-trends: pages say no trend (communicate/trends.py)
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def policy(self) -> Policy:
        return policy_of(self.con)

    def once(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per page for ``key``."""
        if key not in self.memo:
            self.memo[key] = compute()
        result: T = self.memo[key]
        return result

    def run(self, analysis: Analysis[P, R], params: P, **narrower: Any) -> Result[R]:
        """An analysis over the scope's repositories and filters (no row limit), run once
        per page for the same parameters; ``narrower`` replaces filters (``paths``...)."""
        return self.call(analysis.run, params, **narrower)

    def call(
        self,
        view: Callable[[duckdb.DuckDBPyConnection, Options, P], Result[R]],
        params: P,
        **narrower: Any,
    ) -> Result[R]:
        """One view of an analysis (``knowledge.loss``...), typed by its rows, run once
        per page for the same filters and parameters."""
        options = self.scoped(**narrower)
        key = (view.__module__, view.__qualname__, options, params)
        return self.once(key, lambda: view(self.con, options, params))

    def scoped(self, **narrower: Any) -> Options:
        """The scope's filters over its repositories, with no row limit unless given;
        ``narrower`` replaces some of them."""
        return replace(
            self.options, **{"repos": tuple(self.repo_names()), "limit": None, **narrower}
        )

    def repositories(self) -> list[repositories.RepositoryRow]:
        """Every repository of the scope (by name and team), with its figures."""

        def compute() -> list[repositories.RepositoryRow]:
            params = repositories.RepositoriesParams(now=self.moment())
            every = repositories.run(self.con, replace(self.options, limit=None), params)
            return [r for r in every.rows if not self.teams or r.team in self.teams]

        return self.once("repositories", compute)

    def repo_names(self) -> list[str]:
        """The scope's repositories (the ``--repo`` filter, then the teams'), by name."""

        def compute() -> list[str]:
            found = repositories.names(self.con, self.options.repos)
            return [name for name, team in found if not self.teams or team in self.teams]

        return self.once("repo names", compute)

    def history(self) -> list[caveats.HistoryState]:
        """What the history of the scope's repositories lacks, as of the moment."""
        return self.once(
            "history", lambda: caveats.states(self.con, tuple(self.repo_names()), self.moment())
        )

    def notices(self) -> tuple[str, ...]:
        """What a reader must know before any figure: dormant repositories, stale,
        shallow and partial clones (analyses.caveats)."""
        found, days = self.history(), self.policy.inactive_days
        return caveats.dormancy(found, days) + caveats.caveats(found, days)

    @property
    def production(self) -> tuple[str, ...]:
        """The file roles judgments of code weigh (``roles=scope.production``): production
        code unless the page asks for roles of its own. Tests, examples and docs are
        context: a test suite written by people who have left is not a decision."""
        return self.options.roles or (Role.PRODUCTION,)

    @property
    def several(self) -> bool:
        return len(self.repo_names()) > 1

    def moment(self) -> datetime:
        """What activity is measured to (analyses/moment.py): --now, else when the last
        scan stored its register, else today; the same moment as every command's."""
        return self.once("moment", lambda: moment(self.con, self.now))

    def window(self, days: int) -> tuple[datetime, datetime]:
        """(since, until) of what a section pools: the page's period, or the ``days``
        before its moment."""
        until = self.options.until or self.moment()
        return self.options.since or until - timedelta(days=days), until

    def file(self, item: Entity) -> Ref:
        """The Ref of a file, labelled ``repo:path`` when the page shows several repos."""
        return file_ref(Entity(item.repo, item.path, self.several))

    def component(self, item: Entity) -> Ref:
        return component_ref(Entity(item.repo, item.path, self.several))
