"""Analyses over the warehouse: one module each, one registry.

Every module exposes ``ANALYSIS`` (techlead.analyses.base.Analysis); its ``run(con,
options, params)`` returns a Result of typed rows that any renderer prints. The registry
also gives the CLI its commands.
"""

from __future__ import annotations

from typing import Any

from techlead.analyses import (
    activity,
    age,
    authors,
    churn,
    communication,
    complexity,
    complexity_trend,
    contributors,
    coupling,
    effort,
    files,
    fragmentation,
    hotspots,
    knowledge,
    log,
    ownership,
    people,
    repositories,
    revisions,
    soc,
    summary,
    teams,
    truck_factor,
)
from techlead.analyses.base import Analysis

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
    )
}
