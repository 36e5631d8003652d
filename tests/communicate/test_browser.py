"""End to end in Debian's chromium driven by Playwright: the report file and every
dashboard page render their charts with no console error, a chart click shows its
evidence, a drill-down link opens, and injected repository text stays inert."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright
from workspace import EVIL_FILE, EVIL_SUBJECT, build_in

from techlead.communicate.roles import BUILDERS

from conftest import CORPUS, run_cli

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One chromium for the module; each test opens its own page."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One page for the dashboard tests (a new page costs about a second)."""
    opened = browser.new_page()
    yield opened
    opened.close()


@pytest.fixture
def page(tab: Page) -> Page:
    """The shared page, blank: each test opens what it needs."""
    tab.goto("about:blank")
    return tab


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def workspace_db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace of workspace.py, built and scanned once for this module (the report,
    the dashboard and its pages only read the warehouse)."""
    return build_in(tmp_path_factory.mktemp("workspace"))


@pytest.fixture(scope="module")
def server(workspace_db: Path) -> Iterator[str]:
    """techlead serve on the workspace, started once for the module."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "techlead", "serve", "--port", str(port), "--db", str(workspace_db),
         "--osv", str(CORPUS / "osv"), "--now", "2020-02-01"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise AssertionError(proc.stderr.read().decode() if proc.stderr else "no server")
    yield base
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)


def get_json(url: str) -> Any:
    return json.loads(urllib.request.urlopen(url).read())


