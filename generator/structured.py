"""Structured data from the model: ClaimReview JSON-LD, the Organization, and the machine-readable exports.

Built in one place from the same views the pages use, so the markup cannot disagree with the page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Callable, TextIO
from urllib.parse import urlsplit

from generator import factchecktools
from generator.layout import EXPORTS
from generator import layout
from generator.model import Appearance, Article, Claim, Claimant, Scale, to_plain
from generator.problems import Problem
from generator.select import Mode, REVIEW
from generator.views import ClaimView, ReportView, iso

ABOUT_PAGES = {
    "methodology": ("publishingPrinciples", "verificationFactCheckingPolicy", "Methodology"),
    "corrections_policy": ("correctionsPolicy", None, "Corrections policy"),
    "ownership_funding": ("ownershipFundingInfo", None, "Ownership and funding"),
    "contact": ("actionableFeedbackPolicy", None, "Contact us / submit a claim"),
}
"""Organization fields that name a page of the site: (schema.org property, second property, link text)."""


@dataclass(frozen=True)
class Organization:
    """The publisher of the fact checks, configured once in mkdocs.yml."""

    name: str = ""
    url: str = ""
    logo: str = ""
    methodology: str = ""
    """Page path under content/, e.g. about/methodology.md."""
    corrections_policy: str = ""
    ownership_funding: str = ""
    contact: str = ""

    def about_links(self) -> list[tuple[str, str]]:
        """(page path, label key of the link text) of the transparency pages that are configured."""
        return [(getattr(self, key), f"about.{key}") for key in ABOUT_PAGES if getattr(self, key)]


absolute = layout.absolute


def _json_ld(data: dict[str, Any]) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive unescaped."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: dict[str, Any]) -> str:
    """JSON-LD in a <script> element, safe inside HTML."""
    return f'<script type="application/ld+json">\n{_json_ld(data)}\n</script>'


def logo_url(org: Organization, site_url: str) -> str:
    """The organization's logo as an absolute URL ('' when none is configured)."""
    if not org.logo:
        return ""
    return org.logo if "://" in org.logo else absolute(site_url, org.logo)


def image_object(url: str) -> dict[str, Any]:
    """A schema.org ImageObject for an image URL."""
    return {"@type": "ImageObject", "url": url}


def organization_ld(org: Organization, site_url: str) -> dict[str, Any]:
    """The publishing organization as a schema.org NewsMediaOrganization."""
    data: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": org.name or "Fact checks"}
    if org.url or site_url:
        data["url"] = org.url or site_url
    if org.logo:
        data["logo"] = image_object(logo_url(org, site_url))
    for key, (prop, second, _) in ABOUT_PAGES.items():
        page = getattr(org, key)
        if page and site_url:
            data[prop] = absolute(site_url, page)
            if second:
                data[second] = absolute(site_url, page)
    return data


def _review_author(org: Organization, site_url: str) -> dict[str, Any]:
    """The fact-checking organization as the ClaimReview's author: name, url, and its logo as `image`
    (Google's Fact Check Tools reads `ClaimReview.author.image` as the author's image)."""
    home = organization_ld(org, site_url)
    data = {"@type": "Organization"} | {k: v for k, v in home.items() if k in ("name", "url")}
    if org.logo:
        data["image"] = home["logo"]
    return data


def _person(claimant: Claimant) -> dict[str, Any]:
    person = claimant.type == "person"
    data: dict[str, Any] = {"@type": "Person" if person else "Organization", "name": claimant.name}
    if claimant.role and person:  # schema.org has jobTitle on Person only
        data["jobTitle"] = claimant.role
    if claimant.same_as:
        data["sameAs"] = claimant.same_as
    if claimant.image:
        data["image"] = image_object(claimant.image)
    return data


def _appearance(article: Article) -> dict[str, Any]:
    """The article, as the work in which the claim appears."""
    data: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title}
    if article.url:
        data["url"] = article.url
    if article.published:
        data["datePublished"] = iso(article.published)
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.language:
        data["inLanguage"] = article.language
    return data


def _first_appearance(first: Appearance) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "CreativeWork", "url": first.url}
    if first.title:
        data["headline"] = first.title
    if first.date:
        data["datePublished"] = iso(first.date)
    return data


