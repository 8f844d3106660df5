"""Create a new report or a new site from the shipped scaffold, never overwriting a file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from generator.load import SLUG
from generator.provenance import Install, requirements_text

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


def _write_all(target: Path, files: dict[str, str], values: dict[str, str],
               binary: dict[str, bytes] | None = None) -> list[Path]:
    paths: dict[Path, str | bytes] = {target / rel: Template(text).safe_substitute(values) for rel, text in files.items()}
    paths |= {target / rel: data for rel, data in (binary or {}).items()}
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ScaffoldError("not overwriting existing files: " + ", ".join(str(p) for p in existing)
                            + "; move them away or choose another name")
    for path, text in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            with path.open("xb") as fb:  # "x": fail rather than overwrite, even in a race
                fb.write(text)
        else:
            with path.open("x", encoding="utf-8") as f:
                f.write(text)
    return list(paths)


def new_report(content_dir: Path, slug: str) -> list[Path]:
    """content/<slug>/article.md and claims.yml with a commented example."""
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"'{slug}' is not a slug: use lowercase letters, digits and hyphens, e.g. budget-speech-2025")
    if not content_dir.is_dir():
        raise ScaffoldError(f"{content_dir} does not exist: run this in a site folder, or pass --content")
    return _write_all(content_dir / slug, _files(resources.files("generator") / "scaffold" / "report"), {"slug": slug})


PLACEHOLDER_NAME = "Fact desk (placeholder)"
PLACEHOLDER_URL = "https://example.org/"
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


@dataclass(frozen=True)
class SiteSettings:
    """What `factcheck init` asks for. Left out, each is a placeholder that a public build refuses."""

    name: str = PLACEHOLDER_NAME
    """The desk's name: site_name and the organization in the structured data."""
    site_url: str = PLACEHOLDER_URL
    """The public address, with the sub-path: https://<owner>.github.io/<repo>/."""
    language: str = "en"
    """BCP 47 tag of the site's language (the theme's language)."""
    with_example: bool = False
    """Publish the fictional example report (approved) instead of leaving it a draft."""


def settings_problems(settings: SiteSettings) -> list[str]:
    """What is wrong with the values given to `factcheck init`, each with what to write instead."""
    problems = []
    url = urlsplit(settings.site_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        problems.append(f"--site-url '{settings.site_url}' is not an absolute address: write it in full, "
                        "e.g. https://<owner>.github.io/<repo>/")
    if not LANGUAGE.fullmatch(settings.language):
        problems.append(f"--language '{settings.language}' is not a language tag: e.g. en, fr, pt-BR")
    if not settings.name.strip() or "\n" in settings.name:
        problems.append("--name is empty: give the desk's name, e.g. --name \"City Fact Desk\"")
    return problems


def new_site(target: Path, settings: SiteSettings, install: Install) -> list[Path]:
    """A complete site project: mkdocs.yml, content/ with transparency pages and one fictional example report,
    templates/, the Pages workflow and the requirements it installs."""
    problems = settings_problems(settings)
    if problems:
        raise ScaffoldError("; ".join(problems))
    url = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    approved = settings.with_example
    values = {
        "name": _yaml_text(settings.name), "desk": settings.name, "site_url": url, "language": settings.language,
        "example_status": "approved" if approved else "draft",
        "example_note": ("Approved with --with-example: a public build publishes it; delete it before you go live."
                         if approved else "A draft: shown in review builds (factcheck serve), never published."),
        "example_signoff": "    editor: Your editor\n    published: 2025-01-01\n" if approved else "",
    }
    files = _files(resources.files("generator") / "scaffold" / "site")
    files["requirements.txt"] = requirements_text(install)
    return _write_all(target, files, values, install.files)


def _yaml_text(text: str) -> str:
    """A one-line value for the YAML templates: plain when safe, double-quoted otherwise."""
    import json

    plain = re.fullmatch(r"[^\W\d_][\w .,'()-]*", text) and not text.endswith(" ")
    return text if plain else json.dumps(text, ensure_ascii=False)
