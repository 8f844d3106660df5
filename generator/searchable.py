"""What a search index reads of a generated page: the page without the parts marked `data-search-exclude`.

Search plugins parse every page's HTML to index its text, and skip the elements marked
`data-search-exclude` only after parsing them. A claim page marks more than half of its markup so (its
headings, the quoted context, each source's excerpt, the byline): cutting those elements out before the
parser sees them gives the same index for about a third of the parsing.

The cut is exact only on HTML as the page sanitizer serializes it (`sanitize.page_html`): every `<` in
text is escaped, attribute values are quoted, tags are balanced and there are no comments. Anything else
(a `<` that does not open a tag this module can read, an end tag that closes no open element) and the
page is returned whole: the cut is an optimisation, never a change of what is found.
"""

from __future__ import annotations

import re

EXCLUDE = "data-search-exclude"

_UNREADABLE = (
    re.compile(r'="[^"]*[<>]'),  # a "<" or ">" inside an attribute's value: tags could not be told from values
    re.compile(r"<[!?]"  # a comment, a doctype, a processing instruction
               r"|<(?:script|style|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)[\s/>]",  # not HTML
               re.IGNORECASE),
)
_MARKED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])[^>]*\s" + EXCLUDE + r"(?=[\s=/>])[^>]*>")
_HEADING_WITH_ID = re.compile(r"<[hH][1-6][^>]*\sid\s*=")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_OPENS: dict[str, re.Pattern[str]] = {}


def searchable(page: str) -> str:
    """The page without its elements marked `data-search-exclude`, and without anything inside them.

    Kept although marked: a heading with an id, and an element with such a heading inside it (search
    plugins start a new section at such a heading, even an excluded one, so cutting it would move text
    between sections). Linear: each marked element is looked for once, and its end found by counting the
    elements of its name opened and closed after it.
    """
    if EXCLUDE not in page or any(pattern.search(page) for pattern in _UNREADABLE):
        return page
    headings = _HEADING_WITH_ID.search(page) is not None
    kept: list[str] = []
    kept_from = at = 0
    run = _EMPTY  # the text kept since the last tag kept
    while (marked := _MARKED.search(page, at)) is not None:
        name = marked.group(1).lower()
        if name in _VOID or marked.group().endswith("/>"):
            end = marked.end()
        else:
            end = _end_of(page, name, marked.end())
            if end < 0:
                return page  # an element that never ends: not the sanitizer's HTML
        if headings and _HEADING_WITH_ID.search(page, marked.start(), end):
            at = marked.end()  # kept; what is marked inside it may still go
            continue
        before = page[kept_from:marked.start()]
        tag_end = before.rfind(">")
        run = _kind(before[tag_end + 1:]) if tag_end >= 0 else _joined(run, _kind(before))
        kept.append(before)
        after = page[end:_next_tag(page, end)]
        if (not kept_from and not before) or _changes(run, _kind(after)):
            kept.append(STAND_IN)
            run = _EMPTY
        kept_from = at = end
    kept.append(page[kept_from:])
    return "".join(kept)


STAND_IN = "<x-search-cut></x-search-cut>"
"""An element no search plugin keeps or skips, in place of a cut between two runs of text, or of a cut at the
very start of the page (where a search parser opens its first section)."""


_EMPTY, _SPACE, _TEXT = 0, 1, 2


def _kind(text: str) -> int:
    return _EMPTY if not text else _SPACE if text.isspace() else _TEXT


def _joined(first: int, second: int) -> int:
    return max(first, second)


def _changes(before: int, after: int) -> bool:
    """Whether joining two runs of text, as a cut does, changes what a search parser keeps of them: it turns
    a run of only white space into one space, and keeps other runs as they are."""
    return before != _EMPTY and after != _EMPTY and not (before == _SPACE and after == _SPACE)


def _next_tag(page: str, at: int) -> int:
    found = page.find("<", at)
    return len(page) if found < 0 else found


def _end_of(page: str, name: str, at: int) -> int:
    """Where the element of this name open at `at` ends (just after its end tag), or -1."""
    opens = _OPENS.get(name)
    if opens is None:
        opens = _OPENS[name] = re.compile(f"<{name}(?=[\\s/>])", re.IGNORECASE)
    close = f"</{name}>"
    depth = 1
    while depth:
        end = page.find(close, at)
        if end < 0:
            return -1
        depth += len(opens.findall(page, at, end)) - 1
        at = end + len(close)
    return at
