"""Every page kind has zero axe-core violations with every rule axe-core has enabled: WCAG 2.0/2.1/2.2 A, AA and
AAA (color-contrast-enhanced, 7:1), best practices and the experimental rules, in the light and the dark scheme.

axe-core is the npm package pinned in package.json (`npm ci` installs it into node_modules/); it is injected into
Debian's Chromium, pages opened from disk with the network blocked. Material follows prefers-color-scheme through
the palette in mkdocs.yml: "default" for light, "slate" for dark.

The example site exercises one rating (Unverified); a second site adds a report with a claim for every rating of
the default scale, a counterclaim, a withdrawn claim, a draft and a claim in review, so that every colour tone of
badges, highlights and verdict links, the banners and the dashboard's warnings are checked in both schemes too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from helpers import ROOT, build, copy_example, write_report

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ALL_RULES = "() => axe.run(document, {runOnly: {type: 'rule', values: axe.getRules().map(rule => rule.ruleId)}})"
"""Every rule axe-core knows, including those it leaves off by default (AAA contrast, experimental ones)."""
SCHEMES = {"light": "default", "dark": "slate"}
"""Playwright's colour scheme -> the Material palette scheme the page must end up in."""

THEME_ONLY: set[tuple[str, str]] = set()
"""(axe rule id, exact target selector) of findings in Material's own markup that our CSS and templates cannot fix.

Empty: the theme findings axe reports with the indigo palette are fixed in generator/assets/factcheck.css instead
of excluded here: color-contrast on `.md-tabs__link` (inactive tabs, 4.28:1), on `.md-copyright` (4.47:1, light
scheme) and on `.md-button` in the dark scheme (2.34:1); color-contrast-enhanced on the header (6.97:1), Material's
muted text and its dark-scheme links; and in generator/postprocess.py: aria-dialog-name on the search dialog and
focus-order-semantics on its results area. Add an entry only for a finding in theme markup that
cannot be fixed from our side, with a comment naming it, never a whole rule."""

EXAMPLE_PAGES = {
    "home": "index.html",
    "reports": "reports/index.html",
    "ratings": "ratings.html",
    "claimants": "claimants.html",
    "corrections": "corrections.html",
    "report overview": "reports/{report}/index.html",
    "annotated article": "reports/{report}/article.html",
    "claim": "reports/{report}/{claim}.html",
    "about page": "about/methodology.html",
    "review dashboard": "review:review.html",
}

TONES_BODY = """\
The minister said that *unemployment fell to a record low* this spring, according to the \
[statistics office](https://example.org/stats).

Officials said the new bridge cost less than planned. Critics said the bridge cost twice the estimate.

The mayor said half of the city's buses are electric. She added that the river is cleaner than a decade ago.

A spokesperson said the school budget doubled. Another said the park closed in 2019. A third said the library \
opens on Sundays. A fourth said the museum is free. A fifth said the zoo has a new elephant.
"""


def _claim(cid: str, quote: str, rating: str, **extra: object) -> dict:
    return {
        "id": cid, "quote": quote, "claim": quote[0].upper() + quote[1:], "rating": rating,
        "claimant": {"name": "A. Official", "type": "person", "role": "Spokesperson"},
        "claim_date": "2025-03-03", "conclusion": "What the records show.", "notes": "We read the **records**.",
        "sources": [{"title": "Records", "publisher": "Records Office", "date": "2025-01-15",
                     "url": "https://example.org/records",
                     "archive_url": "https://web.archive.org/web/2025/https://example.org/records", "kind": "primary"},
                    {"title": "Report", "publisher": "City Paper", "kind": "secondary"}],
        "counterclaims": [], "reply": {"not_sought": "Test content."}, "status": "approved",
        "author": "A. Checker", "editor": "E. Ditor", "published": "2025-03-10",
    } | extra


def tones_claims(museum_rating: str) -> list[dict]:
    """One claim per rating of the default scale, plus a withdrawn claim, a draft and a claim in review."""
    return [
        _claim("unemployment-low", "unemployment fell to a record low this spring, according to the statistics office",
               "false"),
        _claim("bridge-cost", "the new bridge cost less than planned", "mostly-false",
               counterclaims=[{"claimant": {"name": "Critics", "type": "organization"},
                               "text": "The bridge cost twice the estimate.",
                               "quote": "the bridge cost twice the estimate"}]),
        _claim("buses-electric", "half of the city's buses are electric", "half-true"),
        _claim("river-cleaner", "the river is cleaner than a decade ago", "mostly-true"),
        _claim("budget-doubled", "the school budget doubled", "true"),
        _claim("park-closed", "the park closed in 2019", "unverified",
               corrections=[{"date": "2025-03-12", "text": "An earlier version gave the wrong year."}]),
        _claim("library-sundays", "the library opens on Sundays", "true", status="withdrawn",
               withdrawal={"date": "2025-04-01", "reason": "The source was misread."}),
        _claim("museum-free", "the museum is free", museum_rating),
        _claim("zoo-elephant", "the zoo has a new elephant", "half-true", status="draft", notes=None,
               conclusion=None, editor=None, published=None, claim_date=None),
        _claim("zoo-review", "A fifth said", "mostly-false", status="review", published=None),
    ]