def _claim_ld(claim: Claim, article: Article) -> dict[str, Any]:
    """The Claim that is reviewed: who made it, when, where it appeared, and where it was made."""
    item: dict[str, Any] = {"@type": "Claim", "author": _person(claim.claimant), "appearance": _appearance(article)}
    if claim.first_appearance:
        item["firstAppearance"] = _first_appearance(claim.first_appearance)
    if claim.claim_date:
        item["datePublished"] = iso(claim.claim_date)
    if claim.location:
        item["name"] = claim.location  # where Google's Fact Check Tools puts claimLocation
    return item


def claim_review(view: ClaimView, report: ReportView, scale: Scale, site_url: str, org: Organization,
                 language: str = "") -> dict[str, Any] | None:
    """The ClaimReview of one claim page, or None when it must carry none (not approved, no verdict).
    Its `inLanguage` is the site's `language`; the article it appeared in carries the article's."""
    claim, rating = view.claim, view.rating
    if claim.status != "approved" or rating is None:
        return None
    article = report.report.article
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    review_rating |= scale.position(rating.value)
    if claim.conclusion:
        review_rating["ratingExplanation"] = claim.conclusion
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": absolute(site_url, view.path),
        "claimReviewed": claim.claim, "reviewRating": review_rating, "itemReviewed": _claim_ld(claim, article),
        "author": _review_author(org, site_url),
    }
    if claim.published:
        data["datePublished"] = iso(claim.published)
    if claim.last_modified:
        data["dateModified"] = iso(claim.last_modified)
    if language:
        data["inLanguage"] = language
    if claim.conclusion:
        data["reviewBody"] = claim.conclusion
    return data


def claim_record(view: ClaimView, site_url: str, counter_anchors: dict[tuple[str, int], Any],
                 plain: Callable[[Claim], Any] = to_plain) -> dict[str, Any]:
    """Everything published about one claim, for claims.json (`plain` gives the claim's plain values)."""
    record: dict[str, Any] = dict(plain(view.claim))  # a copy: the claim's plain values may be shared
    record["url"] = layout.public_url(site_url, view.path)
    record["rating_label"] = view.rating.label if view.rating else None
    record["rating_value"] = view.rating.value if view.rating else None
    record["anchor"] = to_plain(view.anchor) if view.anchor else None
    if record.get("counterclaims"):
        record["counterclaims"] = [{**counter, "anchor": to_plain(anchor) if anchor else None}
                                   for i, counter in enumerate(record["counterclaims"])
                                   for anchor in [counter_anchors.get((view.claim.id, i))]]
    return record


CSV_COLUMNS = ["id", "report", "url", "claim", "claimant", "claim_date", "location", "first_appearance", "rating",
               "rating_label", "rating_value", "status", "conclusion", "quote", "sources", "author", "editor",
               "published", "updated"]


def csv_text(records: list[dict[str, Any]]) -> str:
    """One row per claim. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue()


def write_csv(records: list[dict[str, Any]], out: TextIO) -> None:
    """`csv_text`, written into `out` row by row."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        row = dict(r, claimant=r["claimant"]["name"], sources=len(r.get("sources") or []),
                   first_appearance=(r.get("first_appearance") or {}).get("url"))
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CLAIMS_JSON, CLAIMREVIEW_JSON, CLAIMS_CSV, FACTCHECKTOOLS_JSON = EXPORTS


def feed_timestamp(date: dt.date) -> str:
    """A date as the Data Commons feed writes its timestamps: "2025-03-10T00:00:00.000000+00:00" (midnight UTC).

    Readers of that feed parse the timestamps with a fixed format (microseconds and offset included).
    """
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).isoformat(timespec="microseconds")


def feed_item(review: dict[str, Any], claim: Claim) -> dict[str, Any]:
    """One element of the Data Commons fact-check feed: a DataFeedItem holding the page's ClaimReview."""
    item: dict[str, Any] = {"@type": "DataFeedItem"}
    if claim.published:
        item["dateCreated"] = feed_timestamp(claim.published)
    if claim.last_modified and claim.last_modified != claim.published:
        item["dateModified"] = feed_timestamp(claim.last_modified)
    return item | {"item": [review], "url": review["url"]}


Writer = Callable[[TextIO], None]
"""A data file, written into an open text file when a builder asks for it: never the whole text in memory."""


