"""The radar page of every corpus radar in Debian's chromium driven by Playwright, at a
phone's width (390 px) and a desktop's: the page never scrolls sideways, and the text of the
picture, the key and the legend keeps a readable size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from techlead.decisions.radar import load
from techlead.decisions.radar_render import picture
from techlead.render.radar import radar_page

from conftest import CORPUS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
RADARS = sorted((CORPUS / "radar").iterdir())
NUMBER, RING_NAME = 11, 13  # the SVG font sizes of a blip's number and a ring's name


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, path: Path, width: int, out: Path) -> Page:
    out.write_text(radar_page(picture(load(path)), path.name))
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(out.as_uri())
    return page


def smallest_font(page: Page, selector: str) -> float:
    return float(page.evaluate(
        f"Math.min(...[...document.querySelectorAll({selector!r})]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
    ))  # fmt: skip


@pytest.mark.parametrize("path", RADARS, ids=lambda p: p.name.split("--")[1])
def test_on_a_phone_one_readable_quadrant_at_a_time(
    browser: Browser, path: Path, tmp_path: Path
) -> None:
    page = open_page(browser, path, 390, tmp_path / "radar.html")
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # no sideways
        assert not page.locator("svg.radar-whole").is_visible()
        views = page.locator(".radar-view svg")
        assert views.count() == len(load(path).quadrants)
        for i in range(views.count()):
            view = views.nth(i)
            assert view.is_visible()
            # Drawn at 3/4 of its size or more: numbers of 11 units are 8.25 px or more.
            scale = view.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
            assert scale >= 0.75 and NUMBER * scale >= 8.25 and RING_NAME * scale >= 9.75
            # The drawing the view shows through <use> is there.
            assert view.evaluate("s => s.querySelector('use').getBBox().width") > 0
        # The key and the legend are HTML text of a readable size.
        assert smallest_font(page, ".radar-key li, .legend li, .radar-view-name") >= 14
    finally:
        page.close()


@pytest.mark.parametrize("path", RADARS, ids=lambda p: p.name.split("--")[1])
def test_on_a_desktop_the_whole_picture(browser: Browser, path: Path, tmp_path: Path) -> None:
    page = open_page(browser, path, 1366, tmp_path / "radar.html")
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1366
        whole = page.locator("svg.radar-whole")
        assert whole.is_visible() and not page.locator(".radar-views").is_visible()
        # Drawn at its own size (the largest, Knowit's, is 1168 wide): text as designed.
        scale = whole.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
        assert scale == pytest.approx(1.0, abs=0.001)
    finally:
        page.close()
