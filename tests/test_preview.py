"""Live preview: after an edit, `factcheck serve` rebuilds what changed and leaves the rest alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.layout import SEARCH_SCRIPT
from helpers import MKDOCS_YML, claim, taxes_claim, write_report

# Run as `factcheck serve` runs MkDocs (plugins started for "serve", dirty rebuilds), in a process of its own:
# MkDocs keeps such plugins for the life of the process.
PREVIEW = r"""
import json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = Path(sys.argv[1])
def rebuild():
    build(load_config("mkdocs.yml", site_dir=str(site)), serve_url="http://127.0.0.1:8000/", dirty=True)
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}
first = load_config("mkdocs.yml", site_dir=str(site))
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
before = rebuild()
claims = Path("content/first/claims.yml")
claims.write_text(claims.read_text().replace("Police figures show", "Edited, police figures show"))
os.utime(claims, ns=(claims.stat().st_atime_ns, claims.stat().st_mtime_ns + 10**9))
after = rebuild()
print(json.dumps([page for page in after if after[page] != before.get(page)]))
"""


def test_a_one_claim_edit_rewrites_only_the_pages_it_touches(tmp_path: Path) -> None:
    root = tmp_path / "desk"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML + "strict: true\n", encoding="utf-8")
    write_report(root / "content", "first", claims=[claim()])
    write_report(root / "content", "second", claims=[taxes_claim()])
    site = tmp_path / "preview"
    done = subprocess.run([sys.executable, "-c", PREVIEW, str(site)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    changed = set(json.loads(done.stdout))
    assert "Edited, police figures show" in (site / "reports/first/crime-fell.html").read_text(encoding="utf-8")
    assert "reports/first/crime-fell.html" in changed
    assert "reports/second/taxes-lower.html" not in changed and "reports/second/index.html" not in changed
    assert "ratings.html" not in changed
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Edited, police figures show" in index and "taxes-lower" in index, "search keeps every page"
    assert not (root / "content" / ".factcheck-cache").exists()


CLEAN = r"""
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1]), serve_url="http://127.0.0.1:8000/")
"""


def test_a_preview_after_an_edit_is_byte_identical_to_a_clean_build(tmp_path: Path) -> None:
    """Nothing a preview keeps between rebuilds (parsed reports, rendered pages, page files) shows in its output."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_report(root / "content", "first", claims=[claim()])
    write_report(root / "content", "second", claims=[taxes_claim()])
    preview = tmp_path / "preview"
    done = subprocess.run([sys.executable, "-c", PREVIEW, str(preview)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    done = subprocess.run([sys.executable, "-c", CLEAN, str(clean)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = lambda site: {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}  # noqa: E731
    cached, fresh = files(preview), files(clean)
    assert sorted(cached) == sorted(fresh)
    # Material's search plugin, in a dirty rebuild, keeps the entries of the pages it skipped and adds those it
    # rebuilt after them: the same entries, in another order (the index and the script made from it).
    index = [json.loads(site["search/search_index.json"])["docs"] for site in (cached, fresh)]
    assert sorted(index[0], key=json.dumps) == sorted(index[1], key=json.dumps)
    reordered = {"search/search_index.json", SEARCH_SCRIPT}
    assert [path for path in fresh if cached[path] != fresh[path] and path not in reordered] == []
    assert "Edited, police figures show" in (clean / "reports/first/crime-fell.html").read_text(encoding="utf-8")


TEMPLATE_EDITS = r"""
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = Path(sys.argv[1])
first = load_config("mkdocs.yml", site_dir=str(site))
first.plugins.on_startup(command="serve", dirty=True)
for version in ("one", "two"):
    Path("templates/claim.md.j2").write_text(
        '{% extends "default/claim.md.j2" %}\n{% block notes %}<p>Desk note ' + version + '</p>\n{% endblock %}\n')
    Path("overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Theme note ' + version + '{% endblock %}\n')
    build(first if version == "one" else load_config("mkdocs.yml", site_dir=str(site)),
          serve_url="http://127.0.0.1:8000/", dirty=True)
"""


def test_a_preview_shows_each_edit_of_a_desk_template_and_of_a_theme_override(tmp_path: Path) -> None:
    """Templates are compiled once per process: an edited one is compiled again, never served from before."""
    root = tmp_path / "desk"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    (root / "templates").mkdir()
    (root / "overrides").mkdir()
    write_report(root / "content", "first", claims=[claim()])
    done = subprocess.run([sys.executable, "-c", TEMPLATE_EDITS, str(tmp_path / "preview")], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "preview" / "reports" / "first" / "crime-fell.html").read_text(encoding="utf-8")
    assert "Desk note two" in page and "Desk note one" not in page
    assert "Theme note two" in page and "Theme note one" not in page
