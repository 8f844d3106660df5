"""The hostile site, loaded in Chromium: no payload runs (no dialog, no marker), search included."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from helpers import build
from hostile import PAYLOADS, write_hostile_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_hostile_site(tmp_path_factory.mktemp("hostile-browser")))


def visit(page: Page, file: Path, dialogs: list[str]) -> None:
    page.goto(file.as_uri())
    page.wait_for_load_state("load")
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    assert page.evaluate("() => window.__pwned || 0") == 0, file
    assert dialogs == [], (file, dialogs)


def test_no_payload_runs_on_any_page(hostile_site: Path, page: Page, offline) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for name in ("index.html", "reports/index.html", "ratings.html", "claimants.html", "corrections.html"):
        visit(page, hostile_site / name, dialogs)
    for i in range(len(PAYLOADS)):
        for name in (f"hostile-{i}.html", "article.html", "index.html"):
            visit(page, hostile_site / f"reports/report-{i}" / name, dialogs)
    assert [u for u in offline.blocked if "evil.example" in u] == []


def test_searching_the_payloads_runs_none(hostile_site: Path, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_site / "index.html").as_uri())
    for word in ("Conclusion", "Notes", "Title", "Counter"):  # results whose snippets hold the payloads
        search = page.locator("input.md-search__input")
        search.click()
        search.fill("")
        search.press_sequentially(word, delay=10)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        page.locator(".md-search-result__item").first.hover()
        assert page.evaluate("() => window.__pwned || 0") == 0, word
    assert dialogs == []
