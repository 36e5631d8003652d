#!/usr/bin/env python3
"""Time every dashboard page of ``techlead serve`` on a scanned repository.

Usage::

    .venv/bin/python benchmarks/bench_serve.py [REPO_PATH] [--commits 100000] [--repeat 5]

Without REPO_PATH the synthetic repository of ``synth_repo.py`` is used (as in
bench_analyses.py). The repository is scanned into a temporary warehouse, ``techlead
serve`` starts on a free loopback port, and each page is fetched over HTTP: the first
request (the page is built) and the best of ``--repeat`` later ones (the server's page
cache). The server builds the home page and every unfiltered section when it starts;
the time until all of them are served is printed first. Then every page is timed: the
home page, every section unfiltered, every section filtered by the most changed
file's component and by a period (the last year of history), and the drill-downs of
that file, its component and its main (human) author. The baseline, measured in the
same run, is fetching the 5 kB stylesheet (HTTP and server overhead only). Target: every
page under 300 ms on its first request.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from techlead.communicate.roles import BUILDERS

TARGET_S = 0.3
HERE = Path(__file__).resolve().parent
_MOST_CHANGED = (
    "SELECT f.path, f.component, any_value(p.name) FROM file_changes fc "
    "JOIN files f USING (repo_id, path) JOIN commits c USING (repo_id, sha) "
    "JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id "
    "WHERE NOT p.is_bot GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1"
)
_LAST_YEAR = "SELECT strftime(max(author_time) - INTERVAL 1 YEAR, '%Y-%m-%d') FROM commits"


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        response.read()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path)
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    repo = args.repo or HERE / "out" / f"synth-{args.commits}"
    if args.repo is None:
        subprocess.run([sys.executable, str(HERE / "synth_repo.py"), str(repo), "--commits",
                        str(args.commits), "--reuse"], check=True)  # fmt: skip
    techlead = [sys.executable, "-m", "techlead"]
    with tempfile.TemporaryDirectory(prefix="techlead-bench-") as tmp:
        db = str(Path(tmp) / "wh.duckdb")
        subprocess.run([*techlead, "scan", str(repo), "--db", db, "--quiet"], check=True)
        name = subprocess.run([*techlead, "sql", "SELECT name FROM repos", "--db", db,
                               "--format", "csv"], check=True, capture_output=True,
                              text=True).stdout.splitlines()[1]  # fmt: skip
        path, component, person = subprocess.run(
            [*techlead, "sql", _MOST_CHANGED, "--db", db, "--format", "csv"],
            check=True, capture_output=True, text=True,
        ).stdout.splitlines()[1].split(",")  # fmt: skip
        since = subprocess.run([*techlead, "sql", _LAST_YEAR, "--db", db, "--format", "csv"],
                               check=True, capture_output=True,
                               text=True).stdout.splitlines()[1]  # fmt: skip
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([*techlead, "serve", "--port", str(port), "--db", db],
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        try:
            for _ in range(600):
                try:
                    fetch(base_url + "/static/style.css")
                    break
                except OSError:
                    time.sleep(0.05)
            up = time.perf_counter() - started
            for page in ["/", *(f"/section/{s}" for s in BUILDERS)]:
                fetch(base_url + page)  # waits for the start-up build of each
            ready = time.perf_counter() - started
            print(f"server listening after {up:.2f} s; home and sections built after {ready:.2f} s")
            base = min(fetch(base_url + "/static/style.css") for _ in range(args.repeat))
            filtered = [
                f"/section/{s}?{urlencode(q)}"
                for q in ({"component": component}, {"since": since})
                for s in BUILDERS
            ]
            pages = ["/", *(f"/section/{s}" for s in BUILDERS), *filtered,
                     "/file?" + urlencode({"repo": name, "path": path}),
                     "/component?" + urlencode({"repo": name, "name": component}),
                     "/person?" + urlencode({"name": person})]  # fmt: skip
            print(f"{'page':<52} {'first s':>7} {'again s':>7} {'x base':>7}  < 300 ms first")
            print(f"{'(baseline: stylesheet)':<52} {'':>7} {base:>7.3f} {1.0:>7.1f}")
            failed, worst = 0, 0.0
            for page in pages:
                try:
                    first = fetch(base_url + page)
                except urllib.error.HTTPError as error:  # a broken page fails the run
                    print(f"{page[:52]:<52} HTTP {error.code}  FAIL")
                    failed += 1
                    continue
                again = min(fetch(base_url + page) for _ in range(args.repeat))
                verdict = "PASS" if first < TARGET_S else "FAIL"
                failed += verdict == "FAIL"
                worst = max(worst, first)
                print(
                    f"{page[:52]:<52} {first:>7.3f} {again:>7.3f} {again / base:>7.1f}  {verdict}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"slowest first request {worst:.3f} s; overall:",
          "PASS" if not failed else f"FAIL ({failed} pages)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
