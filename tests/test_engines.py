"""The site outlives MkDocs 1.6: ProperDocs builds the same site, and the plain docs folder builds without our plugin.

ProperDocs (the maintained fork of MkDocs) and Zensical (Material's successor) are test extras; each test
that needs one is skipped, with the reason, when it is not installed.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.layout import EXPORTS
from helpers import build, copy_example, run

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
JSON_LD = re.compile(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', re.S)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built by `factcheck build` (MkDocs and the plugin)."""
    root = copy_example(tmp_path_factory.mktemp("engines") / "desk")
    build(root)
    return root


@pytest.fixture(scope="module")
def plain(example: Path) -> Path:
    """The example exported as a plain docs folder."""
    out = example.parent / "plain"
    result = run("export-docs", str(out), cwd=example)
    assert result.exit_code == 0, result.output
    return out


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, with the generator tag (which names the engine) blanked."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        files[path.relative_to(site).as_posix()] = GENERATOR_TAG.sub(b"<meta name=generator>", data)
    return files


def engine(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ), timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def claim_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "reports").rglob("*.html")
                  if p.stem not in ("index", "article"))


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None,
                    reason="ProperDocs is not installed (pip install -c constraints.txt -e '.[test]')")
def test_properdocs_builds_the_same_site_as_mkdocs(example: Path) -> None:
    engine("properdocs", "build", "-f", "mkdocs.yml", "-d", "site-properdocs", cwd=example)
    ours, theirs = tree(example / "site"), tree(example / "site-properdocs")
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == [], "equal but for the generator tag (build dates are pinned to the content's)"
    html = (example / "site-properdocs/index.html").read_text("utf-8")
    assert 'content="mkdocs-ProperDocs' in html, "it really was ProperDocs"


def test_export_docs_builds_with_plain_mkdocs_and_no_plugin(example: Path, plain: Path) -> None:
    config = yaml.safe_load((plain / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == ["search"] and config["docs_dir"] == "docs"
    assert not (plain / "docs/pokrovsk/claims.yml").exists() and not (plain / "docs/pokrovsk").exists()
    engine("mkdocs", "build", "-d", "site", cwd=plain)
    compare_with_plugin_build(example / "site", plain / "site")


def test_export_docs_never_writes_into_a_folder_in_use(example: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("export-docs", str(tmp_path), cwd=example)
    assert result.exit_code == 1 and "is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_export_docs_reports_a_template_mistake_with_its_line_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "desk")
    (root / "templates").mkdir()
    (root / "templates" / "claim.md.j2").write_text("x\n{{ cv.claim.nope }}\n", encoding="utf-8")
    out = tmp_path / "plain"
    result = run("export-docs", str(out), cwd=root)
    assert result.exit_code == 1
    assert "templates/claim.md.j2:2: error: template error: " in result.output and "'nope'" in result.output
    assert "Nothing was written." in result.output and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                    reason="Zensical is not installed (pip install -c constraints.txt -e '.[test]')")
def test_zensical_builds_the_plain_docs_folder(example: Path, plain: Path) -> None:
    engine("zensical", "build", cwd=plain)
    site = plain / "site"
    assert 'content="zensical-' in (site / "index.html").read_text("utf-8"), "it really was Zensical"
    compare_with_plugin_build(example / "site", site)


def compare_with_plugin_build(ours: Path, other: Path) -> None:
    """What a reader and an aggregator get is the same: pages, verdicts, structured data and exports."""
    assert claim_pages(other) == claim_pages(ours) and claim_pages(ours)
    for name in EXPORTS:
        assert (other / name).read_bytes() == (ours / name).read_bytes(), name
    for page in claim_pages(ours) + ["index.html"]:
        mine, theirs = (ours / page).read_text("utf-8"), (other / page).read_text("utf-8")
        assert [json.loads(b) for b in JSON_LD.findall(theirs)] == [json.loads(b) for b in JSON_LD.findall(mine)], page
        assert re.search(r"<h1[^>]*>(.*?)</h1>", theirs).group(1) == re.search(r"<h1[^>]*>(.*?)</h1>", mine).group(1)
        assert "assets/factcheck.css" in theirs and "<script>alert" not in theirs
    badges = re.findall(r'data-rating="([^"]+)"', (ours / claim_pages(ours)[0]).read_text("utf-8"))
    assert badges and badges == re.findall(r'data-rating="([^"]+)"', (other / claim_pages(ours)[0]).read_text("utf-8"))


def test_the_plain_config_keeps_the_sites_settings_and_drops_only_the_plugin(tmp_path: Path) -> None:
    from generator.plaindocs import PlainSite, plain_config
    from generator.render import SiteInfo

    text = """\
site_name: Desk
site_url: !ENV [SITE_URL, "https://example.org/desk/"]
docs_dir: pages
plugins:
  - search:
      lang: en
  - factcheck:
      content_dir: content
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra_css: [css/desk.css]
"""
    site = PlainSite(text, tmp_path, tmp_path, None, SiteInfo(), [{"Home": "index.md"}],
                     ["css/desk.css", "assets/factcheck.css"], ["assets/javascripts/iframe-worker-shim.js"])
    written = plain_config(site)
    assert "site_url: !ENV\n- SITE_URL\n- https://example.org/desk/\n" in written
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in written
    data = yaml.load(written, Loader=yaml.BaseLoader)
    assert data["docs_dir"] == "docs" and data["plugins"] == [{"search": {"lang": "en"}}]
    assert data["extra_css"] == ["css/desk.css", "assets/factcheck.css"] and data["nav"] == [{"Home": "index.md"}]
    assert data["extra"]["polyfills"] == ["assets/javascripts/iframe-worker-shim.js"]
