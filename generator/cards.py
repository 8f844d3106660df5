"""Share cards: the 1200x630 PNG a link to a page shows on social media (og:image).

A claim's card leads with the verdict (icon, word and colour), then the claim in quotation marks, said
by its claimant, never stated as the desk's own; the desk's name is at the foot. Reports and the home
page get one too. A card is described by a `Card` value and drawn by `draw`; `materialize` keeps each
drawn card in a cache folder under a hash of everything drawn, so an unchanged card costs a file check.
Same card in, same bytes out: no dates or software versions in the PNG.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
import zlib
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
VERSION = "5"
"""Changes whenever the drawing changes, so that cached cards are drawn again (5: unhinted fonts)."""

TONES = {"0": "#8a1c13", "1": "#7a3d00", "2": "#5c4a00", "3": "#264d0b", "4": "#0e4f23", "none": "#3c4043"}
"""The verdict band's colour by tone: the text colours of the site's badges (factcheck.css, light scheme),
on which white text has a contrast of at least 7:1."""
INK, MUTED, PAPER, FOOT = "#1f1f1f", "#4a4a4a", "#ffffff", "#eef0f2"
QUOTES = {"ar": "«»", "fa": "«»", "ur": "«»", "ru": "«»", "uk": "«»", "be": "«»", "fr": "«»", "es": "«»",
          "it": "«»", "de": "„“", "pl": "„”", "cs": "„“", "ja": "「」", "he": "“”"}
"""Quotation marks by language; “” for the others."""
BAND, FOOT_HEIGHT, BYLINE_STRIP = 150, 96, 80
"""Heights of the verdict band, the desk's foot and the byline's strip above the foot."""
BOX = (MARGIN, WIDTH - MARGIN, 0)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMPRESSION = 5
"""zlib level of the PNG (see benchmarks/README.md, "Share cards")."""
PAPER_ON_TONE = (1, 2, 3, 4, 0)
"""Palette entries from the band's colour to white text, in steps of coverage (see `_palette`)."""
INK_ON_PAPER = (0, 6, 7, 8, 5)
MUTED_ON_PAPER = (0, 10, 11, 9)
INK_ON_FOOT = (12, 13, 14, 15, 5)
TEXT_SIZES = (60, 54, 48, 42)
"""The main text takes the largest size at which it fits; at the smallest it is cut with an ellipsis."""
FILLED = 0.9
"""How much of its lines' width a wrapped text fills, on average (words do not fill a line's end)."""


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
    """A hash of everything that decides the card's bytes: its text, the fonts found, the drawing code and zlib."""
    inputs = [VERSION, asdict(card), _fonts(card.language), PIL.__version__, textlayout.has_raqm(),
              zlib.ZLIB_RUNTIME_VERSION]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


@lru_cache(maxsize=64)
def _fonts(language: str) -> str:
    """The fonts a card in `language` may use, with their sizes, and the fontTools that removes their hinting
    (an update of either draws the cards again)."""
    from fontTools import version  # imported here: only a build with cards needs it

    faces = textlayout.font_chain(False, language) + textlayout.font_chain(True, language)
    return hashlib.sha256(repr([version] + [(f.path, f.index, _size(f.path)) for f in faces]).encode()).hexdigest()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def marks(language: str) -> tuple[str, str]:
    """Opening and closing quotation marks for a language."""
    pair = QUOTES.get(language.lower().split("-")[0], "“”")
    return pair[0], pair[1]


