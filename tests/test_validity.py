"""Every page has zero errors in the Nu Html Checker (vnu-jar, run with Java): the whole page, theme markup included.

vnu.jar is the npm package pinned in package.json (`npm ci` installs it into node_modules/); it checks every page
kind of the example site: every HTML page of the public build (home, reports, ratings, claimants, corrections, every
report overview, annotated article and claim page, the About pages, the 404 page) and of the review build (the same
with its banners, and the review dashboard).

Material's own markup had errors on every page (mkdocs-material 9.8.2, vnu 26.9.27), fixed from our side by
generator/postprocess.py `valid_theme_markup`: "Attribute “autocomplete” is only allowed when the input type is
..." (the drawer and search toggles, `<input type="checkbox" autocomplete="off">`) and "Bad value “” for attribute
“tabindex” on element “label”" (the label of an expanded navigation section).

Warnings must be zero in our content: the region between Material's `<article class="md-content__inner
md-typeset">` and its end tag, plus any line holding an element of ours (`class="fc-..."`, the review banner).
Warnings elsewhere, in the theme's markup, are printed (`pytest -s`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import ROOT, build, copy_example

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class ContentRegion(HTMLParser):
    """The first and last line of <article class="md-content__inner ...">...</article> in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.start: int | None = None
        self.end: int | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "article" or self.end is not None:
            return
        if self.start is None:
            if "md-content__inner" in (dict(attrs).get("class") or "").split():
                self.start, self.depth = self.getpos()[0], 1
        else:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.getpos()[0]


def content_lines(page: Path) -> set[int]:
    """The lines of the content region, and any other line holding markup of ours (the review banner)."""
    text = page.read_text(encoding="utf-8")
    parser = ContentRegion()
    parser.feed(text)
    parser.close()
    assert parser.start is not None and parser.end is not None, f"{page}: no <article class=\"md-content__inner\">"
    ours = {n for n, line in enumerate(text.splitlines(), 1) if 'class="fc-' in line}
    return set(range(parser.start, parser.end + 1)) | ours


def vnu(files: list[Path]) -> list[dict]:
    """vnu's messages for the files; fails (never skips) when Java or vnu.jar is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: the Nu Html Checker needs it (apt-get install -y default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `npm ci` in {ROOT} (vnu-jar is pinned in package.json)")
    done = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), f"vnu failed ({done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout)["messages"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("validity"))


@pytest.fixture(scope="module")
def pages(root: Path) -> list[Path]:
    site, review = build(root), build(root, "--review")
    files = sorted(site.rglob("*.html")) + sorted(review.rglob("*.html"))
    assert review / "review.html" in files
    report = next(p.parent.name for p in sorted((root / "content").glob("*/claims.yml")))
    for must in ("index.html", "reports/index.html", "ratings.html", "claimants.html", "corrections.html",
                 f"reports/{report}/index.html", f"reports/{report}/article.html", "about/methodology.html"):
        assert site / must in files, must
    assert len([p for p in files if p.parent.name == report]) > 2, "no claim page"
    return files


def test_every_whole_page_has_no_html_errors(root: Path, pages: list[Path]) -> None:
    regions = {page.resolve(): content_lines(page) for page in pages}
    errors, warnings, theme = [], [], Counter()
    for m in vnu(pages):
        if m["type"] == "non-document-error":
            pytest.fail(f"vnu could not check {m.get('url')}: {m['message']}")
        page = Path(unquote(urlparse(m["url"]).path)).resolve()
        where = page.relative_to(root.resolve())
        line = f"{where}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        if m["type"] == "error":
            errors.append(line)
        elif m.get("lastLine") is None or m["lastLine"] in regions[page]:  # no line: about the whole page, ours too
            warnings.append(line)
        else:
            theme[m["message"]] += 1
    print(f"Theme-only warnings (outside the content region of {len(pages)} pages):")
    for message, n in sorted(theme.items()):
        print(f"  {n} x {message}")
    assert not errors, f"{len(errors)} error(s) in {len(pages)} pages:\n" + "\n".join(errors[:50])
    assert not warnings, f"{len(warnings)} warning(s) in the generated content:\n" + "\n".join(warnings)


def test_the_content_region_is_found_and_vnu_reports_errors_in_it(tmp_path: Path) -> None:
    """Guards the test above: an invalid element in the content region is reported and counted as ours."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html>\n<html lang="en">\n<head><title>t</title></head>\n<body>\n'
                    '<nav><p>theme</p></nav>\n<article class="md-content__inner md-typeset">\n<article>\n<h2>x</h2>\n'
                    '</article>\n<p><div>block in p</div></p>\n</article>\n</body>\n</html>\n', encoding="utf-8")
    assert content_lines(page) == set(range(6, 12))
    errors = [m for m in vnu([page]) if m["type"] == "error"]
    assert errors and all(m["lastLine"] in content_lines(page) for m in errors), errors
