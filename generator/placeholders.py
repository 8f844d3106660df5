"""Placeholders left by `factcheck init`: values and pages a desk must replace before it publishes.

A placeholder is recognisable by construction: an address on a domain reserved for examples (RFC 2606),
a name with the word "placeholder" in it, a page with a `!!! warning "Placeholder"` box. Each is an error
for a public build (a warning for a review build), at the line to edit.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from generator.load import ARTICLE, CLAIMS
from generator.problems import Problem, Severity
from generator.select import REVIEW, Mode
from generator.settings import ConfigLines, ConfigPath

PAGE_MARKER = '!!! warning "Placeholder"'
"""The box a draft page carries until it is written; deleting it says the page is done."""
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_WORD = re.compile(r"placeholder", re.IGNORECASE)
_PAGE_LIMIT = 1_000_000


def is_placeholder_url(url: str) -> bool:
    """Whether `url` is on a domain reserved for examples (example.org, .com, .net, or under .example)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(".example") or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)


def settings_problems(values: dict[ConfigPath, str], where: ConfigLines, mode: Mode) -> list[Problem]:
    """The placeholder values among `values` ({path in mkdocs.yml: value}), each at its line of mkdocs.yml."""
    severity: Severity = "warning" if mode == REVIEW else "error"
    problems = []
    for path, value in values.items():
        name = " ".join(str(key) for key in path if key != "plugins")
        if path == ("site_url",) and is_placeholder_url(value):
            problems.append(Problem(where.path, where.line(*path), severity,
                                    f"site_url '{value}' is a placeholder (that domain is reserved for examples)",
                                    "set the site's public address, e.g. https://<owner>.github.io/<repo>/",
                                    code="placeholder"))
        elif path != ("site_url",) and _WORD.search(value):
            problems.append(Problem(where.path, where.line(*path), severity, f"{name} '{value}' is a placeholder",
                                    "write your desk's real name", code="placeholder"))
    return problems


def pages(content_dir: Path, shown_root: str, mode: Mode) -> list[Problem]:
    """Pages under `content_dir` (not articles) that still carry the placeholder box, at its line."""
    return _pages(content_dir, shown_root, "warning" if mode == REVIEW else "error")


def _pages(content_dir: Path, shown_root: str, severity: Severity) -> list[Problem]:
    problems = []
    for page in sorted(content_dir.rglob("*.md")) if content_dir.is_dir() else []:
        if page.name == ARTICLE and (page.parent / CLAIMS).exists():
            continue
        try:
            if page.stat().st_size > _PAGE_LIMIT:
                continue
            lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if line.strip() == PAGE_MARKER:
                shown = f"{shown_root.rstrip('/')}/{page.relative_to(content_dir).as_posix()}"
                problems.append(Problem(shown, number, severity, "this page is an unedited placeholder",
                                        "write it, then delete the 'Placeholder' box", code="placeholder-page"))
                break
    return problems
