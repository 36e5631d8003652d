#!/usr/bin/env python3
"""Time ``techlead scan`` against raw ``git log`` on the same repository.

Usage::

    python benchmarks/bench_scan.py [REPO_PATH] [--commits 20000] [--jobs N]
                                    [--repeat 3] [--json]

Run it with the interpreter that has techlead installed (for example
``.venv/bin/python benchmarks/bench_scan.py``): techlead is started as
``sys.executable -m techlead``.

Without REPO_PATH a synthetic repository is generated with ``synth_repo.py`` into
``benchmarks/out/synth-<commits>`` (reused when it exists with the same parameters).

techlead's modules are compiled to bytecode first (``timing.compile_techlead``), as
``pip install`` does. Each measurement runs as its own child process; the best wall time
of ``--repeat`` runs is reported. Timed runs are not sampled (reading /proc while a
2-core machine is busy would slow what is measured); memory comes from one extra, sampled
run of each command:

* ``git log``  - ``git -C REPO log --numstat -M`` with stdout to /dev/null: HEAD's history,
  what the default scan mines (before 2026-12-06 the baseline took ``--all``, every
  branch and tag: 7% more commits on pytest-dev/pytest, the same on the synthetic one);
* ``full scan`` - ``techlead scan REPO --db TMP/bench.duckdb --quiet --jobs N`` on a
  fresh database each repetition;
* ``re-scan``  - the same command again on the existing database (nothing new).

The target of issue 17 is for the default scan (code health included: every file at HEAD
measured with tree-sitter, the trend samples of the hotspots, the refresh of the risk
register and the standards). ``--no-complexity`` is passed on to techlead scan when given:
history and line counts only, the older target's scope. ``cpu s`` is the user + system
time of the command and every process it waited for (git; not the measuring workers,
children of multiprocessing's forkserver): on a shared 2-core machine it is steadier than
wall time. The sampled run also sums the CPU of every process of the scan's tree by role
(``proc_cpu.py``: techlead, each kind of ``git log``, the measuring workers) and divides
it by the usable cores: the least wall time that work can take on this machine, whatever
runs in parallel, as a ratio to git log's wall time.

Peak memory is shown two ways: ``peak MB`` is the high-water mark (VmHWM) of the
measured process itself, i.e. techlead without the git processes it starts; ``tree MB``
is the largest sum of memory over the process and all its concurrently running
descendants (e.g. ``--jobs`` git processes), sampled from /proc every 50 ms using PSS, so
shared pages are split between processes rather than counted once per process (RSS
where PSS is not available). Sampling can miss short spikes. The memory target is
checked against ``peak MB``: git's own memory is not techlead's to spend (``git log``
alone needs about 400 MB on 100,000 commits), and ``tree MB`` shows the total.

Targets (PASS/FAIL columns): full scan <= 1.3x the git baseline, re-scan < 1 s,
peak memory < 400 MB. The exit code is 0 whether targets pass or fail; it is 1 only
when a command fails (its stderr is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proc_cpu import CpuBook
from timing import compile_techlead

HERE = Path(__file__).resolve().parent
FULL_RATIO_TARGET = 1.3
RESCAN_TARGET_S = 1.0
MEMORY_TARGET_MB = 400.0
SAMPLE_INTERVAL_S = 0.05


class CommandFailed(Exception):
    """A measured command exited with a non-zero status."""

    def __init__(self, label: str, cmd: Sequence[str], status: int, stderr: str) -> None:
        super().__init__(f"{label} failed")
        self.label = label
        self.cmd = list(cmd)
        self.status = status
        self.stderr = stderr


@dataclass
class Run:
    """One execution of a command."""

    wall_s: float
    maxrss_mb: float | None  # None for timed (unsampled) runs
    tree_mb: float | None
    cpu_s: float = 0.0  # user + system, the process and the children it waited for
    # sampled runs: CPU seconds of every process of the tree by role (proc_cpu), waited
    # for or not (the measuring workers are not)
    cpu_by_role: dict[str, float] | None = None


@dataclass
class Measurement:
    """All repetitions of one command."""

    label: str
    cmd: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def best_s(self) -> float:
        timed = [r.wall_s for r in self.runs if r.maxrss_mb is None]
        return min(timed or [r.wall_s for r in self.runs])

    @property
    def cpu_s(self) -> float:
        return min((r.cpu_s for r in self.runs), default=0.0)

    @property
    def peak_mb(self) -> float:
        return max((r.maxrss_mb for r in self.runs if r.maxrss_mb is not None), default=0.0)

    @property
    def cpu_by_role(self) -> dict[str, float]:
        """Every process's CPU by role, from the sampled run (empty without one)."""
        return next((r.cpu_by_role for r in self.runs if r.cpu_by_role is not None), {})

    @property
    def tree_mb(self) -> float:
        return max((r.tree_mb for r in self.runs if r.tree_mb is not None), default=0.0)


