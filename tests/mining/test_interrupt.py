"""An interrupted scan leaves the warehouse exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.warehouse.schema import REPO_TABLES

from conftest import fast_import_history, scan_json

TABLES = ("repos", "scans", *REPO_TABLES)


def mining_git_log(parent: int) -> bool:
    """Whether ``parent`` has a child ``git log --raw --stdin`` running (mining's, not the
    main line's or the line ages'): the scan is mid-mining."""
    # listed by name, not globbed: pathlib's glob stats each match and fails on a process
    # that ended between the listing and the stat
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = Path("/proc", entry, "stat")
        try:
            ppid = int(stat.read_text().rpartition(")")[2].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
        if ppid == parent and b"log" in cmdline and b"--raw" in cmdline and b"--stdin" in cmdline:
            return True
    return False


def snapshot_of(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}
    finally:
        con.close()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_interrupted_scan_changes_nothing(
    make_repo: Any, db_path: Path, sig: signal.Signals
) -> None:
    repo = make_repo("big")
    fast_import_history(repo, 200)
    scan_json(str(repo.path), "--db", str(db_path))
    before = snapshot_of(db_path)
    fast_import_history(repo, 6000, start=200)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "techlead",
            "scan",
            str(repo.path),
            "--db",
            str(db_path),
            "--jobs",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    # Interrupt while git streams the 6,000 new commits into the open transaction; a fixed
    # sleep would race with the speed of the machine.
    deadline = time.monotonic() + 30
    while not mining_git_log(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert proc.poll() is None, "the scan finished before it could be interrupted"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130
        assert b"interrupted; the warehouse is unchanged" in stderr
        assert b"Traceback" not in stderr
    assert snapshot_of(db_path) == before
    # And the next scan picks up where the interrupted one could not.
    doc = scan_json(str(repo.path), "--db", str(db_path))
    assert doc["repos"][0]["commits_added"] == 6000
