"""A public build publishes only what was approved: an allowlist of file types, reports at any depth,
links that stay inside content/, nothing named like our own outputs, desk pages sanitized."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.inventory import take_inventory
from generator.pipeline import check_content
from helpers import build, claim, injection_findings, make_site, run, write_report

SECRET = "SECRET-DRAFT-NOTE-7f3a"


def touch(root: Path, *paths: str, text: str = "x") -> None:
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


STRAYS = ["claims.yml~", "claims.draft.yml", "claims.yml.bak", "claims.yml.orig", ".claims.yml.swp",
          "#claims.yml#", ".#claims.yml", "claims.yml.tmp", "4913", "notes.txt", "photo.jpg", "draft.md"]
"""Files an editor's tools leave beside claims.yml (vim, emacs, Office, backups), and other report files."""
DESK_STRAYS = ["about/page.md~", "about/page.md.bak", "about/.page.md.swp", "about/#page.md#", "about/~$page.docx",
               "about/page.md.orig", "about/notes.yml", "about/data.yaml", "about/export.json", "about/tool.py",
               "about/page.html", "about/run.sh", "about/logo.svg", "about/style.css", "about/app.js", ".env",
               ".git/config", "about/.hidden/page.md", "Thumbs.db", "about/page.md.save"]
DESK_PAGES = ["about/page.md", "about/nested/deeper/page.md"]
DESK_STATIC = ["about/logo.png", "files/report.pdf", "img/photo.JPG", "fonts/x.woff2", "CNAME", "robots.txt",
               "declared/extra.css"]


def test_inventory_publishes_pages_and_media_and_withholds_everything_else(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "top-report")
    write_report(content / "2024", "old-report")
    write_report(content / "a" / "b" / "c", "deep-report")
    touch(content / "top-report", *STRAYS)
    touch(content / "2024" / "old-report", *STRAYS)
    touch(content, *DESK_STRAYS, *DESK_PAGES, *DESK_STATIC, "ratings.yml")
    inventory = take_inventory(content, "content", frozenset({"declared/extra.css"}))
    assert [p.relative_to(content).as_posix() for p in inventory.reports] == \
        ["2024/old-report", "a/b/c/deep-report", "top-report"]
    assert set(inventory.pages) == set(DESK_PAGES)
    assert set(inventory.static) == set(DESK_STATIC)
    withheld = dict(inventory.withheld)
    for report in ("top-report", "2024/old-report"):
        for name in [*STRAYS, "claims.yml", "article.md"]:
            assert f"{report}/{name}" in withheld
    for path in [*DESK_STRAYS, "ratings.yml"]:
        assert path in withheld or path.startswith((".git/", "about/.hidden/")), path
    assert inventory.problems == ()


def test_undeclared_stylesheets_and_scripts_are_not_published(tmp_path: Path) -> None:
    touch(tmp_path, "css/a.css", "js/b.js")
    inventory = take_inventory(tmp_path, "content")
    assert inventory.static == ()
    assert "not declared in mkdocs.yml" in dict(inventory.withheld)["css/a.css"]


@pytest.mark.parametrize("link, target", [
    ("data.txt", "/etc/passwd"),
    ("leak.md", "/etc/hostname"),
    ("secret.png", "{outside}/secret.png"),
    ("whole-report", "{outside}/report"),
    ("loop", "."),
    ("about/up", ".."),
    ("broken.md", "{outside}/nothing-here.md"),
])
def test_links_that_leave_content_dangle_or_loop_are_errors_with_their_path(tmp_path: Path, link: str,
                                                                              target: str) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "about/page.md")
    outside = tmp_path / "outside"
    write_report(outside, "report")
    touch(outside, "secret.png")
    (content / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target.format(outside=outside), content / link)
    result = check_content(content, "content")
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert any(e.startswith(f"content/{link}:1: error: symbolic link") for e in errors), errors
    assert [r.slug for r in result.site.reports] == ["r"]


def test_links_inside_content_are_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "about/page.md", "img/a.png")
    os.symlink("about/page.md", content / "alias.md")
    os.symlink("img", content / "pictures")
    inventory = take_inventory(content, "content")
    assert inventory.problems == ()
    assert {"alias.md", "about/page.md"} <= set(inventory.pages)
    assert {"img/a.png", "pictures/a.png"} <= set(inventory.static)


