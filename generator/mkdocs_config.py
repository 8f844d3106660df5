"""The plugin's options, and the site's settings read from a loaded MkDocs configuration and validated.

MkDocs-specific, but no hook: `read_site(config, options)` is a plain function both the plugin (in
`on_config`) and the command line (before a build) call, so the settings are read and checked in one place.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from generator import placeholders
from generator.content import Publishing
from generator.sitedir import Protected, protected_folders
from generator.policy import DEFAULT as DEFAULT_POLICY
from generator.policy import RULES
from generator.problems import Problem
from generator.release import DEFAULT_BRANCH, last_release
from generator.select import PUBLIC, REVIEW, Mode
from generator.settings import (ConfigLines, ConfigPath, config_lines, folder_problems, merge_lines,
                                organization_problems, site_url_problems)
from generator.structured import Organization

PLUGIN = "factcheck"


class OrganizationConfig(Config):
    name = opt.Type(str, default="")
    """The fact-checking organization, as readers and aggregators know it (default: site_name)."""
    url = opt.Type(str, default="")
    """Its home page (default: site_url)."""
    logo = opt.Type(str, default="")
    """A logo URL, or a path under content/."""
    methodology = opt.Type(str, default="")
    """Page under content/ on how claims are chosen and checked: `methodology: about/methodology.md`."""
    corrections_policy = opt.Type(str, default="")
    """Page under content/ with the corrections policy."""
    ownership_funding = opt.Type(str, default="")
    """Page under content/ on ownership and funding."""
    contact = opt.Type(str, default="")
    """Page under content/ on how to contact the desk and submit a claim."""


class FactCheckConfig(Config):
    content_dir = opt.Type(str, default="content")
    """Folder of reports (`<report>/article.md` + `claims.yml`), relative to mkdocs.yml: `content_dir: content`."""
    templates_dir = opt.Type(str, default="templates")
    """Folder of templates that override the shipped ones, relative to mkdocs.yml: `templates_dir: templates`."""
    review = opt.Type(bool, default=False)
    """`review: true` makes a review build (every claim, banners, noindex). Off: only approved claims."""
    strict = opt.Type(bool, default=False)
    """`strict: true` fails the build on warnings too."""
    organization = opt.SubConfig(OrganizationConfig)
    """The publishing organization (ClaimReview author, Organization JSON-LD, transparency pages)."""
    release = opt.Type(str, default=DEFAULT_BRANCH)
    """Where the last release's manifest is: the git branch `factcheck deploy` pushes to (read with `git show`,
    the local branch or a remote's copy), or a manifest.json / built site folder relative to mkdocs.yml. The
    policy's re-rating rule, `factcheck diff` and the review dashboard compare with it. `release: gh-pages`."""
    example_site = opt.Type(bool, default=False)
    """`example_site: true` marks a demonstration site: placeholder values (example.org, names with
    "placeholder") and placeholder pages are allowed in a public build. Never set it on a desk's real site."""
    policy = opt.ListOfItems(opt.Choice(tuple(RULES)), default=list(DEFAULT_POLICY))
    """The publication policy: what an approved claim must meet to be published, beyond what `factcheck check`
    requires. `policy: [sources, two-sources, archive-links, counterclaims, reply, correction-for-rerating]`
    (the default); the rules are listed in the README."""


def unknown_options(options: FactCheckConfig, lines: ConfigLines) -> list[Problem]:
    """MkDocs only warns about an unknown plugin option and uses the default: a typo that goes unnoticed.
    Each is an error naming its line and the option meant (reported with every other problem)."""
    known = [key for key, _ in FactCheckConfig._schema]
    problems = []
    for key in sorted(set(options.keys()) - set(known)):
        close = difflib.get_close_matches(key, known, n=1)
        meant = f"did you mean '{close[0]}'?" if close else f"known options: {', '.join(known)}"
        problems.append(lines.problem(("plugins", PLUGIN, key), f"unknown option '{key}'", meant, "unknown-option"))
    return problems


