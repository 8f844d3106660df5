"""Building a site with MkDocs for the command line: open its configuration, build into a staging folder,
swap it in. The build mode is a value of the plugin's configuration, set here; never an environment variable.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from generator.mkdocs_config import PLUGIN, SiteConfig, read_site
from generator.content import Content, Publishing
from generator.plugin import FactCheckPlugin, theme_has
from generator.problems import ContentError
from generator.sitedir import check_target, replace_tree, staging_dir

Progress = Callable[[int, int], None]


@dataclass
class OpenSite:
    """A site's loaded configuration, its plugin, and its checked settings."""

    config: MkDocsConfig
    plugin: FactCheckPlugin
    site: SiteConfig

    @property
    def publishing(self) -> Publishing:
        """How the site is published, with what the theme ships (a content file may not replace it)."""
        return dataclasses.replace(self.site.publishing, shipped=theme_has(self.config))

    def use(self, content: Content) -> None:
        """Build with `content`, already checked, rather than read it again. The build holds the only reference
        to it, and lets it go once the pages are written (a large site's content weighs hundreds of MB)."""
        self.plugin.preloaded = content

    def default_site_dir(self, review: bool) -> Path:
        """mkdocs.yml's site_dir (default site/); a review copy goes beside it, in <site_dir>-review/."""
        site_dir = self.site.site_dir
        return site_dir.with_name(site_dir.name + "-review") if review else site_dir


def open_site(config_file: Path, review: bool = False) -> OpenSite:
    """Load mkdocs.yml, set the build mode, and check the settings (ContentError lists every problem)."""
    config = load_config(str(config_file))
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, FactCheckPlugin):
        raise PluginError(f"{config_file}: add the '{PLUGIN}' plugin under 'plugins:'")
    plugin.config.review = review or plugin.config.review
    site = read_site(config, plugin.config)
    if site.problems:
        raise ContentError(list(site.problems))
    return OpenSite(config, plugin, site)


def build_site(opened: OpenSite, site_dir: Path, progress: Progress | None = None) -> dict[str, int]:
    """Build with MkDocs into `site_dir` (new or empty), as `mkdocs build` does; returns the plugin's summary.
    The content is what `opened.use` was given, or else read and checked by the build.

    Raises ContentError (content), or another MkDocs exception (configuration), on failure.
    """
    config, plugin = opened.config, opened.plugin
    config.site_dir = str(site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    plugin.progress = progress
    try:
        mkdocs_build(config)
    except Abort:
        if plugin.failure:
            raise plugin.failure from None
        raise
    finally:
        config.plugins.on_shutdown()
    return plugin.summary


def build_into(opened: OpenSite, target: Path, progress: Progress | None = None) -> tuple[dict[str, int], str | None]:
    """Build in a staging folder beside `target` and swap it in; the previous site stays on any failure.

    Returns the summary, and a warning when the old site could not be fully deleted after the swap.
    """
    check_target(target, opened.site.protected)
    staging = staging_dir(target)
    try:
        summary = build_site(opened, staging, progress)
        warning = replace_tree(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return summary, warning


def serve_plugins(config_file: Path, review: bool) -> dict[str, Any]:
    """mkdocs.yml's plugins with the factcheck plugin's mode set, to pass to `mkdocs serve`.

    A mapping, not a list: MkDocs empties each one-key dict of a plugin list as it reads it, and `serve`
    reads the same value again on every rebuild."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as f:
        raw = yaml_load(f) or {}
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    result: list[Any] = []
    for entry in plugins:
        if entry == PLUGIN:
            entry = {PLUGIN: {"review": review}}
        elif isinstance(entry, dict) and PLUGIN in entry:
            entry = {PLUGIN: {**(entry[PLUGIN] or {}), "review": review}}
        result.append(entry)
    return {name: options for entry in result for name, options in
            (entry.items() if isinstance(entry, dict) else [(entry, {})])}
