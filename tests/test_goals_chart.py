"""The report's "Goals" section and its chart, drawn by Debian's chromium through
Playwright: every panel renders, no console error, labels from goals.toml stay text.
The history is test_goals.py's (calc.py's complexity 9, 8, 7, 6, 5 a month)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import ConsoleMessage, sync_playwright

from test_goals import goals_file, workspace

from conftest import run_cli

__all__ = ["workspace"]  # the module-scoped fixture, shared with test_goals.py

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def test_goals_section_in_the_browser(workspace: Path, tmp_path: Path) -> None:
    goals = goals_file(tmp_path, "target = 3\ndeadline = 2020-09-01",
                       "target = 1\ndeadline = 2020-07-01\nbaseline = 2020-04-20")  # fmt: skip
    goals.write_text(goals.read_text().replace('"O1"', '"<b onmouseover=x>O1</b>"'))
    out = tmp_path / "report.html"
    made = run_cli("report", "--out", str(out), "--db", str(workspace / "wh.duckdb"),
                   cwd=tmp_path)  # fmt: skip
    assert made.exit_code == 0, made.output
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(out.as_uri())
        chart = page.locator("#s-goals div.chart")
        chart.locator(".main-svg").first.wait_for(timeout=10000)
        assert chart.get_attribute("data-rendered") == "true"
        # Two panels, each titled with its key result (the markup in the id shown as text).
        titles = chart.locator("text.annotation-text").all_text_contents()
        assert titles == [
            "<b onmouseover=x>O1</b> · hotspot-complexity-max of workspace: on track",
            "<b onmouseover=x>O1</b> · hotspot-complexity-max of workspace: at risk",
        ]
        assert chart.locator("b").count() == 0
        assert page.locator("#s-goals").inner_text().count("on track") >= 1
        chart.screenshot(path=str(tmp_path / "goals.png"))
        browser.close()
    assert errors == []
