"""Text as a reader reads it: the one normalization used to find quotes, explain misses and mark passages.

`fold` turns a text into a comparable form and remembers, for each of its characters, which characters
of the original it came from, so a match in the folded text maps back to the original. What it ignores
is exactly what a copy and paste changes without changing what a reader reads:

- **Unicode normalization**: composed and decomposed letters are the same (NFC).
- **Compatibility forms that read the same**: ligatures and digraph letters (ﬁ, ĳ, ǆ), full- and half-width
  forms (ＡＢＣ, ｶ), Arabic presentation forms, small and vertical punctuation forms, leaders (… is ...),
  the micro sign, Kangxi radicals, Thai and Lao SARA AM. Not folded, because they change what a reader
  reads: superscripts and subscripts (x² is not x2), fractions (½), circled and squared forms (①, ㎢),
  mathematical letter styles (𝐀), spacing accents.
- **Quotation marks**: every single quotation mark, apostrophe and prime (’ ‘ ‚ ‛ ' ` ´ ′ ʹ ʻ ʼ ʽ ＇ ‹ ›,
  Hebrew geresh) is `'`; every double one (“ ” „ ‟ « » ″ ＂ 〝 〞, gershayim) is `"`. CJK corner brackets are
  quotation marks too: 「」 (first level, as “ ”) is `"`, 『』 (second level, as ‘ ’) is `'`.
- **Dashes**: every dash and hyphen and the minus sign is `-`, with no space around it; the wave dash 〜
  and the full-width tilde ～ (confused in Japanese encodings) are `~`.
- **Spaces**: every Unicode space, tab, line and paragraph separator is one space; runs count as one.
- **Invisible characters**, dropped: bidirectional marks, embeddings, overrides and isolates, zero-width
  space and non-joiner, the zero-width joiner except inside emoji sequences, word joiner, byte order mark,
  soft hyphen, invisible operators, variation selectors, the combining grapheme joiner, Arabic tatweel.
  Visible format characters (Arabic number signs) and the tags of flag emoji are kept. Accents, Arabic
  harakat and Hebrew points are text and are never dropped.

Matches are then only accepted on whole grapheme clusters (a letter with its accents, an emoji sequence,
an Indic conjunct) and on word boundaries as Unicode defines them (UAX #29): in scripts written with
spaces a match is whole words; in Chinese, Japanese kana and kanji, Thai, Lao, Khmer and Myanmar, where
words are not separated, every character is a boundary (a run of katakana stays one word).
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

import regex

_SINGLE = "‘’‚‛′‵`´ʹʻʼʽ＇‹›׳՚『』﹃﹄"
_DOUBLE = "“”„‟″‶«»＂〝〞〟ʺ״⹂「」﹁﹂"
_DASHES = "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d" \
    "\ufe31\ufe32\ufe58\ufe63\uff0d"
_SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u2028\u2029\u202f\u205f\u3000"
_TAGS = ("<wide>", "<narrow>", "<initial>", "<medial>", "<final>", "<isolated>", "<small>", "<vertical>",
         "<noBreak>")
_COMPAT_RANGES = [(0x00B5, 0x00B5), (0x0132, 0x0133), (0x013F, 0x0140), (0x0149, 0x0149), (0x01C4, 0x01CC),
                  (0x01F1, 0x01F3), (0x0587, 0x0587), (0x0675, 0x0678), (0x0E33, 0x0E33), (0x0EB3, 0x0EB3),
                  (0x0EDC, 0x0EDD), (0x2024, 0x2026), (0x203C, 0x203C), (0x2047, 0x2049), (0x2E9F, 0x2E9F),
                  (0x2EF3, 0x2EF3), (0x2F00, 0x2FD5), (0xFB00, 0xFB06), (0xFB13, 0xFB17), (0xFB4F, 0xFB4F)]
_TAGGED_BLOCKS = [(0x00A0, 0x00A0), (0x0F0C, 0x0F0C), (0x2007, 0x2011), (0x202F, 0x202F), (0x309F, 0x309F),
                  (0x30FF, 0x30FF), (0xFB50, 0xFDFF), (0xFE10, 0xFE6F), (0xFE70, 0xFEFF), (0xFF00, 0xFFEF)]


def _compatibility_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for low, high in _COMPAT_RANGES + _TAGGED_BLOCKS:
        for cp in range(low, high + 1):
            char = chr(cp)
            tag = unicodedata.decomposition(char).split(" ")[0]
            folded = unicodedata.normalize("NFKC", char)
            if (tag in _TAGS or tag == "<compat>" and (low, high) in _COMPAT_RANGES) and folded[0] != " ":
                table[char] = folded  # (not the spacing forms of accents and harakat: a space and a mark)
    return table


def _closure(table: dict[str, str]) -> dict[str, str]:
    """The table with each replacement folded again (a small dash form is an em dash, which is a dash)."""
    once = str.maketrans(table)
    return {key: value.translate(once) for key, value in table.items()}


_TABLE = _closure({**_compatibility_table(), **{c: "'" for c in _SINGLE}, **{c: '"' for c in _DOUBLE},
                   **{c: "-" for c in _DASHES}, **{c: " " for c in _SPACES}, "\u301c": "~", "\uff5e": "~"})
_ONE_FOR_ONE = str.maketrans({key: value for key, value in _TABLE.items() if len(value) == 1})
"""Replacements that keep positions, made on the whole text at once."""
_TRANSLATE = str.maketrans(_TABLE)
_REMOVED = (r"(?:[\p{Cf}\u0640\u034f\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"
            r"--[\p{Prepended_Concatenation_Mark}\U000e0000-\U000e007f\U00013430-\U0001345f\u200d]]"
            r"|\u200d(?!\p{Extended_Pictographic}))")
_JOINS = rf"(?:[\p{{M}}\p{{NFC_Quick_Check=Maybe}}]|{_REMOVED})"
_CHANGING = (  # a superset, as a few ranges (fast to test), of what is left to fold after _ONE_FOR_ONE
    "\\-\u0132-\u0149\u01c4-\u01f3\u0587\u0640\u0675-\u0678\u0e33\u0eb3\u0edc\u0edd\u2024-\u2026\u203c\u309f\u30ff"
    "\u2047-\u2049\u2f00-\u2fd5\ufb00-\ufdff\ufe00-\ufeff\u034f\u180b-\u180f\U000e0100-\U000e01ef"
    r"\p{NFC_Quick_Check=No}\p{NFC_Quick_Check=Maybe}\p{Cf}")
_STRETCHES = regex.compile(rf"[{_CHANGING}](?:\x20|[{_CHANGING}])*+|\x20(?:\x20|[{_CHANGING}])++|\P{{ccc=0}}{{2,}}+",
                           regex.V1)
"""Stretches of the text that folding may change beyond _ONE_FOR_ONE (a mark, a dash and its spaces...)."""
_PIECES = regex.compile(
    rf"(?P<dash>(?:\x20{_REMOVED}*)*-{_REMOVED}*(?:\x20{_REMOVED}*)*)"
    rf"|(?P<space>\x20{_REMOVED}*(?:\x20{_REMOVED}*)+|\x20{_REMOVED}+)"
    rf"|.{_JOINS}+"
    rf"|[[{_CHANGING}]--\u200d]{_JOINS}*"
    rf"|{_REMOVED}+",
    regex.V1 | regex.DOTALL)
_DROP = regex.compile(_REMOVED, regex.V1)
_WORD_EDGE = regex.compile(r"\b", regex.WORD)
_CLUSTER = regex.compile(r"\X", regex.DOTALL)
_SIMPLE_PAIR = regex.compile("[\x00-\u02ff\u3001-\u3029\u3030-\u3098\u309b-\u30ff\u4e00-\u9fff]{2}")
_JOINS_PREVIOUS = regex.compile(r"[\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}]")


@dataclass(frozen=True, eq=False)
class Folded:
    """A text in comparable form, with where each of its characters came from.

    Kept small: the folded text differs from the original only at a few pieces (a typographic quote, a
    run of spaces, a letter with its accents), so only those are recorded; between two of them the
    folded text is a copy of the original.
    """

    original: str
    text: str
    """The folded text."""
    lead: int
    """Characters stripped from the start of the folded text (spaces)."""
    pieces: tuple[array[int], array[int], array[int], array[int]] = field(repr=False)
    """Per changed piece, in order: where its folded form starts and ends in the folded text (before
    stripping), and where it starts and ends in the original."""

    def _where(self, position: int) -> tuple[int, int, bool]:
        """The original start and end of the character at `position` (of the unstripped folded text), and
        whether it belongs to a changed piece."""
        folded_at, folded_end, begins, ends = self.pieces
        i = bisect_right(folded_at, position) - 1
        if i >= 0 and position < folded_end[i]:
            return begins[i], ends[i], True
        at = position if i < 0 else ends[i] + position - folded_end[i]
        return at, at + 1, False

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The part of `original` that `text[start:end]` (not empty) came from."""
        return self._where(start + self.lead)[0], self._where(end - 1 + self.lead)[1]

    def splits_piece(self, position: int) -> bool:
        """Whether a cut of `text` at `position` falls inside what one piece of the original became
        (between the f and the i of a folded ﬁ)."""
        if not 0 < position < len(self.text):
            return False
        before, here = self._where(position - 1 + self.lead), self._where(position + self.lead)
        return here[2] and before[:2] == here[:2]

    def is_word_edge(self, position: int) -> bool:
        """Whether `position` of `text` is a word boundary (UAX #29)."""
        return _WORD_EDGE.match(self.text, position) is not None

    @cached_property
    def word_edges(self) -> frozenset[int]:
        """Every word boundary of `text`: for looking up many positions."""
        return frozenset(match.start() for match in _WORD_EDGE.finditer(self.text))


