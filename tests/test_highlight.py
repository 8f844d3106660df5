"""The highlighter marks whole grapheme clusters: a mark never separates a letter from its accent, a
person from an emoji family, or the halves of an Indic conjunct."""

from __future__ import annotations

import pytest

from generator.highlight import Span, highlight
from generator.text import render_text

CASES = [
    ("a combining accent", "Un cafe\u0301 noir.", "cafe", "cafe\u0301"),
    ("an emoji family", "Family 👩\u200d👩\u200d👧 here.", "👩", "👩\u200d👩\u200d👧"),
    ("a flag", "Flag 🇺🇦 here.", "🇺", "🇺🇦"),
    ("a Devanagari conjunct", "राजा क्षत्रिय था", "क्", "क्ष"),
    ("a Thai vowel mark", "ผมชื่อสมชาย", "ช", "ชื่"),
]


@pytest.mark.parametrize("case, body, start_of, marked", CASES, ids=[c[0] for c in CASES])
def test_a_mark_that_would_split_a_cluster_takes_the_whole_cluster(case: str, body: str, start_of: str,
                                                                     marked: str) -> None:
    rendered = render_text(body)
    start = rendered.plain.index(start_of)
    html = highlight(rendered, [Span(start, start + len(start_of), "hl")])
    assert f'<mark class="hl">{marked}</mark>' in html


def test_a_mark_on_whole_clusters_is_left_as_it_is() -> None:
    rendered = render_text("Un cafe\u0301 noir.")
    html = highlight(rendered, [Span(3, 8, "hl")])
    assert html == '<p>Un <mark class="hl">cafe\u0301</mark> noir.</p>\n'


@pytest.mark.parametrize("body, quote, expected", [
    ("He said taxes fell.", "taxes fell",
     'He said <mark class="hl">taxes fell</mark><span class="fc-nobreak"><a>✗ False</a>.</span></p>'),
    ("他说税收下降了。其他", "税收下降了",
     '<mark class="hl">税收下降了</mark><span class="fc-nobreak"><a>✗ False</a>。</span>其他'),
    ("He said taxes fell, then left.", "taxes fell", '<span class="fc-nobreak"><a>✗ False</a>,</span> then left.'),
    ("He said taxes fell and left.", "taxes fell", '<mark class="hl">taxes fell</mark><a>✗ False</a> and left.'),
])
def test_a_badge_keeps_the_sentence_punctuation_after_it_on_its_line(body: str, quote: str, expected: str) -> None:
    rendered = render_text(body)
    start = rendered.plain.index(quote)
    html = highlight(rendered, [Span(start, start + len(quote), "hl", after_html="<a>✗ False</a>")])
    assert expected in html
    assert html.replace('<span class="fc-nobreak">', "").replace("</span>", "").count(".") == body.count(".")


def test_punctuation_that_another_mark_covers_stays_in_that_mark() -> None:
    rendered = render_text("He said taxes fell. Then left.")
    spans = [Span(8, 18, "hl", after_html="<a>F</a>"), Span(18, 24, "hl2")]
    html = highlight(rendered, spans)
    assert '<mark class="hl">taxes fell</mark><a>F</a><mark class="hl2">. Then</mark>' in html
