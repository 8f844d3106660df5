"""Find a quote in the article's plain text: a W3C-style text-quote anchor, or the closest passage.

Both sides are compared as a reader reads them (`generator.folding`: quotes, dashes, spaces, invisible
characters, Unicode forms), with Markdown markup in the quote ignored. A match is accepted only on whole
grapheme clusters and on Unicode word boundaries: whole words in scripts written with spaces, any
character in Chinese, Japanese or Thai. A quote not found gets the closest passage, found with work
linear in the article's length whatever the quote's, and, when the passage is nearly the quote, the
first character that differs, by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from generator.folding import Folded, describe, fold, grapheme_cluster
from generator.text import plain_text

CONTEXT = 32
"""Characters of prefix and suffix kept with an anchor."""
SHOWN = 160
"""Longest passage quoted in a message; a longer one is cut in the middle with an ellipsis."""
PROBE = 64
"""Length of the pieces of a long quote that are looked for (rapidfuzz is bit-parallel up to 64)."""
ALIGNED = 1024
"""Longest part of a quote aligned character by character with its closest passage."""
HIT_WORK = 5_000_000
"""Characters compared at most while looking for the occurrences of a quote."""
LISTED = 1000
"""Occurrences counted at most (beyond: 'at least 1000 times')."""

_MARKUP = set("*_[]`<>\\")


@dataclass(frozen=True)
class Anchor:
    """Where a quote is, in the article's plain text (see `generator.text`)."""

    exact: str
    """The words as they stand in the article."""
    prefix: str
    """Up to 32 characters before them."""
    suffix: str
    """Up to 32 characters after them."""
    start: int
    """Position of the first character in the plain text."""
    end: int
    """Position after the last character."""


@dataclass(frozen=True)
class Miss:
    """A quote that could not be placed: not found (`count` 0) or found several times."""

    count: int
    closest: str
    """The closest passage of the article (not found), or the contexts of each occurrence."""
    similarity: float
    """How similar the closest passage is, 0-100."""
    contexts: tuple[str, ...] = ()
    reason: str = ""
    """Why the closest passage is not the quote, when that can be said: a clause such as
    'which differs after "...": the quote has U+0027 APOSTROPHE where the article has U+00B4 ACUTE ACCENT'."""
    more: bool = False
    """`count` is a lower bound: counting stopped (a long quote found very many times)."""


def normalize(text: str) -> Folded:
    """The article in comparable form, computed once and passed to each `locate`."""
    return fold(text)


def locate(plain: str, quote: str, occurrence: int | None = None, normalized: Folded | None = None) -> Anchor | Miss:
    """Anchor `quote` in `plain`; `occurrence` (1-based) picks one when it appears more than once."""
    if _MARKUP & set(quote):
        quote = plain_text(quote) or quote
    article = normalized or fold(plain)
    needle = fold(quote)
    if not needle.text:
        return Miss(0, "", 0.0)
    hits, refused, more = _find_all(article, needle.text, occurrence or 0)
    if not hits:
        if refused:
            return _refused(article, refused[0], refused[0] + len(needle.text), refused[1])
        return _closest(article, needle)
    if occurrence is None and len(hits) > 1 or occurrence is not None and occurrence > len(hits):
        contexts = tuple(_context(plain, *article.span(h, h + len(needle.text))) for h in hits[:5])
        return Miss(len(hits), "", 100.0, contexts, more=more)
    start, end = article.span(hits[(occurrence or 1) - 1], hits[(occurrence or 1) - 1] + len(needle.text))
    before = _grapheme_ceil(plain, max(0, start - CONTEXT))
    after = _grapheme_floor(plain, min(len(plain), end + CONTEXT))
    return Anchor(plain[start:end], plain[before:start], plain[end:after], start, end)


