"""The MkDocs adapter: config in, generated pages out, content errors as PluginError.

Everything MkDocs-specific lives in this file. The core (load, check, render) yields pages as
{path: Markdown}; this module adds them to the build in memory (`File.generated`), keeps the source
files of reports out of the site, sanitizes the generated pages' HTML, and watches content/ and
templates/ when serving.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.load import ARTICLE, CLAIMS, RATINGS
from generator.memo import Memo
from generator.pipeline import Content, Publishing, check_content
from generator.problems import ContentError, Problem
from generator.render import ASSETS, DASHBOARD, SiteInfo, asset_text, render_site
from generator.review import read_manifest
from generator.sanitize import page_html
from generator.select import PUBLIC, REVIEW
from generator.structured import Organization

log = logging.getLogger("mkdocs.plugins.factcheck")
WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Vendored iframe-worker 1.0.4 shim (MIT, npm `iframe-worker`): runs Material's search Worker on file://.
The path must contain "iframe-worker": Material's `offline` plugin, if also enabled, then skips its CDN URL."""
REVIEW_ENV = "FACTCHECK_REVIEW"
"""Set to 1 by `factcheck serve` / `build --review`: the way the CLI passes the mode through MkDocs."""

DEFAULT_NAV = [
    {"Home": "index.md"},
    {"Reports": "reports/index.md"},
    {"Ratings": "ratings.md"},
    {"Claimants": "claimants.md"},
    {"Corrections": "corrections.md"},
]


