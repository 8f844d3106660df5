"""Atom feeds: the newest published fact checks (`feed.xml`) and the corrections and withdrawals
(`corrections.xml`), with absolute URLs under site_url.

Every date comes from the content (a claim's published and last-modified dates, a correction's date),
never from the clock, so the same content gives the same bytes. An entry's id is the absolute address
of what it announces, which does not change from one build to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from feedgen.feed import FeedGenerator

from generator.layout import CORRECTIONS_FEED, FEED
from generator.select import is_published
from generator.structured import absolute
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


def quoted(view: ClaimView) -> str:
    """The claim in quotation marks, attributed to its claimant: never stated as the desk's own."""
    return f"“{view.claim.claim}” — {view.claim.claimant.name}"


def fact_check_entries(reports: list[ReportView], site_url: str) -> list[Entry]:
    """The published fact checks (approved, with a verdict), newest first."""
    entries = []
    for report in reports:
        for view in report.claims:
            claim = view.claim
            if claim.status != "approved" or view.rating is None or claim.published is None:
                continue
            url = absolute(site_url, view.path)
            summary = f"Our verdict: {view.rating.label}. " + (claim.conclusion or view.rating.description)
            entries.append(Entry(url, f"{view.rating.label}: {quoted(view)}", f"{summary} Claim: {quoted(view)}.",
                                 url, claim.published, claim.last_modified or claim.published))
    return _newest(entries)


def correction_entries(reports: list[ReportView], site_url: str) -> list[Entry]:
    """Corrections to published fact checks, and withdrawals, newest first."""
    entries = []
    for report in reports:
        for view in report.claims:
            claim = view.claim
            if not is_published(claim):
                continue
            url = absolute(site_url, view.path)
            same_day: dict[dt.date, int] = {}
            for correction in sorted(claim.corrections, key=lambda c: c.date):
                same_day[correction.date] = same_day.get(correction.date, 0) + 1
                verdict = f" Our verdict: {view.rating.label}." if view.rating else ""
                label = f"{view.rating.label}: " if view.rating else ""
                entries.append(Entry(f"{url}#correction-{correction.date.isoformat()}-{same_day[correction.date]}",
                                     f"Correction to {label}{quoted(view)}", correction.text + verdict,
                                     f"{url}#corrections", correction.date, correction.date))
            if claim.withdrawal:
                entries.append(Entry(f"{url}#withdrawal", f"Withdrawn, no verdict: {quoted(view)}",
                                     f"{claim.withdrawal.reason} This fact check no longer carries a verdict.",
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


def feeds(reports: list[ReportView], site_url: str, desk: str) -> dict[str, str]:
    """{path: Atom XML} of both feeds; none without a site_url (a feed's addresses must be absolute)."""
    if not site_url:
        return {}
    return {FEED: atom(fact_check_entries(reports, site_url), f"{desk}: fact checks", FEED, site_url, desk),
            CORRECTIONS_FEED: atom(correction_entries(reports, site_url), f"{desk}: corrections and withdrawals",
                                   CORRECTIONS_FEED, site_url, desk)}


def feed_links(site_url: str, desk: str) -> str:
    """The <link rel="alternate"> tags that let feed readers find both feeds from any page."""
    if not site_url:
        return ""
    return "\n".join(f'<link rel="alternate" type="application/atom+xml" title="{escape(f"{desk}: {what}")}" '
                     f'href="{escape(absolute(site_url, path))}">'
                     for path, what in ((FEED, "fact checks"), (CORRECTIONS_FEED, "corrections and withdrawals")))
