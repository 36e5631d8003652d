"""Weighted decision matrices with must-haves and a sensitivity analysis.

The file (TOML)::

    title = "Choose a message broker"
    scale = [1, 5]            # scores run from 1 (worst) to 5 (best); the default
    margin = 0.25             # robust when no weight must change by less than 25%

    [[criteria]]
    name = "Throughput"
    weight = 3
    [[criteria]]
    name = "Running cost"
    weight = 2
    direction = "cost"        # a lower score is better (default "benefit")

    [[must]]
    name = "Runs on-premises"

    [[options]]
    name = "Kafka"
    scores = { "Throughput" = 5, "Running cost" = 4 }
    meets = ["Runs on-premises"]

**Score.** A criterion's value is its score (``benefit``) or ``low + high − score``
(``cost``); an option's weighted score is Σ wᵢ·vᵢ / Σ wᵢ. Options that fail a must-have
(do not list it in ``meets``) are out, with the reason.

**Sensitivity.** For criterion c with weight w_c, the other weights fixed, option o
overtakes the winner when A_o + w·v_oc > A_win + w·v_win,c (A = the weighted sum over the
other criteria), i.e. past w* = (A_win − A_o) / (v_oc − v_win,c) when that is ≥ 0. The
smallest |w* − w_c| over the options is the change that would alter the winner, also given
relative to w_c. The decision is **robust** when every criterion needs a relative change
of at least ``margin`` (or none can alter it; a criterion of weight 0 has no relative
change and does not count).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from techlead.core.errors import DecisionError
from techlead.core.toml_files import read_toml


class MatrixError(DecisionError):
    pass


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Fraction
    cost: bool


@dataclass(frozen=True)
class Option:
    name: str
    scores: dict[str, Fraction]
    meets: frozenset[str]


@dataclass(frozen=True)
class Matrix:
    title: str
    low: Fraction
    high: Fraction
    margin: Fraction
    criteria: tuple[Criterion, ...]
    musts: tuple[str, ...]
    options: tuple[Option, ...]

    def value(self, option: Option, criterion: Criterion) -> Fraction:
        score = option.scores[criterion.name]
        return self.low + self.high - score if criterion.cost else score


@dataclass(frozen=True)
class Ranked:
    option: Option
    score: Fraction | None  # None when out
    out_reason: str | None


@dataclass(frozen=True)
class Sensitivity:
    criterion: Criterion
    threshold: Fraction | None  # the weight past which the winner changes (None: never)
    challenger: str | None

    @property
    def change(self) -> Fraction | None:
        return None if self.threshold is None else self.threshold - self.criterion.weight

    @property
    def relative(self) -> Fraction | None:
        if self.change is None or self.criterion.weight == 0:
            return None
        return abs(self.change) / self.criterion.weight


def load(path: Path) -> Matrix:
    try:
        doc = read_toml(path)
    except (RecursionError, ValueError) as exc:  # 100,000 brackets; a 5,000-digit number
        said = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise MatrixError(f"{path}: invalid TOML: {said.splitlines()[0]}") from None
    return parse(doc, str(path))


def _number(value: Any, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MatrixError(f"{where} must be a number, not {value!r:.40}")
    if isinstance(value, float) and not math.isfinite(value):
        raise MatrixError(f"{where} must be a finite number, not {value}")
    return Fraction(str(value))


def _tables(doc: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """``[[key]]``: a list of tables (absent: none)."""
    items = doc.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise MatrixError(f"{where}: '{key}' must be an array of tables ([[{key}]])")
    return items


def _name(item: dict[str, Any], what: str, where: str, seen: set[str]) -> str:
    """The item's ``name``: a string, not one seen before."""
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MatrixError(f"{where}: every [[{what}]] needs a 'name' string")
    if name in seen:
        raise MatrixError(f"{where}: {what} {name!r} appears twice")
    seen.add(name)
    return name


