"""A reader finds a claim by a word of it in the site's language, from disk, in Ukrainian, Spanish, Arabic and
Chinese (written without spaces: the index is cut into words when it is built)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import build
from languages import LANGUAGES, Language, make_language_site


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Path]:
    lang = LANGUAGES[request.param]
    return lang, build(make_language_site(tmp_path_factory.mktemp(lang.code), lang))


def test_search_finds_the_claim_by_a_word_in_the_sites_language(built: tuple[Language, Path], page: Page,
                                                                  offline) -> None:
    lang, site = built
    page.goto((site / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill(lang.search_word)  # typed as an input method would commit it (not key by key)
    search.press("End")
    claim = page.locator('.md-search-result__item a[href$="reports/jobs/jobs.html"]')
    expect(claim).to_be_visible(timeout=15000)
    expect(claim).to_contain_text(lang.claim)
    claim.click()
    expect(page).to_have_url(re.compile(re.escape((site / "reports/jobs/jobs.html").as_uri())))
    expect(page.locator("h1")).to_contain_text(lang.claim)  # quoted, after the verdict
    assert offline.blocked == [], offline.blocked


@pytest.mark.parametrize("path", ["reports/wheat/wheat.html", "reports/wheat/article.html", "reports/jobs/index.html"])
def test_pages_with_text_in_two_languages_and_directions_have_no_axe_violations(
        built: tuple[Language, Path], page: Page, path: str) -> None:
    from test_accessibility import axe_violations

    lang, site = built
    found = axe_violations(page, site / path, "light")
    assert not found, f"{lang.code} {path}: " + "\n".join(found)
