"""Editorial review: nothing unapproved leaks into a public build; review builds show everything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import build, claim, make_site, run, taxes_claim

DRAFT = claim(id="draft-claim", quote="Council figures show taxes rose by 3%", claim="Zebra-marker draft statement",
              status="draft", rating="true", conclusion="Quokka-marker draft conclusion", notes="Narwhal-marker notes",
              editor=None, published=None, counterclaims=None, claimant={"name": "Wombat-marker Person"},
              claim_date=None)
IN_REVIEW = taxes_claim(status="review", notes="Tapir-marker notes", claimant={"name": "Axolotl-marker Council"}) | {
    "claim": "Ibis-marker review statement", "conclusion": "Okapi-marker conclusion"}
UNPUBLISHED_WORDS = ["Zebra-marker", "Quokka-marker", "Narwhal-marker", "Wombat-marker", "draft-claim",
                     "Ibis-marker", "Okapi-marker", "Tapir-marker", "Axolotl-marker", "taxes-lower"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("mixed"), claims=[claim(), IN_REVIEW, DRAFT])


def all_text(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_bytes().decode("utf-8", "replace")
            for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"}


def test_public_build_contains_nothing_of_unapproved_claims(mixed: Path) -> None:
    site = build(mixed)
    files = all_text(site)
    assert "search/search_index.json" in files and "sitemap.xml" in files and "manifest.json" in files
    for path, text in files.items():
        for word in UNPUBLISHED_WORDS:
            assert word not in text, f"{word} leaked into {path}"
    assert "Crime fell by a fifth last year" in files["search/search_index.json"]
    overview = files["reports/mayor-interview/index.html"]
    assert "1 claim checked" in overview and "Half true 0" in overview
    assert not (site / "review.html").exists() and not (site / "REVIEW-COPY.txt").exists()
    assert 'name="robots"' not in files["index.html"]


def test_review_build_shows_everything_with_banners_and_dashboard(mixed: Path) -> None:
    site = build(mixed, "--review")
    assert site.name == "site-review"
    files = all_text(site)
    for word in UNPUBLISHED_WORDS:
        assert any(word in text for text in files.values()), word
    draft = files["reports/mayor-interview/draft-claim.html"]
    assert "<strong>DRAFT</strong>: not approved for publication." in draft
    assert "<strong>IN REVIEW</strong>" in files["reports/mayor-interview/taxes-lower.html"]
    for path, text in files.items():
        if path.endswith(".html"):
            assert '<meta name="robots" content="noindex, nofollow">' in text, path
            assert "Review copy, not for publication." in text, path
    assert (site / "REVIEW-COPY.txt").is_file()
    dashboard = files["review.html"]
    assert 'id="status-draft">Draft (1)' in dashboard and 'id="status-review">Review (1)' in dashboard
    assert 'id="status-approved">Approved (1)' in dashboard
    draft_block = dashboard.split('id="dash-draft-claim"')[1].split('class="fc-dash-claim"')[0]
    assert "Missing:</span> Editor sign-off with date" in draft_block
    assert "Missing:</span> Counterclaims recorded (or explicitly none)" in draft_block
    assert "Missing:</span> Two independent sources for a decisive rating" in draft_block, "required by the policy"
    assert "Warning:</span> Date the claim was made known" in draft_block, "not required by the default policy"


def test_review_build_shows_claim_problems_instead_of_failing(tmp_path: Path) -> None:
    lost = IN_REVIEW | {"quote": "taxes are the lowest in history"}
    root = make_site(tmp_path, claims=[claim(), lost])
    assert run("build", cwd=root).exit_code == 1, "a public build with errors fails"
    site = build(root, "--review")
    page = (site / "reports/mayor-interview/taxes-lower.html").read_text(encoding="utf-8")
    assert "Open problems" in page and "quote not found in the article" in page
    dashboard = (site / "review.html").read_text(encoding="utf-8")
    assert "Missing:</span> Quote anchored in the article" in dashboard
    assert "quote not found in the article" in dashboard


def test_unparseable_file_fails_even_a_review_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "content/mayor-interview/claims.yml").write_text("claims:\n  - id: [\n", encoding="utf-8")
    result = run("build", "--review", cwd=root)
    assert result.exit_code == 1
    assert "content/mayor-interview/claims.yml:3: error: YAML syntax error" in result.stderr


def test_withdrawn_claim_keeps_its_page_with_a_notice_and_appears_in_corrections(tmp_path: Path) -> None:
    withdrawn = claim(status="withdrawn", withdrawal={"date": "2025-04-02", "reason": "The figures were revised."},
                      corrections=[{"date": "2025-03-20", "text": "We first said 20%."}])
    root = make_site(tmp_path, claims=[withdrawn, taxes_claim()])
    site = build(root)
    page = (site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8")
    assert "Withdrawn on <time datetime=\"2025-04-02\">2 April 2025</time>.</strong> The figures were revised." in page
    assert "Our verdict" not in page and 'class="fc-verdict' not in page
    assert re.search(r"<h1[^>]*>Withdrawn: “Crime fell by a fifth last year”, says Jane Mayor</h1>", page)
    corrections = (site / "corrections.html").read_text(encoding="utf-8")
    assert corrections.index("Withdrawal, <time datetime=\"2025-04-02\">") < \
        corrections.index("Correction, <time datetime=\"2025-03-20\">"), "newest first"
    assert "Correction, <time datetime=\"2025-03-20\">20 March 2025</time>:</strong> We first said 20%." in page


def test_diff_reports_a_re_rating_and_warns_without_a_correction(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim(), taxes_claim()])
    build(root)
    release = tmp_path / "release"
    (root / "site").rename(release)
    claims = root / "content/mayor-interview/claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("rating: mostly-true", "rating: half-true")
                      .replace("Council figures show taxes rose.", "Council figures show taxes rose by 3%."),
                      encoding="utf-8")
    result = run("diff", str(release), cwd=root)
    assert result.exit_code == 0
    assert result.stdout == "re-rated: crime-fell (mostly-true -> half-true)\nedited: taxes-lower (text or sources changed)\n"
    assert result.stderr == ("content/mayor-interview/claims.yml:10: warning: claim 'crime-fell': rating changed "
                             "without a new correction entry: add one under 'corrections:'\n")


def test_diff_is_quiet_when_a_correction_explains_the_re_rating(tmp_path: Path) -> None:
    root = make_site(tmp_path, claims=[claim()])
    build(root)
    claims = root / "content/mayor-interview/claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("rating: mostly-true", "rating: half-true")
                      + "  corrections:\n  - {date: 2025-04-01, text: Re-rated after new figures.}\n", encoding="utf-8")
    result = run("diff", "site", cwd=root)
    assert result.stdout == "re-rated: crime-fell (mostly-true -> half-true)\n" and result.stderr == ""
