"""Finishing touches on pages MkDocs has written: pure `str -> str` functions, no MkDocs.

The plugin applies them; they can be tested, and reused by another builder, on plain strings.
"""

from __future__ import annotations

import html
import re
from typing import Any

REVIEW_BANNER = '\n<aside class="fc-review-banner" aria-labelledby="fc-review-copy"><span id="fc-review-copy">{}</span></aside>\n'
"""Around the banner's text (safe HTML, in the site's language: the label `banner.review_copy`): a landmark of its
own, before Material's header, so that no content of the page is outside a landmark (axe `region`)."""
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


SEARCH_INDEX_SCRIPT_START = "var __index = "
"""On file:// Material loads search/search_index.js (this, then the index's JSON) instead of fetching the JSON."""


def escaped(text: str) -> str:
    """Text for a template that does not escape (MkDocs' and Material's): safe in elements and attributes,
    even after Jinja's `striptags` (which unescapes): angle brackets become ‹ and ›, never a tag."""
    return html.escape(html.unescape(text).replace("<", "\u2039").replace(">", "\u203a"), quote=True)


def escaped_meta(meta: Any) -> Any:
    """A page's front matter with every string escaped (lists and mappings too), for the theme's templates."""
    if isinstance(meta, str):
        return escaped(meta)
    if isinstance(meta, dict):
        return {key: escaped_meta(value) for key, value in meta.items()}
    if isinstance(meta, list):
        return [escaped_meta(value) for value in meta]
    return meta


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')
_SEARCH_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?! aria-label)')
_SEARCH_RESULTS = re.compile(r'<div class="md-search__scrollwrap" tabindex="0"(?! role=)')
_SEARCH_INPUT_LABEL = re.compile(r'<input\b[^>]*\bclass="md-search__input"[^>]*\baria-label="([^"]*)"')


def valid_theme_markup(html: str) -> str:
    """Material's markup made valid and accessible: no `autocomplete` on its toggle checkboxes (the Nu Html
    Checker allows it only on text-like inputs), no empty `tabindex` on navigation labels, and a name for the
    search dialog (axe `aria-dialog-name`) and a role and name for its focusable results area (axe
    `focus-order-semantics`): the theme's own, translated name of the search box."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    name = _SEARCH_INPUT_LABEL.search(html)
    if name:
        named = f' aria-label="{name.group(1)}"'
        html = _SEARCH_DIALOG.sub(lambda m: m.group(0) + named, html, count=1)
        html = _SEARCH_RESULTS.sub(lambda m: f'{m.group(0)} role="region"{named}', html, count=1)
    return html


_BLOCKING_SCRIPT = re.compile(r'<script src="([^"]*(?:iframe-worker-shim|/bundle\.[0-9a-f]+\.min)\.js)"(?=>)')


def deferred_scripts(html: str) -> str:
    """The search Worker shim (needed on file:// only) and Material's bundle, which must run after it, load with
    `defer`: in the same order, without holding up the first paint on http(s)."""
    return _BLOCKING_SCRIPT.sub(r'<script src="\1" defer', html)


_VERBATIM = re.compile(r"(<(pre|textarea|script|style|code|kbd)\b.*?</\2>)", re.S)
_LINE_BREAKS = re.compile(r"\n[ \t\n]+")


def compact(html: str) -> str:
    """A line break and the blank lines and indentation after it become one line break: the theme's templates leave
    pages of blank and indented lines, which a browser shows as one space, like the line break. Elements whose spaces show
    (pre, textarea, code, kbd) and scripts and styles are left as they are."""
    parts = _VERBATIM.split(html)
    # split() gives the text between elements, then each element and its tag name: only the text is compacted
    for i in range(0, len(parts), 3):
        parts[i] = _LINE_BREAKS.sub("\n", parts[i])
    return "".join(part for i, part in enumerate(parts) if i % 3 != 2)


def finish_page(html: str) -> str:
    """Every finishing touch a written page gets: Material's markup made valid, scripts deferred and the blank lines
    gone."""
    return deferred_scripts(valid_theme_markup(compact(html)))
