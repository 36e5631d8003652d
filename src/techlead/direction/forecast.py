"""Forecasting a key result and judging its status (docs/direction.md "Goals").

Pure arithmetic, no warehouse: a least-squares line through the history, its value at the
deadline with a 95 % prediction band, and the rules that turn the numbers into a status.
Time is counted in months (``month_number``), so monthly history points sit one apart.
"""

from __future__ import annotations

import math
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

MIN_POINTS = 4  # fewer points than this are too short a history to forecast
Z95 = 1.96  # the band is the prediction ± 1.96 standard errors (95 %)
TREND_POINTS = 4  # the trend compares the last point with the one three before it


@dataclass(frozen=True)
class Fit:
    """y = intercept + slope × x, with what the prediction band needs."""

    intercept: float
    slope: float
    points: int
    residual_se: float  # sqrt(sum of squared residuals / (n - 2))
    mean_x: float
    sxx: float  # sum of (x - mean_x)²

    def at(self, x: float) -> tuple[float, float]:
        """The line's value at ``x`` and the half-width of the 95 % prediction band there:
        1.96 × se × sqrt(1 + 1/n + (x - mean_x)² / sxx)."""
        spread = 1 + 1 / self.points + (x - self.mean_x) ** 2 / self.sxx
        return self.intercept + self.slope * x, Z95 * self.residual_se * math.sqrt(spread)


@dataclass(frozen=True)
class Forecast:
    value: float | None  # the line at the deadline; None when there is no forecast
    low: float | None
    high: float | None
    note: str  # why there is no forecast ("" when there is one)


def month_number(day: date) -> float:
    """Months since year 0: whole at the first of a month, fractional in between."""
    return day.year * 12 + day.month - 1 + (day.day - 1) / monthrange(day.year, day.month)[1]


def fit(xs: list[float], ys: list[float]) -> Fit | None:
    """The least-squares line through the points; None for fewer than MIN_POINTS or when
    every x is the same."""
    n = len(xs)
    if n < MIN_POINTS:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    squares = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return Fit(intercept, slope, n, math.sqrt(squares / (n - 2)), mean_x, sxx)


def forecast(points: list[tuple[date, float]], deadline: date, current: float | None,
             target: float) -> Forecast:  # fmt: skip
    """The forecast at the deadline from the points, or why there is none: fewer than
    MIN_POINTS ("too short"), or a band wider than the distance from the current value to
    the target ("too noisy": the history cannot tell whether the target will be reached)."""
    found = fit([month_number(d) for d, _ in points], [v for _, v in points])
    if found is None:
        return Forecast(None, None, None, f"history too short to forecast ({len(points)} "
                        f"points, {MIN_POINTS} needed)")  # fmt: skip
    value, half = found.at(month_number(deadline))
    distance = abs(target - current) if current is not None else math.inf
    if 2 * half > distance:
        return Forecast(None, None, None, f"too noisy to forecast (band ±{half:.3g} is wider "
                        f"than the distance {distance:.3g} to the target)")  # fmt: skip
    return Forecast(round(value, 3), round(value - half, 3), round(value + half, 3), "")


def meets(value: float, target: float, better: str) -> bool:
    return value >= target if better == "higher" else value <= target


def status(current: float | None, target: float, better: str, passed: bool,
           ahead: Forecast) -> str:  # fmt: skip
    """met | missed | on track | off track | at risk (the rules of docs/direction.md)."""
    if current is not None and meets(current, target, better):
        return "met"
    if passed:
        return "missed"
    if ahead.value is None or ahead.low is None or ahead.high is None:
        return "at risk"
    if meets(ahead.value, target, better):
        return "on track"
    best = ahead.high if better == "higher" else ahead.low
    return "at risk" if meets(best, target, better) else "off track"


def progress(baseline: float | None, current: float | None, target: float,
             better: str) -> float | None:  # fmt: skip
    """The share of the way from the baseline to the target, in % (may pass 100 or go
    below 0); a target equal to the baseline is 100 % while it is met, else 0 %."""
    if baseline is None or current is None:
        return None
    if target == baseline:
        return 100.0 if meets(current, target, better) else 0.0
    return round(100 * (current - baseline) / (target - baseline), 1)


def trend(values: list[float], better: str) -> str:
    """improving | worsening | flat: the last value against the one TREND_POINTS - 1
    before it (or the first); unknown with fewer than two values."""
    if len(values) < 2:
        return "unknown"
    change = values[-1] - values[-min(TREND_POINTS, len(values))]
    if change == 0:
        return "flat"
    return "improving" if (change > 0) == (better == "higher") else "worsening"
