"""techlead scan on Dask distributed: the same rows in every table as a local scan, with a
LocalCluster, with a real `dask scheduler` and `dask worker`, and with a worker killed
while it holds the scan's tasks; a scheduler that does not answer is a one-line error."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import techlead
from techlead.core.config import Config
from techlead.mining.scan import scan
from techlead.mining.workspace import plan_scan
from techlead.warehouse.connection import open_warehouse

from conftest import BOB, CALC_PY, CAROL, GitRepo, run_cli

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed (pip install '.[distributed]')"
)
from techlead.mining.distributed import DaskExecutor  # noqa: E402

NOW = "2024-06-01"
# columns holding the wall-clock time of the scan itself: the only ones that may differ
SCAN_TIMES = {"started_at", "finished_at"}
WAIT = 30  # seconds a scheduler, a worker or the scan gets before the test fails


def every_row(db: Path) -> dict[str, list[str]]:
    """Every table of the warehouse, its rows sorted (as text), scan times aside."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()]  # fmt: skip
        found = {}
        for table in tables:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table],
            ).fetchall() if c not in SCAN_TIMES]  # fmt: skip
            select = ", ".join(f'"{c}"' for c in columns)
            found[table] = sorted(map(repr, con.execute(f'SELECT {select} FROM "{table}"')
                                      .fetchall()))  # fmt: skip
        return found
    finally:
        con.close()


def build_workspace(root: Path) -> list[Path]:
    """Three small repositories: 6 + 4 + 3 = 13 commits."""
    api = GitRepo(root / "api")
    api.commit("Add calc", files={"calc.py": CALC_PY, "requirements.txt": "requests==2.31.0\n"})
    api.commit("Sign of zero\n\nCo-authored-by: Bob Jones <bob@example.com>",
               files={"calc.py": CALC_PY + "\n\ndef zero():\n    return 0\n"})  # fmt: skip
    api.git("checkout", "-q", "-b", "feature")
    api.commit("Rename", author=BOB, files={"notes.txt": "n\n"})
    api.git("mv", "calc.py", "maths.py")
    api.commit("Move calc to maths", author=BOB)
    api.git("checkout", "-q", "main")
    api.merge("feature", "Merge feature", date="2020-01-10T12:00:00+00:00")
    api.git("tag", "v1.0")
    api.commit("Pin", files={"requirements.txt": "requests==2.32.0\n"})
    web = GitRepo(root / "web")
    web.commit("Start", author=CAROL, files={
        "package.json": '{"name": "web", "dependencies": {"left-pad": "1.3.0"}}\n',
        "index.js": "function add(a, b) {\n  if (a) { return a + b; }\n  return b;\n}\n",
    })  # fmt: skip
    web.commit("Mailmap", files={".mailmap": "Carol White <carol@example.com> <c@old.example>\n"})
    web.commit("More", author=BOB, files={"index.js": "function add(a, b) {\n  return a + b;\n}\n"})
    web.commit("Readme", author=CAROL, files={"README.md": "# web\n"})
    docs = GitRepo(root / "docs")
    docs.commit("Docs", files={"README.md": "# docs\n", "SECURITY.md": "Mail security@x.y\n"})
    docs.commit("ADR", author=BOB, files={"docs/adr/0001-use-python.md": "# 1. Use Python\n"})
    docs.commit("Ignore", files={".gitignore": "*.pyc\n"})
    return [api.path, web.path, docs.path]


