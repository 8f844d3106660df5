"""View data for templates: plain dataclasses prepared from the model, so templates stay simple.

Templates never see loader internals; they get these views, whose text fields are still raw (Jinja
escapes them) and whose `*_html` fields are already safe HTML.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from generator import layout
from generator.anchor import Anchor
from generator.check import Checked
from generator.dates import iso  # noqa: F401  (views give templates and exports one date format)
from generator.highlight import Span, highlight
from generator.model import Claim, Correction, Report, Scale, Source
from generator.review import Item
from generator.sanitize import markdown_html
from generator.select import PUBLIC, REVIEW, Tally, has_verdict
from generator.select import tally as count_shown
from generator.text import RenderedText


def report_path(slug: str) -> str:
    return layout.report_page(slug)


def article_path(slug: str) -> str:
    return layout.article_page(slug)


def claim_path(claim: Claim) -> str:
    return layout.claim_page(claim.report, claim.id)


@dataclass(frozen=True)
class RatingView:
    key: str
    label: str
    icon: str
    description: str
    tone: str
    """Colour step 0 (worst) .. 4 (best), or 'none' outside the scale."""
    value: int | None

    @property
    def anchor_id(self) -> str:
        """The id of this rating's entry on the ratings page."""
        return layout.rating_id(self.key)


def rating_view(scale: Scale, key: str) -> RatingView:
    rating = scale.rating_or_unknown(key)
    return RatingView(rating.key, rating.label, rating.icon, rating.description, scale.tone(rating), rating.value)


@dataclass(frozen=True)
class ClaimView:
    """One claim as its pages show it."""

    claim: Claim
    path: str
    rating: RatingView | None
    """None when the claim has no verdict (withdrawn)."""

    @property
    def passage_id(self) -> str:
        """The id of the claim's highlighted passage in the annotated article."""
        return layout.passage_id(self.claim.id)

    def counter_passage_id(self, index: int) -> str:
        """The id of a counterclaim's highlighted passage (`index` counts from 0)."""
        return layout.counter_passage_id(self.claim.id, index)
    anchor: Anchor | None
    context_html: str
    """The quote's paragraph with the quote marked, or '' when the quote is not anchored."""
    notes_html: str
    problems: list[str] = field(default_factory=list)
    """Open problems (shown in review builds only)."""

    def cites(self, source: Source) -> bool:
        """Whether the claim's own list of sources has this document (same title, publisher and address), as a
        counterclaim's list may repeat it."""
        return any((s.title, s.publisher, s.url) == (source.title, source.publisher, source.url)
                   for s in self.claim.sources)

    @property
    def verdict(self) -> str | None:
        """The label of its rating, or None without a verdict."""
        return self.rating.label if self.rating else None

    @property
    def tone(self) -> str:
        """The colour step of its rating, or 'none' without a verdict."""
        return self.rating.tone if self.rating else "none"

    @property
    def banner(self) -> str | None:
        """The label key of the banner a claim that is not approved carries in review builds, or None."""
        return STATUS_BANNERS.get(self.claim.status)

    @property
    def corrections(self) -> list[Correction]:
        """Its corrections, newest first."""
        return sorted(self.claim.corrections, key=lambda k: k.date, reverse=True)

    @property
    def updated(self) -> dt.date | None:
        """When it was last changed after publication, or None when it was not."""
        modified = self.claim.last_modified
        return modified if modified and modified != self.claim.published else None


STATUS_BANNERS = {"draft": "status.draft", "review": "status.review"}
"""Label keys of the banners of claims not approved yet."""


@dataclass(frozen=True)
class ReportView:
    report: Report
    path: str
    article_path: str
    claims: list[ClaimView]
    """In article order."""
    counts: list[tuple[RatingView, int]]
    """How many claims got each rating, in scale order, zeros included."""
    tally: Tally
    """How many claims the page shows with a verdict, and how many withdrawn (`select.tally`)."""

    @property
    def chart(self) -> Chart:
        """The bar chart of `counts`."""
        return chart_view(self.counts)

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
    return ReportView(report, report_path(report.slug), article_path(report.slug), claims, counts,
                      count_shown([report], REVIEW if review else PUBLIC))


