"""A scan's worker processes end with it (kill -9), and Ctrl-C ends a scan promptly.

Both run the real command line in a subprocess on a repository large enough for the
complexity of its files to be measured in worker processes (more than the 2 MiB that
stay in the scanning process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, query_db

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

_FUNCTION = """def f{n}(a, b):
    if a > b and a % 3 == 0:
        for i in range(a):
            if i % 2:
                b += i
            elif i % 5:
                b -= i
    while b > 100:
        b //= 2
    return a + b


"""


def _big_repo(repo: GitRepo, files: int = 60) -> None:
    text = "".join(_FUNCTION.format(n=n) for n in range(300))  # about 60 KB a file
    repo.commit("code", files={f"pkg/m{i}.py": text for i in range(files)})


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _python_descendants(pid: int) -> set[int]:
    """The scan's descendant processes that are Python (the forkserver, the resource
    tracker and the workers; git processes come and go)."""
    found = set()
    for child in _descendants(pid):
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"python" in command:
            found.add(child)
    return found


def _start_scan(target: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    """``techlead scan`` of a repository, or of a workspace file."""
    where = ["--config", str(target)] if target.suffix == ".toml" else [str(target)]
    command = [sys.executable, "-m", "techlead", "scan", *where, "--db", str(db), *extra]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ)
    )


def _wait_for_workers(scan: subprocess.Popen[bytes], count: int) -> set[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and scan.poll() is None:
        workers = _python_descendants(scan.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.05)
    pytest.fail("the scan never started its worker processes")


def test_workers_end_when_the_scan_is_killed(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo()
    _big_repo(repo)
    scan = _start_scan(repo.path, tmp_path / "wh.duckdb", "--jobs", "2")
    # the forkserver, the resource tracker and at least one worker
    workers = _wait_for_workers(scan, 3)
    scan.kill()
    scan.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    left = sorted(p for p in workers if _alive(p))
    for pid in left:  # do not leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_ctrl_c_ends_a_scan_within_a_second(make_repo: Any, tmp_path: Path) -> None:
    """A hostile case: globs that backtracked for hours in Python's re (SIGINT and SIGTERM
    waited for the regex) against deep paths, and a history large enough for workers."""
    repo = make_repo()
    repo.commit("first", files={"a.py": "x = 1\n", "d/" * 100 + "f.txt": "x\n"})
    config = tmp_path / "techlead.toml"
    hostile = "**/" * 14 + "x"
    config.write_text(
        f'[[repos]]\npath = "{repo.path}"\n\n[mining]\nexclude = ["{hostile}"]\n\n'
        f'[components.c]\npaths = ["{hostile}", "{"*a" * 25}"]\n'
    )
    db = tmp_path / "wh.duckdb"
    first = _start_scan(config, db, "--quiet")
    assert first.wait(60) == 0, first.stderr.read() if first.stderr else ""
    before = query_db(db, "SELECT count(*), max(commit_time) FROM commits")
    _big_repo(repo)
    scan = _start_scan(config, db, "--jobs", "2")
    _wait_for_workers(scan, 3)
    scan.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, stderr = scan.communicate(timeout=10)
    elapsed = time.monotonic() - sent
    assert scan.returncode == 130
    assert elapsed < 1.0
    assert b"Traceback" not in stderr
    assert b"interrupted" in stderr
    assert query_db(db, "SELECT count(*), max(commit_time) FROM commits") == before
