"""The whole pipeline in one place: load -> check -> select -> render. No MkDocs, no click."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import structured
from generator.check import Checked, check_site
from generator.inventory import NEVER_OUTPUT, Inventory, take_inventory, withheld_warning
from generator.layout import output_path, taken
from generator.load import load_site
from generator.sanitize import MAX_NESTING, nesting
from generator.yamlsource import read_text
from generator.memo import Memo
from generator.model import Site
from generator.problems import Problem, sort_problems
from generator.select import PUBLIC, Mode
from generator.structured import Organization
from generator.templating import templates_folder_problems


@dataclass(frozen=True)
class Publishing:
    """How the site is published, from the builder's config (for the structured-data lint)."""

    config_path: str
    """The config file, as shown in problems (mkdocs.yml)."""
    site_url: str = ""
    organization: Organization = field(default_factory=Organization)
    mode: Mode = PUBLIC
    declared: frozenset[str] = frozenset()
    """Stylesheets and scripts the configuration declares (published from the content folder)."""
    shipped: Callable[[str], bool] = field(default=lambda path: False, compare=False)
    """Whether the theme ships a file at a path of the site: a content file may not take its place."""
    templates_dir: Path | None = None
    """The site's templates folder: its templates and labels are checked too."""
    language: str = "en"
    """The site's language: Material's `theme.language` (labels and dates follow it)."""


@dataclass
class Content:
    """Checked content, ready to render."""

    site: Site
    checked: Checked
    inventory: Inventory | None = None
    """What the content folder holds and what of it is published."""

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems


def check_content(content_dir: Path, shown_root: str | None = None, strict: bool = False,
                  publishing: Publishing | None = None, memo: Memo | None = None) -> Content:
    """Load and check everything under `content_dir` (and, given `publishing`, the structured data settings).

    Problems come sorted, raised to errors if `strict`.
    """
    root = shown_root if shown_root is not None else str(content_dir)
    declared = publishing.declared if publishing else frozenset()
    inventory = take_inventory(content_dir, root, declared)
    site, load_problems = load_site(content_dir, shown_root, memo, inventory)
    checked = check_site(site, memo)
    problems = [*inventory.problems, *load_problems, *checked.problems]
    problems += publication_problems(inventory, root, publishing.shipped if publishing else lambda path: False)
    if publishing:
        problems += structured.lint(site.all_claims(), site.scale, publishing.site_url, publishing.organization,
                                    publishing.mode, publishing.config_path, lambda page: (content_dir / page).is_file())
    if publishing:
        problems += templates_folder_problems(publishing.templates_dir)
    problems = sort_problems(problems)
    checked.problems = [p.strict() for p in problems] if strict else problems
    return Content(site, checked, inventory)


def publication_problems(inventory: Inventory, shown_root: str, shipped: Callable[[str], bool]) -> list[Problem]:
    """What of the content folder would clash with the build's own files, or cannot be published safely;
    and a warning listing what will not be published."""
    problems = []
    join = lambda path: f"{shown_root.rstrip('/')}/{path}"  # noqa: E731
    outputs = sorted(inventory.published | {path for path, reason in inventory.withheld if reason not in NEVER_OUTPUT})
    for path in outputs:
        if taken(path):
            problems.append(Problem(join(path), 1, "error", f"{path} is named like a file the build writes "
                                    f"({output_path(path)})", "rename or move it", code="collision"))
        elif shipped(path):
            problems.append(Problem(join(path), 1, "error", f"{path} would replace the theme's own {path}",
                                    "rename or move it (a file of the theme cannot be replaced from the content folder)",
                                    code="shadows-theme"))
    for page in inventory.pages:
        text, found = read_text(inventory.root / page, join(page))
        problems += found
        depth, line = nesting(text) if text else (0, 0)
        if line:
            problems.append(Problem(join(page), line, "error", f"the page's Markdown is nested {depth} levels deep, "
                                    f"over {MAX_NESTING}", "remove the extra '>' or list markers", code="too-deep"))
    warning = withheld_warning(inventory, shown_root)
    return problems + ([warning] if warning else [])
