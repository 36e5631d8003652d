"""The dashboard's work page (/work and its JSON twin) over real HTTP and in Debian's
chromium: the filters narrow it, a team's name stays text, and a phone's width does not
scroll sideways.

The workspace: app, as of 2022-07-01 (refactor_days 21):
  a1 2022-06-01 Alice: a.txt, 3 lines                  new 3
  a2 2022-06-05 Bob: a.txt line 1 replaced (4 days old) rework 1
Bob is of a team named like markup; Alice of none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from test_hostile_serve import fetched, first_section, serving

from conftest import BOB, GitRepo, scan_json

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def server(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("work-page")
    app = GitRepo(root / "app")
    app.commit("a1", files={"a.txt": "one\ntwo\nthree\n"}, date="2022-06-01T12:00:00+00:00")
    app.commit("a2", author=BOB, files={"a.txt": "ONE\ntwo\nthree\n"},
               date="2022-06-05T12:00:00+00:00")  # fmt: skip
    config = root / "techlead.toml"
    config.write_text(f"[[repos]]\npath = '{app.path}'\n\n[teams.'{HOSTILE}']\n"
                      "members = ['bob@example.com']\n")  # fmt: skip
    db = root / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db), "--now", "2022-07-01")
    with serving(db, "--now", "2022-07-01", "--no-trends") as url:
        yield url


def test_the_page_and_its_json_twin(server: str) -> None:
    section = first_section(server + "/work.json")
    # [2021-07-01, 2022-07-01): a1's 3 new lines and a2's 1 reworked: 75 %, 0 %, 25 %;
    # one quarter (2022 Q2, whole: it ends on 07-01), so no trend is said
    assert section["id"] == "work"
    assert section["headline"].startswith(
        "In the 12 months to 2022-07-01: 4 changed lines: 75% new work, 0% refactoring of "
        "older code, 25% rework. Rework is code rewritten or deleted within 21 days"
    )
    html = fetched(server + "/work")
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # Bob's team, in the team table
    assert 'name="repo"' in html  # the filters are on the page


def test_the_filters_narrow_it(server: str) -> None:
    # since 2 Jun: a2 alone, 1 line reworked
    later = first_section(server + "/work.json?since=2022-06-02&until=2022-07-01")
    assert later["headline"].startswith(
        "In the 29 days to 2022-07-01: 1 changed line: 0% new work, 0% refactoring of older "
        "code, 100% rework."
    )


def test_no_sideways_scroll_on_a_phone(server: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        errors: list[str] = []
        try:
            for width in (1366, 390):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(server + "/work")
                page.wait_for_selector("#s-work")
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                assert errors == []
                page.close()
        finally:
            browser.close()