def visit(page: Page, url: str) -> list[str]:
    """Open url; returns the console errors and page errors seen."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_error(error: Error) -> None:
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        charts = page.locator("div.chart")
        for i in range(charts.count()):
            charts.nth(i).locator(".main-svg").first.wait_for(timeout=10000)
        assert page.locator("div.chart[data-rendered=true]").count() == charts.count()
        assert page.evaluate("window.__pwned") is None
        return errors
    finally:  # the page is shared between tests: leave no listener behind
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)


def test_report_in_browser(browser: Browser, workspace_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    kept = tmp_path / "risks.toml"  # a risk of its own cell (2x5) in the matrix
    kept.write_text('[[risk]]\nid = "VENDOR"\ntitle = "Contract ends"\nlikelihood = 2\n'
                    'impact = 5\n')  # fmt: skip
    made = run_cli("report", "--out", str(out), "--risks", str(kept), "--db", str(workspace_db))
    assert made.exit_code == 0
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    assert visit(page, out.as_uri()) == []
    assert page.locator("div.chart").count() >= 5
    # At phone width nothing scrolls sideways but the tables inside their own frame.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # A click on a cell of the risk matrix keeps that cell's risks; "Show all" undoes it.
    rows = page.locator("#s-risks tr[data-filter]")
    total = rows.count()
    cell = "2x5"
    expected = page.locator(f'#s-risks tr[data-filter="{cell}"]').count()
    page.evaluate(
        "document.getElementById('chart-risks').emit('plotly_click', "
        f"{{points: [{{customdata: 'filter:{cell}'}}]}})"
    )
    assert page.locator("#s-risks tr[data-filter]:visible").count() == expected < total
    assert page.locator("#s-risks p.filtered").is_visible()
    page.locator("#s-risks button.show-all").click()
    assert page.locator("#s-risks tr[data-filter]:visible").count() == total
    # A click on the coupling graph's node shows the evidence row of that file.
    details = page.locator("#s-coupling details").first
    page.evaluate("document.querySelector('#s-coupling details').open = false")
    page.evaluate(
        "document.getElementById('chart-coupling').emit('plotly_click', "
        "{points: [{customdata: 'api:src/core.py'}]})"
    )
    assert details.evaluate("d => d.open") is True
    assert page.locator("#s-coupling tr.hit").count() == 1
    # The injected file name shows as text.
    assert page.get_by_text(EVIL_FILE.split("/")[1]).count() >= 1
    # An ADR's row unfolds its text; the payloads in it are text, not markup.
    record = page.locator("#s-decisions details.adr-text")
    assert record.evaluate("d => d.open") is False
    page.locator("#s-decisions table a[href^='#adr-']").first.click()
    page.wait_for_function("document.querySelector('#s-decisions details.adr-text').open")
    assert record.locator("article.adr h2").all_inner_texts() == [
        "Status", "Context", "Decision", "Consequences"]  # fmt: skip
    assert record.locator("img, script, a[href^='javascript']").count() == 0
    assert page.evaluate("window.__pwned") is None
    executive = tmp_path / "exec.html"
    run_cli("report", "--audience", "executive", "--out", str(executive), "--db", str(workspace_db))
    page2 = browser.new_page()
    page2.goto(executive.as_uri())
    assert page2.locator(".light").count() == 4
    # The executive brief prints on one A4 page.
    page2.emulate_media(media="print")
    pdf = page2.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_dashboard_home_and_filter_suggestions(page: Page, server: str) -> None:
    assert visit(page, server + "/") == []
    assert page.locator("#s-glance .light").count() == 4
    # The filters suggest what they can name.
    suggested = {
        kind: page.locator(f"#{kind}-names option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        for kind in ("repo", "team", "component")
    }
    assert suggested["repo"] == ["api", "web"] and suggested["team"] == ["core", "front"]
    assert {"src", "app", "doc"} <= set(suggested["component"])


@pytest.mark.parametrize("name", list(BUILDERS))
def test_dashboard_section_page_and_json_twin(page: Page, server: str, name: str) -> None:
    assert visit(page, f"{server}/section/{name}") == [], name
    twin = get_json(f"{server}/section/{name}.json")
    assert twin["sections"][0]["id"] == name
    if name == "risks":  # no dependency here, but the OSV data was read
        assert twin["sections"][0]["headline"].endswith(
            "vulnerabilities checked against the OSV data given.")  # fmt: skip


def test_dashboard_drill_down_hotspot_to_file_to_person(page: Page, server: str) -> None:
    # Drill down from the hotspots table to the file, then to a person.
    visit(page, server + "/section/hotspots")
    page.locator("#s-hotspots table a", has_text="src/core.py").first.click()
    page.wait_for_url("**/file?repo=api&path=src%2Fcore.py")
    assert page.locator("h2").first.inner_text() == "src/core.py"
    page.locator("a", has_text="Bob Jones").first.click()
    page.wait_for_url("**/person?name=Bob+Jones")
    assert "What does this person know" in page.content()


def test_dashboard_injected_commit_subject_is_text(page: Page, server: str) -> None:
    # The injected commit subject is text on the file page of the injected file.
    evil = f"{server}/file?repo=api&path={urllib.request.quote(EVIL_FILE)}"
    assert visit(page, evil) == []
    assert page.get_by_text(EVIL_SUBJECT).count() == 1


def test_dashboard_adr_page_is_sanitised(page: Page, server: str) -> None:
    # The ADR: title escaped, markdown sanitised (no javascript: link, no raw img).
    assert visit(page, f"{server}/adr?repo=api&path=doc/adr/0001-use-script.md") == []
    assert page.locator("article.adr a[href^='javascript']").count() == 0
    assert page.locator("article.adr img").count() == 0
    assert "window.__pwned=4" in page.locator("h2").first.inner_text()


def test_dashboard_component_page(page: Page, server: str) -> None:
    assert visit(page, f"{server}/component?repo=web&name=app") == []


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("risks", "A period filter does not apply: the register is as of that scan."),
        ("standards", "; a period filter does not apply to them)."),
    ],
)
def test_dashboard_period_filter_and_stored_results(server: str, name: str, says: str) -> None:
    # Results stored by a scan say that a period filter does not apply to them.
    twin = get_json(f"{server}/section/{name}.json?since=2020-01-03")
    assert twin["sections"][0]["headline"].endswith(says), name


def test_dashboard_component_filter_on_risks(server: str) -> None:
    # A component filter keeps that component's risks; whole-repository results say so.
    risks = get_json(f"{server}/section/risks.json?component=app")
    assert risks["sections"][0]["headline"].endswith(" Only the risks of app are shown.")
    assert [r[0] for r in risks["sections"][0]["tables"][0]["rows"]] == [
        "app depends on Carol White (truck factor 1)"]  # fmt: skip


def test_dashboard_component_filter_on_standards(server: str) -> None:
    cards = get_json(f"{server}/section/standards.json?component=app&since=2020-01-03")
    assert cards["sections"][0]["headline"].endswith(
        "; a period or component filter does not apply to them).")  # fmt: skip


def test_dashboard_person_files_and_successors(server: str) -> None:
    # A person's page: the files they are main developer of, and who would take over.
    # src/core.py: Alice added it and changed it in commits 1, 3, 5; Bob in 2 and 4.
    alice = get_json(f"{server}/person.json?name=Alice+Smith")
    files = alice["sections"][0]["tables"][0]
    assert files["columns"][-2:] == ["successor", "successor's share"]
    core = next(r for r in files["rows"] if r[1]["label"] == "api:src/core.py")
    assert (core[0]["label"], core[5]["label"], core[5]["link"]) == (
        "api:src", "Bob Jones", "/person?name=Bob+Jones")  # fmt: skip
    assert core[1]["link"] == "/file?repo=api&path=src%2Fcore.py"


def test_dashboard_section_links_components(page: Page, server: str) -> None:
    # Components named in a section link to their page.
    visit(page, server + "/section/knowledge")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.locator("#s-knowledge table a", has_text="api:src").first.click()
    page.wait_for_url("**/component?repo=api&name=src")
    assert page.locator("h2").first.inner_text() == "src (api)"


@pytest.mark.parametrize(
    "url", ["/", "/section/hotspots?repo=api&since=2020-01-01", "/file?repo=api&path=src%2Fcore.py"]
)
def test_dashboard_page_links_json_twin(page: Page, server: str, url: str) -> None:
    # Every page links its JSON twin, filters and drill-down keys included.
    visit(page, server + url)
    twin = page.locator("header a", has_text="JSON").get_attribute("href")
    document = get_json(server + str(twin))
    assert document["title"] and document["sections"], url


def test_dashboard_is_read_only(server: str) -> None:
    def status(path: str, method: str = "GET") -> int:
        request = urllib.request.Request(server + path, method=method)
        try:
            return int(urllib.request.urlopen(request).status)
        except urllib.error.HTTPError as error:
            return error.code

    assert status("/", "POST") == 405
    assert status("/section/hotspots", "DELETE") == 405
    assert status("/static/../../etc/passwd") == 404
    assert status("/file?repo=api&path=../../../etc/passwd") == 404
    assert status("/section/nope") == 404
    assert status("/file") == 400
    assert status("/section/hotspots?since=soon") == 400
    headers = urllib.request.urlopen(server + "/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_serve_warns_off_loopback(workspace_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "techlead", "serve", "--host", "0.0.0.0", "--port", str(port),
         "--db", str(workspace_db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        first, second = proc.stderr.readline().decode(), proc.stderr.readline().decode()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    assert first == (
        "techlead: warning: binding 0.0.0.0 exposes the dashboard beyond this machine; "
        "it has no authentication\n"
    )
    assert second == f"techlead: serving http://0.0.0.0:{port}/ (read-only; Ctrl-C stops)\n"


def test_dashboard_unknown_names_list_what_exists(server: str) -> None:
    """A filter naming something the warehouse does not hold is a 400 page that says what
    it does hold (not "the warehouse holds no repositories", and not an empty page)."""

    def error(path: str) -> tuple[int, str]:
        try:
            urllib.request.urlopen(server + path)
        except urllib.error.HTTPError as failed:
            return failed.code, json.loads(failed.read())["error"]
        raise AssertionError(f"{path} did not fail")

    assert error("/section/hotspots.json?repo=nope") == (
        400, "repo 'nope': no such repository (known: api, web)")  # fmt: skip
    code, message = error("/index.json?component=nope")
    assert code == 400 and message.startswith("component 'nope': no such component (known: ")
    assert error("/section/teams.json?team=nope") == (
        400, "team 'nope': no such team (known: core, front)")  # fmt: skip
