"""Text fragments (`#:~:text=`) that take a reader to the quoted words in the original article."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from generator.anchor import Anchor, locate
from generator.fragments import deep_link, encode_term, text_directive


@pytest.mark.parametrize("text, encoded", [
    ("well-known", "well%2Dknown"),
    ("salt & pepper", "salt%20%26%20pepper"),
    ("one, two", "one%2C%20two"),
    ("20% more", "20%25%20more"),
    ("Покровськ", "%D0%9F%D0%BE%D0%BA%D1%80%D0%BE%D0%B2%D1%81%D1%8C%D0%BA"),
    ("انخفضت", "%D8%A7%D9%86%D8%AE%D9%81%D8%B6%D8%AA"),
    ("东京", "%E4%B8%9C%E4%BA%AC"),
    ("a#b?c/d:e", "a%23b%3Fc%2Fd%3Ae"),
])
def test_terms_are_percent_encoded_with_the_characters_the_directive_uses(text: str, encoded: str) -> None:
    assert encode_term(text) == encoded
    assert unquote(encoded) == text


def test_runs_of_whitespace_become_one_space() -> None:
    assert encode_term("a \n\t b") == "a%20b"


def test_a_directive_has_prefix_start_and_suffix_in_the_spec_order() -> None:
    assert text_directive("crime fell", "said that", "last year") == "text=said%20that-,crime%20fell,-last%20year"
    assert text_directive("crime fell") == "text=crime%20fell"


def test_a_directive_term_never_contains_a_bare_separator() -> None:
    directive = text_directive("a-b, c&d", "x-y,", "-z&")
    prefix, start, suffix = directive.removeprefix("text=").split(",")
    assert prefix.endswith("-") and suffix.startswith("-")
    for term in (prefix[:-1], start, suffix[1:]):
        assert not set(term) & set("-,& #")


def test_a_long_quote_is_given_by_its_first_and_last_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    assert text_directive(words) == "text=w0%20w1%20w2%20w3%20w4,w25%20w26%20w27%20w28%20w29"


def test_context_is_whole_words_from_the_same_paragraph() -> None:
    plain = "First paragraph ends here.\n\nThe mayor said on Monday that crime fell by 20% last year, the biggest drop."
    anchor = locate(plain, "crime fell by 20% last year")
    assert isinstance(anchor, Anchor)
    link = deep_link("https://example.org/a", anchor)
    assert link == ("https://example.org/a#:~:text=on%20Monday%20that-,crime%20fell%20by%2020%25%20last%20year,"
                    "-%2C%20the%20biggest")


def test_a_context_cut_inside_a_word_loses_that_word() -> None:
    anchor = Anchor("fell", "abcdefghij klmnopqrstuvwxyz crime", " sharply and steadily over the yea", 0, 0)
    assert len(anchor.prefix) >= 32 and len(anchor.suffix) >= 32
    link = deep_link("https://example.org/", anchor)
    assert "abcdefghij" not in link and "yea" not in link.split("steadily")[-1]
    assert link.endswith("#:~:text=klmnopqrstuvwxyz%20crime-,fell,-sharply%20and%20steadily")


def test_no_context_at_the_edges_of_a_paragraph() -> None:
    plain = "Crime fell.\n\nNext paragraph."
    anchor = locate(plain, "Crime fell.")
    assert isinstance(anchor, Anchor)
    assert deep_link("https://example.org/", anchor) == "https://example.org/#:~:text=Crime%20fell."


def test_an_existing_fragment_or_directive_is_kept() -> None:
    anchor = Anchor("x", "", "", 0, 1)
    assert deep_link("https://example.org/a#top", anchor) == "https://example.org/a#top:~:text=x"
    assert deep_link("https://example.org/a#:~:text=y", anchor) == "https://example.org/a#:~:text=y&text=x"


def test_non_latin_quotes_round_trip() -> None:
    plain = "Мер заявив, що злочинність впала на 20% минулого року, і це рекорд."
    anchor = locate(plain, "злочинність впала на 20%")
    assert isinstance(anchor, Anchor)
    fragment = deep_link("https://example.org/", anchor).split("#:~:text=")[1]
    prefix, start, suffix = fragment.split(",")
    assert unquote(prefix[:-1]) == "Мер заявив, що"
    assert unquote(start) == "злочинність впала на 20%"
    assert unquote(suffix[1:]) == "минулого року, і"


def test_chinese_and_japanese_context_stops_at_a_clause_mark() -> None:
    plain = "知事は月曜日、「昨年の犯罪は二割減少した」と述べた。過去最大の減少だという。"
    anchor = locate(plain, "昨年の犯罪は二割減少した")
    assert isinstance(anchor, Anchor)
    fragment = deep_link("https://example.jp/", anchor).split("#:~:text=")[1]
    prefix, start, suffix = (unquote(t) for t in fragment.split(","))
    assert (prefix, start, suffix) == ("「-", "昨年の犯罪は二割減少した", "-」と述べた。")
