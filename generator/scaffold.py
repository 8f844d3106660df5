"""Create a new report or a new site from the shipped scaffold, never overwriting a file."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from string import Template

from generator.load import SLUG

_RENAMES = {"gitignore": ".gitignore", "github": ".github"}


class ScaffoldError(Exception):
    """The scaffold cannot be written (a file exists, or a name is not valid)."""


def _files(root: Traversable, prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for item in sorted(root.iterdir(), key=lambda t: t.name):
        name = _RENAMES.get(item.name, item.name)
        if item.is_dir():
            found |= _files(item, f"{prefix}{name}/")
        elif not item.name.endswith(".pyc"):
            found[prefix + name] = item.read_text("utf-8")
    return found


def _write_all(target: Path, files: dict[str, str], values: dict[str, str]) -> list[Path]:
    paths = {target / rel: Template(text).safe_substitute(values) for rel, text in files.items()}
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ScaffoldError("not overwriting existing files: " + ", ".join(str(p) for p in existing)
                            + "; move them away or choose another name")
    for path, text in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # "x": fail rather than overwrite, even in a race
            f.write(text)
    return list(paths)


def new_report(content_dir: Path, slug: str) -> list[Path]:
    """content/<slug>/article.md and claims.yml with a commented example."""
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"'{slug}' is not a slug: use lowercase letters, digits and hyphens, e.g. budget-speech-2025")
    if not content_dir.is_dir():
        raise ScaffoldError(f"{content_dir} does not exist: run this in a site folder, or pass --content")
    return _write_all(content_dir / slug, _files(resources.files("generator") / "scaffold" / "report"), {"slug": slug})


def new_site(target: Path, name: str) -> list[Path]:
    """A complete site project: mkdocs.yml, content/ with one small example report, templates/, workflow."""
    return _write_all(target, _files(resources.files("generator") / "scaffold" / "site"), {"name": name})
