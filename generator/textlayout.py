"""Lines of text in any script for images: fonts by coverage, right-to-left runs, wrapping, ellipsis.

Pillow shapes text with libraqm (HarfBuzz + FriBiDi), so Arabic is joined and right-to-left text is
ordered; but one call draws one font. A line is therefore cut into runs, each drawn with the first font
of the chain that has every glyph of the run (a cmap look-up, so no missing-glyph boxes), and the runs
are laid out in the paragraph's direction. The fonts are Noto (SIL Open Font License), from Debian's
`fonts-noto-core` and `fonts-noto-cjk`, drawn without their TrueType hinting (`generator.unhinted`);
without them, Pillow's own font draws Latin text only.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont, features

from generator import unhinted

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
"""Where Debian's fonts-noto-core and fonts-noto-cjk install their fonts."""
PREFERRED = ("NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansCJK", "NotoSansSymbols2",
             "NotoSansSymbols", "NotoSansMath")
"""Tried first, in this order; then every other Noto Sans font found, by name."""
CJK_FACES = {"ja": 0, "ko": 1, "zh-hans": 2, "zh-cn": 2, "zh-sg": 2, "zh": 2, "zh-hant": 3, "zh-tw": 3, "zh-hk": 4}
"""Face of NotoSansCJK-*.ttc for a language: Han characters take the forms their readers expect."""
ELLIPSIS = "…"
_OPENING = set("（「『【〈《〔［｛“‘(")
_CONTROLS = {code: " " for code in range(0xA0) if unicodedata.category(chr(code)) == "Cc"}
"""Line breaks, tabs and other control characters, drawn as spaces (str.translate's table)."""
_CLOSING = set("、。，．）」』】〉》〕］｝！？：；”’)・ー々ゃゅょっぁぃぅぇぉャュョッァィゥェォ")


@dataclass(frozen=True)
class Face:
    """One font file (and face, in a collection) at one weight."""

    path: str
    index: int = 0


@lru_cache(maxsize=1)
def has_raqm() -> bool:
    """Whether Pillow can shape complex scripts here (libraqm, with FriBiDi from the system)."""
    return bool(features.check("raqm"))


@lru_cache(maxsize=8)
def font_chain(bold: bool, language: str = "") -> tuple[Face, ...]:
    """The fonts to try for text in `language`, best first; empty when no Noto font is installed.

    Bold text falls back to regular faces for what no bold face has (symbols come in one weight)."""
    return _faces("Bold", language) + _faces("Regular", language) if bold else _faces("Regular", language)


def _faces(weight: str, language: str) -> tuple[Face, ...]:
    found: dict[str, Face] = {}
    for folder in FONT_DIRS:
        for path in sorted(folder.glob(f"NotoSans*-{weight}.tt[fc]")) if folder.is_dir() else ():
            family = path.name.split("-")[0]
            if "Mono" in family or family.endswith(("UI", "Display")):
                continue
            found.setdefault(family, Face(str(path), _cjk_face(language) if path.suffix == ".ttc" else 0))
    preferred = [found[name] for name in PREFERRED if name in found]
    return tuple(preferred + [face for name, face in sorted(found.items()) if name not in PREFERRED])


def _cjk_face(language: str) -> int:
    tag = language.lower()
    while tag and tag not in CJK_FACES:
        tag = tag.rpartition("-")[0]
    return CJK_FACES.get(tag, 0)


