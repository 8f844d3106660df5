"""Mark anchored spans in rendered article HTML, placed by plain-text position.

Spans are applied to the rendered text, not the Markdown source, so a quote that runs across emphasis
or a link is still marked: each text node inside the span gets its own `<mark>`. Overlapping spans nest.
The link that goes with a span (its rating badge) follows the span's last word, moved past the end of
an enclosing link when the span ends inside one (links cannot nest). A span never splits a grapheme
cluster (a letter and its accents, an emoji sequence): an edge inside one is moved out to include it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

from generator.folding import grapheme_cluster
from generator.text import RenderedText

CLOSING = ".,;:!?…)]»”’\"'、。，；：！？）」』"
"""Punctuation that must not start a line after a badge."""


@dataclass(frozen=True)
class Span:
    """A passage of the article to mark, by plain-text position."""

    start: int
    end: int
    classes: str
    """CSS classes of the span's marks."""
    target_id: str | None = None
    """An id on the span's first mark, so other pages can link to the passage."""
    after_html: str = ""
    """Safe HTML written right after the span (its badge link)."""


def highlight(rendered: RenderedText, spans: list[Span], block_range: range | None = None) -> str:
    """HTML of the article (or of the blocks in `block_range`) with `spans` marked."""
    blocks = rendered.blocks if block_range is None else rendered.blocks[block_range.start:block_range.stop]
    spans = sorted((_whole_clusters(rendered.plain, s) for s in spans), key=lambda s: (s.start, -s.end))
    out: list[str] = []
    pending: list[str] = []
    started: set[int] = set()
    link_depth = 0
    for block in blocks:
        for i in range(block.first, block.last + 1):
            token = rendered.tokens[i]
            if token.kind == "text" and i in rendered.offsets:
                _marked_text(out, pending if link_depth else None, token.text, rendered.offsets[i], spans, started)
                continue
            out.append(token.html)
            if token.tag == "a" and token.kind in ("start", "end"):
                link_depth += 1 if token.kind == "start" else -1
                if link_depth == 0 and pending:
                    out.extend(pending)
                    pending.clear()
        out.append("\n")
    return "".join(out)


def _marked_text(out: list[str], held: list[str] | None, text: str, offset: int, spans: list[Span],
                 started: set[int]) -> None:
    """Write one text node with its marks. The after-HTML of a span that ends here follows its last
    piece, or goes to `held` (written after the enclosing link) when the text is inside a link."""
    end = offset + len(text)
    relevant = [s for s in spans if s.start < end and s.end > offset]
    if not relevant:
        out.append(escape(text, quote=False))
        return
    cuts = sorted({offset, end} | {p for s in relevant for p in (s.start, s.end) if offset < p < end})
    taken = offset
    for a, b in zip(cuts, cuts[1:], strict=False):
        a = max(a, taken)
        if a >= b:
            continue
        piece = escape(text[a - offset:b - offset], quote=False)
        active = [s for s in relevant if s.start <= a and s.end >= b]
        for s in active:
            out.append(_open_mark(s, id(s) not in started))
            started.add(id(s))
        out.append(piece)
        out.append("</mark>" * len(active))
        after = "".join(s.after_html for s in active if s.end == b and s.after_html)
        if held is not None:
            held.append(after)
            continue
        punctuation = _closing_punctuation(text[b - offset:], spans, b) if after else ""
        taken = b + len(punctuation)
        out.append(f'<span class="fc-nobreak">{after}{escape(punctuation, quote=False)}</span>' if punctuation
                   else after)


def _closing_punctuation(rest: str, spans: list[Span], at: int) -> str:
    """The punctuation that closes the sentence right after a badge ("." "," "?"), kept on its line.

    Only unmarked characters are taken (none when a span starts or runs there)."""
    run = len(rest) - len(rest.lstrip(CLOSING))
    if any(s.start < at + run and s.end > at for s in spans):
        return ""
    return rest[:run]


def _whole_clusters(plain: str, span: Span) -> Span:
    start, end = grapheme_cluster(plain, span.start)[0], grapheme_cluster(plain, span.end)[1]
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def _open_mark(span: Span, first: bool) -> str:
    attrs = f' class="{escape(span.classes)}"'
    if first and span.target_id:
        attrs += f' id="{escape(span.target_id)}"'
    return f"<mark{attrs}>"
