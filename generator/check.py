"""Check loaded content: every rule a fact-check must pass, every problem at once.

`check_site` anchors each quote in its article and applies the editorial rules; it returns the problems
and the anchors, which the renderer uses to place highlights.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from generator.anchor import Anchor, Miss, locate, normalize
from generator.headline import HEADLINE_MAX, contradicting_labels
from generator.layout import REPORT_PAGES
from generator.memo import Memo, compute_every, digest
from generator.model import Claim, Report, Site
from generator.problems import Problem
from generator.sanitize import MAX_NESTING, nesting
from generator.text import RenderedText, render_text

CLAIM_MAX = 75
"""Longest `claim` statement, in characters (Google's guideline for claimReviewed)."""
RESERVED_IDS = frozenset(REPORT_PAGES)
"""Claim ids that would collide with a report's own pages."""


@dataclass
class Checked:
    """The result of checking: problems, and where each quote is."""

    problems: list[Problem] = field(default_factory=list)
    anchors: dict[str, Anchor] = field(default_factory=dict)
    """Claim id -> anchor of its quote."""
    counter_anchors: dict[tuple[str, int], Anchor] = field(default_factory=dict)
    """(claim id, counterclaim index) -> anchor of the counterclaim's quote."""
    texts: dict[str, RenderedText] = field(default_factory=dict)
    """Report slug -> its rendered article."""
    _by_claim: tuple[list[Problem], dict[str, list[Problem]]] | None = field(default=None, repr=False)

    def problems_of(self, claim_id: str) -> list[Problem]:
        """The problems found in one claim (built into an index on first use)."""
        if self._by_claim is None or self._by_claim[0] is not self.problems:
            index: dict[str, list[Problem]] = {}
            for problem in self.problems:
                index.setdefault(problem.claim or "", []).append(problem)
            self._by_claim = (self.problems, index)
        return self._by_claim[1].get(claim_id, [])


def check_site(site: Site, memo: Memo | None = None) -> Checked:
    """Anchor every quote and apply every rule; with a memo, unchanged reports are not checked again."""
    checked = Checked()
    _check_ids(site, checked.problems)
    scale = digest(site.scale)
    checks = [(("check", report.slug), functools.partial(digest, report.digest, scale),
               functools.partial(_check_report, site, report)) for report in site.reports]
    for report, part in zip(site.reports, compute_every(memo, checks), strict=True):  # on two cores
        checked.texts[report.slug] = part.texts[report.slug]
        checked.anchors.update(part.anchors)
        checked.counter_anchors.update(part.counter_anchors)
        checked.problems.extend(part.problems)
    return checked


def _check_ids(site: Site, problems: list[Problem]) -> None:
    first: dict[str, Claim] = {}
    for claim in site.all_claims():
        if claim.id in RESERVED_IDS:
            problems.append(_p(claim, "id", "error", f"id '{claim.id}' is reserved for the report's own pages",
                               "choose another id", "reserved-id"))
        if claim.id in first:
            other = first[claim.id]
            problems.append(_p(claim, "id", "error", f"duplicate id '{claim.id}' (first used at "
                               f"{other.place.path}:{other.line('id')})",
                               "ids are page URLs and must be unique in the site: rename one", "duplicate-id"))
        else:
            first[claim.id] = claim


def _check_report(site: Site, report: Report) -> Checked:
    """One report's anchors and problems."""
    checked = Checked()
    checked.problems.extend(_nesting_problems(report))
    rendered = render_text(report.article.body)
    checked.texts[report.slug] = rendered
    normalized = normalize(rendered.plain)
    for claim in report.claims:
        found = locate(rendered.plain, claim.quote, claim.occurrence, normalized)
        if isinstance(found, Anchor):
            checked.anchors[claim.id] = found
        else:
            checked.problems.append(_quote_problem(claim, "quote", found, claim.occurrence))
        for i, counter in enumerate(claim.counterclaims or ()):
            if counter.quote:
                found = locate(rendered.plain, counter.quote, counter.occurrence, normalized)
                if isinstance(found, Anchor):
                    checked.counter_anchors[(claim.id, i)] = found
                else:
                    miss = _quote_problem(claim, "counterclaims", found, counter.occurrence)
                    checked.problems.append(Problem(miss.path, counter.place.line, miss.severity,
                                                    "counterclaim " + miss.message, miss.hint, claim.id, miss.code))
        checked.problems.extend(claim_problems(site, claim))
    return checked


def _nesting_problems(report: Report) -> list[Problem]:
    """Markdown nested deeper than MAX_NESTING is refused: it costs quadratic time downstream."""
    problems = []
    article = report.article
    depth, line = nesting(article.body)
    if line:
        problems.append(Problem(article.place.path, article.body_line + line - 1, "error",
                                f"the article's Markdown is nested {depth} levels deep, over {MAX_NESTING}",
                                "remove the extra '>' or list markers", code="too-deep"))
    for claim in report.claims:
        depth, line = nesting(claim.notes) if claim.notes else (0, 0)
        if line:
            problems.append(_p(claim, "notes", "error", f"notes are nested {depth} levels deep, over {MAX_NESTING}",
                               "remove the extra '>' or list markers", "too-deep"))
    return problems


def _quote_problem(claim: Claim, field_name: str, miss: Miss, occurrence: int | None) -> Problem:
    if miss.count == 0:
        if not miss.closest:
            return _p(claim, field_name, "error", "quote not found in the article",
                      "copy the words exactly from article.md", "quote-not-found")
        reason = f", {miss.reason}" if miss.reason else ""
        return _p(claim, field_name, "error",
                  f"quote not found in the article; closest passage ({miss.similarity:.0f}% similar): "
                  f"\"{miss.closest}\"{reason}", "copy the words exactly from article.md", "quote-not-found")
    where = "; ".join(miss.contexts[:5])
    if occurrence is not None:
        return _p(claim, field_name, "error",
                  f"quote appears {miss.count} times, so 'occurrence: {occurrence}' does not exist",
                  f"use occurrence 1 to {miss.count}", "quote-occurrence")
    times = f"{'at least ' if miss.more else ''}{miss.count} times"
    return _p(claim, field_name, "error", f"quote is ambiguous: it appears {times} ({where})",
              "quote more words so it is unique, or add 'occurrence: N' (1 = first)", "quote-ambiguous")


def claim_problems(site: Site, claim: Claim) -> list[Problem]:
    """The editorial rules for one claim (quotes aside)."""
    problems: list[Problem] = []
    rating = site.scale.get(claim.rating)
    if rating is None:
        known = site.scale.known()
        problems.append(_p(claim, "rating", "error", f"unknown rating '{claim.rating}' (known: {known})",
                           "use one of the known keys, or add it to content/ratings.yml", "unknown-rating"))
    if len(claim.claim) > CLAIM_MAX:
        problems.append(_p(claim, "claim", "warning", f"claim is {len(claim.claim)} characters, over {CLAIM_MAX}",
                           "shorten it to a brief neutral statement of what is checked", "claim-long"))
    if rating and re.search(rf"(?<!\w){re.escape(rating.label)}(?!\w)", claim.claim, re.IGNORECASE):
        problems.append(_p(claim, "claim", "warning", f"claim contains its rating's label '{rating.label}'",
                           "state what is checked, not the verdict", "claim-has-rating"))
    if rating and rating.value is not None and not claim.sources and "sources" not in claim.invalid:
        problems.append(_p(claim, "rating", "error", f"rated '{rating.label}' without any source",
                           "list the sources that support the rating under 'sources:'", "no-sources"))
    problems += _headline_problems(site, claim)
    problems += _publication_problems(claim)
    return problems


def _headline_problems(site: Site, claim: Claim) -> list[Problem]:
    """A desk's own headline: short enough for a search result, and never naming another verdict."""
    if not claim.headline:
        return []
    problems = []
    if len(claim.headline) > HEADLINE_MAX:
        problems.append(_p(claim, "headline", "warning",
                           f"headline is {len(claim.headline)} characters, over {HEADLINE_MAX}",
                           "shorten it: search results and shared links cut it off", "headline-long"))
    rating = site.scale.get(claim.rating)
    if rating is None:
        return problems
    for label in contradicting_labels(claim.headline, claim.rating, site.scale):
        problems.append(_p(claim, "headline", "error", f"headline says '{label}' but the claim is rated '{rating.label}'",
                           f"reword it so it agrees with '{rating.label}', or leave 'headline' out "
                           "to lead with the verdict", "headline-contradicts-rating"))
    return problems


def _publication_problems(claim: Claim) -> list[Problem]:
    problems = []
    if claim.status == "approved":
        for name in ("notes", "conclusion", "editor", "published"):
            if not getattr(claim, name) and name not in claim.invalid:
                problems.append(_p(claim, "status", "error", f"approved claim has no '{name}'",
                                   f"add '{name}:' or set 'status: review'", f"approved-without-{name}"))
    if claim.status == "withdrawn" and not claim.withdrawal:
        problems.append(_p(claim, "status", "error", "withdrawn claim has no 'withdrawal' (date and reason)",
                           "add 'withdrawal: {date: YYYY-MM-DD, reason: ...}'", "withdrawn-without-reason"))
    if claim.withdrawal and claim.status != "withdrawn":
        problems.append(_p(claim, "withdrawal", "error", f"claim has a 'withdrawal' but its status is '{claim.status}'",
                           "set 'status: withdrawn' or remove 'withdrawal'", "withdrawal-status"))
    if claim.published and claim.updated and claim.updated < claim.published:
        problems.append(_p(claim, "updated", "warning", "'updated' is before 'published'",
                           "check both dates", "updated-before-published"))
    for correction in claim.corrections:
        if claim.published and correction.date < claim.published:
            problems.append(Problem(correction.place.path, correction.place.line, "warning",
                                    "correction is dated before the claim was published", "check the date",
                                    claim.id, "correction-before-published"))
    return problems


def _p(claim: Claim, field_name: str, severity: str, message: str, hint: str, code: str) -> Problem:
    return Problem(claim.place.path, claim.line(field_name), severity, message, hint, claim.id, code)  # type: ignore[arg-type]
