"""What the report, the briefings and the dashboard show: sections of evidence.

A Section answers one question a leader asks (where does the code hurt? who knows what?)
with a headline sentence backed by figures, an optional chart (a Plotly figure as plain
data) and the evidence tables behind every number. Cells that name a file, a component,
a person or an ADR are Refs, so each front end can link them to their drill-down (the
dashboard) or to the row that explains them (the report).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from techlead.analyses.base import Options
from techlead.decisions.radar import Radar
from techlead.risk.osv import Database

# The title of each report section, by id (one place: sections, roles and pages use it).
TITLES = {
    "overview": "Overview",
    "risks": "Risk register",
    "hotspots": "Hotspots",
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
}


@dataclass(frozen=True)
class Ref:
    """A cell naming something with a page of its own."""

    kind: str  # file | component | person | adr
    label: str
    params: tuple[tuple[str, str], ...]  # what identifies it: (("repo", "api"), ("path", ...))

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    note: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    question: str  # the question it answers, in plain words
    headline: str  # one sentence with the figures that matter
    tables: tuple[Table, ...] = ()
    chart: dict[str, Any] | None = None  # {"data": [...], "layout": {...}}: a Plotly figure
    facts: tuple[tuple[str, Any], ...] = ()  # key figures, shown as tiles
    extra_html: str = ""  # trusted markup made by techlead itself (the radar's SVG)
    # Trusted markup only the self-contained report shows, e.g. the sanitised text of each
    # ADR: the dashboard links to a drill-down page instead.
    appendix: str = ""

    @property
    def empty(self) -> bool:
        return not self.tables and self.chart is None and not self.facts


@dataclass(frozen=True)
class Scope:
    """What a page is about: the warehouse, the filters, the moment, an optional radar."""

    con: duckdb.DuckDBPyConnection
    options: Options = field(default_factory=Options)
    now: datetime | None = None
    radar: Radar | None = None
    teams: tuple[str, ...] = ()  # only repositories owned by these teams
    advisories: Database | None = None  # OSV data: vulnerabilities join the risk register

    def moment(self) -> datetime | None:
        """What activity is measured to: --now, else when the last scan stored its risk
        register (so that "left" means the same in every section as in the register),
        else the last commit; None for an empty warehouse."""
        if self.now is not None:
            return self.now
        found = self.con.execute(
            "SELECT coalesce((SELECT max(taken_at) FROM risk_snapshots), "
            "(SELECT max(last_commit_at) FROM repos))"
        ).fetchall()[0][0]
        return found if isinstance(found, datetime) else None

    def repo_names(self) -> list[str]:
        rows = self.con.execute(
            "SELECT name FROM repos WHERE (len($repos) = 0 OR list_contains($repos, name)) "
            "AND (len($teams) = 0 OR list_contains($teams, team)) ORDER BY name",
            {"repos": list(self.options.repos), "teams": list(self.teams)},
        ).fetchall()
        return [name for (name,) in rows]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 team``, ``3 teams``; thousands separated."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def file_ref(entity: str, repos: Sequence[str]) -> Ref:
    """The Ref of an analysis entity: ``path``, or ``repo:path`` when rows span repos."""
    repo, _, path = entity.partition(":")
    if path and repo in repos and len(repos) > 1:
        return Ref("file", entity, (("repo", repo), ("path", path)))
    return Ref("file", entity, (("repo", repos[0] if repos else ""), ("path", entity)))


def person_ref(name: str) -> Ref:
    return Ref("person", name, (("name", name),))


def component_ref(repo: str, component: str, label: str | None = None) -> Ref:
    return Ref("component", label or component, (("repo", repo), ("name", component)))


def risk_file_ref(repo: str | None, path: str, repos: Sequence[str]) -> Ref:
    """A file a risk names, prefixed with its repository when several are shown (a
    dependency's manifests already are: ``repo:path``)."""
    named = repo is None or len(repos) == 1 or path.startswith(f"{repo}:")
    return file_ref(path if named else f"{repo}:{path}", repos)


def component_entity_ref(entity: object, repos: Sequence[str]) -> Ref:
    """The Ref of a component as analyses name it: ``name``, or ``repo:name`` across repos."""
    text = str(entity)
    repo, _, name = text.partition(":")
    if name and repo in repos and len(repos) > 1:
        return component_ref(repo, name, text)
    return component_ref(repos[0] if repos else "", text)


def adr_ref(repo: str, path: str, label: str) -> Ref:
    return Ref("adr", label, (("repo", repo), ("path", path)))


def anchor(ref: Ref) -> str:
    """A stable HTML id for what a Ref names, whatever characters its path holds."""
    digest = hashlib.sha1(repr(ref.params).encode(), usedforsecurity=False).hexdigest()
    return f"{ref.kind}-{digest[:12]}"
