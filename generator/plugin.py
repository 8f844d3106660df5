"""The MkDocs adapter: settings in, generated pages out, content errors as PluginError.

A thin layer over the core: `read_site` reads and checks the settings, `check_content` and `render_site`
make the pages as {path: Markdown}; this module adds them to the build in memory (`File.generated`; a
report's pages are rendered only when MkDocs builds them, and let go once written), publishes nothing of
the content folder that the allowlist (`generator.inventory`) withholds, and applies the pure finishing
functions of `generator.postprocess`.
"""

from __future__ import annotations

import dataclasses
import html
import datetime as dt
import errno
import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.structure.nav import Navigation
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.templates import TemplateContext

from generator import collector, heap, layout, postprocess
from generator.ahead import Ahead
from generator.cardwork import CardWork, place
from generator.inventory import take_inventory
from generator.labels import Labels, load_labels
from generator.layout import DASHBOARD, NAV_PAGES, SEARCH_SCRIPT, WORKER_SHIM
from generator.memo import Memo
from generator.mkdocs_config import FactCheckConfig, SiteConfig, read_site
from generator.content import Content, Publishing
from generator.pipeline import blocking, check_content, render_pages
from generator.problems import ContentError, Problem
from generator.render import ASSETS, ReportOutput, SiteInfo, asset_text
from generator.sanitize import page_html
from generator.searchable import searchable
from generator.select import REVIEW, tally
from generator.social import og_tags
from generator.structured import Writer, text_writer
from generator.templating import THEME_TEMPLATES
from generator.sitedir import mark, refusal

log = logging.getLogger("mkdocs.plugins.factcheck")
PAGES_A_TASK = 12
"""Generated pages that are not deferred (lists; every page in a dirty preview) prepared by one task."""

def default_nav(labels: Labels) -> list[dict[str, str]]:
    """The site's menu when mkdocs.yml has no `nav`, in the site's language."""
    return [{labels.text(key): path} for key, path in NAV_PAGES]


def prepare_config(config: MkDocsConfig, site: SiteConfig) -> None:
    """What a factcheck site adds to MkDocs' configuration: the default menu (and the review dashboard's
    entry), our stylesheet, and the local search worker shim in place of a CDN's."""
    labels = load_labels(site.publishing.language, site.templates_dir)[0]  # its problems are check's to report
    if config.nav is None:
        config.nav = default_nav(labels)
    review_entry = {labels.text("nav.review"): DASHBOARD}
    if site.publishing.mode == REVIEW and review_entry not in config.nav:
        config.nav = [*config.nav, review_entry]
    for asset in ASSETS:
        if f"assets/{asset}" not in config.extra_css:
            config.extra_css.append(f"assets/{asset}")
    # Material emits every `extra.polyfills` entry as a <script> in <head>: ours, never a CDN's.
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
    config.extra["polyfills"] = [*polyfills, WORKER_SHIM]