def _find_all(article: Folded, needle: str, wanted: int) -> tuple[list[int], tuple[int, str] | None, bool]:
    """Where `needle` occurs on word and grapheme boundaries (the first LISTED, or up to the `wanted`th);
    else the first place it occurs at all, with why it does not count there; and whether the search
    stopped before the end of the article."""
    text = article.text
    hits: list[int] = []
    refused: tuple[int, str] | None = None
    limit = max(LISTED, wanted)
    budget = max(wanted + 1, 2, HIT_WORK // len(needle))
    is_edge: Callable[[int], bool] = article.is_word_edge
    at, seen = text.find(needle), 0
    while at != -1:
        if len(hits) >= limit or seen == budget:
            return hits, refused, True
        seen += 1
        if seen == 64:  # many occurrences inside words ("a" in "banana"): look edges up in a set
            is_edge = article.word_edges.__contains__
        if is_edge(at) and is_edge(at + len(needle)) and not _refusal(article, at, at + len(needle)):
            hits.append(at)
        elif refused is None:
            refused = (at, _refusal(article, at, at + len(needle)))
        at = text.find(needle, at + 1)
    return hits, refused, False


def _refusal(article: Folded, start: int, end: int) -> str:
    """Why `article.text[start:end]` cannot be an anchor, or '' when it can."""
    plain = article.original
    for position in (start, end):
        if article.splits_piece(position):
            first, last = article.span(position - 1, position)
            return f"where the quote would split \"{plain[first:last]}\" ({describe(plain[first:last])})"
    begin, finish = article.span(start, end)
    for position in (begin, finish):
        first, last = grapheme_cluster(plain, position)
        if first != last:
            return f"where the quote would split \"{plain[first:last]}\" ({describe(plain[first:last])})"
    inside = [name for name, position in (("starts", start), ("ends", end)) if not article.is_word_edge(position)]
    if inside:
        return f"where the quote {' and '.join(inside)} inside a word"
    return ""


def _refused(article: Folded, start: int, end: int, why: str) -> Miss:
    """The quote is in the article, but only as part of longer words or characters."""
    first, last = _word_edges(article, start, end)
    return Miss(0, _shorten(article.original[first:last].strip()), 100.0, reason=why)


def _closest(article: Folded, needle: Folded) -> Miss:
    """The passage of the article most like the quote, found in time linear in the article's length."""
    text, quote = article.text, needle.text
    if not text:
        return Miss(0, "", 0.0)
    start, end = _align(text, quote)
    if end <= start:
        return Miss(0, "", 0.0)
    first, last = _word_edges(article, start, end)
    # the quote against the passage shown, both whole (up to ALIGNED characters); and as it is not the
    # quote, never "100% similar", however long the quote and small the difference
    score = min(round(fuzz.ratio(quote[:ALIGNED], text[start:end][:ALIGNED]), 1), 99.0)
    return Miss(0, _shorten(article.original[first:last].strip()), score,
                reason=_difference(article, needle, start))


def _align(text: str, quote: str) -> tuple[int, int]:
    """Start and end of the passage of `text` closest to `quote`.

    A quote of up to PROBE characters is aligned over the whole text. A longer one is first placed by its
    best-matching piece of PROBE characters (at most four pieces, each a linear search), then its first
    ALIGNED characters are aligned around that place: bounded work, however long the quote."""
    if len(quote) <= PROBE:
        found = fuzz.partial_ratio_alignment(quote, text)
        return (found.dest_start, found.dest_end) if found else (0, 0)
    offsets = sorted({round(i * (len(quote) - PROBE) / 3) for i in range(4)})
    best = max(((fuzz.partial_ratio_alignment(quote[o:o + PROBE], text), o) for o in offsets),
               key=lambda found: (found[0].score if found[0] else -1.0, -found[1]))
    if best[0] is None:
        return 0, 0
    guess = max(0, best[0].dest_start - best[1])
    head = quote[:ALIGNED]
    low = max(0, guess - PROBE)
    region = text[low:guess + len(head) + PROBE]
    found = fuzz.partial_ratio_alignment(head, region) if len(region) >= len(head) else None
    if found is None:
        return guess, min(len(text), guess + len(quote))
    start = low + found.dest_start
    end = start + (found.dest_end - found.dest_start) if len(quote) <= ALIGNED else start + len(quote)
    return start, min(len(text), end)


def _difference(article: Folded, needle: Folded, start: int) -> str:
    """The first character where the quote and the passage starting near `start` differ, when the rest
    of the quote goes on as the passage does (one character replaced, added or left out)."""
    text, quote = article.text, needle.text
    best: tuple[int, int, str] | None = None
    for at in range(max(0, start - 2), min(len(text), start + 3)):
        same = _common_prefix(quote, text, at)
        kind = _kind(quote, text, same, at + same)
        if kind and (best is None or same > best[0]):
            best = (same, at, kind)
    if best is None:
        return ""
    same, at, kind = best
    ours = _original(needle, same) if kind != "article" else ""
    theirs = _original(article, at + same) if kind != "quote" else ""
    where = _before(article, at + same)
    if kind == "replaced":
        what = f"the quote has {describe(ours)} where the article has {describe(theirs)}"
    elif kind == "quote":
        what = f"the quote has {describe(ours)} that the article does not have"
    else:
        what = f"the article has {describe(theirs)} that the quote does not have"
    return f"which differs {where}: {what}"


def _original(folded: Folded, position: int) -> str:
    """The original characters that the character at `position` of the folded text came from."""
    start, end = folded.span(position, position + 1)
    return folded.original[start:end]


def _common_prefix(quote: str, text: str, at: int) -> int:
    """How many characters of `quote` stand at `text[at:]`, by halving: compares in C, not a loop."""
    low, high = 0, min(len(quote), len(text) - at)
    while low < high:
        middle = (low + high + 1) // 2
        if text.startswith(quote[:middle], at):
            low = middle
        else:
            high = middle - 1
    return low


def _kind(quote: str, text: str, same: int, at: int) -> str:
    """How the quote goes on after its first `same` characters: 'replaced' (one character differs),
    'quote' (the quote has one more), 'article' (the article has one more), or '' (neither)."""
    if same >= len(quote):
        return ""
    ahead = min(16, len(quote) - same - 1)
    if at < len(text) and text.startswith(quote[same + 1:same + 1 + ahead], at + 1):
        return "replaced"
    if text.startswith(quote[same + 1:same + 1 + ahead], at):
        return "quote"
    if at < len(text) and text.startswith(quote[same:same + ahead + 1], at + 1):
        return "article"
    return ""


def _before(article: Folded, position: int) -> str:
    """'after "..."' with the article's words just before `position` of its folded text."""
    if position == 0:
        return "at its first character"
    end = article.span(position - 1, position)[1]
    plain = article.original
    line = plain.rfind("\n", 0, end) + 1
    start = _grapheme_ceil(plain, max(line, end - 20))
    space = plain.find(" ", start, end - 1)
    if start > line and space != -1:
        start = space + 1
    cut = "…" if start > line else ""
    return f"after \"{cut}{plain[start:end]}\""


def _word_edges(article: Folded, start: int, end: int) -> tuple[int, int]:
    """The original span of `article.text[start:end]` widened to whole words (by at most 32 characters
    each side, so that a text without any boundary costs no more)."""
    text = article.text
    low, high = start, end
    while low > max(0, start - CONTEXT) and not article.is_word_edge(low):
        low -= 1
    while high < min(len(text), end + CONTEXT) and not article.is_word_edge(high):
        high += 1
    if not article.is_word_edge(low):
        low = start
    if not article.is_word_edge(high):
        high = end
    return article.span(low, high) if high > low else article.span(start, max(end, start + 1))


def _shorten(passage: str) -> str:
    """The passage, cut in the middle with an ellipsis when it is longer than SHOWN characters."""
    if len(passage) <= SHOWN:
        return passage
    head = _grapheme_floor(passage, SHOWN * 2 // 3)
    tail = _grapheme_ceil(passage, len(passage) - (SHOWN - (SHOWN * 2 // 3) - 3))
    return f"{passage[:head]} … {passage[tail:]}"


def _grapheme_floor(text: str, position: int) -> int:
    return grapheme_cluster(text, position)[0]


def _grapheme_ceil(text: str, position: int) -> int:
    return grapheme_cluster(text, position)[1]


def _context(plain: str, start: int, end: int) -> str:
    before = plain[_grapheme_ceil(plain, max(0, start - 20)):start].split("\n")[-1]
    after = plain[end:_grapheme_floor(plain, min(len(plain), end + 20))].split("\n")[0]
    exact = plain[start:end]
    if len(exact) > 60:
        exact = f"{exact[:_grapheme_floor(exact, 40)]} … {exact[_grapheme_ceil(exact, len(exact) - 17):]}"
    return f"...{before}[{exact}]{after}..."
