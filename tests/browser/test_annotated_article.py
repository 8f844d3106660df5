"""A reader opens the example site from disk, follows a highlight to its claim and comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import build, copy_example


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_example(tmp_path_factory.mktemp("example")))


def test_highlight_to_claim_and_back_to_the_same_passage(example_site: Path, page: Page, offline) -> None:
    report = next(p for p in (example_site / "reports").iterdir() if p.is_dir())
    page.goto((report / "article.html").as_uri())
    first_ref = page.locator(".fc-article a.fc-ref:not(.fc-ref--counter)").first
    target = first_ref.get_attribute("href")
    first_mark_id = page.locator(".fc-article mark[id^='hl-']").first.get_attribute("id")
    assert target and first_mark_id == "hl-" + target.removesuffix(".html")

    first_ref.click()
    expect(page).to_have_url((report / target).as_uri())
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".fc-context mark.fc-hl")).to_be_visible()

    page.get_by_role("link", name="See this passage in the annotated article").click()
    expect(page).to_have_url((report / "article.html").as_uri() + f"#{first_mark_id}")
    mark = page.locator(f"#{first_mark_id}")
    expect(mark).to_be_in_viewport()
    assert offline.blocked == []


def test_keyboard_reaches_every_highlight_link(example_site: Path, page: Page) -> None:
    report = next(p for p in (example_site / "reports").iterdir() if p.is_dir())
    page.goto((report / "article.html").as_uri())
    refs = page.locator(".fc-article a.fc-ref")
    expected = refs.count()
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
                             " document.activeElement.closest('.fc-article') !== null]")
        if "fc-ref" in (info[0] or "") and info[2]:
            reached.add(page.evaluate("() => [...document.querySelectorAll('.fc-article a.fc-ref')]"
                                      ".indexOf(document.activeElement)"))
        if len(reached) == expected:
            break
    assert len(reached) == expected > 0