@dataclass(frozen=True)
class SiteConfig:
    """What the core needs to know about a site, from its mkdocs.yml."""

    project: Path
    """The folder of mkdocs.yml."""
    config_path: str
    """mkdocs.yml as shown in problems."""
    content_dir: Path
    templates_dir: Path
    docs_dir: Path
    site_dir: Path
    publishing: Publishing
    declared: frozenset[str]
    """Stylesheets and scripts the configuration declares (paths under docs_dir)."""
    problems: tuple[Problem, ...]
    """Everything wrong with the settings."""

    @property
    def protected(self) -> Protected:
        """The folders of this site that no build may replace."""
        return protected_folders(self.project, self.content_dir, self.templates_dir, self.docs_dir)


def read_site(config: MkDocsConfig, options: FactCheckConfig, review: bool | None = None) -> SiteConfig:
    """The site's settings, with every problem in them (as `mkdocs.yml:line` errors)."""
    config_file = config.config_file_path or "mkdocs.yml"
    project = Path(config_file).resolve().parent
    lines = _lines(config_file)
    content_dir = (project / options.content_dir).resolve()
    templates_dir = (project / options.templates_dir).resolve()
    organization = _organization(options, config.site_name)
    mode = REVIEW if (options.review if review is None else review) else PUBLIC
    problems = _plugin_problems(config, lines) + unknown_options(options, lines)
    problems += site_url_problems(config.site_url or "", lines)
    problems += organization_problems(organization.url, organization.logo, lines)
    problems += folder_problems(project, {"content_dir": options.content_dir, "templates_dir": options.templates_dir},
                                lines)
    declared = frozenset(str(p) for p in [*config.extra_css, *config.extra_javascript] if "://" not in str(p))
    return SiteConfig(project, lines.path, content_dir, templates_dir, Path(config.docs_dir).resolve(),
                      Path(os.path.abspath(config.site_dir)),
                      Publishing(lines.path, config.site_url or "", organization, mode, declared=declared,
                                 templates_dir=templates_dir, docs_dir=Path(config.docs_dir).resolve(),
                                 language=str(config.theme.get("language") or "en"), policy=tuple(options.policy),
                                 release=last_release(project, options.release),
                                 placeholders=tuple(_placeholders(config, options, lines, mode)),
                                 example_site=options.example_site),
                      declared, tuple(problems))


def _plugin_problems(config: MkDocsConfig, lines: ConfigLines) -> list[Problem]:
    problems = []
    names = [name for name in config.plugins if name == PLUGIN or name.startswith(f"{PLUGIN} #")]
    if len(names) > 1:
        problems.append(lines.problem(("plugins",), f"the '{PLUGIN}' plugin is listed {len(names)} times",
                                      "list it once under 'plugins:'", "plugin-twice"))
    if config.use_directory_urls:
        problems.append(lines.problem(("use_directory_urls",), "use_directory_urls is on: pages would not open from disk",
                                      "set 'use_directory_urls: false' in mkdocs.yml", "directory-urls"))
    return problems


def _placeholders(config: MkDocsConfig, options: FactCheckConfig, lines: ConfigLines, mode: Mode) -> list[Problem]:
    values: dict[ConfigPath, str] = {("site_url",): config.site_url or "", ("site_name",): config.site_name}
    if options.organization["name"]:
        values[("plugins", PLUGIN, "organization", "name")] = options.organization["name"]
    return placeholders.settings_problems(values, lines, mode)


def _organization(options: FactCheckConfig, site_name: str) -> Organization:
    fields = {k: options.organization[k] for k in Organization.__dataclass_fields__}
    return Organization(**fields | {"name": fields["name"] or site_name})


def _lines(config_file: str | None) -> ConfigLines:
    """The line of every setting, following `INHERIT:` to the file a value comes from."""
    path = Path(config_file or "mkdocs.yml")
    chain: list[ConfigLines] = []
    seen: set[Path] = set()
    while path.resolve() not in seen and len(chain) < 10:
        seen.add(path.resolve())
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        lines = config_lines(text, _shown(path))
        chain.append(lines)
        parent = lines.inherit
        if not parent:
            break
        path = path.parent / parent
    return merge_lines(chain)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