def test_report_folders_with_the_same_name_at_two_depths_are_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "budget")
    write_report(content / "2024", "budget")
    messages = [str(p) for p in check_content(content, "content").problems]
    assert "content/budget:1: error: report folder name 'budget' is used twice (content/2024/budget and " \
           "content/budget); a report's folder name is its URL: rename one of them" in messages


def test_a_claims_file_directly_in_content_is_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "claims.yml")
    messages = [str(p) for p in check_content(content, "content").problems]
    assert any(m.startswith("content/claims.yml:1: error: claims.yml is directly in the content folder") for m in messages)


@pytest.mark.parametrize("path", ["ratings.md", "index.md", "claims.json", "claimreview.json", "claims.csv",
                                  "manifest.json", "REVIEW-COPY.txt", "reports/extra.md", "corrections/page-2.md",
                                  "search/search_index.json", "assets/javascripts/iframe-worker-shim.js",
                                  "assets/factcheck.css", "sitemap.xml"])
def test_files_named_like_the_builds_own_outputs_are_errors_before_the_build(tmp_path: Path, path: str) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, path)
    messages = [str(p) for p in check_content(content, "content").problems]
    assert any(m.startswith(f"content/{path}:1: error: {path} is named like a file the build writes") for m in messages), \
        messages


def test_check_lists_the_files_it_will_not_publish(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    touch(root / "content", "about/page.md~", "notes.yml", "mayor-interview/claims.yml~")
    result = run("check", "content", cwd=root)
    assert result.exit_code == 0, result.output
    assert ("content:1: warning: 3 file(s) will not be published: about/page.md~ (editor backup or temporary file); "
            "mayor-interview/claims.yml~ (file in a report folder); notes.yml (YAML data); move them out of the "
            "content folder if they are not meant for the site") in result.output


def test_a_content_file_that_would_replace_a_theme_file_is_an_error(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    touch(root / "content", "assets/images/favicon.png")
    result = run("check", "content", cwd=root)
    assert result.exit_code == 1
    assert "content/assets/images/favicon.png:1: error: assets/images/favicon.png would replace the theme's own " \
           "assets/images/favicon.png" in result.output


def test_a_public_build_publishes_only_the_allowlist(tmp_path: Path) -> None:
    """One build, many ways a draft could leak: nested reports, stray files, raw sources, desk pages."""
    root = make_site(tmp_path / "desk")
    content = root / "content"
    draft = claim(id="old-draft", status="draft", notes=f"Unpublished: {SECRET}", editor=None, published=None)
    write_report(content / "2024", "old-report", claims=[claim(id="old-approved"), draft])
    (content / "mayor-interview" / "claims.yml~").write_text(f"claims: [{SECRET}]", encoding="utf-8")
    touch(content / "mayor-interview", "claims.draft.yml", text=SECRET)
    touch(content, *DESK_STRAYS, text=SECRET)
    touch(content, "about/page.md", text="# About\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
          "[x](javascript:alert(1))\n\nWe are a desk.\n")
    touch(content, "img/logo.png", text="png")
    site = build(root)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "reports/old-report/old-approved.html" in published
    assert not any("old-draft" in p for p in published)
    assert not [p for p in published if p.endswith((".yml", ".yaml", "~", ".bak", ".swp", ".py", ".sh", ".svg"))]
    assert "img/logo.png" in published and "about/page.html" in published
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    page = (site / "about" / "page.html").read_text(encoding="utf-8")
    assert "We are a desk." in page
    assert injection_findings(page) == []


def test_with_docs_dir_apart_from_content_dir_no_source_is_published(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("docs_dir: content", "docs_dir: docs")
                                     .replace("  - factcheck\n", "  - factcheck:\n      content_dir: content\n"))
    touch(root / "docs", "about.md", "notes.yml", "img/a.png")
    site = build(root)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"about.html", "img/a.png", "reports/mayor-interview/crime-fell.html"} <= published
    assert not [p for p in published if p.endswith((".yml", ".md"))]


def test_every_file_under_a_report_folder_is_withheld_at_any_depth(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content / "r", "research/notes.md", "img/photo.png", "a/b/c/page.md")
    inventory = take_inventory(content, "content")
    assert inventory.pages == () and inventory.static == ()
    assert dict(inventory.withheld)["r/research/notes.md"] == "file in a report folder"


def test_a_link_is_judged_by_what_it_points_to(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "about/page.md", "notes.yml")
    (content / "about" / "leak.md").symlink_to("../r/claims.yml")
    (content / "about" / "leak2.md").symlink_to("../r/article.md")
    (content / "about" / "data.md").symlink_to("../notes.yml")
    inventory = take_inventory(content, "content")
    assert inventory.pages == ("about/page.md",)
    assert dict(inventory.withheld)["about/leak.md"] == "link to r/claims.yml: source of a report"


def test_a_hard_link_to_a_withheld_file_is_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "about/page.md")
    os.link(content / "r" / "claims.yml", content / "about" / "hard.md")
    messages = [str(p) for p in check_content(content, "content").problems]
    assert "content/about/hard.md:1: error: this file is a hard link to r/claims.yml, which is never published; " \
           "make it a copy of what may be published, or remove it" in messages


