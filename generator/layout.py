"""The site's layout: where generated pages and files go, and which paths are therefore taken.

One owner for the paths the build writes, so that the collision check, the renderer and the plugin agree.
"""

from __future__ import annotations

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
SITE_MARKER = ".factcheck-site"
"""At the root of every site folder a build writes (see generator.sitedir)."""
ASSETS_DIR = "assets"
STYLESHEET = "assets/factcheck.css"
WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Vendored iframe-worker 1.0.4 shim (MIT, npm `iframe-worker`): runs Material's search Worker on file://.
The path must contain "iframe-worker": Material's `offline` plugin, if also enabled, then skips its CDN URL."""
SEARCH_SCRIPT = "search/search_index.js"

NAV_PAGES = (("nav.home", HOME), ("nav.reports", f"{REPORTS}/index.md"), ("nav.ratings", RATINGS_PAGE),
             ("nav.claimants", CLAIMANTS_PAGE), ("nav.corrections", CORRECTIONS_PAGE))
"""The generated pages of the default menu: (label key of its name, page path)."""

TAKEN_FILES = frozenset({HOME, RATINGS_PAGE, CLAIMANTS_PAGE, CORRECTIONS_PAGE, DASHBOARD, MANIFEST, REVIEW_MARKER,
                         SITE_MARKER, STYLESHEET, WORKER_SHIM, SEARCH_SCRIPT, "404.html", "sitemap.xml",
                         "sitemap.xml.gz", *EXPORTS})
"""Paths of the built site that the build itself writes (pages by their .md path)."""
TAKEN_FOLDERS = (REPORTS, "claimants", "corrections", "search")
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