def draw(card: Card, compress_level: int = COMPRESSION) -> bytes:
    """The card as PNG bytes (deterministic: no metadata).

    Text is drawn as coverage (0 = ground, 255 = ink) on grey images and each area's coverage becomes one
    of a few palette entries blending its ink into its ground: a 16-colour (4-bit) PNG. The band and the
    foot depend on the verdict and the desk only, so they are drawn once for all cards that share them."""
    body = Image.new("L", (WIDTH, HEIGHT - BAND - FOOT_HEIGHT), 0)
    byline_style = Style(36, language=card.language)
    byline = wrap(card.byline, byline_style, WIDTH - 2 * MARGIN, 1)
    text_top, text_bottom = 36, HEIGHT - BAND - FOOT_HEIGHT - (84 if byline else 30)
    lines, style = _fit_text(card, text_bottom - text_top)
    step = round(style.size * LEADING)
    baseline = text_top + (text_bottom - text_top - step * len(lines)) // 2 + style.size  # centred in its space
    canvas = ImageDraw.Draw(body)
    for line in lines:
        draw_line(canvas, line, BOX, baseline, style, 255)
        baseline += step
    image = Image.new("L", (WIDTH, HEIGHT))
    band, foot = _frame(card.icon, card.headline, card.desk, card.language)
    image.paste(band, (0, 0))
    image.paste(body.point(_levels(INK_ON_PAPER)), (0, BAND))
    image.paste(foot, (0, HEIGHT - FOOT_HEIGHT))
    if byline:  # on the side the text starts from, whatever the byline's own script
        side = "right" if textlayout.direction(card.text) == "rtl" else "left"
        strip = Image.new("L", (WIDTH, BYLINE_STRIP), 0)
        draw_line(ImageDraw.Draw(strip), byline[0], BOX, BYLINE_STRIP - 34, byline_style, 255, side)
        top = HEIGHT - FOOT_HEIGHT - BYLINE_STRIP
        image.paste(strip.point(_levels(MUTED_ON_PAPER)), (0, top), strip.point(_inked))
    return png(image, _palette(card.tone), compress_level)


def png(indices: Image.Image, palette: tuple[int, ...], compress_level: int = COMPRESSION) -> bytes:
    """A 4-bit palette PNG, without metadata, of an image of palette indices (0-15, an even width) and its
    16 colours.

    Written here rather than by Pillow to choose the filter: none, which the PNG specification advises for
    palette images, makes cards ~15% smaller than Pillow's choice (benchmarks/README.md, "Share cards")."""
    width, height = indices.size
    # Two columns of index 0 on the left pack into a 0 byte that starts each row: the row's filter, "none".
    rows = Image.new("P", (width + 2, height), 0)
    rows.paste(indices, (2, 0))
    rows.putpalette(palette)
    scanlines = rows.tobytes("raw", "P;4")
    deflate = zlib.compressobj(compress_level, zlib.DEFLATED, 15, 8)
    data = deflate.compress(scanlines) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits, palette, no interlace
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(palette)) + _chunk(b"IDAT", data) + \
        _chunk(b"IEND", b"")


@lru_cache(maxsize=64)
def _frame(icon: str, headline: str, desk: str, language: str) -> tuple[Image.Image, Image.Image]:
    """The band (the verdict) and the foot (the desk's name) as palette indices: the same on many cards."""
    band = Image.new("L", (WIDTH, BAND), 0)
    head_style = Style(84, bold=True, language=language)
    head = wrap(f"{icon} {headline}".strip(), head_style, WIDTH - 2 * MARGIN, 1)
    draw_line(ImageDraw.Draw(band), head[0] if head else "", BOX, 106, head_style, 255)
    foot = Image.new("L", (WIDTH, FOOT_HEIGHT), 0)
    desk_style = Style(34, bold=True, language=language)
    desk_lines = wrap(desk, desk_style, WIDTH - 2 * MARGIN, 1)
    draw_line(ImageDraw.Draw(foot), desk_lines[0] if desk_lines else "", BOX, FOOT_HEIGHT - 36, desk_style, 255)
    return band.point(_levels(PAPER_ON_TONE)), foot.point(_levels(INK_ON_FOOT))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _inked(coverage: int) -> int:
    return 255 if coverage else 0


