"""Render checked content into pages: {path under the site: Markdown text}, through Jinja templates.

Templates come from the site's own `templates/` folder first, then from the defaults shipped with the
package, most specific name first (`claim-<id>.md.j2` before `claim.md.j2`). Every page is one raw HTML
block inside Markdown (so Markdown syntax in content is never interpreted), with a front matter title.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

import jinja2

from generator.highlight import Span, highlight
from generator.content import Content
from generator.problems import ContentError
from generator.memo import Job, Memo, compute, compute_every, digest, file_stamp
from generator.model import PlainCopies, Report, Site
from generator.policy import DEFAULT as DEFAULT_POLICY
from generator.policy import verdicts
from generator.review import MANIFEST, REVIEW_MARKER, diff, manifest
from generator.select import PUBLIC, REVIEW, Mode, select, tally
from generator import feeds, headline, layout, social, structured
from generator.cards import Card
from generator.structured import Organization
from generator.labels import OVERRIDE_FILE as LABELS_FILE, load_labels, scale_in_language
from generator.load import DEFAULT_SCALE
from generator.templating import default_templates_dir, make_env, template_folders, template_problem, \
    template_problems
from generator.views import (ClaimView, DashboardRow, ReportView, checklist_view, correction_entries, newest_first,
                             rating_view, report_view, year_of)

__all__ = ["default_templates_dir"]  # where the README tells a desk to find the shipped templates

T = TypeVar("T")

ASSETS = ("factcheck.css",)
DASHBOARD = layout.DASHBOARD
PAGE_SIZE = layout.PAGE_SIZE
"""Entries per page of the lists that grow with the site (reports, claimants, corrections)."""
HOME_REPORTS = 20
"""Reports on the home page; the rest are on the reports pages."""
STATUS_ORDER = ("draft", "review", "approved", "withdrawn")


@dataclass(frozen=True)
class SiteInfo:
    """Site-wide settings from the builder's config."""

    name: str = "Fact checks"
    site_url: str = ""
    organization: Organization = field(default_factory=Organization)
    release: Mapping[str, Any] | None = None
    """The manifest of the last public release, for the review dashboard's "what changed"."""
    language: str = "en"
    """The site's language: Material's `theme.language` (labels and dates follow it)."""
    policy: tuple[str, ...] = DEFAULT_POLICY
    """The publication policy's rules: the dashboard marks the checklist items they require."""


def asset_text(name: str) -> str:
    return (resources.files("generator") / "assets" / name).read_text("utf-8")


