"""The publication policy: which checklist items an approved claim must meet before a public build publishes it.

A desk lists its rules under the plugin's `policy:` option in mkdocs.yml. The same verdicts feed the public
build (an error per unmet rule, with the file and line to fix), `factcheck approve` (which refuses), and the
review dashboard (which marks each checklist item required or not).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from generator.check import Checked
from generator.model import Claim, Scale, Site
from generator.problems import Problem
from generator.review import Item, checklist

RULES: dict[str, str] = {
    "sources": "at least one source",
    "two-sources": "two independent sources (different publishers) for a decisive rating (the best or worst of the scale)",
    "archive-links": "an archive link (archive_url) for each online source",
    "counterclaims": "the counterclaims recorded, or 'counterclaims: []' when none were found",
    "reply": "the right of reply recorded (reply: contacted/response, or not_sought with the reason)",
    "claim-date": "the date the claim was made (claim_date)",
    "correction-for-rerating": "a new correction entry when the rating changed since the last release",
}
"""Every rule a policy can name, with what it requires (used in messages and the README)."""

DEFAULT: tuple[str, ...] = ("sources", "two-sources", "archive-links", "counterclaims", "reply",
                            "correction-for-rerating")
"""What a careful desk requires. `claim-date` is left out: an unknown date is left out rather than guessed."""

ALWAYS = ("quote", "notes", "conclusion", "sign-off")
"""Checklist items that `factcheck check` always requires of an approved claim, whatever the policy."""

_HINTS = {
    "sources": "list the sources consulted under 'sources:'",
    "two-sources": "add a second source from another publisher, or choose a rating that the evidence supports",
    "archive-links": "archive the page (e.g. the Wayback Machine's 'Save page now') and add its archive_url",
    "counterclaims": "list what others say against it, or write 'counterclaims: []' if nobody does",
    "reply": "add 'reply:' with 'contacted:' (and the response), or 'not_sought:' with the reason",
    "claim-date": "add 'claim_date: YYYY-MM-DD'",
}


def verdicts(claim: Claim, scale: Scale, checked: Checked, rules: Sequence[str]) -> list[Item]:
    """The claim's checklist, with each failed item that the policy does not require marked as a warning."""
    required = set(rules) | set(ALWAYS)
    return [dataclasses.replace(item, warning=not item.ok and item.key not in required)
            for item in checklist(claim, scale, checked)]


def lint(site: Site, checked: Checked, rules: Sequence[str], release: Mapping[str, Any] | None) -> list[Problem]:
    """An error for every rule an approved claim breaks, at the line to edit."""
    problems: list[Problem] = []
    released = (release or {}).get("claims", {})
    for claim in site.all_claims():
        if claim.status != "approved":
            continue
        for item in checklist(claim, site.scale, checked):
            if not item.ok and item.key in rules and not _checked_anyway(claim, site.scale, item.key):
                problems += _broken(claim, item)
        if "correction-for-rerating" in rules and claim.id in released:
            problems += _rerated(claim, released[claim.id])
    return problems


def _checked_anyway(claim: Claim, scale: Scale, rule: str) -> bool:
    """`factcheck check` already reports a missing source for a rating on the scale: say it once."""
    rating = scale.get(claim.rating)
    return rule == "sources" and rating is not None and rating.value is not None


def _broken(claim: Claim, item: Item) -> list[Problem]:
    if item.key == "archive-links":
        return [_problem(claim, source.place.line, item.key, f"source '{source.title}' has a url but no archive_url")
                for source in claim.sources if source.url and not source.archive_url]
    field = {"sources": "sources", "two-sources": "sources", "reply": "reply", "counterclaims": "id",
             "claim-date": "id"}[item.key]
    detail = f" ({item.values['count']} publisher(s))" if item.key == "two-sources" else ""
    return [_problem(claim, claim.line(field), item.key, f"{RULES[item.key]} is missing{detail}")]


def _rerated(claim: Claim, before: Mapping[str, Any]) -> list[Problem]:
    if before.get("rating") == claim.rating or len(claim.corrections) > int(before.get("corrections", 0)):
        return []
    return [Problem(claim.place.path, claim.line("rating"), "error",
                    f"publication policy 'correction-for-rerating': re-rated {before.get('rating')} -> {claim.rating} "
                    "since the last release without a new correction",
                    "add a dated entry under 'corrections:' that says what changed and why",
                    claim.id, "policy-correction-for-rerating")]


def _problem(claim: Claim, line: int, rule: str, message: str) -> Problem:
    return Problem(claim.place.path, line, "error", f"publication policy '{rule}': {message}",
                   f"{_HINTS[rule]} (or drop '{rule}' from the plugin's policy in mkdocs.yml)", claim.id,
                   f"policy-{rule}")
