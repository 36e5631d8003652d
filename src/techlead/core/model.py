"""The typed records every layer shares: what an analysis is asked (Options) and returns
(Result of typed rows), what names a file or a component (Entity), and what a page is
made of (Section, Table, Ref).

Rows are ``NamedTuple`` classes, one per analysis (or per view of one), so a consumer
reads ``row.revisions`` rather than ``row[2]`` and the type checker finds every consumer
when a column changes. Column names are the row's field names with ``-`` for ``_`` (the
code-maat spelling the CLI prints).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

Row = TypeVar("Row", bound=tuple[Any, ...])


def columns_of(row_type: type[tuple[Any, ...]]) -> tuple[str, ...]:
    """The printed column names of a NamedTuple row type."""
    fields: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    return tuple(name.replace("_", "-") for name in fields)


@dataclass(frozen=True)
class Result(Generic[Row]):
    """What an analysis returns: named columns, typed rows, notes for the reader, and
    caveats: what the history behind the rows lacks (analyses.caveats)."""

    name: str
    columns: tuple[str, ...]
    rows: Sequence[Row]
    notes: tuple[str, ...] = field(default_factory=tuple)
    caveats: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(
        cls, name: str, row_type: type[Row], rows: Sequence[Row], notes: Sequence[str] = ()
    ) -> Result[Row]:
        return cls(name, columns_of(row_type), rows, tuple(notes))

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Options:
    """The filters every analysis shares (docs/cli.md, "Analyses")."""

    repos: tuple[str, ...] = ()  # repository names; empty = all
    paths: tuple[str, ...] = ()  # globs over (rename-followed) paths; empty = all
    components: tuple[str, ...] = ()  # component names; empty = all
    roles: tuple[str, ...] = ()  # file roles (core.roles); empty = all
    since: datetime | None = None  # changes authored at or after
    until: datetime | None = None  # history up to (exclusive)
    limit: int | None = None
    include_bots: bool = False
    include_generated: bool = False  # also vendored and excluded paths
    follow_renames: bool = True


@dataclass(frozen=True, order=True)
class Entity:
    """A file (or a component) of a repository, or the repository itself (an empty
    path). Printed as its path, or ``repo:path`` when the output spans several
    repositories (``qualified``)."""

    repo: str
    path: str
    qualified: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        if not self.path:
            return self.repo
        return f"{self.repo}:{self.path}" if self.qualified else self.path


# --- what a scan did -------------------------------------------------------------------


@dataclass(frozen=True)
class RepoScan:
    """What one repository's scan did."""

    repo_id: int | None
    name: str
    path: Path
    mode: str  # full | rewritten | incremental | unchanged | skipped
    commits_added: int = 0
    changes_added: int = 0
    unknown_line_counts: int = 0
    blobs_read: int = 0  # file contents read for the HEAD snapshot (the rest came from cache)
    blobs_measured: int = 0  # of those, blobs whose complexity was measured
    warnings: tuple[str, ...] = field(default_factory=tuple)
    blobs_searched: int = 0  # of those read, blobs searched for secrets
    trend_files: int = 0  # files whose complexity trend this scan recorded
    trend_blobs_read: int = 0  # past versions read for the trends (the rest were cached)


# --- pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A cell naming something with a page of its own (a file, component, person, ADR)."""

    kind: str  # file | component | person | adr
    label: str
    params: tuple[tuple[str, str], ...]  # what identifies it: (("repo", "api"), ("path", ...))

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        """A stable HTML id for what the Ref names, whatever characters its path holds."""
        digest = hashlib.sha1(repr(self.params).encode(), usedforsecurity=False).hexdigest()
        return f"{self.kind}-{digest[:12]}"

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


def file_ref(item: Entity) -> Ref:
    return Ref("file", str(item), (("repo", item.repo), ("path", item.path)))


def component_ref(item: Entity, label: str | None = None) -> Ref:
    return Ref("component", label or str(item), (("repo", item.repo), ("name", item.path)))


def person_ref(name: str) -> Ref:
    return Ref("person", name, (("name", name),))


def adr_ref(repo: str, path: str, label: str) -> Ref:
    return Ref("adr", label, (("repo", repo), ("path", path)))