def _criteria(doc: dict[str, Any], where: str) -> list[Criterion]:
    criteria = []
    seen: set[str] = set()
    for item in _tables(doc, "criteria", where):
        name = _name(item, "criteria", where, seen)
        direction = item.get("direction", "benefit")
        if direction not in ("benefit", "cost"):
            raise MatrixError(f"{where}: criterion {name!r}: direction must be benefit or cost")
        weight = _number(item.get("weight", 1), f"{where}: criterion {name!r}: weight")
        if weight < 0:
            raise MatrixError(f"{where}: criterion {name!r}: weight must not be negative")
        criteria.append(Criterion(name, weight, direction == "cost"))
    if not criteria or sum(c.weight for c in criteria) == 0:
        raise MatrixError(f"{where}: needs [[criteria]] with a positive total weight")
    return criteria


def _option(item: dict[str, Any], matrix: tuple[Fraction, Fraction, list[Criterion]],
            where: str, seen: set[str]) -> Option:  # fmt: skip
    low, high, criteria = matrix
    name = _name(item, "options", where, seen)
    given = item.get("scores", {})
    if not isinstance(given, dict):
        raise MatrixError(f"{where}: option {name!r}: 'scores' must be a table of criteria")
    scores = {}
    for criterion in criteria:
        if criterion.name not in given:
            raise MatrixError(f"{where}: option {name!r} has no score for {criterion.name!r}")
        score = _number(given[criterion.name], f"{where}: option {name!r}: score for "
                        f"{criterion.name!r}")  # fmt: skip
        if not low <= score <= high:
            raise MatrixError(
                f"{where}: option {name!r}: score {score} for {criterion.name!r} is outside "
                f"the scale {low}..{high}"
            )
        scores[criterion.name] = score
    unknown = set(given) - {c.name for c in criteria}
    if unknown:
        raise MatrixError(f"{where}: option {name!r} scores unknown criteria: {sorted(unknown)}")
    meets = item.get("meets", [])
    if not isinstance(meets, list) or not all(isinstance(m, str) for m in meets):
        raise MatrixError(f"{where}: option {name!r}: 'meets' must be a list of must-have names")
    return Option(name, scores, frozenset(meets))


def parse(doc: dict[str, Any], where: str) -> Matrix:
    scale = doc.get("scale", [1, 5])
    if not isinstance(scale, list) or len(scale) != 2:
        raise MatrixError(f"{where}: 'scale' must be [low, high]")
    low, high = _number(scale[0], f"{where}: scale"), _number(scale[1], f"{where}: scale")
    if low >= high:
        raise MatrixError(f"{where}: 'scale' must be [low, high] with low below high")
    criteria = _criteria(doc, where)
    named: set[str] = set()
    musts = tuple(_name(m, "must", where, named) for m in _tables(doc, "must", where))
    seen: set[str] = set()
    options = [_option(item, (low, high, criteria), where, seen)
               for item in _tables(doc, "options", where)]  # fmt: skip
    if len(options) < 2:
        raise MatrixError(f"{where}: needs at least two [[options]]")
    margin = _number(doc.get("margin", 0.25), f"{where}: margin")
    if margin < 0:
        raise MatrixError(f"{where}: margin must not be negative (0.25 is 25%)")
    title = doc.get("title", "Decision")
    if not isinstance(title, str):
        raise MatrixError(f"{where}: 'title' must be a string")
    return Matrix(title, low, high, margin, tuple(criteria), musts, tuple(options))


def weighted(
    matrix: Matrix, option: Option, weights: dict[str, Fraction] | None = None
) -> Fraction:
    w = weights or {c.name: c.weight for c in matrix.criteria}
    total = sum(w.values())
    return sum((w[c.name] * matrix.value(option, c) for c in matrix.criteria), Fraction(0)) / total


def rank(matrix: Matrix) -> list[Ranked]:
    ranked = []
    for option in matrix.options:
        missing = [m for m in matrix.musts if m not in option.meets]
        if missing:
            ranked.append(Ranked(option, None, "fails must-have: " + ", ".join(missing)))
        else:
            ranked.append(Ranked(option, weighted(matrix, option), None))
    return sorted(ranked, key=lambda r: (r.score is None, -(r.score or 0), r.option.name))


