"""Finishing touches on pages MkDocs has written: pure `str -> str` functions, no MkDocs.

The plugin applies them; they can be tested, and reused by another builder, on plain strings.
"""

from __future__ import annotations

REVIEW_BANNER = '\n<div class="fc-review-banner" role="note">{}</div>\n'
"""Around the banner's text (safe HTML, in the site's language: the label `banner.review_copy`)."""
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def add_to_head(html: str, extra: str) -> str:
    """`extra` (safe HTML: structured data) just before `</head>`."""
    return html.replace("</head>", extra + "\n</head>", 1) if extra else html


def mark_review(html: str, banner: str) -> str:
    """A review copy says so on every page (`banner`: safe HTML) and asks search engines to stay away."""
    html = html.replace("<head>", f"<head>\n{NOINDEX}", 1)
    body = html.find("<body")
    if body != -1:
        end = html.find(">", body) + 1
        html = html[:end] + REVIEW_BANNER.format(banner) + html[end:]
    return html


def search_index_script(index_json: str) -> str:
    """On file:// Material loads search/search_index.js (`var __index = ...`) instead of fetching the JSON."""
    return "var __index = " + index_json
