"""The whole pipeline in one place: load -> check -> select -> render. No MkDocs, no click."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import structured
from generator.check import Checked, check_site
from generator.load import load_site
from generator.memo import Memo
from generator.model import Site
from generator.problems import Problem, sort_problems
from generator.select import PUBLIC, Mode
from generator.structured import Organization


@dataclass(frozen=True)
class Publishing:
    """How the site is published, from the builder's config (for the structured-data lint)."""

    config_path: str
    """The config file, as shown in problems (mkdocs.yml)."""
    site_url: str = ""
    organization: Organization = field(default_factory=Organization)
    mode: Mode = PUBLIC


@dataclass
class Content:
    """Checked content, ready to render."""

    site: Site
    checked: Checked

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems


def check_content(content_dir: Path, shown_root: str | None = None, strict: bool = False,
                  publishing: Publishing | None = None, memo: Memo | None = None) -> Content:
    """Load and check everything under `content_dir` (and, given `publishing`, the structured data settings).

    Problems come sorted, raised to errors if `strict`.
    """
    site, load_problems = load_site(content_dir, shown_root, memo)
    checked = check_site(site, memo)
    problems = load_problems + checked.problems
    if publishing:
        problems += structured.lint(site.all_claims(), site.scale, publishing.site_url, publishing.organization,
                                    publishing.mode, publishing.config_path, lambda page: (content_dir / page).is_file())
    problems = sort_problems(problems)
    checked.problems = [p.strict() for p in problems] if strict else problems
    return Content(site, checked)
