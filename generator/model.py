"""The content model: frozen dataclasses built by `load`, read by `check` and `render`.

Every object keeps the place it was loaded from (`place`), and the claim and article keep the line of
each of their fields (`lines`), so a problem found later can still point at the editor's file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

Status = Literal["draft", "review", "approved", "withdrawn"]


@dataclass(frozen=True)
class Place:
    """Where a value was written."""

    path: str
    """The file, as shown to the editor."""
    line: int
    """1-based line."""


@dataclass(frozen=True)
class Rating:
    """One outcome of the rating scale."""

    key: str
    """What claims write in `rating:`."""
    label: str
    """The verdict as readers see it."""
    value: int | None
    """Position on the true-false scale, 1 = worst; None for outcomes outside it (unverified)."""
    description: str
    """One line: what the rating means."""
    icon: str
    """A symbol shown beside the label, so the rating never rests on colour alone."""
    place: Place


@dataclass(frozen=True)
class Scale:
    """The rating scale, worst first."""

    ratings: tuple[Rating, ...]

    def get(self, key: str) -> Rating | None:
        """The rating with this key, or None."""
        return next((r for r in self.ratings if r.key == key), None)

    @property
    def worst(self) -> int:
        """The lowest value on the scale (1 when no rating has a value)."""
        return min((r.value for r in self.ratings if r.value is not None), default=1)

    @property
    def best(self) -> int:
        """The highest value on the scale."""
        return max((r.value for r in self.ratings if r.value is not None), default=1)

    @property
    def valued(self) -> tuple[Rating, ...]:
        """The ratings on the true-false scale (with a value), worst first."""
        return tuple(r for r in self.ratings if r.value is not None)

    def known(self) -> str:
        """The keys, as a list an editor can read."""
        return ", ".join(r.key for r in self.ratings)

    def has_range(self) -> bool:
        """Whether the scale runs from a worst to a different best value (aggregators need it)."""
        return not self.valued or self.best > self.worst

    def is_decisive(self, rating: Rating | None) -> bool:
        """A rating at either end of the scale (false or true): it needs more evidence."""
        return rating is not None and rating.value is not None and rating.value in (self.worst, self.best)

    def position(self, value: int | None) -> dict[str, int]:
        """Where a rating's value stands, as schema.org's ratingValue, bestRating and worstRating (empty outside
        the scale)."""
        if value is None:
            return {}
        return {"ratingValue": value, "bestRating": self.best, "worstRating": self.worst}

    def rating_or_unknown(self, key: str) -> Rating:
        """The rating of `key`, or a stand-in outside the scale for a key the scale does not have."""
        return self.get(key) or Rating(key, key, None, "", "?", Place("", 0))

    def tone(self, rating: Rating) -> str:
        """A colour step from 0 (worst) to 4 (best), or 'none' outside the scale."""
        if rating.value is None:
            return "none"
        span = max(self.best - self.worst, 1)
        return str(round(4 * (rating.value - self.worst) / span))


@dataclass(frozen=True)
class Claimant:
    """Who made a claim."""

    name: str
    """As the article names them (schema.org `name`)."""
    type: str | None
    """`person` or `organization`, when known."""
    role: str | None
    """Their role when they made the claim, e.g. 'Mayor' (schema.org `jobTitle`, for a person)."""
    same_as: str | None
    """A URL that identifies them (Wikidata, Wikipedia, home page)."""
    place: Place
    image: str | None = None
    """A picture of them: an absolute http(s) URL (schema.org `image`, Fact Check Tools `claimAuthor.imageUrl`)."""


@dataclass(frozen=True)
class Source:
    """A document the fact-check relies on."""

    title: str
    publisher: str
    date: dt.date | None
    url: str | None
    archive_url: str | None
    excerpt: str | None
    kind: str | None
    """`primary` or `secondary`."""
    place: Place


@dataclass(frozen=True)
class Counterclaim:
    """What another party says against the claim."""

    claimant: Claimant
    text: str
    quote: str | None
    """Their words in the article, anchored like a claim's quote."""
    occurrence: int | None
    sources: tuple[Source, ...]
    place: Place


@dataclass(frozen=True)
class Reply:
    """Right of reply."""

    contacted: dt.date | None
    response: str | None
    not_sought: str | None
    """Why the claimant was not asked, when they were not."""
    place: Place