# ----------------------------------------------------------------- measuring
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name (field 2) may contain spaces: ppid follows the last ')'
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _rss_kib(pid: int) -> int:
    """Proportional set size of PID (shared pages split), else its RSS, in KiB."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", b"Pss:"), (f"/proc/{pid}/status", b"VmRSS:")):
        try:
            with open(path, "rb") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _children(pid: int) -> list[int] | None:
    """Children of PID from /proc/PID/task/*/children (None when not supported)."""
    out: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                out.extend(int(x) for x in fh.read().split())
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return out


def _tree_pids(root: int) -> list[int]:
    kids: dict[int, list[int]] | None = None
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        direct = _children(pid) if kids is None else None
        if direct is None:
            kids = kids if kids is not None else _children_map()
            direct = kids.get(pid, [])
        todo.extend(direct)
    return found


def _hwm_kib(pid: int) -> int:
    """The peak resident set size (VmHWM) of PID itself so far, in KiB."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(label: str, cmd: Sequence[str], sample: bool = False) -> Run:
    """Run CMD with stdout to /dev/null; return wall time, and peak memory when sampled."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        peak_tree = peak_own = 0
        done = threading.Event()
        book = CpuBook(proc.pid)

        def sampler_loop() -> None:
            nonlocal peak_tree, peak_own
            while not done.wait(SAMPLE_INTERVAL_S):
                peak_own = max(peak_own, _hwm_kib(proc.pid))
                tree = _tree_pids(proc.pid)
                peak_tree = max(peak_tree, sum(_rss_kib(pid) for pid in tree))
                book.sample(tree)

        sampler = threading.Thread(target=sampler_loop, daemon=True)
        if sample and Path("/proc").is_dir():
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        if sampler.is_alive():
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not Popen
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode(errors="replace")
            raise CommandFailed(label, cmd, proc.returncode, text)
    cpu = usage.ru_utime + usage.ru_stime
    if not sample:
        return Run(wall, None, None, cpu)
    maxrss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    peaks = ((peak_own or maxrss_kib) / 1024, (peak_tree or maxrss_kib) / 1024)
    return Run(wall, *peaks, cpu, book.by_role())


# ---------------------------------------------------------------- machine info
def _git_version() -> str:
    try:
        out = subprocess.run(["git", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip().removeprefix("git version ")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "cpu model", "Hardware"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _techlead_version() -> str:
    code = "import importlib.metadata as m; print(m.version('techlead'))"
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "not installed"
    return out.stdout.strip()


def machine_info() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 1,
        "usable_cores": usable,
        "python": platform.python_version(),
        "git": _git_version(),
        "techlead": _techlead_version(),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------- repository
def synthetic_repo(commits: int) -> Path:
    """Generate (or reuse) benchmarks/out/synth-<commits>."""
    out = HERE / "out" / f"synth-{commits}"
    cmd = [
        sys.executable,
        str(HERE / "synth_repo.py"),
        str(out),
        "--commits",
        str(commits),
        "--reuse",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CommandFailed("synth_repo.py", cmd, proc.returncode, proc.stderr)
    print(proc.stdout.strip(), file=sys.stderr)
    return out


def count_commits(repo: Path) -> int:
    cmd = ["git", "-C", str(repo), "rev-list", "--count", "HEAD"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CommandFailed("git rev-list", cmd, proc.returncode, proc.stderr)
    return int(proc.stdout.strip())


# ------------------------------------------------------------------- report
def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def build_report(
    repo: Path,
    commits: int,
    jobs: int,
    repeat: int,
    info: dict[str, Any],
    measured: Sequence[Measurement],
    error: str = "",
) -> dict[str, Any]:
    base = measured[0].best_s if measured else 0.0
    rows: dict[str, Any] = {}
    passed = True
    for m in measured:
        peak = m.peak_mb
        row: dict[str, Any] = {
            "command": m.cmd,
            "runs_s": [round(r.wall_s, 4) for r in m.runs],
            "best_s": round(m.best_s, 4),
            "ratio_to_git": round(m.best_s / base, 3) if base else None,
            "cpu_s": round(m.cpu_s, 3),
            "peak_mb": round(m.peak_mb, 1),
            "tree_peak_mb": round(m.tree_mb, 1),
        }
        key = m.label.replace(" ", "_").replace("-", "")
        if key == "full_scan":
            row["time_target"] = f"<= {FULL_RATIO_TARGET}x git"
            row["time_pass"] = m.best_s <= FULL_RATIO_TARGET * base
            row.update(_cpu_floor(m, base, info["usable_cores"]))
        elif key == "rescan":
            row["time_target"] = f"< {RESCAN_TARGET_S:g} s"
            row["time_pass"] = m.best_s < RESCAN_TARGET_S
        if key != "git_log":
            row["memory_target"] = f"< {MEMORY_TARGET_MB:g} MB"
            row["memory_pass"] = peak < MEMORY_TARGET_MB
            passed = passed and row["time_pass"] and row["memory_pass"]
        rows[key] = row
    report: dict[str, Any] = {
        "repo": str(repo),
        "commits": commits,
        "jobs": jobs,
        "repeat": repeat,
        "machine": info,
        "results": rows,
        "all_pass": passed if len(measured) == 3 else None,
    }
    if error:
        report["error"] = error
    return report


def _cpu_floor(scan: Measurement, git_wall: float, cores: int) -> dict[str, Any]:
    """The CPU the sampled scan's processes took, and the least wall time that much CPU
    can take on ``cores``: no scheduling of the same work beats it."""
    by_role = scan.cpu_by_role
    if not by_role:
        return {}
    total = sum(by_role.values())
    floor = total / cores
    return {
        "cpu_by_role_s": {name: round(cpu, 2) for name, cpu in by_role.items()},
        "tree_cpu_s": round(total, 2),
        "floor_s": round(floor, 2),
        "floor_ratio_to_git": round(floor / git_wall, 3) if git_wall else None,
    }


def _print_cpu(report: dict[str, Any]) -> None:
    scan = report["results"].get("full_scan", {})
    if "tree_cpu_s" not in scan:
        return
    git = report["results"]["git_log"]
    cores = report["machine"]["usable_cores"]
    print()
    print(f"CPU of the sampled full scan, every process (sampled every {SAMPLE_INTERVAL_S:g} s,")
    print("so lower bounds):")
    for name, cpu in scan["cpu_by_role_s"].items():
        print(f"  {name:<24} {cpu:>7.2f} s")
    total = scan["tree_cpu_s"]
    share = f" = {total / git['cpu_s']:.1f} x git log's CPU ({git['cpu_s']:.2f} s)"
    print(f"  {'total':<24} {total:>7.2f} s{share if git['cpu_s'] else ''}")
    ratio = scan["floor_ratio_to_git"]
    print(
        f"on {cores} usable cores no scheduling of this work beats {scan['floor_s']:.2f} s"
        + (f" = {ratio:.2f} x git log's wall time" if ratio is not None else "")
        + f" (target <= {FULL_RATIO_TARGET} x)"
    )


def print_table(report: dict[str, Any]) -> None:
    info = report["machine"]
    print(f"techlead scan benchmark: {report['repo']} ({report['commits']} commits)")
    print(
        f"machine: {info['cpu']} | {info['cores']} cores ({info['usable_cores']} usable) | "
        f"Python {info['python']} | git {info['git']} | techlead {info['techlead']}"
    )
    print(f"best of {report['repeat']} runs, --jobs {report['jobs']}")
    print()
    head = (
        f"{'measurement':<12} {'wall s':>8} {'x git':>7} {'cpu s':>7} {'peak MB':>8} {'tree MB':>8}"
        f"  {'time target':<14} {'time':<5} {'mem < 400 MB':<12}"
    )
    print(head)
    print("-" * len(head))
    labels = {"git_log": "git log", "full_scan": "full scan", "rescan": "re-scan"}
    for key, row in report["results"].items():
        ratio = f"{row['ratio_to_git']:.2f}" if row["ratio_to_git"] is not None else "-"
        time_col = _verdict(row["time_pass"]) if "time_pass" in row else "-"
        mem_col = _verdict(row["memory_pass"]) if "memory_pass" in row else "-"
        print(
            f"{labels.get(key, key):<12} {row['best_s']:>8.3f} {ratio:>7} {row['cpu_s']:>7.2f} "
            f"{row['peak_mb']:>8.1f} {row['tree_peak_mb']:>8.1f}  "
            f"{row.get('time_target', '-'):<14} {time_col:<5} {mem_col:<12}"
        )
    _print_cpu(report)
    if report["all_pass"] is not None:
        print()
        print(f"overall: {_verdict(report['all_pass'])}")


# --------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "repo",
        nargs="?",
        type=Path,
        metavar="REPO_PATH",
        help="repository to scan (default: a synthetic one)",
    )
    parser.add_argument(
        "--commits",
        type=int,
        default=20_000,
        help="size of the synthetic repository (default: 20000)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="techlead scan --jobs (default: the number of CPUs)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best counts)")
    parser.add_argument(
        "--no-complexity",
        action="store_true",
        help="scan with --no-complexity: history and line counts only, what git log compares to",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.jobs < 1 or args.commits < 1:
        parser.error("--repeat, --jobs and --commits must be positive")
    if shutil.which("git") is None:
        print("bench_scan: git not found on PATH", file=sys.stderr)
        return 1

    measured: list[Measurement] = []
    repo: Path = args.repo if args.repo is not None else Path()
    commits = 0
    compile_techlead()
    info = machine_info()
    try:
        if args.repo is None:
            repo = synthetic_repo(args.commits)
        repo = repo.resolve()
        commits = count_commits(repo)
        baseline = Measurement("git log", ["git", "-C", str(repo), "log", "--numstat", "-M"])
        measured.append(baseline)
        for _ in range(args.repeat):
            baseline.runs.append(run_measured(baseline.label, baseline.cmd))
        baseline.runs.append(run_measured(baseline.label, baseline.cmd, sample=True))
        with tempfile.TemporaryDirectory(prefix="techlead-bench-") as tmp:
            full = Measurement("full scan", [])
            rescan = Measurement("re-scan", [])
            for i in range(args.repeat + 1):  # the last run is sampled for memory
                sampled = i == args.repeat
                db = Path(tmp) / f"run{i}" / "bench.duckdb"
                db.parent.mkdir()
                cmd = [
                    sys.executable,
                    "-m",
                    "techlead",
                    "scan",
                    str(repo),
                    "--db",
                    str(db),
                    "--quiet",
                    "--jobs",
                    str(args.jobs),
                    *(["--no-complexity"] if args.no_complexity else []),
                ]
                full.cmd = rescan.cmd = cmd
                if not full.runs:
                    measured.append(full)
                full.runs.append(run_measured(full.label, cmd, sample=sampled))
                if not rescan.runs:
                    measured.append(rescan)
                rescan.runs.append(run_measured(rescan.label, cmd, sample=sampled))
                shutil.rmtree(db.parent)
    except CommandFailed as exc:
        measured = [m for m in measured if m.runs]
        report = build_report(
            repo,
            commits,
            args.jobs,
            args.repeat,
            info,
            measured,
            error=f"{exc.label} exited with {exc.status}",
        )
        if measured:
            if args.json:
                print(json.dumps(report, indent=2))
            else:
                print_table(report)
        print(
            f"\nbench_scan: {exc.label} failed with exit code {exc.status}: {' '.join(exc.cmd)}",
            file=sys.stderr,
        )
        if exc.stderr.strip():
            print(exc.stderr.rstrip(), file=sys.stderr)
        if "No module named techlead" in exc.stderr:
            print(
                f"bench_scan: hint: techlead is not installed for {sys.executable}; run this "
                "script with the project's interpreter (e.g. .venv/bin/python)",
                file=sys.stderr,
            )
        return 1
    report = build_report(repo, commits, args.jobs, args.repeat, info, measured)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
