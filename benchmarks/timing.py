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


def compile_techlead() -> None:
    """Compile techlead's modules to bytecode, as ``pip install`` does: an editable install
    in an environment with PYTHONDONTWRITEBYTECODE=1 (like the one these benchmarks were
    first run in) never writes them, and then every command compiles every module it
    imports before doing anything (~0.15 s of a pytest re-scan's 0.68 s)."""
    import importlib.util
    import subprocess
    import sys

    spec = importlib.util.find_spec("techlead")
    if spec is None or not spec.submodule_search_locations:
        return  # not installed: the benchmark's own check says so
    for folder in spec.submodule_search_locations:
        # a folder this user cannot write to (a system-wide install) keeps what it has
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder],
                       capture_output=True, check=False)  # fmt: skip