REVIEW_BANNER = ('\n<div class="fc-review-banner" role="note">Review copy, not for publication. '
                 'Drafts and claims in review are shown.</div>\n')


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
    release = opt.Type(str, default="site")
    """The last public release (a built site folder or its manifest.json), relative to mkdocs.yml: the review
    dashboard lists what changed since then. `release: site`."""


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.generated: set[str] = set()
        self.summary: dict[str, int] = {}
        self.preloaded: Content | None = None
        """Content already checked by the CLI, so a build does not read it twice."""
        self.progress: Callable[[int, int], None] | None = None
        self.pages_done = 0
        self.head: dict[str, str] = {}
        self.bodies: dict[str, str] = {}
        self.pinned_date = False
        self.memo: Memo | None = None
        """Kept between the rebuilds of `serve` (MkDocs keeps a plugin that has on_startup)."""
        self.dirty = False
        self.failure: ContentError | None = None
        """The content problems that stopped the last build, for the CLI to print."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`serve` keeps this plugin between rebuilds: remember work, and with --dirty, rebuild changed pages only."""
        self.memo = Memo() if command == "serve" else None
        self.dirty = dirty and command == "serve"
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)

    def on_shutdown(self) -> None:
        self.memo, self.dirty = None, False

    def on_config(self, config: Any) -> Any:
        if config.use_directory_urls:
            raise PluginError("factcheck: set 'use_directory_urls: false' in mkdocs.yml, so the site also works "
                              "opened from disk")
        root = Path(config.config_file_path or ".").resolve().parent
        self.site_name = config.site_name
        self.content_dir = (root / self.config.content_dir).resolve()
        self.templates_dir = (root / self.config.templates_dir).resolve()
        review = self.config.review or os.environ.get(REVIEW_ENV) == "1"
        self.mode = REVIEW if review else PUBLIC
        if review and "gh-deploy" in sys.argv:
            raise PluginError("factcheck: refusing to deploy a review build; remove 'review: true' from mkdocs.yml")
        if config.nav is None:
            config.nav = list(DEFAULT_NAV)
        if self.mode == REVIEW and {"Review": DASHBOARD} not in config.nav:
            config.nav = [*config.nav, {"Review": DASHBOARD}]
        self.release_path = (root / self.config.release).resolve()
        self.cache_dir = root / ".factcheck-cache" / ("review" if self.mode == REVIEW else "public")
        for asset in ASSETS:
            if f"assets/{asset}" not in config.extra_css:
                config.extra_css.append(f"assets/{asset}")
        # Material emits every `extra.polyfills` entry as a <script> in <head>: ours, never a CDN's.
        polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
        config.extra["polyfills"] = [*polyfills, WORKER_SHIM]
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        content = self.preloaded or check_content(self.content_dir, _shown(self.content_dir, config),
                                                  self.config.strict, self.publishing(config), self.memo)
        self.preloaded = None
        self._fail_on(content.problems)
        self.generated.clear()
        self.pages_done = 0
        try:
            info = SiteInfo(config.site_name, config.site_url or "", self.organization, self._release())
            output = render_site(content, self.mode, self.templates_dir, info, self.memo)
        except ContentError as exc:
            self.failure = exc
            raise PluginError(f"factcheck: {exc}") from None
        pages, self.head = output.files, output.head
        for file in list(files):
            if self._is_source(file, config):
                files.remove(file)
        for path, markdown in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"factcheck: {path} is generated, but {existing.abs_src_path} also exists; "
                                  "rename or remove that file")
            files.append(self._generated(config, path, markdown))
            if path.endswith(".md"):
                self.generated.add(path)
        for asset in ASSETS:
            files.append(File.generated(config, f"assets/{asset}", content=asset_text(asset)))
        if files.get_file_from_path(WORKER_SHIM) is None:
            files.append(File.generated(config, WORKER_SHIM, content=asset_text("iframe-worker-shim.js")))
        self.pinned_date = _pin_build_date(content)
        self.summary = {"reports": len(content.site.reports), "claims": len(content.site.all_claims()),
                        "warnings": sum(p.severity == "warning" for p in content.problems)}
        return files

    @property
    def organization(self) -> Organization:
        """The configured organization; its name defaults to the site's name."""
        fields = {k: self.config.organization[k] for k in Organization.__dataclass_fields__}
        return Organization(**fields | {"name": fields["name"] or self.site_name})

    def publishing(self, config: Any) -> Publishing:
        return Publishing(_shown(Path(config.config_file_path or "mkdocs.yml"), config), config.site_url or "",
                          self.organization, self.mode)

    def _generated(self, config: Any, path: str, text: str) -> File:
        """A generated file. In a dirty preview it is backed by a cache file rewritten only when its text
        changed, so MkDocs (which compares modification times) rebuilds only the pages an edit touched."""
        if not self.dirty:
            return File.generated(config, path, content=text)
        cached = self.cache_dir / path
        if not cached.is_file() or cached.read_text(encoding="utf-8") != text:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(text, encoding="utf-8")
        return File.generated(config, path, abs_src_path=str(cached))

    def _release(self) -> dict[str, Any] | None:
        if self.mode != REVIEW:
            return None
        try:
            return read_manifest(self.release_path)
        except (OSError, ValueError):
            return None

    def _fail_on(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.severity == "warning":
                log.info(str(problem))  # info, not warning: MkDocs' own strict mode must not fail on them
        errors = [p for p in problems if p.severity == "error"]
        if self.mode == REVIEW:
            # A review build shows claim problems on the pages; only files it cannot read stop it.
            errors = [p for p in errors if p.claim is None]
        if errors:
            self.failure = ContentError(errors)
            raise PluginError("factcheck: the content has errors:\n" + "\n".join(str(p) for p in errors))

    def _is_source(self, file: File, config: Any) -> bool:
        """Report sources and the rating scale are read by the plugin, never published as files."""
        if Path(config.docs_dir).resolve() != self.content_dir:
            return False
        parts = file.src_uri.split("/")
        return parts == [RATINGS] or (len(parts) == 2 and parts[1] in (ARTICLE, CLAIMS))

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        """A generated page is one raw HTML block, which Markdown would pass through unchanged: keep it aside
        rather than have Python-Markdown's HTML parser walk it (that was half the build's time)."""
        if page.file.src_uri in self.generated:
            self.bodies[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        if page.file.src_uri in self.generated:
            return page_html(self.bodies.pop(page.file.src_uri, html))
        return html

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.pages_done += 1
        if self.progress:
            self.progress(self.pages_done, len(self.generated))
        head = self.head.get(page.file.src_uri)
        if head:
            output = output.replace("</head>", head + "\n</head>", 1)
        return self._mark_review(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        return self._mark_review(output_content) if template_name.endswith(".html") else output_content

    def _mark_review(self, html: str) -> str:
        """In a review build, every page says so and asks search engines to stay away."""
        if self.mode != REVIEW:
            return html
        html = html.replace("<head>", '<head>\n<meta name="robots" content="noindex, nofollow">', 1)
        body = html.find("<body")
        if body != -1:
            end = html.find(">", body) + 1
            html = html[:end] + REVIEW_BANNER + html[end:]
        return html

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def on_post_build(self, *, config: Any) -> None:
        """On file:// Material loads search/search_index.js (`var __index = ...`) instead of fetching the JSON."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            index.with_suffix(".js").write_text("var __index = " + index.read_text("utf-8"), "utf-8")
        self._unpin_build_date()

    def on_build_error(self, *, error: Exception) -> None:
        self._unpin_build_date()

    def _unpin_build_date(self) -> None:
        if self.pinned_date:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.pinned_date = False

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for folder in (self.content_dir, self.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that dirty builds get navigation wrong; ours do not (the nav is fixed and every page
    that changed is rewritten), and the warning would abort a `strict: true` site."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _pin_build_date(content: Content) -> bool:
    """Reproducible builds: unless SOURCE_DATE_EPOCH is set, MkDocs' build date (sitemap lastmod, gzip
    headers) becomes the newest date in the content, never the clock. True when it was set here."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return False
    dates = [c.last_modified for c in content.site.all_claims() if c.last_modified]
    dates += [r.article.published for r in content.site.reports if r.article.published]
    newest = max(dates, default=dt.date(2000, 1, 1))
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(newest.year, newest.month, newest.day,
                                                          tzinfo=dt.timezone.utc).timestamp()))
    return True


def _shown(path: Path, config: Any) -> str:
    root = Path(config.config_file_path or ".").resolve().parent
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def build_site(config_file: Path, site_dir: Path, content: Content, review: bool,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Build with MkDocs into `site_dir` (which should be new and empty); returns the plugin's summary.

    Raises PluginError (content) or another MkDocs exception (configuration) on failure.
    """
    os.environ[REVIEW_ENV] = "1" if review else "0"
    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin = config.plugins.get("factcheck")
    if not isinstance(plugin, FactCheckPlugin):
        raise PluginError(f"{config_file}: add the 'factcheck' plugin under 'plugins:'")
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does: a complete, clean build
    plugin.preloaded, plugin.progress = content, progress
    try:
        mkdocs_build(config)
    except Abort:
        if plugin.failure:
            raise plugin.failure from None
        raise
    finally:
        config.plugins.on_shutdown()
    return plugin.summary


def site_settings(config_file: Path, review: bool = False) -> tuple[Path, Publishing]:
    """The content folder a site's mkdocs.yml names, and how it is published."""
    os.environ[REVIEW_ENV] = "1" if review else "0"
    config = load_config(str(config_file))
    plugin = config.plugins.get("factcheck")
    if not isinstance(plugin, FactCheckPlugin):
        raise PluginError(f"{config_file}: add the 'factcheck' plugin under 'plugins:'")
    plugin.on_config(config)
    return plugin.content_dir, plugin.publishing(config)
