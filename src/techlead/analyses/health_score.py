"""The code health score of one file, from the counts of its biomarkers (pure: no SQL).

A file starts at 10.0 and loses, for each biomarker, ``weight × min(1, findings /
saturation)`` points; the score is never below 1.0. The weight (the policy's
``health_weight_*``) says how much a biomarker can cost at most; the saturation (here, one
per biomarker) says how many findings cost all of it: one brain method costs its whole
weight, the third complex method does. Every threshold and weight, and why, is in
docs/metrics.md ("Code health"); the thresholds that decide what a finding is are the
policy's, per language (core.policy.for_language), applied in SQL by analyses.health.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from techlead.core.policy import Policy

__all__ = [
    "BEST",
    "BIOMARKERS",
    "LABELS",
    "WORST",
    "Biomarker",
    "Marker",
    "deduction",
    "rule",
    "score",
]

BEST = 10.0
WORST = 1.0


@dataclass(frozen=True)
class Biomarker:
    name: str  # the key in JSON output and in the per-file counts
    label: str  # how a table names it
    level: str  # "function" or "file"
    weight: str  # the Policy field holding its weight
    saturation: int  # findings that cost the whole weight
    rule: str  # what one finding is (docs and --help say it from the policy's values)


# In the order outputs list them: function-level first, the most serious first.
BIOMARKERS: tuple[Biomarker, ...] = (
    Biomarker("brain_method", "brain method", "function", "health_weight_brain_method", 1,
              "a function that is a large method, a complex method and deeply nested, and "
              "binds more than {health_brain_variables} local variables"),
    Biomarker("complex_method", "complex method", "function", "health_weight_complex_method", 3,
              "a function of cyclomatic complexity above {complexity_limit}"),
    Biomarker("deep_nesting", "deep nesting", "function", "health_weight_deep_nesting", 3,
              "a function whose control structures nest more than {health_deep_nesting} deep"),
    Biomarker("bumpy_road", "bumpy road", "function", "health_weight_bumpy_road", 3,
              "a function with more than {health_bumpy_road} separate chunks of nested "
              "conditional logic"),
    Biomarker("complex_conditional", "complex conditional", "function",
              "health_weight_complex_conditional", 5,
              "a branch or loop condition with two or more logical operators"),
    Biomarker("excess_parameters", "excess parameters", "function",
              "health_weight_excess_parameters", 5,
              "a function taking more than {health_excess_parameters} parameters"),
    Biomarker("large_method", "large method", "function", "health_weight_large_method", 3,
              "a function longer than {health_large_method} lines"),
    Biomarker("duplication", "duplicated function", "function", "health_weight_duplication", 4,
              "a function of at least {health_duplicate_lines} lines with the syntax tree "
              "shape and the length of another function of the repository"),
    Biomarker("large_file", "large file", "file", "health_weight_large_file", 1,
              "more than {health_large_file} lines of code"),
    Biomarker("many_functions", "many functions", "file", "health_weight_many_functions", 1,
              "more than {health_many_functions} functions"),
    Biomarker("low_cohesion", "low cohesion", "file", "health_weight_low_cohesion", 2,
              "a class whose methods form more than {health_low_cohesion} unconnected groups "
              "(LCOM4)"),
    Biomarker("global_nesting", "deep global nesting", "file", "health_weight_global_nesting", 1,
              "control structures outside functions nesting more than "
              "{health_global_nesting} deep"),
)  # fmt: skip


LABELS: dict[str, str] = {b.name: b.label for b in BIOMARKERS}  # how a reader names each


@dataclass(frozen=True)
class Marker:
    """One biomarker of one file: its findings, the points they cost, and where (the
    functions or classes found, in line order; empty for file-level size markers)."""

    name: str
    findings: int
    deduction: float
    where: tuple[str, ...] = ()


def deduction(biomarker: Biomarker, findings: int, policy: Policy) -> float:
    """The points ``findings`` of ``biomarker`` cost: weight × min(1, findings / saturation)."""
    weight = float(getattr(policy, biomarker.weight))
    return weight * min(1.0, findings / biomarker.saturation)


def score(
    findings: Mapping[str, int],
    policy: Policy,
    where: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[float, tuple[Marker, ...]]:
    """The file's health (10.0 down to 1.0, unrounded) and every biomarker's marker, in
    BIOMARKERS order (a biomarker absent from ``findings`` has none)."""
    markers = tuple(
        Marker(b.name, findings.get(b.name, 0), deduction(b, findings.get(b.name, 0), policy),
               (where or {}).get(b.name, ()))
        for b in BIOMARKERS
    )  # fmt: skip
    return max(WORST, BEST - sum(m.deduction for m in markers)), markers


def rule(biomarker: Biomarker, policy: Policy) -> str:
    """The biomarker's rule in words, with the policy's thresholds in it."""
    return biomarker.rule.format(**policy.values())
