"""Quote anchoring in every script: what a copy and paste changes is ignored, words and characters are
never split, and a quote that is not found gets a short, bounded explanation."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.anchor import SHOWN, Anchor, Miss, locate
from generator.folding import fold
from generator.pipeline import check_content
from helpers import claim, write_report


def anchored(article: str, quote: str, occurrence: int | None = None) -> str:
    found = locate(article, quote, occurrence)
    assert isinstance(found, Anchor), found
    assert article[found.start:found.end] == found.exact
    return found.exact


def missed(article: str, quote: str) -> Miss:
    found = locate(article, quote)
    assert isinstance(found, Miss) and found.count == 0, found
    return found


FOUND = [
    # scripts written without spaces anchor at any character
    ("Chinese", "总统表示，今年经济增长了百分之五。", "经济增长了百分之五", "经济增长了百分之五"),
    ("Japanese", "首相は記者会見で、物価が上がったと述べた。", "物価が上がった", "物価が上がった"),
    ("Thai", "นายกรัฐมนตรีกล่าวว่าเศรษฐกิจเติบโตร้อยละห้า", "เศรษฐกิจเติบโต", "เศรษฐกิจเติบโต"),
    # the same letters, composed or decomposed, on either side
    ("NFD article, NFC quote", unicodedata.normalize("NFD", "Le café était fermé."), "café était",
     unicodedata.normalize("NFD", "café était")),
    ("NFC article, NFD quote", "Le café était fermé.", unicodedata.normalize("NFD", "café était"), "café était"),
    # apostrophes: the Ukrainian U+02BC against ' and ’, both ways
    ("U+02BC in the article, ' in the quote", "Він сказав: пʼять років тому", "п'ять років", "пʼять років"),
    ("U+02BC in the article, ’ in the quote", "Він сказав: пʼять років тому", "п’ять років", "пʼять років"),
    ("’ in the article, U+02BC in the quote", "He said it’s over.", "itʼs over", "it’s over"),
    ("guillemets against straight quotes", "Il a dit «\u00a0non\u00a0» hier.", '" non "', "«\u00a0non\u00a0»"),
    ("corner brackets against curly quotes", "他说「不」。", "“不”", "「不」"),
    # invisible characters
    ("right-to-left mark inside Arabic", "قال الرئيس\u200f إن الاقتصاد نما", "الرئيس إن الاقتصاد",
     "الرئيس\u200f إن الاقتصاد"),
    ("tatweel", "قال الرئيـــس إن الاقتصاد نما", "الرئيس إن", "الرئيـــس إن"),
    ("soft hyphen and zero-width space", "an extra\u00adordinary\u200b result", "extraordinary result",
     "extra\u00adordinary\u200b result"),
    # spaces
    ("ideographic space", "東京都\u3000知事は会見した", "東京都 知事", "東京都\u3000知事"),
    ("no-break and thin spaces", "a rise of 20\u00a0% in\u2009May", "20 % in May", "20\u00a0% in\u2009May"),
    ("line separator", "first line\u2028second line", "line second", "line\u2028second"),
    # compatibility forms that read the same
    ("ligature ﬁ", "a ﬁne day", "fine day", "ﬁne day"),
    ("full-width letters", "ＵＳＡ said", "USA said", "ＵＳＡ said"),
    ("dashes", "prices — he said — rose", "prices - he said-rose", "prices — he said — rose"),
    # whole clusters are fine
    ("emoji family", "Family 👩\u200d👩\u200d👧 here", "👩\u200d👩\u200d👧 here", "👩\u200d👩\u200d👧 here"),
    ("Devanagari conjunct", "क्षत्रिय राजा ने कहा", "क्षत्रिय राजा", "क्षत्रिय राजा"),
]


@pytest.mark.parametrize("case, article, quote, exact", FOUND, ids=[c[0] for c in FOUND])
def test_a_quote_is_found_whatever_the_copy_changed(case: str, article: str, quote: str, exact: str) -> None:
    assert anchored(article, quote) == exact


REFUSED = [
    ("part of a word", "The mayor said crime fell by 20%.", "rime fell", "crime fell",
     "where the quote starts inside a word"),
    ("a letter without its combining accent", "Un cafe\u0301 noir.", "cafe", "cafe\u0301",
     ('which differs after "Un caf": the quote has U+0065 LATIN SMALL LETTER E where the article has '
      "U+0065 LATIN SMALL LETTER E + U+0301 COMBINING ACUTE ACCENT")),
    ("a letter whose accent has no composed form", "Tu q\u0301 x.", "q", "q\u0301",
     'where the quote would split "q\u0301" (U+0071 LATIN SMALL LETTER Q + U+0301 COMBINING ACUTE ACCENT)'),
    ("one person of an emoji family", "Family 👩\u200d👩\u200d👧 here", "👩", "👩\u200d👩\u200d👧",
     ('where the quote would split "👩\u200d👩\u200d👧" (U+1F469 WOMAN + U+200D ZERO WIDTH JOINER + U+1F469 WOMAN + '
      "U+200D ZERO WIDTH JOINER + ...)")),
    ("half of a Devanagari conjunct", "क्षत्रिय राजा", "क्", "क्षत्रिय",
     ('where the quote would split "क्ष" (U+0915 DEVANAGARI LETTER KA + U+094D DEVANAGARI SIGN VIRAMA + '
      "U+0937 DEVANAGARI LETTER SSA)")),
    ("half of a ligature", "a ﬁne day", "ine day", "ﬁne day", 'where the quote would split "ﬁ" (U+FB01 LATIN SMALL LIGATURE FI)'),
    ("part of a katakana word", "トランプ大統領が述べた", "ランプ", "トランプ", "where the quote starts inside a word"),
    ("a superscript is not a digit", "the area is 20 km² today", "20 km2 today", "20 km² today",
     'which differs after "the area is 20 km": the quote has U+0032 DIGIT TWO where the article has U+00B2 SUPERSCRIPT TWO'),
    ("Latin o for Cyrillic о", "Він сказав: нові дані", "нoві дані", "нові дані",
     ('which differs after "Він сказав: н": the quote has U+006F LATIN SMALL LETTER O where the article has '
      "U+043E CYRILLIC SMALL LETTER O")),
]


@pytest.mark.parametrize("case, article, quote, closest, reason", REFUSED, ids=[c[0] for c in REFUSED])
def test_a_quote_that_would_split_a_word_or_character_is_refused_with_why(case: str, article: str, quote: str,
                                                                           closest: str, reason: str) -> None:
    miss = missed(article, quote)
    assert (miss.closest, miss.reason) == (closest, reason)


def test_a_near_identical_quote_names_the_character_that_differs() -> None:
    assert anchored("The mayor said it\u2019s over.", "it\u00b4s over") == "it\u2019s over"  # folded: no miss
    miss = missed("Result: 20\u00d710 trials.", "20x10 trials")
    assert miss.reason == ('which differs after "Result: 20": the quote has U+0078 LATIN SMALL LETTER X where the '
                           "article has U+00D7 MULTIPLICATION SIGN")
    miss = missed("crime fell by 20% last year", "crime fell by 20%% last year")
    assert miss.reason.endswith("the quote has U+0025 PERCENT SIGN that the article does not have")
    miss = missed("crime fell by 20% last year", "crime fell by 20 last year")
    assert miss.reason.endswith("the article has U+0025 PERCENT SIGN that the quote does not have")


def test_an_unrelated_quote_gets_the_closest_passage_without_a_reason() -> None:
    miss = missed("The mayor said crime fell by 20% last year.", "taxes are lower than ever")
    assert miss.reason == "" and 0 < miss.similarity < 60


def test_an_ambiguous_quote_counts_and_occurrence_picks() -> None:
    article = "经济增长了。经济增长了。"
    found = locate(article, "经济")
    assert isinstance(found, Miss) and found.count == 2
    second = locate(article, "经济", 2)
    assert isinstance(second, Anchor) and second.start == 6


def test_a_quote_found_very_often_is_counted_up_to_a_bound() -> None:
    found = locate("a " * 50_000, "a")
    assert isinstance(found, Miss) and (found.count, found.more) == (1000, True)
    assert isinstance(locate("a " * 50_000, "a", 20_000), Anchor)


def test_fold_maps_every_character_back_to_the_original() -> None:
    original = "  “Ça\u00a0va” —\u200f ﬁn  "
    folded = fold(original)
    assert folded.text == '"Ça va"-fin'
    assert [original[slice(*folded.span(i, i + 1))] for i in range(len(folded.text))] == \
        ["“", "Ç", "a", "\u00a0", "v", "a", "”", " —\u200f ", "ﬁ", "ﬁ", "n"]


def test_every_folded_character_folds_inside_a_text_too() -> None:
    from generator.folding import _TABLE

    for char, folded in _TABLE.items():
        if folded not in (" ", "-"):
            assert fold(f"x{char}y").text == unicodedata.normalize("NFC", f"x{folded}y"), hex(ord(char))


def test_a_huge_quote_in_a_huge_article_is_checked_quickly_with_a_short_message(tmp_path: Path) -> None:
    words = [f"w{i:04d}x" for i in range(5000)]
    body = " ".join(words[(i * 7919) % 5000] for i in range(150_000))[:1_000_000] + "\n"
    quote = body[300_000:500_000].replace("x", "y", 1)
    content = tmp_path / "content"
    write_report(content, claims=[claim(quote=quote)], body=body)
    started = time.monotonic()
    result = check_content(content, "content")
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    problem = next(p for p in result.problems if p.code == "quote-not-found")
    assert len(str(problem)) < SHOWN + 400
    assert "the quote has U+0079 LATIN SMALL LETTER Y where the article has U+0078 LATIN SMALL LETTER X" in str(problem)


# The property: a quote cut from any article at the edges of its words (any character in scripts written
# without spaces), in any normalization form of either side and with any kind of quote mark, space or
# invisible character, is anchored to the place it was cut from.

SPACED = ["café", "naïve", "Über", "пʼять", "років", "Київ", "الرئيس", "الاقتصادُ", "क्षत्रिय", "राष्ट्रपति",
          "שָׁלוֹם", "대통령은", "Ελλάδα", "it’s", "«non»", "20%", "👩\u200d👩\u200d👧", "🇺🇦", "x²", "Nguyễn"]
UNSPACED = ["总统表示今年经济增长了百分之五", "首相は記者会見で物価が上がったと述べた", "นายกรัฐมนตรีกล่าวว่าเศรษฐกิจเติบโต"]
SEPARATORS = [" ", " ", " ", "\u00a0", "\u3000", " \u200f", ", ", " — ", "\n\n", " \u2009"]
QUOTE_MARKS = {"’": "'ʼ‘", "«": '"“', "»": '"”'}
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\u200e"]


def clusters(text: str) -> list[str]:
    import regex
    return regex.findall(r"\X", text)


@st.composite
def cut_articles(draw: st.DrawFn) -> tuple[str, str, int, int]:
    tokens = draw(st.lists(st.sampled_from(SPACED + UNSPACED), min_size=1, max_size=12))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    pieces: list[list[str]] = []
    for token in tokens:
        parts = clusters(unicodedata.normalize(form, token))
        if draw(st.booleans()):  # an invisible character between two clusters
            at = draw(st.integers(1, len(parts)))
            parts.insert(at, draw(st.sampled_from(INVISIBLE)))
        pieces.append(parts)
    first = draw(st.integers(0, len(tokens) - 1))
    last = draw(st.integers(first, len(tokens) - 1))
    separators = [draw(st.sampled_from(SEPARATORS)) for _ in tokens]
    head = draw(st.integers(0, len(pieces[first]) - 1)) if tokens[first] in UNSPACED else 0
    tail_min = head + 1 if first == last else 1
    tail = draw(st.integers(tail_min, len(pieces[last]))) if tokens[last] in UNSPACED else len(pieces[last])
    article, quote, start, end = "", "", 0, 0
    for i, parts in enumerate(pieces):
        for j, part in enumerate(parts + [separators[i]]):
            inside = (first, head) <= (i, j) and (i, j) < (last, tail) and (i < last or j < len(parts))
            if (i, j) == (first, head):
                start = len(article)
            article += part
            if inside:
                quote += part
            if (i, j) == (last, tail - 1):
                end = len(article)
    quote = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), quote)
    quote = "".join(draw(st.sampled_from(QUOTE_MARKS[c])) if c in QUOTE_MARKS else c for c in quote)
    return article, quote, start, end


def reads(text: str) -> str:
    return fold(text).text


@given(cut_articles())
def test_any_quote_cut_from_any_article_is_anchored_where_it_was_cut(case: tuple[str, str, int, int]) -> None:
    article, quote, start, end = case
    if not reads(quote):
        return
    found = locate(article, quote)
    if isinstance(found, Miss):
        assert found.count > 1, (found, article, quote)
        places = [locate(article, quote, n) for n in range(1, min(found.count, 50) + 1)]
    else:
        places = [found]
    assert any(isinstance(p, Anchor) and reads(article[:p.start]) == reads(article[:start])
               and reads(article[p.end:]) == reads(article[end:]) for p in places), (article, quote, start, end)
