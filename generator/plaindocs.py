"""The public site as a plain docs folder: every page already generated, and an mkdocs.yml without our plugin.

Engines that read mkdocs.yml but run no MkDocs plugins (Zensical) can build it; so can MkDocs or
ProperDocs without the factcheck plugin. What the plugin does at build time is done here beforehand:
pages are rendered and sanitized, the structured data goes into the page body (JSON-LD is read there
too), the exports and assets are written as static files. What only a plugin can do is listed in the
README's table of what differs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.inventory import take_inventory
from generator.pipeline import Content
from generator.render import SiteInfo, render_site
from generator.sanitize import page_html
from generator.select import PUBLIC

DOCS = "docs"
PLUGIN = "factcheck"


@dataclass(frozen=True)
class PlainSite:
    """What the docs folder needs from the site's configuration (the adapter reads it from mkdocs.yml)."""

    config_text: str
    """The site's mkdocs.yml as written."""
    docs_dir: Path
    """The site's own pages and files (MkDocs' docs_dir)."""
    content_dir: Path
    """The reports (the plugin's content_dir); often the same folder as docs_dir."""
    templates_dir: Path | None
    info: SiteInfo
    nav: list[Any]
    """The navigation the plugin would use (the site's own, or the default sections)."""
    extra_css: list[str] = field(default_factory=list)
    """Stylesheets to link from every page, the plugin's included."""
    polyfills: list[str] = field(default_factory=list)
    """Scripts Material loads first (`extra.polyfills`): the search Worker shim for file://."""
    assets: dict[str, str] = field(default_factory=dict)
    """Files the plugin adds to every build, as {path under the site: text}."""
    declared: frozenset[str] = frozenset()
    """Stylesheets and scripts mkdocs.yml declares, which may be published from docs_dir."""


def export_docs(site: PlainSite, content: Content, out_dir: Path) -> list[str]:
    """Write `out_dir`/mkdocs.yml and `out_dir`/docs/; returns the files written under docs/, sorted.

    `out_dir` must not exist or be empty (nothing of the user's is overwritten).
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty: choose a new folder")
    docs = out_dir / DOCS
    files = _own_files(site.docs_dir, site.declared) | site.assets
    output = render_site(content, PUBLIC, site.templates_dir, site.info)
    for path, text in output.files.items():
        files[path] = _page(text, output.head.get(path, "")) if path.endswith(".md") else text
    for path, data in sorted(files.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_text(data, encoding="utf-8")
    (out_dir / "mkdocs.yml").write_text(plain_config(site), encoding="utf-8")
    return sorted(files)


def _page(markdown: str, head: str) -> str:
    """A generated page, sanitized as the plugin would, with its structured data at the top of the body."""
    front, sep, body = markdown.partition("\n---\n\n")
    html = page_html(body)
    return f"{front}{sep}{head}\n{html}\n" if head else f"{front}{sep}{html}\n"


def _own_files(docs_dir: Path, declared: frozenset[str]) -> dict[str, Any]:
    """The site's own pages and files that a build publishes (the inventory's allowlist), as {path: file}."""
    inventory = take_inventory(docs_dir, str(docs_dir), declared)
    return {path: docs_dir / path for path in sorted(inventory.published)}


def plain_config(site: PlainSite) -> str:
    """The site's mkdocs.yml for the docs folder: the same settings, our plugin taken out, its work done."""
    config = yaml.load(site.config_text, Loader=_KeepTags) or {}
    config["docs_dir"] = DOCS
    config["plugins"] = _without_plugin(config.get("plugins"))
    config["nav"] = site.nav
    config["extra_css"] = list(dict.fromkeys([*(config.get("extra_css") or []), *site.extra_css]))
    if site.polyfills:
        config.setdefault("extra", {})["polyfills"] = site.polyfills
    header = "# Written by `factcheck export-docs` from the site's mkdocs.yml: build with `zensical build` or `mkdocs build`.\n"
    return header + yaml.dump(config, Dumper=_TagDumper, sort_keys=False, allow_unicode=True)


def _without_plugin(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN}
    kept = [p for p in plugins or [] if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]
    return kept or ["search"]


@dataclass(frozen=True)
class _Tagged:
    """A value with a tag only MkDocs understands (!ENV, !!python/name:...), kept as written."""

    tag: str
    value: Any


class _KeepTags(yaml.SafeLoader):
    pass


class _TagDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_KeepTags.add_multi_constructor("!", _construct_tagged)
_KeepTags.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_TagDumper.add_representer(_Tagged, _represent_tagged)
