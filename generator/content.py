"""Checked content and how it is published: the data that passes from the checking stages to rendering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator.check import Checked
from generator.inventory import Inventory
from generator.model import Site
from generator.policy import DEFAULT as DEFAULT_POLICY
from generator.problems import Problem
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
    declared: frozenset[str] = frozenset()
    """Stylesheets and scripts the configuration declares (published from the content folder)."""
    shipped: Callable[[str], bool] = field(default=lambda path: False, compare=False)
    """Whether the theme ships a file at a path of the site: a content file may not take its place."""
    templates_dir: Path | None = None
    """The site's templates folder: its templates and labels are checked too."""
    docs_dir: Path | None = None
    """MkDocs' docs folder, when it is not the content folder: what it publishes is checked too."""
    language: str = "en"
    """The site's language: Material's `theme.language` (labels and dates follow it)."""
    policy: tuple[str, ...] = DEFAULT_POLICY
    """The publication policy's rules (the plugin's `policy` option)."""
    release: Mapping[str, Any] | None = None
    """The manifest of the last release, for the policy's re-rating rule and the dashboard."""
    placeholders: tuple[Problem, ...] = ()
    """Settings still as `factcheck init` wrote them (site_url, names), each at its line of mkdocs.yml."""
    example_site: bool = True
    """A demonstration site: placeholder values and pages are allowed (the plugin's `example_site`)."""


@dataclass
class Content:
    """Checked content, ready to render."""

    site: Site
    checked: Checked
    inventory: Inventory | None = None
    """What the content folder holds and what of it is published."""
    docs_inventory: Inventory | None = None
    """The same for MkDocs' docs folder (the content folder's when they are one)."""

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems
