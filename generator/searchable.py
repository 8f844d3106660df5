"""What a search index reads of a generated page: the page without the parts marked `data-search-exclude`.

Search plugins parse every page's HTML to index its text, and skip the elements marked
`data-search-exclude` only after parsing them. A claim page marks more than half of its markup so (its
headings, the quoted context, each source's excerpt, the byline): cutting those elements out before the
parser sees them gives the same index for about a third of the parsing.

The cut is exact only on HTML as the page sanitizer serializes it (`sanitize.page_html`): every `<` in
text is escaped, every attribute is written `name="value"`, tags are balanced and there are no comments.
Anything else (a `<` or `>` inside an attribute's value, an element that never ends) and the page is
returned whole: the cut is an optimisation, never a change of what is found. Where Material's parser would
read an excluded element otherwise than as a whole to skip, it is left in place for the parser to read:

- an element with a heading that has an id inside it, or such a heading itself (the parser starts a new
  section there, even inside an excluded element);
- an element with an element of its own name inside it (the parser compares elements by name only, so the
  inner one's end tag ends the outer one's exclusion);
- pages with a `data-search-*` attribute of a non-empty value (the search plugin removes those from the page
  it is given, and that page is the one written).
"""

from __future__ import annotations

import bisect
import re

EXCLUDE = "data-search-exclude"

_ATTRIBUTE = r'\s+[^\s"=<>/]+="[^"]*"'
_TAG = re.compile(r'</?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s"=<>/]+="[^"<>]*")*\s*/?>')
"""A tag as the sanitizer writes it: every attribute `name="value"`, no angle bracket in a value."""
_UNREADABLE = (
    re.compile(r"<(?:script|style|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)[\s/>]",
               re.IGNORECASE),  # an element whose text is not HTML
    re.compile(r'data-search-\w+="[^"]'),  # a value the search plugin would remove from the page
)
_MARKED = re.compile(rf'<([a-zA-Z][a-zA-Z0-9]*)(?:{_ATTRIBUTE})*?\s+{EXCLUDE}="[^"]*"(?:{_ATTRIBUTE})*\s*(/?)>')
_HEADING = re.compile(r"<([hH][1-6])((?:" + _ATTRIBUTE + r")*)\s*>")
_ID = re.compile(r'\sid="')
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_OPENS: dict[str, re.Pattern[str]] = {}

STAND_IN = "<x-search-cut></x-search-cut>"
"""An element no search plugin keeps or skips, in place of a cut between two runs of text that joining would
change, or of a cut at the very start of the page (where a search parser opens its first section)."""


def searchable(page: str) -> str:
    """The page without its elements marked `data-search-exclude` (and all inside them) that a search parser
    would skip whole; the page itself (the same object) when nothing is cut.

    Linear in the page's length: each marked element is found once, its end found by counting the elements of
    its name after it, and an element left in place is stepped over whole.
    """
    if EXCLUDE not in page or not _readable(page) or any(pattern.search(page) for pattern in _UNREADABLE):
        return page
    headings = _Headings(page)
    kept: list[str] = []
    kept_from = at = 0
    run = _EMPTY  # the text kept since the last tag kept
    started = False  # whether what is kept so far opens the parser's first section (text, or an element not void)
    while (marked := _MARKED.search(page, at)) is not None:
        name = marked.group(1).lower()
        void = name in _VOID or bool(marked.group(2))
        if void:
            end, nests = marked.end(), False
        else:
            end, nests = _end_of(page, name, marked.end())
            if end < 0:
                return page  # an element that never ends: not the sanitizer's HTML
        if nests or headings.with_id_within(marked.start(), end):
            at = end  # left for the parser to read as it is, with everything inside it
            continue
        before = page[kept_from:marked.start()]
        tag_end = before.rfind(">")
        run = _kind(before[tag_end + 1:]) if tag_end >= 0 else max(run, _kind(before))
        kept.append(before)
        started = started or _opens_section(before)
        after = _kind(page[end:_next_tag(page, end)])
        joins = run != _EMPTY and after != _EMPTY
        # A heading's text is kept as it is (white space not collapsed): any join there changes it.
        if (not started and not void) or \
                (joins and (headings.around(marked.start()) or not (run == _SPACE and after == _SPACE))):
            kept.append(STAND_IN)
            run, started = _EMPTY, True
        kept_from = at = end
    if not kept:
        return page
    kept.append(page[kept_from:])
    return "".join(kept)


def _readable(page: str) -> bool:
    """Whether every "<" and ">" of the page is the start or end of a tag as the sanitizer writes it (so no
    comment, no doctype, no angle bracket in a value or in text): then tags can be found by searching."""
    tags = len(_TAG.findall(page))
    return tags == page.count("<") == page.count(">")


class _Headings:
    """Where the page's headings are, read once."""

    def __init__(self, page: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.with_id: list[int] = []
        self.nested = False
        """Whether a heading is inside another (HTML allows it inside a link in a heading): then any position may be
        in a heading's text, as far as `around` can tell."""
        for heading in _HEADING.finditer(page):
            if _ID.search(heading.group(2)):
                self.with_id.append(heading.start())
            if self.ends and heading.start() < self.ends[-1]:
                self.nested = True
                continue
            close = page.find(f"</{heading.group(1)}>", heading.end())
            self.starts.append(heading.start())
            self.ends.append(len(page) if close < 0 else close)

    def with_id_within(self, start: int, end: int) -> bool:
        """Whether a heading with an id starts in [start, end)."""
        i = bisect.bisect_left(self.with_id, start)
        return i < len(self.with_id) and self.with_id[i] < end

    def around(self, position: int) -> bool:
        """Whether `position` may be inside a heading."""
        i = bisect.bisect_right(self.starts, position) - 1
        return self.nested or (i >= 0 and position < self.ends[i])


_EMPTY, _SPACE, _TEXT = 0, 1, 2


def _kind(text: str) -> int:
    return _EMPTY if not text else _SPACE if text.isspace() else _TEXT


_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_TAGS = re.compile(r"<[^>]*>")


def _opens_section(html: str) -> bool:
    """Whether a parser reading this opens a section: on any text (white space too), or any element but a void
    one (Material's parser ignores those)."""
    return bool(_TAGS.sub("", html)) or any(name.lower() not in _VOID for name in _START_TAG.findall(html))


def _next_tag(page: str, at: int) -> int:
    found = page.find("<", at)
    return len(page) if found < 0 else found


def _end_of(page: str, name: str, at: int) -> tuple[int, bool]:
    """Where the element of this name open at `at` ends (just after its end tag; -1 if never), and whether an
    element of the same name is inside it."""
    opens = _OPENS.get(name)
    if opens is None:
        opens = _OPENS[name] = re.compile(f"<{name}(?=[\\s/>])", re.IGNORECASE)
    close = f"</{name}>"
    depth, nests = 1, False
    while depth:
        end = page.find(close, at)
        if end < 0:
            return -1, nests
        inner = len(opens.findall(page, at, end))
        nests = nests or inner > 0
        depth += inner - 1
        at = end + len(close)
    return at, nests
