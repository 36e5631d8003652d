"""The dashboard's delivery page (/delivery and its JSON twin) over real HTTP and in
Debian's chromium: the filters narrow it, a release tag's name stays text, and a phone's
width does not scroll sideways.

The workspace: app (team core), whose policy (techlead.toml [policy]) takes every tag
starting with v as a release: v1 on a1 (1 Jun 2022 00:00, tagged 12:00) and a tag named
like markup on a2 (2 Jun 00:00, tagged 3 Jun 00:00); docs, with no tag at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from test_hostile_serve import fetched, first_section, serving

from conftest import GitRepo, scan_json

HOSTILE = "v2<script>alert(1)</script>"
TAGGER = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com"}


@pytest.fixture(scope="module")
def server(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("delivery-page")
    app, docs = GitRepo(root / "app"), GitRepo(root / "docs")
    a1 = app.commit("add a", files={"a": "1\n"}, date="2022-06-01T00:00:00+00:00")
    app.git("tag", "-a", "-m", "r", "v1", a1,
            env={**TAGGER, "GIT_COMMITTER_DATE": "2022-06-01T12:00:00+00:00"})  # fmt: skip
    a2 = app.commit("add b", files={"b": "1\n"}, date="2022-06-02T00:00:00+00:00")
    app.git("tag", "-a", "-m", "r", HOSTILE, a2,
            env={**TAGGER, "GIT_COMMITTER_DATE": "2022-06-03T00:00:00+00:00"})  # fmt: skip
    docs.commit("page", files={"index.md": "hi\n"}, date="2022-06-01T00:00:00+00:00")
    config = root / "techlead.toml"
    config.write_text(f"[policy]\nrelease_tag_pattern = '^v'\n\n[[repos]]\npath = '{app.path}'\n"
                      f"team = 'core'\n\n[[repos]]\npath = '{docs.path}'\n")  # fmt: skip
    db = root / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db), "--now", "2022-07-01")
    with serving(db, "--now", "2022-07-01", "--no-trends") as url:
        yield url


def test_the_page_and_its_json_twin(server: str) -> None:
    section = first_section(server + "/delivery.json")
    # [2 Apr, 1 Jul 2022) holds v1 (lead 12 h) and the markup tag (a2: 24 h): median 18;
    # no revert and no patch release: 0 of 2 failed. docs has no tag at all.
    assert section["id"] == "delivery"
    assert section["headline"] == (
        "In the 90 days to 2022-07-01: 2 releases (0.67 per 30 days, DORA band fewer); "
        "median lead time 18 hours over 2 commits; 0 of 2 releases were followed by a "
        "revert or a fixing patch release (change failure rate 0%). 1 repository has no "
        "release tag (docs): not measured."
    )
    html = fetched(server + "/delivery")
    assert HOSTILE not in html and "<script>alert(1)" not in html
    assert "v2&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'name="repo"' in html  # the filters are on the page


def test_the_filters_narrow_it(server: str) -> None:
    docs = first_section(server + "/delivery.json?repo=docs")
    assert docs["headline"].startswith("No release tags: 1 repository has no release tag (docs)")
    # since 3 Jun: the markup tag alone (v1 was tagged on 1 Jun)
    later = first_section(server + "/delivery.json?team=core&since=2022-06-03&until=2022-07-01")
    assert later["headline"].startswith(
        "In the 28 days to 2022-07-01: 1 release (1.07 per 30 days, DORA band monthly)"
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
                page.goto(server + "/delivery")
                page.wait_for_selector("#s-delivery")
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                assert errors == []
                page.close()
        finally:
            browser.close()