def newest_first(reports: list[ReportView]) -> list[ReportView]:
    return sorted(reports, key=lambda r: r.sort_key, reverse=True)


def year_of(report: ReportView) -> str:
    """The year a report's article was published, '' when it is undated."""
    published = report.report.article.published
    return str(published.year) if published else ""


@dataclass(frozen=True)
class ChartRow:
    """One bar of the ratings chart, with its SVG coordinates."""

    rating: RatingView
    count: int
    text_y: int
    bar_y: int
    width: int
    count_x: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of ratings, laid out in a 360-wide SVG."""

    rows: list[ChartRow]
    height: int
    bar_x: int = 130
    bar_height: int = 22


CHART_ROW = 34
"""Height of a row; its text is CHART_FONT high (factcheck.css), large enough to read on a phone, where the
360-wide drawing is shown about 340 pixels wide."""
CHART_FONT = 16
CHART_WIDTH = 360
CHART_LABELS = 130
"""The least room for the labels; a longer label (in any language) moves the bars right."""
CHART_COUNT = 30
"""Room after the longest bar for its count."""


def chart_view(counts: list[tuple[RatingView, int]]) -> Chart:
    """Rows of the ratings chart: bar lengths relative to the most frequent rating, after the longest label."""
    most = max([n for _, n in counts] + [1])
    bar_x = max([CHART_LABELS] + [_label_width(f"{rating.icon} {rating.label}") + 8 for rating, _ in counts])
    longest = CHART_WIDTH - bar_x - CHART_COUNT
    rows = []
    for i, (rating, count) in enumerate(counts):
        width = int(round(longest * count / most))
        rows.append(ChartRow(rating, count, i * CHART_ROW + 23, i * CHART_ROW + 6, width, bar_x + 6 + width))
    return Chart(rows, len(counts) * CHART_ROW + 4, bar_x)


def _label_width(text: str) -> int:
    """About how wide `text` is at the chart's font size: a wide (CJK) character takes twice an average letter."""
    return sum(2 * CHART_FONT if unicodedata.east_asian_width(char) in "WF" else CHART_FONT for char in text) // 2


@dataclass(frozen=True)
class CorrectionEntry:
    """A line of the corrections page: a correction or a withdrawal of a published claim."""

    date: dt.date
    kind: Literal["correction", "withdrawal"]
    text: str
    cv: ClaimView


def correction_entries(reports: list[ReportView]) -> list[CorrectionEntry]:
    """Every correction and withdrawal, newest first."""
    entries = []
    for report in reports:
        for view in report.claims:
            for correction in view.claim.corrections:
                entries.append(CorrectionEntry(correction.date, "correction", correction.text, view))
            if view.claim.withdrawal:
                entries.append(CorrectionEntry(view.claim.withdrawal.date, "withdrawal",
                                               view.claim.withdrawal.reason, view))
    return sorted(entries, key=lambda e: (e.date, e.cv.claim.id), reverse=True)


CheckState = Literal["ok", "warning", "missing"]
CHECK_MARKS: dict[str, tuple[str, str]] = {"ok": ("✓", "ok"), "warning": ("!", "warn"), "missing": ("✗", "fail")}
"""Icon and CSS class (fc-<class>) of each state of a checklist item."""


@dataclass(frozen=True)
class CheckView:
    """One checklist item as the dashboard shows it."""

    item: Item
    state: CheckState

    @property
    def icon(self) -> str:
        return CHECK_MARKS[self.state][0]

    @property
    def css(self) -> str:
        return CHECK_MARKS[self.state][1]


@dataclass(frozen=True)
class Checklist:
    """A claim's checklist with its tally."""

    items: list[CheckView]

    @property
    def passed(self) -> int:
        return sum(check.state == "ok" for check in self.items)

    @property
    def total(self) -> int:
        return len(self.items)


def checklist_view(items: list[Item]) -> Checklist:
    """The state of each item: done, a warning (does not block publication) or missing."""
    states: list[CheckState] = ["ok" if i.ok else "warning" if i.warning else "missing" for i in items]
    return Checklist([CheckView(item, state) for item, state in zip(items, states, strict=True)])


@dataclass(frozen=True)
class DashboardRow:
    """A claim on the review dashboard."""

    cv: ClaimView
    checks: Checklist

