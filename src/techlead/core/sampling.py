"""Which revisions of a file a complexity trend measures and compares: the rules the scan
records samples by and the analysis reads them by (docs/metrics.md, complexity-trend)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from fractions import Fraction

SAMPLES = 12  # revisions measured per file (plus the baseline)


def recorded_indexes(count: int, samples: int = SAMPLES) -> list[int]:
    """The indexes of the revisions a scan measures, of ``count`` (see the module doc)."""
    if count <= samples:
        return list(range(count))
    stride = 2
    while (count - 1) // stride + 2 > samples:
        stride *= 2
    return sorted({*range(0, count, stride), count - 1})


def sample_indexes(count: int, samples: int) -> list[int]:
    """Indexes of ``samples`` items spread evenly over ``count``: all of them when
    count ≤ samples, else floor(i × (count − 1) / (samples − 1) + ½) for i = 0 …
    samples − 1, so the first and the last are always in."""
    if count <= samples:
        return list(range(count))
    if samples == 1:
        return [count - 1]
    return sorted(
        {
            math.floor(Fraction(i * (count - 1), samples - 1) + Fraction(1, 2))
            for i in range(samples)
        }
    )


def baseline_index(times: Sequence[datetime], window: timedelta) -> int:
    """The index of the latest time at least ``window`` before the last (times in
    order), else 0."""
    if not times:
        return 0
    older = [i for i, when in enumerate(times) if when <= times[-1] - window]
    return older[-1] if older else 0
