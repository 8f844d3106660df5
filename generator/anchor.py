"""Find a quote in the article's plain text: a W3C-style text-quote anchor, or the closest passage.

Matching ignores what a copy-and-paste changes without changing the words: typographic versus straight
quotes and apostrophes, the kind of dash and the spaces around it, runs of whitespace, zero-width
characters and Markdown markup in the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from generator.text import plain_text

CONTEXT = 32
"""Characters of prefix and suffix kept with an anchor."""

_QUOTES = {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
_DASHES = {c: "-" for c in "‐‑‒–—―−"}
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
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


_TRANSLATE = str.maketrans({**_QUOTES, **_DASHES, "\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " ",
                            "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})
_SQUEEZE = re.compile("[" + "".join(_INVISIBLE) + "]+| *- *| {2,}")


def normalize(text: str) -> tuple[str, list[int]]:
    """Text in comparable form, with the position in `text` of each of its characters.

    Quotes and dashes become plain ones, whitespace becomes single spaces (none around a dash), and
    invisible characters go. Done with translate and one regex, not a loop per character: articles are long.
    """
    flat = text.translate(_TRANSLATE)
    out: list[str] = []
    where: list[int] = []
    kept = 0
    for match in _SQUEEZE.finditer(flat):
        start, end = match.span()
        out.append(flat[kept:start])
        where.extend(range(kept, start))
        piece = match.group()
        if "-" in piece:
            out.append("-")
            where.append(start + piece.index("-"))
        elif piece[0] == " ":
            out.append(" ")
            where.append(start)
        kept = end
    out.append(flat[kept:])
    where.extend(range(kept, len(flat)))
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip(" "))
    trail = len(joined.rstrip(" "))
    return joined[lead:trail], where[lead:trail]


def locate(plain: str, quote: str, occurrence: int | None = None,
           normalized: tuple[str, list[int]] | None = None) -> Anchor | Miss:
    """Anchor `quote` in `plain`; `occurrence` (1-based) picks one when it appears more than once."""
    if _MARKUP & set(quote):
        quote = plain_text(quote) or quote
    text, where = normalized or normalize(plain)
    needle, _ = normalize(quote)
    if not needle:
        return Miss(0, "", 0.0)
    hits = _find_all(text, needle)
    if not hits:
        return _closest(plain, text, where, needle)
    if occurrence is None and len(hits) > 1 or occurrence is not None and occurrence > len(hits):
        contexts = tuple(_context(plain, where[h], where[h + len(needle) - 1] + 1) for h in hits)
        return Miss(len(hits), "", 100.0, contexts)
    hit = hits[(occurrence or 1) - 1]
    start, end = where[hit], where[hit + len(needle) - 1] + 1
    return Anchor(plain[start:end], plain[max(0, start - CONTEXT):start], plain[end:end + CONTEXT], start, end)


def _find_all(text: str, needle: str) -> list[int]:
    """Where `needle` occurs as whole words (not inside a longer word)."""
    hits, at = [], text.find(needle)
    while at != -1:
        end = at + len(needle)
        if not (at > 0 and text[at - 1].isalnum() and needle[0].isalnum()) and \
                not (end < len(text) and text[end].isalnum() and needle[-1].isalnum()):
            hits.append(at)
        at = text.find(needle, at + 1)
    return hits


def _closest(plain: str, text: str, where: list[int], needle: str) -> Miss:
    found = fuzz.partial_ratio_alignment(needle, text)
    if found is None or found.dest_end <= found.dest_start:
        return Miss(0, "", 0.0)
    start, end = where[found.dest_start], where[found.dest_end - 1] + 1
    while start > 0 and plain[start - 1].isalnum():
        start -= 1
    while end < len(plain) and plain[end].isalnum():
        end += 1
    return Miss(0, plain[start:end], round(found.score, 1))


def _context(plain: str, start: int, end: int) -> str:
    before = plain[max(0, start - 20):start].split("\n")[-1]
    after = plain[end:end + 20].split("\n")[0]
    return f"...{before}[{plain[start:end]}]{after}..."
