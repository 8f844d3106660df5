"""No injection, anywhere: every hostile payload in every text field, one site build, read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import build, injection_findings
from hostile import PAYLOADS, write_hostile_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_hostile_site(tmp_path_factory.mktemp("hostile")))


def test_there_are_at_least_forty_payloads() -> None:
    assert len(PAYLOADS) >= 40


def test_every_page_and_every_claim_is_built(hostile_site: Path) -> None:
    for i in range(len(PAYLOADS)):
        assert (hostile_site / f"reports/report-{i}/hostile-{i}.html").is_file()


def test_no_page_has_a_handler_a_script_url_or_a_foreign_script(hostile_site: Path) -> None:
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 3 * len(PAYLOADS)
    for page in pages:
        assert injection_findings(page.read_text(encoding="utf-8")) == [], page


def test_json_ld_stays_valid_json_with_script_ends_escaped(hostile_site: Path) -> None:
    for i, payload in enumerate(PAYLOADS):
        html = (hostile_site / f"reports/report-{i}/hostile-{i}.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        assert "</" not in blocks[0]
        assert json.loads(blocks[0])["claimReviewed"] == f"Claim {i} {payload}"


def test_exports_hold_the_text_as_data(hostile_site: Path) -> None:
    claims = json.loads((hostile_site / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert {c["claim"] for c in claims} == {f"Claim {i} {p}" for i, p in enumerate(PAYLOADS)}


def test_template_syntax_in_content_is_shown_not_run(hostile_site: Path) -> None:
    i = next(i for i, p in enumerate(PAYLOADS) if p.startswith("{{ 7*7"))
    html = (hostile_site / f"reports/report-{i}/hostile-{i}.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {{ config }} {{ site }}" in html and "49" not in html
