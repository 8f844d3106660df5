"""Share cards: the 1200x630 PNG a link to a page shows on social media (og:image).

A claim's card leads with the verdict (icon, word and colour), then the claim in quotation marks, said
by its claimant, never stated as the desk's own; the desk's name is at the foot. Reports and the home
page get one too. A card is described by a `Card` value and drawn by `draw`; `materialize` keeps each
drawn card in a cache folder under a hash of everything drawn, so an unchanged card costs a file check.
Same card in, same bytes out: no dates or software versions in the PNG.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

from generator import textlayout
from generator.textlayout import Style, draw_line, wrap

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
LEADING = 1.3
VERSION = "3"
"""Changes whenever the drawing changes, so that cached cards are drawn again."""

TONES = {"0": "#8a1c13", "1": "#7a3d00", "2": "#5c4a00", "3": "#264d0b", "4": "#0e4f23", "none": "#3c4043"}
"""The verdict band's colour by tone: the text colours of the site's badges (factcheck.css, light scheme),
on which white text has a contrast of at least 7:1."""
INK, MUTED, PAPER, FOOT = "#1f1f1f", "#4a4a4a", "#ffffff", "#eef0f2"
QUOTES = {"ar": "«»", "fa": "«»", "ur": "«»", "ru": "«»", "uk": "«»", "be": "«»", "fr": "«»", "es": "«»",
          "it": "«»", "de": "„“", "pl": "„”", "cs": "„“", "ja": "「」", "he": "“”"}
"""Quotation marks by language; “” for the others."""
TEXT_SIZES = (60, 54, 48, 42)
"""The main text takes the largest size at which it fits; at the smallest it is cut with an ellipsis."""


@dataclass(frozen=True)
class Card:
    """Everything one card shows."""

    headline: str
    """In the coloured band: the verdict's label (a claim), or what the page is."""
    icon: str
    """Shown before the headline, as on the site's badges ('' for none)."""
    tone: str
    """Colour step '0' (worst) .. '4' (best), or 'none'."""
    text: str
    """The main text: a claim, or a headline."""
    quoted: bool
    """Whether `text` is someone's words, drawn in quotation marks."""
    byline: str
    """Under the text: who said it, or a count."""
    desk: str
    """The desk's name, at the foot."""
    language: str = ""
    """BCP 47 tag of the text: quotation marks, and the glyph forms of Han characters."""


def key(card: Card) -> str:
    """A hash of everything that decides the card's pixels: its text, the fonts found and the drawing code."""
    inputs = [VERSION, asdict(card), _fonts(card.language), PIL.__version__, textlayout.has_raqm()]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


@lru_cache(maxsize=64)
def _fonts(language: str) -> str:
    """The fonts a card in `language` may use, with their sizes (a font update draws the cards again)."""
    faces = textlayout.font_chain(False, language) + textlayout.font_chain(True, language)
    return hashlib.sha256(repr([(f.path, f.index, _size(f.path)) for f in faces]).encode()).hexdigest()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def marks(language: str) -> tuple[str, str]:
    """Opening and closing quotation marks for a language."""
    pair = QUOTES.get(language.lower().split("-")[0], "“”")
    return pair[0], pair[1]


def draw(card: Card) -> bytes:
    """The card as PNG bytes (deterministic: no metadata)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    box = (MARGIN, WIDTH - MARGIN, 0)
    band = 150
    canvas.rectangle((0, 0, WIDTH, band), fill=TONES.get(card.tone, TONES["none"]))
    headline = f"{card.icon} {card.headline}".strip()
    head_style = Style(84, bold=True, language=card.language)
    head = wrap(headline, head_style, WIDTH - 2 * MARGIN, 1)
    draw_line(canvas, head[0] if head else "", box, 106, head_style, PAPER)
    foot = 96
    canvas.rectangle((0, HEIGHT - foot, WIDTH, HEIGHT), fill=FOOT)
    desk_style = Style(34, bold=True, language=card.language)
    desk = wrap(card.desk, desk_style, WIDTH - 2 * MARGIN, 1)
    draw_line(canvas, desk[0] if desk else "", box, HEIGHT - 36, desk_style, INK)
    byline_style = Style(36, language=card.language)
    byline = wrap(card.byline, byline_style, WIDTH - 2 * MARGIN, 1)
    text_top, text_bottom = band + 36, HEIGHT - foot - (84 if byline else 30)
    lines, style = _fit_text(card, text_bottom - text_top)
    step = round(style.size * LEADING)
    baseline = text_top + (text_bottom - text_top - step * len(lines)) // 2 + style.size  # centred in its space
    for line in lines:
        draw_line(canvas, line, box, baseline, style, INK)
        baseline += step
    if byline:  # on the side the text starts from, whatever the byline's own script
        side = "right" if textlayout.direction(card.text) == "rtl" else "left"
        draw_line(canvas, byline[0], box, HEIGHT - foot - 34, byline_style, MUTED, side)
    out = io.BytesIO()
    image.quantize(palette=_palette(card.tone), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _palette(tone: str) -> Image.Image:
    """Every colour a card can have: each text colour blended in 16 steps into the colour it stands on
    (the edges of anti-aliased glyphs). Mapping onto it is exact to the eye, and a card weighs ~25 KB."""
    pairs = [(PAPER, TONES.get(tone, TONES["none"])), (INK, PAPER), (MUTED, PAPER), (INK, FOOT)]
    colours: list[tuple[int, ...]] = []
    for ink, ground in pairs:
        a, b = _rgb(ink), _rgb(ground)
        for step in range(16):
            colour = tuple(round(b[i] + (a[i] - b[i]) * step / 15) for i in range(3))
            if colour not in colours:
                colours.append(colour)
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _fit_text(card: Card, height: int) -> tuple[list[str], Style]:
    opening, closing = marks(card.language) if card.quoted else ("", "")
    text = opening + " ".join(card.text.split())
    for size in TEXT_SIZES:
        style = Style(size, bold=True, language=card.language)
        most = max(1, height // round(size * LEADING))
        lines = wrap(text, style, WIDTH - 2 * MARGIN, most + 1, closing)
        if len(lines) <= most or size == TEXT_SIZES[-1]:
            return wrap(text, style, WIDTH - 2 * MARGIN, most, closing), style
    raise AssertionError("unreachable")


def materialize(cards: dict[str, Card], cache: Path) -> dict[str, Path]:
    """{site path: PNG file}: each card's file in `cache`, drawn only when no file has its key yet."""
    cache.mkdir(parents=True, exist_ok=True)
    files = {}
    for path, card in cards.items():
        file = cache / f"{key(card)}.png"
        if not file.is_file():
            temporary = file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(draw(card))
            temporary.replace(file)
        files[path] = file
    return files