def exports(reports: list[ReportView], scale: Scale, site_url: str, org: Organization,
            counter_anchors: dict[tuple[str, int], Any], cached: Any = lambda kind, report, work: work(),
            language: str = "", plain: Callable[[Claim], Any] = to_plain) -> dict[str, Writer]:
    """claims.json, claimreview.json (the Data Commons feed shape), claims.csv and factchecktools.json, each a
    writer (`text_of` gives its text).

    `cached(kind, report, work)` may reuse a report's part from an earlier build (live preview); `plain` gives
    a claim's plain values (`to_plain`), which the build may share with its manifest.
    """
    views = [(v, r) for r in reports for v in r.claims]
    records, items, pages = [], [], []
    for report in reports:
        part = cached("export", report, lambda r=report: _export_part(r, scale, site_url, org, counter_anchors,
                                                                                    language, plain))
        records += part[0]
        items += part[1]
        pages += part[2]
    modified = max((v.claim.last_modified for v, _ in views if v.claim.last_modified), default=None)
    name = f"{org.name or 'Fact checks'}: ClaimReview feed"
    feed: dict[str, Any] = {"@context": "https://schema.org", "@type": "DataFeed", "name": name}
    if modified:
        feed["dateModified"] = feed_timestamp(modified)
    feed["dataFeedElement"] = items
    return {CLAIMS_JSON: json_writer({"claims": records}), CLAIMREVIEW_JSON: json_writer(feed),
            CLAIMS_CSV: lambda out: write_csv(records, out),
            FACTCHECKTOOLS_JSON: lambda out: json_writer(factchecktools.export(pages))(out)}


def json_writer(data: dict[str, Any]) -> Writer:
    """`data` as compact JSON (UTF-8 text, not \\u escapes) and a line break. When its last value is a list
    (every export's list of claims), the list is written one element at a time: the same bytes as the whole
    at once, without the whole text in memory."""
    def write(out: TextIO) -> None:
        dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
        key = next(reversed(data), None)
        if key is None or not isinstance(data[key], list):
            out.write(dump(data) + "\n")
            return
        head = dump({k: v for k, v in data.items() if k != key})
        out.write(head[:-1] + ("," if len(head) > 2 else "") + dump(key) + ":[")
        for i, item in enumerate(data[key]):
            out.write(("," if i else "") + dump(item))
        out.write("]}\n")
    return write


def text_writer(text: str) -> Writer:
    """A data file whose text is made already."""
    def write(out: TextIO) -> None:
        out.write(text)
    return write


def text_of(write: Writer) -> str:
    """A data file's whole text."""
    out = io.StringIO()
    write(out)
    return out.getvalue()


def _export_part(report: ReportView, scale: Scale, site_url: str, org: Organization,
                 counter_anchors: dict[tuple[str, int], Any], language: str = "",
                 plain: Callable[[Claim], Any] = to_plain) -> tuple[list[Any], list[Any], list[Any]]:
    records = [claim_record(v, site_url, counter_anchors, plain) for v in report.claims]
    reviewed = [(v, d) for v, d in ((v, claim_review(v, report, scale, site_url, org, language)) for v in report.claims) if d]
    items = [feed_item(d, v.claim) for v, d in reviewed]
    pages = [factchecktools.markup_page(d) for _, d in reviewed]
    return records, items, pages


def lint(claims: list[Claim], scale: Scale, site_url: str, org: Organization, mode: Mode, config_path: str,
         page_exists: Any) -> list[Problem]:
    """What would make the structured data wrong or unusable by fact-check aggregators."""
    problems = []
    if not site_url:
        problems.append(Problem(config_path, 1, "warning" if mode == REVIEW else "error",
                                "site_url is not set: ClaimReview needs the absolute URL of each page",
                                "set site_url in mkdocs.yml, e.g. https://<owner>.github.io/<repo>/", code="site-url"))
    elif urlsplit(site_url).scheme not in ("http", "https") or not urlsplit(site_url).netloc:
        problems.append(Problem(config_path, 1, "error", f"site_url '{site_url}' is not an absolute http(s) URL",
                                "write it in full, e.g. https://example.org/factchecks/", code="site-url"))
    for key, (_, _, text) in ABOUT_PAGES.items():
        page = getattr(org, key)
        if page and not page_exists(page):
            problems.append(Problem(config_path, 1, "error", f"organization {key} page '{page}' does not exist",
                                    f"write the {text} page under content/, or fix the path", code="about-page"))
    if not scale.has_range():
        first = scale.valued[0].place
        problems.append(Problem(first.path, first.line, "error",
                                "the rating scale needs at least two values (bestRating > worstRating)",
                                "give the ratings different values, 1 = worst", code="scale"))
    return problems