def sensitivity(matrix: Matrix) -> list[Sensitivity]:
    ranked = [r for r in rank(matrix) if r.score is not None]
    if len(ranked) < 2:
        return [Sensitivity(c, None, None) for c in matrix.criteria]
    winner = ranked[0].option
    found = []
    for criterion in matrix.criteria:
        best: tuple[Fraction, Fraction, str] | None = None
        for other in (r.option for r in ranked[1:]):
            rest_win = _rest(matrix, winner, criterion)
            rest_other = _rest(matrix, other, criterion)
            slope = matrix.value(other, criterion) - matrix.value(winner, criterion)
            if slope == 0:
                continue
            threshold = (rest_win - rest_other) / slope
            if threshold < 0:
                continue
            distance = abs(threshold - criterion.weight)
            if best is None or distance < best[0]:
                best = (distance, threshold, other.name)
        found.append(Sensitivity(criterion, best[1] if best else None, best[2] if best else None))
    return found


def _rest(matrix: Matrix, option: Option, skip: Criterion) -> Fraction:
    return sum(
        (c.weight * matrix.value(option, c) for c in matrix.criteria if c is not skip), Fraction(0)
    )


def robust(matrix: Matrix) -> bool:
    return all(s.relative is None or s.relative >= matrix.margin for s in sensitivity(matrix))


def _figure(value: Fraction) -> str:
    return f"{float(value):.2f}"


def notes(matrix: Matrix) -> list[str]:
    """The sensitivity analysis and the robustness verdict, one sentence each."""
    lines = []
    for s in sensitivity(matrix):
        c = s.criterion
        if s.threshold is None or s.relative is None:
            lines.append(f"{c.name} (weight {_figure(c.weight)}): no change of its weight "
                         "alters the winner")  # fmt: skip
            continue
        way = "rises above" if s.threshold > c.weight else "falls below"
        lines.append(
            f"{c.name} (weight {_figure(c.weight)}): {s.challenger} wins if its weight {way} "
            f"{_figure(s.threshold)} ({float(s.change or 0):+.2f}, {float(s.relative):.0%})"
        )
    verdict = "robust" if robust(matrix) else "not robust"
    lines.append(
        f"the decision is {verdict}: a single weight must change by at least "
        f"{float(matrix.margin):.0%} to alter it"
        if verdict == "robust"
        else f"the decision is {verdict}: a weight change under {float(matrix.margin):.0%} "
        "alters the winner"
    )
    return lines


def madr_draft(matrix: Matrix, source: str, today: str) -> str:
    """A draft MADR record of the decision: options, pros and cons from the scores, and
    the chosen option."""
    ranked = rank(matrix)
    inside = [r.option for r in ranked if r.score is not None]
    winner = ranked[0]
    lines = [
        "---",
        "status: proposed",
        f"date: {today}",
        "decision-makers: []",
        "---",
        f"# {matrix.title}",
        "",
        "## Context and Problem Statement",
        "",
        f"Options were scored against weighted criteria in `{source}` "
        f"({', '.join(f'{c.name} ×{_figure(c.weight)}' for c in matrix.criteria)}).",
        "",
        "## Considered Options",
        "",
        *(f"* {r.option.name}" for r in ranked),
        "",
        "## Decision Outcome",
        "",
        f'Chosen option: "{winner.option.name}", because it has the highest weighted score '
        f"({_figure(winner.score or Fraction(0))} on a scale of {_figure(matrix.low)} to "
        f"{_figure(matrix.high)}).",
        "",
        *(f"* {line}" for line in notes(matrix)),
        "",
        "## Pros and Cons of the Options",
    ]
    for r in ranked:
        lines += ["", f"### {r.option.name}", ""]
        if r.out_reason:
            lines.append(f"* Bad, because it {r.out_reason.replace('fails', 'fails the')}")
            continue
        for c in matrix.criteria:
            values = [matrix.value(o, c) for o in inside]
            mine = matrix.value(r.option, c)
            score = _figure(r.option.scores[c.name])
            if mine == max(values) and mine != min(values):
                lines.append(f"* Good, because of {c.name} ({score})")
            elif mine == min(values) and mine != max(values):
                lines.append(f"* Bad, because of {c.name} ({score})")
            else:
                lines.append(f"* Neutral, because of {c.name} ({score})")
    return "\n".join(lines) + "\n"