class Renderer:
    """Renders every page of one build."""

    def __init__(self, content: Content, mode: Mode, site_templates: Path | None = None,
                 info: SiteInfo | None = None, memo: Memo | None = None):
        self.mode = mode
        self.review = mode == REVIEW
        self.checked = content.checked
        self.info = info or SiteInfo()
        self.labels, label_problems = load_labels(self.info.language, site_templates)
        selected = select(content.site, mode)
        self.site = dataclasses.replace(selected, scale=scale_in_language(selected.scale, self.labels, DEFAULT_SCALE))
        problems = template_problems(site_templates) + [p for p in label_problems if p.severity == "error"]
        if problems:
            raise ContentError(problems)
        self.env = make_env(site_templates, self.labels, layout.relative)
        self.available = set(self.env.list_templates(extensions=["j2"]))
        """Template names that exist, so per-claim overrides are looked up without touching the disk."""
        self.memo = memo
        self.settings = digest(mode, self.site.scale, self.info.name, self.info.site_url, self.info.organization,
                               self.info.language, _templates_stamp(self.env))
        """What every page depends on besides its report: a change here re-renders everything."""
        self.reports = [self._report_view(r) for r in self.site.reports]

    def _stamp(self, report: Report) -> str:
        problems = [str(p) for c in report.claims for p in self.checked.problems_of(c.id)] if self.review else []
        return digest(report.digest, self.settings, problems)

    def _report_view(self, report: Report) -> ReportView:
        return compute(self.memo, ("view", report.slug), lambda: self._stamp(report),
                       lambda: report_view(report, self.site.scale, self.checked, self.review))

    def head(self, reports: bool = True) -> dict[str, str]:
        """Safe HTML for the <head> of some pages: ClaimReview on claim pages (unless not `reports`), the
        Organization on the home page."""
        head = {layout.HOME: structured.script({"@context": "https://schema.org"}
                                              | structured.organization_ld(self.info.organization, self.info.site_url))}
        heads = [self._job("head", report, functools.partial(self._report_head, report))
                 for report in self.reports] if reports else []
        for part in compute_every(self.memo, heads):  # on two cores
            head |= part
        return head

    def _cached_report_head(self, report: ReportView) -> dict[str, str]:
        return self._cached_part("head", report, lambda: self._report_head(report))

    def _report_head(self, report: ReportView) -> dict[str, str]:
        head = {}
        for view in report.claims:
            data = structured.claim_review(view, report, self.site.scale, self.info.site_url, self.info.organization,
                                           self.info.language)
            if data:
                head[view.path] = structured.script(data)
        return head

    @property
    def desk(self) -> str:
        return self.info.organization.name or self.info.name

    def feeds(self) -> dict[str, str]:
        """The Atom feeds of fact checks and of corrections (none without a site_url)."""
        return feeds.feeds(self.reports, self.info.site_url, self.desk, self.labels)

    def social_head(self, pages: dict[str, str], reports: list[ReportView] | None = None) -> dict[str, str]:
        """OpenGraph and Twitter card tags and feed links, for the generated `pages` (of `reports`, else of any)."""
        return social.page_heads(pages, self.reports if reports is None else reports, self.info.site_url, self.desk,
                                 self.labels)

    def report_jobs(self, report: ReportView) -> list[PageJob]:
        """The pages of one report, not yet rendered: its overview, its annotated article and its claims."""
        return [self.report_page(report), self.article_page(report),
                *(self.claim_page(report, i) for i in range(len(report.claims)))]

    def report_pages(self, report: ReportView) -> dict[str, str]:
        """The pages of one report, rendered: {path: text}."""
        return {job.path: self.render(job) for job in self.report_jobs(report)}

    def _cached_report_pages(self, report: ReportView) -> dict[str, str]:
        return self._cached_part("pages", report, lambda: self.report_pages(report))

    def _deferred_report(self, report: ReportView) -> ReportOutput:
        pages = self._cached_report_pages(report)
        return ReportOutput(pages, _joined(self._cached_report_head(report), self.social_head(pages, [report])))

    def pages(self, deferred: dict[str, Callable[[], ReportOutput]] | None = None) -> dict[str, str]:
        """Every page as {path: text}. Given `deferred`, a report's pages are only their front matter, and
        `deferred[path]` renders that page and the other pages of its report, with their <head> parts."""
        pages: dict[str, str] = {}
        if deferred is None:
            renders = [self._job("pages", report, functools.partial(self.report_pages, report))
                       for report in self.reports]
            for rendered in compute_every(self.memo, renders):  # on two cores
                pages |= rendered
        else:
            for report in self.reports:  # one callable per report, shared by its pages
                render = _template_problems_raised(functools.partial(self._deferred_report, report))
                for job in self.report_jobs(report):
                    pages[job.path] = front_matter(job.title, job.description)
                    deferred[job.path] = render
        newest = newest_first(self.reports)
        pages[layout.HOME] = self.page(["home.md.j2"], layout.HOME, self.info.name, reports=newest[:HOME_REPORTS],
                                      total=len(self.reports))
        title = self.labels.text
        pages |= self.paged("reports.md.j2", layout.REPORTS_INDEX, title("title.reports"), newest,
                            lambda chunk: {"years": _grouped(chunk, year_of)})
        pages[layout.RATINGS_PAGE] = self.page(["ratings.md.j2"], layout.RATINGS_PAGE, title("title.ratings"),
                                        ratings=[rating_view(self.site.scale, r.key) for r in self.site.scale.ratings])
        pages |= self.paged("claimants.md.j2", layout.CLAIMANTS_PAGE, title("title.claimants"), self._claimants(),
                            lambda chunk: {"claimants": _grouped(chunk, lambda pair: pair[0], lambda pair: pair[1])})
        pages |= self.paged("corrections.md.j2", layout.CORRECTIONS_PAGE, title("title.corrections"),
                            correction_entries(self.reports), lambda chunk: {"entries": chunk})
        if self.review:
            pages[DASHBOARD] = self.dashboard_page()
        return pages

    def data_files(self, full_site: Site) -> dict[str, structured.Writer]:
        """Files other than pages, each a writer: the exports, and the release manifest (public) or the review
        marker (review)."""
        plain = PlainCopies()
        files = structured.exports(self.reports, self.site.scale, self.info.site_url, self.info.organization,
                                   self.checked.counter_anchors, self._cached_part, self.info.language, plain)
        if self.review:
            marker = "This is a review copy, not for publication. Publishing tools refuse it.\n"
            return files | {REVIEW_MARKER: structured.text_writer(marker)}
        text = json.dumps(manifest(full_site, self.memo, plain), sort_keys=True, ensure_ascii=False) + "\n"
        return files | {MANIFEST: structured.text_writer(text)}

    def _cached_part(self, kind: str, report: ReportView, work: Callable[[], Any]) -> Any:
        return compute(self.memo, *self._job(kind, report, work))

    def _job(self, kind: str, report: ReportView, work: Callable[[], T]) -> Job[T]:
        """One report's part of kind `kind` as the memo keeps it: its key, its stamp, the work that makes it."""
        return (kind, report.report.slug), functools.partial(self._stamp, report.report), work

    def dashboard_page(self) -> str:
        groups: dict[str, list[DashboardRow]] = {s: [] for s in STATUS_ORDER}
        for report in self.reports:
            for view in report.claims:
                items = verdicts(view.claim, self.site.scale, self.checked, self.info.policy)
                groups[view.claim.status].append(DashboardRow(view, checklist_view(items)))
        changes = diff(self.info.release, manifest(self.site)) if self.info.release else None
        return self.page(["review.md.j2"], DASHBOARD, self.labels.text("title.dashboard"),
                         groups=list(groups.items()), changes=changes, published=tally(self.site.reports, PUBLIC))

    def page(self, names: list[str], path: str, title: str, description: str | None = None, **context: Any) -> str:
        return self.render(PageJob(tuple(names), path, title, description, lambda: context))

    def render(self, job: PageJob) -> str:
        """A page's whole text: its front matter, then its body from the most specific template that exists."""
        template = self.env.get_template(next((n for n in job.names if n in self.available), job.names[-1]))
        body = template.render(page_path=job.path, review=self.review, site=self.info, **job.context())
        return front_matter(job.title, job.description) + body

    def claim_page(self, report: ReportView, index: int) -> PageJob:
        view = report.claims[index]
        previous = report.claims[index - 1] if index > 0 else None
        following = report.claims[index + 1] if index + 1 < len(report.claims) else None
        return PageJob((f"claim-{view.claim.id}.md.j2", "claim.md.j2"), view.path,
                       headline.claim_title(view.claim, view.verdict, self.labels),
                       headline.claim_description(view.claim, view.verdict, self.labels),
                       lambda: {"cv": view, "report": report, "previous": previous, "next": following})

    def report_page(self, report: ReportView) -> PageJob:
        return PageJob((f"report-{report.report.slug}.md.j2", "report.md.j2"), report.path,
                       report.report.article.title, None, lambda: {"report": report})

    def article_page(self, report: ReportView) -> PageJob:
        return PageJob((f"article-{report.report.slug}.md.j2", "article.md.j2"), report.article_path,
                       self.labels.text("title.article", title=report.report.article.title), None,
                       lambda: {"report": report, "article_html": self._article_html(report),
                                "legend": [rv for rv, _ in report.counts]})

    def _article_html(self, report: ReportView) -> str:
        rendered = self.checked.texts.get(report.report.slug)
        return highlight(rendered, self._spans(report)) if rendered else ""

    def _spans(self, report: ReportView) -> list[Span]:
        ref = self.env.get_template("_ref.html.j2")
        spans = []
        for view in report.claims:
            tone = view.rating.tone if view.rating else "none"
            if view.anchor:
                after = ref.render(page_path=report.article_path, cv=view, counter=None)
                spans.append(Span(view.anchor.start, view.anchor.end, f"fc-hl fc-hl--claim fc-tone-{tone}",
                                  layout.passage_id(view.claim.id), after.strip()))
            for i, counter in enumerate(view.claim.counterclaims or ()):
                anchor = self.checked.counter_anchors.get((view.claim.id, i))
                if anchor:
                    after = ref.render(page_path=report.article_path, cv=view, counter=counter)
                    spans.append(Span(anchor.start, anchor.end, "fc-hl fc-hl--counter",
                                      layout.counter_passage_id(view.claim.id, i), after.strip()))
        return spans

    def paged(self, template: str, first: str, title: str, items: list[Any],
              context: Callable[[list[Any]], dict[str, Any]]) -> dict[str, str]:
        """A list page split into pages of PAGE_SIZE items: `first`, then <first>/page-2.md, ... with a pager."""
        chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
        paths = layout.list_pages(first, len(chunks))
        pages = {}
        for i, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
            pager = Pager(i + 1, len(paths), paths[i - 1] if i else None, paths[i + 1] if i + 1 < len(paths) else None)
            shown = title if i == 0 else self.labels.text("title.page_of", title=title, number=i + 1, count=len(paths))
            pages[path] = self.page([template], path, shown, pager=pager, **context(chunk))
        return pages

    def _claimants(self) -> list[tuple[str, ClaimView]]:
        """(claimant, claim) pairs, by claimant name."""
        pairs = [(view.claim.claimant.name, view) for report in self.reports for view in report.claims]
        return sorted(pairs, key=lambda pair: (pair[0].casefold(), pair[0], pair[1].claim.id))