@dataclass(frozen=True)
class Table:
    """Evidence rows. ``total``: how many rows there were before the table was cut (the
    page says "showing N of TOTAL"); ``groups``: (index of a group's first row, its
    label), drawn as a heading row; ``filters``: per row, the value a chart point of the
    section filters the table by (the risk matrix's cells)."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    note: str = ""
    total: int | None = None
    groups: Sequence[tuple[int, str]] = ()
    filters: Sequence[str] = ()

    @property
    def count(self) -> str:
        """How many rows, as the table's summary says it."""
        shown = len(self.rows)
        if self.total is not None and self.total > shown:
            return f"showing {shown:,} of {self.total:,}"
        return f"{shown:,}"


@dataclass(frozen=True)
class Record:
    """A document a page shows in full: an ADR's markdown, rendered safely by the HTML
    renderer (raw HTML off, then sanitised)."""

    ref: Ref
    markdown: str


@dataclass(frozen=True)
class RadarBlip:
    """One numbered blip, where the picture draws it."""

    number: int  # in legend order
    name: str
    quadrant: str
    ring: str
    description: str
    x: float
    y: float
    colour: str
    moved: int  # 1 moved in (towards the first ring), -1 moved out, 0 not moved
    is_new: bool
    radius: float = 0.0  # every mark of the blip lies inside this circle
    in_use: bool | None = None  # a scanned repository uses it; None: not asked
    breach: bool = False  # on the hold ring and in use


@dataclass(frozen=True)
class RadarPicture:
    """A technology radar laid out for drawing (decisions.radar_render computes it; the
    HTML renderer's templates draw it, escaping every name)."""

    size: float  # the SVG's width and height
    rings: tuple[tuple[str, float], ...]  # (name, outer radius), innermost first
    ring_labels: tuple[tuple[str, float, float, float, float, float], ...]  # name, x left,
    #   x right, font size, box width and height: each ring's name sits on the horizontal
    #   line through the centre, twice, in a box of its own
    axes: tuple[tuple[float, float], ...]  # the end of each quadrant's border line
    quadrant_labels: tuple[tuple[str, float, float, str, str], ...]  # name, x, y,
    #   text-anchor, dominant-baseline
    blips: tuple[RadarBlip, ...]
    quadrants: tuple[str, ...]
    ring_names: tuple[str, ...]
    views: tuple[tuple[str, float, float, float, float, str], ...] = ()  # per quadrant: name,
    #   the viewBox (x, y, width, height) that shows it whole on a narrow screen, and the
    #   outline (an SVG path) that hides the other quadrants there
    label_boxes: tuple[tuple[float, float, float, float], ...] = ()  # every name's box
    #   (x, y, width, height): no blip covers one
    usage_known: bool = False  # the blips' in_use and breach were asked of a warehouse
    hold: str = ""  # the hold ring's name


@dataclass(frozen=True)
class Trend:
    """How one metric a page follows has moved, for the page's scope (the workspace or its
    one repository): since the previous scan (the values scans recorded) and month by month
    over the last twelve months (its history). communicate/trends.py builds it and says it
    in words; renderers draw the series as a sparkline."""

    metric: str  # the catalogue's name: "truck-factor"
    words: str  # how a reader names it: "truck factor"
    unit: str  # said after each value: "%" or ""
    scope: str  # "workspace" or the repository
    better: str  # higher | lower
    series: tuple[tuple[str, float], ...] = ()  # (YYYY-MM-DD, value), oldest first
    previous: float | None = None  # the value the previous scan recorded
    latest: float | None = None  # the value the latest scan recorded
    since: str = ""  # the previous scan's date (YYYY-MM-DD); empty before a second scan


@dataclass(frozen=True)
class Section:
    """One question a leader asks, answered: a headline with its figures, key facts, an
    optional chart (a Plotly figure as plain data), the evidence tables behind every
    number, and documents or a radar to show in full."""

    id: str
    title: str
    question: str  # the question it answers, in plain words
    headline: str  # one sentence with the figures that matter
    tables: tuple[Table, ...] = ()
    chart: dict[str, Any] | None = None  # {"data": [...], "layout": {...}}
    facts: tuple[tuple[str, Any], ...] = ()  # key figures, shown as tiles
    radar: RadarPicture | None = None
    records: tuple[Record, ...] = ()  # shown in full (the report folds them in)
    record: Record | None = None  # the one document a drill-down page is about
    caption: str = ""  # what the chart's colours and marks mean, said under it
    trends: tuple[Trend, ...] = ()  # how the section's metrics moved (communicate/trends.py)
    trend: str = ""  # the same in words, said under the headline

    @property
    def empty(self) -> bool:
        return not self.tables and self.chart is None and not self.facts
