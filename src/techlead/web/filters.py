"""The dashboard's filters: repository, team, component and period, from the query."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import duckdb
from starlette.requests import Request

from techlead.analyses.names import choices, require
from techlead.communicate.model import Scope
from techlead.core.dates import parse_date
from techlead.core.errors import TechleadError
from techlead.core.model import Options
from techlead.decisions.radar import Radar
from techlead.risk.hand_kept import HandKept
from techlead.risk.osv import Database


@dataclass(frozen=True)
class Filters:
    repos: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    since: str = ""
    until: str = ""

    def query(self) -> list[tuple[str, str]]:
        pairs = [("repo", r) for r in self.repos] + [("team", t) for t in self.teams]
        pairs += [("component", c) for c in self.components]
        pairs += [(k, v) for k, v in (("since", self.since), ("until", self.until)) if v]
        return pairs


def filters_from(request: Request) -> Filters:
    q = request.query_params
    return Filters(
        tuple(v for v in q.getlist("repo") if v),
        tuple(v for v in q.getlist("team") if v),
        tuple(v for v in q.getlist("component") if v),
        q.get("since", "").strip(),
        q.get("until", "").strip(),
    )


def scope_for(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    radar: Radar | None,
    advisories: Database | None = None,
    now: datetime | None = None,
    kept: tuple[HandKept, ...] = (),
) -> Scope:
    """The Scope the filters describe (a bad date or a name the warehouse does not hold
    raises TechleadError: a 400 page that lists the names it holds)."""
    require(con, filters.repos, filters.components, flag="")
    if filters.teams:
        known = set(choices(con)["team"])
        unknown = [t for t in filters.teams if t not in known]
        if unknown:
            raise TechleadError(
                f"team {unknown[0]!r}: no such team (known: {', '.join(sorted(known)) or 'none'})"
            )
    options = Options(
        repos=filters.repos,
        components=filters.components,
        since=_date(filters.since, "since"),
        until=_date(filters.until, "until"),
    )
    scope = Scope(con, options, now, radar, filters.teams, advisories, kept)
    if filters.teams:  # a team stands for its repositories
        scope = replace(scope, options=replace(options, repos=tuple(scope.repo_names())))
    return scope


def _date(text: str, what: str) -> datetime | None:
    """A filter's date; one the calendar cannot hold ("10000 years ago") is a 400, not a 500."""
    if not text:
        return None
    try:
        return parse_date(text, what=what)
    except TechleadError:
        raise
    except (ValueError, OverflowError) as exc:
        raise TechleadError(f"{what} {text!r} is not a date the calendar holds: {exc}") from None
