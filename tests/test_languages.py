"""Sites in four languages and three scripts (Cyrillic, Latin, Arabic right to left, Chinese without spaces):
every word on the built pages is the site's language's, dates use its month names, and text in another
language carries its own `lang` and `dir`."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import build
from languages import FOREIGN, LANGUAGES, Language, make_language_site
from generator.direction import direction, marks
from generator.labels import REFERENCE, Value, shipped_table
from generator.load import _default_scale

CODES = sorted(LANGUAGES)


@pytest.fixture(scope="module", params=CODES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Path]:
    """Each language's site, built once for this module."""
    lang = LANGUAGES[request.param]
    return lang, build(make_language_site(tmp_path_factory.mktemp(lang.code), lang))


class Reader(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, with aria-label, title and alt texts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in ("aria-label", "title", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def claim_review(html: str) -> dict:
    """The page's JSON-LD."""
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


def shown_text(page: Path) -> str:
    reader = Reader()
    reader.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(reader.parts).split())


def english_phrases(language: str) -> set[str]:
    """Every run of words of the English labels (and of the default scale) that the language's table does not
    share: none of them may appear on a page of that language."""
    def runs(value: Value) -> list[str]:
        texts = [value] if isinstance(value, str) else list(value.values())
        return [run.strip(" ,.:;()—") for text in texts for run in re.split(r"\{[a-z_]+\}", text)]

    english, own = shipped_table(REFERENCE), shipped_table(language)
    theirs = {run for value in own.values() for run in runs(value)}
    found = {run for key, value in english.items() if key != "date.format" for run in runs(value)}
    found |= {text for rating in _default_scale().ratings for text in (rating.label, rating.description)}
    return {run for run in found - theirs if re.search(r"[A-Za-z]{3}", run)}


def test_no_english_label_appears_on_any_page(built: tuple[Language, Path]) -> None:
    lang, site = built
    phrases = english_phrases(lang.code)
    assert len(phrases) > 120
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        text = shown_text(page)
        found = sorted(p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text))
        assert found == [], f"{page.relative_to(site)}: English labels {found}"


def test_dates_use_the_languages_month_names_and_stay_iso_for_machines(built: tuple[Language, Path]) -> None:
    lang, site = built
    claim = (site / "reports/jobs/jobs.html").read_text(encoding="utf-8")
    shown = re.findall(r'<time datetime="2025-03-10">([^<]+)</time>', claim)
    assert shown and all(lang.month in date and "2025" in date for date in shown), shown
    assert "March" not in shown_text(site / "reports/jobs/jobs.html")
    review = claim_review(claim)
    assert review["datePublished"] == "2025-03-10"


def test_the_page_has_the_sites_language_and_direction(built: tuple[Language, Path]) -> None:
    lang, site = built
    for page in ("index.html", "reports/jobs/jobs.html", "reports/jobs/article.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{lang.code}"', html), page
        assert re.search(r'<body dir="(\w+)"', html).group(1) == lang.direction, page  # type: ignore[union-attr]


def test_text_in_another_language_carries_its_lang_and_dir_on_every_page_it_appears(
        built: tuple[Language, Path]) -> None:
    lang, site = built
    foreign = f' lang="{lang.foreign}" dir="{direction(lang.foreign)}"'
    article = (site / "reports/wheat/article.html").read_text(encoding="utf-8")
    assert f'<div class="fc-article"{foreign}>' in article
    assert f"<h1{foreign}>" in article
    claim = (site / "reports/wheat/wheat.html").read_text(encoding="utf-8")
    assert f'<blockquote class="fc-context__text"{foreign}>' in claim
    assert re.search(rf'<p class="fc-kicker" data-search-exclude(?:="")?><a href="[^"]+"{foreign}>', claim)
    assert f"<h1{foreign}>" in (site / "reports/wheat/index.html").read_text(encoding="utf-8")
    for listing in ("index.html", "reports/index.html"):
        assert re.search(rf'<a href="[^"]*wheat/index.html"{foreign}>', (site / listing).read_text(encoding="utf-8"))
    native = (site / "reports/jobs/article.html").read_text(encoding="utf-8")
    assert '<div class="fc-article">' in native, "text in the site's language needs no marks of its own"


def test_claimreview_is_in_the_sites_language_and_its_appearance_in_the_articles(
        built: tuple[Language, Path]) -> None:
    lang, site = built
    claim = (site / "reports/wheat/wheat.html").read_text(encoding="utf-8")
    review = claim_review(claim)
    assert review["inLanguage"] == lang.code
    assert review["itemReviewed"]["appearance"]["inLanguage"] == lang.foreign
    assert review["reviewRating"]["alternateName"] == shipped_table(lang.code)["scale.mostly-false"]


def test_the_right_to_left_rule_comes_from_cldr() -> None:
    assert [direction(tag) for tag in ("ar", "he", "fa", "ur", "ar-EG", "en", "zh", "uk", "xx-unknown")] == \
        ["rtl"] * 5 + ["ltr"] * 4
    assert marks("ar", "en") == ' lang="ar" dir="rtl"'
    assert marks("en", "ar") == ' lang="en" dir="ltr"'
    assert marks("pt-BR", "pt_br") == "" and marks(None, "en") == ""
    assert marks('x"><script>', "en") == ' lang="x&#34;&gt;&lt;script&gt;" dir="ltr"'


def test_the_search_index_holds_the_claims_words_as_words(built: tuple[Language, Path]) -> None:
    """Chinese is cut into words when the index is built (Material's search with jieba), so a word from the
    middle of a phrase is a term of its own; every language's word is found as a whole term."""
    lang, site = built
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    title = next(doc["title"] for doc in index["docs"] if doc["location"] == "reports/jobs/jobs.html")
    assert lang.search_word in re.split(index["config"]["separator"], title)


def test_the_articles_publisher_is_isolated_in_its_own_direction_beside_text_of_the_sites(
        built: tuple[Language, Path]) -> None:
    lang, site = built
    foreign = f' lang="{lang.foreign}" dir="{direction(lang.foreign)}"'
    for page in ("index.html", "reports/wheat/index.html", "reports/wheat/article.html", "reports/wheat/wheat.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(rf"<span{foreign}>[^<]+</span>", html), page


def test_the_foreign_articles_search_text_is_its_own_words_only(built: tuple[Language, Path]) -> None:
    """Verdict links after a passage stay out of the index: a search result shows the article as written."""
    lang, site = built
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("reports/wheat/article.html"))
    assert FOREIGN[lang.foreign][2] in text.replace("\u200b", "")
    assert str(shipped_table(lang.code)["scale.mostly-false"]) not in text
    assert lang.foreign_claim not in text


def test_the_chart_makes_room_for_the_longest_label_in_any_script() -> None:
    from generator.views import RatingView, chart_view

    def chart(label: str):  # type: ignore[no-untyped-def]
        return chart_view([(RatingView("x", label, "?", "", "none", None), 1)])

    assert chart("True").bar_x == 130
    long, wide = chart("Неможливо перевірити"), chart("无法证实无法证实无法证实")
    assert long.bar_x > 130 and wide.bar_x > long.bar_x
    assert all(c.rows[0].count_x + 20 <= 360 for c in (long, wide))
