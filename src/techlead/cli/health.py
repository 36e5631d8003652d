"""techlead health: the code health of files at HEAD (10.0 healthy, 1.0 worst), with the
biomarkers behind each score, or rolled up per component, repository or team."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import click

from techlead.analyses import as_of, caveats
from techlead.analyses.health import (
    BY,
    FileHealth,
    GroupHealth,
    aggregate,
    file_health,
    policy_notes,
    team_revisions,
)
from techlead.analyses.health_score import LABELS, Marker
from techlead.analyses.moment import moment
from techlead.analyses.names import known_names
from techlead.cli.options import (
    common_filter_params,
    db_option,
    format_option,
    open_reading,
    options_from,
)
from techlead.core.errors import TechleadError
from techlead.core.model import Entity, Options, Result
from techlead.render.base import Format, render
from techlead.warehouse.policy import policy_of

SCORE_NOTE = (
    "health = 10 - the sum over biomarkers of weight × min(1, findings / saturation), at "
    "least 1 (docs/metrics.md, Code health)"
)


class FileRow(NamedTuple):
    rank: int
    entity: Entity
    language: str
    health: float
    loc: int
    revisions: int
    biomarkers: Any  # table/CSV: the biomarkers found; JSON: every biomarker


class GroupRow(NamedTuple):
    rank: int
    entity: Entity | str
    files: int
    unscored: int
    loc: int
    average_health: float | None
    hotspot_health: float | None
    worst: Entity | None
    worst_health: float | None
    biomarkers: Any  # table/CSV: the findings per biomarker; JSON: every biomarker


@click.command("health")
@click.option(
    "--by",
    type=click.Choice(BY),
    default="file",
    show_default=True,
    help="Per file, or rolled up per component, repository or team.",
)
@click.option(
    "--team",
    "teams",
    multiple=True,
    help="Only files this team changed in the window; --by team: only this team (repeatable).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Only the N least healthy rows (default: all).",
)
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV)
def health_command(
    by: str, teams: tuple[str, ...], top: int | None, db: Path | None, fmt: str, **filters: Any
) -> None:
    """Code health of each file at HEAD (or as of --until), least healthy first: 10.0 minus what its
    biomarkers cost (brain method, complex method, deep nesting, bumpy road, complex
    conditionals, excess parameters, large method, duplicated functions, large file, many
    functions, low cohesion, deep global nesting), thresholds from [policy.health]. --by
    component/repo/team: average health (weighted by lines of code) and hotspot health
    (weighted by commits in --since/--until), with the worst file. Definitions:
    docs/health.md and docs/metrics.md.

    Examples: techlead health --top 20 ; techlead health --by component ;
    techlead health --by team --since 2025-01-01 --format json
    """
    options = options_from(filters)
    con = open_reading(db, options.repos, options.components)
    try:
        known_names(con, options)
        result = health_result(con, replace(options, limit=None), by, teams)
        said = caveats.for_options(con, options, options.until or moment(con))
        if options.until is not None:
            notes, lacking = as_of.described(con, options.until, options.repos)
            result = replace(result, notes=(*notes, *result.notes))
            said = (*lacking, *said)
    finally:
        con.close()
    limit = min(n for n in (top, options.limit, len(result.rows)) if n is not None)
    rows = [_shown(row, Format(fmt)) for row in result.rows[:limit]]
    render(replace(result, rows=rows, caveats=said), Format(fmt))


health_command.params[:0] = common_filter_params()


def health_result(con: Any, options: Options, by: str, teams: tuple[str, ...]) -> Result[Any]:
    """The rows of ``techlead health`` (biomarkers still as Markers or counts)."""
    policy = policy_of(con)
    files = file_health(con, options, policy)
    changed = team_revisions(con, options) if teams or by == "team" else []
    if teams:
        known = sorted({team for team, *_ in changed})
        unknown = [team for team in teams if team not in known]
        if unknown:
            raise TechleadError(
                f"no change by team {unknown[0]!r} in the window "
                f"(teams: {', '.join(known) or 'none'})"
            )
        changed = [row for row in changed if row[0] in teams]
        mine = {(repo, path) for _, repo, path, _ in changed}
        files = [f for f in files if (f.repo, f.path) in mine]
    notes = [SCORE_NOTE, *_unscored(files), *policy_notes(policy)]
    if by == "file":
        scored = sorted(
            (f for f in files if f.health is not None),
            key=lambda f: (f.health, -f.revisions, str(f.entity)),
        )
        rows: list[Any] = [
            FileRow(i, f.entity, f.language, f.health or 0.0, f.code, f.revisions, f.markers)
            for i, f in enumerate(scored, start=1)
        ]
        return Result.of("health", FileRow, rows, notes)
    groups = aggregate(files, by, changed)
    if by == "team" and teams:
        groups = [g for g in groups if g.name in teams]
    rows = [_group_row(i, g) for i, g in enumerate(groups, start=1)]
    return Result.of("health", GroupRow, rows, notes)


def _group_row(rank: int, g: GroupHealth) -> GroupRow:
    return GroupRow(
        rank,
        g.name,
        g.files,
        g.unscored,
        g.code,
        g.average,
        g.hotspot,
        g.worst,
        g.worst_health,
        g.findings,
    )


def _unscored(files: list[FileHealth]) -> list[str]:
    counts = Counter(f.language for f in files if f.health is None)
    return [
        f"not scored: no grammar for {language} ({n} file{'s' if n != 1 else ''})"
        for language, n in sorted(counts.items())
    ]


def _shown(row: Any, fmt: Format) -> Any:
    """Scores rounded to one decimal, biomarkers in the format's shape."""
    if isinstance(row, FileRow):
        markers: tuple[Marker, ...] = row.biomarkers
        if fmt is Format.JSON:
            shown: Any = {
                m.name: {
                    "findings": m.findings,
                    "deduction": round(m.deduction, 2),
                    "where": list(m.where),
                }
                for m in markers
            }
        else:
            shown = ", ".join(
                f"{LABELS[m.name]} {m.findings} (-{m.deduction:.2f})" for m in markers if m.findings
            )
        return row._replace(health=round(row.health, 1), biomarkers=shown)
    findings: dict[str, int] = row.biomarkers
    return row._replace(
        average_health=_round(row.average_health),
        hotspot_health=_round(row.hotspot_health),
        worst_health=_round(row.worst_health),
        biomarkers=findings
        if fmt is Format.JSON
        else ", ".join(f"{LABELS[name]} {n}" for name, n in findings.items() if n),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
