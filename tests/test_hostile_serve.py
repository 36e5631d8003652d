"""techlead serve against hostile input (issue 20, part D), over real HTTP on 127.0.0.1 and in
Debian's chromium: only requests addressed to the server are answered (DNS rebinding),
every response carries the security headers, the CSP does not break a page, plotly draws
no link from a repository's names, a busy port and Ctrl-C right after start end cleanly."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from test_hostile_screen import LINK, build_hostile

from conftest import run_cli

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "techlead", "serve", "--port", str(port), "--db", str(db), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip


def wait_until_up(proc: subprocess.Popen[bytes], port: int, tries: int = 150) -> None:
    """Return once the dashboard answers on ``port``; fail with its stderr if it never does."""
    for _ in range(tries):
        try:
            if get(port, "/static/style.css")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "no server")


@contextmanager
def serving(db: Path, *extra: str) -> Iterator[str]:
    """``techlead serve`` on ``db`` at a free port: its base URL; stopped on the way out."""
    port = free_port()
    proc = start(db, port, *extra)
    wait_until_up(proc, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def fetched(url: str) -> str:
    return str(urllib.request.urlopen(url).read().decode())


def first_section(url: str) -> dict[str, Any]:
    """The first section of a page's JSON twin."""
    found: dict[str, Any] = json.loads(fetched(url))["sections"][0]
    return found


@pytest.fixture(scope="module")
def hostile_db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def server(hostile_db: Path) -> Iterator[int]:
    port = free_port()
    proc = start(hostile_db, port, "--now", "2020-02-01")
    wait_until_up(proc, port)
    yield port
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)


def get(
    port: int, path: str, host: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


# Whom the dashboard answers.


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}",
                                  "LOCALHOST:{port}"])  # fmt: skip
def test_answers_its_own_address(server: int, host: str) -> None:
    assert get(server, "/static/style.css", host.format(port=server))[0] == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}",
                                  "127.0.0.1:1", "127.0.0.1", "localhost.:{port}",
                                  "127.0.0.1:{port}.evil", ""])  # fmt: skip
def test_refuses_another_host_dns_rebinding(server: int, host: str) -> None:
    status, headers, body = get(server, "/", host.format(port=server))
    assert status == 400
    assert body == b"techlead: this dashboard answers only requests addressed to it (Host header)\n"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_refuses_a_request_without_host(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=10) as raw:
        raw.sendall(b"GET / HTTP/1.0\r\n\r\n")
        answer = raw.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 ")


# Security headers on every response.


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/static/plotly.min.js", 200), ("GET", "/static/style.css", 200),
     ("GET", "/index.json", 200), ("GET", "/nope", 404), ("GET", "/section/nope", 404),
     ("POST", "/", 405), ("GET", "/file", 400), ("GET", "/file.json?repo=app&path=x", 404)],
)  # fmt: skip
def test_security_headers_on_every_response(
    server: int, method: str, path: str, status: int
) -> None:
    got, headers, _ = get(server, path, method=method)
    assert got == status
    assert {k: headers.get(k) for k in HEADERS} == HEADERS
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("since", ["10000 years ago", "99999999999999999999 days ago"])
def test_a_date_the_calendar_cannot_hold_is_400(server: int, since: str) -> None:
    query = urllib.parse.urlencode({"since": since})
    status, _, body = get(server, f"/section/hotspots.json?{query}")
    assert status == 400
    assert json.loads(body)["error"].startswith(f"since {since!r} ")
    assert get(server, f"/section/hotspots?{query}")[0] == 400


# Starting and stopping.


def test_busy_port_is_one_line_before_any_address(hostile_db: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--db", str(hostile_db))
    assert result.exit_code == 2
    assert result.output == (
        f"techlead: error: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    )


def test_ctrl_c_or_sigterm_right_after_start_exits_cleanly(hostile_db: Path) -> None:
    # The first pages are built in the background as the server starts: an interrupt then
    # used to leave DuckDB running in a thread as Python exited (SIGABRT).
    moments = [(0.0, signal.SIGINT), (0.0, signal.SIGINT), (0.02, signal.SIGINT),
               (0.05, signal.SIGTERM), (0.2, signal.SIGINT), (1.0, signal.SIGTERM)]  # fmt: skip
    for delay, sig in moments:
        proc = start(hostile_db, free_port())
        assert proc.stderr is not None
        announced = proc.stderr.readline().decode()
        assert announced.startswith("techlead: serving http://127.0.0.1:")
        time.sleep(delay)
        proc.send_signal(sig)
        began = time.monotonic()
        code = proc.wait(timeout=20)
        took = time.monotonic() - began
        rest = proc.stderr.read().decode()
        assert (code, rest) == (0, ""), (delay, code, rest)
        assert took < 5, took


# In the browser: the CSP holds the pages, plotly draws no link.


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def visit(page: Page, url: str) -> list[str]:
    """Open url, wait for every chart; the console errors (CSP violations included)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    charts = page.locator("div.chart")
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for(timeout=15000)
    assert page.locator("div.chart[data-rendered=true]").count() == charts.count()
    return errors


def no_live_link(page: Page) -> None:
    """No link anywhere in a chart's SVG, and the hostile name is drawn as text."""
    assert page.locator("div.chart svg a").count() == 0
    assert page.locator('a[href^="https:evil"]').count() == 0
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('div.chart svg text')).map(t => t.textContent)"
    )
    assert LINK in drawn


@pytest.mark.parametrize("path", ["/", "/section/hotspots", "/section/coupling",
                                  "/section/knowledge", "/section/standards"])  # fmt: skip
def test_dashboard_pages_keep_their_csp_and_charts(browser: Browser, server: int,
                                                   path: str) -> None:  # fmt: skip
    page = browser.new_page()
    try:
        assert visit(page, f"http://127.0.0.1:{server}{path}") == [], path
        if path == "/section/hotspots":
            no_live_link(page)
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()


def test_report_hotspot_treemap_draws_no_link(
    browser: Browser, hostile_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    assert run_cli("report", "--out", str(out), "--db", str(hostile_db)).exit_code == 0
    page = browser.new_page()
    try:
        assert visit(page, out.as_uri()) == []
        no_live_link(page)
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()
