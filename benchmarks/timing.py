"""What the benchmarks share: the best of several timed runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(repeat: int, run: Callable[[], object]) -> float:
    """The shortest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)
