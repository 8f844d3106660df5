"""Build modes: what a public build publishes and what a review build shows.

The mode is one value passed down from the edge (CLI option or plugin setting); this module is the only
place that decides whether a claim is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.model import Claim, Report, Site

Mode = Literal["public", "review"]
PUBLIC: Mode = "public"
REVIEW: Mode = "review"


def is_published(claim: Claim) -> bool:
    """Approved claims, and withdrawn claims that had been published (their page stays, with a notice)."""
    return claim.status == "approved" or (claim.status == "withdrawn" and claim.published is not None)


def visible_claims(report: Report, mode: Mode) -> tuple[Claim, ...]:
    if mode == REVIEW:
        return report.claims
    return tuple(c for c in report.claims if is_published(c))


def has_verdict(claim: Claim) -> bool:
    """Whether the claim's rating is shown (a withdrawn claim keeps its page but loses its verdict)."""
    return claim.status != "withdrawn"


def select(site: Site, mode: Mode) -> Site:
    """The site as the given build sees it: reports with only the claims that build shows.

    A public build leaves out reports that have no published claim yet.
    """
    reports = tuple(Report(r.slug, r.article, visible_claims(r, mode), r.claims_path, r.digest) for r in site.reports)
    return Site(site.scale, tuple(r for r in reports if r.claims or mode == REVIEW))


@dataclass(frozen=True)
class Tally:
    """What a build shows, counted in one place for the build summary, deploy, the pages and the dashboard."""

    reports: int
    """Reports with at least one claim shown."""
    rated: int
    """Claims shown with a verdict (in a public build: the approved claims)."""
    withdrawn: int
    """Withdrawn claims whose page stays, with a notice and no verdict."""

    def __str__(self) -> str:
        text = f"{self.rated} claim{'s' * (self.rated != 1)}"
        return text + (f", {self.withdrawn} withdrawn" if self.withdrawn else "")


def tally(reports: Iterable[Report], mode: Mode = PUBLIC) -> Tally:
    """Count what a build in `mode` shows of `reports`: the one count every summary and page uses."""
    rated = withdrawn = shown = 0
    for report in reports:
        claims = visible_claims(report, mode)
        shown += bool(claims)
        rated += sum(has_verdict(c) for c in claims)
        withdrawn += sum(not has_verdict(c) for c in claims)
    return Tally(shown, rated, withdrawn)
