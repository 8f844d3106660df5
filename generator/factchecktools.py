"""The Fact Check Tools export: one `ClaimReviewMarkupPage` per published claim page.

Google's Fact Check Tools API (factchecktools v1alpha1) creates and updates a page's ClaimReview markup
from a ClaimReviewMarkupPage (`pages.create`, `pages.update`). Its discovery document says which
ClaimReview property each field corresponds to; this module follows that table field by field, reading
the ClaimReview JSON-LD the page carries, so the export cannot say anything the page does not.
"""

from __future__ import annotations

from typing import Any

def export(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole file: every page, as `pages.list` returns them (ListClaimReviewMarkupPagesResponse)."""
    return {"claimReviewMarkupPages": pages}


def markup_page(review: dict[str, Any]) -> dict[str, Any]:
    """The ClaimReviewMarkupPage of one ClaimReview (schema.org JSON-LD, as `structured.claim_review` makes it)."""
    author = review.get("author", {})
    page: dict[str, Any] = {"pageUrl": review["url"]}  # ClaimReview.url
    page["publishDate"] = review.get("datePublished")  # ClaimReview.datePublished
    page["claimReviewAuthor"] = _compact({"name": author.get("name"), "imageUrl": _image(author)})
    page["claimReviewMarkups"] = [markup(review)]
    return _compact(page)


def markup(review: dict[str, Any]) -> dict[str, Any]:
    """One ClaimReviewMarkup; each line names the ClaimReview property the API maps the field to."""
    claim = review.get("itemReviewed", {})
    claimant = claim.get("author", {})
    rating = review["reviewRating"]
    first = claim.get("firstAppearance", {}).get("url")
    appearances = [a["url"] for a in _as_list(claim.get("appearance")) if a.get("url") and a["url"] != first]
    return _compact({
        "claimReviewed": review["claimReviewed"],  # ClaimReview.claimReviewed
        "claimDate": claim.get("datePublished"),  # itemReviewed.datePublished
        "claimFirstAppearance": first,  # itemReviewed.firstAppearance.url
        "claimAppearances": appearances,  # itemReviewed.appearance.url, the first appearance left out
        "claimLocation": claim.get("name"),  # itemReviewed.name
        "claimAuthor": _compact({
            "name": claimant.get("name"),  # itemReviewed.author.name
            "jobTitle": claimant.get("jobTitle"),  # itemReviewed.author.jobTitle
            "imageUrl": _image(claimant),  # itemReviewed.author.image
            "sameAs": claimant.get("sameAs"),  # itemReviewed.author.sameAs
        }),
        "rating": _compact({
            "textualRating": rating.get("alternateName"),  # reviewRating.alternateName
            "ratingValue": rating.get("ratingValue"),  # reviewRating.ratingValue
            "bestRating": rating.get("bestRating"),  # reviewRating.bestRating
            "worstRating": rating.get("worstRating"),  # reviewRating.worstRating
            "ratingExplanation": rating.get("ratingExplanation"),  # reviewRating.ratingExplanation
            "imageUrl": _image(rating),  # reviewRating.image
        }),
        "url": review["url"],  # ClaimReview.url (the page URL)
    })


def _image(thing: dict[str, Any]) -> str | None:
    """The URL of a thing's `image`, whether written as a URL or as an ImageObject."""
    image = thing.get("image")
    return image.get("url") if isinstance(image, dict) else image


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Fields the API would read as unset are left out, as its own JSON does."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
