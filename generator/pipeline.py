"""The whole pipeline in one place: load -> check -> select -> render. No MkDocs, no click."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.check import Checked, check_site
from generator.load import load_site
from generator.model import Site
from generator.problems import Problem, sort_problems


@dataclass
class Content:
    """Checked content, ready to render."""

    site: Site
    checked: Checked

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems


def check_content(content_dir: Path, shown_root: str | None = None, strict: bool = False) -> Content:
    """Load and check everything under `content_dir`; problems are sorted, and raised to errors if `strict`."""
    site, load_problems = load_site(content_dir, shown_root)
    checked = check_site(site)
    problems = sort_problems(load_problems + checked.problems)
    checked.problems = [p.strict() for p in problems] if strict else problems
    return Content(site, checked)