def fold(original: str) -> Folded:
    """`original` in comparable form (see the module's docstring). Linear in its length: a fast scan finds
    the stretches that may change, and only those are taken apart; the rest is copied whole."""
    parts: list[str] = []
    pieces: tuple[array[int], array[int], array[int], array[int]] = (array("q"), array("q"), array("q"), array("q"))
    kept, length = 0, 0
    flat = original.translate(_ONE_FOR_ONE)
    for run in _STRETCHES.finditer(flat):
        if run.end() <= kept:
            continue
        window = max(kept, run.start() - 1)  # with the character before: a base for the marks after it
        for match in _PIECES.finditer(flat, window, min(len(flat), run.end() + 1)):
            begin, end = match.span()
            piece = "-" if match["dash"] is not None else " " if match["space"] is not None else \
                _fold_piece(match[0])
            parts += (flat[kept:begin], piece)
            length += begin - kept
            for column, value in zip(pieces, (length, length + len(piece), begin, end), strict=True):
                column.append(value)
            length += len(piece)
            kept = end
    parts.append(flat[kept:])
    text = "".join(parts)
    lead = len(text) - len(text.lstrip(" "))
    return Folded(original, text[lead:len(text.rstrip(" "))], lead, pieces)


def _fold_piece(piece: str) -> str:
    return unicodedata.normalize("NFC", _DROP.sub("", piece).translate(_TRANSLATE))