class FactCheckPlugin(BasePlugin[FactCheckConfig]):
    """Generates the fact-check pages of a MkDocs site from its content folder."""

    def __init__(self) -> None:
        super().__init__()
        self.generated: set[str] = set()
        self.summary: dict[str, int] = {}
        self.preloaded: Content | None = None
        """Content already checked by the command line, so a build does not read it twice."""
        self.progress: Callable[[int, int], None] | None = None
        self.pages_done = 0
        self.head: dict[str, str] = {}
        self.bodies: dict[str, str] = {}
        self.deferred: dict[str, Callable[[], ReportOutput]] = {}
        """Generated pages whose body is rendered only when MkDocs builds them (a build that is not `--dirty`)."""
        self.ready: dict[str, _Ready] = {}
        """Pages prepared by the task of another page (of their report, or of their run of pages), waiting for
        MkDocs to build them."""
        self.ahead: Ahead[_Prepared] | None = None
        """The generated pages being prepared, on the second core where the process can fork (`_start_ahead`)."""
        self.task_of: dict[str, int] = {}
        """The task of `ahead` that prepares a generated page, by its path."""
        self.tasks: list[Callable[[], _Prepared]] = []
        """The tasks of `ahead`; a report's is let go once its pages are written."""
        self.unprepared: set[str] = set()
        """Generated pages not yet prepared: at none, `ahead` stops."""
        self.sources: dict[str, str] = {}
        """The body each page that is not deferred was prepared from (another plugin may change it before us)."""
        self.built: dict[str, _Ready] = {}
        """Pages that are not deferred, as prepared when MkDocs read them, until their on_page_context."""
        self.deferred_left = 0
        """Deferred pages not written yet: at none, what they needed is let go."""
        self.pinned_date = False
        self.frozen = False
        """Whether this build moved the objects alive after rendering out of the cyclic collector's sight."""
        self.memo: Memo | None = None
        """Kept between the rebuilds of `serve` (MkDocs keeps a plugin that has on_startup)."""
        self.dirty = False
        self.command = "build"
        self.failure: ContentError | None = None
        """The content problems that stopped the last build, for the command line to print."""
        self.card_work: CardWork | None = None
        """The share cards of the build under way, being drawn until on_post_build."""
        self.whole_page: tuple[Page, str] | None = None
        """The page being built and its whole content, while the search plugin reads only what it indexes of it."""
        self.cut_for_search = False
        """Whether only search plugins read a page between our two on_page_context handlers."""
        self.search: Any = None
        """Material's search plugin, when it alone reads a page between those handlers: the reports' pages are
        then parsed for it with the rest of their preparation, and indexed here with its own methods."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`serve` keeps this plugin between rebuilds: remember work, and with --dirty, rebuild changed pages only."""
        self.command = command
        self.memo = Memo() if command == "serve" else None
        self.dirty = dirty and command == "serve"
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)

    def on_shutdown(self) -> None:
        self._stop_cards()
        self._stop_ahead()
        self.memo, self.dirty = None, False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site = read_site(config, self.config)
        if self.site.problems:
            self._fail_on(list(self.site.problems))
        if self.site.publishing.mode == REVIEW and self.command == "gh-deploy":
            raise PluginError("factcheck: refusing to deploy a review build; remove 'review: true' from mkdocs.yml")
        if self.command in ("build", "gh-deploy"):
            self._refuse_foreign_site_dir()
        self.cache_dir = self.site.project / ".factcheck-cache" / self.site.publishing.mode
        self.labels = load_labels(self.site.publishing.language, self.site.templates_dir)[0]
        prepare_config(config, self.site)
        return config

    def _refuse_foreign_site_dir(self) -> None:
        """`mkdocs build` empties its site_dir first: never one that factcheck did not make."""
        reason = refusal(self.site.site_dir, self.site.protected)
        if reason:
            raise PluginError(f"factcheck: not building into site_dir: {reason}")

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check and render before MkDocs empties site_dir, so a build that fails leaves the previous site."""
        content = self.preloaded or check_content(self.site.content_dir, _shown(self.site.content_dir, self.site.project),
                                                  self.config.strict, self._publishing(config), self.memo)
        self.preloaded = None
        self._fail_on(content.problems)
        try:
            info = SiteInfo(config.site_name, config.site_url or "", self.site.publishing.organization,
                            self._release(), self.site.publishing.language, self.site.publishing.policy)
            self.output = render_pages(content, self.site.publishing.mode, self.site.templates_dir, info, self.memo,
                                       defer=not self.dirty)
        except ContentError as exc:
            self.failure = exc
            raise PluginError(f"factcheck: {exc}") from None
        self.content = content
        self.pinned_date = _pin_build_date(content)
        shown = tally(content.site.reports, self.site.publishing.mode)
        self.summary = {"reports": shown.reports, "claims": shown.rated, "withdrawn": shown.withdrawn,
                        "warnings": sum(p.severity == "warning" for p in content.problems)}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._publish_only_allowed(files, config)
        self.cut_for_search = _only_search_between(config)
        self.search = _material_search(config) if self.cut_for_search else None
        self.generated.clear()
        self.pages_done = 0
        self.head = self.output.head
        self.deferred, self.ready = self.output.deferred, {}
        self.deferred_left = len(self.deferred)
        for path in [*self.output.files, *self.output.data]:
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"factcheck: {path} is generated, but {existing.abs_src_path} also exists; "
                                  "rename or remove that file")
        for path, markdown in self.output.files.items():
            files.append(self._generated(config, path, markdown))
            if path.endswith(".md"):
                self.generated.add(path)
        pages = {path: text for path, text in self.output.files.items() if path in self.generated}
        for path, write in self.output.data.items():
            files.append(self._written(config, path, write))
        self._start_cards()
        self.output.files.clear()  # the files hold the texts now
        self.output.data.clear()
        for asset in ASSETS:
            files.append(File.generated(config, f"assets/{asset}", content=asset_text(asset)))
        shim = files.get_file_from_path(WORKER_SHIM)
        if shim is not None:
            files.remove(shim)
        files.append(File.generated(config, WORKER_SHIM, content=asset_text("iframe-worker-shim.js")))
        if self.command != "serve":
            # What is left of the content lives in the reports' deferred pages, let go once they are written.
            del self.content, self.output
            # What is alive now lives to the end of the pages: the cyclic collector need not scan it again
            # (GC time at 10,000 claims 6.9 -> 5.1 s).
            collector.settle()
            self.frozen = True
        self._start_ahead(pages)
        return files

    def _start_ahead(self, pages: dict[str, str]) -> None:
        """The generated pages (`pages`: {path: text}, in the order MkDocs builds them) prepared for the theme and
        the search plugin, rendered first if deferred, as tasks in that order: one per report for the deferred
        pages, one per few pages for the others. Where the process can fork (a build; a preview's first build,
        before its server's threads start), another core prepares them a few tasks ahead of the page MkDocs
        builds."""
        self._stop_ahead()
        cut, parse = self.cut_for_search, self.search is not None
        tasks: list[Callable[[], _Prepared]] = []
        self.task_of, self.sources = {}, {}
        renders: dict[Callable[[], ReportOutput], int] = {}
        some: list[tuple[str, str]] = []
        for path, text in [*pages.items(), ("", "")]:  # a last empty page closes the last run of bodies
            if some and (path in self.deferred or len(some) == PAGES_A_TASK or not path):
                tasks.append(functools.partial(_prepared_bodies, tuple(some), cut, parse))
                some = []
            if path in self.deferred:
                render = self.deferred[path]
                if render not in renders:
                    renders[render] = len(tasks)
                    tasks.append(functools.partial(_prepared, render, cut, parse))
                self.task_of[path] = renders[render]
            elif path:
                self.sources[path] = _markdown_of(text)
                self.task_of[path] = len(tasks)
                some.append((path, self.sources[path]))
        self.ready, self.built = {}, {}
        self.tasks = tasks
        self.unprepared = set(self.task_of)
        self.ahead = Ahead(tasks)

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """The theme's templates are compiled once per process, like ours (a preview's rebuilds reuse them)."""
        env.bytecode_cache = THEME_TEMPLATES
        return env

    def _start_cards(self) -> None:
        """Start drawing the share cards that are not in the cache, beside the pages (written in on_post_build)."""
        self._stop_cards()
        try:
            self.card_work = CardWork(self.output.cards, self.site.project / ".factcheck-cache" / "cards")
        except OSError as exc:
            raise self._card_error(exc) from None

    def _write_cards(self, site: Path) -> None:
        """Wait for the cards, then copy them into the site (MkDocs copies its files before the pages are built,
        when some cards are still being drawn)."""
        work, self.card_work = self.card_work, None
        if work is None:
            return
        try:
            files = work.finish()
        except OSError as exc:
            raise self._card_error(exc) from None
        try:
            place(files, site)
        except OSError as exc:
            raise PluginError(f"factcheck: cannot write the share cards into the site folder {site}: "
                              f"{exc.strerror or exc}; free some space on its disk") from None

    def _card_error(self, exc: OSError) -> PluginError:
        folder = self.site.project / ".factcheck-cache" / "cards"
        return PluginError(f"factcheck: cannot write the share cards into {folder}: {exc.strerror or exc}; "
                           "it must be a folder the build can write to, on a disk with free space")

    def _stop_cards(self) -> None:
        if self.card_work is not None:
            self.card_work.stop()
            self.card_work = None

    def _publishing(self, config: MkDocsConfig) -> Publishing:
        return dataclasses.replace(self.site.publishing, shipped=theme_has(config))

    def _publish_only_allowed(self, files: Files, config: MkDocsConfig) -> None:
        """Fail closed: of the files MkDocs found, keep the theme's and those the allowlist publishes, no other.

        (The pipeline has reported the problems of the docs folder; here its files are only sorted.)"""
        docs = self.site.docs_dir
        inventory = self.content.docs_inventory or take_inventory(docs, _shown(docs, self.site.project),
                                                                  self.site.declared)
        published = inventory.published
        theme = {os.path.realpath(folder) for folder in config.theme.dirs}
        for file in list(files):
            if file.generated_by or (file.src_dir and os.path.realpath(file.src_dir) in theme):
                continue
            if file.src_uri not in published:
                files.remove(file)

    def _generated(self, config: MkDocsConfig, path: str, text: str) -> File:
        """A generated file. In a dirty preview it is backed by a cache file rewritten only when its text
        changed, so MkDocs (which compares modification times) rebuilds only the pages an edit touched. The
        data files (exports, manifest: megabytes on a large site) are backed by a cache file in every build,
        so the build does not hold them until its end."""
        if not self.dirty and path.endswith(".md"):
            return File.generated(config, path, content=text)
        cached = self.cache_dir / path
        try:
            if cached.is_symlink() or not cached.is_file() or cached.stat().st_size != len(text.encode()) \
                    or cached.read_text(encoding="utf-8") != text:
                _write_cache_file(self.cache_dir, cached, text_writer(text))
        except OSError as exc:
            raise self._cache_error(path, exc) from None
        return File.generated(config, path, abs_src_path=str(cached))

    def _written(self, config: MkDocsConfig, path: str, write: Writer) -> File:
        """A data file (exports, manifest: tens of MB on a large site), written piece by piece into a cache file
        of this build, never held whole in memory."""
        cached = self.cache_dir / path
        try:
            _write_cache_file(self.cache_dir, cached, write)
        except OSError as exc:
            raise self._cache_error(path, exc) from None
        return File.generated(config, path, abs_src_path=str(cached))

    def _cache_error(self, path: str, exc: OSError) -> PluginError:
        return PluginError(f"factcheck: cannot write {path} into {self.cache_dir}: {exc.strerror or exc}; it must be a "
                           "folder the build can write to, on a disk with free space")

    def _release(self) -> Mapping[str, Any] | None:
        """The last release, for the dashboard's "what changed" (review builds only)."""
        return self.site.publishing.release if self.site.publishing.mode == REVIEW else None

    def _fail_on(self, problems: list[Problem]) -> None:
        errors = blocking(problems, self.site.publishing.mode)
        stopping = set(errors)
        for problem in problems:
            if problem not in stopping:  # shown in the terminal too (`serve`); info: MkDocs' strict mode must not fail
                log.info(str(problem))
        if errors:
            self.failure = ContentError(errors)
            raise PluginError("factcheck: the content has errors:\n" + "\n".join(str(p) for p in errors))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page is one raw HTML block, which Markdown would pass through unchanged: keep it aside
        rather than have Python-Markdown's HTML parser walk it (that was half the build's time)."""
        if page.file.src_uri in self.generated:
            if page.file.src_uri not in self.deferred:
                self.bodies[page.file.src_uri] = markdown
            page.render = functools.partial(_render_empty, page)  # type: ignore[method-assign]
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page, generated or written by the desk, goes through the same sanitizer. A desk page's title
        and front matter reach the theme's <head> and menus unescaped (MkDocs' templates do not escape): they
        are escaped here, before any page is written."""
        if page.file.src_uri in self.generated:
            if not self.dirty:  # its Markdown is read: do not hold every page's text twice (a dirty build reads a file)
                page.file.content_string = ""
            path = page.file.src_uri
            if path in self.deferred:
                return ""  # rendered when the page is built (on_page_context)
            body = self.bodies.pop(path, html)
            if path in self.task_of and self.sources.pop(path, None) == body:
                return ""  # prepared (by the forked copy where there is one) when the page is built
            self.built[path] = _ready(body, self.cut_for_search, self.search is not None)  # changed by a plugin
            self.task_of.pop(path, None)
            self.unprepared.discard(path)
            return self.built[path].content
        page.meta = postprocess.escaped_meta(page.meta)
        if page.title:
            page.title = postprocess.escaped(page.title)
        return page_html(html)

    @event_priority(100)  # before the search plugin reads the page's content
    def _page_before_search(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
                            ) -> TemplateContext:
        """A deferred page is rendered now, just before MkDocs writes it, and let go once written: the build
        never holds every page's text at once. The search plugin reads a generated page without the parts
        it would skip (`searchable`), when it alone reads the page between this and `_page_after_search`."""
        path = page.file.src_uri
        self.whole_page = None  # whatever a failed build left
        content, cut = page.content, None
        built = self.built.pop(path, None)
        ready = self._prepared(path) if path in self.task_of and built is None else built
        if ready is not None and (built is None or ready.content == content):  # as prepared
            content, cut = ready.content, ready.cut
            if ready.sections is not None and self.search is not None:
                self._index(page, ready.sections)
                cut = ""  # indexed: the search plugin has nothing left to read
        elif path in self.generated and content and self.cut_for_search:
            cut = _cut(content)
        page.content = content
        if content is not None and cut is not None:
            self.whole_page, page.content = (page, content), cut
        return context

    @event_priority(-100)  # after the search plugin, before the theme's templates
    def _page_after_search(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
                           ) -> TemplateContext:
        if self.whole_page is not None and self.whole_page[0] is page:
            page.content = self.whole_page[1]
        self.whole_page = None
        return context

    on_page_context = CombinedEvent(_page_before_search, _page_after_search)

    def _index(self, page: Page, sections: list[Any]) -> None:
        """Index a page as Material's search plugin does (`SearchIndex.add_entry_from_context`), from its sections
        parsed ahead by Material's own parser."""
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in sections:
            self.search.search_index.create_entry_for_section(section, page.toc, page.url, page)

    def _prepared(self, path: str) -> _Ready:
        if path not in self.ready:
            assert self.ahead is not None  # made with the tasks (on_files)
            try:
                prepared = self.ahead.result(self.task_of[path])
            except ContentError as exc:
                self.failure = exc
                raise PluginError(f"factcheck: {exc}") from None
            self.ready |= {page: body for page, body in prepared.pages.items() if page in self.unprepared}
            self.head |= prepared.head
        self.unprepared.discard(path)
        if not self.unprepared:  # every page is prepared: the copy (and what it holds) goes
            self._stop_ahead()
        return self.ready.pop(path)

    def _release_reports(self) -> None:
        """Let go of what renders the reports (the checked content), their pages all written. The forked copy
        stops first (what is left is a few lists, prepared here): the memory this process frees would otherwise
        be copied, page by page, as it frees it, while the copy still holds the same pages."""
        if self.ahead is not None:
            self.ahead.close()
        for index in {self.task_of[path] for path in self.deferred}:
            self.tasks[index] = _released
        self.deferred = {}

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.pages_done += 1
        if self.progress:
            self.progress(self.pages_done, len(self.generated))
        if page.file.src_uri in self.generated:
            page.content = None  # written into `output`: let it go rather than hold every page until the end
        if page.file.src_uri in self.deferred:
            head = self.head.pop(page.file.src_uri, "")
            self.deferred_left -= 1
            if not self.deferred_left:  # the last report page is written: the content goes before the search
                self._release_reports()  # plugin writes its index (the end of the build, its memory peak)
                heap.give_back()  # and the memory it held goes back to the system, not left under that index
        else:
            head = self.head.get(page.file.src_uri, "")
        output = postprocess.add_to_head(output, head)
        if page.file.src_uri not in self.generated:
            output = postprocess.add_to_head(output, self._share_tags(page, config))
        output = postprocess.finish_page(output)
        return self._mark_review(output) if self.site.publishing.mode == REVIEW else output

    def _share_tags(self, page: Page, config: MkDocsConfig) -> str:
        """A desk page shares like every generated one: its (escaped) title and description, the site's card."""
        site_url = config.site_url or ""
        description = str((page.meta or {}).get("description") or self.labels.text("share.description",
                                                                                     desk=config.site_name))
        title = html.unescape(page.title or config.site_name)
        return og_tags(title, html.unescape(description), layout.public_url(site_url, page.file.src_uri) if site_url else "",
                       layout.absolute(site_url, layout.SITE_CARD) if site_url else "")

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name.endswith(".html"):
            output_content = postprocess.finish_page(output_content)
        if self.site.publishing.mode == REVIEW and template_name.endswith(".html"):
            return self._mark_review(output_content)
        return output_content

    def _mark_review(self, html: str) -> str:
        return postprocess.mark_review(html, self.labels("banner.review_copy"))

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_ahead()  # pages MkDocs did not build (a dirty preview builds only what changed)
        site = Path(config.site_dir)
        self._write_cards(site)
        index = site / "search" / "search_index.json"
        if index.is_file():
            _write_search_script(index, site / SEARCH_SCRIPT)
        mark(site)
        self._unpin_build_date()
        self._unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_cards()
        self._stop_ahead()
        self._unpin_build_date()
        self._unfreeze()

    def _unfreeze(self) -> None:
        if self.frozen:
            collector.unsettle()
            self.frozen = False

    def _unpin_build_date(self) -> None:
        if self.pinned_date:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.pinned_date = False

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        for folder in (self.site.content_dir, self.site.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _render_empty(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What `Page.render` makes of the empty Markdown a generated page leaves, without building a Python-Markdown
    instance with every extension for it (~1 ms a page): the body, kept aside, comes in `on_page_content`."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


@dataclasses.dataclass(frozen=True)
class _Ready:
    """One generated page prepared for MkDocs' theme and its search plugin."""

    content: str
    """Its sanitized HTML."""
    cut: str | None
    """What the search plugin reads of it, or None for all of it."""
    sections: list[Any] | None
    """What Material's search plugin would index of what it reads (its parser's sections, excluded ones left
    out), or None when the search plugin is to read the page itself."""


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """The pages of one report, from whichever process prepared them."""

    pages: dict[str, _Ready]
    head: dict[str, str]
    """Safe HTML for the <head> of these pages, by path."""


def _prepared(render: Callable[[], ReportOutput], cut_for_search: bool, parse_for_search: bool) -> _Prepared:
    """Render one report's pages, sanitize each, cut what the search plugin would skip (`searchable`) and, with
    `parse_for_search`, parse the rest as Material's search plugin does."""
    rendered = render()
    pages = {path: _ready(_markdown_of(text), cut_for_search, parse_for_search) for path, text in rendered.pages.items()}
    return _Prepared(pages, rendered.head)


def _prepared_bodies(bodies: tuple[tuple[str, str], ...], cut_for_search: bool, parse_for_search: bool) -> _Prepared:
    """Pages already rendered ({path: body}), prepared as `_prepared` prepares a report's."""
    return _Prepared({path: _ready(body, cut_for_search, parse_for_search) for path, body in bodies}, {})


def _ready(body: str, cut_for_search: bool, parse_for_search: bool) -> _Ready:
    content = page_html(body)
    cut = _cut(content) if cut_for_search and content else None
    return _Ready(content, cut, _sections(content if cut is None else cut) if parse_for_search else None)


def _sections(html: str) -> list[Any] | None:
    """The sections Material's search plugin makes of a page and indexes (its parser, its exclusions)."""
    try:
        from material.plugins.search.plugin import Parser
    except ImportError:
        return None
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [section for section in parser.data if not section.is_excluded()]


def _material_search(config: MkDocsConfig) -> Any:
    """Material's search plugin, enabled, when it is the one plugin reading a page between our two on_page_context
    handlers and has the index and methods `_index` uses (Material 9); else None."""
    between = _between(config)
    search = getattr(between[0], "__self__", None) if len(between) == 1 else None
    usable = search is not None and _qualified_name(between[0]) in SEARCH_PLUGINS and search.config.enabled \
        and callable(getattr(getattr(search, "search_index", None), "create_entry_for_section", None))
    return search if usable else None


def _released() -> _Prepared:
    raise AssertionError("a report's pages were asked for after the last one was written")


def _cut(content: str) -> str | None:
    """What the search plugin reads of a page, or None when that is the whole page."""
    cut = searchable(content)
    return None if cut is content else cut


def _markdown_of(text: str) -> str:
    """What MkDocs reads as a generated page's Markdown (`mkdocs.utils.meta.get_data`): the text after its front
    matter, which is always a mapping, so it need not be parsed again (that was ~0.2 ms a page)."""
    found = YAML_RE.match(text)
    return text[found.end():].lstrip("\n") if found else text


def theme_has(config: MkDocsConfig) -> Callable[[str], bool]:
    """Whether the theme ships a file at a path of the site (a static file, template or partial)."""
    folders = [Path(folder) for folder in config.theme.dirs]
    return lambda path: any((folder / path).is_file() for folder in folders)


def _write_cache_file(cache: Path, file: Path, write: Writer) -> None:
    """Write a file of the build's cache folder: into a new file beside it, renamed into place, so that a link
    planted at its name (the cache is a folder of the project that anyone who can write there may fill) is
    replaced, never written through; and never in a folder that a link leads out of the cache.
    Raises OSError."""
    file.parent.mkdir(parents=True, exist_ok=True)
    if os.path.commonpath([os.path.realpath(file.parent), os.path.realpath(cache)]) != os.path.realpath(cache) \
            or os.path.islink(cache):
        raise OSError(errno.ELOOP, f"{file.parent} is a link out of the cache folder; delete {cache}")
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            write(out)
        os.replace(temporary, file)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


SEARCH_PLUGINS = ("material.plugins.search.plugin.SearchPlugin",)
"""Search plugins known to read `page.content` in on_page_context only to index it, and to skip what is marked
`data-search-exclude` (MkDocs' own search plugin does not: it reads the excluded headings too)."""


def _only_search_between(config: MkDocsConfig) -> bool:
    """Whether the plugins that read a page between our two on_page_context handlers are search plugins only
    (at least one): another plugin there would see, or change, the page without its excluded parts."""
    between = _between(config)
    return bool(between) and all(_qualified_name(handler) in SEARCH_PLUGINS for handler in between)


def _between(config: MkDocsConfig) -> list[Callable[..., Any]]:
    """The on_page_context handlers that run between our two (none unless both of ours are there)."""
    handlers = config.plugins.events["page_context"]
    ours = [i for i, handler in enumerate(handlers) if isinstance(getattr(handler, "__self__", None), FactCheckPlugin)]
    return list(handlers[ours[0] + 1:ours[1]]) if len(ours) == 2 else []


def _qualified_name(handler: Callable[..., Any]) -> str:
    owner = type(getattr(handler, "__self__", None))
    return f"{owner.__module__}.{owner.__qualname__}"


def _write_search_script(index: Path, script: Path) -> None:
    """The search index as a script (Material reads it on file://), written as the index file is read: never
    the whole index in memory (tens of MB on a large site, at the end of the build, where its memory peaks)."""
    with index.open("rb") as source, script.open("wb") as target:
        target.write(postprocess.SEARCH_INDEX_SCRIPT_START.encode())
        shutil.copyfileobj(source, target)


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


def _shown(path: Path, project: Path) -> str:
    try:
        return str(path.relative_to(project))
    except ValueError:
        return str(path)
