"""A real site built by MkDocs from small synthetic content: every page kind, read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import assert_template_mistake_fails_the_build, build, claim, injection_findings, make_site, run, taxes_claim

SPANNING = claim(id="biggest-drop", quote="crime fell by 20% last year, the biggest drop on record",
                 claim="The fall was the biggest on record", rating="half-true", counterclaims=[])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("desk"), claims=[taxes_claim(), claim(), SPANNING])
    return build(root)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_a_false_claim_is_never_stated_as_fact_only_quoted_after_its_verdict(site: Path) -> None:
    claim_text = "Taxes are at their lowest level"
    page = read(site, "reports/mayor-interview/taxes-lower.html")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)
    for shown in (title, h1):
        assert shown.startswith("False: “"), shown
        assert shown.replace(f"“{claim_text}”", "") == shown.replace(f"“{claim_text}”", "").replace(claim_text, ""), \
            "the claim's words appear only inside the quotation marks"
        assert f"False: “{claim_text}”, says Jane Mayor" in shown
    assert '<meta name="description" content="False. Council figures show taxes rose.">' in page
    for share in ('property="og:title"', 'name="twitter:title"'):
        assert re.search(rf'<meta {share} content="False: “{claim_text}”, says Jane Mayor">', page), share
    index = json.loads(read(site, "search/search_index.json"))["docs"]
    entry = next(d for d in index if d["location"] == "reports/mayor-interview/taxes-lower.html")
    assert entry["title"] == f"False: “{claim_text}”, says Jane Mayor"
    assert "False" in entry["text"]
    for doc in index:  # a badge's icon never runs into the words before it ("June✗ False")
        assert not re.search(r"[✗✓◐⇄]", doc["title"] + doc["text"]), doc["location"]
    for path in ("reports/mayor-interview/index.html", "claimants.html"):
        listed = read(site, path)
        assert f">{claim_text}<" not in listed and f"“{claim_text}”" in listed, path
        row = listed[:listed.index(f"“{claim_text}”")].rsplit("<li>" if "claimants" in path else "<tr", 1)[1]
        assert "False</span>" in row, f"{path}: the verdict comes first"


def test_the_right_of_reply_reads_as_a_sentence_whether_or_not_it_was_sought(tmp_path: Path) -> None:
    site = build(make_site(tmp_path, claims=[claim(), taxes_claim(reply={"not_sought": "The figure is on record."})]))
    contacted = read(site, "reports/mayor-interview/crime-fell.html").split('id="reply"')[1].split("</section>")[0]
    assert re.search(r"<p>We contacted Jane Mayor on <time[^>]*>5 March 2025</time>\.</p>\s*<p>Jane Mayor replied:</p>"
                     r"\s*<blockquote><p>The mayor's office stood by the figure.</p></blockquote>", contacted), contacted
    not_sought = read(site, "reports/mayor-interview/taxes-lower.html")
    assert "<p>We did not ask Jane Mayor for comment: The figure is on record.</p>" in not_sought


def test_every_page_kind_is_built(site: Path) -> None:
    for path in ["index.html", "reports/index.html", "ratings.html", "claimants.html", "corrections.html",
                 "reports/mayor-interview/index.html", "reports/mayor-interview/article.html",
                 "reports/mayor-interview/crime-fell.html", "reports/mayor-interview/taxes-lower.html",
                 "assets/factcheck.css"]:
        assert (site / path).is_file(), path
    assert not (site / "mayor-interview").exists(), "report sources must not be published"


def test_claim_page_leads_with_the_verdict_card_then_the_quote_in_context_and_byline(site: Path) -> None:
    page = read(site, "reports/mayor-interview/crime-fell.html")
    assert re.search(r"<h1[^>]*>Mostly true: “Crime fell by a fifth last year”, says Jane Mayor</h1>", page)
    card = page.split('<section class="fc-verdict ')[1].split("</section>")[0]
    assert '✓</span> Mostly true</span>' in card
    assert "Police figures show a fall of 18%." in card
    body = page.split("<article")[1].split("</article>")[0]
    assert body.count("Police figures show a fall of 18%.") == 1, "the ruling is not repeated lower down"
    context = page.split('class="fc-context"')[1].split("</figure>")[0]
    assert re.search(r'<mark class="fc-hl fc-hl--claim fc-tone-3">crime fell by 20% last year</mark>', context)
    assert 'href="article.html#hl-crime-fell"' in context
    assert "<strong>police figures</strong>" in page  # notes are Markdown
    assert "City Police" in page and 'href="https://example.org/police/2024"' in page
    assert "Checked by A. Checker" in page and "Edited by E. Ditor" in page
    assert '<time datetime="2025-03-10">10 March 2025</time>' in page


def test_previous_and_next_follow_article_order(site: Path) -> None:
    first = read(site, "reports/mayor-interview/crime-fell.html")
    assert 'rel="prev"' not in first and 'href="biggest-drop.html" rel="next"' in first
    middle = read(site, "reports/mayor-interview/biggest-drop.html")
    assert 'href="crime-fell.html" rel="prev"' in middle and 'href="taxes-lower.html" rel="next"' in middle


def test_annotated_article_links_both_ways_and_survives_markup(site: Path) -> None:
    page = read(site, "reports/mayor-interview/article.html")
    assert 'id="hl-crime-fell"' in page and 'id="hl-biggest-drop"' in page and 'id="hl-taxes-lower"' in page
    assert re.search(r'<a class="fc-ref fc-tone-3" href="crime-fell.html"[^>]*>', page)
    assert re.search(r'<a class="fc-ref fc-tone-0" href="taxes-lower.html"[^>]*>', page)
    # The spanning quote runs across emphasis and into a link: it is marked inside both.
    article = page.split('class="fc-article"')[1]
    assert re.search(r"<em><mark[^>]*fc-tone-2[^>]*>(<mark[^>]*>)?crime fell", article)
    assert re.search(r'<a href="https://example.org/stats"[^>]*><mark class="fc-hl fc-hl--claim fc-tone-2">'
                     r"biggest drop</mark></a>", article)
    # Overlapping spans are both shown: the first claim's words sit inside two marks.
    assert re.search(r"<mark[^>]*>\s*<mark[^>]*>crime fell by 20% last year</mark></mark>", article)
    assert 'class="fc-hl fc-hl--counter"' in article and 'id="hl-crime-fell-counter-1"' in article
    assert "Disputed by Opposition party" in article
    assert article.count('class="fc-ref') == 4  # three claims and one counterclaim


def test_overview_chart_counts_and_table(site: Path) -> None:
    page = read(site, "reports/mayor-interview/index.html")
    assert "<title id=\"chart-title\">Claims by rating: False 1, Mostly false 0, Half true 1, Mostly true 1, " \
           "True 0, Unverified 0</title>" in page
    rows = re.findall(r'<tr data-status="approved"><td>.*?</td><td><a href="([^"]+)">', page)
    assert rows == ["crime-fell.html", "biggest-drop.html", "taxes-lower.html"]
    assert 'href="article.html"' in page


def test_home_ratings_and_claimants_pages(site: Path) -> None:
    home = read(site, "index.html")
    assert 'href="reports/mayor-interview/index.html">Mayor gives interview</a>' in home
    assert "Mostly true</span> × 1" in home
    ratings = read(site, "ratings.html")
    assert ratings.index("False") < ratings.index("Mostly false") < ratings.index("Unverified")
    assert "Outside the true-false scale" in ratings
    claimants = read(site, "claimants.html")
    assert "Jane Mayor" in claimants and claimants.count('href="reports/mayor-interview/') == 3


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    bad = claim(claim=f"Bad {HOSTILE}", notes=f"Raw {HOSTILE} and [click](javascript:alert(3)) "
                "<a href='javascript:alert(4)' onclick='alert(5)'>x</a>",
                conclusion=HOSTILE, claimant={"name": HOSTILE}, author="{{ 7*7 }}{% raw %}")
    root = make_site(tmp_path, claims=[bad], front={"title": f"Title {HOSTILE}", "publisher": HOSTILE})
    site = build(root)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert injection_findings(html) == [], page
        assert "<script>alert" not in html and "<img src=x" not in html, page
    claim_page = read(site, "reports/mayor-interview/crime-fell.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in claim_page
    assert "{{ 7*7 }}{% raw %}" in claim_page


def test_a_site_can_override_one_template(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), taxes_claim()])
    (root / "templates").mkdir()
    (root / "templates" / "claim-taxes-lower.md.j2").write_text(
        '{% extends "claim.md.j2" %}\n{% block header %}<h1>Taxes, checked again</h1>\n{% endblock %}\n',
        encoding="utf-8")
    (root / "templates" / "_badge.html.j2").write_text(
        '<span class="my-badge">{{ rating.label | upper }}</span>\n', encoding="utf-8")
    site = build(root)
    taxes = read(site, "reports/mayor-interview/taxes-lower.html")
    crime = read(site, "reports/mayor-interview/crime-fell.html")
    assert '<span class="my-badge">FALSE</span>' in taxes
    assert '<span class="my-badge">MOSTLY TRUE</span>' in crime
    assert "<h1>Taxes, checked again</h1>" in taxes and "Council figures show taxes rose." in taxes
    assert "Taxes, checked again" not in crime
    assert re.search(r"<h1[^>]*>Mostly true: “Crime fell by a fifth last year”, says Jane Mayor</h1>", crime)
    assert "fc-hl" in read(site, "reports/mayor-interview/article.html")


def test_a_template_typo_fails_the_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "ratings.md.j2").write_text("{{ ratingz }}\n", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "'ratingz' is undefined" in result.output
    assert "Traceback" not in result.output


def test_a_template_mistake_met_only_when_a_claim_page_is_built_fails_the_build_with_its_line(tmp_path: Path
                                                                                                ) -> None:
    assert_template_mistake_fails_the_build(make_site(tmp_path), "claim.md.j2")


def test_a_build_writes_its_own_data_files_whatever_the_cache_holds(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    site = build(root)
    clean = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    cached = root / ".factcheck-cache" / "public" / "claims.json"
    cached.write_bytes(b"x" * len(cached.read_bytes()))  # same size, other bytes
    (root / ".factcheck-cache" / "public" / "manifest.json").write_text("{}", encoding="utf-8")
    site = build(root)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == clean


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    site = build(root)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    claims = root / "content" / "mayor-interview" / "claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("crime fell by 20%", "crime fell by 30%"),
                      encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "quote not found in the article" in result.stderr
    assert "The previous site is unchanged." in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".") and p.name != ".factcheck-cache"]
    assert leftovers == [], "no staging folder is left behind"


def test_build_prints_a_one_line_summary(tmp_path: Path) -> None:
    result = run("build", cwd=make_site(tmp_path))
    assert result.exit_code == 0
    assert re.fullmatch(r"Built 1 report\(s\), 2 claim\(s\), 0 warning\(s\) into site/ in \d+\.\d s\n",
                        result.stderr)


def test_long_lists_are_paged(tmp_path: Path) -> None:
    from helpers import write_report

    root = make_site(tmp_path, claims=[claim()])
    body = "\n\n".join(f"Person {i} said that figure {i} rose." for i in range(120))
    many = [claim(id=f"c-{i}", quote=f"figure {i} rose", claim=f"Figure {i} rose", counterclaims=[],
                  claimant={"name": f"Person {i:03d}"}, corrections=[{"date": "2025-04-01", "text": f"Fix {i}"}])
            for i in range(120)]
    write_report(root / "content", "big-report", claims=many, body=body)
    for i in range(105):
        write_report(root / "content", f"r-{i:03d}", claims=[claim(id=f"r{i}")])
    site = build(root)
    reports = read(site, "reports/index.html")
    assert reports.count('class="fc-report-item"') == 100 and "Page 1 of 2" in reports
    assert 'href="page-2.html" rel="next"' in reports
    second = read(site, "reports/page-2.html")
    assert second.count('class="fc-report-item"') == 7 and 'href="index.html" rel="prev"' in second
    claimants = read(site, "claimants.html")
    assert "Page 1 of 3" in claimants and 'href="claimants/page-2.html" rel="next"' in claimants
    assert 'href="../reports/big-report/c-119.html"' in read(site, "claimants/page-2.html") + \
        read(site, "claimants/page-3.html")
    assert "Page 1 of 2" in read(site, "corrections.html") and (site / "corrections/page-2.html").is_file()
    home = read(site, "index.html")
    assert home.count('class="fc-report-item"') == 20 and "All 107 reports" in home


def test_search_index_holds_what_readers_search_for_not_boilerplate(site: Path) -> None:
    import json

    docs = json.loads(read(site, "search/search_index.json"))["docs"]
    claim_page = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith(
        "reports/mayor-interview/crime-fell.html"))
    for wanted in ("Crime fell by a fifth last year", "Jane Mayor", "Police figures show a fall of 18%.",
                   "police figures", "Crime statistics 2024"):
        assert wanted in claim_page, wanted
    for boilerplate in ("Previous claim", "Next claim", "Checked by", "The claim is accurate but needs clarification",
                        "See this passage in the annotated article"):
        assert boilerplate not in claim_page, boilerplate
    everything = json.dumps(docs)
    assert "How to read this page" not in everything and "Claims by rating" not in everything


def test_a_claim_is_one_search_entry_with_each_text_once_and_none_of_the_pages_chrome(tmp_path: Path) -> None:
    police = {"title": "Crime statistics 2024", "publisher": "City Police", "date": "2025-01-15",
              "url": "https://example.org/police/2024", "kind": "primary", "excerpt": "Recorded crime: 81,200.",
              "archive_url": "https://web.archive.org/web/2025/https://example.org/police/2024"}
    survey = {"title": "Centre safety survey", "publisher": "Residents' Union", "kind": "secondary"}
    counter = {"claimant": {"name": "Opposition party", "type": "organization"}, "text": "Crime rose in the centre.",
               "quote": "crime rose in the city centre", "sources": [dict(police), survey]}
    site = build(make_site(tmp_path, claims=[claim(sources=[police], counterclaims=[counter]), taxes_claim()]))
    docs = json.loads(read(site, "search/search_index.json"))["docs"]
    for page, verdict, wanted in [
            ("crime-fell", "Mostly true", ["Police figures show a fall of 18%.", "Jane Mayor", "police figures",
                                           "Crime rose in the centre.", "Centre safety survey", "Residents' Union"]),
            ("taxes-lower", "False", ["Council figures show taxes rose.", "Council budget 2025", "Taxes up 3%"])]:
        location = f"reports/mayor-interview/{page}.html"
        entries = [d for d in docs if d["location"].split("#")[0] == location]
        assert [d["location"] for d in entries] == [location], "one entry per claim page, not one per section"
        title, text = entries[0]["title"], entries[0]["text"]
        assert title.startswith(f"{verdict}: “") and text.startswith(verdict), (title, text)
        for words in wanted:
            assert words in text, words
        assert title not in text, "the page's title is in the entry's title, not repeated in its text"
        for chrome in ("Our verdict", "How we checked", "What others say", "Sources", "Right of reply", "archived copy",
                       "primary source", "secondary source", "Their words in the article", "Recorded crime"):
            assert chrome not in text, chrome
        html = read(site, location)
        for anchor in ("verdict", "the-claim", "counterclaims", "notes", "sources", "reply"):
            assert f'id="{anchor}"' in html, anchor  # what links (and the feeds) point to is still there
    crime = next(d["text"] for d in docs if d["location"] == "reports/mayor-interview/crime-fell.html")
    assert crime.count("Crime statistics 2024") == 1, "a source the counterclaim shares with the claim is indexed once"
    page = read(site, "reports/mayor-interview/crime-fell.html")
    assert page.count("Crime statistics 2024") == 2 and page.count("Recorded crime: 81,200.") == 2, \
        "the page still shows every list in full"


def test_no_page_carries_the_themes_blank_lines(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "\n\n" not in html.split("<body")[0] and "\n  \n" not in html, page


def test_mkdocs_own_warnings_reach_the_user(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "strict: true\n",
                                     encoding="utf-8")
    (root / "content/about.md").write_text("# About\n\nSee [our policy](policy.md).\n", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "about.md" in result.stderr and "policy.md" in result.stderr
    assert "The previous site is unchanged." in result.stderr and "Traceback" not in result.output