@lru_cache(maxsize=8)
def _levels(entries: tuple[int, ...]) -> tuple[int, ...]:
    """A look-up table from coverage (0-255) to the palette entries of one ink on one ground, evenly spaced."""
    steps = len(entries) - 1
    return tuple(entries[(coverage * steps + 127) // 255] for coverage in range(256))


@lru_cache(maxsize=8)
def _palette(tone: str) -> tuple[int, ...]:
    """The card's 16 colours: white (0), the band's colour and its blends into white (1-4), the ink (5) and its
    blends into white (6-8), the byline's grey (9) and its blends (10-11), the foot's grey and its blends into
    the ink (12-15)."""
    ramps = [(PAPER_ON_TONE, TONES.get(tone, TONES["none"]), PAPER), (INK_ON_PAPER, PAPER, INK),
             (MUTED_ON_PAPER, PAPER, MUTED), (INK_ON_FOOT, FOOT, INK)]
    colours: dict[int, tuple[int, ...]] = {}
    for entries, ground, ink in ramps:
        a, b = _rgb(ground), _rgb(ink)
        for step, entry in enumerate(entries):
            t = step / (len(entries) - 1)
            colours[entry] = tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))
    return tuple(value for entry in range(16) for value in colours[entry])


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _fit_text(card: Card, height: int) -> tuple[list[str], Style]:
    """The main text's lines at the largest of `TEXT_SIZES` at which it fits in `height`; at the smallest, cut.

    Wrapping is most of a card's text layout, so it starts at the size the text's length suggests and wraps
    at the sizes next to it only: at the first size that fits, when the one above it does not (a text that
    fits at one size fits at every smaller one, which has as many lines or more)."""
    opening, closing = marks(card.language) if card.quoted else ("", "")
    text = opening + " ".join(card.text.split())
    styles = [Style(size, bold=True, language=card.language) for size in TEXT_SIZES]
    most = [max(1, height // round(size * LEADING)) for size in TEXT_SIZES]
    wrapped: dict[int, list[str]] = {}

    def fits(step: int) -> bool:
        if step not in wrapped:
            wrapped[step] = textlayout.lines(text, styles[step], WIDTH - 2 * MARGIN, closing)
        return len(wrapped[step]) <= most[step]

    step = _likely_size(textlayout.width(text + closing, styles[0]), most)
    if fits(step):
        while step > 0 and fits(step - 1):
            step -= 1
    else:
        while step < len(TEXT_SIZES) - 1:
            step += 1
            if fits(step):
                break
    return textlayout.shorten(wrapped[step], styles[step], WIDTH - 2 * MARGIN, most[step], closing), styles[step]


def _likely_size(largest_width: float, most: list[int]) -> int:
    """The step of `TEXT_SIZES` at which a text of that width (on one line, at the largest size) likely fits."""
    for step, size in enumerate(TEXT_SIZES):
        if largest_width * size / TEXT_SIZES[0] <= most[step] * (WIDTH - 2 * MARGIN) * FILLED:
            return step
    return len(TEXT_SIZES) - 1


def materialize(cards: dict[str, Card], cache: Path) -> dict[str, Path]:
    """{site path: PNG file}: each card's file in `cache`, drawn only when no file has its key yet."""
    cache.mkdir(parents=True, exist_ok=True)
    files = card_files(cards, cache)
    draw_into(missing(cards, files))
    return files


def card_files(cards: dict[str, Card], cache: Path) -> dict[str, Path]:
    """{site path: the file in `cache` that holds (or will hold) the card}, named by the card's key."""
    return {path: cache / f"{key(card)}.png" for path, card in cards.items()}


def missing(cards: dict[str, Card], files: dict[str, Path]) -> list[tuple[Card, Path]]:
    """The cards whose file is not in the cache yet, each once, in file name order."""
    todo = {files[path]: card for path, card in cards.items() if not files[path].is_file()}
    return sorted(((card, file) for file, card in todo.items()), key=lambda item: item[1].name)


def draw_into(todo: list[tuple[Card, Path]]) -> None:
    """Draw each card into its file, unless it is there already; a file is complete or absent (written aside,
    then renamed: two processes that draw the same card write the same bytes).
    Raises OSError when a file cannot be written (a full disk, a folder that is not writable)."""
    for card, file in todo:
        if file.is_file():  # drawn meanwhile by another process
            continue
        # A new file (never one a link planted in the cache leads to), named for the process that writes it
        handle, name = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}.", suffix=f".{os.getpid()}.tmp")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(draw(card))
            os.chmod(temporary, 0o644)  # published as it is (a hard link from the site)
            temporary.replace(file)
        finally:
            temporary.unlink(missing_ok=True)
