"""Build small content folders and sites in a test's tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_BODY = """\
The mayor said on Monday that *crime fell by 20% last year*, the [biggest drop](https://example.org/stats) on record.

The opposition said crime rose in the city centre.

“Taxes are lower than ever,” the mayor added. Council figures show taxes rose by 3%.
"""

GOOD_CLAIMS_YML = """\
claims:
- id: crime-fell
  quote: crime fell by 20% last year
  claim: Crime fell by a fifth last year
  claimant: {name: Jane Mayor, type: person}
  claim_date: 2025-03-03
  rating: mostly-true
  conclusion: Police figures show a fall of 18%.
  notes: We compared police figures.
  sources:
  - {title: Crime statistics, publisher: City Police}
  counterclaims: []
  status: approved
  editor: E. Ditor
  published: 2025-03-10
  reply: {not_sought: The figure is on the public record.}
"""
"""A valid claims file written by hand, for tests that edit it as text."""

MKDOCS_YML = """\
site_name: Test Desk
site_url: https://desk.test/desk/
docs_dir: content
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - factcheck
"""


def claim(**overrides: Any) -> dict[str, Any]:
    """A complete, approved claim on ARTICLE_BODY; override any field."""
    data: dict[str, Any] = {
        "id": "crime-fell",
        "quote": "crime fell by 20% last year",
        "claim": "Crime fell by a fifth last year",
        "claimant": {"name": "Jane Mayor", "type": "person", "role": "Mayor"},
        "claim_date": "2025-03-03",
        "rating": "mostly-true",
        "conclusion": "Police figures show a fall of 18%.",
        "notes": "We compared the **police figures** for both years.",
        "sources": [{"title": "Crime statistics 2024", "publisher": "City Police", "date": "2025-01-15",
                     "url": "https://example.org/police/2024",
                     "archive_url": "https://web.archive.org/web/2025/https://example.org/police/2024",
                     "kind": "primary"}],
        "counterclaims": [{"claimant": {"name": "Opposition party", "type": "organization"},
                           "text": "Crime rose in the centre.", "quote": "crime rose in the city centre"}],
        "reply": {"contacted": "2025-03-05", "response": "The mayor's office stood by the figure."},
        "status": "approved",
        "author": "A. Checker",
        "editor": "E. Ditor",
        "published": "2025-03-10",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def taxes_claim(**overrides: Any) -> dict[str, Any]:
    return claim(**{"id": "taxes-lower", "quote": "Taxes are lower than ever", "claim": "Taxes are at their lowest level",
                    "rating": "false", "conclusion": "Council figures show taxes rose.", "counterclaims": [],
                    "sources": [{"title": "Council budget 2025", "publisher": "City Council", "kind": "primary"},
                                {"title": "Taxes up 3%", "publisher": "City News", "kind": "secondary"}]}
                 | overrides)


def write_report(content: Path, slug: str = "mayor-interview", claims: list[dict] | None = None,
                 body: str = ARTICLE_BODY, front: dict[str, Any] | None = None) -> Path:
    folder = content / slug
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"title": "Mayor gives interview", "publisher": "City News", "published": "2025-03-04",
            "language": "en"} | (front or {})
    (folder / "article.md").write_text("---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
                                       + "---\n\n" + body, encoding="utf-8")
    claims = [claim(), taxes_claim()] if claims is None else claims
    (folder / "claims.yml").write_text(yaml.safe_dump({"claims": claims}, sort_keys=False, allow_unicode=True),
                                       encoding="utf-8")
    return folder


def make_site(root: Path, **report: Any) -> Path:
    """A site folder with mkdocs.yml and one report; returns the folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_report(root / "content", **report)
    return root


def copy_example(root: Path) -> Path:
    """The project's own example site, copied."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    return root


def new_desk(parent: Path, *flags: str, name: str = "desk") -> Path:
    """`factcheck init` with every value given, then the draft transparency pages written (boxes removed)."""
    result = run("init", name, "--name", "City Fact Desk", "--site-url", "https://city.github.io/checks/",
                 "--language", "en", *flags, cwd=parent)
    assert result.exit_code == 0, result.output
    desk = parent / name
    for page in (desk / "content" / "about").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace('!!! warning "Placeholder"\n    A draft to complete. A public build refuses '
                                     "this page until you delete this box.\n", ""), encoding="utf-8")
    return desk


def run(*args: str, cwd: Path | None = None) -> Result:
    """Run the factcheck CLI in-process, in `cwd`."""
    import os

    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def build(root: Path, *args: str) -> Path:
    result = run("build", *args, cwd=root)
    assert result.exit_code == 0, result.output
    return root / ("site-review" if "--review" in args else "site")


def site_files(site: Path) -> dict[Path, bytes]:
    """Every file of a built site, by its path in the site: for comparing two builds byte for byte."""
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def add_hook(root: Path, source: str) -> None:
    """Give a site a MkDocs hook (hook.py) with `source`."""
    (root / "hook.py").write_text(source, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n", encoding="utf-8")


def assert_template_mistake_fails_the_build(root: Path, template: str) -> None:
    """A built site's desk template `template` gets a mistake on its line 2: the build fails naming that line,
    without a traceback, and leaves the previous site as it was."""
    site = build(root)
    before = site_files(site)
    (root / "templates").mkdir()
    (root / "templates" / template).write_text("x\n{{ cv.claim.nope }}\n", encoding="utf-8")
    result = run("build", cwd=root)
    assert result.exit_code == 1
    assert f"templates/{template}:2: error: template error: " in result.output and "'nope'" in result.output
    assert "The previous site is unchanged." in result.output and "Traceback" not in result.output
    assert site_files(site) == before


THEME_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var target=document.getElementById(location.hash")
"""How Material's own inline scripts begin; any other inline script is a finding."""


def injection_findings(html: str) -> list[str]:
    """Everything in a page that could run script: handler attributes, script URLs, foreign scripts."""
    from html.parser import HTMLParser

    findings: list[str] = []

    class Finder(HTMLParser):
        script: dict[str, str] | None = None
        body = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name.startswith("on"):
                    findings.append(f"<{tag} {name}=...>")
                if value and name in ("href", "src", "action", "formaction", "xlink:href", "data") and \
                        value.strip().lower().replace("\x00", "").startswith(("javascript:", "data:", "vbscript:")):
                    findings.append(f"<{tag} {name}={value[:40]}>")
            if tag == "script":
                self.script, self.body = {k: v or "" for k, v in attrs}, ""
            if tag in ("iframe", "object", "embed", "base"):
                findings.append(f"<{tag}>")

        def handle_data(self, data: str) -> None:
            if self.script is not None:
                self.body += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "script" and self.script is not None:
                src, kind = self.script.get("src", ""), self.script.get("type", "")
                ours = "assets/" in src and ":" not in src.split("assets/")[0]  # a file the site ships
                if not (ours or kind in ("application/ld+json", "application/json")
                        or (not src and self.body.startswith(THEME_INLINE_SCRIPTS))):
                    findings.append(f"<script src={src[:40]} type={kind}>{self.body[:40]}")
                self.script = None

    Finder().feed(html)
    return findings
