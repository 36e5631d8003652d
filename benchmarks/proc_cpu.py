"""CPU time per process of a command's whole tree, by role, sampled from /proc.

A scan spreads its work over several processes (techlead, its ``git log`` processes, the
measuring workers of multiprocessing's forkserver, which the scan does not wait for and
``wait4`` therefore does not count). Summing them gives the CPU a scan needs, and with
it a floor no scheduling can beat: on C cores a command that needs T seconds of CPU
takes at least T / C seconds.

Each sample reads user + system time of every live descendant; a process's last sample
stands for its total, so up to one interval of each process's CPU (and processes that
live less than one interval) go uncounted: the sums are lower bounds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2 :].split()  # the name (field 2) may hold spaces
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime


def _argv(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        return []


def role(argv: list[str], root: bool) -> str:
    """What a process of a scan's tree does, from its command line."""
    if root:
        return "techlead"
    if not argv:
        return "other"
    if os.path.basename(argv[0]) != "git":
        if any("multiprocessing" in a for a in argv):
            return "measuring workers"
        return os.path.basename(argv[0])
    words = iter(argv[1:])
    sub = "git"
    for word in words:
        if word in ("-c", "-C"):
            next(words, None)  # the option's value
        elif not word.startswith("-"):
            sub = word
            break
    rest = argv[argv.index(sub) + 1 :] if sub in argv else []
    if sub != "log":
        return f"git {sub}"
    if "--first-parent" in rest:
        return "git log: main line"
    if "-z" in rest:
        return "git log: history"
    if "-p" in rest:
        return "git log: merges' diffs"
    return "git log: other"


class CpuBook:
    """The last CPU time seen of every process of a tree, and its role."""

    def __init__(self, root: int) -> None:
        self.root = root
        self._last: dict[int, tuple[str, float]] = {}

    def sample(self, pids: Iterable[int]) -> None:
        for pid in pids:
            cpu = _cpu_s(pid)
            if cpu is None:
                continue
            known = self._last.get(pid)
            name = known[0] if known else role(_argv(pid), pid == self.root)
            self._last[pid] = (name, cpu)

    def by_role(self) -> dict[str, float]:
        """CPU seconds per role, the largest first."""
        sums: dict[str, float] = {}
        for name, cpu in self._last.values():
            sums[name] = sums.get(name, 0.0) + cpu
        return dict(sorted(sums.items(), key=lambda item: -item[1]))
