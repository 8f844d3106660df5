"""Share cards drawn from card values: size, determinism, the cache, and text in any script."""

from __future__ import annotations

import errno
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator import cards, textlayout, unhinted
from generator.cards import Card, draw, materialize
from generator.textlayout import (
    ELLIPSIS,
    Style,
    draw_line,
    font_chain,
    missing_glyphs,
    width,
    wrap,
)

CLAIMS = {
    "latin": ("en", "Crime fell by a fifth last year, the mayor’s office said"),
    "cyrillic": ("ru", "Преступность в прошлом году снизилась на пятую часть"),
    "arabic": ("ar", "انخفضت الجريمة بنسبة الخمس في العام الماضي"),
    "hebrew": ("he", "הפשיעה ירדה בחמישית בשנה שעברה"),
    "chinese": ("zh-Hans", "去年犯罪率下降了五分之一，这是有记录以来最大的降幅。"),
    "japanese": ("ja", "昨年、犯罪は二割減った。「過去最大」と知事は述べた。"),
    "korean": ("ko", "작년 범죄율이 5분의 1 감소했다"),
    "greek": ("el", "Η εγκληματικότητα μειώθηκε κατά ένα πέμπτο"),
}


def card(text: str = "Crime fell by a fifth last year", language: str = "en", **changes: str) -> Card:
    values = {"headline": "False", "icon": "✗", "tone": "0", "text": text, "quoted": True,
              "byline": "— Jane Mayor, Mayor", "desk": "Valley Fact Desk", "language": language} | changes
    return Card(**values)  # type: ignore[arg-type]


def pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return image.convert("RGB")