def test_names_in_other_cases_are_never_published_raw(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_report(content, "r")
    touch(content, "casez/article.MD", "about/x.Md", "casey/Article.md", "casey/Claims.YML")
    result = check_content(content, "content")
    assert result.inventory is not None
    assert result.inventory.pages == () and result.inventory.static == ()
    messages = [str(p) for p in result.problems]
    assert "content/casey/Claims.YML:1: error: a report file is named Claims.YML; rename it to claims.yml" in messages
    assert "content/casez/article.MD:1: error: a report file is named article.MD; rename it to article.md" in messages


def test_a_project_reached_through_links_publishes_no_source(tmp_path: Path) -> None:
    real = make_site(tmp_path / "real")
    (tmp_path / "link").symlink_to(real)
    write_report(real / "content", "draft-only", claims=[claim(id="d1", status="draft", editor=None, published=None,
                                                               notes=SECRET)])
    assert run("build", "-f", str(tmp_path / "link" / "mkdocs.yml"), cwd=tmp_path).exit_code == 0
    (real / "data").mkdir()
    for path in (real / "content").iterdir():
        path.rename(real / "data" / path.name)
    (real / "content").rmdir()
    (real / "content").symlink_to("data")
    site = build(real)
    for path in site.rglob("*"):
        assert not path.name.endswith((".yml", ".md")), path
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_desk_pages_title_and_front_matter_cannot_reach_the_head_as_markup(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    touch(root / "content", "about/evil.md", text='---\ntitle: \'T</title><script>alert("T")</script>\'\n'
          'description: \'"><script>alert("D")</script>\'\nauthor: \'<img src=x onerror=alert(1)>\'\n---\n\nText.\n')
    touch(root / "content", "about/evil2.md", text="# &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;\n\nx\n")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "nav:\n  - about/evil.md\n  - about/evil2.md\n")
    site = build(root)
    for page in ("about/evil.html", "about/evil2.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert injection_findings(html) == [], page
        assert "<script>alert" not in html and "<img src=x" not in html


def test_declared_stylesheets_are_published_and_not_warned_about(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    touch(root / "content", "css/desk.css", text="a{}")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "extra_css:\n  - css/desk.css\n")
    result = run("check", "content", "--strict", cwd=root)
    assert result.exit_code == 0, result.output
    assert (build(root, "--strict") / "css" / "desk.css").is_file()


def test_a_file_name_cannot_forge_a_line_of_the_report(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    touch(root / "content", "z\ncontent:99: error: claim 'fake': FORGED.txt")
    result = run("check", "content", cwd=root)
    assert not any(line.startswith("content:99:") for line in result.output.splitlines())
    assert "z\\ncontent:99" in result.output


def test_transparency_pages_must_be_pages_the_site_publishes(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace(
        "  - factcheck\n", "  - factcheck:\n      organization:\n        methodology: mayor-interview/article.md\n"))
    result = run("check", "content", cwd=root)
    assert result.exit_code == 1
    assert "error: organization methodology page 'mayor-interview/article.md' does not exist" in result.output


def test_pages_of_a_separate_docs_folder_are_checked_too(tmp_path: Path) -> None:
    root = make_site(tmp_path / "desk")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("docs_dir: content", "docs_dir: docs")
                                     .replace("  - factcheck\n", "  - factcheck:\n      content_dir: content\n"))
    touch(root / "docs", "deep.md", text="\n".join("    " * i + "- x" for i in range(60)))
    result = run("build", cwd=root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "docs/deep.md:13: error: the page's Markdown is nested" in result.output
