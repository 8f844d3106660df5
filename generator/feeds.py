"""Atom feeds: the newest published fact checks (`feed.xml`) and the corrections and withdrawals
(`corrections.xml`), with absolute URLs under site_url.

Every date comes from the content (a claim's published and last-modified dates, a correction's date),
never from the clock, so the same content gives the same bytes. An entry's id is the absolute address
of what it announces, which does not change from one build to the next. The words come from the
label table (`feed.*`, `share.quoted`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from feedgen.feed import FeedGenerator

from generator.headline import claim_title
from generator.labels import Labels
from generator.layout import CORRECTIONS_FEED, FEED, absolute, relative
from generator.select import is_published
from generator.views import ClaimView, ReportView

NEWEST = 50
"""Entries per feed."""
FALLBACK_DATE = dt.date(2000, 1, 1)
"""The `updated` date of a feed with no entry (Atom requires one)."""


@dataclass(frozen=True)
class Entry:
    """One entry of a feed."""

    id: str
    title: str
    summary: str
    link: str
    published: dt.date
    updated: dt.date


def quoted(view: ClaimView, labels: Labels) -> str:
    """The claim in quotation marks, attributed to its claimant: never stated as the desk's own."""
    return labels.text("share.quoted", claim=view.claim.claim, claimant=view.claim.claimant.name)


def fact_check_entries(reports: list[ReportView], site_url: str, labels: Labels) -> list[Entry]:
    """The published fact checks (approved, with a verdict), newest first."""
    entries = []
    for report in reports:
        for view in report.claims:
            claim = view.claim
            if claim.status != "approved" or view.rating is None or claim.published is None:
                continue
            url = absolute(site_url, view.path)
            verdict, said = view.rating.label, quoted(view, labels)
            summary = labels.text("feed.entry_summary", verdict=verdict, claim=said,
                                  ruling=claim.conclusion or view.rating.description)
            entries.append(Entry(url, claim_title(claim, verdict, labels), summary, url,
                                 claim.published, claim.last_modified or claim.published))
    return _newest(entries)


def correction_entries(reports: list[ReportView], site_url: str, labels: Labels) -> list[Entry]:
    """Corrections to published fact checks, and withdrawals, newest first."""
    entries = []
    for report in reports:
        for view in report.claims:
            claim = view.claim
            if not is_published(claim):
                continue
            url, said = absolute(site_url, view.path), quoted(view, labels)
            verdict = view.rating.label if view.rating else labels.text("common.withdrawn")
            same_day: dict[dt.date, int] = {}
            for correction in sorted(claim.corrections, key=lambda c: c.date):
                same_day[correction.date] = same_day.get(correction.date, 0) + 1
                entries.append(Entry(f"{url}#correction-{correction.date.isoformat()}-{same_day[correction.date]}",
                                     labels.text("feed.correction_title", verdict=verdict, claim=said),
                                     labels.text("feed.correction_summary", text=correction.text, verdict=verdict),
                                     f"{url}#corrections", correction.date, correction.date))
            if claim.withdrawal:
                entries.append(Entry(f"{url}#withdrawal", labels.text("feed.withdrawal_title", claim=said),
                                     labels.text("feed.withdrawal_summary", reason=claim.withdrawal.reason),
                                     url, claim.withdrawal.date, claim.withdrawal.date))
    return _newest(entries)


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.updated, e.published, e.id), reverse=True)[:NEWEST]


def atom(entries: list[Entry], title: str, path: str, site_url: str, author: str) -> str:
    """An Atom document of `entries`, served at `path` under site_url."""
    feed = FeedGenerator()
    feed.id(absolute(site_url, path))
    feed.title(title)
    feed.author({"name": author})
    feed.link(href=absolute(site_url, path), rel="self", type="application/atom+xml")
    feed.link(href=site_url, rel="alternate", type="text/html")
    feed.generator("factcheck")
    feed.updated(_moment(max((e.updated for e in entries), default=FALLBACK_DATE)))
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry.id)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.summary(entry.summary)
        item.published(_moment(entry.published))
        item.updated(_moment(entry.updated))
    return feed.atom_str(pretty=True).decode("utf-8")


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def feeds(reports: list[ReportView], site_url: str, desk: str, labels: Labels) -> dict[str, str]:
    """{path: Atom XML} of both feeds; none without a site_url (a feed's addresses must be absolute)."""
    if not site_url:
        return {}
    return {FEED: atom(fact_check_entries(reports, site_url, labels), labels.text("feed.title", desk=desk), FEED,
                       site_url, desk),
            CORRECTIONS_FEED: atom(correction_entries(reports, site_url, labels),
                                   labels.text("feed.corrections_title", desk=desk), CORRECTIONS_FEED, site_url, desk)}


def feed_links(page: str, desk: str, labels: Labels) -> str:
    """The <link rel="alternate"> tags that let feed readers find both feeds from the page at `page`.

    The addresses are relative: Material fetches the sitemap.xml next to every `link[rel=alternate]` (its
    language selector), which must stay on the site's own origin, and on a disk copy, on the disk.
    """
    return "\n".join(f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
                     f'href="{escape(relative(page, path))}">'
                     for path, title in ((FEED, labels.text("feed.title", desk=desk)),
                                         (CORRECTIONS_FEED, labels.text("feed.corrections_title", desk=desk))))