def largest_that_fits(text: str, language: str, height: int, closing: str) -> tuple[list[str], int]:
    """What `_fit_text` must give, by its definition: the lines at the largest size whose wrapping fits in
    `height`; at the smallest size, the lines that fit, the last cut with an ellipsis."""
    for size in cards.TEXT_SIZES:
        style = Style(size, bold=True, language=language)
        most = max(1, height // round(size * cards.LEADING))
        every_line = wrap(text, style, cards.WIDTH - 2 * cards.MARGIN, 1000, closing)
        if len(every_line) <= most or size == cards.TEXT_SIZES[-1]:
            return wrap(text, style, cards.WIDTH - 2 * cards.MARGIN, most, closing), size
    raise AssertionError("unreachable")


def fresh_process(monkeypatch: pytest.MonkeyPatch, font_cache: Path) -> None:
    """Forget the fonts and lines this process has loaded and measured, as a new process would, and keep the
    unhinted fonts in `font_cache`."""
    monkeypatch.setattr(unhinted, "cache_folder", lambda: font_cache)
    for memo in (unhinted.font_data, textlayout._font, textlayout._piece_width, cards._frame):
        memo.cache_clear()


@pytest.fixture(autouse=True)
def forget_fonts_after_the_test() -> Iterator[None]:
    yield
    for memo in (unhinted.font_data, textlayout._font, textlayout._piece_width, cards._frame):
        memo.cache_clear()


def test_fonts_for_every_script_are_installed() -> None:
    assert font_chain(False), "install Debian's fonts-noto-core and fonts-noto-cjk (see the README)"
    assert textlayout.has_raqm(), "Pillow needs libraqm and FriBiDi here: install Debian's libfribidi0"


@pytest.mark.parametrize("script", sorted(CLAIMS))
def test_every_character_of_any_script_has_a_glyph(script: str) -> None:
    language, text = CLAIMS[script]
    for bold in (False, True):
        assert missing_glyphs(text + "“”«»「」…— ✗✓◐?", font_chain(bold, language)) == set()


@pytest.mark.parametrize("language", ["", "ar", "ja", "zh-Hant"])
def test_the_characters_a_font_has_are_the_ones_its_best_character_map_lists(language: str) -> None:
    for face in {face for face in textlayout.font_chain(False, language)[:4]}:
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            assert textlayout._cmap(face) == frozenset(font.getBestCmap()), face


def test_a_card_is_a_1200x630_png_and_the_same_card_gives_the_same_bytes() -> None:
    first = draw(card())
    assert first == draw(card())
    assert draw(card(text="Crime fell by a quarter last year")) != first
    assert b"tEXt" not in first and b"tIME" not in first, "no metadata: nothing varies between builds"
    assert len(first) < 12_000
    assert first[24:26] == bytes([4, 3]), "a 4-bit palette PNG"


def test_the_png_writer_gives_back_every_pixel_and_colour() -> None:
    indices = Image.new("L", (cards.WIDTH, cards.HEIGHT))
    indices.putdata([(x * 7 + y * 3) % 16 for y in range(cards.HEIGHT) for x in range(cards.WIDTH)])
    palette = tuple(v for i in range(16) for v in (i * 16, 255 - i * 16, i))
    decoded = Image.open(io.BytesIO(cards.png(indices, palette)))
    assert (decoded.mode, decoded.size) == ("P", (cards.WIDTH, cards.HEIGHT))
    assert decoded.tobytes() == indices.tobytes() and tuple(decoded.getpalette() or ()) == palette


def test_the_verdict_band_takes_the_colour_of_the_rating() -> None:
    band = pixels(draw(card())).getpixel((10, 10))
    assert band == (0x8a, 0x1c, 0x13)
    assert pixels(draw(card(tone="4", headline="True", icon="✓"))).getpixel((10, 10)) == (0x0e, 0x4f, 0x23)


def ink_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost column with dark pixels between two rows."""
    region = image.crop((0, top, image.width, bottom)).convert("L").point(lambda v: 255 if v < 128 else 0)
    box = region.getbbox()
    assert box, "no text drawn there"
    return box[0], box[2]


def test_right_to_left_text_is_set_from_the_right_edge() -> None:
    latin = ink_columns(pixels(draw(card("Crime fell"))), 160, 450)
    arabic = ink_columns(pixels(draw(card("انخفضت الجريمة", "ar"))), 160, 450)
    assert latin[0] == pytest.approx(cards.MARGIN, abs=6) and latin[1] < 800
    assert arabic[1] == pytest.approx(cards.WIDTH - cards.MARGIN, abs=6) and arabic[0] > 400


def test_arabic_letters_are_joined_not_drawn_in_isolated_forms() -> None:
    style = Style(60, language="ar")
    word = "الجريمة"
    joined = Image.new("L", (600, 100), 255)
    draw_line(ImageDraw.Draw(joined), word, (0, 600, 0), 70, style, "black")
    isolated = Image.new("L", (600, 100), 255)
    canvas, x = ImageDraw.Draw(isolated), 600.0
    for letter in word:  # one letter at a time, right to left: what an unshaped renderer shows
        x -= width(letter, style)
        draw_line(canvas, letter, (round(x), 600, 0), 70, style, "black", align="left")
    assert joined.tobytes() != isolated.tobytes()
    assert width(word, style) < sum(width(letter, style) for letter in word)


def test_a_long_claim_is_wrapped_and_cut_with_an_ellipsis_inside_the_quotation_marks() -> None:
    style = Style(48, bold=True)
    text = "“" + " ".join(["The bypass will cut commuting times by half for every driver in the county"] * 4)
    lines = wrap(text, style, 1056, 3, "”")
    assert len(lines) == 3
    assert lines[-1].endswith(ELLIPSIS + "”")
    assert all(width(line, style) <= 1056 for line in lines)
    assert " ".join(lines).replace(ELLIPSIS + "”", "") in text


def test_a_short_claim_keeps_its_closing_mark_and_no_ellipsis() -> None:
    assert wrap("“Crime fell", Style(48, bold=True), 1056, 3, "”") == ["“Crime fell”"]


def test_chinese_and_japanese_wrap_between_characters_but_not_before_closing_marks() -> None:
    style = Style(60, bold=True, language="ja")
    lines = wrap("「" + "昨年、犯罪は二割減った。過去最大の減少だと知事は述べた。" * 2, style, 700, 10, "」")
    assert len(lines) > 2 and all(width(line, style) <= 700 for line in lines)
    assert not any(line[0] in "、。」" for line in lines)


def test_a_word_longer_than_a_line_is_broken_anywhere() -> None:
    lines = wrap("x" * 200, Style(48), 500, 10)
    assert len(lines) > 1 and all(width(line, Style(48)) <= 500 for line in lines)


def test_an_unchanged_card_is_not_drawn_again(tmp_path: Path) -> None:
    first = materialize({"cards/a.png": card(), "cards/b.png": card("Other words")}, tmp_path)
    stamps = {path: file.stat().st_mtime_ns for path, file in first.items()}
    again = materialize({"cards/a.png": card(), "cards/b.png": card("Other words")}, tmp_path)
    assert again == first and {p: f.stat().st_mtime_ns for p, f in again.items()} == stamps
    changed = materialize({"cards/a.png": card("New words")}, tmp_path)
    assert changed["cards/a.png"] != first["cards/a.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {first["cards/a.png"].name, first["cards/b.png"].name, changed["cards/a.png"].name})


def test_the_cache_key_covers_everything_drawn() -> None:
    base = card()
    for change in ({"headline": "True"}, {"icon": "✓"}, {"tone": "4"}, {"text": "x"}, {"quoted": False},
                   {"byline": "— someone else"}, {"desk": "Other Desk"}, {"language": "ja"}):
        assert cards.key(Card(**(base.__dict__ | change))) != cards.key(base), change


def test_without_noto_fonts_a_card_is_still_drawn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(textlayout, "FONT_DIRS", (tmp_path,))
    textlayout.font_chain.cache_clear()
    try:
        assert font_chain(False) == ()
        pixels(draw(card()))
    finally:
        textlayout.font_chain.cache_clear()


def test_the_byline_stands_on_the_side_the_text_starts_from() -> None:
    image = pixels(draw(card("مقابلة مع رئيس البلدية", "ar", byline="City News", quoted=False)))
    left, right = ink_columns(image, 470, 520)
    assert right == pytest.approx(cards.WIDTH - cards.MARGIN, abs=6) and left > 600


def test_line_breaks_tabs_and_bidi_controls_in_any_field_are_drawn_as_text() -> None:
    odd = "line one\nline two\ttab \u202eoverride\u202c \u2066isolate\u2069 zero\u200bwidth"
    pixels(draw(card(odd, headline=odd, byline=odd, desk=odd)))
    assert wrap("a\n\nb", Style(40), 1000, 2) == ["a b"]


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300), short=st.text(max_size=60))
def test_any_text_in_any_field_gives_a_card(text: str, short: str) -> None:
    pixels(draw(card(text, headline=short, icon=short[:1], byline=short, desk=short)))


WORDS = {
    "en": "Crime fell by a fifth last year, the biggest drop since records began the mayor’s office said".split(),
    "ar": "انخفضت الجريمة بنسبة الخمس في العام الماضي وقال رئيس البلدية إن".split(),
    "ja": list("昨年、犯罪は二割減った。「過去最大」と知事は述べた。統計が始まって以来の大幅な減少である。"),
    "hi": "पिछले साल अपराध में पांचवें हिस्से की कमी आई, महापौर कार्यालय ने कहा".split(),
    "ru": "Преступность в прошлом году снизилась на пятую часть".split(),
}


@settings(max_examples=60, deadline=None)
@given(language=st.sampled_from(sorted(WORDS)), picks=st.lists(st.integers(0, 30), max_size=90),
       quoted=st.booleans(), byline=st.booleans(), noise=st.text(max_size=12))
def test_the_main_text_takes_the_largest_size_at_which_it_fits(
        language: str, picks: list[int], quoted: bool, byline: bool, noise: str) -> None:
    words = WORDS[language]
    text = ("" if language == "ja" else " ").join(words[i % len(words)] for i in picks) + noise
    height = 264 if byline else 318
    opening, closing = cards.marks(language) if quoted else ("", "")
    lines, style = cards._fit_text(replace(card(text, language), quoted=quoted), height)
    assert (lines, style.size) == largest_that_fits(opening + " ".join(text.split()), language, height, closing)


def background(monkeypatch: pytest.MonkeyPatch) -> dict[str, Card]:
    """Three cards, drawn in another process however few they are."""
    from generator import cardwork

    monkeypatch.setattr(cardwork, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(cardwork, "cores", lambda: 2)
    return {f"cards/{n}.png": card(f"Claim number {n}") for n in range(3)}


def test_cards_drawn_in_another_process_are_found_in_the_cache_once_finished(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.cardwork import CardWork

    wanted = background(monkeypatch)
    for share in (False, True):  # drawn by the other process alone, or by both from either end
        cache = tmp_path / str(share)
        files = CardWork(wanted, cache).finish(share)
        assert {path: file.read_bytes() for path, file in files.items()} == {p: draw(c) for p, c in wanted.items()}
        assert sorted(p.name for p in cache.iterdir()) == sorted(f.name for f in files.values()), "no job file left"


@pytest.mark.parametrize("interpreter", ["/bin/false", "/no/such/python"])
def test_cards_the_other_process_did_not_draw_are_drawn_here(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, interpreter: str) -> None:
    from generator import cardwork

    wanted = background(monkeypatch)
    monkeypatch.setattr(cardwork.sys, "executable", interpreter)  # it stops at once, or cannot start
    files = cardwork.CardWork(wanted, tmp_path).finish()
    assert {path: file.read_bytes() for path, file in files.items()} == {p: draw(c) for p, c in wanted.items()}


def test_a_stopped_drawing_leaves_no_process_and_no_half_written_file(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.cardwork import CardWork

    work = CardWork(background(monkeypatch), tmp_path)
    process = work._process
    work.stop()
    assert process is not None and process.returncode is not None, "ended and waited for"
    assert all(p.suffix == ".png" for p in tmp_path.iterdir())


@pytest.mark.parametrize("links", [True, False])
def test_cards_are_placed_in_the_site_as_links_to_the_cache_or_as_copies(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, links: bool) -> None:
    from generator import cardwork

    def cross_device(*args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    if not links:  # a site folder on another file system
        monkeypatch.setattr(cardwork.os, "link", cross_device)
    files = materialize({"cards/claims/a.png": card(), "cards/site.png": card("Other words")}, tmp_path / "cache")
    site = tmp_path / "site"
    (site / "cards").mkdir(parents=True)
    (site / "cards" / "site.png").write_bytes(b"an older card")
    for _ in range(2):  # a preview places them again, over the same files
        cardwork.place(files, site)
    for path, file in files.items():
        assert (site / path).read_bytes() == file.read_bytes()
        assert (site / path).samefile(file) == links


EVERY_SCRIPT = [card(text, language) for language, text in CLAIMS.values()] + [
    card("पिछले साल अपराध में पांचवें हिस्से की कमी आई", "hi", headline="असत्य"),
    card("انخفضت الجريمة", "ar", headline="خطأ", desk="مكتب التحقق")]


def test_a_card_is_the_same_whether_the_font_cache_is_cold_warm_or_cannot_be_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh_process(monkeypatch, tmp_path / "fonts")
    cold = [draw(c) for c in EVERY_SCRIPT]
    kept = sorted(p.name for p in (tmp_path / "fonts").iterdir())
    assert any(name.startswith("NotoSans-Bold-") for name in kept), "the unhinted fonts are kept for later builds"
    fresh_process(monkeypatch, tmp_path / "fonts")
    monkeypatch.setattr(unhinted, "dehint", lambda path: pytest.fail(f"{path} made again: the cache is warm"))
    assert [draw(c) for c in EVERY_SCRIPT] == cold
    monkeypatch.undo()
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    fresh_process(monkeypatch, tmp_path / "a file" / "fonts")
    assert [draw(c) for c in EVERY_SCRIPT] == cold, "unhinted in memory when the cache cannot be written"
    assert sorted(p.name for p in (tmp_path / "fonts").iterdir()) == kept


def test_the_unhinted_fonts_set_the_text_where_the_hinted_ones_did(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh_process(monkeypatch, tmp_path)
    unhinted_card = pixels(draw(card()))
    monkeypatch.setattr(unhinted, "font_data", lambda path: None)  # the fonts as installed, hinting and all
    textlayout._font.cache_clear()
    cards._frame.cache_clear()
    hinted_card = pixels(draw(card()))
    assert unhinted_card.tobytes() != hinted_card.tobytes()
    for top, bottom in ((160, 450), (470, 520), (cards.HEIGHT - cards.FOOT_HEIGHT, cards.HEIGHT)):  # text, byline, desk
        assert ink_columns(unhinted_card, top, bottom) == pytest.approx(ink_columns(hinted_card, top, bottom), abs=2)