def grapheme_cluster(text: str, position: int) -> tuple[int, int]:
    """The grapheme cluster of `text` that `position` falls inside, or `(position, position)` when it
    falls between two clusters (as a cut that splits nothing)."""
    if position <= 0 or position >= len(text):
        return position, position
    if _SIMPLE_PAIR.match(text, position - 1) and text[position - 1:position + 1] != "\r\n":
        return position, position
    for match in _CLUSTER.finditer(text, _safe_start(text, position)):
        start, end = match.span()
        if end >= position:
            return (position, position) if end == position or start == position else (start, end)
    return position, position


def _safe_start(text: str, position: int) -> int:
    """A position before `position` where a cluster surely starts: after a line feed, else after a space
    not followed by a mark. In long runs with neither (a page of Chinese), 64 characters back, where the
    segmentation has always fallen back into step by `position` for anything but pathological text."""
    line = text.rfind("\n", max(0, position - 1024), position)
    if line != -1:
        return line + 1
    space = text.rfind(" ", max(0, position - 64), position)
    while space != -1 and _JOINS_PREVIOUS.match(text, space + 1):
        space = text.rfind(" ", max(0, position - 64), space)
    return space + 1 if space != -1 else max(0, position - 64)


def is_grapheme_edge(text: str, position: int) -> bool:
    """Whether a cut of `text` at `position` splits no grapheme cluster."""
    start, end = grapheme_cluster(text, position)
    return start == end


def describe(chars: str) -> str:
    """Characters by code point and Unicode name: `U+02BC MODIFIER LETTER APOSTROPHE`."""
    names = [f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in chars[:4]]
    return " + ".join(names) + (" + ..." if len(chars) > 4 else "")
