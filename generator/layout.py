"""The site's layout: where every generated page and file goes, how pages link to each other, and
which paths and ids are therefore taken.

One owner for paths, URLs and anchor ids: the renderer, the views, the structured data, the plugin's
menu, the collision check and the checker's reserved ids all ask this module.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

HOME = "index.md"
REPORTS = "reports"
RATINGS_PAGE = "ratings.md"
CLAIMANTS_PAGE = "claimants.md"
CORRECTIONS_PAGE = "corrections.md"
DASHBOARD = "review.md"
MANIFEST = "manifest.json"
"""Written into every public build: what it published."""
REVIEW_MARKER = "REVIEW-COPY.txt"
"""Written into every review build; publishing refuses a tree that has it."""
EXPORTS = ("claims.json", "claimreview.json", "claims.csv", "factchecktools.json")
"""The exports every build writes at the site root (see generator.structured.exports)."""
FEED = "feed.xml"
"""Atom feed of the newest published fact checks."""
CORRECTIONS_FEED = "corrections.xml"
"""Atom feed of corrections and withdrawals."""
CARDS = "cards"
"""Share cards (PNG): cards/site.png, cards/reports/<report>.png, cards/claims/<claim>.png."""
SITE_CARD = f"{CARDS}/site.png"
"""The share card of the home page and of every page without a card of its own."""
SITE_MARKER = ".factcheck-site"
"""At the root of every site folder a build writes (see generator.sitedir)."""
ASSETS_DIR = "assets"
STYLESHEET = "assets/factcheck.css"
WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Vendored iframe-worker 1.0.4 shim (MIT, npm `iframe-worker`): runs Material's search Worker on file://.
The path must contain "iframe-worker": Material's `offline` plugin, if also enabled, then skips its CDN URL."""
SEARCH_SCRIPT = "search/search_index.js"

REPORTS_INDEX = f"{REPORTS}/index.md"
NAV_PAGES = (("nav.home", HOME), ("nav.reports", REPORTS_INDEX), ("nav.ratings", RATINGS_PAGE),
             ("nav.claimants", CLAIMANTS_PAGE), ("nav.corrections", CORRECTIONS_PAGE))
"""The generated pages of the default menu: (label key of its name, page path)."""

TAKEN_FILES = frozenset({HOME, RATINGS_PAGE, CLAIMANTS_PAGE, CORRECTIONS_PAGE, DASHBOARD, MANIFEST, REVIEW_MARKER,
                         SITE_MARKER, STYLESHEET, WORKER_SHIM, SEARCH_SCRIPT, "404.html", "sitemap.xml",
                         "sitemap.xml.gz", FEED, CORRECTIONS_FEED, *EXPORTS})
"""Paths of the built site that the build itself writes (pages by their .md path)."""
TAKEN_FOLDERS = (REPORTS, "claimants", "corrections", "search", CARDS)
"""Folders of the built site that belong to the build: reports' pages, paged lists, the search index."""


def output_path(path: str) -> str:
    """Where a file of the content folder ends up in the site (a page's .md becomes .html)."""
    return path[:-3] + ".html" if path.endswith(".md") else path


def taken(path: str) -> bool:
    """Whether a content file at `path` would be written over by (or write over) the build's own output."""
    out = output_path(path)
    if out in {output_path(p) for p in TAKEN_FILES}:
        return True
    return any(out.startswith(folder + "/") for folder in TAKEN_FOLDERS)


REPORT_PAGES = {"index": "overview", "article": "annotated article"}
"""A report's own pages, by file stem: a claim id may not be one of them."""
PAGE_SIZE = 100
"""Entries per page of the lists that grow with the site (reports, claimants, corrections)."""


def report_page(slug: str) -> str:
    """A report's overview page."""
    return f"{REPORTS}/{slug}/index.md"


def article_page(slug: str) -> str:
    """A report's annotated article."""
    return f"{REPORTS}/{slug}/article.md"


def claim_page(report: str, claim_id: str) -> str:
    """A claim's page, in its report's folder."""
    return f"{REPORTS}/{report}/{claim_id}.md"


def claim_card(claim_id: str) -> str:
    """A claim's share card (PNG)."""
    return f"{CARDS}/claims/{claim_id}.png"


def report_card(slug: str) -> str:
    """A report's share card (PNG), used by its overview and its annotated article."""
    return f"{CARDS}/reports/{slug}.png"


def passage_id(claim_id: str) -> str:
    """The id of a claim's highlighted passage in the annotated article."""
    return f"hl-{claim_id}"


def counter_passage_id(claim_id: str, index: int) -> str:
    """The id of a counterclaim's highlighted passage (`index` counts from 0)."""
    return f"hl-{claim_id}-counter-{index + 1}"


def rating_id(key: str) -> str:
    """The id of a rating's entry on the ratings page."""
    return f"rating-{key}"


def list_pages(first: str, count: int) -> list[str]:
    """The pages of a list split in `count` pages: `first`, then <stem>/page-2.md, ..."""
    stem = first[: -len("/index.md")] if first.endswith("/index.md") else first[:-3]
    return [first] + [f"{stem}/page-{n}.md" for n in range(2, count + 1)]


@lru_cache(maxsize=65536)
def relative(from_page: str, target: str) -> str:
    """URL of `target` (a page path, maybe with #fragment) as seen from `from_page`.

    Both are paths under the site root, so this is string work (posixpath.relpath asks the OS for the cwd).
    """
    path, _, fragment = target.partition("#")
    url = ""
    if path:
        here, there = from_page.split("/")[:-1], output_path(path).split("/")
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        url = "/".join([".."] * (len(here) - common) + there[common:])
    return url + (f"#{fragment}" if fragment else "")


def absolute(site_url: str, page: str) -> str:
    """The public URL of a page path ("reports/r/c.md") under site_url."""
    return site_url.rstrip("/") + "/" + posixpath.normpath(output_path(page)).lstrip("/")


def public_url(site_url: str, page: str) -> str:
    """The absolute URL when the site's address is known, else the path of the page in the site."""
    return absolute(site_url, page) if site_url else output_path(page)
