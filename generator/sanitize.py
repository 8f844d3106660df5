"""Editors' Markdown to safe HTML: GitHub-flavoured Markdown (cmark-gfm), then an allowlist sanitizer (nh3).

Content Markdown (article bodies, notes) is rendered with cmark-gfm, the C implementation GitHub and PyPI
use: CommonMark with tables, strikethrough and autolinks, about ten times faster than Python-Markdown,
and it drops raw HTML by itself. nh3 (Ammonia) then keeps only plain text markup. Every generated page
goes through `page_html` again before MkDocs writes it.
"""

from __future__ import annotations

import re

import nh3
from cmarkgfm.cmark import Options

from generator.gfm import gfm_html

URL_SCHEMES = {"http", "https", "mailto"}
_SOURCEPOS = Options.CMARK_OPT_SOURCEPOS

_TEXT_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
    "code", "pre", "kbd", "blockquote", "q", "cite", "abbr", "a", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
_TEXT_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan", "rowspan"},
               "ol": {"start"}}

_PAGE_TAGS = _TEXT_TAGS | {
    "div", "span", "section", "article", "aside", "header", "footer", "nav", "figure", "figcaption",
    "h1", "details", "summary", "time", "svg", "g", "rect", "text", "title", "desc", "line", "img",
}
_COMMON = {"class", "id", "role", "lang", "dir", "title", "aria-label", "aria-labelledby",
           "aria-describedby", "aria-hidden", "aria-current", "hidden", "tabindex"}
_PAGE_ATTRS = {
    "*": _COMMON | {"data-rating", "data-claim", "data-status", "data-kind", "data-search-exclude"},
    "a": {"href", "rel", "hreflang"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"scope", "colspan"},
    "ol": {"start", "reversed"},
    "img": {"src", "alt", "width", "height"},
    "svg": {"viewbox", "viewBox", "width", "height", "focusable", "xmlns"},
    "rect": {"x", "y", "width", "height", "rx"},
    "line": {"x1", "x2", "y1", "y2"},
    "text": {"x", "y", "dy", "text-anchor", "dominant-baseline"},
}

def markdown_html(text: str) -> str:
    """Render an editor's Markdown and keep only plain text markup (no classes, ids, styles or scripts)."""
    return clean_text_html(gfm_html(text))


def clean_text_html(html: str) -> str:
    """Keep only plain text markup of already rendered HTML (the allowlist of editors' Markdown)."""
    return nh3.clean(html, tags=_TEXT_TAGS, attributes=_TEXT_ATTRS, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def page_html(html: str) -> str:
    """Last line of defence for a whole generated page: our own markup only, no scripts or handlers."""
    return nh3.clean(html, tags=_PAGE_TAGS, attributes=_PAGE_ATTRS, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=True)


MAX_NESTING = 24
"""Deepest nesting of Markdown blocks and inlines accepted (quotes in quotes, lists in lists...).

Deeper input is refused before MkDocs sees it: its HTML would cost quadratic time downstream."""
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)([^>]*)>")
_SOURCE_LINE = re.compile(r'data-sourcepos="(\d+):')
_VOID = frozenset({"br", "hr", "img", "input", "wbr"})


def nesting(markdown_source: str) -> tuple[int, int]:
    """How deeply the Markdown nests, and the line where it first goes over MAX_NESTING (0 when it does not).

    Three measures, each linear: elements inside elements as cmark-gfm renders them (quotes, lists,
    emphasis), indentation (Python-Markdown nests admonitions and lists by four spaces), and raw HTML
    tags left open in the source (which cmark drops but Python-Markdown keeps, for desk pages).
    """
    found = [_rendered_depth(markdown_source), _indent_depth(markdown_source), _tag_depth(markdown_source)]
    deepest = max(depth for depth, _ in found)
    lines = [line for _, line in found if line]
    return deepest, min(lines) if lines else 0


def _rendered_depth(markdown_source: str) -> tuple[int, int]:
    html = gfm_html(markdown_source, options=_SOURCEPOS)
    depth = deepest = line = 0
    last_line = 1
    for match in _TAG.finditer(html):
        closing, name, attrs = match.groups()
        if name in _VOID:
            continue
        if closing:
            depth -= 1
            continue
        source_line = _SOURCE_LINE.search(attrs)
        if source_line:
            last_line = int(source_line.group(1))
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest == MAX_NESTING + 1:
                line = last_line
    return deepest, line


def _indent_depth(markdown_source: str) -> tuple[int, int]:
    deepest = line = 0
    for number, text in enumerate(markdown_source.split("\n"), start=1):
        stripped = text.lstrip(" \t")
        width = len(text[: len(text) - len(stripped)].expandtabs(4))
        depth = width // 4
        if depth > deepest:
            deepest = depth
            if deepest > MAX_NESTING and not line:
                line = number
    return deepest, line


_SOURCE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")


def _tag_depth(markdown_source: str) -> tuple[int, int]:
    depth = deepest = line = 0
    for match in _SOURCE_TAG.finditer(markdown_source):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest == MAX_NESTING + 1:
                line = markdown_source.count("\n", 0, match.start()) + 1
    return deepest, line
