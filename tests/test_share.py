"""What travels beyond the site, read from a real build: OpenGraph and Twitter card tags with share
cards, Atom feeds, and text-fragment links to the quoted passage in the original article."""

from __future__ import annotations

import functools
import re
import shutil
from html import unescape
from pathlib import Path

import feedparser
import pytest
import yaml

from helpers import MKDOCS_YML, build, claim, make_site, taxes_claim, write_report
from PIL import Image

SITE_URL = yaml.safe_load(MKDOCS_YML)["site_url"]
ARTICLE_URL = "https://news.example.org/mayor-interview?id=7"
ARABIC_BODY = "قال رئيس البلدية إن الجريمة انخفضت بنسبة 20% في العام الماضي، وهو أكبر انخفاض مسجل.\n"
JAPANESE_BODY = "知事は月曜日、「昨年の犯罪は二割減少した」と述べた。過去最大の減少だという。\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    draft = claim(id="draft-claim", quote="crime rose in the city centre", claim="Crime rose in the centre",
                  status="draft", counterclaims=[])
    corrected = taxes_claim(corrections=[{"date": "2025-03-12", "text": "An earlier version misnamed the council."}],
                            updated="2025-03-12")
    withdrawn = claim(id="withdrawn-claim", quote="biggest drop", claim="It was the biggest drop on record",
                      status="withdrawn", withdrawal={"date": "2025-04-01", "reason": "The quote was misread."},
                      counterclaims=[])
    root = make_site(tmp_path_factory.mktemp("share"), claims=[claim(), corrected, draft, withdrawn],
                     front={"url": ARTICLE_URL})
    content = root / "content"
    (content / "about.md").write_text("# About us\n\nA page the desk wrote.\n", encoding="utf-8")
    write_report(content, "arabic-report", [claim(id="arabic-claim", quote="الجريمة انخفضت بنسبة 20% في العام الماضي",
                                                   claim="انخفضت الجريمة بنسبة الخمس في العام الماضي",
                                                   claimant={"name": "رئيس البلدية", "type": "person"},
                                                   counterclaims=[])],
                 body=ARABIC_BODY, front={"title": "مقابلة مع رئيس البلدية", "language": "ar"})
    write_report(content, "tokyo", [claim(id="tokyo-claim", quote="昨年の犯罪は二割減少した", claim="昨年、犯罪は二割減った",
                                          claimant={"name": "東京都知事", "type": "person"}, counterclaims=[])],
                 body=JAPANESE_BODY, front={"title": "知事会見", "language": "ja", "url": "https://news.example.jp/a"})
    build(root)
    return root


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return root / "site"


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url[len(SITE_URL):]


def test_every_page_has_open_graph_and_twitter_tags_with_absolute_urls(site: Path) -> None:
    every = pages(site)
    assert len(every) >= 12 and site / "about.html" in every  # the desk's own page too
    for page in every:
        html = page.read_text("utf-8")
        own_url = SITE_URL + page.relative_to(site).as_posix()
        assert meta(html, "og:url") == own_url, page
        assert meta(html, "og:title") and meta(html, "og:description"), page
        assert meta(html, "og:type") in ("article", "website"), page
        assert meta(html, "twitter:card") == "summary_large_image", page
        image = meta(html, "og:image")
        assert image and meta(html, "twitter:image") == image, page
        with Image.open(local(site, image)) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630)), page


def test_each_claim_has_its_own_card_and_its_tags_lead_with_the_verdict(site: Path) -> None:
    html = (site / "reports/mayor-interview/taxes-lower.html").read_text("utf-8")
    assert meta(html, "og:image") == SITE_URL + "cards/claims/taxes-lower.png"
    assert meta(html, "og:description").startswith("False: “Taxes are at their lowest level” — Jane Mayor. ")
    report = (site / "reports/mayor-interview/index.html").read_text("utf-8")
    assert meta(report, "og:image") == SITE_URL + "cards/reports/mayor-interview.png"
    assert meta((site / "index.html").read_text("utf-8"), "og:image") == SITE_URL + "cards/site.png"
    cards = {p.relative_to(site).as_posix() for p in (site / "cards").rglob("*.png")}
    assert "cards/claims/draft-claim.png" not in cards, "nothing of a draft is published"
    assert {"cards/claims/crime-fell.png", "cards/claims/arabic-claim.png", "cards/claims/tokyo-claim.png",
            "cards/claims/withdrawn-claim.png", "cards/reports/tokyo.png", "cards/site.png"} <= cards


def test_every_page_links_both_feeds(site: Path) -> None:
    assert (site / "about.html").is_file()
    for page in pages(site):
        html = page.read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        up = "../" * (len(page.relative_to(site).parts) - 1)
        assert links == [f"{up}feed.xml", f"{up}corrections.xml"], page
        assert all((page.parent / link).resolve() in {site / "feed.xml", site / "corrections.xml"} for link in links)


