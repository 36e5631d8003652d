"""techlead serve and techlead scan on one warehouse at once (issue 18, "Scale"): the
dashboard holds the warehouse only while it builds a page, a scan that finds it held by
the dashboard waits for it instead of failing, pages built before a scan are served (and
say so) while the scan writes, and the new data shows once the scan has committed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from mining.test_interrupt import mining_git_log, snapshot_of
from techlead.warehouse.connection import open_warehouse
from test_hostile_serve import free_port, get, start, wait_until_up

from conftest import ALICE, BOB, CAROL, fast_import_history, query_db, run_cli, scan_json

CAROL_PAGE = "/person.json?name=Carol%20White"
STALE = "a scan is writing the warehouse: this page shows the data from before it"

# A process that opens the warehouse for writing as a scan does (waiting for the dashboard
# to let go) and holds it, as a scan does while it mines, until its stdin closes.
WRITER = (
    "import sys; from pathlib import Path; "
    "from techlead.warehouse.connection import open_warehouse; "
    "c = open_warehouse(Path(sys.argv[1])); print('held', flush=True); sys.stdin.read()"
)

# A process that serves like the dashboard: holds the warehouse read-only, has said so
# (the .serving marker), and lets go as soon as a writer waits (the .writer-waiting marker).
DASHBOARD = (
    "import sys, time; from pathlib import Path; "
    "from techlead.warehouse.connection import announce_serving, open_warehouse, "
    "writer_waiting; db = Path(sys.argv[1]); c = open_warehouse(db, read_only=True); "
    "m = announce_serving(db); print('held', flush=True)\n"
    "while not writer_waiting(db): time.sleep(0.02)\n"
    "time.sleep(0.5); c.close(); print('released', flush=True); m.unlink()"
)


def _two_authors(make_repo: Any) -> Any:
    repo = make_repo("api")
    repo.commit("one", author=ALICE, date="2020-01-10T12:00:00+00:00", files={"a.py": "a\n"})
    repo.commit("two", author=BOB, date="2020-02-10T12:00:00+00:00", files={"b.py": "b\n"})
    return repo


def test_a_writer_waits_for_a_dashboard_to_let_go(make_repo: Any, db_path: Path) -> None:
    scan_json(str(_two_authors(make_repo).path), "--db", str(db_path))
    holder = subprocess.Popen(
        [sys.executable, "-c", DASHBOARD, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    con = open_warehouse(db_path)  # wait=0, yet it waits: the holder is a dashboard
    waited = time.monotonic() - started
    con.close()
    # the dashboard let go only after it saw the writer wait, plus its 0.5 s
    assert holder.stdout.readline().strip() == "released"
    assert 0.5 <= waited < 10
    assert not db_path.with_name(db_path.name + ".writer-waiting").exists()
    holder.wait(timeout=10)


def test_scan_while_serving(make_repo: Any, db_path: Path) -> None:
    repo = _two_authors(make_repo)
    scan_json(str(repo.path), "--db", str(db_path))
    port = free_port()
    proc = start(db_path, port, "--now", "2020-07-01")
    try:
        wait_until_up(proc, port, tries=300)
        assert db_path.with_name(db_path.name + ".serving").exists()
        status, _, before = get(port, "/index.json")
        assert status == 200
        assert get(port, CAROL_PAGE)[0] == 404  # nobody named Carol has committed yet

        # A scan "in progress": a writer holds the warehouse. The home page, built before,
        # is served from memory and says so; a page never built cannot be, and says why.
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        try:
            status, _, during = get(port, "/index.json")
            assert status == 200
            assert json.loads(during)["subtitle"] == json.loads(before)["subtitle"] + " · " + STALE
            assert json.loads(during)["sections"] == json.loads(before)["sections"]
            status, _, body = get(port, "/component.json?repo=api&name=none")
            assert status == 503
            assert json.loads(body) == {
                "error": "a scan is writing the warehouse; this page will be ready after it"
            }
        finally:
            assert writer.stdin is not None
            writer.stdin.close()
            writer.wait(timeout=10)

        # A real scan of a new commit by Carol while visitors keep asking for pages.
        repo.commit("three", author=CAROL, date="2020-03-10T12:00:00+00:00",
                    files={"c.py": "c\n"})  # fmt: skip
        assert get(port, "/section/knowledge.json")[0] == 200  # built now, kept in memory
        answers: list[int] = []
        done = threading.Event()

        def visit() -> None:
            while not done.is_set():
                answers.append(get(port, "/index.json")[0])
                answers.append(get(port, "/section/knowledge.json")[0])

        visitor = threading.Thread(target=visit)
        visitor.start()
        try:
            scanned = run_cli("scan", str(repo.path), "--db", str(db_path), "--quiet")
        finally:
            done.set()
            visitor.join(timeout=60)
        assert scanned.exit_code == 0, scanned.output
        assert query_db(db_path, "SELECT count(*) FROM commits") == [(3,)]
        # every page asked for during the scan was answered: both were built before it,
        # so while it wrote they came from memory, and after it they were built again
        assert answers and set(answers) == {200}, answers

        # After the scan: Carol's page exists, and the home page is fresh (no stale note).
        status, _, body = get(port, CAROL_PAGE)
        assert status == 200, body
        assert "Carol White" in body.decode()
        status, _, after = get(port, "/index.json")
        assert status == 200
        assert STALE not in json.loads(after)["subtitle"]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode in (0, 130), proc.stderr.read() if proc.stderr else ""
    assert not db_path.with_name(db_path.name + ".serving").exists()


def test_an_interrupted_scan_while_serving_changes_nothing(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("big")
    fast_import_history(repo, 200)
    scan_json(str(repo.path), "--db", str(db_path))
    port = free_port()
    proc = start(db_path, port, "--now", "2020-07-01")
    try:
        wait_until_up(proc, port, tries=300)
        status, _, before = get(port, "/index.json")
        assert status == 200
        tables = snapshot_of(db_path)  # read-only, beside the dashboard
        fast_import_history(repo, 6000, start=200)
        scan = subprocess.Popen(
            [sys.executable, "-m", "techlead", "scan", str(repo.path), "--db", str(db_path),
             "--jobs", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        # Interrupt while git streams the new commits into the scan's open transaction
        # (so the scan had got the warehouse from the dashboard), as tests/mining does.
        deadline = time.monotonic() + 60
        while not mining_git_log(scan.pid) and scan.poll() is None:
            assert time.monotonic() < deadline, "the scan never started mining"
            time.sleep(0.005)
        time.sleep(0.05)
        assert scan.poll() is None, "the scan finished before it could be interrupted"
        scan.send_signal(signal.SIGINT)
        _, stderr = scan.communicate(timeout=60)
        assert scan.returncode == 130, stderr
        assert b"interrupted; the warehouse is unchanged" in stderr
        assert snapshot_of(db_path) == tables
        # the dashboard shows what it showed before, without a note
        status, _, after = get(port, "/index.json")
        assert status == 200
        assert json.loads(after) == json.loads(before)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode in (0, 130), proc.stderr.read() if proc.stderr else ""
