"""The Roadmap section: its chart as data, the report's section, and both the report and
the dashboard page drawn in Debian's chromium (Playwright) with no console error."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, sync_playwright

from techlead.communicate.roadmap_chart import roadmap_timeline
from techlead.decisions.roadmap_check import Conflict, RoadmapRow

from conftest import GitRepo, run_cli, scan_json

CHROMIUM = "/usr/bin/chromium"
NOW = "2027-01-15"
EVIL = "<b>Bold</b> & <a href='javascript:window.__pwned=1'>x</a>"
ROADMAP = f"""
[[initiative]]
id = "R1"
title = "{EVIL}"
start = 2026-11-01
end = 2027-01-31
teams = ["payments"]

[[initiative]]
id = "R2"
title = "Move billing to PostgreSQL"
start = 2027-01-31
end = 2027-06-30
teams = ["payments"]
depends_on = ["R1"]
"""


def test_timeline_as_data() -> None:
    rows = [
        RoadmapRow("R1", "One", date(2027, 1, 1), date(2027, 1, 31), "in progress", None,
                   [], [], [], [], ["dependency-order"]),
        RoadmapRow("<i>R2</i>", "Two", date(2027, 1, 31), date(2027, 2, 1), "planned", None,
                   [], ["R1"], [], [], ["dependency-order"]),
    ]  # fmt: skip
    clash = Conflict("dependency-order", ("<i>R2</i>", "R1"), "<i>R2</i> starts before R1")
    figure = roadmap_timeline(rows, [clash], date(2027, 1, 15))
    bars, planned, marks = figure["data"]
    assert (bars["name"], bars["y"], bars["base"], bars["x"]) == (
        "in progress",
        ["R1"],
        ["2027-01-01"],
        [31 * 86_400_000],
    )
    assert (planned["name"], planned["y"], planned["x"]) == (
        "planned", ["&lt;i&gt;R2&lt;/i&gt;"], [2 * 86_400_000])  # fmt: skip
    assert planned["customdata"] == ["<i>R2</i>"]  # the key a click looks up, never drawn
    assert marks["name"] == "conflict" and marks["x"] == ["2027-01-31", "2027-02-01"]
    assert marks["hovertext"] == ["&lt;i&gt;R2&lt;/i&gt; starts before R1"] * 2
    assert figure["layout"]["shapes"][0]["x0"] == "2027-01-15"
    assert figure["layout"]["xaxis"]["type"] == "date"


@pytest.fixture(scope="module")
def workspace(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scanned workspace with roadmap.toml beside its techlead.toml."""
    root = tmp_path_factory.mktemp("roadmap-page")
    GitRepo(root / "billing").commit("one", files={"src/app.py": "def f():\n    return 1\n"})
    (root / "techlead.toml").write_text('[[repos]]\npath = "billing"\n')
    scan_json("--db", str(root / "wh.duckdb"), "--now", NOW, cwd=root)
    (root / "roadmap.toml").write_text(ROADMAP)
    return root


def section_of(html: str, name: str) -> str | None:
    found = re.search(rf'<section id="s-{name}".*?</section>', html, re.S)
    return found[0] if found else None


def test_report_section(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    made = run_cli("report", "--out", str(out), "--db", str(workspace / "wh.duckdb"), cwd=tmp_path)
    assert made.exit_code == 0, made.output
    section = section_of(out.read_text(), "roadmap")
    assert section is not None
    assert ('<p class="headline">2 initiatives: 0 done, 1 in progress, 1 planned; 1 conflict '
            "(as of 2027-01-15).</p>") in section  # fmt: skip
    assert "<td>R2</td><td>dependency-order</td><td>R2 starts on 2027-01-31, before R1, " \
        "which it depends on, ends (2027-01-31)</td>" in section  # fmt: skip
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;a href=" in section and "<b>Bold" not in section
    # In the chart's data the title is entity-escaped for plotly (then JSON-escaped).
    assert "R1: \\u0026lt;b\\u0026gt;Bold" in section
    # Without a roadmap file, the section has no data and is left out.
    elsewhere = tmp_path / "empty.duckdb"
    scan_json(str(workspace / "billing"), "--db", str(elsewhere), "--now", NOW)
    bare = tmp_path / "bare.html"
    run_cli("report", "--out", str(bare), "--db", str(elsewhere), cwd=tmp_path)
    assert section_of(bare.read_text(), "roadmap") is None


def errors_on(page: Page, url: str) -> list[str]:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_error(error: Error) -> None:
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_error)
    page.goto(url)
    page.wait_for_selector("#chart-roadmap[data-rendered=true]", timeout=10000)
    page.locator("#chart-roadmap .main-svg").first.wait_for(timeout=10000)
    assert page.evaluate("window.__pwned") is None
    return errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(workspace: Path) -> Iterator[str]:
    """techlead serve started in another folder: the roadmap is found beside techlead.toml."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "techlead", "serve", "--port", str(port),
         "--db", str(workspace / "wh.duckdb")],
        cwd=workspace.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/static/style.css", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def test_report_and_dashboard_in_browser(workspace: Path, tmp_path: Path, server: str) -> None:
    out = tmp_path / "report.html"
    run_cli("report", "--out", str(out), "--db", str(workspace / "wh.duckdb"), cwd=tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            assert errors_on(page, out.as_uri()) == []
            # Two bar traces (in progress, planned) and the conflict marks, drawn.
            assert page.locator("#chart-roadmap g.trace").count() == 3
            assert "<b>Bold</b>" in page.locator("#s-roadmap table").first.inner_text()
            assert errors_on(page, server + "/section/roadmap") == []
            twin = json.loads(urllib.request.urlopen(server + "/section/roadmap.json").read())
            assert twin["sections"][0]["headline"].startswith("2 initiatives: 0 done, 1 in")
        finally:
            browser.close()