@dataclass(frozen=True)
class Appearance:
    """A work in which the claim appeared, other than the article (schema.org `firstAppearance`)."""

    url: str
    """Where it is online: an absolute http(s) URL."""
    title: str | None
    """Its headline or title."""
    date: dt.date | None
    """When it was published."""
    place: Place


@dataclass(frozen=True)
class Correction:
    """A dated correction of a published fact check."""

    date: dt.date
    text: str
    place: Place


@dataclass(frozen=True)
class Withdrawal:
    """Why and when a published fact check was withdrawn."""

    date: dt.date
    reason: str
    place: Place


@dataclass(frozen=True)
class Claim:
    """One checked claim: one page of the site."""

    id: str
    """Stable slug, unique in the site: the page URL."""
    report: str
    """Slug of the report (folder) the claim belongs to."""
    quote: str
    """The exact words in the article."""
    occurrence: int | None
    """Which occurrence of the quote is meant when it appears more than once."""
    claim: str
    """Short neutral statement of what is checked (ClaimReview `claimReviewed`)."""
    claimant: Claimant
    claim_date: dt.date | None
    rating: str
    """Key of a Rating in the scale."""
    conclusion: str | None
    notes: str | None
    """Markdown."""
    sources: tuple[Source, ...]
    counterclaims: tuple[Counterclaim, ...] | None
    """None when not recorded; an empty tuple when the editor says there are none."""
    reply: Reply | None
    status: Status
    author: str | None
    editor: str | None
    published: dt.date | None
    updated: dt.date | None
    corrections: tuple[Correction, ...]
    withdrawal: Withdrawal | None
    place: Place
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each field the editor wrote."""
    invalid: frozenset[str] = frozenset()
    """Fields left out because they were invalid (their errors are already reported)."""
    first_appearance: Appearance | None = None
    """Where the claim first appeared, when the article is not the first (schema.org `firstAppearance`)."""
    location: str | None = None
    """Where the claim was made, e.g. 'Kyiv' or 'a televised debate' (Fact Check Tools `claimLocation`,
    which Google maps to ClaimReview `itemReviewed.name`)."""
    headline: str | None = None
    """The desk's own headline for the claim page, e.g. 'Zika infected far fewer Puerto Ricans than 64%'.
    Without it the page leads with the verdict and quotes the claim (`headline.claim_title`)."""

    def line(self, name: str) -> int:
        """The line of one of the claim's fields in its file (the claim's own line when the field is absent)."""
        return self.lines.get(name, self.place.line)

    @property
    def last_modified(self) -> dt.date | None:
        """The latest of published, updated and correction dates."""
        dates = [d for d in (self.published, self.updated) if d] + [c.date for c in self.corrections]
        if self.withdrawal:
            dates.append(self.withdrawal.date)
        return max(dates, default=None)


@dataclass(frozen=True)
class Article:
    """The article a report checks."""

    title: str
    publisher: str | None
    author: str | None
    url: str | None
    published: dt.date | None
    language: str | None
    body: str
    """Markdown."""
    body_line: int
    """File line where the body starts."""
    place: Place


@dataclass(frozen=True)
class Report:
    """One article and its claims: a folder under content/."""

    slug: str
    article: Article
    claims: tuple[Claim, ...]
    claims_path: str
    digest: str = ""
    """Changes whenever one of the report's files changes (used to reuse work between preview rebuilds)."""


@dataclass(frozen=True)
class Site:
    """Everything under content/."""

    scale: Scale
    reports: tuple[Report, ...]

    def all_claims(self) -> list[Claim]:
        """Every claim of every report, in report order."""
        return [c for r in self.reports for c in r.claims]


_SKIP = frozenset({"place", "lines", "invalid"})


class PlainCopies:
    """Each claim as JSON-ready values (`to_plain`), made once and shared by the exports and the release
    manifest of one build: read them, never change them."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[Claim, dict[str, Any]]] = {}

    def __call__(self, claim: Claim) -> dict[str, Any]:
        made = self._made.get(id(claim))
        if made is None:
            made = self._made[id(claim)] = (claim, to_plain(claim))  # type: ignore[assignment]
        return made[1]  # type: ignore[index]


def to_plain(value: object) -> object:
    """Model objects as JSON-ready values (dates as ISO text), without where they were written.

    A hand-written dataclasses.asdict: no deep copies, which made exports the slowest part of a build.
    """
    if hasattr(value, "__dataclass_fields__"):
        return {name: to_plain(getattr(value, name)) for name in value.__dataclass_fields__ if name not in _SKIP}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
