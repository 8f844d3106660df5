"""Property-based fuzzing of the loader, the checker and the anchoring: nothing an editor writes crashes them."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.anchor import Anchor, Miss, locate
from generator.pipeline import check_content
from generator.schema import schema_text
from helpers import ARTICLE_BODY, write_report

FIELDS = sorted(json.loads(schema_text("claims"))["$defs"]["claim"]["properties"]) + ["name", "title", "claims"]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: tests/conftest.py

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.dates().map(str), st.sampled_from(["approved", "mostly-true", "crime fell", "https://x.org"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6),
                      max_leaves=30)


def check_text(claims_text: str | bytes, article_text: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        folder = write_report(content, claims=[])
        data = claims_text if isinstance(claims_text, bytes) else claims_text.encode("utf-8", "surrogatepass")
        (folder / "claims.yml").write_bytes(data)
        if article_text is not None:
            (folder / "article.md").write_bytes(article_text.encode("utf-8", "surrogatepass"))
        result = check_content(content, "content")
        for problem in result.problems:
            assert problem.path.startswith("content/") and problem.line >= 1
            assert str(problem).startswith(f"{problem.path}:{problem.line}: ")


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_a_claims_file(text: str) -> None:
    check_text(text)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_a_claims_file(data: bytes) -> None:
    check_text(data)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), values, max_size=12), max_size=4))
def test_any_yaml_shaped_like_claims(claims: list[dict[str, Any]]) -> None:
    check_text(yaml.safe_dump({"claims": claims}, allow_unicode=True))


@FUZZ
@given(values)
def test_any_yaml_document(value: Any) -> None:
    check_text(yaml.safe_dump(value, allow_unicode=True))


@FUZZ
@given(st.text(max_size=200), st.text(max_size=300))
def test_any_front_matter_and_body(front: str, body: str) -> None:
    good = "claims:\n- {id: a, quote: b, claim: c, claimant: {name: d}, rating: unverified, status: draft}\n"
    check_text(good, f"---\n{front}\n---\n{body}")


@FUZZ
@given(st.text(max_size=300), st.text(min_size=1, max_size=40), st.none() | st.integers(min_value=1, max_value=5))
def test_anchoring_any_quote_in_any_text(plain: str, quote: str, occurrence: int | None) -> None:
    found = locate(plain, quote, occurrence)
    if isinstance(found, Anchor):
        assert plain[found.start:found.end] == found.exact
        assert plain[:found.start].endswith(found.prefix) and plain[found.end:].startswith(found.suffix)


@FUZZ
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=60))
def test_every_passage_of_the_article_is_found_where_it_is(first: int, length: int) -> None:
    import regex

    from generator.text import render_text

    plain = render_text(ARTICLE_BODY).plain
    edges = [m.start() for m in regex.finditer(r"\b", plain, flags=regex.WORD)]
    start = edges[first % len(edges)]
    end = next((e for e in edges if e >= start + length), len(plain))
    quote = plain[start:end]
    assume("\n" not in quote and quote.strip())
    start += len(quote) - len(quote.lstrip())
    end -= len(quote) - len(quote.rstrip())
    found = locate(plain, quote)
    if isinstance(found, Miss):
        assert found.count > 1, found
        found = next(a for n in range(1, found.count + 1) if isinstance(a := locate(plain, quote, n), Anchor)
                     and a.start == start)
    assert isinstance(found, Anchor) and (found.start, found.end) == (start, end)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), values, max_size=12), max_size=3))
def test_the_fast_validator_agrees_with_jsonschema(claims: list[dict[str, Any]]) -> None:
    from generator.schema import _validator, is_valid

    data = json.loads(json.dumps({"claims": claims}, default=str))
    assert is_valid(data, "claims") == _validator("claims").is_valid(data)


segments = st.lists(st.sampled_from(["reports", "r", "a-b", "index", "x"]), min_size=0, max_size=3)


@FUZZ
@given(segments, segments, st.sampled_from(["index.md", "c.md", "article.md"]), st.sampled_from(["a.md", "index.md"]))
def test_relative_links_match_posixpath(here: list[str], there: list[str], here_name: str, there_name: str) -> None:
    import posixpath

    from generator.layout import relative

    source, target = "/".join([*here, here_name]), "/".join([*there, there_name])
    expected = posixpath.relpath(target[:-3] + ".html", posixpath.dirname(source) or ".")
    assert relative(source, target) == expected
