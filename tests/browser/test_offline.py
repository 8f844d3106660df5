"""A reader in the field opens the site from disk with no network: search and links all work."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from helpers import build, copy_example


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("offline"))


def word_only_in_one_claims_notes(content: Path) -> tuple[str, str, str]:
    """(word, report, claim id) for a word that appears in one claim's notes and nowhere else in the content.

    The longest such word, so that search's stemming does not match it to other words.
    """
    everything = Counter(w.lower() for f in content.rglob("*.*") for w in re.findall(r"[A-Za-z]{7,}", f.read_text()))
    candidates = []
    for claims_file in sorted(content.glob("*/claims.yml")):
        for claim in yaml.safe_load(claims_file.read_text(encoding="utf-8"))["claims"]:
            for word in re.findall(r"[A-Za-z]{7,}", claim.get("notes", "")):
                if everything[word.lower()] == 1:
                    candidates.append((len(word), word, claims_file.parent.name, claim["id"]))
    assert candidates, "no word is unique to one claim's notes"
    return max(candidates)[1:]


def test_search_and_links_work_from_disk_without_network(example: Path, page: Page, offline) -> None:
    site = build(example)
    word, report, claim_id = word_only_in_one_claims_notes(example / "content")
    page.goto((site / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15000)
    assert results.count() == 1
    results.first.locator("a").first.click()
    claim_page = site / "reports" / report / f"{claim_id}.html"
    expect(page).to_have_url(re.compile(re.escape(claim_page.as_uri())))
    expect(page.locator(".fc-notes")).to_contain_text(word)

    page.locator(".fc-kicker a").click()  # claim -> report overview
    expect(page).to_have_url((site / "reports" / report / "index.html").as_uri())
    expect(page.locator("svg[role=img] title")).to_contain_text("Claims by rating")
    page.get_by_role("link", name="Read the annotated article").click()
    expect(page).to_have_url((site / "reports" / report / "article.html").as_uri())
    page.get_by_role("link", name="Ratings", exact=True).first.click()
    expect(page).to_have_url((site / "ratings.html").as_uri())
    page.get_by_role("link", name="Home", exact=True).first.click()
    expect(page).to_have_url((site / "index.html").as_uri())
    assert offline.blocked == [], offline.blocked


def test_no_page_refers_to_a_network_address_for_what_it_loads(example: Path) -> None:
    site = example / "site" if (example / "site").exists() else build(example)
    loaded = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', re.I)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = [m.group(0) for m in loaded.finditer(html) if 'rel="canonical"' not in m.group(0)]
        assert found == [], (page, found)
