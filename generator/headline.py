"""What a claim page is called: the verdict first, the claim only ever quoted and attributed.

A fact-check must not repeat a false claim as if the desk asserted it, so a claim's page title, heading,
search entry and every list that names it lead with the verdict: `False: “Crime fell by a fifth”, says
Jane Mayor`. A desk may write its own `headline` instead; `contradicting_labels` catches one that names
another rating of the scale than the claim's (e.g. "True" in the headline of a claim rated False).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.model import Claim, Scale

if TYPE_CHECKING:
    from generator.labels import Labels

HEADLINE_MAX = 110
"""Longest desk `headline`, in characters: longer ones are cut short in search results and shares."""


def quoted(text: str, labels: Labels) -> str:
    """`text` in the site language's quotation marks (CLDR's: “…” en, «…» uk, „…“ de)."""
    return labels.text("common.quoted", text=text)


def claim_title(claim: Claim, verdict: str | None, labels: Labels) -> str:
    """The claim's title as plain text: the desk's headline, or the verdict and the claim, quoted and attributed.

    `verdict` is the rating's label, or None for a claim without a verdict (withdrawn)."""
    if claim.headline:
        return claim.headline
    return labels.text("claim.title", verdict=verdict or labels.text("common.withdrawn"),
                       claim=quoted(claim.claim, labels), claimant=claim.claimant.name)


def claim_description(claim: Claim, verdict: str | None, labels: Labels) -> str:
    """The claim page's meta description: the verdict and the conclusion (the title without a conclusion)."""
    if verdict and claim.conclusion:
        return labels.text("claim.description", verdict=verdict, conclusion=claim.conclusion)
    return claim_title(claim, verdict, labels)


def contradicting_labels(headline: str, rating_key: str, scale: Scale) -> list[str]:
    """Labels of the scale's other ratings that `headline` contains as words, longest first.

    Longer labels are matched first and taken out, so "Mostly false" (rated Mostly false) is no "False"
    and "mostly false" (rated False) is "Mostly false"."""
    text = headline.casefold()
    found = []
    for rating in sorted(scale.ratings, key=lambda r: (-len(r.label), r.key)):
        if _words(rating.label).search(text):
            if rating.key != rating_key:
                found.append(rating.label)
            text = _words(rating.label).sub(" ", text)
    return found


def _words(label: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(label.casefold())}(?!\w)")
