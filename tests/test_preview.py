"""Live preview: after an edit, `factcheck serve` rebuilds what changed and leaves the rest alone."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpers import MKDOCS_YML, claim, taxes_claim, write_report


def test_a_one_claim_edit_rewrites_only_the_pages_it_touches(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "desk"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML + "strict: true\n", encoding="utf-8")
    write_report(root / "content", "first", claims=[claim()])
    write_report(root / "content", "second", claims=[taxes_claim()])
    monkeypatch.chdir(root)
    site = tmp_path / "preview"

    def rebuild() -> dict[str, int]:
        config = load_config("mkdocs.yml", site_dir=str(site))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}

    first = load_config("mkdocs.yml", site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
        before = rebuild()
        claims = root / "content" / "first" / "claims.yml"
        claims.write_text(claims.read_text(encoding="utf-8").replace("Police figures show", "Edited, police figures show"),
                          encoding="utf-8")
        os.utime(claims, ns=(claims.stat().st_atime_ns, claims.stat().st_mtime_ns + 10**9))
        after = rebuild()
    finally:
        first.plugins.on_shutdown()
    assert "Edited, police figures show" in (site / "reports/first/crime-fell.html").read_text(encoding="utf-8")
    changed = {page for page in after if after[page] != before.get(page)}
    assert "reports/first/crime-fell.html" in changed
    assert "reports/second/taxes-lower.html" not in changed and "reports/second/index.html" not in changed
    assert "ratings.html" not in changed
    assert not (root / "content" / ".factcheck-cache").exists()
