"""Analyses over the warehouse: one module each, one registry.

Every module exposes ``ANALYSIS`` (techlead.analyses.base.Analysis); its ``run(con,
options, params)`` returns a Result of typed rows that any renderer prints. The registry
also gives the CLI its commands.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import duckdb

from techlead.analyses import (
    activity,
    age,
    align,
    as_of,
    authors,
    caveats,
    churn,
    codeowners,
    codeowners_suggest,
    communication,
    complexity,
    complexity_trend,
    contributors,
    coupling,
    delivery,
    doc_coverage,
    effort,
    files,
    fragmentation,
    freshness,
    hotspots,
    knowledge,
    log,
    mailmap,
    mentoring,
    ownership,
    people,
    profile,
    releases,
    repositories,
    review,
    revisions,
    skills,
    soc,
    summary,
    teams,
    truck_factor,
)
from techlead.analyses.base import Analysis, Params
from techlead.analyses.moment import moment
from techlead.core.model import Options, Result

REGISTRY: dict[str, Analysis[Any, Any]] = {
    module.ANALYSIS.name: module.ANALYSIS
    for module in (
        summary,
        revisions,
        authors,
        churn,
        age,
        ownership,
        fragmentation,
        effort,
        communication,
        coupling,
        soc,
        complexity,
        complexity_trend,
        hotspots,
        truck_factor,
        knowledge,
        teams,
        repositories,
        activity,
        people,
        contributors,
        log,
        files,
        freshness,
        codeowners,
        codeowners_suggest,
        mailmap,
        mentoring,
        skills,
        align,
        profile,
        doc_coverage,
        releases,
        delivery,
        review,
    )
}


def run(
    con: duckdb.DuckDBPyConnection, analysis: Analysis[Any, Any], options: Options, params: Params
) -> Result[Any]:
    """Run ``analysis`` and attach the caveats of the history behind it (shallow or
    partial clones, stale clones), measured to --until or the last scan's moment."""
    result = analysis.run(con, options, params)
    now = options.until or moment(con)
    said = caveats.for_options(con, options, now)
    if options.until is None:
        return replace(result, caveats=said)
    notes, lacking = as_of.described(con, options.until, options.repos)
    return replace(result, notes=(*notes, *result.notes), caveats=(*lacking, *said))