@cache  # one per font file found (a few hundred): never read twice
def _cmap(face: Face) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        # Only the characters are wanted, not their glyphs' names: numbers as names spare reading `post`
        font.setGlyphOrder(list(map(str, range(font["maxp"].numGlyphs))))
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=1024)
def _font(face: Face | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The face at one size, unhinted (see `generator.unhinted`): the same font for every line, always."""
    if face is None:
        return ImageFont.load_default(size)
    data = unhinted.font_data(face.path)
    return ImageFont.truetype(face.path if data is None else io.BytesIO(data), size, index=face.index)


def _covers(face: Face, char: str) -> bool:
    return char.isspace() or ord(char) in _cmap(face)


_CHOSEN: dict[int, tuple[tuple[Face, ...], dict[str, Face | None]]] = {}
"""{id of a chain: (the chain, {character: its face})}: a chain of a few hundred fonts is slow to hash."""


def _face_for(chain: tuple[Face, ...], char: str) -> Face | None:
    """The first face of the chain that has `char`; the chain's first when none has it, None for no chain."""
    known = _CHOSEN.get(id(chain))
    if known is None or known[0] is not chain:  # held here, a chain's id cannot be another's
        if len(_CHOSEN) >= 64:
            _CHOSEN.clear()
        known = _CHOSEN[id(chain)] = (chain, {})
    chosen = known[1]
    if char not in chosen:
        chosen[char] = next((face for face in chain if _covers(face, char)), chain[0] if chain else None)
    return chosen[char]


def missing_glyphs(text: str, chain: tuple[Face, ...]) -> set[str]:
    """Characters of `text` that no font of the chain has (drawn as boxes if drawn at all)."""
    return {c for c in text if not unicodedata.category(c).startswith("C")
            and not any(_covers(face, c) for face in chain)}


def runs(text: str, chain: tuple[Face, ...]) -> list[tuple[str, Face | None]]:
    """`text` cut where the font must change; spaces and marks stay with the run before them.
    Control characters (line breaks, tabs) become spaces: a run is one line."""
    text = text.translate(_CONTROLS)
    if not text:
        return []
    first = _face_for(chain, text[0])
    if first is None or _covers_all(first, text):  # most text: one run, found without a loop in Python
        return [(text, first)]
    out: list[tuple[str, Face | None]] = []
    for char in text:
        if out and (out[-1][1] is None or _covers(out[-1][1], char)):
            out[-1] = (out[-1][0] + char, out[-1][1])
        else:
            out.append((char, _face_for(chain, char)))
    return out


def _covers_all(face: Face, text: str) -> bool:
    cmap = _cmap(face)
    return cmap.issuperset(map(ord, text)) or all(char.isspace() or ord(char) in cmap for char in text)


def direction(text: str) -> str:
    """'rtl' or 'ltr', from the first strongly directional character (Unicode bidi classes)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _run_direction(text: str, paragraph: str) -> str:
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & {"R", "AL"}:
        return "rtl"
    return "ltr" if "L" in kinds else paragraph


@dataclass(frozen=True)
class Style:
    """How a block of text is drawn."""

    size: int
    bold: bool = False
    language: str = ""


def width(text: str, style: Style) -> float:
    """Drawn width of one line, in pixels."""
    chain = font_chain(style.bold, style.language)
    paragraph = direction(text)
    return sum(_measure(_font(face, style.size), run, paragraph) for run, face in runs(text, chain))


def _direction(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, run: str, paragraph: str) -> str | None:
    """The run's direction, for fonts that libraqm shapes (Pillow's fallback font is not one)."""
    shaped = getattr(font, "layout_engine", None) == ImageFont.Layout.RAQM
    return _run_direction(run, paragraph) if shaped else None


def _measure(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, run: str, paragraph: str) -> float:
    if isinstance(font, ImageFont.FreeTypeFont):
        return float(font.getlength(run, direction=_direction(font, run, paragraph)))
    return float(font.getlength(run))


def draw_line(draw: ImageDraw.ImageDraw, text: str, box: tuple[int, int, int], baseline: int, style: Style,
              fill: str | int, align: str = "start") -> None:
    """One line between x = box[0] and box[1], on `baseline`; `align` is 'left', 'right', 'center' or
    'start' (the side the line's own direction starts from)."""
    chain = font_chain(style.bold, style.language)
    paragraph = direction(text)
    pieces = [(part, _font(face, style.size)) for run, face in runs(text, chain) for part in _split_spaces(run)]
    widths = [_measure(font, run, paragraph) for run, font in pieces]
    total = sum(widths)
    left, right, _ = box
    if align == "center":
        x = left + (right - left - total) / 2
    elif align == "right" or align == "start" and paragraph == "rtl":
        x = right - total
    else:
        x = left
    if paragraph == "rtl":  # runs follow each other from right to left
        pieces, widths = pieces[::-1], widths[::-1]
    for (run, font), run_width in zip(pieces, widths, strict=True):
        draw.text((x, baseline), run, font=font, fill=fill, anchor="ls", direction=_direction(font, run, paragraph))
        x += run_width


def _split_spaces(run: str) -> list[str]:
    """Leading and trailing spaces as pieces of their own: in a right-to-left line they change sides."""
    core = run.strip()
    if not core:
        return [run]
    start = run.index(core)
    return [p for p in (run[:start], core, run[start + len(core):]) if p]


def break_points(text: str) -> list[str]:
    """`text` as the pieces a line may end after: words with their spaces, single CJK characters."""
    pieces: list[str] = []
    for char in text:
        if not pieces or pieces[-1][-1].isspace() and not char.isspace() or _may_break(pieces[-1][-1], char):
            pieces.append(char)
        else:
            pieces[-1] += char
    return [p for p in pieces if p]


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _may_break(before: str, char: str) -> bool:
    if char in _CLOSING or before in _OPENING or char.isspace():
        return False
    return _wide(before) or _wide(char)


def wrap(text: str, style: Style, line_width: float, max_lines: int, closing: str = "") -> list[str]:
    """`text` (+ `closing`, kept on the last line) in at most `max_lines` lines; cut with an ellipsis.
    Line breaks and runs of spaces in `text` count as one space."""
    return shorten(lines(text, style, line_width, closing), style, line_width, max_lines, closing)


def lines(text: str, style: Style, line_width: float, closing: str = "") -> list[str]:
    """`text` (+ `closing`) in as many lines as it takes. Line breaks and runs of spaces count as one space.

    A line's width is the sum of its pieces' widths (each measured once), less the last piece's spaces.
    """
    out: list[list[str]] = [[]]
    used = 0.0
    for piece in _split_long(_pieces(" ".join(text.split()) + closing), style, line_width):
        if out[-1] and used + _piece_width(piece.rstrip(), style) > line_width:
            out.append([])
            used = 0.0
            piece = piece.lstrip()
        out[-1].append(piece)
        used += _piece_width(piece, style)
    return ["".join(line).rstrip() for line in out if "".join(line).strip()]


def shorten(wrapped: list[str], style: Style, line_width: float, max_lines: int, closing: str = "") -> list[str]:
    """The first `max_lines` of the lines of a text, the last cut with an ellipsis (before `closing`) when
    some are left out."""
    if len(wrapped) <= max_lines:
        return wrapped
    return wrapped[:max_lines - 1] + [_ellipsized(wrapped[max_lines - 1], style, line_width, closing)]


@lru_cache(maxsize=64)
def _pieces(text: str) -> tuple[str, ...]:
    """`break_points`, once for a text wrapped at several sizes."""
    return tuple(break_points(text))


@lru_cache(maxsize=65536)
def _piece_width(piece: str, style: Style) -> float:
    return width(piece, style)


def _split_long(pieces: tuple[str, ...], style: Style, line_width: float) -> list[str]:
    """A piece wider than a line (a long address, a word in a narrow box) may break anywhere."""
    out: list[str] = []
    for piece in pieces:
        out.extend(list(piece) if _piece_width(piece.strip(), style) > line_width else [piece])
    return out


def _ellipsized(line: str, style: Style, line_width: float, closing: str) -> str:
    """The line, shortened (at a word when one fits) so that it ends with an ellipsis and `closing`."""
    words = break_points(line)
    while words and width("".join(words).rstrip() + ELLIPSIS + closing, style) > line_width:
        words.pop()
    if words:
        return "".join(words).rstrip(" ,.;:-–—") + ELLIPSIS + closing
    chars = line
    while chars and width(chars + ELLIPSIS + closing, style) > line_width:
        chars = chars[:-1]
    return chars + ELLIPSIS + closing