@dataclass(frozen=True)
class PageJob:
    """One page to render: what its front matter says, and the context its template gets (made when rendered)."""

    names: tuple[str, ...]
    """Template names, most specific first (`claim-<id>.md.j2`, `claim.md.j2`)."""
    path: str
    title: str
    description: str | None
    context: Callable[[], dict[str, Any]]


def front_matter(title: str, description: str | None = None) -> str:
    """A generated page's front matter: its (escaped) title and description for MkDocs and the theme."""
    meta = f"description: {json.dumps(html.escape(description))}\n" if description else ""
    return f"---\ntitle: {json.dumps(html.escape(title))}\n{meta}hide: [toc]\n---\n\n"


@dataclass(frozen=True)
class Pager:
    """Where a page of a paged list stands: page `number` of `count`, with the paths of its neighbours."""

    number: int
    count: int
    previous: str | None
    next: str | None


def _grouped(items: list[Any], key: Callable[[Any], str], value: Callable[[Any], Any] = lambda item: item
             ) -> list[tuple[str, list[Any]]]:
    """Consecutive items with the same key, as (key, values) groups, in order."""
    groups: list[tuple[str, list[Any]]] = []
    for item in items:
        if not groups or groups[-1][0] != key(item):
            groups.append((key(item), []))
        groups[-1][1].append(value(item))
    return groups


