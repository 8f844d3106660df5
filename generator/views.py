"""View data for templates: plain dataclasses prepared from the model, so templates stay simple.

Templates never see loader internals; they get these views, whose text fields are still raw (Jinja
escapes them) and whose `*_html` fields are already safe HTML.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from generator.anchor import Anchor
from generator.check import Checked
from generator.highlight import Span, highlight
from generator.model import Claim, Rating, Report, Scale
from generator.sanitize import markdown_html
from generator.select import has_verdict
from generator.text import RenderedText


def report_path(slug: str) -> str:
    return f"reports/{slug}/index.md"


def article_path(slug: str) -> str:
    return f"reports/{slug}/article.md"


def claim_path(claim: Claim) -> str:
    return f"reports/{claim.report}/{claim.id}.md"


@dataclass(frozen=True)
class RatingView:
    key: str
    label: str
    icon: str
    description: str
    tone: str
    """Colour step 0 (worst) .. 4 (best), or 'none' outside the scale."""
    value: int | None


def rating_view(scale: Scale, key: str) -> RatingView:
    rating = scale.get(key) or Rating(key, key, None, "Unknown rating", "?", None)  # type: ignore[arg-type]
    return RatingView(rating.key, rating.label, rating.icon, rating.description, scale.tone(rating), rating.value)


@dataclass(frozen=True)
class ClaimView:
    """One claim as its pages show it."""

    claim: Claim
    path: str
    rating: RatingView | None
    """None when the claim has no verdict (withdrawn)."""
    anchor: Anchor | None
    context_html: str
    """The quote's paragraph with the quote marked, or '' when the quote is not anchored."""
    notes_html: str
    problems: list[str] = field(default_factory=list)
    """Open problems (shown in review builds only)."""


@dataclass(frozen=True)
class ReportView:
    report: Report
    path: str
    article_path: str
    claims: list[ClaimView]
    """In article order."""
    counts: list[tuple[RatingView, int]]
    """How many claims got each rating, in scale order, zeros included."""

    @property
    def sort_key(self) -> tuple[str, str]:
        published = self.report.article.published
        return (published.isoformat() if published else "", self.report.slug)


def claim_views(report: Report, scale: Scale, checked: Checked, review: bool) -> list[ClaimView]:
    rendered = checked.texts.get(report.slug)
    views = []
    for claim in report.claims:
        anchor = checked.anchors.get(claim.id)
        rating = rating_view(scale, claim.rating) if has_verdict(claim) else None
        context = _context_html(rendered, anchor, rating) if rendered and anchor else ""
        problems = [f"{p.severity}: {p.message}; {p.hint}" for p in checked.problems_of(claim.id)] if review else []
        views.append(ClaimView(claim, claim_path(claim), rating, anchor, context,
                               markdown_html(claim.notes) if claim.notes else "", problems))
    return sorted(views, key=lambda v: (v.anchor is None, (v.anchor.start, v.anchor.end) if v.anchor else (0, 0), v.claim.id))


def _context_html(rendered: RenderedText, anchor: Anchor, rating: RatingView | None) -> str:
    first, last = rendered.block_at(anchor.start), rendered.block_at(max(anchor.end - 1, anchor.start))
    tone = rating.tone if rating else "none"
    span = Span(anchor.start, anchor.end, f"fc-hl fc-hl--claim fc-tone-{tone}")
    return highlight(rendered, [span], range(first, last + 1))


def report_view(report: Report, scale: Scale, checked: Checked, review: bool) -> ReportView:
    claims = claim_views(report, scale, checked, review)
    tally = Counter(v.rating.key for v in claims if v.rating)
    counts = [(rating_view(scale, r.key), tally.get(r.key, 0)) for r in scale.ratings]
    return ReportView(report, report_path(report.slug), article_path(report.slug), claims, counts)


def newest_first(reports: list[ReportView]) -> list[ReportView]:
    return sorted(reports, key=lambda r: r.sort_key, reverse=True)


def year_of(report: ReportView) -> str:
    published = report.report.article.published
    return str(published.year) if published else "Undated"


def iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""
