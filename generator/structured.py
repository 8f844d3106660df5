"""Structured data from the model: ClaimReview JSON-LD, the Organization, and the machine-readable exports.

Built in one place from the same views the pages use, so the markup cannot disagree with the page.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.model import Claim, Scale, to_plain
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


def absolute(site_url: str, page: str) -> str:
    """The public URL of a page path ("reports/r/c.md") under site_url."""
    path = page[:-3] + ".html" if page.endswith(".md") else page
    return site_url.rstrip("/") + "/" + posixpath.normpath(path).lstrip("/")


def _json_ld(data: dict[str, Any]) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive unescaped."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">\n{_json_ld(data)}\n</script>'


def organization_ld(org: Organization, site_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": org.name or "Fact checks"}
    if org.url or site_url:
        data["url"] = org.url or site_url
    if org.logo:
        data["logo"] = org.logo if "://" in org.logo else absolute(site_url, org.logo)
    for key, (prop, second, _) in ABOUT_PAGES.items():
        page = getattr(org, key)
        if page and site_url:
            data[prop] = absolute(site_url, page)
            if second:
                data[second] = absolute(site_url, page)
    return data


def _person(claimant: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person" if claimant.type == "person" else "Organization", "name": claimant.name}
    if claimant.same_as:
        data["sameAs"] = claimant.same_as
    return data


def claim_review(view: ClaimView, report: ReportView, scale: Scale, site_url: str, org: Organization) -> dict[str, Any] | None:
    """The ClaimReview of one claim page, or None when it must carry none (not approved, no verdict)."""
    claim, rating = view.claim, view.rating
    if claim.status != "approved" or rating is None:
        return None
    article = report.report.article
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        review_rating |= {"ratingValue": rating.value, "bestRating": scale.best, "worstRating": scale.worst}
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.published:
        appearance["datePublished"] = iso(article.published)
    if article.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
    item: dict[str, Any] = {"@type": "Claim", "author": _person(claim.claimant), "appearance": appearance}
    if claim.claim_date:
        item["datePublished"] = iso(claim.claim_date)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": absolute(site_url, view.path),
        "claimReviewed": claim.claim, "reviewRating": review_rating, "itemReviewed": item,
        "author": {k: v for k, v in organization_ld(org, site_url).items() if k in ("name", "url")} | {"@type": "Organization"},
    }
    if claim.published:
        data["datePublished"] = iso(claim.published)
    if claim.last_modified:
        data["dateModified"] = iso(claim.last_modified)
    if article.language:
        data["inLanguage"] = article.language
    if claim.conclusion:
        data["reviewBody"] = claim.conclusion
    return data


def claim_record(view: ClaimView, site_url: str, counter_anchors: dict[tuple[str, int], Any]) -> dict[str, Any]:
    """Everything published about one claim, for claims.json."""
    record: dict[str, Any] = to_plain(view.claim)  # type: ignore[assignment]
    record["url"] = absolute(site_url, view.path) if site_url else view.path[:-3] + ".html"
    record["rating_label"] = view.rating.label if view.rating else None
    record["rating_value"] = view.rating.value if view.rating else None
    record["anchor"] = to_plain(view.anchor) if view.anchor else None
    for i, counter in enumerate(record.get("counterclaims") or []):
        anchor = counter_anchors.get((view.claim.id, i))
        counter["anchor"] = to_plain(anchor) if anchor else None
    return record


CSV_COLUMNS = ["id", "report", "url", "claim", "claimant", "claim_date", "rating", "rating_label", "rating_value",
               "status", "conclusion", "quote", "sources", "author", "editor", "published", "updated"]


def csv_text(records: list[dict[str, Any]]) -> str:
    """One row per claim. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        row = dict(r, claimant=r["claimant"]["name"], sources=len(r.get("sources") or []))
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def exports(reports: list[ReportView], scale: Scale, site_url: str, org: Organization,
            counter_anchors: dict[tuple[str, int], Any], cached: Any = lambda kind, report, work: work()) -> dict[str, str]:
    """claims.json, claimreview.json (a schema.org DataFeed) and claims.csv.

    `cached(kind, report, work)` may reuse a report's part from an earlier build (live preview).
    """
    views = [(v, r) for r in reports for v in r.claims]
    records, reviews = [], []
    for report in reports:
        part = cached("export", report, lambda r=report: _export_part(r, scale, site_url, org, counter_anchors))
        records += part[0]
        reviews += part[1]
    modified = max((v.claim.last_modified for v, _ in views if v.claim.last_modified), default=None)
    feed: dict[str, Any] = {"@context": "https://schema.org", "@type": "DataFeed", "name": f"{org.name or 'Fact checks'}: ClaimReview feed",
                            "dataFeedElement": reviews}
    if modified:
        feed["dateModified"] = iso(modified)
    dump = lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"  # noqa: E731
    return {"claims.json": dump({"claims": records}), "claimreview.json": dump(feed), "claims.csv": csv_text(records)}


def _export_part(report: ReportView, scale: Scale, site_url: str, org: Organization,
                 counter_anchors: dict[tuple[str, int], Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records = [claim_record(v, site_url, counter_anchors) for v in report.claims]
    reviews = [d for d in (claim_review(v, report, scale, site_url, org) for v in report.claims) if d]
    for review in reviews:
        review.pop("@context")
    return records, reviews


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
    valued = [r for r in scale.ratings if r.value is not None]
    if valued and scale.best <= scale.worst:
        problems.append(Problem(valued[0].place.path, valued[0].place.line, "error",
                                "the rating scale needs at least two values (bestRating > worstRating)",
                                "give the ratings different values, 1 = worst", code="scale"))
    return problems
