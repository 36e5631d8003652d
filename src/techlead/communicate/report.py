"""The report as data: every section with data, in the order a role reads them, the
sections without data, what the role leaves out, and the briefing at its top. The HTML
renderer (render/report.py) draws it as one self-contained file, or, for an executive
audience, as the one-page briefing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from techlead.analyses.portfolio import workspace_name
from techlead.communicate.brief import Briefing, briefing
from techlead.communicate.model import TITLES, Scope, count
from techlead.communicate.roles import ALL_SECTIONS, Role, build, section_ids
from techlead.core.errors import CommunicateError
from techlead.core.model import Section

AUDIENCES = ("engineering", "executive")


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]  # those with data, in the role's order
    without_data: tuple[str, ...]  # titles of the sections with nothing to show
    left_out: tuple[str, ...]  # titles the role leaves out
    brief: Briefing


def subtitle(scope: Scope, chosen: Role | None) -> str:
    repos = scope.repo_names()
    if not repos:
        raise CommunicateError(
            "the warehouse holds no repositories", tip="run `techlead scan PATH`"
        )
    shown = ", ".join(repos[:5]) + (f" and {len(repos) - 5} more" if len(repos) > 5 else "")
    for_whom = f" · for {chosen.title}" if chosen else ""
    workspace = workspace_name(scope.con)
    named = f"{workspace} · " if workspace else ""
    return f"{named}{count(len(repos), 'repository', 'repositories')}: {shown}{for_whom}"


def report(scope: Scope, chosen: Role | None, audience: str = "engineering") -> Report:
    """The report for a role; for an executive audience without a role, its decisions are
    taken at repository level (docs/roles.md)."""
    heading = subtitle(scope, chosen)
    ids = section_ids(chosen)
    # The executive page shows the lights, not the sections: their trends would be unread.
    sections = build(replace(scope, trends=False) if audience == "executive" else scope, ids)
    return Report(
        title=f"Engineering evidence for {chosen.title}" if chosen else "Engineering evidence",
        subtitle=heading,
        sections=tuple(s for s in sections if not s.empty),
        without_data=tuple(s.title for s in sections if s.empty),
        left_out=tuple(TITLES[i] for i in ALL_SECTIONS if i not in ids) if chosen else (),
        brief=briefing(
            scope,
            chosen,
            sections,
            "repository" if audience == "executive" and chosen is None else None,
        ),
    )
