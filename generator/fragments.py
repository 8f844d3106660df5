"""Deep links to a quoted passage in the original article: URL text fragments (`#:~:text=`).

The syntax is the WICG Scroll To Text Fragment draft's `text=[prefix-,]textStart[,textEnd][,-suffix]`.
Each term is percent-encoded: the characters the URL's fragment percent-encode set names, and `-`, `&`
and `,`, which the directive itself uses. Here everything but ASCII letters, digits and `._~` is encoded,
which every browser decodes the same way.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from generator.anchor import CONTEXT, Anchor

CONTEXT_WORDS = 3
"""Whole words of prefix and suffix kept (at most): enough to tell repeated phrases apart."""
LONG_QUOTE = 12
"""A quote of more words than this is given by its first and last words (textStart,textEnd)."""
EDGE_WORDS = 5


def encode_term(text: str) -> str:
    """One term of a text directive, percent-encoded (UTF-8), `-`, `&`, `,` and spaces included."""
    return quote(" ".join(text.split()), safe="").replace("-", "%2D")


def text_directive(exact: str, prefix: str = "", suffix: str = "") -> str:
    """`text=...` for the words `exact`, with prefix and suffix words when given."""
    words = exact.split()
    if len(words) > LONG_QUOTE:
        terms = [encode_term(" ".join(words[:EDGE_WORDS])), encode_term(" ".join(words[-EDGE_WORDS:]))]
    else:
        terms = [encode_term(exact)]
    if prefix.strip():
        terms.insert(0, encode_term(prefix) + "-")
    if suffix.strip():
        terms.append("-" + encode_term(suffix))
    return "text=" + ",".join(terms)


def context_words(anchor: Anchor) -> tuple[str, str]:
    """Up to CONTEXT_WORDS whole words before and after the quote, within its paragraph.

    The anchor keeps CONTEXT characters either side, so a context that long may begin (prefix) or end
    (suffix) inside a word: that partial word is left out. Paragraphs are separated by a blank line.
    In Chinese and Japanese (no spaces), the context runs to the nearest clause mark, as words cannot
    be told apart here and a browser matches context on word boundaries.
    """
    before = anchor.prefix.split("\n")[-1]
    after = anchor.suffix.split("\n")[0]
    before_words, after_words = before.split(), after.split()
    if len(anchor.prefix) >= CONTEXT and before == anchor.prefix and before_words and not before[0].isspace():
        before_words = before_words[1:]
    if len(anchor.suffix) >= CONTEXT and after == anchor.suffix and after_words and not after[-1].isspace():
        after_words = after_words[:-1]
    prefix, suffix = " ".join(before_words[-CONTEXT_WORDS:]), " ".join(after_words[:CONTEXT_WORDS])
    if _unspaced(prefix):
        prefix = _within_limit(re.split(_CLAUSE_END, prefix)[-1])
    if _unspaced(suffix):
        head = re.match(f"^.*?{_CLAUSE_END}", suffix)
        suffix = _within_limit(head.group() if head else suffix)
    return prefix, suffix


_CLAUSE_END = "[、。，．！？；：]"
"""Where a clause ends in Chinese and Japanese, which put no spaces between words."""
UNSPACED_CONTEXT = 16
"""Longest context in such a script: longer, it could only be cut inside a word, so there is none."""


def _unspaced(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)


def _within_limit(text: str) -> str:
    return text if len(text) <= UNSPACED_CONTEXT else ""


def deep_link(url: str, anchor: Anchor) -> str:
    """`url` pointing at the anchored words (with whole-word prefix and suffix) by a text fragment.

    An existing fragment is kept (`#top:~:text=...`); an existing fragment directive gets one more
    `&text=` directive.
    """
    prefix, suffix = context_words(anchor)
    directive = text_directive(anchor.exact, prefix, suffix)
    if "#" not in url:
        return f"{url}#:~:{directive}"
    return f"{url}&{directive}" if ":~:" in url.split("#", 1)[1] else f"{url}:~:{directive}"
