"""Analyses over the warehouse: one module each, one registry.

Every module exposes ``ANALYSIS`` (techlead.analyses.base.Analysis); its ``run(con,
options)`` returns a Result that any renderer prints. The registry also gives the CLI
its commands and the "valid analyses are ..." error.
"""

from __future__ import annotations

from techlead.analyses import (
    age,
    authors,
    churn,
    communication,
    complexity,
    complexity_trend,
    coupling,
    effort,
    fragmentation,
    hotspots,
    knowledge,
    ownership,
    revisions,
    soc,
    summary,
    teams,
    truck_factor,
)
from techlead.analyses.base import Analysis
from techlead.core.errors import TechleadError

REGISTRY: dict[str, Analysis] = {
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
    )
}


def get(name: str) -> Analysis:
    try:
        return REGISTRY[name]
    except KeyError:
        valid = ", ".join(sorted(REGISTRY))
        raise TechleadError(f"unknown analysis {name!r} (valid analyses are: {valid})") from None
