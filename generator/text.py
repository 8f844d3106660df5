"""An article as the reader sees it: safe HTML, its tokens, and its plain text with positions.

Positions used by anchors count characters of `plain`: the text of the rendered article, with top-level
blocks (paragraphs, headings, list items' parents) separated by a blank line ("\\n\\n"). Markdown
markup, such as emphasis or a link inside a quote, is not part of it, so anchors survive it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from generator.sanitize import markdown_html

VOID = {"br", "hr", "img", "wbr"}


@dataclass(frozen=True)
class Token:
    """One piece of sanitized HTML: a start or end tag, a void element, or text."""

    kind: str
    """'start', 'end', 'void' or 'text'."""
    tag: str
    """The element name (empty for text)."""
    html: str
    """The token as HTML, ready to be written out again."""
    text: str = ""
    """For text tokens, the unescaped text."""


@dataclass(frozen=True)
class Block:
    """A top-level element of the article (usually a paragraph)."""

    first: int
    """Index of its first token."""
    last: int
    """Index of its last token (inclusive)."""
    start: int
    """Start of its text in `plain`."""
    end: int


@dataclass(frozen=True)
class RenderedText:
    """An article rendered to safe HTML, with its plain text and where each piece of text is in it."""

    tokens: tuple[Token, ...]
    plain: str
    offsets: dict[int, int]
    """Position in `plain` of each text token, by token index."""
    blocks: tuple[Block, ...]

    def block_at(self, position: int) -> int:
        """Index of the block holding a plain-text position."""
        for i, block in enumerate(self.blocks):
            if position < block.end or i == len(self.blocks) - 1:
                return i
        return 0


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "void" if tag in VOID else "start"
        self.tokens.append(Token(kind, tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(Token("void", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.tokens.append(Token("end", tag, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.tokens.append(Token("text", "", escape(data, quote=False), data))


def tokenize(safe_html: str) -> list[Token]:
    """Tokens of HTML that has already been sanitized (so it is well-formed)."""
    parser = _Tokenizer()
    parser.feed(safe_html)
    parser.close()
    return parser.tokens


def render_text(markdown_source: str) -> RenderedText:
    """Render Markdown safely and index its text."""
    tokens = tokenize(markdown_html(markdown_source))
    parts: list[str] = []
    offsets: dict[int, int] = {}
    blocks: list[Block] = []
    depth, length, block_first, block_start = 0, 0, 0, 0
    for i, token in enumerate(tokens):
        if depth == 0 and token.kind != "text":
            if blocks or length:
                parts.append("\n\n")
                length += 2
            block_first, block_start = i, length
        if token.kind == "text" and (depth > 0 or token.text.strip()):
            offsets[i] = length
            parts.append(token.text)
            length += len(token.text)
        depth += {"start": 1, "end": -1}.get(token.kind, 0)
        if depth == 0 and token.kind in ("end", "void"):
            blocks.append(Block(block_first, i, block_start, length))
    return RenderedText(tuple(tokens), "".join(parts), offsets, tuple(blocks))


def plain_text(markdown_source: str) -> str:
    """What a reader sees of a short piece of Markdown (used for quotes copied with their markup)."""
    return render_text(markdown_source).plain