def test_the_feed_has_one_entry_per_published_fact_check_with_its_verdict(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Test Desk: fact checks"
    titles = {e.link.rsplit("/", 1)[1]: e.title for e in feed.entries}
    assert set(titles) == {"crime-fell.html", "taxes-lower.html", "arabic-claim.html", "tokyo-claim.html"}
    assert titles["taxes-lower.html"] == "False: “Taxes are at their lowest level”, says Jane Mayor", "the page's own title"
    for entry in feed.entries:
        assert entry.id == entry.link and entry.link.startswith(SITE_URL)
        assert entry.title.split(":")[0] in entry.summary
        assert entry.published and entry.updated
    assert "Crime rose in the centre" not in (site / "feed.xml").read_text("utf-8")


def test_the_corrections_feed_lists_corrections_and_withdrawals(site: Path) -> None:
    feed = feedparser.parse((site / "corrections.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [(e.title, e.updated[:10]) for e in feed.entries] == [
        ("Withdrawn, no verdict: “It was the biggest drop on record” — Jane Mayor", "2025-04-01"),
        ("Correction to False: “Taxes are at their lowest level” — Jane Mayor", "2025-03-12")]
    assert feed.entries[1].summary == "An earlier version misnamed the council. Our verdict: False."
    assert feed.entries[1].id == SITE_URL + "reports/mayor-interview/taxes-lower.html#correction-2025-03-12-1"


def test_claim_pages_link_to_the_passage_in_the_original_where_the_article_has_an_address(site: Path) -> None:
    html = (site / "reports/mayor-interview/crime-fell.html").read_text("utf-8")
    deep = unescape(re.search(r'<a href="([^"]+)"[^>]*>See this passage in the original article</a>', html).group(1))
    assert deep == ARTICLE_URL + "#:~:text=on%20Monday%20that-,crime%20fell%20by%2020%25%20last%20year,-%2C%20the%20biggest"
    assert f'href="{ARTICLE_URL}"' in html.replace("&amp;", "&"), "the plain link stays beside it"
    japanese = (site / "reports/tokyo/tokyo-claim.html").read_text("utf-8")
    assert "https://news.example.jp/a#:~:text=%E3%80%8C-,%E6%98%A8%E5%B9%B4" in japanese
    arabic = (site / "reports/arabic-report/arabic-claim.html").read_text("utf-8")
    assert ":~:text=" not in arabic and "original article" not in arabic


def test_a_cached_build_is_byte_identical_to_a_clean_one(root: Path, tmp_path: Path) -> None:
    first = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    cached = build(copy)
    assert {p.relative_to(cached): p.read_bytes() for p in cached.rglob("*") if p.is_file()} == first
    shutil.rmtree(copy / ".factcheck-cache")
    clean = build(copy)
    assert {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()} == first


@pytest.mark.parametrize("cores", [2, 1])
def test_cards_drawn_in_another_process_are_the_bytes_drawn_in_this_one(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    import multiprocessing

    from generator import cards, cardwork

    first = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    monkeypatch.setattr(cardwork, "BACKGROUND_FROM", 1)  # every build with a missing card uses the other process
    monkeypatch.setattr(cardwork, "cores", lambda: cores)  # unless there is one core only
    if cores > 1:  # this process draws no card: the other one (which has the real `draw`) draws them all
        monkeypatch.setattr(cardwork.CardWork, "finish", functools.partialmethod(cardwork.CardWork.finish, share=False))
        monkeypatch.setattr(cards, "draw", lambda card: pytest.fail("drawn in the build's own process"))
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".factcheck-cache"))
    built = build(copy)
    assert {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()} == first
    assert multiprocessing.active_children() == [], "no process is left behind"


def test_a_card_the_other_process_cannot_write_fails_the_build_and_keeps_the_previous_site(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from helpers import run

    from generator import cardwork

    monkeypatch.setattr(cardwork, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(cardwork, "cores", lambda: 2)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    before = {p.relative_to(copy / "site"): p.read_bytes() for p in (copy / "site").rglob("*") if p.is_file()}
    cached = sorted((copy / ".factcheck-cache" / "cards").glob("*.png"))
    for png in cached[len(cached) // 2:]:  # no card can be written where a folder is in the way
        png.unlink()
        png.mkdir()
    result = run("build", cwd=copy)
    assert result.exit_code == 1
    assert "cannot write the share cards into" in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert {p.relative_to(copy / "site"): p.read_bytes() for p in (copy / "site").rglob("*") if p.is_file()} == before
    assert multiprocessing.active_children() == []
    assert not list((copy / ".factcheck-cache" / "cards").glob("*.tmp")), "no half-written card is left"


def test_a_content_file_named_like_a_feed_or_a_card_is_an_error(tmp_path: Path) -> None:
    from generator.pipeline import check_content

    content = tmp_path / "content"
    write_report(content)
    (content / "cards").mkdir()
    (content / "cards" / "site.png").write_bytes(b"\x89PNG")
    (content / "feed.xml").write_text("<feed/>", encoding="utf-8")
    errors = [str(p) for p in check_content(content, "content").problems if p.severity == "error"]
    assert errors == [("content/cards/site.png:1: error: cards/site.png is named like a file the build writes "
                       "(cards/site.png); rename or move it"),
                      ("content/feed.xml:1: error: feed.xml is named like a file the build writes (feed.xml); "
                       "rename or move it")]


def test_a_card_cache_that_cannot_be_written_fails_the_build_with_a_message(tmp_path: Path) -> None:
    from helpers import run

    root = make_site(tmp_path)
    (root / ".factcheck-cache").mkdir()
    (root / ".factcheck-cache" / "cards").write_text("in the way", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "cannot write the share cards into" in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
