"""The whole pipeline, one stage per line: inventory -> load -> check -> lint -> select -> render.

No MkDocs, no click: `run()` returns pages and problems as data. A builder that must print problems
before it renders (the command line) calls the two halves, `check_content()` and `render_pages()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import collector, placeholders, structured
from generator.check import check_site
from generator.inventory import NEVER_OUTPUT, Inventory, take_inventory, withheld_warning
from generator.layout import output_path, taken
from generator.load import load_site
from generator.sanitize import MAX_NESTING, nesting
from generator.yamlsource import read_text
from generator.memo import Memo
from generator.policy import lint as policy_lint
from generator.problems import Problem, sort_problems
from generator.content import Content, Publishing
from generator.render import Output, SiteInfo, render_site
from generator.select import REVIEW, Mode
from generator.templating import templates_folder_problems


@dataclass(frozen=True)
class Result:
    """What one build makes of a content folder."""

    content: Content
    """The checked content, with every problem found (sorted)."""
    output: Output | None
    """The pages and files, or None when a problem blocks the build."""


def run(content_dir: Path, publishing: Publishing, templates: Path | None = None, info: SiteInfo | None = None,
        shown_root: str | None = None, strict: bool = False, memo: Memo | None = None) -> Result:
    """The whole pipeline: the pages of one build, or the problems that stop it."""
    content = check_content(content_dir, shown_root, strict, publishing, memo)
    if blocking(content.problems, publishing.mode):
        return Result(content, None)
    return Result(content, render_pages(content, publishing.mode, templates, info, memo))


def blocking(problems: list[Problem], mode: Mode) -> list[Problem]:
    """The problems that stop a build: every error of a public build. A review build shows a claim's
    problems on its pages instead, so only problems outside claims (a file it cannot read) stop it."""
    return [p for p in problems if p.severity == "error" and (mode != REVIEW or p.claim is None)]


def render_pages(content: Content, mode: Mode, templates: Path | None = None, info: SiteInfo | None = None,
                 memo: Memo | None = None, defer: bool = False) -> Output:
    """select -> render: the pages and files of one build (ContentError for a broken template); with `defer`,
    the pages of reports are rendered when the builder asks for them (`Output.deferred`)."""
    return render_site(content, mode, templates, info, memo, defer)


def check_content(content_dir: Path, shown_root: str | None = None, strict: bool = False,
                  publishing: Publishing | None = None, memo: Memo | None = None) -> Content:
    """inventory -> load -> check -> lint: everything under `content_dir`, with every problem (sorted,
    raised to errors if `strict`); given `publishing`, the site's settings are linted too."""
    with collector.paused():  # what is made here lives on and holds no cycles: nothing for the collector to find
        return _check_content(content_dir, shown_root, strict, publishing, memo)


def _check_content(content_dir: Path, shown_root: str | None, strict: bool, publishing: Publishing | None,
                   memo: Memo | None) -> Content:
    root = shown_root if shown_root is not None else str(content_dir)
    inventory = take_inventory(content_dir, root, publishing.declared if publishing else frozenset())
    site, load_problems = load_site(content_dir, shown_root, memo, inventory)
    checked = check_site(site, memo)
    problems = [*inventory.problems, *load_problems, *checked.problems]
    problems += publication_problems(inventory, root, publishing.shipped if publishing else lambda path: False)
    docs = inventory
    if publishing and publishing.docs_dir and publishing.docs_dir.resolve() != content_dir.resolve():
        docs_shown = os.path.relpath(publishing.docs_dir)
        docs = take_inventory(publishing.docs_dir, docs_shown, publishing.declared)
        problems += [*docs.problems, *publication_problems(docs, docs_shown, publishing.shipped)]
    if publishing:
        problems += structured.lint(site.all_claims(), site.scale, publishing.site_url, publishing.organization,
                                    publishing.mode, publishing.config_path, lambda page: page in inventory.pages)
    if publishing:
        problems += templates_folder_problems(publishing.templates_dir)
        problems += policy_lint(site, checked, publishing.policy, publishing.release)
        if not publishing.example_site:
            problems += [*publishing.placeholders, *placeholders.pages(content_dir, root, publishing.mode)]
    problems = sort_problems(problems)
    checked.problems = [p.strict() for p in problems] if strict else problems
    return Content(site, checked, inventory, docs)


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
