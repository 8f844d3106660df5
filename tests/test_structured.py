"""Structured data and exports, as fact-check aggregators and spreadsheets read them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import schemaorg
from generator.structured import json_writer, text_of
from helpers import MKDOCS_YML, build, claim, copy_example, make_site, run, taxes_claim

ORG = """\
  - factcheck:
      organization:
        name: Test Desk
        methodology: about/method.md
"""


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def visible_verdict(html: str) -> str:
    card = html.split('<section class="fc-verdict ')[1].split("</section>")[0]
    return re.search(r'aria-hidden="true" data-search-exclude(?:="")?>[^<]*</span> ([^<]+)</span>', card).group(1)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_example(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("mixed"), claims=[
        claim(claimant={"name": "Jane Mayor", "type": "person", "same_as": "https://www.wikidata.org/wiki/Q1"},
              corrections=[{"date": "2025-03-20", "text": "Fixed a figure."}]),
        taxes_claim(claim="Taxes </script><script>alert(1)</script>"),
        claim(id="draft-one", quote="Council figures show taxes rose by 3%", status="draft"),
        claim(id="gone", quote="The opposition said", status="withdrawn",
              withdrawal={"date": "2025-05-01", "reason": "Wrong quote."})])
    return build(root)


def claim_pages(site: Path) -> list[Path]:
    return [p for p in (site / "reports").rglob("*.html") if p.stem not in ("index", "article")]


@pytest.mark.parametrize("which", ["example_site", "mixed_site"])
def test_every_claim_review_is_valid_schema_org_and_matches_its_page(which: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(which)
    checked = 0
    for page in claim_pages(site):
        html = page.read_text(encoding="utf-8")
        blocks = json_ld(html)
        if 'data-status="withdrawn"' in html:
            assert blocks == [], "a withdrawn claim carries no ClaimReview"
            continue
        assert len(blocks) == 1, page
        review = blocks[0]
        assert schemaorg.problems(review) == [], page
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"]
        assert review["url"].startswith(("https://example.org/", "https://desk.test/")) and review["url"].endswith(page.name)
        assert review["reviewRating"]["alternateName"] == visible_verdict(html)
        rating = review["reviewRating"]
        if "ratingValue" in rating:
            assert 1 <= rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
        reviewed = review["claimReviewed"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert h1.startswith(visible_verdict(html) + ": ") and f"“{reviewed}”" in h1, "the verdict, then the claim quoted"
        checked += 1
    assert checked > 0


def test_claim_review_details(mixed_site: Path) -> None:
    html = (mixed_site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8")
    review = json_ld(html)[0]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": 4,
                                      "bestRating": 5, "worstRating": 1,
                                      "ratingExplanation": "Police figures show a fall of 18%."}
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Mayor",
                                                "sameAs": "https://www.wikidata.org/wiki/Q1"}
    assert review["itemReviewed"]["datePublished"] == "2025-03-03"
    assert review["itemReviewed"]["appearance"]["headline"] == "Mayor gives interview"
    assert review["datePublished"] == "2025-03-10" and review["dateModified"] == "2025-03-20"
    assert review["inLanguage"] == "en"


def test_json_ld_escapes_script_end_tags(mixed_site: Path) -> None:
    html = (mixed_site / "reports/mayor-interview/taxes-lower.html").read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)[0]["claimReviewed"] == "Taxes </script><script>alert(1)</script>"


def test_draft_claims_get_no_page_and_no_claim_review(mixed_site: Path) -> None:
    assert not (mixed_site / "reports/mayor-interview/draft-one.html").exists()
    feed = json.loads((mixed_site / "claimreview.json").read_text(encoding="utf-8"))
    assert sorted(r["url"].rsplit("/", 1)[1] for r in feed["dataFeedElement"]) == ["crime-fell.html", "taxes-lower.html"]


def read_data_commons_feed(feed: dict) -> list[dict]:
    """What readers of the Data Commons fact-check feed do: every element is a DataFeedItem whose
    `dateCreated` parses with a fixed format and whose `item` is a list of ClaimReviews."""
    import datetime as dt

    reviews = []
    for element in feed["dataFeedElement"]:
        assert element["@type"] == "DataFeedItem"
        dt.datetime.strptime(element.get("dateModified", element["dateCreated"]), "%Y-%m-%dT%H:%M:%S.%f%z")
        reviews += [review for review in element["item"] if review]
    return reviews


def test_claimreview_json_has_the_shape_of_the_data_commons_feed(mixed_site: Path) -> None:
    feed = json.loads((mixed_site / "claimreview.json").read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed"
    assert feed["dateModified"] == "2025-05-01T00:00:00.000000+00:00", "the withdrawal took an item out"
    reviews = read_data_commons_feed(feed)
    assert [r["@type"] for r in reviews] == ["ClaimReview", "ClaimReview"]
    crime = next(e for e in feed["dataFeedElement"] if e["url"].endswith("/crime-fell.html"))
    assert crime["dateCreated"] == "2025-03-10T00:00:00.000000+00:00", "first published"
    assert crime["dateModified"] == "2025-03-20T00:00:00.000000+00:00", "corrected"
    assert crime["item"][0]["@context"] == "https://schema.org" and crime["item"][0]["url"] == crime["url"]
    page = json_ld((mixed_site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8"))[0]
    assert crime["item"][0] == page, "the feed carries the page's own ClaimReview"
    assert schemaorg.problems(feed) == []


def test_exports_parse_and_count_the_published_claims(mixed_site: Path) -> None:
    published = len(claim_pages(mixed_site))
    claims = json.loads((mixed_site / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert len(claims) == published == 3
    assert {c["id"] for c in claims} == {"crime-fell", "taxes-lower", "gone"}
    first = next(c for c in claims if c["id"] == "crime-fell")
    assert first["anchor"]["exact"] == "crime fell by 20% last year" and first["anchor"]["prefix"].endswith("that ")
    assert first["counterclaims"][0]["anchor"]["exact"] == "crime rose in the city centre"
    feed = json.loads((mixed_site / "claimreview.json").read_text(encoding="utf-8"))
    assert feed["@type"] == "DataFeed" and schemaorg.problems(feed) == []
    rows = list(csv.DictReader(io.StringIO((mixed_site / "claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == published and rows[0]["id"] and rows[0]["rating_label"]


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path: Path) -> None:
    site = build(make_site(tmp_path, claims=[claim(claim="=HYPERLINK(\"http://x\")")]))
    rows = list(csv.DictReader(io.StringIO((site / "claims.csv").read_text(encoding="utf-8"))))
    assert rows[0]["claim"] == "'=HYPERLINK(\"http://x\")"


def test_organization_and_transparency_pages(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", ORG), encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "mkdocs.yml:1: error: organization methodology page 'about/method.md' does not exist" in result.stderr
    (root / "content/about").mkdir()
    (root / "content/about/method.md").write_text("# How we work\n", encoding="utf-8")
    site = build(root)
    home = json_ld((site / "index.html").read_text(encoding="utf-8"))
    assert home == [{"@context": "https://schema.org", "@type": "NewsMediaOrganization", "name": "Test Desk",
                     "url": "https://desk.test/desk/",
                     "publishingPrinciples": "https://desk.test/desk/about/method.html",
                     "verificationFactCheckingPolicy": "https://desk.test/desk/about/method.html"}]
    assert schemaorg.problems(home[0]) == []
    page = (site / "reports/mayor-interview/crime-fell.html").read_text(encoding="utf-8")
    assert '<a href="../../about/method.html">Methodology</a>' in page


def test_site_url_is_required_for_a_public_build_only(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("site_url: https://desk.test/desk/\n", ""), encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert "mkdocs.yml:1: error: site_url is not set: ClaimReview needs the absolute URL of each page" in result.stderr
    review = run("build", "--review", cwd=root)
    assert review.exit_code == 0
    assert "mkdocs.yml:1: warning: site_url is not set" in review.stderr


def git(*args: str, cwd: Path) -> str:
    import subprocess

    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def repo_with_remote(tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    root = make_site(tmp_path / "desk")
    git("init", "-q", cwd=root)
    git("remote", "add", "origin", str(remote), cwd=root)
    return root, remote


def test_factcheck_deploy_pushes_a_fresh_public_build_to_gh_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, remote = repo_with_remote(tmp_path)
    for name, value in {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_NAME": "T",
                        "GIT_COMMITTER_EMAIL": "t@e.org"}.items():
        monkeypatch.setenv(name, value)
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("not from this build\n", encoding="utf-8")
    result = run("deploy", cwd=root)
    assert result.exit_code == 0, result.output
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files and "index.html" in files and "reports/mayor-interview/crime-fell.html" in files
    assert "stale.html" not in files and "REVIEW-COPY.txt" not in files
    assert "manifest.json" in files
    assert not [p for p in root.iterdir() if p.name.startswith(".factcheck-deploy")]


def test_mkdocs_gh_deploy_works_too(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root, remote = repo_with_remote(tmp_path)
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@e.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@e.org")
    subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--ignore-version"], cwd=root, env=env,
                   check=True, capture_output=True)
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files and "reports/mayor-interview/crime-fell.html" in files


def test_a_review_copy_is_never_published(tmp_path: Path) -> None:
    from generator.publish import PublishError, push_to_branch

    root, remote = repo_with_remote(tmp_path)
    tree = build(root, "--review")
    with pytest.raises(PublishError, match="is a review copy"):
        push_to_branch(tree, root, "origin", "gh-pages", "x")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      review: true\n"),
                                     encoding="utf-8")
    result = run("deploy", cwd=root)
    assert result.exit_code == 1 and "review copy" in result.output
    assert "gh-pages" not in git("branch", "--list", cwd=remote)


def test_the_pages_workflow_builds_refuses_review_copies_and_deploys() -> None:
    import yaml

    from helpers import ROOT

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "factcheck build --strict" in runs and "test ! -e site/REVIEW-COPY.txt" in runs
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                     max_leaves=12)


@given(st.dictionaries(st.text(max_size=5), _JSON, max_size=4), st.text(max_size=5), st.lists(_JSON, max_size=6))
def test_a_data_file_written_piece_by_piece_is_the_same_text_as_written_whole(head: dict, key: str, items: list) -> None:
    """Exports are written one claim at a time, not held whole: the bytes must be those of one json.dumps."""
    whole = lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"  # noqa: E731
    for data in (head, {**{k: v for k, v in head.items() if k != key}, key: items}):
        assert text_of(json_writer(data)) == whole(data)