def without_none(claims: list[dict]) -> list[dict]:
    return [{k: v for k, v in c.items() if v is not None} for c in claims]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = copy_example(tmp_path_factory.mktemp("a11y-example"))
    return {"site": build(root), "review": build(root, "--review")}


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example plus a report using every rating; the review build re-rates a claim without a correction."""
    root = copy_example(tmp_path_factory.mktemp("a11y-tones"))
    front = {"title": "Officials make claims", "publisher": "Test News", "author": "T. Reporter"}
    write_report(root / "content", "tones", without_none(tones_claims("true")), TONES_BODY, front)
    site = build(root)
    write_report(root / "content", "tones", without_none(tones_claims("false")), TONES_BODY, front)
    return {"site": site, "review": build(root, "--review")}


def example_page(kind: str) -> str:
    report = next(p.parent.name for p in sorted((ROOT / "content").glob("*/claims.yml")))
    claims = yaml.safe_load((ROOT / "content" / report / "claims.yml").read_text(encoding="utf-8"))["claims"]
    first = next(c["id"] for c in claims if c.get("status") == "approved")
    return EXAMPLE_PAGES[kind].format(report=report, claim=first)


def axe_violations(page: Page, file: Path, scheme: str) -> list[str]:
    """Open a page in a colour scheme, run axe-core on it; one line per violating node not listed in THEME_ONLY."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {ROOT} (axe-core is pinned in package.json)")
    assert file.is_file(), file
    page.emulate_media(color_scheme=scheme)
    page.goto(file.as_uri())
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    # Transitions and animations off, so that no colour is measured halfway through one.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(ALL_RULES)
    found = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            if (rule["id"], target) in THEME_ONLY:
                continue
            summary = " | ".join(line.strip() for line in node["failureSummary"].splitlines() if line.strip())
            found.append(f"{rule['id']} ({rule['impact']}) {target}: {summary}")
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", EXAMPLE_PAGES)
def test_example_page_kind_has_no_axe_violations(example: dict[str, Path], page: Page, kind: str, scheme: str) -> None:
    path = example_page(kind)
    where, _, path = path.rpartition(":")
    file = example["review" if where == "review" else "site"] / path
    found = axe_violations(page, file, scheme)
    assert not found, f"{kind} ({path}), {scheme} scheme: {len(found)} axe violation(s):\n" + "\n".join(found)


TONES_PAGES = ["ratings.html", "reports/tones/index.html", "reports/tones/article.html", "corrections.html",
               "claimants.html"] + [f"reports/tones/{c['id']}.html" for c in tones_claims("true")
                                    if c["status"] in ("approved", "withdrawn")]
TONES_REVIEW_PAGES = ["review.html", "reports/tones/article.html", "reports/tones/zoo-elephant.html",
                      "reports/tones/zoo-review.html"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_rating_tone_and_banner_has_no_axe_violations(tones: dict[str, Path], page: Page, scheme: str) -> None:
    files = [tones["site"] / p for p in TONES_PAGES] + [tones["review"] / p for p in TONES_REVIEW_PAGES]
    report = {}
    for file in files:
        found = axe_violations(page, file, scheme)
        if found:
            report[file] = found
    assert not report, f"{scheme} scheme:\n" + "\n".join(f"{f}:\n  " + "\n  ".join(v) for f, v in report.items())


def test_the_synthetic_report_uses_every_tone_and_the_review_warnings(tones: dict[str, Path]) -> None:
    """Guards the test above: its pages do contain what it means to check."""
    article = (tones["site"] / "reports/tones/article.html").read_text(encoding="utf-8")
    for tone in ("0", "1", "2", "3", "4", "none"):
        assert f"fc-hl fc-hl--claim fc-tone-{tone}" in article
    assert "fc-hl--counter" in article and "fc-ref--counter" in article
    assert 'class="fc-withdrawn"' in (tones["site"] / "reports/tones/library-sundays.html").read_text(encoding="utf-8")
    dashboard = (tones["review"] / "review.html").read_text(encoding="utf-8")
    assert 'class="fc-warn"' in dashboard and "fc-fail" in dashboard and "fc-ok" in dashboard
    assert "fc-status--draft" in (tones["review"] / "reports/tones/zoo-elephant.html").read_text(encoding="utf-8")
    assert "fc-status--review" in (tones["review"] / "reports/tones/zoo-review.html").read_text(encoding="utf-8")
