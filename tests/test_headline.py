"""A claim's title leads with the verdict and quotes the claim, in each language's own quotation marks."""

from __future__ import annotations

import dataclasses

import pytest


from generator.headline import claim_description, claim_title, contradicting_labels
from generator.labels import Labels, load_labels, scale_in_language
from generator.load import DEFAULT_SCALE, _default_scale, load_site
from generator.model import Claim, Scale

from helpers import taxes_claim, write_report


def labels(language: str) -> Labels:
    return load_labels(language)[0]


def default_scale(language: str) -> Scale:
    return scale_in_language(_default_scale(), labels(language), DEFAULT_SCALE)


@pytest.fixture(scope="module")
def taxes(tmp_path_factory: pytest.TempPathFactory) -> Claim:
    content = tmp_path_factory.mktemp("headline") / "content"
    write_report(content, claims=[taxes_claim()])
    site, _ = load_site(content)
    return site.reports[0].claims[0]


@pytest.mark.parametrize("language, title", [
    ("en", "False: “Taxes are at their lowest level”, says Jane Mayor"),
    ("de", "Falsch: „Taxes are at their lowest level“, sagt Jane Mayor"),
    ("fr", "Faux\u00a0: «\u00a0Taxes are at their lowest level\u00a0», affirme Jane Mayor"),
    ("uk", "Неправда: «Taxes are at their lowest level», — стверджує Jane Mayor"),
    ("zh", "错误：Jane Mayor称“Taxes are at their lowest level”"),
])
def test_the_default_title_is_the_verdict_then_the_claim_quoted_and_attributed(taxes: Claim, language: str,
                                                                               title: str) -> None:
    verdict = default_scale(language).get("false").label  # type: ignore[union-attr]
    assert claim_title(taxes, verdict, labels(language)) == title


def test_a_withdrawn_claim_says_so_and_a_desk_headline_is_used_as_written(taxes: Claim) -> None:
    claim = taxes
    assert claim_title(claim, None, labels("en")).startswith("Withdrawn: “Taxes")
    own: Claim = dataclasses.replace(claim, headline="Taxes rose by 3% this year")
    assert claim_title(own, "False", labels("en")) == "Taxes rose by 3% this year"
    assert claim_description(claim, "False", labels("en")) == "False. " + (claim.conclusion or "")


@pytest.mark.parametrize("headline, rating, found", [
    ("True: taxes are at their lowest", "false", ["True"]),
    ("Taxes are not lower: mostly false", "false", ["Mostly false"]),
    ("Mostly false: taxes rose", "mostly-false", []),
    ("False: taxes rose by 3%", "false", []),
    ("Untrue, say the council's figures", "false", []),
])
def test_a_headline_naming_another_rating_is_caught(headline: str, rating: str, found: list[str]) -> None:
    assert contradicting_labels(headline, rating, default_scale("en")) == found
