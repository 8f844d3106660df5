"""What a link to a page shows elsewhere: OpenGraph and Twitter card tags, share cards, feed links.

`page_heads` gives the <head> additions of every generated page; `og_tags` is the same for any page
(the desk's own pages too), given its title, description, address and image.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape

from generator import layout
from generator.cards import Card
from generator.feeds import feed_links, quoted
from generator.labels import Labels
from generator.layout import absolute
from generator.views import ClaimView, ReportView

DESCRIPTION_LENGTH = 200
"""Longest description, in characters (longer ones are cut at a word, with an ellipsis)."""
_TITLE = re.compile(r"^title: (.*)$", re.MULTILINE)


def og_tags(title: str, description: str, url: str, image: str, kind: str = "website") -> str:
    """OpenGraph and Twitter card tags (safe HTML). `url` and `image` are absolute; empty ones are left out.
    `kind` is the og:type: "article" for a fact check or a report, "website" for the others."""
    tags = [("property", "og:type", kind),
            ("property", "og:title", title), ("property", "og:description", description),
            ("property", "og:url", url), ("property", "og:image", image),
            ("property", "og:image:width", "1200" if image else ""), ("property", "og:image:height", "630" if image else ""),
            ("name", "twitter:card", "summary_large_image" if image else "summary"),
            ("name", "twitter:title", title), ("name", "twitter:description", description),
            ("name", "twitter:image", image)]
    return "\n".join(f'<meta {kind}="{name}" content="{escape(value)}">' for kind, name, value in tags if value)


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def claim_card(view: ClaimView, desk: str, language: str, labels: Labels) -> Card:
    """A claim's card: the verdict, the claim in quotation marks (or the desk's own headline, as the page's title)
    and who made it, the desk."""
    claimant = view.claim.claimant
    who = labels.text("common.person_role", name=claimant.name, role=claimant.role) if claimant.role else claimant.name
    text, words = (view.claim.headline, False) if view.claim.headline else (view.claim.claim, True)
    if view.rating is None:
        return Card(labels.text("common.withdrawn"), "", "none", text, words, f"— {who}", desk, language)
    return Card(view.rating.label, view.rating.icon, view.rating.tone, text, words, f"— {who}", desk, language)


def report_card(report: ReportView, desk: str, labels: Labels) -> Card:
    """The report's card: how many claims were checked, and the headline its page shows (not quoted: the
    desk may have described an article that has none)."""
    article = report.report.article
    return Card(labels.text("report.claims_checked", count=len(report.claims)), "", "none", article.title, False,
                article.publisher or "", desk, article.language or "")


def site_card(name: str, desk: str, reports: list[ReportView], labels: Labels) -> Card:
    """The site's card, for the home page and every page without a card of its own."""
    claims = labels.text("report.claims_checked", count=sum(len(r.claims) for r in reports))
    byline = labels.text("share.site_byline", reports=labels.text("share.report_count", count=len(reports)),
                         claims=claims)
    return Card(labels.text("share.site_headline"), "", "none", name, False, byline, desk, labels.language)


def cards(reports: list[ReportView], name: str, desk: str, labels: Labels) -> dict[str, Card]:
    """{site path of the PNG: card} for every claim, every report and the site (`name`: the site's)."""
    out = {layout.SITE_CARD: site_card(name, desk, reports, labels)}
    for report in reports:
        language = report.report.article.language or ""
        out[layout.report_card(report.report.slug)] = report_card(report, desk, labels)
        for view in report.claims:
            out[layout.claim_card(view.claim.id)] = claim_card(view, desk, language, labels)
    return out


def front_title(page: str) -> str:
    """The title a generated page gives MkDocs in its front matter."""
    found = _TITLE.search(page[:page.find("\n---", 3)] if page.startswith("---") else "")
    return unescape(json.loads(found.group(1))) if found else ""


def page_heads(pages: dict[str, str], reports: list[ReportView], site_url: str, desk: str,
               labels: Labels) -> dict[str, str]:
    """{page path: tags for its <head>} for every generated page: OpenGraph, Twitter card, feed links."""
    about: dict[str, tuple[str, str]] = {}
    for report in reports:
        claims = labels.text("report.claims_checked", count=len(report.claims))
        summary = shorten(labels.text("share.report_description", claims=claims, title=report.report.article.title,
                                      desk=desk))
        about[report.path] = about[report.article_path] = (summary, layout.report_card(report.report.slug))
        for view in report.claims:
            about[view.path] = (claim_description(view, labels), layout.claim_card(view.claim.id))
    default = (shorten(labels.text("share.description", desk=desk)), layout.SITE_CARD)
    heads = {}
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        description, image = about.get(path, default)
        url = absolute(site_url, path) if site_url else ""
        tags = og_tags(front_title(text), description, url, absolute(site_url, image) if site_url else "",
                       "article" if path in about else "website")
        heads[path] = f"{tags}\n{feed_links(path, desk, labels)}" if site_url else tags
    return heads


def claim_description(view: ClaimView, labels: Labels) -> str:
    """The verdict first, then the ruling; the claim only in quotation marks, with its claimant."""
    claim = view.claim
    if view.rating is None:
        reason = claim.withdrawal.reason if claim.withdrawal else ""
        return shorten(labels.text("share.withdrawn_description", claim=quoted(view, labels), reason=reason))
    return shorten(labels.text("share.claim_description", verdict=view.rating.label, claim=quoted(view, labels),
                               ruling=claim.conclusion or view.rating.description))
