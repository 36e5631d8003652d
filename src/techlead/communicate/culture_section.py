"""The "Culture" section: collaboration, knowledge spreading, learning and innovation per
quarter over the last three years (docs/culture.md), one chart panel per view, the latest
quarter's figures as tiles, and the evidence: the figures per quarter, the ties (cross-team
first), the learning firsts and the new dependencies (with their radar ring)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from techlead.analyses import culture, culture_innovation
from techlead.analyses.culture import CollaborationRow, CultureParams, First, LearningRow
from techlead.communicate.charts import GREY, Figure, inert, layout
from techlead.communicate.culture_views import (
    InnovationRow,
    MarkedDependency,
    SpreadingRow,
    innovation_rows,
    marked,
    section_options,
    spreading,
)
from techlead.communicate.model import Scope
from techlead.core.model import Options, Section, Table, columns_of
from techlead.core.words import count
from techlead.direction.catalogue import Scope as MetricScope

TITLE = "Culture: collaboration, knowledge spreading, learning and innovation"
QUESTION = "Do people work across components and teams, spread knowledge, learn and try new things?"
QUARTERS = 12  # the section shows the last three years
EVIDENCE = 40  # rows of each evidence table
BLUE, ORANGE, GREEN, RED, PURPLE = "#1f77b4", "#e69f00", "#2e8b57", "#c0392b", "#7b3294"


def culture_section(scope: Scope) -> Section:
    options = section_options(scope.scoped(), _newest(scope), QUARTERS)
    params = CultureParams(every="quarter")
    collaboration = list(culture.collaboration(scope.con, options, params).rows)
    if not collaboration:
        return Section("culture", TITLE, QUESTION, "No commits in this scope.")
    firsts = culture.firsts(scope.con, options, params).rows
    learning = culture.summarise_firsts(firsts)
    new = culture_innovation.innovation(scope.con, options, "quarter")
    deps = marked(new.rows, scope.radar)
    innovation = innovation_rows(deps, scope.radar)
    spread = _spreading(scope, options)
    ties = culture.ties(scope.con, replace(options, limit=EVIDENCE), params)
    return Section(
        "culture", TITLE, QUESTION,
        _headline(collaboration, learning, innovation, spread),
        (
            _table("Collaboration per quarter", CollaborationRow, collaboration),
            _table("Knowledge spreading at the end of each quarter", SpreadingRow, spread,
                   "" if spread else "Measured for the workspace, one repository or one "
                   "team, not for several chosen by hand."),
            _table("Learning per quarter", LearningRow, learning),
            _table("Innovation per quarter", InnovationRow, innovation, " ".join(new.notes)),
            Table("Ties, the latest quarter first, cross-team ties first",
                  ("period", "person", "other", "team", "other team", "components"),
                  [(*t[:5], ", ".join(t.components)) for t in ties.rows]),
            _firsts(firsts),
            _new(deps),
        ),
        culture_chart(collaboration, spread, learning, innovation),
        facts=_facts(collaboration, learning, innovation, spread, scope.radar is not None),
        caption="Per quarter, from the top: ties between people who committed to the same "
        "component and those across teams; truck factor and knowledge islands at the "
        "quarter's end; people learning (a first commit to a component, language or "
        "ecosystem new to them) and newcomers; new direct dependencies, and those on the "
        "radar's Trial or Assess rings.",
    )  # fmt: skip


def _newest(scope: Scope) -> datetime | None:
    options = scope.scoped()
    if options.until is not None:
        return options.until
    row = scope.con.execute(
        "SELECT max(c.commit_time) FROM commits c JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name)",
        {"repos": list(options.repos)},
    ).fetchall()[0]
    newest: datetime | None = row[0]
    return newest


def _spreading(scope: Scope, options: Options) -> list[SpreadingRow]:
    """Measured for the workspace, one repository or one team; not for another choice."""
    chosen = scope.options.repos
    if len(chosen) == 1:
        measured = MetricScope("repository", chosen[0])
    elif not chosen and len(scope.teams) == 1:
        measured = MetricScope("team", scope.teams[0])
    elif not chosen and not scope.teams:
        measured = MetricScope()
    else:
        return []
    return list(spreading(scope.con, options, "quarter", measured).rows)


def _table(title: str, row: type[tuple[Any, ...]], rows: Any, note: str = "") -> Table:
    return Table(title, columns_of(row), [tuple(r) for r in rows], note)


def _firsts(firsts: Sequence[First]) -> Table:
    learning = [f for f in reversed(firsts) if not f.newcomer]
    return Table(
        "Learning firsts, the latest first",
        ("period", "person", "kind", "what", "repo"),
        [(f.period, f.person, f.kind, f.what, f.repo) for f in learning[:EVIDENCE]],
        total=len(learning),
    )


def _new(deps: list[MarkedDependency]) -> Table:
    newest = list(reversed(deps))
    return Table(
        "New dependencies, the latest first",
        ("period", "repo", "ecosystem", "dependency", "technology", "radar", "manifest", "date"),
        [(d.period, d.repo, d.ecosystem, d.dependency, d.technology, d.ring, d.manifest,
          f"{d.date:%Y-%m-%d}") for d in newest[:EVIDENCE]],
        total=len(newest),
    )  # fmt: skip


def _facts(
    collaboration: list[CollaborationRow],
    learning: list[LearningRow],
    innovation: list[InnovationRow],
    spread: list[SpreadingRow],
    with_radar: bool,
) -> tuple[tuple[str, Any], ...]:
    last = collaboration[-1]
    facts: list[tuple[str, Any]] = [
        ("ties, last quarter", last.ties),
        ("cross-team ties", last.cross_team_ties),
        ("density", last.density if last.density is not None else "–"),
    ]
    if spread:
        facts += [("truck factor", _number(spread[-1].truck_factor)),
                  ("knowledge islands", _number(spread[-1].knowledge_islands))]  # fmt: skip
    since = f"since {collaboration[0].period:%Y-%m-%d}"
    facts.append((f"learning firsts {since}", sum(r.firsts for r in learning)))
    facts.append((f"new dependencies {since}", sum(r.new_dependencies for r in innovation)))
    if with_radar:
        adopted = {blip for r in innovation for blip in r.trial_or_assess}
        facts.append(("Trial/Assess blips adopted", len(adopted)))
    return tuple(facts)


def _number(value: float | None) -> Any:
    return "–" if value is None else float(f"{value:.1f}") if value % 1 else int(value)


def _headline(
    collaboration: list[CollaborationRow],
    learning: list[LearningRow],
    innovation: list[InnovationRow],
    spread: list[SpreadingRow],
) -> str:
    last = collaboration[-1]
    said = (
        f"In the quarter of {last.period:%Y-%m-%d}, {count(last.people, 'person', 'people')} "
        f"formed {count(last.ties, 'tie')} ({last.cross_team_ties:,} across teams)"
    )
    if len(spread) > 1 and spread[-1].truck_factor is not None:
        said += f"; the truck factor is {_number(spread[-1].truck_factor)}"
        if spread[0].truck_factor is not None:
            said += f" ({_number(spread[0].truck_factor)} at {spread[0].date})"
    firsts = sum(r.firsts for r in learning)
    added = sum(r.new_dependencies for r in innovation)
    return (
        f"{said}. Since {collaboration[0].period:%Y-%m-%d}: "
        f"{count(firsts, 'first')} by people learning a component or technology new to "
        f"them, and {count(added, 'new dependency', 'new dependencies')}."
    )


def culture_chart(
    collaboration: list[CollaborationRow],
    spread: list[SpreadingRow],
    learning: list[LearningRow],
    innovation: list[InnovationRow],
) -> Figure:
    """Four panels, stacked, sharing the quarters: collaboration, spreading, learning,
    innovation."""
    panels: list[tuple[str, list[dict[str, Any]]]] = [
        ("Collaboration: ties per quarter", [
            _trace("ties", collaboration, lambda r: r.ties, BLUE),
            {**_trace("cross-team ties", collaboration, lambda r: r.cross_team_ties, ORANGE),
             "right": True},
            _trace("people", collaboration, lambda r: r.people, GREY, dash="dot"),
        ]),
        ("Knowledge spreading at each quarter's end", [
            _trace("truck factor", spread, lambda r: r.truck_factor, GREEN),
            {**_trace("knowledge islands", spread, lambda r: r.knowledge_islands, RED),
             "right": True},
        ]),
        ("Learning: firsts per quarter", [
            _trace("learning firsts", learning, lambda r: r.firsts, PURPLE, kind="bar"),
            _trace("people learning", learning, lambda r: r.learners, BLUE),
            _trace("newcomers", learning, lambda r: r.newcomers, GREY, dash="dot"),
        ]),
        ("Innovation: new dependencies per quarter", [
            _trace("new dependencies", innovation, lambda r: r.new_dependencies, ORANGE,
                   kind="bar"),
            _trace("on Trial/Assess", innovation, lambda r: len(r.trial_or_assess), GREEN),
        ]),
    ]  # fmt: skip
    data: list[dict[str, Any]] = []
    axes: dict[str, Any] = {}
    titles: list[dict[str, Any]] = []
    for index, (title, traces) in enumerate(panels):
        suffix = "" if index == 0 else str(index + 1)
        for trace in traces:
            # a second scale on the right, for a figure of another size (islands)
            y = f"y{len(panels) + 1 + index}" if trace.pop("right", False) else f"y{suffix}"
            data.append({**trace, "xaxis": f"x{suffix}", "yaxis": y})
            if y != f"y{suffix}":
                axes[f"yaxis{y[1:]}"] = _right_axis(trace["name"], suffix, trace.get("y", []))
        axes[f"xaxis{suffix}"] = {"type": "date", "anchor": f"y{suffix}", "matches": "x"}
        axes[f"yaxis{suffix}"] = {"automargin": True, "rangemode": "tozero"}
        titles.append({"text": inert(title), "xref": f"x{suffix} domain", "x": 0,
                       "yref": f"y{suffix} domain", "y": 1.02, "xanchor": "left",
                       "yanchor": "bottom", "showarrow": False, "font": {"size": 12}})  # fmt: skip
    return {
        "data": data,
        "layout": layout(
            960, grid={"rows": 4, "columns": 1, "pattern": "independent", "ygap": 0.35},
            annotations=titles, showlegend=True, legend={"orientation": "h", "y": -0.06},
            **axes,
        ),
    }  # fmt: skip


def _right_axis(name: str, suffix: str, values: list[Any]) -> dict[str, Any]:
    axis = {"overlaying": f"y{suffix}", "side": "right", "anchor": f"x{suffix}",
            "rangemode": "tozero", "showgrid": False, "automargin": True, "tickformat": "d",
            "title": {"text": inert(name)}}  # fmt: skip
    if max((v for v in values if v is not None), default=0) < 5:
        axis["dtick"] = 1  # whole steps: "d" would print 0.5 as a second 0
    return axis


def _trace(
    name: str, rows: Any, value: Any, colour: str, kind: str = "scatter", dash: str = "solid"
) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "type": kind,
        "name": name,
        "x": [f"{r.period:%Y-%m-%d}" for r in rows],
        "y": [value(r) for r in rows],
    }
    if kind == "bar":
        return {**trace, "marker": {"color": colour}, "opacity": 0.6}
    return {**trace, "mode": "lines+markers", "line": {"color": colour, "dash": dash}}