@dataclass(frozen=True)
class Output:
    files: dict[str, str]
    """Every generated file, as {path: text}: pages (.md), feeds, and (unless `defer`) data files (exports,
    manifest)."""
    head: dict[str, str]
    """Safe HTML to add to the <head> of some pages (structured data), by page path."""
    cards: dict[str, Card] = field(default_factory=dict)
    """Share cards to draw (generator.cards.materialize), by their path in the site."""
    deferred: dict[str, Callable[[], ReportOutput]] = field(default_factory=dict)
    """Pages rendered when they are needed (`render_site(..., defer=True)`): their text in `files` is their
    front matter only, and `head` has nothing for them; `deferred[path]()` renders that page and its report's
    other pages, whole, with their <head> parts. The pages of one report share one callable."""
    data: dict[str, structured.Writer] = field(default_factory=dict)
    """With `defer`, the data files (exports, manifest), each written into a file by the builder rather than
    held in `files` as text (tens of MB on a large site)."""


@dataclass(frozen=True)
class ReportOutput:
    """The pages of one report, rendered when a builder asked for them."""

    pages: dict[str, str]
    """{path: whole text}, front matter included."""
    head: dict[str, str]
    """Safe HTML to add to the <head> of these pages, by page path."""


def _joined(*heads: dict[str, str]) -> dict[str, str]:
    """Several {page path: <head> HTML} maps as one, each page's parts in order."""
    joined: dict[str, str] = {}
    for head in heads:
        for path, extra in head.items():
            joined[path] = f"{joined[path]}\n{extra}" if path in joined else extra
    return joined


def _templates_stamp(env: jinja2.Environment) -> str:
    """Changes when any template file (or the desk's labels) changes."""
    folders = template_folders(env)
    return file_stamp(*[f for folder in folders for f in sorted([*folder.glob("*.j2"), *folder.glob(LABELS_FILE)])])


@contextmanager
def _template_problems() -> Iterator[None]:
    """A mistake in a template (or one that recurses without end) raised as ContentError naming its file and line."""
    try:
        yield
    except (jinja2.TemplateError, RecursionError) as exc:
        raise ContentError([template_problem(exc)]) from None


def _template_problems_raised(render: Callable[[], ReportOutput]) -> Callable[[], ReportOutput]:
    """A deferred rendering that raises ContentError, as render_site does, for a mistake in a template."""
    def rendered() -> ReportOutput:
        with _template_problems():
            return render()
    return rendered


def render_site(content: Content, mode: Mode, site_templates: Path | None = None,
                info: SiteInfo | None = None, memo: Memo | None = None, defer: bool = False) -> Output:
    """Every generated file of the site, and the structured data of its pages.

    With `defer`, the pages of reports are rendered only when asked for (`Output.deferred`), so that a
    builder can let go of each page once written instead of holding every page's text at once.

    A mistake in a template (a typo, an undefined variable, a template that extends itself, a missing one)
    or in the desk's labels raises ContentError naming its file and line.
    """
    with _template_problems():
        renderer = Renderer(content, mode, site_templates, info, memo)
        deferred: dict[str, Callable[[], ReportOutput]] = {}
        pages = renderer.pages(deferred if defer else None)
        rendered = {path: text for path, text in pages.items() if path not in deferred}
        desk_pages = content.inventory.pages if content.inventory else ()
        links = {path: feeds.feed_links(path, renderer.desk, renderer.labels) for path in desk_pages
                 if renderer.info.site_url}  # no site_url, no feeds
        head = _joined(renderer.head(reports=not defer), renderer.social_head(rendered), links)
        data = renderer.data_files(content.site)
        if not defer:
            pages |= {path: structured.text_of(write) for path, write in data.items()}
            data = {}
        return Output(pages | renderer.feeds(), head,
                      social.cards(renderer.reports, renderer.info.name, renderer.desk, renderer.labels), deferred, data)