@pytest.fixture(scope="module")
def workspace(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return build_workspace(tmp_path_factory.mktemp("workspace"))


def cli_scan(db: Path, repos: list[Path], *executor: str) -> None:
    result = run_cli("scan", *map(str, repos), "--db", str(db), "--now", NOW, "-q", *executor)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def local_cli(workspace: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("local") / "techlead.duckdb"
    cli_scan(db, workspace)
    rows = every_row(db)
    # not vacuous: 6 + 4 + 3 commits, and every kind of data the tasks make is there
    assert len(rows["commits"]) == 13
    for table in ("file_changes", "files", "functions", "landings", "tree_spans", "tags",
                  "dependencies", "file_texts", "decisions"):  # fmt: skip
        assert rows[table], table
    return rows


def api_scan(db: Path, repos: list[Path], executor: DaskExecutor | None) -> None:
    chosen, options = plan_scan(Config(), repos, None, False, False, 2)
    con = open_warehouse(db)
    try:
        scan(con, chosen, options, executor=executor)
    finally:
        con.close()


@pytest.fixture(scope="module")
def local_api(workspace: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("local_api") / "techlead.duckdb"
    api_scan(db, workspace, None)
    return every_row(db)


def test_local_cluster_gives_the_rows_of_a_local_scan(
    workspace: list[Path], local_cli: Any, tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    cli_scan(db, workspace, "--executor", "dask")
    assert every_row(db) == local_cli


def test_history_cut_in_ranges_gives_the_rows_of_a_local_scan(
    workspace: list[Path], local_api: Any, tmp_path: Path
) -> None:
    # ranges of 2 commits: api's 6 commits are 3 history tasks, web's 4 are 2, docs' 3 are 2
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        db = tmp_path / "ranges.duckdb"
        api_scan(db, workspace, DaskExecutor(client, range_commits=2))
    assert every_row(db) == local_api


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def dask_env() -> dict[str, str]:
    """The workers import the techlead under test."""
    src = str(Path(techlead.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


class Cluster:
    """A `dask scheduler` and `dask worker` processes on 127.0.0.1, stopped on exit."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen[bytes]] = []
        port = self.address.rpartition(":")[2]
        self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", port,
                    "--no-dashboard", "--no-show")  # fmt: skip
        self.client = distributed.Client(self.address, timeout=WAIT)

    def _start(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        with open(self.logs / f"{name}.log", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "dask", *argv], env=dask_env(), stdout=log, stderr=log
            )
        self.processes.append(process)
        return process

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        """One worker process (no nanny: the pid is the worker's), once the scheduler has it."""
        before = len(self.client.scheduler_info()["workers"])
        process = self._start(name, "worker", self.address, "--nthreads", "1", "--no-nanny",
                              "--no-dashboard", "--host", "127.0.0.1", "--name", name)  # fmt: skip
        self.client.wait_for_workers(before + 1, timeout=WAIT)
        return process

    def close(self) -> None:
        self.client.close()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.kill()
            process.wait()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    started = Cluster(tmp_path)
    try:
        yield started
    finally:
        started.close()


def test_scheduler_and_worker_processes_give_the_rows_of_a_local_scan(
    workspace: list[Path], local_cli: Any, cluster: Cluster, tmp_path: Path
) -> None:
    cluster.worker("one")
    db = tmp_path / "tcp.duckdb"
    cli_scan(db, workspace, "--executor", cluster.address)
    assert every_row(db) == local_cli


def test_a_worker_killed_with_the_tasks_loses_nothing(
    workspace: list[Path], local_api: Any, cluster: Cluster, tmp_path: Path
) -> None:
    doomed = cluster.worker("doomed")
    # stopped, the worker still holds its connection: the scheduler gives it the first
    # repository's tasks, which it never finishes
    os.kill(doomed.pid, signal.SIGSTOP)
    db = tmp_path / "killed.duckdb"
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with distributed.Client(cluster.address, timeout=WAIT) as client:
                api_scan(db, workspace, DaskExecutor(client))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    scanning = threading.Thread(target=run)
    scanning.start()
    deadline = time.monotonic() + WAIT
    while not any(cluster.client.processing().values()):
        assert time.monotonic() < deadline, "the scan's tasks never reached the worker"
        time.sleep(0.05)
    doomed.kill()
    doomed.wait()
    cluster.worker("second")
    scanning.join(WAIT * 2)
    assert not scanning.is_alive() and errors == []
    assert every_row(db) == local_api


@pytest.mark.parametrize(
    ("executor", "message"),
    [
        ("tcp://127.0.0.1:{port}", "cannot reach the Dask scheduler"),
        ("spark", "expected local, dask or a scheduler's address"),
    ],
)
def test_a_bad_executor_is_a_one_line_error(
    workspace: list[Path], tmp_path: Path, executor: str, message: str
) -> None:
    db = tmp_path / "never.duckdb"
    # a port nothing listens on: bound, then closed
    result = run_cli("scan", str(workspace[0]), "--db", str(db),
                     "--executor", executor.format(port=free_port()))  # fmt: skip
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not db.exists()  # the cluster is reached before the warehouse is opened
